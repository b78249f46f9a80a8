package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.bus.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Imports codes made elsewhere (docs/campaigns.md). An upload is staged row by row as its body streams in
 * ({@link #begin}, {@link #stage}); once the HTTP side has verified its signature, {@link #commit} makes it a batch and
 * a job of kind import, which {@link JobRun} runs chunk by chunk ({@link #chunk}); an upload that fails verification,
 * or is replayed under an Idempotency-Key, is discarded with its rows. Everything goes through the bulk pool.
 */
final class CodeImports {

  static final int MAX_ROWS = 1_000_000;
  private static final String CSV_HEADER = "row,code,reason\n";

  /** How one chunk went: rows checked, of which imported, and the last row it covered. */
  record Chunk(int rows, int imported, int lastRow) {
  }

  private final Pool bulk;
  private final Catalog catalog;
  private final JobScheduler scheduler;

  CodeImports(Pool bulk, Catalog catalog, JobScheduler scheduler) {
    this.bulk = bulk;
    this.catalog = catalog;
    this.scheduler = scheduler;
  }

  /** A new upload of the tenant: its id names its staged rows and, once verified, its job. */
  Future<JsonObject> begin(String tenantId) {
    UUID id = UUID.randomUUID();
    return bulk.preparedQuery(ImportSql.SWEEP_STALE).execute()
        .compose(v -> bulk.preparedQuery(ImportSql.BEGIN).execute(Tuple.of(id, tenantId)))
        .map(v -> new JsonObject().put("upload_id", id.toString()));
  }

  /** Stages lines of the file: {"rows": [[row, line, overlong], ...]}; answers how many rows they held. */
  Future<JsonObject> stage(String uploadId, JsonArray lines) {
    List<Integer> rows = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    List<String> users = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonArray line = lines.getJsonArray(i);
      ImportRow row = ImportRow.parse(line.getInteger(0), line.getString(1), line.getBoolean(2));
      if (row != null) {
        rows.add(row.row());
        codes.add(row.code());
        users.add(row.userId());
        reasons.add(row.reason());
      }
    }
    if (rows.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("rows", 0));
    }
    return bulk.preparedQuery(ImportSql.STAGE).execute(Tuple.of(UUID.fromString(uploadId), rows.toArray(Integer[]::new),
            codes.toArray(String[]::new), users.toArray(String[]::new), reasons.toArray(String[]::new)))
        .map(v -> new JsonObject().put("rows", rows.size()));
  }

  Future<Void> discard(String uploadId) {
    return bulk.preparedQuery(ImportSql.DISCARD).execute(Tuple.of(UUID.fromString(uploadId))).mapEmpty();
  }

  /**
   * The verified upload becomes a batch (labelled {@code label}) and a queued job, in one transaction: 202
   * {"job_id", "status_url", "batch_id", "errors_url"}. A refusal leaves the upload to be discarded.
   */
  Future<Reply> commit(String tenantId, String definitionId, String uploadId, String label) {
    if (label != null && label.length() > Batches.MAX_LABEL) {
      return Future.failedFuture(ApiError.badRequest("invalid_label",
          "label is at most " + Batches.MAX_LABEL + " characters").exception());
    }
    UUID upload = UUID.fromString(uploadId);
    return catalog.definitionRow(tenantId, definitionId).compose(def -> {
      if (CodeFormat.from(def.getJsonObject("config")).isFixed()) {
        return Future.failedFuture(ApiError.badRequest("public_code",
            "This definition has one public code (code_format fixed); codes cannot be imported into it").exception());
      }
      return bulk.withTransaction(conn -> conn.preparedQuery(ImportSql.ADOPT).execute(Tuple.of(upload, tenantId))
          .compose(rows -> {
            Row counts = rows.iterator().next();
            if (counts.getLong("found") == 0) {
              return Future.failedFuture(new ApiError(409, "upload_gone", "The upload is no longer staged; send it again").exception());
            }
            int total = counts.getLong("rows").intValue();
            if (total == 0) {
              return Future.failedFuture(ApiError.badRequest("empty_import", "The file holds no rows").exception());
            }
            return queue(conn, tenantId, def.getUUID("id"), upload, label, total);
          }))
          .compose(reply -> bulk.query(ImportSql.ANALYZE).execute().map(reply));
    }).onSuccess(reply -> scheduler.poll());
  }

  private static Future<Reply> queue(SqlConnection conn, String tenantId, UUID definitionId, UUID jobId, String label, int total) {
    return conn.preparedQuery(ImportSql.INSERT_BATCH).execute(Tuple.of(tenantId, definitionId, label, total))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(batchId -> conn.preparedQuery(ImportSql.INSERT_JOB)
            .execute(Tuple.of(jobId, tenantId, definitionId, total, batchId))
            .map(v -> {
              String jobUrl = "/v1/coupons/" + tenantId + "/jobs/" + jobId;
              return new Reply(202, new JsonObject()
                  .put("job_id", jobId.toString())
                  .put("status_url", jobUrl)
                  .put("batch_id", batchId.toString())
                  .put("errors_url", jobUrl + "/errors"));
            }));
  }

  /**
   * Checks and moves the rows after {@code after}, at most {@code size} of them, in the caller's transaction
   * ({@link ImportSql#CHUNK}): the codes the tenant has not (in any case) and no earlier row of the file had become
   * coupons of the job's batch (counted on it) and leave the staging table; the others keep their reason there.
   * Answers null when no row is left.
   */
  static Future<Chunk> chunk(SqlConnection conn, ClaimedJob job, int after, int size) {
    CodePlan plan = job.plan();
    return conn.preparedQuery(ImportSql.CHUNK).execute(Tuple.from(new Object[] {job.id(), after, size,
            plan.tenantId(), plan.definitionId(), plan.maxUses(), plan.batchId()}))
        .compose(result -> {
          Row chunk = result.iterator().next();
          int rows = chunk.getLong("rows").intValue();
          if (rows == 0) {
            return Future.succeededFuture(null);
          }
          int imported = chunk.getLong("imported").intValue();
          Future<?> counted = imported == 0 ? Future.succeededFuture()
              : conn.preparedQuery(BatchSql.COUNT_ISSUED).execute(Tuple.of(plan.batchId(), imported, plan.tenantId()));
          return counted.map(v -> new Chunk(rows, imported, chunk.getInteger("last")));
        });
  }

  /**
   * One page of the job's error report after row {@code after} (null for the first, which also checks the job):
   * {"csv": lines, "last_id": the last row, or null when this was the last page}.
   */
  Future<JsonObject> errorsPage(String tenantId, String jobId, String after, int size) {
    UUID id = Ids.uuidOrNull(jobId);
    ApiError notFound = ApiError.notFound("job_not_found", "Job not found");
    Integer from = after == null ? Integer.valueOf(0) : parseRow(after);
    if (id == null || from == null) {
      return Future.failedFuture((id == null ? notFound : ApiError.badRequest("invalid_cursor", "Invalid export cursor")).exception());
    }
    Future<?> checked = after != null ? Future.succeededFuture()
        : bulk.preparedQuery(ImportSql.IMPORT_JOB).execute(Tuple.of(tenantId, id))
            .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound.exception()) : Future.succeededFuture());
    int limit = Math.max(1, Math.min(size, CouponAdmin.MAX_PAGE));
    return checked.compose(v -> bulk.preparedQuery(ImportSql.ERRORS_PAGE).execute(Tuple.of(tenantId, id, from, limit)))
        .map(rows -> {
          StringBuilder csv = new StringBuilder(after == null ? CSV_HEADER : "");
          Integer last = null;
          for (Row row : rows) {
            last = row.getInteger("row_no");
            csv.append(last).append(',').append(CouponAdmin.csvField(row.getString("code"))).append(',')
                .append(row.getString("reason")).append('\n');
          }
          return new JsonObject().put("csv", csv.toString())
              .put("last_id", rows.size() < limit || last == null ? null : last.toString());
        });
  }

  private static Integer parseRow(String row) {
    try {
      return Integer.valueOf(row);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
