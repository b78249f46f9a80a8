/**
 * Idempotency-Keys: claimed for a first request, completed with its answer (without secrets) and replayed to repeats,
 * each key in its caller's scope ({@link gg.phoenix.coupons.idempotency.IdempotencyKey}). It stores answers and
 * knows no route or business rule; the HTTP side decides which requests carry a key.
 */
package gg.phoenix.coupons.idempotency;
