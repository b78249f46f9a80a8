package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.management.Takeovers.FAST_TAKEOVER;
import static gg.phoenix.coupons.management.Takeovers.awaitRow;
import static gg.phoenix.coupons.management.Takeovers.holdingJobRow;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An import outlives the instance running it: the owner goes away with a chunk of the walk in flight (its codes
 * inserted, its progress not yet committed), another instance takes the job over and ends it exactly as one instance
 * would have: the same imported and rejected counts, no code twice, every rejected row once in the error report. The
 * file's bad rows are spread over every chunk, so that the chunk redone after the takeover has some.
 */
@ExtendWith(VertxExtension.class)
class ImportTakeoverTest {

  /** Three chunks of the walk and a part: the owner dies after the first, with the second in flight. */
  private static final int ROWS = 3 * JobRun.WALK_CHUNK + JobRun.WALK_CHUNK / 2;
  /** Codes the tenant has before the import, found in the file in another case. */
  private static final int OWNED = 20;

  @Test
  @DisplayName("an instance killed mid-import (SIGKILL) leaves its import to another instance once its heartbeat is stale: done with exactly the expected imported and rejected counts, no code twice, the whole error report")
  void killedOwner(Vertx vertx) throws Exception {
    int port = TestApp.freePort();
    Process process = Takeovers.startProcess(port, "import-takeover-process.log");
    try {
      Studio studio = Studio.create(Api.at("http://127.0.0.1:" + port));
      ImportFile file = ImportFile.spread(owned(studio));
      String definition = studio.definition(new JsonObject()).getString("id");
      String job = uploaded(studio, definition, file);
      awaitRow(job, "status = 'running' AND cursor_row > 0");
      String firstClaim = Takeovers.owner(job);

      Api other = Takeovers.killedAndTakenOver(vertx, job, process);

      assertFinishedExactly(new Studio(other, studio.tenantId, studio.secret), job, file, firstClaim);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("an instance stopped mid-import hands its import over: another instance ends it with exactly the expected counts, no code twice, the whole error report")
  void stoppedOwner(Vertx vertx) throws Exception {
    Vertx first = Vertx.vertx();
    Studio studio = Studio.create(TestApp.start(first, FAST_TAKEOVER));
    ImportFile file = ImportFile.spread(owned(studio));
    String definition = studio.definition(new JsonObject()).getString("id");
    String job = uploaded(studio, definition, file);
    awaitRow(job, "status = 'running' AND cursor_row > 0");
    String firstClaim = Takeovers.owner(job);

    AtomicReference<Future<Void>> closed = new AtomicReference<>();
    Api other = holdingJobRow(job, () -> {
      Api started = TestApp.start(vertx, FAST_TAKEOVER);
      closed.set(first.close());
      Thread.sleep(300);
      return started;
    });
    closed.get().await(30, TimeUnit.SECONDS);

    assertFinishedExactly(new Studio(other, studio.tenantId, studio.secret), job, file, firstClaim);
  }

  /** The tenant's own codes before the import, imported into another definition: OWNED-0000, OWNED-0001... */
  private static Set<String> owned(Studio studio) throws InterruptedException {
    StringBuilder csv = new StringBuilder();
    Set<String> owned = new HashSet<>();
    for (int i = 0; i < OWNED; i++) {
      String code = "OWNED-%04d".formatted(i);
      csv.append(code).append('\n');
      owned.add(code.toLowerCase(Locale.ROOT));
    }
    String job = uploaded(studio, studio.definition(new JsonObject()).getString("id"), new ImportFile(csv.toString(), OWNED, 0, ""));
    assertThat(Jobs.awaitEnd(studio.api, studio, job).getInteger("imported")).isEqualTo(OWNED);
    return owned;
  }

  private static String uploaded(Studio studio, String definition, ImportFile file) {
    Api.Response response = Imports.send(studio.api, studio, definition, "", Imports.csv(file.csv()), studio.secret);
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    return response.json().getString("job_id");
  }

  private static void assertFinishedExactly(Studio studio, String job, ImportFile file, String firstClaim) throws Exception {
    JsonObject end = Jobs.awaitEnd(studio.api, studio, job);
    assertThat(end.getString("status")).as(end.encode()).isEqualTo("done");
    assertThat(end.getInteger("done")).isEqualTo(ROWS);
    assertThat(end.getInteger("imported")).isEqualTo(file.imported());
    assertThat(end.getInteger("rejected")).isEqualTo(file.rejected());
    assertThat(Takeovers.owner(job)).isNotEqualTo(firstClaim);

    UUID batch = (UUID) Seed.scalar("SELECT batch_id FROM generation_jobs WHERE id = ?::uuid", UUID.fromString(job));
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?", batch)).isEqualTo(file.imported());
    assertThat(Seed.count("SELECT count(DISTINCT lower(code)) FROM coupons WHERE tenant_id = ?", studio.tenantId))
        .isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE tenant_id = ?", studio.tenantId));
    assertThat(Seed.count("SELECT issued FROM coupon_batches WHERE id = ?", batch)).isEqualTo(file.imported());
    assertThat(Seed.count("SELECT count(*) FROM import_rows WHERE upload_id = ?::uuid AND reason IS NULL", UUID.fromString(job)))
        .as("imported rows leave the staging table").isZero();

    Api.Response report = studio.get("/jobs/" + job + "/errors");
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.body()).isEqualTo(file.report());
  }

  /**
   * A file of {@link #ROWS} rows (and a header), with what importing it must give: the rows imported, rejected, and
   * the error report. Its bad rows come every few hundred rows, so every chunk holds some of each reason.
   */
  record ImportFile(String csv, int imported, int rejected, String report) {

    static ImportFile spread(Set<String> owned) {
      String salt = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
      StringBuilder csv = new StringBuilder("code,user_id\n");
      StringBuilder report = new StringBuilder("row,code,reason\n");
      Set<String> seen = new HashSet<>();
      int imported = 0;
      for (int i = 0; i < ROWS; i++) {
        int row = i + 2;
        String code = "TK-" + salt + "-" + i;
        String reason = null;
        if (i % 701 == 700) {
          code = "tk-" + salt + "-" + (i - 1000 - i % 7);    // an earlier row's code in another case, often of an earlier chunk
          reason = "duplicate_in_file";
        } else if (i % 907 == 906) {
          code = "owned-%04d".formatted(i % OWNED);          // the tenant's, in another case
          reason = "duplicate_code";
        } else if (i % 1103 == 1102) {
          code = "ab" + i % 10;
          reason = "invalid_length";
        } else if (i % 1301 == 1300) {
          code = "BAD CODE " + i;
          reason = "invalid_characters";
        }
        String lower = code.toLowerCase(Locale.ROOT);
        if (reason == null || reason.startsWith("duplicate")) {
          // What the service must decide for a well-formed code: the tenant's first, then the file's earlier rows.
          reason = owned.contains(lower) ? "duplicate_code" : seen.add(lower) ? null : "duplicate_in_file";
        }
        csv.append(code).append(i % 10 == 0 ? ",player-" + i : "").append('\n');
        if (reason == null) {
          imported++;
        } else {
          report.append(row).append(',').append(code).append(',').append(reason).append('\n');
        }
      }
      return new ImportFile(csv.toString(), imported, ROWS - imported, report.toString());
    }
  }
}
