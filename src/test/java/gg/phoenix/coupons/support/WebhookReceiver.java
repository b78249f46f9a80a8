package gg.phoenix.coupons.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP endpoint for webhooks, on a free local port. Each path answers as its test decides: a status
 * per attempt number (1, 2, ...), or never (a hanging endpoint). Every request is recorded.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** A request as it arrived. */
  public record Received(String method, String uri, String path, MultiMap headers, String body, long atMillis) {
  }

  /** The status code answered for the n-th request on a path; {@link #HANG} never answers. */
  public static final int HANG = -1;

  private final List<HttpServerRequest> hanging = new CopyOnWriteArrayList<>();

  private final HttpServer server;
  private final int port;
  private final Map<String, IntUnaryOperator> behaviours = new ConcurrentHashMap<>();
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final Map<String, String> locations = new ConcurrentHashMap<>();

  public WebhookReceiver(Vertx vertx) throws Exception {
    this.server = vertx.createHttpServer().requestHandler(this::handle);
    this.port = server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
  }

  /** The URL of {@code pathAndQuery} on this receiver, answering as {@code statusForAttempt} says. */
  public String url(String pathAndQuery, IntUnaryOperator statusForAttempt) {
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    behaviours.put(path, statusForAttempt);
    return "http://127.0.0.1:" + port + pathAndQuery;
  }

  /** The URL of {@code path} on this receiver, answering 302 with a Location header pointing at {@code location}. */
  public String redirect(String path, String location) {
    locations.put(path, location);
    return url(path, n -> 302);
  }

  public int port() {
    return port;
  }

  /** Every request received on any path. */
  public int total() {
    return received.values().stream().mapToInt(List::size).sum();
  }

  public List<Received> received(String path) {
    return List.copyOf(received.getOrDefault(path, List.of()));
  }

  private void handle(HttpServerRequest request) {
    long at = System.currentTimeMillis();
    request.body().onSuccess(body -> {
      List<Received> list = received.computeIfAbsent(request.path(), p -> new CopyOnWriteArrayList<>());
      list.add(new Received(request.method().name(), request.uri(), request.path(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString(), at));
      int status = behaviours.getOrDefault(request.path(), n -> 404).applyAsInt(list.size());
      if (locations.containsKey(request.path())) {
        request.response().putHeader("Location", locations.get(request.path()));
      }
      if (status != HANG) {
        request.response().setStatusCode(status).end("{}");
      } else {
        hanging.add(request);
      }
    });
  }

  /** Cuts the requests it holds first: a graceful close would wait for them. */
  @Override
  public void close() throws Exception {
    hanging.forEach(request -> request.connection().close());
    server.shutdown(0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }
}
