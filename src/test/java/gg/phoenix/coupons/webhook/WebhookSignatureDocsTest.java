package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification functions of docs/events.md, taken out of the document as it stands (the code block after each
 * {@code <!-- tested: ... -->} mark), run under node and python3 against deliveries a local listener received.
 */
class WebhookSignatureDocsTest {

  private static final Path DOC = Path.of("docs/events.md");
  private static final String JS_HARNESS = """

      const [secret, header, bodyFile] = process.argv.slice(2);
      console.log(verifyWebhook(secret, header, require("fs").readFileSync(bodyFile)) ? "valid" : "invalid");
      """;
  private static final String PY_HARNESS = """

      import sys
      with open(sys.argv[3], "rb") as f:
          print("valid" if verify_webhook(sys.argv[1], sys.argv[2], f.read()) else "invalid")
      """;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver receiver;

  @TempDir
  Path work;

  /** The code block following {@code <!-- tested: name ...}. */
  private static String snippet(String name) throws IOException {
    Matcher block = Pattern.compile("<!-- tested: " + Pattern.quote(name) + "[^\\n]*-->\\n```[a-z]+\\n(.*?)\\n```", Pattern.DOTALL)
        .matcher(Files.readString(DOC));
    assertThat(block.find()).as("docs/events.md has a code block marked " + name).isTrue();
    return block.group(1);
  }

  /** "valid" or "invalid", as the documented JS and Python functions both say; they must agree. */
  private String verdict(String secret, String header, String body) throws Exception {
    Path bodyFile = Files.write(work.resolve("body-" + System.nanoTime()), body.getBytes(StandardCharsets.UTF_8));
    Path js = Files.writeString(work.resolve("verify-webhook.js"), snippet("verify-webhook.js") + JS_HARNESS);
    Path py = Files.writeString(work.resolve("verify_webhook.py"), snippet("verify_webhook.py") + PY_HARNESS);
    String node = run("node", js.toString(), secret, header, bodyFile.toString());
    String python = run("python3", py.toString(), secret, header, bodyFile.toString());
    assertThat(python).as("Python and JS verdicts agree").isEqualTo(node);
    return node;
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.exitValue()).as(command[0] + " said: " + output).isZero();
    return output;
  }

  private static WebhookReceiver.Received awaitDelivery(String path, int n) {
    Streams.until(n + " deliveries on " + path, Duration.ofSeconds(15), () -> receiver.received(path).size() >= n);
    return receiver.received(path).get(n - 1);
  }

  @Test
  @DisplayName("the documented JS and Python functions accept a real delivery with its endpoint's secret, and refuse another secret, a changed body or an old timestamp")
  void verifiesRealDelivery() throws Exception {
    WebhookTenant tenant = new WebhookTenant(api);
    String secret = tenant.register(receiver.url("/docs/one", n -> 204)).getString("signing_secret");
    tenant.redeem("user_1");
    WebhookReceiver.Received got = awaitDelivery("/docs/one", 1);
    String header = got.headers().get("Webhook-Signature");

    assertThat(verdict(secret, header, got.body())).isEqualTo("valid");
    assertThat(verdict(tenant.secret(), header, got.body())).isEqualTo("invalid");
    assertThat(verdict(secret, header, got.body().replace("user_1", "user_2"))).isEqualTo("invalid");
    String stale = header.replaceFirst("t=[0-9]+", "t=" + (System.currentTimeMillis() / 1000 - 3600));
    assertThat(verdict(secret, stale, got.body())).isEqualTo("invalid");
    assertThat(verdict(secret, "", got.body())).isEqualTo("invalid");
  }

  @Test
  @DisplayName("the documented JS and Python functions answer invalid, never an error, to hostile headers: a digit that is not a decimal, a non-ASCII signature, empty parts")
  void hostileHeaders() throws Exception {
    String now = String.valueOf(System.currentTimeMillis() / 1000);
    for (String header : List.of("t=\u00b2,v1=ab", "t=" + now + ",v1=\u00e9", "t=" + now + ",v1=", "t=,v1=", "v1=ab", ",,,", "t=" + now)) {
      assertThat(verdict("whsec_hostile", header, "{}")).as(header).isEqualTo("invalid");
    }
  }

  @Test
  @DisplayName("after a rotation deliveries verify with the new secret and, during the overlap, the old one; a rotation with no overlap drops the old one at once")
  void rotation() throws Exception {
    WebhookTenant tenant = new WebhookTenant(api);
    JsonObject created = tenant.register(receiver.url("/docs/rotated", n -> 204));
    String first = created.getString("signing_secret");
    String rotate = tenant.base() + "/" + created.getString("id") + "/secret/rotate";

    Api.Response overlapping = api.post(rotate, "", tenant.server());
    assertThat(overlapping.status()).as(overlapping.body()).isEqualTo(200);
    String second = overlapping.json().getString("signing_secret");
    assertThat(second).startsWith("whsec_").isNotEqualTo(first);
    assertThat(overlapping.json().getString("previous_secret_valid_until")).isNotNull();
    tenant.redeem("user_1");
    WebhookReceiver.Received during = awaitDelivery("/docs/rotated", 1);
    assertThat(during.headers().get("Webhook-Signature")).matches("t=[0-9]+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
    assertThat(verdict(second, during.headers().get("Webhook-Signature"), during.body())).isEqualTo("valid");
    assertThat(verdict(first, during.headers().get("Webhook-Signature"), during.body())).isEqualTo("valid");

    Api.Response immediate = api.post(rotate, new JsonObject().put("previous_secret_valid_seconds", 0), tenant.server());
    assertThat(immediate.status()).as(immediate.body()).isEqualTo(200);
    assertThat(immediate.json().getValue("previous_secret_valid_until")).isNull();
    String third = immediate.json().getString("signing_secret");
    tenant.redeem("user_2");
    WebhookReceiver.Received after = awaitDelivery("/docs/rotated", 2);
    assertThat(verdict(third, after.headers().get("Webhook-Signature"), after.body())).isEqualTo("valid");
    assertThat(verdict(second, after.headers().get("Webhook-Signature"), after.body())).isEqualTo("invalid");
    assertThat(verdict(first, after.headers().get("Webhook-Signature"), after.body())).isEqualTo("invalid");
  }

  @Test
  @DisplayName("rotating another tenant's or an unknown webhook is 404 webhook_not_found, and a bad overlap is 400")
  void rotationErrors() {
    WebhookTenant owner = new WebhookTenant(api);
    WebhookTenant other = new WebhookTenant(api);
    String id = owner.register(receiver.url("/docs/owned", n -> 204)).getString("id");

    Api.Response foreign = api.post(other.base() + "/" + id + "/secret/rotate", "", other.server());
    Api.Response unknown = api.post(owner.base() + "/not-a-uuid/secret/rotate", "", owner.server());
    Api.Response negative = api.post(owner.base() + "/" + id + "/secret/rotate",
        new JsonObject().put("previous_secret_valid_seconds", -1), owner.server());

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().getString("error")).isEqualTo("webhook_not_found");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().getString("error")).isEqualTo("invalid_previous_secret_valid_seconds");
  }

  @Test
  @DisplayName("a registration replayed with its Idempotency-Key answers the webhook without its secret, and the idempotency table never holds it")
  void secretNotStoredWithIdempotentAnswer() {
    WebhookTenant tenant = new WebhookTenant(api);
    String body = new JsonObject().put("url", receiver.url("/docs/idempotent", n -> 204))
        .put("event_types", new JsonArray().add("coupon.redeemed")).encode();
    List<String> key = List.of("Idempotency-Key", "register-" + System.nanoTime());

    Api.Response first = api.send("POST", tenant.base(), body, tenant.server(), key);
    Api.Response replay = api.send("POST", tenant.base(), body, tenant.server(), key);

    String secret = first.json().getString("signing_secret");
    assertThat(first.status()).isEqualTo(201);
    assertThat(secret).startsWith("whsec_");
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(replay.json().containsKey("signing_secret")).isTrue();
    assertThat(replay.json().getValue("signing_secret")).isNull();
    assertThat(Seed.count(
        "SELECT count(*) FROM idempotency_keys WHERE response::text LIKE ?", "%" + secret + "%")).isZero();
  }
}
