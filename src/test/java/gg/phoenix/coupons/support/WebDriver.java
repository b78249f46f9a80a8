package gg.phoenix.coupons.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Headless Debian Chromium driven through chromedriver's W3C WebDriver protocol, spoken directly over HTTP
 * (no Selenium). Needs the Debian packages chromium and chromium-driver; fails, never skips, without them.
 */
public final class WebDriver implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
  /** This machine has no network: without these Chromium keeps trying to reach Google's hosts. */
  private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Process driver;
  private final Path profile;
  private final String base;
  private final String session;

  private WebDriver(Process driver, Path profile, String base, String session) {
    this.driver = driver;
    this.profile = profile;
    this.base = base;
    this.session = session;
  }

  public static WebDriver start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("The browser test needs Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver (.ci/run installs them)");
    }
    int port = TestApp.freePort();
    Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Path profile = Files.createTempDirectory("chromium-profile");
    String base = "http://127.0.0.1:" + port;
    JsonArray args = new JsonArray(new java.util.ArrayList<>(FLAGS)).add("--user-data-dir=" + profile);
    JsonObject capabilities = new JsonObject().put("capabilities", new JsonObject().put("alwaysMatch", new JsonObject()
        .put("browserName", "chrome")
        .put("goog:chromeOptions", new JsonObject().put("binary", CHROMIUM.toString()).put("args", args))));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/session"))
            .POST(HttpRequest.BodyPublishers.ofString(capabilities.encode()))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
        JsonObject value = new JsonObject(response.body()).getJsonObject("value");
        if (response.statusCode() != 200) {
          driver.destroy();
          throw new IllegalStateException("chromedriver refused a session: " + value);
        }
        return new WebDriver(driver, profile, base, value.getString("sessionId"));
      } catch (IOException notListeningYet) {
        if (System.currentTimeMillis() > deadline) {
          driver.destroy();
          throw notListeningYet;
        }
        Thread.sleep(200);
      }
    }
  }

  public void open(String url) {
    call("POST", "/url", new JsonObject().put("url", url));
  }

  /** What the address bar shows, fragment included. */
  public String currentUrl() {
    return String.valueOf(call("GET", "/url", null).getValue("value"));
  }

  public void click(String css) {
    call("POST", "/element/" + find(css) + "/click", new JsonObject());
  }

  public String text(String css) {
    return String.valueOf(call("GET", "/element/" + find(css) + "/text", null).getValue("value"));
  }

  /** Types {@code keys} into the element (appended to what it holds). */
  public void type(String css, String keys) {
    call("POST", "/element/" + find(css) + "/value", new JsonObject().put("text", keys));
  }

  /** How many elements match {@code css} now. */
  public int count(String css) {
    return call("POST", "/elements", new JsonObject().put("using", "css selector").put("value", css))
        .getJsonArray("value").size();
  }

  /** Runs {@code script} in the page (its {@code arguments} are {@code args}); answers what it returns, awaited. */
  public Object execute(String script, Object... args) {
    return call("POST", "/execute/sync", new JsonObject().put("script", script)
        .put("args", new JsonArray(java.util.Arrays.asList(args)))).getValue("value");
  }

  /** The text of an open alert, confirm or prompt dialog, or null when none is open. */
  public String dialogText() {
    try {
      return String.valueOf(call("GET", "/alert/text", null).getValue("value"));
    } catch (IllegalStateException noDialog) {
      return null;
    }
  }

  /** Answers the open dialog as OK would (a confirm() then returns true). */
  public void acceptDialog() {
    call("POST", "/alert/accept", new JsonObject());
  }

  /** Forgets every cookie of the current page's site (a new visitor). */
  public void clearCookies() {
    call("DELETE", "/cookie", null);
  }

  /** Sizes the window, so that screenshots show a whole page. */
  public void resize(int width, int height) {
    call("POST", "/window/rect", new JsonObject().put("width", width).put("height", height));
  }

  /** Writes a PNG of the window to {@code file}. */
  public void screenshot(Path file) throws IOException {
    String png = String.valueOf(call("GET", "/screenshot", null).getValue("value"));
    Files.createDirectories(file.getParent());
    Files.write(file, java.util.Base64.getDecoder().decode(png));
  }

  /** Waits up to 10 s for the element's text to satisfy the check; answers the last text seen. */
  public String waitForText(String css, Predicate<String> check) throws InterruptedException {
    return waitForText(css, check, 10_000);
  }

  /** Waits up to {@code millis} for the element's text to satisfy the check; answers the last text seen. */
  public String waitForText(String css, Predicate<String> check, long millis) throws InterruptedException {
    String last = "";
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      try {
        last = text(css);
        if (check.test(last)) {
          return last;
        }
      } catch (IllegalStateException notThereYet) {
        // the element may not exist yet
      }
      Thread.sleep(100);
    }
    return last;
  }

  private String find(String css) {
    JsonObject found = call("POST", "/element", new JsonObject().put("using", "css selector").put("value", css));
    return found.getJsonObject("value").getString(ELEMENT);
  }

  private JsonObject call(String method, String path, JsonObject body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/session/" + session + path))
          .timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
          .header("Content-Type", "application/json");
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonObject json = new JsonObject(response.body());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(method + " " + path + ": " + json.getValue("value"));
      }
      return json;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      http.send(HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    } finally {
      driver.destroy();
      driver.waitFor();
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
