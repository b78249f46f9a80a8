package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.RequestSigning;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;

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
    return presented(req).compose(presented -> credentials.get(req.tenantId()).compose(found -> {
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
    }));
  }

  /** The presented signature's bytes, when the timestamp is fresh and the header well formed. */
  private Future<byte[]> presented(SignedRequest req) {
    if (!fresh(req.timestamp())) {
      return Future.failedFuture(AuthErrors.STALE_TIMESTAMP.exception());
    }
    byte[] presented = parseSignature(req.signature());
    return presented == null ? Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception()) : Future.succeededFuture(presented);
  }

  /**
   * Starts verifying a write whose body streams in (a code import): checks the timestamp, the signature's form and
   * the tenant before the body, then hashes the body as it arrives ({@link StreamedSignature}). Nothing of the body
   * may be acted on before {@link StreamedSignature#verify} succeeded.
   */
  Future<StreamedSignature> begin(SignedRequest req) {
    return presented(req).compose(presented -> credentials.get(req.tenantId()).compose(found -> found.found()
        ? Future.succeededFuture(new StreamedSignature(req, presented, found, replays))
        : Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception())));
  }

  private static boolean isRead(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  /** A streamed body's signature, computed under every secret of the tenant as the body arrives. */
  public static final class StreamedSignature {

    private final SignedRequest req;
    private final byte[] presented;
    private final TenantCredentials.Credentials found;
    private final ReplayGuard replays;
    private final List<Mac> macs;

    private StreamedSignature(SignedRequest req, byte[] presented, TenantCredentials.Credentials found, ReplayGuard replays) {
      this.req = req;
      this.presented = presented;
      this.found = found;
      this.replays = replays;
      this.macs = found.secrets().stream()
          .map(secret -> RequestSigning.start(secret, req.method(), req.pathAndQuery(), req.timestamp())).toList();
    }

    public String tenantId() {
      return req.tenantId();
    }

    public void update(Buffer chunk) {
      byte[] bytes = chunk.getBytes();
      macs.forEach(mac -> mac.update(bytes));
    }

    /**
     * Once the whole body was fed: succeeds with the signature's id when a secret of the tenant signed it, the tenant
     * is active, and the signature is used for the first time ({@link ReplayGuard}).
     */
    public Future<String> verify() {
      boolean match = false;
      for (Mac mac : macs) {
        match |= MessageDigest.isEqual(presented, mac.doFinal());
      }
      if (!match) {
        return Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception());
      }
      if (!found.active()) {
        return Future.failedFuture(AuthErrors.TENANT_DISABLED.exception());
      }
      String signatureId = RequestSigning.id(presented);
      return replays.firstUse(req.tenantId(), signatureId, Long.parseLong(req.timestamp())).map(signatureId);
    }
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
