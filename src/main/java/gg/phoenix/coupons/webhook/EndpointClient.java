package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.egress.TargetResolver;
import gg.phoenix.coupons.egress.TargetUrl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * POSTs one delivery to its endpoint and answers the status code. The URL's host is resolved and checked once by
 * {@link TargetResolver}; the connection goes to that address while the Host header, the TLS server name and
 * the certificate check use the URL's host. Redirects are not followed. The whole attempt, resolution
 * included, ends within the timeout, and its connection ends with it: an attempt that times out is reset, and
 * the answer's body, which nobody needs, is read and thrown away up to {@link #MAX_BODY_BYTES}, past which the
 * connection is cut and the status decides. Otherwise an endpoint that keeps sending would hold its connection,
 * read on the event loop, for as long as it likes, and every retry would open one more. Answers arrive on the
 * event loop of the verticle that made the client.
 */
final class EndpointClient {

  static final String USER_AGENT = "phoenix-coupons-webhooks";
  /** How much of an answer's body is read (and thrown away) before its connection is cut. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final ContextInternal context;
  private final HttpClientAgent client;
  private final TargetResolver resolver;
  private final long timeoutMs;

  EndpointClient(Vertx vertx, TargetResolver resolver, long timeoutMs, int maxConnectionsPerEndpoint) {
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.resolver = resolver;
    this.timeoutMs = timeoutMs;
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout((int) timeoutMs).setIdleTimeout((int) timeoutMs)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS),
        new PoolOptions().setHttp1MaxSize(maxConnectionsPerEndpoint));
  }

  Future<Integer> post(Delivery delivery) {
    Attempt attempt = new Attempt();
    // starting from the context keeps every step, the timeout's timer included, on this event loop
    return context.succeededFuture().compose(v -> {
      TargetUrl url = TargetUrl.parse(delivery.url());
      return resolver.resolve(url.host())
          .compose(address -> send(delivery, url, SocketAddress.inetSocketAddress(url.port(), address.getHostAddress()), attempt));
    }).timeout(timeoutMs, TimeUnit.MILLISECONDS).onFailure(err -> attempt.cut());
  }

  private Future<Integer> send(Delivery delivery, TargetUrl url, SocketAddress server, Attempt attempt) {
    byte[] body = delivery.payload().encode().getBytes(StandardCharsets.UTF_8);
    long timestamp = System.currentTimeMillis() / 1000;
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setServer(server)
        .setHost(url.hostText())
        .setPort(url.port())
        .setSsl(url.https())
        .setURI(url.requestTarget())
        .setFollowRedirects(false)
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs)
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", USER_AGENT)
        .putHeader(DeliverySignature.HEADER, DeliverySignature.header(delivery.secrets(), timestamp, body))
        .putHeader("X-Tenant-Id", delivery.tenantId())
        .putHeader("X-Event-Id", delivery.eventId().toString())
        .putHeader("X-Event-Type", delivery.eventType())
        .putHeader("X-Delivery-Id", delivery.id().toString())
        .putHeader("X-Delivery-Attempt", String.valueOf(delivery.attempt()));
    return client.request(options)
        .compose(request -> {
          attempt.opened(request);
          return request.send(Buffer.buffer(body));
        })
        .compose(response -> statusOnceRead(response, attempt));
  }

  /** The status, once the body has ended or passed {@link #MAX_BODY_BYTES} (the connection is then cut). */
  private Future<Integer> statusOnceRead(HttpClientResponse response, Attempt attempt) {
    Promise<Integer> read = context.promise();
    int status = response.statusCode();
    long[] bytes = {0};
    response.exceptionHandler(read::tryFail);
    response.handler(chunk -> {
      bytes[0] += chunk.length();
      if (bytes[0] > MAX_BODY_BYTES && read.tryComplete(status)) {
        attempt.cut();
      }
    });
    response.endHandler(v -> read.tryComplete(status));
    return read.future();
  }

  /**
   * The request of one attempt, once there is one. Cutting it resets the request, which closes its HTTP/1.x
   * connection; a request that arrives after its attempt was cut (it waited for a pooled connection past the
   * timeout) is reset at once. Used on the client's event loop only.
   */
  private static final class Attempt {
    private HttpClientRequest request;
    private boolean cut;

    void opened(HttpClientRequest opened) {
      request = opened;
      if (cut) {
        opened.reset();
      }
    }

    void cut() {
      cut = true;
      if (request != null) {
        request.reset();
      }
    }
  }

  /** Requests in flight are cut, not awaited: a close would wait for a hanging endpoint. */
  Future<Void> close() {
    return client.shutdown(0, TimeUnit.SECONDS);
  }
}
