package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.near.LocalCaches;
import gg.phoenix.coupons.redis.near.RedisCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Finds the coupon a player's entry names. Public codes, which a whole player base may type within
 * minutes, are served from Redis once read (their definition, reward item and caps change only through
 * the management API, which deletes the entry before it answers; a lifetime bounds any missed delete).
 * Validation also keeps them in this process ({@link LocalCaches}), which the management API's changes reach
 * through Redis pub/sub; redemption reads Redis, as it talks to Redis anyway.
 * A player's own coupon changes with every use, so it is always read from PostgreSQL.
 */
final class CodeLookup {

  private final CouponStore store;
  private final RedisCache cache;
  private final LocalCaches near;
  private final PublicCodeHints publicCodes;

  CodeLookup(CouponStore store, RedisCache cache, LocalCaches near) {
    this.store = store;
    this.cache = cache;
    this.near = near;
    this.publicCodes = new PublicCodeHints(store, near);
  }

  /** The definition of a public code, as validation shows it; cached like the code itself, here and in Redis. */
  Future<JsonObject> definitionView(CouponRow publicCode) {
    String key = CacheKeys.definitionView(publicCode.tenantId(), publicCode.definitionId().toString());
    if (near.get(key) instanceof JsonObject view) {
      return Future.succeededFuture(view.copy());
    }
    long stamp = near.stamp();
    return cache.get(key).compose(hit -> hit.isPresent()
        ? Future.succeededFuture(new JsonObject(hit.get()))
        : store.findDefinition(publicCode.definitionId()).map(row -> {
          JsonObject view = CouponJson.definition(row);
          cache.put(key, view.encode());
          return view;
        })).onSuccess(view -> near.put(key, view.copy(), stamp));
  }

  /**
   * Like {@link #find}, but a public code may come from this process's copy, and a code known not to be public
   * is read from PostgreSQL without asking Redis first ({@link PublicCodeHints}): for validation.
   */
  Future<Optional<CouponRow>> findNear(String tenantId, String entered) {
    String code = entered.strip();
    String key = CacheKeys.publicCode(tenantId, code);
    if (near.get(key) instanceof CouponRow row) {
      return Future.succeededFuture(Optional.of(row).filter(c -> CouponRules.codeMatches(c, code)));
    }
    long stamp = near.stamp();
    Future<Optional<CouponRow>> found = publicCodes.surelyNotPublic(tenantId, code)
        ? fromStore(tenantId, code, key)
        : find(tenantId, entered);
    return found.onSuccess(row -> row
        .filter(CouponRow::isPublicCode)
        .ifPresent(publicCode -> near.put(key, publicCode, stamp)));
  }

  /** Surrounding blanks ignored; case ignored unless the definition is case-sensitive. */
  Future<Optional<CouponRow>> find(String tenantId, String entered) {
    String code = entered.strip();
    String key = CacheKeys.publicCode(tenantId, code);
    return cache.get(key).compose(hit -> hit.isPresent()
        ? Future.succeededFuture(Optional.of(CouponRow.fromCache(new JsonObject(hit.get())))
            .filter(c -> CouponRules.codeMatches(c, code)))
        : fromStore(tenantId, code, key));
  }

  /** From PostgreSQL, which knows every kind of code; a public code is kept in Redis under {@code key} too. */
  private Future<Optional<CouponRow>> fromStore(String tenantId, String code, String key) {
    return store.findByEnteredCode(tenantId, code).onSuccess(found -> found
        .filter(CouponRow::isPublicCode)
        .ifPresent(row -> cache.put(key, row.toCache().encode())));
  }
}
