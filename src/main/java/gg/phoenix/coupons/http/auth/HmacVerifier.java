package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.RequestSigning;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies server-to-server requests signed as the guide shows: {@code X-Signature: hmac-sha256=<hex>} of
 * {@code METHOD\nPATH\nTIMESTAMP\nBODY} with the tenant's secret. PATH is the request target as sent, query
 * included; on reads (GET, HEAD) a signature over the bare path is accepted too, as the guide's Python client
 * makes it, but a write must sign its query, or a captured signature would carry any query added to it.
 * Digests are compared in constant time. Writes are accepted once ({@link ReplayGuard}).
 * Answers the verified signature's {@link RequestSigning#id}.
 */
public final class HmacVerifier {

  /** The parts of a signed request that the signature covers. */
  record SignedRequest(String tenantId, String method, String path, String pathAndQuery, String timestamp,
                       String signature, Buffer body) {
  }

  private static final String PREFIX = "hmac-sha256=";

  private final TenantCredentials credentials;
  private final ReplayGuard replays;
  private final long maxSkewSeconds;

  public HmacVerifier(TenantCredentials credentials, ReplayGuard replays, long maxSkewSeconds) {
    this.credentials = credentials;
    this.replays = replays;
    this.maxSkewSeconds = maxSkewSeconds;
  }

  Future<String> verify(SignedRequest req) {
    if (!fresh(req.timestamp())) {
      return Future.failedFuture(AuthErrors.STALE_TIMESTAMP.exception());
    }
    byte[] presented = parseSignature(req.signature());
    if (presented == null) {
      return Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception());
    }
    return credentials.get(req.tenantId()).compose(found -> {
      if (!found.found() || !signedByAny(req, presented, found.secrets())) {
        return Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception());
      }
      if (!found.active()) {
        return Future.failedFuture(AuthErrors.TENANT_DISABLED.exception());
      }
      String signatureId = RequestSigning.id(presented);
      if (isRead(req.method())) {
        // reads change nothing, and the hot path (validate) pays no Redis round trip for them
        return Future.succeededFuture(signatureId);
      }
      return replays.firstUse(req.tenantId(), signatureId, Long.parseLong(req.timestamp())).map(signatureId);
    });
  }

  private static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  private boolean fresh(String timestamp) {
    if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
      return false;
    }
    long now = System.currentTimeMillis() / 1000;
    return Math.abs(now - Long.parseLong(timestamp)) <= maxSkewSeconds;
  }

  private static byte[] parseSignature(String header) {
    if (header == null || !header.startsWith(PREFIX) || header.length() != PREFIX.length() + 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(header.substring(PREFIX.length()).toLowerCase());
    } catch (IllegalArgumentException notHex) {
      return null;
    }
  }

  private static boolean signedByAny(SignedRequest req, byte[] presented, List<String> secrets) {
    byte[] body = req.body() == null ? new byte[0] : req.body().getBytes();
    boolean match = false;
    for (String secret : secrets) {
      // Every candidate is computed and compared, so timing says nothing about which one matched.
      match |= MessageDigest.isEqual(presented, RequestSigning.digest(secret, req.method(), req.pathAndQuery(), req.timestamp(), body));
      if (isRead(req.method()) && !req.pathAndQuery().equals(req.path())) {
        match |= MessageDigest.isEqual(presented, RequestSigning.digest(secret, req.method(), req.path(), req.timestamp(), body));
      }
    }
    return match;
  }
}
