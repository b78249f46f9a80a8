package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.coupon.CouponViews;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a definition's codes: for named players (one each) or unassigned. Up to {@link #SYNC_LIMIT}
 * are answered at once; more run as a job whose progress is kept in generation_jobs. A code that collides
 * with an existing one, in any case, is skipped by PostgreSQL and drawn again.
 */
final class CouponIssuer {

  /** An answer with the HTTP status it should go out with (201 for codes made, 202 for a job started). */
  record Issued(int status, JsonObject body) {
  }

  static final int SYNC_LIMIT = 1000;
  static final int MAX_COUNT = 1_000_000;
  static final int BATCH_SIZE = 5000;
  static final int PARALLEL_BATCHES = 2;
  private static final int MAX_DRAWS = 10;
  private static final ApiError CODES_EXHAUSTED = new ApiError(409, "codes_exhausted",
      "Could not draw enough distinct codes; use a longer code format");
  private static final Logger LOG = LoggerFactory.getLogger(CouponIssuer.class);

  /** What every code of one request shares. */
  private record Plan(String tenantId, UUID definitionId, Integer maxUses, Instant startsAt, Instant expiresAt,
                      CodeFormat format) {
  }

  private final Pool pool;
  private final Catalog catalog;

  CouponIssuer(Pool pool, Catalog catalog) {
    this.pool = pool;
    this.catalog = catalog;
  }

  Future<Issued> generate(String tenantId, String definitionId, JsonObject body) {
    JsonFields fields = JsonFields.of(body);
    List<String> owners = owners(fields);
    Instant startsAt = fields.optionalInstant("starts_at");
    Instant expiresAt = fields.optionalInstant("expires_at");
    return catalog.definitionRow(tenantId, definitionId).compose(def -> {
      CodeFormat format = CodeFormat.from(def.getJsonObject("config"));
      if (format.isFixed()) {
        return Future.failedFuture(ApiError.badRequest("public_code",
            "This definition has one public code (code_format fixed); players redeem it directly").exception());
      }
      if ((long) owners.size() * 4 > format.space()) {
        return Future.failedFuture(ApiError.badRequest("code_space_too_small",
            "The code format allows too few distinct codes for " + owners.size() + " coupons; lengthen it").exception());
      }
      Integer maxUses = def.getJsonObject("config").getJsonObject("usage_limit").getString("limit_type").equals("per_user")
          ? def.getJsonObject("config").getJsonObject("usage_limit").getInteger("max_uses") : null;
      Plan plan = new Plan(tenantId, def.getUUID("id"), maxUses, startsAt, expiresAt, format);
      return owners.size() <= SYNC_LIMIT ? generateNow(plan, owners) : startJob(plan, owners);
    });
  }

  /** One slot per coupon: the player's id, or null for an unassigned code. */
  private static List<String> owners(JsonFields fields) {
    JsonArray userIds = fields.optionalArray("user_ids");
    Integer count = fields.optionalInt("count", 1, MAX_COUNT);
    if ((userIds == null) == (count == null)) {
      throw ApiError.badRequest("invalid_request", "Send either user_ids (one coupon per player) or count (unassigned codes)").exception();
    }
    if (count != null) {
      List<String> slots = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        slots.add(null);
      }
      return slots;
    }
    if (userIds.isEmpty() || userIds.size() > MAX_COUNT) {
      throw JsonFields.invalid("user_ids", "user_ids holds 1 to " + MAX_COUNT + " player ids");
    }
    List<String> slots = new ArrayList<>(userIds.size());
    for (Object id : userIds) {
      if (!(id instanceof String user) || user.isBlank() || user.length() > 255) {
        throw JsonFields.invalid("user_ids", "every user id is a string of 1 to 255 characters");
      }
      slots.add(user);
    }
    return slots;
  }

  private Future<Issued> generateNow(Plan plan, List<String> owners) {
    return insertBatch(plan, owners, new BufferedSecureRandom(), 0)
        .compose(ids -> CouponViews.byIds(pool, ids))
        .map(coupons -> new Issued(201, new JsonObject().put("coupons", coupons).put("total", coupons.size())));
  }

  private Future<Issued> startJob(Plan plan, List<String> owners) {
    return pool.preparedQuery(ManagementSql.INSERT_JOB).execute(Tuple.of(plan.tenantId(), plan.definitionId(), owners.size()))
        .map(rows -> {
          UUID jobId = rows.iterator().next().getUUID("id");
          runJob(jobId, plan, owners);
          return new Issued(202, new JsonObject()
              .put("job_id", jobId.toString())
              .put("status_url", "/v1/coupons/" + plan.tenantId() + "/jobs/" + jobId));
        });
  }

  /**
   * Inserts the codes in batches, {@link #PARALLEL_BATCHES} at a time (PostgreSQL works on one while the
   * next is drawn and sent), recording progress after each; runs on after the 202 has gone out.
   */
  private void runJob(UUID jobId, Plan plan, List<String> owners) {
    AtomicInteger done = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < PARALLEL_BATCHES; lane++) {
      BufferedSecureRandom random = new BufferedSecureRandom();
      Future<Void> chain = Future.succeededFuture();
      for (int from = lane * BATCH_SIZE; from < owners.size(); from += PARALLEL_BATCHES * BATCH_SIZE) {
        List<String> batch = owners.subList(from, Math.min(owners.size(), from + BATCH_SIZE));
        chain = chain.compose(v -> storeBatch(plan, batch, random))
            .compose(v -> pool.preparedQuery(ManagementSql.JOB_PROGRESS)
                .execute(Tuple.of(jobId, done.addAndGet(batch.size()))).mapEmpty());
      }
      lanes.add(chain);
    }
    Future.all(lanes)
        .compose(v -> completeJob(jobId, plan, owners.size()))
        .recover(err -> {
          String category = JobErrors.of(err);
          LOG.error("Generation job {} failed ({})", jobId, category, err);
          return finishJob(jobId, "failed", category);
        });
  }

  private Future<Void> storeBatch(Plan plan, List<String> owners, BufferedSecureRandom random) {
    boolean unassigned = owners.stream().allMatch(Objects::isNull);
    return unassigned ? insertUnassigned(plan, owners.size(), random, 0) : insertBatch(plan, owners, random, 0).mapEmpty();
  }

  /** Inserts {@code count} unassigned codes, drawing again as many as collided. */
  private Future<Void> insertUnassigned(Plan plan, int count, BufferedSecureRandom random, int draw) {
    if (draw >= MAX_DRAWS) {
      return Future.failedFuture(CODES_EXHAUSTED.exception());
    }
    Tuple args = Tuple.from(new Object[] {plan.tenantId(), plan.definitionId(), plan.maxUses(),
        Catalog.time(plan.startsAt()), Catalog.time(plan.expiresAt()), drawCodes(plan, count, random)});
    return pool.preparedQuery(ManagementSql.INSERT_CODES_COUNTED).execute(args).compose(rows -> {
      int missing = count - rows.iterator().next().getInteger("inserted");
      return missing == 0 ? Future.succeededFuture() : insertUnassigned(plan, missing, random, draw + 1);
    });
  }

  /** Distinct codes, whatever their case. */
  private static String[] drawCodes(Plan plan, int count, BufferedSecureRandom random) {
    String[] codes = new String[count];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      do {
        codes[i] = plan.format().next(random);
      } while (!seen.add(codes[i].toLowerCase(Locale.ROOT)));
    }
    return codes;
  }

  /** Marks the job done and writes its coupon.generation_completed event, in one transaction. */
  private Future<Void> completeJob(UUID jobId, Plan plan, int total) {
    JsonObject fields = new JsonObject()
        .put("job_id", jobId.toString())
        .put("definition_id", plan.definitionId().toString())
        .put("total", total);
    return pool.withTransaction(conn -> conn.preparedQuery(ManagementSql.FINISH_JOB).execute(Tuple.of(jobId, "done", null))
        .compose(v -> Outbox.write(conn, EventTypes.GENERATION_COMPLETED, plan.tenantId(), fields))
        .mapEmpty());
  }

  private Future<Void> finishJob(UUID jobId, String status, String error) {
    return pool.preparedQuery(ManagementSql.FINISH_JOB).execute(Tuple.of(jobId, status, error)).mapEmpty();
  }

  Future<JsonObject> job(String tenantId, String jobId) {
    UUID id = Ids.uuidOrNull(jobId);
    ApiError notFound = ApiError.notFound("job_not_found", "Job not found");
    if (id == null) {
      return Future.failedFuture(notFound.exception());
    }
    return pool.preparedQuery(ManagementSql.GET_JOB).execute(Tuple.of(tenantId, id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(notFound.exception());
      }
      Row row = rows.iterator().next();
      int total = row.getInteger("total");
      int done = row.getInteger("done");
      return Future.succeededFuture(new JsonObject()
          .put("job_id", row.getUUID("id").toString())
          .put("definition_id", row.getUUID("definition_id").toString())
          .put("status", row.getString("status"))
          .put("total", total)
          .put("done", done)
          .put("progress", Math.round(done * 10000.0 / total) / 10000.0)
          .put("error", row.getString("error")));
    });
  }

  /** Inserts one coupon per slot, drawing new codes for the slots whose code collided; answers the new ids. */
  private Future<List<UUID>> insertBatch(Plan plan, List<String> owners, BufferedSecureRandom random, int draw) {
    if (draw >= MAX_DRAWS) {
      return Future.failedFuture(CODES_EXHAUSTED.exception());
    }
    String[] codes = drawCodes(plan, owners.size(), random);
    Tuple args = Tuple.from(new Object[] {plan.tenantId(), plan.definitionId(), plan.maxUses(),
        Catalog.time(plan.startsAt()), Catalog.time(plan.expiresAt()), codes, owners.toArray(String[]::new)});
    return pool.preparedQuery(ManagementSql.INSERT_CODES).execute(args).compose(rows -> {
      List<UUID> ids = new ArrayList<>(owners.size());
      Set<String> inserted = new HashSet<>();
      for (Row row : rows) {
        ids.add(row.getUUID("id"));
        inserted.add(row.getString("code"));
      }
      if (ids.size() == owners.size()) {
        return Future.succeededFuture(ids);
      }
      List<String> retry = new ArrayList<>();
      for (int i = 0; i < codes.length; i++) {
        if (!inserted.contains(codes[i])) {
          retry.add(owners.get(i));
        }
      }
      return insertBatch(plan, retry, random, draw + 1).map(more -> {
        ids.addAll(more);
        return ids;
      });
    });
  }
}
