package gg.phoenix.coupons.budget;

/** Tokens handed over by the shared bucket, and when it will have a whole token again if it had too few. */
public record Lease(int granted, long waitMillis) {
}
