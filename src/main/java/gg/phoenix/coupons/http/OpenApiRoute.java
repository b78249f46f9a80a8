package gg.phoenix.coupons.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * {@code GET /openapi.yaml}: the OpenAPI 3 document of every endpoint (src/main/resources/openapi.yaml), without
 * credentials. Mounted before tenant authentication, like the health routes.
 *
 * <p>So that the document can be checked against the routes the server really has, the router's routes are also
 * answered on the local event-bus address {@link #ROUTES_ADDRESS}: read when asked, so routes mounted after this
 * one are included. Nothing leaves the process: it is a local consumer, not an HTTP endpoint.
 */
public final class OpenApiRoute {

  /**
   * Answers {"routes": [{"path", "exact", "regex", "methods": ["GET", ...]}, ...]}, as {@link Route} tells them:
   * {@code path} is the template with {@code :params}, without the trailing {@code *} of a prefix route (then
   * {@code exact} is false), or null for a route without a path; a template with params counts as {@code regex}.
   */
  public static final String ROUTES_ADDRESS = "http.routes";
  static final String PATH = "/openapi.yaml";
  private static final String RESOURCE = "openapi.yaml";

  private OpenApiRoute() {
  }

  static void mount(Vertx vertx, Router router) {
    Buffer document = Buffer.buffer(load());
    router.get(PATH).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .end(document));
    answerRoutes(vertx, router, ROUTES_ADDRESS);
  }

  /** Answers the routes of {@code router} on the local address {@code address}, read when asked. */
  static void answerRoutes(Vertx vertx, Router router, String address) {
    vertx.eventBus().<Object>localConsumer(address, msg -> msg.reply(routes(router)));
  }

  static JsonObject routes(Router router) {
    JsonArray routes = new JsonArray();
    for (Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      JsonArray names = new JsonArray();
      if (methods != null) {
        methods.stream().map(HttpMethod::name).sorted().forEach(names::add);
      }
      routes.add(new JsonObject().put("path", route.getPath()).put("exact", route.isExactPath())
          .put("regex", route.isRegexPath()).put("methods", names));
    }
    return new JsonObject().put("routes", routes);
  }

  private static byte[] load() {
    try (InputStream in = OpenApiRoute.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
