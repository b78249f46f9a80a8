package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.stats.CampaignCounters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A definition's and a batch's counts, and their redemptions as a time series (docs/campaigns.md). Every answer
 * reads rows kept as things happen (definition_stats, coupon_batches, validation_counts, redemption_series), one
 * per count or per bucket: never the redemptions themselves.
 */
final class CampaignStats {

  private CampaignStats() {
  }

  /** The definition's counts, or with {@code series} in {@code query} its time series, read through {@code db}. */
  static Future<JsonObject> ofDefinition(SqlClient db, String tenantId, String definitionId, JsonObject query) {
    SeriesQuery series = SeriesQuery.parse(query, Instant.now());
    return Catalog.definitionRow(db, tenantId, definitionId).compose(def -> {
      UUID id = def.getUUID("id");
      JsonObject head = new JsonObject().put("definition_id", id.toString());
      return series != null ? points(db, tenantId, id, series).map(points -> series.answer(head, points))
          : db.preparedQuery(StatsSql.DEFINITION).execute(Tuple.of(id, tenantId)).map(rows -> counts(head, rows.iterator().next()));
    });
  }

  /** The batch's counts (as listed), or with {@code series} in {@code query} its time series, read through {@code db}. */
  static Future<JsonObject> ofBatch(SqlClient db, String tenantId, String batchId, JsonObject query) {
    SeriesQuery series = SeriesQuery.parse(query, Instant.now());
    return Batches.row(db, tenantId, batchId).compose(batch -> {
      JsonObject view = Batches.json(batch);
      if (series == null) {
        return Future.succeededFuture(view);
      }
      JsonObject head = new JsonObject().put("batch_id", view.getString("batch_id")).put("definition_id", view.getString("definition_id"));
      return points(db, tenantId, batch.getUUID("id"), series).map(points -> series.answer(head, points));
    });
  }

  private static Future<JsonArray> points(SqlClient db, String tenantId, UUID scopeId, SeriesQuery series) {
    return db.preparedQuery(StatsSql.SERIES)
        .execute(Tuple.of(scopeId, series.bucket().sqlName(), series.starts(), tenantId))
        .map(rows -> {
          JsonArray points = new JsonArray();
          for (Row row : rows) {
            points.add(new JsonObject()
                .put("starts_at", Timestamps.format(row.getOffsetDateTime("starts_at")))
                .put("redemptions", row.getLong("redemptions"))
                .put("rollbacks", row.getLong("rollbacks")));
          }
          return points;
        });
  }

  private static JsonObject counts(JsonObject head, Row row) {
    long redemptions = row.getLong("redemptions");
    long rollbacks = row.getLong("rollbacks");
    Integer cap = row.getInteger("total_uses_cap");
    JsonObject validations = row.getJsonObject("validations") == null ? new JsonObject() : row.getJsonObject("validations");
    Object ok = validations.remove(CampaignCounters.VALID);
    return head
        .put("issued", row.getLong("issued"))
        .put("redemptions", redemptions)
        .put("rollbacks", rollbacks)
        .put("redeemed", redemptions - rollbacks)
        .put("unique_players", row.getLong("players"))
        .put("revoked", row.getLong("revoked"))
        .put("max_total_uses", cap)
        .put("remaining", cap == null ? null : Math.max(0, cap - row.getInteger("total_uses")))
        .put("validations", new JsonObject()
            .put("ok", ok == null ? 0L : ((Number) ok).longValue())
            .put("refused", validations))
        .put("lockouts", row.getLong("lockouts"));
  }

  /** The time unit of a series. */
  enum Bucket {
    MINUTE(60), HOUR(3600), DAY(86400);

    private final long seconds;

    Bucket(long seconds) {
      this.seconds = seconds;
    }

    String sqlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    Instant floor(Instant at) {
      return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    static Bucket parse(String value) {
      for (Bucket bucket : values()) {
        if (bucket.sqlName().equals(value)) {
          return bucket;
        }
      }
      throw JsonFields.invalid("bucket", "bucket is one of minute, hour, day");
    }
  }

  /**
   * {@code ?series=redemptions&bucket=&from=&to=}: the buckets (UTC) from the one holding {@code from} to the one
   * before {@code to} (exclusive; default now, so the current bucket is the last), at most {@link #MAX_POINTS};
   * {@code from} defaults to {@link #DEFAULT_POINTS} buckets before {@code to}.
   */
  record SeriesQuery(Bucket bucket, Instant from, Instant to) {

    static final int MAX_POINTS = 1000;
    static final int DEFAULT_POINTS = 60;
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Null when {@code query} asks for no series. */
    static SeriesQuery parse(JsonObject query, Instant now) {
      JsonFields fields = JsonFields.of(query == null ? new JsonObject() : query);
      String series = fields.optionalString("series", 32);
      if (series == null) {
        if (fields.has("bucket") || fields.has("from") || fields.has("to")) {
          throw JsonFields.invalid("series", "bucket, from and to go with series=redemptions");
        }
        return null;
      }
      if (!series.equals("redemptions")) {
        throw JsonFields.invalid("series", "series is redemptions");
      }
      String bucketName = fields.optionalString("bucket", 16);
      Bucket bucket = bucketName == null ? Bucket.HOUR : Bucket.parse(bucketName);
      Instant to = within("to", fields.optionalInstant("to"));
      to = to == null ? now : to;
      Instant from = within("from", fields.optionalInstant("from"));
      from = bucket.floor(from == null ? to.minusSeconds(bucket.seconds * DEFAULT_POINTS) : from);
      if (!from.isBefore(to)) {
        throw ApiError.badRequest("invalid_range", "from must be before to").exception();
      }
      if (buckets(bucket, from, to) > MAX_POINTS) {
        throw ApiError.badRequest("invalid_range", "A series holds at most " + MAX_POINTS + " buckets; narrow from and to, or use a larger bucket").exception();
      }
      return new SeriesQuery(bucket, from, to);
    }

    /**
     * The instant, refused outside {@link #EARLIEST}..{@link #LATEST}: further off, the bucket arithmetic overflows or
     * PostgreSQL's timestamptz does (it stops at 294276 AD), and no redemption lies there anyway.
     */
    private static Instant within(String field, Instant at) {
      if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
        throw JsonFields.invalid(field, field + " must be a time from " + EARLIEST + " to " + LATEST);
      }
      return at;
    }

    /** How many buckets start from {@code from} (a bucket's start) and before {@code to}, to the millisecond. */
    private static long buckets(Bucket bucket, Instant from, Instant to) {
      long millis = to.toEpochMilli() - from.toEpochMilli();
      long size = bucket.seconds * 1000;
      return (millis + size - 1) / size;
    }

    /** The start of every bucket, oldest first. */
    OffsetDateTime[] starts() {
      OffsetDateTime[] starts = new OffsetDateTime[(int) buckets(bucket, from, to)];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = from.plusSeconds(bucket.seconds * i).atOffset(ZoneOffset.UTC);
      }
      return starts;
    }

    JsonObject answer(JsonObject head, JsonArray points) {
      return head.put("series", "redemptions").put("bucket", bucket.sqlName())
          .put("from", Timestamps.format(from)).put("to", Timestamps.format(to)).put("points", points);
    }
  }
}
