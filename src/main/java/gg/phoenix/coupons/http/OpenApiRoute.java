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
 * The OpenAPI 3 documents, without credentials: {@code GET /openapi.yaml} on the public listener describes the API
 * that studios and players call (src/main/resources/openapi.yaml; clients are generated from it, docs/clients.md),
 * and {@code GET /openapi-admin.yaml} on the ops listener describes that listener (tenant administration, metrics,
 * health). Mounted before authentication, like the health routes.
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
  static final String ADMIN_PATH = "/openapi-admin.yaml";
  private static final String RESOURCE = "openapi.yaml";
  private static final String ADMIN_RESOURCE = "openapi-admin.yaml";

  private OpenApiRoute() {
  }

  /** The public listener's document, and its routes on {@link #ROUTES_ADDRESS}. */
  static void mount(Vertx vertx, Router router) {
    serve(router, PATH, RESOURCE);
    answerRoutes(vertx, router, ROUTES_ADDRESS);
  }

  /** The ops listener's document. */
  static void mountAdmin(Router router) {
    serve(router, ADMIN_PATH, ADMIN_RESOURCE);
  }

  private static void serve(Router router, String path, String resource) {
    Buffer document = Buffer.buffer(load(resource));
    router.get(path).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .end(document));
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

  private static byte[] load(String resource) {
    try (InputStream in = OpenApiRoute.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
