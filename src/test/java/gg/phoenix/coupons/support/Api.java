package gg.phoenix.coupons.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the service, with the guide's two ways to authenticate. */
public final class Api {

  /** An answer: status, body as text, and as JSON when it is JSON. */
  public record Response(int status, String body, HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** Adds credentials to a request, given what the signature covers. */
  public interface Auth {
    void apply(HttpRequest.Builder request, String method, String pathAndQuery, String body);
  }

  public static final Auth NONE = (request, method, path, body) -> { };

  private final String base;
  private final Api ops;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  Api(String base, Api ops) {
    this.base = base;
    this.ops = ops;
  }

  /** A client for a service started some other way (a process, the load balancer of docker/topology.sh). */
  public static Api at(String base) {
    return new Api(base, null);
  }

  /** A client for a service's public listener and its ops listener (metrics, admin API). */
  public static Api at(String base, String opsBase) {
    return new Api(base, at(opsBase));
  }

  public String base() {
    return base;
  }

  /** The port this client's listener is on, for clients that open their own sockets ({@link RawHttp}). */
  public int port() {
    return URI.create(base).getPort();
  }

  /** The same service's ops listener (OPS_PORT): /metrics, /v1/admin/*, /health/*. */
  public Api ops() {
    if (ops == null) {
      throw new IllegalStateException("No ops listener known for " + base);
    }
    return ops;
  }

  public Response get(String path, Auth auth) {
    return send("GET", path, null, auth, List.of());
  }

  public Response post(String path, String body, Auth auth) {
    return send("POST", path, body, auth, List.of());
  }

  public Response post(String path, JsonObject body, Auth auth) {
    return post(path, body.encode(), auth);
  }

  /** Sends with extra headers given as name, value, name, value... */
  public Response send(String method, String path, String body, Auth auth, List<String> headers) {
    return sendAsync(method, path, body, auth, headers).join();
  }

  public CompletableFuture<Response> sendAsync(String method, String path, String body, Auth auth, List<String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      request.header(headers.get(i), headers.get(i + 1));
    }
    auth.apply(request, method, path, body == null ? "" : body);
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Response(r.statusCode(), r.body(), r.headers()));
  }
}
