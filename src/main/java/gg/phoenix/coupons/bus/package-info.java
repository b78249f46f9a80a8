/**
 * The event-bus contract between the HTTP side and the verticles that own the rules: every address
 * ({@link gg.phoenix.coupons.bus.Addresses}), the requests sent to them as records with {@code toJson}/{@code fromJson}
 * ({@code ValidateRequest}, {@code RedeemRequest}, ...; their JSON names in {@code Fields}), the headers a reply may
 * carry and a {@link gg.phoenix.coupons.bus.Reply} that names its status, how a consumer answers from a future
 * with an {@code ApiError} failure code ({@link gg.phoenix.coupons.bus.Replies}), and requests kept on the caller's
 * event loop ({@link gg.phoenix.coupons.bus.SameLoop}). No business rule, SQL or HTTP here; it imports only api.
 */
package gg.phoenix.coupons.bus;
