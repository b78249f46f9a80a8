package gg.phoenix.coupons.audit;

import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.Pages;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * The audit log: records the entries {@link gg.phoenix.coupons.bus.Audits} sends, and answers a tenant's entries
 * newest first, by keyset pages ({@code GET /v1/coupons/{tenant_id}/audit}).
 */
public class AuditVerticle extends VerticleBase {

  static final String INSERT = "INSERT INTO audit_log (tenant_id, actor, action, target_id, before, after, request_id)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7)";
  static final String PAGE = page("");
  static final String PAGE_AFTER = page("AND (created_at, id) < ($3, $4)");

  private final ServiceConfig config;
  private Pool pool;

  public AuditVerticle(ServiceConfig config) {
    this.config = config;
  }

  private static String page(String after) {
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM audit_log WHERE tenant_id = $1) total"
        + " LEFT JOIN (SELECT id, actor, action, target_id, before, after, request_id, created_at FROM audit_log"
        + " WHERE tenant_id = $1 " + after + " ORDER BY created_at DESC, id DESC LIMIT $2) page ON true"
        + " ORDER BY page.created_at DESC, page.id DESC";
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.AUDIT_RECORD, msg -> Replies.answer(msg, () -> record(msg.body()))).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.AUDIT_LIST, msg -> Replies.answer(msg, () -> list(
            msg.body().getString("tenant_id"), msg.body().getInteger("limit"), msg.body().getString("cursor")))).completion());
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<JsonObject> record(JsonObject entry) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(entry.getString("tenant_id"), entry.getString("actor"),
            entry.getString("action"), entry.getString("target_id"), entry.getJsonObject("before"),
            entry.getJsonObject("after"), entry.getString("request_id")))
        .map(done -> new JsonObject());
  }

  private Future<JsonObject> list(String tenantId, int limit, String cursor) {
    PageCursor after = PageCursor.decode(cursor);
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(PAGE).execute(Tuple.of(tenantId, limit + 1))
        : pool.preparedQuery(PAGE_AFTER).execute(Tuple.of(tenantId, limit + 1, after.atUtc(), after.id()));
    return rows.map(page -> Pages.of("entries", page, limit, AuditVerticle::entry,
        row -> new PageCursor(row.getOffsetDateTime("created_at").toInstant(), row.getUUID("id"))));
  }

  private static JsonObject entry(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("at", Timestamps.format(row.getOffsetDateTime("created_at")))
        .put("actor", row.getString("actor"))
        .put("action", row.getString("action"))
        .put("target_id", row.getString("target_id"))
        .put("before", row.getJsonObject("before"))
        .put("after", row.getJsonObject("after"))
        .put("request_id", row.getString("request_id"));
  }
}
