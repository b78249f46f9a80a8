package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.http.MalformedCatalogue.Case;
import gg.phoenix.coupons.http.MalformedCatalogue.Expect;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.DbFingerprint;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.RawHttp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throws malformed input at every endpoint over real HTTP (a raw socket, so nothing is cleaned up on the way)
 * and checks each answer: a 4xx with exactly {"error": string, "message": string}, never a 5xx, never
 * silence, and no change in PostgreSQL (row counts and checksums of every table, after every case).
 * Read-only endpoints may also answer 200 for input that is odd but legal (an emoji player id has no coupons).
 * The cases ({@link MalformedCatalogue}) come from a seeded generator: the same seed gives the same cases
 * ({@code -Dfuzz.seed=N}).
 */
class MalformedInputTest {

  private static final long SEED = Long.getLong("fuzz.seed", 20_251_107L);

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("ADMIN_TOKEN", MalformedCatalogue.ADMIN_TOKEN)
      // the broken admin credentials are many: throttled, most admin cases would only ever see 429
      .put("ADMIN_FAILURE_LIMIT", 1_000_000)
      .put("BODY_LIMIT_BYTES", MalformedCatalogue.BODY_LIMIT)
      // no background writers: every change in the tables would come from a fuzz case
      .put("OUTBOX_RELAY_INSTANCES", 0)
      .put("WEBHOOK_SENDERS", 0));

  @Fixture private static Api api;

  @TestFactory
  @DisplayName("malformed input at every endpoint answers 4xx with {error, message}, never 5xx, and changes nothing in PostgreSQL")
  Stream<DynamicTest> everyEndpoint() {
    MalformedCatalogue catalogue = MalformedCatalogue.seed(SEED);
    Map<String, List<Case>> groups = catalogue.casesByEndpoint();
    int total = groups.values().stream().mapToInt(List::size).sum();
    DynamicTest size = DynamicTest.dynamicTest("the catalogue holds at least 800 cases (seed " + SEED + ")",
        () -> assertThat(total).as("cases tried").isGreaterThanOrEqualTo(800));
    return Stream.concat(Stream.of(size), groups.entrySet().stream().map(group -> DynamicTest.dynamicTest(
        group.getKey() + " (" + group.getValue().size() + " cases)", () -> assertAllRefused(catalogue, group.getValue()))));
  }

  private static void assertAllRefused(MalformedCatalogue catalogue, List<Case> cases) throws Exception {
    RawHttp http = new RawHttp(api.port());
    RawHttp ops = new RawHttp(api.ops().port());
    List<String> failures = new ArrayList<>();
    try (DbFingerprint db = new DbFingerprint(catalogue.tenantIds())) {
      Map<String, String> before = db.take();
      for (Case c : cases) {
        RawHttp.Response response = (c.target().startsWith("/v1/admin") ? ops : http).send(c.method(), c.target(),
            c.signer().headers(c.method(), c.target(), c.body()), c.body(), c.chunked());
        String failure = judge(c, response);
        Map<String, String> after = db.take();
        if (!after.equals(before)) {
          failure = (failure == null ? "" : failure + "; ") + "PostgreSQL changed: " + diff(before, after);
          before = after;
        }
        if (failure != null) {
          failures.add(c.label() + " -> " + failure);
        }
      }
    }
    assertThat(failures).as("cases answered otherwise than with a 4xx error that changes nothing").isEmpty();
  }

  /** Null when the answer is acceptable, else what is wrong with it. */
  private static String judge(Case c, RawHttp.Response response) {
    String shown = response.status() + " " + abbreviate(response.body());
    if (response.status() < 0) {
      return "no HTTP answer: " + abbreviate(response.body());
    }
    if (response.status() >= 500) {
      return "server error " + shown;
    }
    if (response.status() < 400) {
      boolean fine = c.expect() == Expect.READ && response.status() == 200 && response.jsonOrNull() != null;
      return fine ? null : "accepted: " + shown;
    }
    JsonObject json = response.jsonOrNull();
    boolean shaped = json != null && json.size() == 2 && json.getValue("error") instanceof String
        && json.getValue("message") instanceof String;
    return shaped ? null : "not the error shape: " + shown;
  }

  private static String diff(Map<String, String> before, Map<String, String> after) {
    List<String> changed = new ArrayList<>();
    after.forEach((table, value) -> {
      if (!value.equals(before.get(table))) {
        changed.add(table + " " + before.get(table).split(":")[0] + "->" + value.split(":")[0] + " rows");
      }
    });
    return String.join(", ", changed);
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
  }
}
