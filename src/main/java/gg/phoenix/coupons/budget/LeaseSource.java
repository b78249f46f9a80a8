package gg.phoenix.coupons.budget;

import io.vertx.core.Future;

/** Where an instance takes a tenant's tokens from: the bucket all instances share. */
public interface LeaseSource {

  /** Up to {@code wanted} tokens of the tenant's bucket; fails when the bucket cannot be reached. */
  Future<Lease> take(String tenantId, int wanted);
}
