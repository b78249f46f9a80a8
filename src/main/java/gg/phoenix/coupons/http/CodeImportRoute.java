package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.ManagementRequest;
import gg.phoenix.coupons.http.auth.HmacVerifier.StreamedSignature;
import gg.phoenix.coupons.http.auth.TenantAuth;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code POST /v1/coupons/{tenant_id}/definitions/{id}/coupons/import}: a CSV body of up to IMPORT_BODY_LIMIT_BYTES,
 * streamed, never held whole. Mounted before the body handler (whose BODY_LIMIT_BYTES would refuse it). The
 * credentials' headers are checked first; then each line is staged in PostgreSQL as it arrives (the request is paused
 * while a batch of lines is written), while the body is hashed for its signature and its Idempotency-Key fingerprint.
 * Only when the whole body's signature verified is the upload made a job; otherwise, and whenever the request fails
 * or is answered from an earlier one, its staged rows are removed.
 */
final class CodeImportRoute {

  static final String PATH = "/v1/coupons/:tenant_id/definitions/:id/coupons/import";
  /** Lines per staging message: one statement's worth of rows. */
  static final int LINES_PER_STAGE = 5000;
  /** Up to 1,000,000 rows, after a header line. */
  static final int MAX_LINES = 1_000_001;
  /** A row is at most a 64-character code and a 255-character player id, quoted: longer lines are refused rows. */
  static final int MAX_LINE_BYTES = 1024;

  static final ApiError NOT_CSV = new ApiError(415, "unsupported_media_type", "Send the codes as text/csv");
  static final ApiError TOO_LARGE = new ApiError(413, "payload_too_large",
      "The import body is over IMPORT_BODY_LIMIT_BYTES; split the file");
  static final ApiError TOO_MANY_ROWS = new ApiError(413, "too_many_rows", "An import holds at most 1,000,000 rows; split the file");

  private final BusForwarder bus;
  private final TenantAuth auth;
  private final long bodyLimit;

  CodeImportRoute(BusForwarder bus, TenantAuth auth, long bodyLimit) {
    this.bus = bus;
    this.auth = auth;
    this.bodyLimit = bodyLimit;
  }

  void mount(Router router) {
    router.post(PATH).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    // No handler reads the body yet: paused, it waits in the connection until the credentials are checked.
    ctx.request().pause();
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
      refuse(ctx, NOT_CSV.exception());
      return;
    }
    String key;
    try {
      key = IdempotentForwarding.key(ctx);
    } catch (RuntimeException invalid) {
      refuse(ctx, invalid);
      return;
    }
    auth.streamed(ctx)
        .compose(signature -> bus.request(ctx, Addresses.IMPORT_BEGIN,
                new ManagementRequest(signature.tenantId(), null, null).toJson())
            .onSuccess(begun -> new Upload(ctx, signature, begun.body().getString("upload_id"), key).start()))
        .onFailure(err -> refuse(ctx, err));
  }

  /**
   * Answers a request whose body is not read, then closes its connection: draining a body of up to
   * IMPORT_BODY_LIMIT_BYTES only to refuse it would cost both sides for nothing.
   */
  private static void refuse(RoutingContext ctx, Throwable err) {
    ctx.addBodyEndHandler(v -> ctx.request().connection().close());
    ctx.fail(err);
  }

  /** One request's upload: its lines staged in order, its body hashed, then made a job or discarded. */
  private final class Upload {

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final StreamedSignature signature;
    private final String uploadId;
    private final String key;
    private final MessageDigest fingerprint;
    private final CsvLines lines = new CsvLines(MAX_LINE_BYTES);
    private final Promise<Void> ended = Promise.promise();
    private Future<?> staged = Future.succeededFuture();
    private long bytes;
    private boolean failed;

    Upload(RoutingContext ctx, StreamedSignature signature, String uploadId, String key) {
      this.ctx = ctx;
      this.request = ctx.request();
      this.signature = signature;
      this.uploadId = uploadId;
      this.key = key;
      this.fingerprint = IdempotentForwarding.fingerprinting(ctx);
    }

    void start() {
      request.handler(this::chunk);
      request.exceptionHandler(err -> abort(err, false));
      request.endHandler(v -> {
        lines.end();
        stage();
        ended.tryComplete();
      });
      request.resume();
      ended.future()
          .compose(v -> failed ? Future.failedFuture(new IllegalStateException("upload aborted")) : staged)
          .compose(v -> signature.verify())
          .onSuccess(signatureId -> {
            TenantAuth.verified(ctx, signature, signatureId);
            commit().onComplete(done -> discard());
          })
          .onFailure(err -> abort(err, false));
    }

    private void chunk(Buffer data) {
      if (failed) {
        return;
      }
      bytes += data.length();
      if (bytes > bodyLimit) {
        abort(TOO_LARGE.exception(), true);
        return;
      }
      signature.update(data);
      fingerprint.update(data.getBytes());
      lines.feed(data);
      if (lines.rows() > MAX_LINES) {
        abort(TOO_MANY_ROWS.exception(), true);
        return;
      }
      if (lines.pendingCount() >= LINES_PER_STAGE) {
        stage();
      }
    }

    /** Sends the lines cut so far; the body waits while they are written, so that at most a batch or two is held. */
    private void stage() {
      if (lines.pendingCount() == 0) {
        return;
      }
      JsonObject message = new ManagementRequest(signature.tenantId(), uploadId,
          new JsonObject().put("rows", lines.drain())).toJson();
      request.pause();
      staged = staged.compose(v -> bus.request(ctx, Addresses.IMPORT_STAGE, message))
          .onSuccess(v -> {
            if (!failed) {
              request.resume();
            }
          })
          .onFailure(err -> abort(err, true));
    }

    /** The upload becomes a job, under the request's Idempotency-Key when it has one. */
    private Future<?> commit() {
      JsonObject body = new JsonObject().put("upload_id", uploadId).put("label", ctx.queryParams().get("label"));
      JsonObject commit = new ManagementRequest(signature.tenantId(), ctx.pathParam("id"), body).toJson();
      if (key != null) {
        return IdempotentForwarding.forward(bus, ctx, Addresses.IMPORT_COMMIT, commit, 202, key,
            HexFormat.of().formatHex(fingerprint.digest()));
      }
      return bus.request(ctx, Addresses.IMPORT_COMMIT, commit)
          .onSuccess(reply -> BusForwarder.respond(ctx, reply, 202))
          .onFailure(ctx::fail);
    }

    private void abort(Throwable err, boolean bodyUnread) {
      if (failed) {
        return;
      }
      failed = true;
      ended.tryComplete();
      if (bodyUnread) {
        refuse(ctx, err);
      } else {
        ctx.fail(err);
      }
      staged.onComplete(v -> discard());
    }

    /** Removes the staged rows unless the upload became a job. */
    private void discard() {
      bus.request(ctx, Addresses.IMPORT_DISCARD, new ManagementRequest(signature.tenantId(), uploadId, null).toJson());
    }
  }
}
