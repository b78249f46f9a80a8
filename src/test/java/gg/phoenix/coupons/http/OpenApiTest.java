package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * GET /openapi.yaml describes exactly the routes the server has. The routes are the HTTP verticle's own Router's
 * ({@code Router#getRoutes()}, asked on {@link OpenApiRoute#ROUTES_ADDRESS}) and the ops listener's (asked on
 * {@link OpsVerticle#ROUTES_ADDRESS}), on a Vert.x with metrics as the jar runs it and with CORS origins set, so
 * that the conditional routes (/metrics, CORS) are mounted too.
 */
class OpenApiTest {

  /**
   * Routes that take every method: the cross-cutting handlers, not endpoints (request ids, body handler, failure
   * handler and the final 404 have no path; then CORS on /v1/coupons/*, the admin token on /v1/admin/*, tenant
   * authentication on /v1/coupons/:tenant_id/*). Any other route without methods fails the test.
   */
  private static final Set<String> CROSS_CUTTING = Set.of("", "/v1/coupons/*", "/v1/admin/*", "/v1/coupons/:tenant_id/*");
  /** Wildcard routes with methods, and the operations that document them (an OpenAPI path cannot end in *). */
  private static final Map<String, Set<String>> WILDCARDS = Map.of(
      "GET /demo/*", Set.of("GET /demo/", "GET /demo/{file}"));
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** With CORS origins configured, so that the CORS route is mounted too: every route the service can have. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CORS_ORIGINS", "http://play.example.test")).withMetrics();

  @Fixture private static Api api;
  @Fixture private static Vertx vertx;
  private static Api.Response served;
  private static Map<String, Object> document;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readDocument() {
    served = api.get("/openapi.yaml", Api.NONE);
    document = (Map<String, Object>) new Yaml().load(served.body());
  }

  @Test
  @DisplayName("GET /openapi.yaml answers an OpenAPI 3.0 document as application/yaml, without credentials")
  void served() {
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
    assertThat(served.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(document.get("openapi")).isEqualTo("3.0.3");
    assertThat(map(document, "components", "securitySchemes"))
        .containsKeys("tenantJwt", "tenantHmac", "tenantHmacTenantId", "tenantHmacTimestamp", "adminToken");
  }

  @Test
  @DisplayName("Every route of the router is in the document, and every operation of the document is a route")
  void documentMatchesRouter() throws Exception {
    JsonArray routes = routerRoutes();
    Set<String> routed = operations(routes);
    Set<String> documented = documented(document);

    assertThat(new TreeSet<>(difference(routed, documented)))
        .as("routes the server has that openapi.yaml does not describe").isEmpty();
    assertThat(new TreeSet<>(difference(documented, routed)))
        .as("operations openapi.yaml describes that the server has no route for").isEmpty();
    assertThat(routed).contains("GET /metrics", "GET /openapi.yaml", "POST /v1/coupons/{tenant_id}/redeem/{code}");
  }

  @Test
  @DisplayName("Operations served on the ops listener only are documented with its server (port 9090), the public ones without")
  void opsOperationsNameTheirListener() throws Exception {
    Set<String> ops = operations(routesAt(OpsVerticle.ROUTES_ADDRESS));
    Set<String> publicOnes = operations(routesAt(OpenApiRoute.ROUTES_ADDRESS));
    Set<String> opsOnly = new HashSet<>(difference(ops, publicOnes));
    List<String> wrong = new ArrayList<>();
    map(document, "paths").forEach((path, item) -> {
      Object servers = map(item).get("servers");
      boolean documentedOnOps = servers instanceof List<?> list && list.stream()
          .anyMatch(server -> String.valueOf(map(server).get("url")).endsWith(":9090"));
      map(item).keySet().stream().filter(HTTP_METHODS::contains).forEach(method -> {
        String operation = method.toUpperCase() + " " + path;
        if (opsOnly.contains(operation) != documentedOnOps) {
          wrong.add(operation + (documentedOnOps ? " is documented on the ops listener" : " is not documented on the ops listener"));
        }
      });
    });

    assertThat(ops).contains("GET /metrics", "POST /v1/admin/tenants", "GET /health/ready");
    assertThat(publicOnes).doesNotContain("GET /metrics", "POST /v1/admin/tenants").contains("GET /health/ready");
    assertThat(wrong).as("operations whose path item's servers do not say the listener that serves them").isEmpty();
  }

  @Test
  @DisplayName("The comparison catches drift: an undocumented route, a documented operation without a route, a stray catch-all")
  void comparisonCatchesDrift() throws Exception {
    JsonArray routes = routerRoutes();
    Set<String> documented = documented(document);

    JsonArray extra = routes.copy().add(route("/v1/coupons/:tenant_id/undocumented/:thing", "GET"));
    assertThat(difference(operations(extra), documented)).containsExactly("GET /v1/coupons/{tenant_id}/undocumented/{thing}");

    JsonArray fewer = new JsonArray();
    routes.stream().map(JsonObject.class::cast)
        .filter(r -> !"/v1/coupons/:tenant_id/jobs/:id".equals(r.getString("path"))).forEach(fewer::add);
    assertThat(difference(documented, operations(fewer))).containsExactly("GET /v1/coupons/{tenant_id}/jobs/{id}");

    JsonArray catchAll = routes.copy().add(route("/v1/coupons/:tenant_id/anything"));
    assertThat(operations(catchAll)).contains("ANY /v1/coupons/{tenant_id}/anything");
  }

  @Test
  @DisplayName("Every 4xx and 5xx response of every operation is the Error schema, as application/json")
  void errorsUseErrorSchema() {
    List<String> wrong = new ArrayList<>();
    forEachOperation(document, (name, operation) -> map(operation, "responses").forEach((status, response) -> {
      if (status.startsWith("4") || status.startsWith("5")) {
        Map<String, Object> resolved = resolve(response);
        Map<String, Object> content = map(resolved, "content");
        Object schema = content == null || content.get("application/json") == null ? null
            : map(content, "application/json").get("schema");
        if (!isError(schema)) {
          wrong.add(name + " " + status);
        }
      }
    }));
    assertThat(wrong).as("error responses without the Error schema").isEmpty();
  }

  @Test
  @DisplayName("Authenticated operations list 401 and 403 (tenant) or 401 and 404 (admin); every response names X-Request-Id")
  void authErrorsAndRequestIds() {
    List<String> missing = new ArrayList<>();
    forEachOperation(document, (name, operation) -> {
      Map<String, Object> responses = map(operation, "responses");
      String path = name.substring(name.indexOf(' ') + 1);
      Set<String> required = path.startsWith("/v1/coupons/") ? Set.of("401", "403")
          : path.startsWith("/v1/admin/") ? Set.of("401", "404") : Set.of();
      for (String status : required) {
        if (!responses.containsKey(status)) {
          missing.add(name + " has no " + status);
        }
      }
      if (!required.isEmpty() && (operation.get("security") == null || ((List<?>) operation.get("security")).isEmpty())) {
        missing.add(name + " has no security");
      }
      responses.forEach((status, response) -> {
        Map<String, Object> headers = map(resolve(response), "headers");
        if (headers == null || !headers.containsKey("X-Request-Id")) {
          missing.add(name + " " + status + " has no X-Request-Id header");
        }
      });
    });
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("Every $ref of the document points at something it defines")
  void referencesResolve() {
    List<String> dangling = new ArrayList<>();
    collectRefs(document, dangling);
    assertThat(dangling).as("$refs that resolve to nothing").isEmpty();
  }

  // ------------------------------------------------------------------ routes

  /** The public listener's routes and the ops listener's. */
  private static JsonArray routerRoutes() throws Exception {
    return routesAt(OpenApiRoute.ROUTES_ADDRESS).copy().addAll(routesAt(OpsVerticle.ROUTES_ADDRESS));
  }

  private static JsonArray routesAt(String address) throws Exception {
    JsonObject reply = vertx.eventBus().<JsonObject>request(address, null).await(10, TimeUnit.SECONDS).body();
    return reply.getJsonArray("routes");
  }

  /**
   * "METHOD /path/{param}" for every route with methods; prefix routes ("/path/*") as {@link #WILDCARDS}
   * documents them. A route for every method that is not a known cross-cutting handler comes out as "ANY path",
   * which no document operation matches, so it fails the comparison; so does a regex route.
   */
  static Set<String> operations(JsonArray routes) {
    Set<String> operations = new HashSet<>();
    for (Object item : routes) {
      JsonObject route = (JsonObject) item;
      String raw = route.getString("path");
      JsonArray methods = route.getJsonArray("methods");
      String path = raw == null ? "" : raw + (route.getBoolean("exact") ? "" : "*");
      if (raw == null && route.getBoolean("regex")) {
        operations.add("REGEX " + methods);
      } else if (methods.isEmpty()) {
        if (!CROSS_CUTTING.contains(path)) {
          operations.add("ANY " + template(path));
        }
      } else {
        for (Object method : methods) {
          String operation = method + " " + path;
          if (path.endsWith("*")) {
            operations.addAll(WILDCARDS.getOrDefault(operation, Set.of(operation)));
          } else {
            operations.add(method + " " + template(path));
          }
        }
      }
    }
    return operations;
  }

  /** Vert.x's {@code :param} as OpenAPI's {@code {param}}. */
  static String template(String path) {
    return path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  private static JsonObject route(String path, String... methods) {
    return new JsonObject().put("path", path).put("exact", true).put("regex", path.contains(":")).put("methods", new JsonArray(List.of((Object[]) methods)));
  }

  // ------------------------------------------------------------------ document

  static Set<String> documented(Map<String, Object> document) {
    Set<String> operations = new HashSet<>();
    forEachOperation(document, (name, operation) -> operations.add(name));
    return operations;
  }

  private static void forEachOperation(Map<String, Object> document, java.util.function.BiConsumer<String, Map<String, Object>> action) {
    map(document, "paths").forEach((path, item) -> map(item).forEach((key, operation) -> {
      if (HTTP_METHODS.contains(key)) {
        action.accept(key.toUpperCase() + " " + path, map(operation));
      }
    }));
  }

  private static boolean isError(Object schema) {
    if (schema == null) {
      return false;
    }
    Map<String, Object> json = map(schema);
    if ("#/components/schemas/Error".equals(json.get("$ref"))) {
      return true;
    }
    Object allOf = json.get("allOf");
    return allOf instanceof List<?> parts && parts.stream().anyMatch(OpenApiTest::isError);
  }

  /** A response object, or the components' one it refers to. */
  private static Map<String, Object> resolve(Object node) {
    Map<String, Object> json = map(node);
    Object ref = json.get("$ref");
    return ref == null ? json : map(lookup((String) ref));
  }

  private static Object lookup(String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object node = document;
    for (String part : ref.substring(2).split("/")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }

  private static void collectRefs(Object node, List<String> dangling) {
    if (node instanceof Map<?, ?> m) {
      Object ref = m.get("$ref");
      if (ref instanceof String text && lookup(text) == null) {
        dangling.add(text);
      }
      m.values().forEach(value -> collectRefs(value, dangling));
    } else if (node instanceof List<?> list) {
      list.forEach(value -> collectRefs(value, dangling));
    }
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> result = new HashSet<>(a);
    result.removeAll(b);
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      current = current == null ? null : ((Map<String, Object>) current).get(key);
    }
    return (Map<String, Object>) current;
  }
}
