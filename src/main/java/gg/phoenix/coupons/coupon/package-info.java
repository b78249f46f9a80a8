/**
 * Coupons: reading, validating, redeeming and rolling back, with {@link gg.phoenix.coupons.coupon.CouponVerticle}
 * answering the HTTP side over the event bus. Owns the coupon rules, their SQL, the Lua guard's calls and the
 * lookup lockouts. Knows nothing of HTTP beyond the status an {@code ApiError} carries; definitions, codes and
 * tenants are management's.
 *
 * <h2>Validate ({@code Addresses.VALIDATE})</h2>
 * <ol>
 *   <li>{@code CouponVerticle.validate}: {@code LookupThrottle.check} answers 429 to a guesser ({@code Guessers})
 *   locked out for trying too many unknown codes.
 *   <li>{@code Validator.validate}: {@code CodeLookup.findNear} finds the code (a public code from this process's
 *   copy or Redis, anything else from PostgreSQL, {@code CouponStore.findByEnteredCode}, which sends the lookups
 *   waiting on the verticle as one statement, {@code CouponSql.FIND_BY_CODES}; a code that {@code PublicCodeHints}
 *   knows is not public goes there without asking Redis); {@code UsageGuard.totalUses}
 *   gives the definition's current count for the total cap; {@code CouponRules.check} runs every {@code Rule}; for
 *   a public code, the player's claim must not be spent ({@code CouponStore.findClaim}).
 *   <li>The answer is always 200 ({@code "valid"} true or false, {@code Rejection.validateMessage}); an unknown code
 *   is counted against the guesser ({@code LookupThrottle.recordMiss}).
 * </ol>
 *
 * <h2>Redeem ({@code Addresses.REDEEM})</h2>
 * <ol>
 *   <li>{@code CouponVerticle.redeem}: {@code LookupThrottle.check}, as for validate.
 *   <li>{@code Redeemer.redeem} chooses one of three routes:
 *   <ul>
 *     <li>{@code Redeemer.inBatch} (no Idempotency-Key, a code not known to be public): {@code OwnCodeBatches}
 *     queues the code with others' and {@code CouponStore.consumeOwnCouponsByCode} sends them as one statement,
 *     {@code CouponSql.CONSUME_OWN_COUPONS_BY_CODE}, which finds each code, checks every {@code Rule} and uses an
 *     own coupon without a total cap. A code it did not use comes back as read, for the guarded route; a public
 *     one is remembered in {@code KnownPublicCodes}.
 *     <li>{@code Redeemer.guarded} (public codes, capped definitions, and whatever the batch did not use):
 *     {@code CouponRules.check} on the snapshot; {@code UsageGuard.reserve} holds the use against the caps in Redis
 *     ({@code reserve_use.lua}, its results named by {@code UsageGuard.ReserveResult}); {@code CouponStore.consume}
 *     runs {@code CouponSql.CONSUME_USE}, making a public code's claim first in the same transaction
 *     ({@code CLAIM_PUBLIC_CODE}); then {@code UsageGuard.confirm} or {@code release}. When CONSUME_USE refused,
 *     the coupon is read again to say why.
 *     <li>{@code Redeemer.underIdempotencyKey} (the request carries a claimed Idempotency-Key): {@code CodeLookup.find},
 *     then the guarded route, with the answer stored under the key in the transaction that consumes the use.
 *   </ul>
 *   <li>A refusal fails the reply with {@code Rejection.redeemError}; an unknown code is counted against the guesser.
 * </ol>
 * Every use writes its {@code coupon.redeemed} event to the outbox in the statement that consumes it.
 * {@code Rollbacks} gives a use back ({@code CouponSql.ROLLBACK_REDEMPTION}, then {@code UsageGuard.giveBack}).
 *
 * <h2>Glossary</h2>
 * <dl>
 *   <dt>own coupon<dd>A code of kind {@code coupon}: one row, issued to one player or unassigned (the first
 *   redeemer takes it), with its own per-coupon cap ({@code max_uses}).
 *   <dt>public code<dd>A code of kind {@code public} that every player of the tenant may type; its row is never
 *   used itself, each player's uses are counted on their claim. Cached in Redis and in this process.
 *   <dt>claim<dd>A player's share of a public code, a row of kind {@code claim} made on first use
 *   ({@code CouponSql.CLAIM_PUBLIC_CODE}) with the definition's per-player cap.
 *   <dt>rule<dd>A check a coupon must pass to be used ({@code Rule}): held in Java on a snapshot, and in SQL by the
 *   statements that consume a use. Among them a definition's eligibility rules ({@code Rule.ELIGIBLE}) and a
 *   revoked batch ({@code Rule.BATCH_NOT_REVOKED}).
 *   <dt>context<dd>What a request says of its player for the eligibility rules ({@code api.PlayerContext}): the
 *   redeeming statements take it as a parameter and read the definition's rules themselves.
 *   <dt>guard<dd>{@code UsageGuard}: Redis counters of the uses of a definition (total cap) and of a coupon or claim
 *   (per-player cap), which refuse attempts over a cap before PostgreSQL is asked. PostgreSQL still has the last
 *   word; without Redis the guard stands aside.
 *   <dt>lease<dd>A use the guard holds while PostgreSQL decides: a reservation id in a sorted set beside the
 *   counter, scored by its expiry, so that a crashed process never holds a use for long. Confirmed, it becomes a
 *   counted use; released, it is dropped.
 *   <dt>batch<dd>Own-coupon redemptions, or code lookups, that arrived together, sent as one statement
 *   ({@code StatementBatches}: {@code OwnCodeBatches}, {@code CouponStore.findByEnteredCode}).
 *   <dt>snapshot<dd>The coupon as read before its use (from PostgreSQL, or a public code's cached row); the rules
 *   a statement does not hold again are decided on it ({@code Rule.Recheck}).
 * </dl>
 */
package gg.phoenix.coupons.coupon;
