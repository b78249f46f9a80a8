package gg.phoenix.coupons.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * Cross-origin access to the query endpoints for the guide's browser flow: only the configured origins
 * (CORS_ORIGINS), the methods the endpoints use, and the headers a tenant JWT request sends.
 */
final class Cors {

  static final int MAX_AGE_SECONDS = 600;

  private Cors() {
  }

  static CorsHandler handler(List<String> origins) {
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
        .allowedHeaders(Set.of("Authorization", "Content-Type", RequestIds.HEADER, IdempotentForwarding.HEADER))
        .exposedHeaders(Set.of(RequestIds.HEADER, "Retry-After", "Idempotent-Replayed"))
        .maxAgeSeconds(MAX_AGE_SECONDS);
  }
}
