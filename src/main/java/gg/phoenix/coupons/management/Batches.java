package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.api.Timestamps.format;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.Pages;
import gg.phoenix.coupons.bus.Reply;
import gg.phoenix.coupons.db.Deadlocks;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A definition's batches: listing them with their counts, one batch, its codes as CSV, and revoking it. A batch of
 * up to {@link CouponIssuer#SYNC_LIMIT} codes is revoked in the request's transaction; a larger one by a job
 * ({@link JobRun}), which walks it {@link JobRun#WALK_CHUNK} codes per transaction.
 */
final class Batches {

  static final ApiError BATCH_NOT_FOUND = ApiError.notFound("batch_not_found", "Batch not found");
  static final ApiError BATCH_GENERATING = new ApiError(409, "batch_generating",
      "The batch's codes are still being generated; revoke it once its job has ended");
  static final int MAX_LABEL = 200;

  /** What one transaction of a batch's revocation did: codes looked at (the last of them), revoked, of which used up. */
  record Chunk(int examined, UUID lastId, int revoked, int usedUp) {
  }

  private final Pool pool;
  private final Pool bulk;
  private final Catalog catalog;
  private final JobScheduler scheduler;

  /** @param bulk the bulk lane's pool, which exports and revocations go through */
  Batches(Pool pool, Pool bulk, Catalog catalog, JobScheduler scheduler) {
    this.pool = pool;
    this.bulk = bulk;
    this.catalog = catalog;
    this.scheduler = scheduler;
  }

  /** A page of the definition's batches, oldest first, read through {@code db}. */
  Future<JsonObject> list(SqlClient db, String tenantId, String definitionId, int limit, String cursor) {
    PageCursor after = PageCursor.decode(cursor);
    return Catalog.definitionRow(db, tenantId, definitionId).compose(def -> {
      UUID id = def.getUUID("id");
      Future<RowSet<Row>> rows = after == null
          ? db.preparedQuery(BatchSql.LIST).execute(Tuple.of(tenantId, id, limit + 1))
          : db.preparedQuery(BatchSql.LIST_AFTER).execute(Tuple.of(tenantId, id, limit + 1, after.atUtc(), after.id()));
      return rows.map(page -> Pages.of("batches", page, limit, Batches::json,
          row -> new PageCursor(row.getOffsetDateTime("created_at").toInstant(), row.getUUID("id"))));
    });
  }

  Future<JsonObject> get(SqlClient db, String tenantId, String batchId) {
    return row(db, tenantId, batchId).map(Batches::json);
  }

  /** The batch's row, or a 404 (also for another tenant's batch: the statement names the caller's tenant). */
  static Future<Row> row(SqlClient sql, String tenantId, String batchId) {
    UUID id = Ids.uuidOrNull(batchId);
    if (id == null) {
      return Future.failedFuture(BATCH_NOT_FOUND.exception());
    }
    return sql.preparedQuery(BatchSql.GET).execute(Tuple.of(tenantId, id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(BATCH_NOT_FOUND.exception())
        : Future.succeededFuture(rows.iterator().next()));
  }

  /**
   * One page of the batch's codes as CSV after {@code afterId} (null for the first, which also checks the batch),
   * read through {@code db} (the bulk lane's pool, or the replica).
   */
  static Future<JsonObject> exportPage(SqlClient db, String tenantId, String batchId, String afterId, int size) {
    Future<UUID> batch = afterId == null
        ? row(db, tenantId, batchId).map(row -> row.getUUID("id"))
        : Future.succeededFuture(Ids.uuidOrNull(batchId));
    return batch.compose(id -> CouponAdmin.csvPage(db, BatchSql.EXPORT_PAGE, tenantId, id, afterId, size));
  }

  /**
   * Revokes every code of the batch not revoked yet. A batch of up to SYNC_LIMIT codes: at once, 200 with the batch
   * (its coupon.batch_revoked event in the same transaction when a code changed). A larger one: 202 with a job, the
   * same job while it is queued or running. A batch whose codes are all revoked answers 200 and changes nothing.
   * The codes are locked by id while batched redemptions lock theirs by code: a deadlock between the two is retried.
   */
  Future<Reply> revoke(String tenantId, String batchId) {
    UUID id = Ids.uuidOrNull(batchId);
    if (id == null) {
      return Future.failedFuture(BATCH_NOT_FOUND.exception());
    }
    return Deadlocks.retried(() -> bulk.withTransaction(conn -> conn.preparedQuery(BatchSql.LOCK_REVOCATIONS).execute(Tuple.of(id))
        .compose(locked -> conn.preparedQuery(BatchSql.FOR_REVOKE).execute(Tuple.of(tenantId, id)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(BATCH_NOT_FOUND.exception());
          }
          Row batch = rows.iterator().next();
          if (batch.getBoolean("generating")) {
            return Future.failedFuture(BATCH_GENERATING.exception());
          }
          String revoking = batch.getString("revoke_status");
          if ("queued".equals(revoking) || "running".equals(revoking)) {
            return Future.succeededFuture(jobStarted(tenantId, id, batch.getUUID("revoke_job_id")));
          }
          int issued = batch.getInteger("issued");
          if (batch.getInteger("revoked") >= issued) {
            return Future.succeededFuture(new Reply(200, json(batch)));
          }
          return issued <= CouponIssuer.SYNC_LIMIT ? revokeNow(conn, tenantId, batch) : queueJob(conn, tenantId, batch);
        })))
        .onSuccess(reply -> {
          if (reply.status() == 202) {
            scheduler.poll();
          }
        });
  }

  private Future<Reply> revokeNow(SqlConnection conn, String tenantId, Row batch) {
    UUID id = batch.getUUID("id");
    return revokeChunk(conn, tenantId, batch.getUUID("definition_id"), id, new UUID(0, 0), CouponIssuer.SYNC_LIMIT)
        .compose(chunk -> conn.preparedQuery(BatchSql.MARK_REVOKING).execute(Tuple.tuple().addValue(id).addValue(null).addValue(tenantId))
            .compose(marked -> row(conn, tenantId, id.toString()))
            .compose(after -> (chunk.revoked() == 0 ? Future.<Void>succeededFuture() : revoked(conn, tenantId, after))
                .map(v -> new Reply(200, json(after)))));
  }

  private Future<Reply> queueJob(SqlConnection conn, String tenantId, Row batch) {
    UUID id = batch.getUUID("id");
    return conn.preparedQuery(BatchSql.INSERT_REVOKE_JOB)
        .execute(Tuple.of(tenantId, batch.getUUID("definition_id"), batch.getInteger("issued"), id))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(jobId -> conn.preparedQuery(BatchSql.MARK_REVOKING).execute(Tuple.of(id, jobId, tenantId))
            .map(v -> jobStarted(tenantId, id, jobId)));
  }

  private static Reply jobStarted(String tenantId, UUID batchId, UUID jobId) {
    return new Reply(202, new JsonObject()
        .put("job_id", jobId.toString())
        .put("status_url", "/v1/coupons/" + tenantId + "/jobs/" + jobId)
        .put("batch_id", batchId.toString()));
  }

  /**
   * Revokes the next {@code limit} codes of the batch after {@code afterId} and counts them, in {@code conn}'s
   * transaction.
   */
  static Future<Chunk> revokeChunk(SqlConnection conn, String tenantId, UUID definitionId, UUID batchId, UUID afterId,
                                 int limit) {
    return conn.preparedQuery(BatchSql.REVOKE_CHUNK).execute(Tuple.of(batchId, afterId, limit, tenantId)).compose(rows -> {
      Row row = rows.iterator().next();
      Chunk chunk = new Chunk(row.getInteger("examined"), row.getUUID("last_id"), row.getInteger("revoked"), row.getInteger("used_up"));
      return chunk.revoked() == 0 ? Future.succeededFuture(chunk)
          : conn.preparedQuery(BatchSql.COUNT_REVOKED)
              .execute(Tuple.of(definitionId, batchId, chunk.revoked(), chunk.usedUp(), tenantId)).map(chunk);
    });
  }

  /** The coupon.batch_revoked event of a finished revocation, with the batch as it stands after it. */
  static Future<Void> revoked(SqlConnection conn, String tenantId, Row batch) {
    JsonObject view = json(batch);
    return Outbox.write(conn, EventTypes.BATCH_REVOKED, tenantId, new JsonObject()
        .put("batch_id", view.getString("batch_id"))
        .put("definition_id", view.getString("definition_id"))
        .put("batch", view)).mapEmpty();
  }

  /**
   * The batch as the API shows it; remaining counts its codes neither revoked nor used up. A revocation counts at
   * once a used-up code it revokes, while the relay counts that code's last use a few milliseconds after its
   * commit: used_up can be one short of zero meanwhile, and is shown as zero.
   */
  static JsonObject json(Row row) {
    int issued = row.getInteger("issued");
    int revoked = row.getInteger("revoked");
    int usedUp = Math.max(0, row.getInteger("used_up"));
    UUID revokeJob = row.getUUID("revoke_job_id");
    return new JsonObject()
        .put("batch_id", row.getUUID("id").toString())
        .put("definition_id", row.getUUID("definition_id").toString())
        .put("label", row.getString("label"))
        .put("source", row.getString("source"))
        .put("requested", row.getInteger("requested"))
        .put("issued", issued)
        .put("redeemed", row.getLong("redeemed"))
        .put("used_up", usedUp)
        .put("revoked", revoked)
        .put("remaining", Math.max(0, issued - revoked - usedUp))
        .put("revoked_at", row.getOffsetDateTime("revoked_at") == null ? null : format(row.getOffsetDateTime("revoked_at")))
        .put("revoke_job_id", revokeJob == null ? null : revokeJob.toString())
        .put("created_at", format(row.getOffsetDateTime("created_at")));
  }
}
