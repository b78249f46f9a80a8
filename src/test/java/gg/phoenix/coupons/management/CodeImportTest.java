package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CodeImportTest {

  /** A body limit that a test can pass quickly; every other test's file stays well below it. */
  static final int BODY_LIMIT = 1_000_000;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("IMPORT_BODY_LIMIT_BYTES", BODY_LIMIT));

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private String definition() {
    return studio.definition(new JsonObject()).getString("id");
  }

  /** A studio server's import: the CSV bytes signed as they are sent. */
  private Api.Response upload(Studio as, String definitionId, String query, byte[] csv, String... headers) {
    return send(as, definitionId, query, csv, as.secret, headers);
  }

  private Api.Response send(Studio as, String definitionId, String query, byte[] csv, String secret, String... headers) {
    return Imports.send(api, as, definitionId, query, csv, secret, headers);
  }

  private static byte[] csv(String text) {
    return Imports.csv(text);
  }

  /** Imports and waits for the job's end; answers the job. */
  private JsonObject imported(String definitionId, String query, byte[] csv) throws InterruptedException {
    Api.Response response = upload(studio, definitionId, query, csv);
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    JsonObject job = Jobs.awaitEnd(api, studio, response.json().getString("job_id"));
    assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
    return job.put("batch_id", response.json().getString("batch_id"));
  }

  private String errors(JsonObject job) {
    Api.Response report = studio.get("/jobs/" + job.getString("job_id") + "/errors");
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    return report.body();
  }

  private static long count(String sql) throws SQLException {
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @DisplayName("a CSV with a header, CRLF lines and a BOM imports every row into a new labelled batch; the codes redeem")
  void withHeader() throws Exception {
    String def = definition();
    JsonObject job = imported(def, "?label=Retail%20partner",
        csv("\uFEFFcode,user_id\r\nPARTNER-0001,\r\nPARTNER-0002,player-42\r\n"));

    assertThat(job.getString("kind")).isEqualTo("import");
    assertThat(job.getInteger("total")).isEqualTo(2);
    assertThat(job.getInteger("imported")).isEqualTo(2);
    assertThat(job.getInteger("rejected")).isZero();
    JsonObject batch = studio.get("/batches/" + job.getString("batch_id")).json();
    assertThat(batch.getString("label")).isEqualTo("Retail partner");
    assertThat(batch.getString("source")).isEqualTo("imported");
    assertThat(batch.getInteger("issued")).isEqualTo(2);
    assertThat(studio.redeem("PARTNER-0001", "anyone").status()).isEqualTo(200);
    assertThat(studio.redeem("PARTNER-0002", "someone-else").status()).isNotEqualTo(200);
    assertThat(studio.redeem("PARTNER-0002", "player-42").status()).isEqualTo(200);
    assertThat(errors(job)).isEqualTo("row,code,reason\n");
  }

  @Test
  @DisplayName("a CSV without a header, its last line without a newline, imports every row")
  void withoutHeader() throws Exception {
    JsonObject job = imported(definition(), "", csv("NOHEAD-0001\nNOHEAD-0002,p7"));

    assertThat(job.getInteger("imported")).isEqualTo(2);
    assertThat(studio.redeem("NOHEAD-0002", "p7").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("bad rows of every reason are rejected and listed in the error report, and the other rows are imported")
  void badRowsRejected() throws Exception {
    String def = definition();
    String other = definition();
    imported(other, "", csv("TAKEN-0001\n"));
    String file = String.join("\n",
        "code,user_id",                 // 1 header
        "GOOD-0001",                    // 2
        "abc",                          // 3 too short
        "BAD CODE!",                    // 4 characters
        "GOOD-0002,\"   \"",            // 5 blank player
        "\"unclosed",                   // 6 malformed
        "good-0001",                    // 7 the same as row 2 in another case
        "taken-0001",                   // 8 the tenant's, in another case
        "X".repeat(2000),               // 9 too long a line
        "A,B,C",                        // 10 three fields
        "",                             // 11 empty: no row
        "\"GOOD-0003\",player-1") + "\n"; // 12
    JsonObject job = imported(def, "", csv(file));

    assertThat(job.getInteger("imported")).isEqualTo(2);
    assertThat(job.getInteger("rejected")).isEqualTo(8);
    assertThat(errors(job)).isEqualTo("""
        row,code,reason
        3,abc,invalid_length
        4,BAD CODE!,invalid_characters
        5,GOOD-0002,invalid_user_id
        6,\"\"\"unclosed",malformed_row
        7,good-0001,duplicate_in_file
        8,taken-0001,duplicate_code
        9,%s,row_too_long
        10,"A,B,C",malformed_row
        """.formatted("X".repeat(100)));
    assertThat(studio.redeem("GOOD-0003", "player-1").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a code twice in the file in two cases, across chunks, is imported once; a code of the tenant in another case is refused")
  void duplicatesAcrossChunks() throws Exception {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 6000; i++) {
      file.append("BULK-").append(i).append('\n');
    }
    file.append("bulk-1\n");
    JsonObject job = imported(definition(), "", csv(file.toString()));

    assertThat(job.getInteger("imported")).isEqualTo(6000);
    assertThat(job.getInteger("rejected")).isEqualTo(1);
    assertThat(errors(job)).isEqualTo("row,code,reason\n6001,bulk-1,duplicate_in_file\n");
  }

  @Test
  @DisplayName("an import into another tenant's definition answers 404 definition_not_found and keeps nothing")
  void otherTenantsDefinition() throws Exception {
    String def = definition();
    Studio other = Studio.create(api);
    String marker = "OTHER" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    Api.Response response = upload(other, def, "", csv(marker + "-1\n"));

    assertThat(response.status()).as(response.body()).isEqualTo(404);
    assertThat(response.json().getString("error")).isEqualTo("definition_not_found");
    Await.until(() -> uncheckedCount("SELECT count(*) FROM import_rows WHERE code LIKE '" + marker + "%'"), n -> n == 0);
    assertThat(count("SELECT count(*) FROM import_uploads WHERE tenant_id = '" + other.tenantId + "'")).isZero();
  }

  @Test
  @DisplayName("a body whose signature does not match answers 401 and its staged rows are removed; no job, no code")
  void badSignature() throws Exception {
    String def = definition();
    String marker = "FORGED" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 12_000; i++) {
      file.append(marker).append('-').append(i).append('\n');
    }

    Api.Response response = send(studio, def, "", csv(file.toString()), "not-the-secret");

    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.json().getString("error")).isEqualTo("unauthorized");
    Await.until(() -> uncheckedCount("SELECT count(*) FROM import_rows WHERE code LIKE '" + marker + "%'"), n -> n == 0);
    assertThat(count("SELECT count(*) FROM import_uploads WHERE tenant_id = '" + studio.tenantId + "'")).isZero();
    assertThat(count("SELECT count(*) FROM coupons WHERE code LIKE '" + marker + "%'")).isZero();
    assertThat(count("SELECT count(*) FROM generation_jobs WHERE tenant_id = '" + studio.tenantId + "'")).isZero();
  }

  private static long uncheckedCount(String sql) {
    try {
      return count(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a body over IMPORT_BODY_LIMIT_BYTES answers 413 payload_too_large and keeps nothing")
  void oversizedBody() throws Exception {
    String marker = "HUGE" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    StringBuilder file = new StringBuilder();
    while (file.length() < BODY_LIMIT + 200_000) {
      file.append(marker).append('-').append(file.length()).append('\n');
    }

    Api.Response response = upload(studio, definition(), "", csv(file.toString()));

    // The service answers before reading the whole body and closes the connection: the client may see either.
    if (response.status() != -1) {
      assertThat(response.status()).as(response.body()).isEqualTo(413);
      assertThat(response.json().getString("error")).isEqualTo("payload_too_large");
    }
    Await.until(() -> uncheckedCount("SELECT count(*) FROM import_rows WHERE code LIKE '" + marker + "%'"), n -> n == 0);
    assertThat(count("SELECT count(*) FROM generation_jobs WHERE tenant_id = '" + studio.tenantId + "'")).isZero();
  }

  @Test
  @DisplayName("the same import sent twice with one Idempotency-Key (signed anew) makes one job; the second answer is the first's")
  void idempotent() throws Exception {
    String def = definition();
    byte[] file = csv("ONCE-0001\nONCE-0002\n");

    Api.Response first = upload(studio, def, "", file, "Idempotency-Key", "import-1");
    Api.Response second = upload(studio, def, "", file, "Idempotency-Key", "import-1");

    assertThat(first.status()).as(first.body()).isEqualTo(202);
    assertThat(second.status()).as(second.body()).isEqualTo(202);
    assertThat(second.json().getString("job_id")).isEqualTo(first.json().getString("job_id"));
    assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(Jobs.awaitEnd(api, studio, first.json().getString("job_id")).getInteger("imported")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM generation_jobs WHERE tenant_id = '" + studio.tenantId + "'")).isEqualTo(1);
    Await.until(() -> uncheckedCount("SELECT count(*) FROM import_uploads WHERE tenant_id = '" + studio.tenantId + "'"), n -> n == 0);
  }

  @Test
  @DisplayName("a running import shows its progress: done grows from 0 to total, imported and rejected with it")
  void progressVisible() throws Exception {
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      file.append("PROG-").append(i).append('\n');
    }
    Api.Response response = upload(studio, definition(), "", csv(file.toString()));
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    String jobId = response.json().getString("job_id");

    JsonObject midway = Await.until(() -> Jobs.get(api, studio, jobId),
        job -> job.getInteger("done") > 0 || "done".equals(job.getString("status")));
    JsonObject end = Jobs.awaitEnd(api, studio, jobId);

    assertThat(midway.getInteger("total")).isEqualTo(40_000);
    assertThat(midway.getInteger("imported") + midway.getInteger("rejected")).isEqualTo(midway.getInteger("done"));
    assertThat(end.getInteger("done")).isEqualTo(40_000);
    assertThat(end.getDouble("progress")).isEqualTo(1.0);
    assertThat(end.getInteger("imported")).isEqualTo(40_000);
  }

  @Test
  @DisplayName("hostile rows (formulas, NUL, quotes, invalid UTF-8) are rejected, and the error report neutralises formulas")
  void hostileRows() throws Exception {
    byte[] file = concat(csv("=HYPERLINK(\"http://x\")\n+SUM(A1)\n@cmd\n-2+3\n\"=1+1\",p\nNUL\0CODE\n"),
        new byte[] {'B', 'A', 'D', (byte) 0xC3, (byte) 0x28, 'X', '\n'}, csv("SAFE-0001\n"));
    JsonObject job = imported(definition(), "", file);

    assertThat(job.getInteger("imported")).isEqualTo(1);
    assertThat(errors(job)).isEqualTo("""
        row,code,reason
        1,"'=HYPERLINK(""http://x"")",malformed_row
        2,'+SUM(A1),invalid_characters
        3,'@cmd,invalid_characters
        4,'-2+3,invalid_characters
        5,'=1+1,invalid_characters
        6,NUL\uFFFDCODE,invalid_characters
        7,BAD\uFFFD(X,invalid_characters
        """);
  }

  @Test
  @DisplayName("a body that is not text/csv answers 415, an unsigned one 401, a player's token 403; none makes a job")
  void refusedRequests() throws Exception {
    String def = definition();
    Api.Response json = upload(studio, def, "", csv("X-0001\n"), "Content-Type", "application/json");
    assertThat(json.status()).isEqualTo(415);
    assertThat(json.json().getString("error")).isEqualTo("unsupported_media_type");
    Api.Response unsigned = upload(studio, def, "", csv("X-0001\n"), "X-Signature", "hmac-sha256=" + "0".repeat(64));
    assertThat(unsigned.status()).isEqualTo(401);
    Api.Response player = upload(studio, def, "", csv("X-0001\n"), "Authorization",
        "Bearer " + Credentials.tenantJwt(studio.tenantId, studio.secret, "p1", 300));
    assertThat(player.status()).isEqualTo(403);
    assertThat(count("SELECT count(*) FROM generation_jobs WHERE tenant_id = '" + studio.tenantId + "'")).isZero();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
