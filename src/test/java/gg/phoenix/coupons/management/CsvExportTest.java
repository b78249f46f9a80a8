package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class CsvExportTest {

  @Fixture private static Api api;

  @Test
  @DisplayName("an export holds no live formula: user ids starting with a tab or carriage return before '=', with @ or +, and codes whose prefix starts with '-' come out behind an apostrophe")
  void neutralised() {
    Studio studio = Studio.create(api);
    String id = studio.definition(new JsonObject().put("code_prefix", "-CMD").put("code_length", 6)).getString("id");
    Api.Response made = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("user_ids", new JsonArray()
        .add("\t=HYPERLINK(\"http://x\")").add("\r=1+1").add("@SUM(1)").add("+1")));
    assertThat(made.status()).as(made.body()).isEqualTo(201);

    Api.Response csv = studio.get("/definitions/" + id + "/coupons/export");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body())
        .contains(",\"'\t=HYPERLINK(\"\"http://x\"\")\",active,")
        .contains(",\"'\r=1+1\",active,")
        .contains(",'@SUM(1),active,")
        .contains(",'+1,active,");
    String[] rows = Arrays.copyOfRange(csv.body().split("\n(?=[0-9a-f]{8}-)"), 1, 5);
    assertThat(rows).hasSize(4).allSatisfy(row -> assertThat(row.split(",")[1]).startsWith("'-CMD"));
  }
}
