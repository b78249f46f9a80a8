package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.Reply;
import gg.phoenix.coupons.coupon.CouponViews;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Generates a definition's codes, each request a new batch: for named players (one each) or unassigned. Up to {@link #SYNC_LIMIT}
 * are answered at once; more are queued as a job (generation_jobs), which {@link JobScheduler} starts and
 * {@link JobRun} writes. Codes are written through the bulk pool.
 */
final class CouponIssuer {

  /**
   * Who gets the requested coupons: {@code userIds} (one each), or {@code count} unassigned ones when it is null;
   * {@code label} names their batch (or null).
   */
  private record Request(List<String> userIds, int count, String label) {
  }

  private static final Set<String> REQUEST_KEYS = Set.of("user_ids", "count", "label", "starts_at", "expires_at");
  static final int SYNC_LIMIT = 1000;
  static final int MAX_COUNT = 1_000_000;

  private final Pool pool;
  private final Pool bulk;
  private final Catalog catalog;
  private final JobScheduler scheduler;

  /** @param pool the main pool, for reading a job's state; @param bulk the bulk lane's, for writing codes */
  CouponIssuer(Pool pool, Pool bulk, Catalog catalog, JobScheduler scheduler) {
    this.pool = pool;
    this.bulk = bulk;
    this.catalog = catalog;
    this.scheduler = scheduler;
  }

  Future<Reply> generate(String tenantId, String definitionId, JsonObject body) {
    JsonFields fields = JsonFields.of(body).onlyKnown("", REQUEST_KEYS);
    Request request = request(fields);
    Instant startsAt = fields.optionalInstant("starts_at");
    Instant expiresAt = fields.optionalInstant("expires_at");
    return catalog.definitionRow(tenantId, definitionId).compose(def -> {
      CodeFormat format = CodeFormat.from(def.getJsonObject("config"));
      if (format.isFixed()) {
        return Future.failedFuture(ApiError.badRequest("public_code",
            "This definition has one public code (code_format fixed); players redeem it directly").exception());
      }
      if ((long) request.count() * 4 > format.space()) {
        return Future.failedFuture(ApiError.badRequest("code_space_too_small",
            "The code format allows too few distinct codes for " + request.count() + " coupons; lengthen it").exception());
      }
      CodePlan plan = CodePlan.of(tenantId, def.getUUID("id"), null, def.getJsonObject("config"), startsAt, expiresAt);
      return request.count() <= SYNC_LIMIT ? generateNow(plan, request) : queueJob(plan, request);
    });
  }

  private static Request request(JsonFields fields) {
    JsonArray userIds = fields.optionalArray("user_ids");
    Integer count = fields.optionalInt("count", 1, MAX_COUNT);
    String label = fields.optionalString("label", Batches.MAX_LABEL);
    if ((userIds == null) == (count == null)) {
      throw ApiError.badRequest("invalid_request", "Send either user_ids (one coupon per player) or count (unassigned codes)").exception();
    }
    if (count != null) {
      return new Request(null, count, label);
    }
    if (userIds.isEmpty() || userIds.size() > MAX_COUNT) {
      throw JsonFields.invalid("user_ids", "user_ids holds 1 to " + MAX_COUNT + " player ids");
    }
    List<String> users = new ArrayList<>(userIds.size());
    for (Object id : userIds) {
      if (!(id instanceof String user) || user.isBlank() || user.length() > 255) {
        throw JsonFields.invalid("user_ids", "every user id is a string of 1 to 255 characters");
      }
      users.add(user);
    }
    return new Request(users, users.size(), label);
  }

  /** Writes the batch and its codes in one transaction; answers them with the batch's id. */
  private Future<Reply> generateNow(CodePlan plan, Request request) {
    List<String> owners = request.userIds() != null ? request.userIds() : Collections.nCopies(request.count(), null);
    return bulk.withTransaction(conn -> batch(conn, plan, request)
        .compose(batchId -> CodeWriter.insert(conn, plan.inBatch(batchId), owners, new BufferedSecureRandom())
            .compose(ids -> CouponViews.byIds(conn, ids))
            .map(coupons -> new Reply(201, new JsonObject().put("coupons", coupons).put("total", coupons.size())
                .put("batch_id", batchId.toString())))));
  }

  /** Writes the batch and the job that fills it in one transaction. */
  private Future<Reply> queueJob(CodePlan plan, Request request) {
    String[] users = request.userIds() == null ? null : request.userIds().toArray(String[]::new);
    return bulk.withTransaction(conn -> batch(conn, plan, request).compose(batchId -> conn.preparedQuery(JobSql.INSERT_JOB)
        .execute(Tuple.from(new Object[] {plan.tenantId(), plan.definitionId(), request.count(), users,
            Timestamps.utc(plan.startsAt()), Timestamps.utc(plan.expiresAt()), batchId}))
        .map(rows -> {
          UUID jobId = rows.iterator().next().getUUID("id");
          return new Reply(202, new JsonObject()
              .put("job_id", jobId.toString())
              .put("status_url", "/v1/coupons/" + plan.tenantId() + "/jobs/" + jobId)
              .put("batch_id", batchId.toString()));
        })))
        .onSuccess(reply -> scheduler.poll());
  }

  private static Future<UUID> batch(SqlConnection conn, CodePlan plan, Request request) {
    return conn.preparedQuery(BatchSql.INSERT).execute(Tuple.of(plan.tenantId(), plan.definitionId(), request.label(), request.count()))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  Future<JsonObject> job(String tenantId, String jobId) {
    UUID id = Ids.uuidOrNull(jobId);
    ApiError notFound = ApiError.notFound("job_not_found", "Job not found");
    if (id == null) {
      return Future.failedFuture(notFound.exception());
    }
    return pool.preparedQuery(JobSql.GET_JOB).execute(Tuple.of(tenantId, id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(notFound.exception());
      }
      Row row = rows.iterator().next();
      int total = row.getInteger("total");
      int done = row.getInteger("done");
      JsonObject json = new JsonObject()
          .put("job_id", row.getUUID("id").toString())
          .put("definition_id", row.getUUID("definition_id").toString())
          .put("kind", row.getString("kind"))
          .put("batch_id", row.getUUID("batch_id") == null ? null : row.getUUID("batch_id").toString())
          .put("status", row.getString("status"))
          .put("total", total)
          .put("done", done)
          .put("progress", Math.round(done * 10000.0 / total) / 10000.0)
          .put("error", row.getString("error"));
      if ("import".equals(row.getString("kind"))) {
        json.put("imported", row.getInteger("imported")).put("rejected", row.getInteger("rejected"))
            .put("errors_url", "/v1/coupons/" + tenantId + "/jobs/" + id + "/errors");
      }
      return Future.succeededFuture(json);
    });
  }
}
