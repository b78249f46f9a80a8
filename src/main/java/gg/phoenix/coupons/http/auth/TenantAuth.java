package gg.phoenix.coupons.http.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Authenticates every request under /v1/coupons/{tenant_id}: a tenant JWT when an Authorization header
 * is sent, an HMAC signature otherwise. The proven tenant must be the path's. Puts the {@link Caller}
 * into the routing context for the handlers.
 */
public final class TenantAuth implements Handler<RoutingContext> {

  private static final String BEARER = "Bearer ";

  private final JwtVerifier jwt;
  private final HmacVerifier hmac;

  public TenantAuth(JwtVerifier jwt, HmacVerifier hmac) {
    this.jwt = jwt;
    this.hmac = hmac;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String pathTenant = ctx.pathParam("tenant_id");
    authenticate(ctx).onComplete(done -> {
      if (done.failed()) {
        ctx.fail(done.cause());
      } else if (!done.result().tenantId().equals(pathTenant)) {
        ctx.fail(AuthErrors.WRONG_TENANT.exception());
      } else {
        ctx.put(Caller.CONTEXT_KEY, done.result());
        ctx.next();
      }
    });
  }

  /**
   * For a route whose body streams in (a code import): checks the credentials' headers and the tenant, and answers
   * the signature to feed the body to; the caller is put into the routing context only once it verified
   * ({@link #verified}). Management routes take signed server requests only: a JWT gets 403 (401 when invalid).
   */
  public Future<HmacVerifier.StreamedSignature> streamed(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    MultiMap headers = request.headers();
    try {
      String authorization = single(headers, HttpHeaders.AUTHORIZATION.toString());
      if (authorization != null) {
        return authenticate(ctx).compose(caller -> {
          caller.requireServer();
          return Future.failedFuture(AuthErrors.SERVER_ONLY.exception());
        });
      }
      String tenantId = single(headers, "X-Tenant-Id");
      String signature = single(headers, "X-Signature");
      if (tenantId == null || signature == null) {
        return Future.failedFuture(AuthErrors.MISSING.exception());
      }
      if (!tenantId.equals(ctx.pathParam("tenant_id"))) {
        return Future.failedFuture(AuthErrors.WRONG_TENANT.exception());
      }
      return hmac.begin(new HmacVerifier.SignedRequest(tenantId, request.method().name(), request.path(), request.uri(),
          single(headers, "X-Timestamp"), signature, null));
    } catch (DuplicateHeader e) {
      return Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception());
    }
  }

  /** Puts the caller of a streamed request whose signature verified (with its id) into the routing context. */
  public static void verified(RoutingContext ctx, HmacVerifier.StreamedSignature signature, String signatureId) {
    ctx.put(Caller.CONTEXT_KEY, new Caller(signature.tenantId(), Caller.Method.HMAC, null, signatureId));
  }

  private Future<Caller> authenticate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    MultiMap headers = request.headers();
    try {
      String authorization = single(headers, HttpHeaders.AUTHORIZATION.toString());
      if (authorization != null) {
        if (!authorization.startsWith(BEARER)) {
          return Future.failedFuture(AuthErrors.BAD_TOKEN.exception());
        }
        return jwt.verify(authorization.substring(BEARER.length()).strip())
            .map(claims -> new Caller(claims.tenantId(), Caller.Method.JWT, claims.playerId(), null, null, claims.context()));
      }
      String tenantId = single(headers, "X-Tenant-Id");
      String signature = single(headers, "X-Signature");
      if (tenantId == null || signature == null) {
        return Future.failedFuture(AuthErrors.MISSING.exception());
      }
      HmacVerifier.SignedRequest signed = new HmacVerifier.SignedRequest(tenantId, request.method().name(),
          request.path(), request.uri(), single(headers, "X-Timestamp"), signature, ctx.body().buffer());
      return hmac.verify(signed).map(signatureId -> new Caller(tenantId, Caller.Method.HMAC, null, signatureId));
    } catch (DuplicateHeader e) {
      return Future.failedFuture(AuthErrors.BAD_SIGNATURE.exception());
    }
  }

  /** A header that must appear at most once: a repeated credential is refused, never guessed at. */
  private static String single(MultiMap headers, String name) {
    List<String> values = headers.getAll(name);
    if (values.size() > 1) {
      throw new DuplicateHeader();
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static final class DuplicateHeader extends RuntimeException {
    DuplicateHeader() {
      super("duplicate credential header", null, false, false);
    }
  }
}
