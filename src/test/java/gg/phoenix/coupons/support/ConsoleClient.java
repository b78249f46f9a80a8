package gg.phoenix.coupons.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The console as a browser calls it: cookies kept (the session's and XSRF-TOKEN), and every change sending the
 * XSRF-TOKEN cookie back in X-XSRF-TOKEN as the console's script does, unless a test leaves it out.
 */
public final class ConsoleClient {

  public static final String API = "/console/api";
  /** The operator token of the console tests' services: console users are invited by the operator. */
  public static final String ADMIN_TOKEN = "test-admin-token-" + Seed.uniqueId("console");
  public static final Api.Auth ADMIN = Credentials.bearer(ADMIN_TOKEN);

  /** A service whose operator is {@link #ADMIN}, its sign-in throttle high enough for a test class's many sign-ins. */
  public static JsonObject serviceConfig() {
    return new JsonObject().put("ADMIN_TOKEN", ADMIN_TOKEN).put("CONSOLE_LOGIN_FAILURE_LIMIT", 1000);
  }

  private final Api api;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http;

  public ConsoleClient(Api api) {
    this.api = api;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
  }

  /** The operator's invitation of {@code email} as {@code role} to {@code tenantId}: the invitation's token. */
  public static String invite(Api api, Api.Auth admin, String tenantId, String email, String role) {
    Api.Response response = api.ops().post("/v1/admin/tenants/" + tenantId + "/console-users",
        new JsonObject().put("email", email).put("role", role), admin);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return tokenOf(response.json().getString("invitation_url"));
  }

  public static String tokenOf(String invitationUrl) {
    return invitationUrl.substring(invitationUrl.indexOf("#token=") + "#token=".length());
  }

  /** A new user of {@code tenantId}, invited by the operator, with {@code password} set, not signed in: its e-mail. */
  public static String activeUser(Api api, Api.Auth admin, String tenantId, String role, String password) {
    String email = Seed.uniqueId(role) + "@studio.example";
    Api.Response accepted = new ConsoleClient(api).post("/invitations/accept",
        new JsonObject().put("token", invite(api, admin, tenantId, email, role)).put("password", password));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    return email;
  }

  /** A signed-in client of a new user of {@code tenantId}, invited by the operator, password set, signed in. */
  public static ConsoleClient signedIn(Api api, Api.Auth admin, String tenantId, String role) {
    String password = "correct horse " + Seed.uniqueId("pw");
    String email = activeUser(api, admin, tenantId, role, password);
    ConsoleClient client = new ConsoleClient(api);
    Api.Response signedIn = client.signIn(email, password);
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    return client;
  }

  /**
   * As the sign-in page's script does: asks who is signed in (which hands out a CSRF token), signs in, then reads
   * the session.
   */
  public Api.Response signIn(String email, String password) {
    send("GET", API + "/session", null, false);
    Api.Response response = post("/sign-in", new JsonObject().put("email", email).put("password", password));
    if (response.status() == 200) {
      get("/session");
    }
    return response;
  }

  public Api.Response get(String apiPath) {
    return send("GET", API + apiPath, null, true);
  }

  public Api.Response post(String apiPath, JsonObject body) {
    return send("POST", API + apiPath, body == null ? null : body.encode(), true);
  }

  public Api.Response patch(String apiPath, JsonObject body) {
    return send("PATCH", API + apiPath, body.encode(), true);
  }

  public Api.Response delete(String apiPath) {
    return send("DELETE", API + apiPath, null, true);
  }

  /** A request to {@code path} (from the service's root); a change carries the CSRF header when {@code csrf}. */
  public Api.Response send(String method, String path, String body, boolean csrf) {
    if (csrf && !method.equals("GET") && cookie("XSRF-TOKEN") == null) {
      send("GET", API + "/session", null, false);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    String token = cookie("XSRF-TOKEN");
    if (csrf && token != null) {
      request.header("X-XSRF-TOKEN", token);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Api.Response(response.statusCode(), response.body(), response.headers());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value of the cookie {@code name} this client holds, or null. */
  public String cookie(String name) {
    List<HttpCookie> held = cookies.getCookieStore().getCookies();
    return held.stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst().orElse(null);
  }

  /** Puts a cookie as a browser would hold it for the console (e.g. one an attacker planted). */
  public void setCookie(String name, String value) {
    HttpCookie cookie = new HttpCookie(name, value);
    cookie.setPath("/console");
    cookie.setVersion(0);
    cookies.getCookieStore().remove(URI.create(api.base()), cookie);
    cookies.getCookieStore().add(URI.create(api.base()), cookie);
  }
}
