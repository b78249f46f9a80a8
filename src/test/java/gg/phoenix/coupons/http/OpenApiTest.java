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
 * GET /openapi.yaml describes exactly the API routes of the public listener, and GET /openapi-admin.yaml on the ops
 * listener exactly that listener's routes. The routes are the HTTP verticle's own Router's
 * ({@code Router#getRoutes()}, asked on {@link OpenApiRoute#ROUTES_ADDRESS}) and the ops listener's (asked on
 * {@link OpsVerticle#ROUTES_ADDRESS}), on a Vert.x with metrics as the jar runs it and with CORS origins set, so
 * that the conditional routes (/metrics, CORS) are mounted too. Both documents are written so that generated
 * clients work unmodified (docs/clients.md): named schemas, no X-Request-Id parameter, UUID ids typed as such.
 */
class OpenApiTest {

  /**
   * Routes that take every method: the cross-cutting handlers, not endpoints (request ids, body handler, failure
   * handler and the final 404 have no path; then CORS on /v1/coupons/*, the admin token on /v1/admin/*, tenant
   * authentication on /v1/coupons/:tenant_id/*). Any other route without methods fails the test.
   */
  private static final Set<String> CROSS_CUTTING = Set.of("", "/v1/coupons/*", "/v1/admin/*", "/v1/coupons/:tenant_id/*");
  /**
   * The studio console (its pages and the session API they call, docs/console.md) and the API reference's pages:
   * browser applications on the public listener, not API for generated clients.
   */
  private static final List<String> BROWSER_PREFIXES = List.of("/console", "/docs");
  /** Wildcard routes with methods, and the operations that document them (an OpenAPI path cannot end in *). */
  private static final Map<String, Set<String>> WILDCARDS = Map.of(
      "GET /demo/*", Set.of("GET /demo/", "GET /demo/{file}"));
  /**
   * Public routes that are not the API, so not in the public document (generated clients would get methods for
   * them): the health checks (documented in the ops listener's document, which answers them too), the document
   * itself and the browser demo.
   */
  private static final Set<String> NOT_API = Set.of("GET /health/live", "GET /health/ready", "GET /openapi.yaml",
      "GET /demo", "GET /demo/", "GET /demo/{file}");
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** With CORS origins configured, so that the CORS route is mounted too: every route the service can have. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CORS_ORIGINS", "http://play.example.test")).withMetrics();

  @Fixture private static Api api;
  @Fixture private static Vertx vertx;
  private static Api.Response served;
  private static Api.Response servedAdmin;
  private static Map<String, Object> document;
  private static Map<String, Object> adminDocument;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readDocument() {
    served = api.get("/openapi.yaml", Api.NONE);
    document = (Map<String, Object>) new Yaml().load(served.body());
    servedAdmin = api.ops().get("/openapi-admin.yaml", Api.NONE);
    adminDocument = (Map<String, Object>) new Yaml().load(servedAdmin.body());
  }

  @Test
  @DisplayName("GET /openapi.yaml answers an OpenAPI 3.0 document as application/yaml, without credentials, with the tenant schemes only")
  void served() {
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
    assertThat(served.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(document.get("openapi")).isEqualTo("3.0.3");
    // one bearer scheme: a generated client's setBearerToken sets the tenant JWT, never another scheme's token
    assertThat(map(document, "components", "securitySchemes")).containsOnlyKeys("tenantJwt", "tenantHmac");
  }

  @Test
  @DisplayName("GET /openapi-admin.yaml answers the ops listener's document there, with the admin token scheme, and 404 on the public port")
  void adminDocumentOnTheOpsListener() {
    assertThat(servedAdmin.status()).isEqualTo(200);
    assertThat(servedAdmin.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
    assertThat(adminDocument.get("openapi")).isEqualTo("3.0.3");
    assertThat(map(adminDocument, "components", "securitySchemes")).containsOnlyKeys("adminToken");
    assertThat(((List<?>) adminDocument.get("servers")).stream().map(server -> map(server).get("url")))
        .containsExactly("http://127.0.0.1:9090");
    assertThat(api.get("/openapi-admin.yaml", Api.NONE).status()).isEqualTo(404);
    assertThat(api.ops().get("/openapi.yaml", Api.NONE).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("Every API route of the public listener is in openapi.yaml, and every operation of it is a route")
  void documentMatchesRouter() throws Exception {
    JsonArray routes = routesAt(OpenApiRoute.ROUTES_ADDRESS);
    assertThat(routes.stream().map(r -> ((JsonObject) r).getString("path")))
        .contains("/console/api/sign-in", "/console/api/definitions", "/docs/");
    Set<String> routed = operations(routes);
    Set<String> documented = documented(document);

    assertThat(new TreeSet<>(difference(difference(routed, documented), NOT_API)))
        .as("routes the public listener has that openapi.yaml does not describe").isEmpty();
    assertThat(new TreeSet<>(difference(documented, routed)))
        .as("operations openapi.yaml describes that the public listener has no route for").isEmpty();
    assertThat(routed).containsAll(NOT_API).contains("POST /v1/coupons/{tenant_id}/redeem/{code}");
    assertThat(documented).doesNotContainAnyElementsOf(NOT_API);
  }

  @Test
  @DisplayName("Every route of the ops listener is in openapi-admin.yaml, and every operation of it is a route there")
  void adminDocumentMatchesOpsRouter() throws Exception {
    Set<String> routed = operations(routesAt(OpsVerticle.ROUTES_ADDRESS));
    Set<String> documented = documented(adminDocument);

    assertThat(new TreeSet<>(difference(routed, documented)))
        .as("routes the ops listener has that openapi-admin.yaml does not describe").isEmpty();
    assertThat(new TreeSet<>(difference(documented, routed)))
        .as("operations openapi-admin.yaml describes that the ops listener has no route for").isEmpty();
    assertThat(routed).contains("GET /metrics", "POST /v1/admin/tenants", "GET /health/ready", "GET /openapi-admin.yaml");
  }

  @Test
  @DisplayName("No operation takes X-Request-Id as a parameter (generated clients made it a positional argument); every response names it as a header")
  void requestIdIsNoParameter() {
    List<String> wrong = new ArrayList<>();
    for (Map<String, Object> doc : List.of(document, adminDocument)) {
      forEachParameter(doc, (name, parameter) -> {
        if ("X-Request-Id".equalsIgnoreCase(String.valueOf(parameter.get("name")))) {
          wrong.add(name);
        }
      });
    }
    assertThat(wrong).as("operations with an X-Request-Id parameter").isEmpty();
  }

  @Test
  @DisplayName("Path parameters that are ids of rows (coupon, definition, job, webhook, redemption) are format uuid, as the same ids in answers")
  void idParametersAreUuids() {
    List<String> wrong = new ArrayList<>();
    forEachParameter(document, (name, parameter) -> {
      String param = String.valueOf(parameter.get("name"));
      boolean rowId = "path".equals(parameter.get("in")) && (param.equals("id") || param.endsWith("_id"))
          && !param.equals("tenant_id") && !param.equals("user_id");
      if (rowId && !"uuid".equals(map(parameter, "schema").get("format"))) {
        wrong.add(name + " " + param);
      }
    });
    assertThat(wrong).as("id path parameters without format uuid").isEmpty();
  }

  @Test
  @DisplayName("Every request and response body is a named schema, so generated clients get named types (no inline objects)")
  void bodiesAreNamedSchemas() {
    List<String> inline = new ArrayList<>();
    for (Map<String, Object> doc : List.of(document, adminDocument)) {
      forEachOperation(doc, (name, operation) -> {
        Map<String, Object> body = map(operation, "requestBody");
        if (body != null) {
          checkNamed(doc, name + " request", map(body, "content"), inline);
        }
        map(operation, "responses").forEach((status, response) ->
            checkNamed(doc, name + " " + status, map(resolve(doc, response), "content"), inline));
      });
    }
    assertThat(inline).as("bodies whose JSON schema is inline").isEmpty();
  }

  @Test
  @DisplayName("Every POST takes an Idempotency-Key and its 2xx answers name Idempotent-Replayed, as every POST is forwarded idempotently")
  void postsAreIdempotent() {
    List<String> wrong = new ArrayList<>();
    for (Map<String, Object> doc : List.of(document, adminDocument)) {
      forEachOperation(doc, (name, operation) -> {
        if (!name.startsWith("POST ")) {
          return;
        }
        List<Object> parameters = parameters(operation.get("parameters"));
        if (parameters.stream().noneMatch(p -> "Idempotency-Key".equals(resolve(doc, p).get("name")))) {
          wrong.add(name + " takes no Idempotency-Key");
        }
        map(operation, "responses").forEach((status, response) -> {
          Map<String, Object> headers = map(resolve(doc, response), "headers");
          if (status.startsWith("2") && (headers == null || !headers.containsKey("Idempotent-Replayed"))) {
            wrong.add(name + " " + status + " does not name Idempotent-Replayed");
          }
        });
      });
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  @DisplayName("No key of either document has a null value: an unquoted comma in a {flow: mapping} splits its text into a stray key, which generators refuse")
  void noStrayKeys() {
    List<String> stray = new ArrayList<>();
    findNullValues(document, "", stray);
    findNullValues(adminDocument, "", stray);
    assertThat(stray).isEmpty();
  }

  @Test
  @DisplayName("No schema is nullable without a type (Redocly counts that as an error)")
  void nullableHasAType() {
    List<String> wrong = new ArrayList<>();
    findNullableWithoutType(document, "", wrong);
    findNullableWithoutType(adminDocument, "", wrong);
    assertThat(wrong).isEmpty();
  }

  @Test
  @DisplayName("The comparison catches drift: an undocumented route, a documented operation without a route, a stray catch-all")
  void comparisonCatchesDrift() throws Exception {
    JsonArray routes = routesAt(OpenApiRoute.ROUTES_ADDRESS);
    Set<String> documented = documented(document);

    JsonArray extra = routes.copy().add(route("/v1/coupons/:tenant_id/undocumented/:thing", "GET"));
    assertThat(difference(difference(operations(extra), documented), NOT_API)).containsExactly("GET /v1/coupons/{tenant_id}/undocumented/{thing}");

    JsonArray fewer = new JsonArray();
    routes.stream().map(JsonObject.class::cast)
        .filter(r -> !"/v1/coupons/:tenant_id/jobs/:id".equals(r.getString("path"))).forEach(fewer::add);
    assertThat(difference(documented, operations(fewer))).containsExactly("GET /v1/coupons/{tenant_id}/jobs/{id}");

    JsonArray catchAll = routes.copy().add(route("/v1/coupons/:tenant_id/anything"));
    assertThat(operations(catchAll)).contains("ANY /v1/coupons/{tenant_id}/anything");
  }

  @Test
  @DisplayName("Every 4xx and 5xx response of every operation is the ErrorBody schema, as application/json")
  void errorsUseErrorSchema() {
    List<String> wrong = new ArrayList<>();
    for (Map<String, Object> doc : List.of(document, adminDocument)) {
      forEachOperation(doc, (name, operation) -> map(operation, "responses").forEach((status, response) -> {
        if (status.startsWith("4") || status.startsWith("5")) {
          Map<String, Object> resolved = resolve(doc, response);
          Map<String, Object> content = map(resolved, "content");
          Object schema = content == null || content.get("application/json") == null ? null
              : map(content, "application/json").get("schema");
          if (!isError(doc, schema)) {
            wrong.add(name + " " + status);
          }
        }
      }));
    }
    assertThat(wrong).as("error responses without the ErrorBody schema").isEmpty();
  }

  @Test
  @DisplayName("Authenticated operations list 401 and 403 (tenant) or 401 and 404 (admin); every response names X-Request-Id")
  void authErrorsAndRequestIds() {
    List<String> missing = new ArrayList<>();
    List.of(document, adminDocument).forEach(doc -> forEachOperation(doc, (name, operation) -> {
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
        Map<String, Object> headers = map(resolve(doc, response), "headers");
        if (headers == null || !headers.containsKey("X-Request-Id")) {
          missing.add(name + " " + status + " has no X-Request-Id header");
        }
      });
    }));
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("Every operation under /v1/coupons/{tenant_id}/ lists 429 with Retry-After: each authenticated request spends the tenant's request budget")
  void tenantOperationsListRateLimited() {
    List<String> missing = new ArrayList<>();
    forEachOperation(document, (name, operation) -> {
      if (!name.contains(" /v1/coupons/{tenant_id}/")) {
        return;
      }
      Object tooMany = map(operation, "responses").get("429");
      Map<String, Object> headers = tooMany == null ? null : map(resolve(document, tooMany), "headers");
      if (headers == null || !headers.containsKey("Retry-After")) {
        missing.add(name);
      }
    });
    assertThat(missing).as("operations without a 429 answer that carries Retry-After").isEmpty();
  }

  @Test
  @DisplayName("Every $ref of the document points at something it defines")
  void referencesResolve() {
    List<String> dangling = new ArrayList<>();
    collectRefs(document, document, dangling);
    collectRefs(adminDocument, adminDocument, dangling);
    assertThat(dangling).as("$refs that resolve to nothing").isEmpty();
  }

  // ------------------------------------------------------------------ routes

  private static JsonArray routesAt(String address) throws Exception {
    JsonObject reply = vertx.eventBus().<JsonObject>request(address, null).await(10, TimeUnit.SECONDS).body();
    return reply.getJsonArray("routes");
  }

  /**
   * "METHOD /path/{param}" for every route with methods but the browser applications' ({@link #BROWSER_PREFIXES}); prefix routes ("/path/*") as {@link #WILDCARDS}
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
      if (BROWSER_PREFIXES.stream().anyMatch(path::startsWith)) {
        continue;
      }
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

  /** The ErrorBody schema, or a named schema made of it and more (allOf). */
  private static boolean isError(Map<String, Object> doc, Object schema) {
    if (schema == null) {
      return false;
    }
    Map<String, Object> json = map(schema);
    Object ref = json.get("$ref");
    if ("#/components/schemas/ErrorBody".equals(ref)) {
      return true;
    }
    if (ref != null) {
      return isError(doc, lookup(doc, (String) ref));
    }
    Object allOf = json.get("allOf");
    return allOf instanceof List<?> parts && parts.stream().anyMatch(part -> isError(doc, part));
  }

  private static void forEachParameter(Map<String, Object> doc, java.util.function.BiConsumer<String, Map<String, Object>> action) {
    map(doc, "paths").forEach((path, item) -> {
      List<Object> shared = parameters(map(item).get("parameters"));
      map(item).forEach((key, operation) -> {
        if (HTTP_METHODS.contains(key)) {
          List<Object> all = new ArrayList<>(shared);
          all.addAll(parameters(map(operation).get("parameters")));
          all.forEach(parameter -> action.accept(key.toUpperCase() + " " + path, resolve(doc, parameter)));
        }
      });
    });
  }

  private static List<Object> parameters(Object list) {
    return list == null ? List.of() : new ArrayList<>((List<?>) list);
  }

  /** A JSON body's schema must be a $ref (or an array of one); other media types (CSV, YAML, text) are strings. */
  private static void checkNamed(Map<String, Object> doc, String where, Map<String, Object> content, List<String> inline) {
    if (content == null || content.get("application/json") == null) {
      return;
    }
    Map<String, Object> schema = map(content, "application/json", "schema");
    if (schema.get("$ref") == null) {
      inline.add(where);
    }
  }

  /** Keys whose value is null, outside enums and examples (where null is a value). */
  private static void findNullValues(Object node, String where, List<String> found) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((key, value) -> {
        if (value == null) {
          found.add(where + "/" + key);
        } else if (!"enum".equals(key) && !"example".equals(key)) {
          findNullValues(value, where + "/" + key, found);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(value -> findNullValues(value, where, found));
    }
  }

  private static void findNullableWithoutType(Object node, String where, List<String> wrong) {
    if (node instanceof Map<?, ?> m) {
      if (Boolean.TRUE.equals(m.get("nullable")) && m.get("type") == null) {
        wrong.add(where);
      }
      m.forEach((key, value) -> findNullableWithoutType(value, where + "/" + key, wrong));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        findNullableWithoutType(list.get(i), where + "/" + i, wrong);
      }
    }
  }

  /** An object, or the components' one it refers to. */
  private static Map<String, Object> resolve(Map<String, Object> doc, Object node) {
    Map<String, Object> json = map(node);
    Object ref = json.get("$ref");
    return ref == null ? json : map(lookup(doc, (String) ref));
  }

  private static Object lookup(Map<String, Object> doc, String ref) {
    if (!ref.startsWith("#/")) {
      return null;
    }
    Object node = doc;
    for (String part : ref.substring(2).split("/")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }

  private static void collectRefs(Map<String, Object> doc, Object node, List<String> dangling) {
    if (node instanceof Map<?, ?> m) {
      Object ref = m.get("$ref");
      if (ref instanceof String text && lookup(doc, text) == null) {
        dangling.add(text);
      }
      m.values().forEach(value -> collectRefs(doc, value, dangling));
    } else if (node instanceof List<?> list) {
      list.forEach(value -> collectRefs(doc, value, dangling));
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
