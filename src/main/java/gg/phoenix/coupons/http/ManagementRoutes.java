package gg.phoenix.coupons.http;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.ManagementRequest;
import gg.phoenix.coupons.http.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A studio's management endpoints under /v1/coupons/{tenant_id}: reward items, definitions, code
 * generation, batches, jobs (and an import's error report), revocation, export and campaign stats. The code import's
 * streamed upload has a route of its own ({@link CodeImportRoute}). HMAC-signed server requests only; a player's JWT gets 403.
 */
final class ManagementRoutes {

  private static final int EXPORT_PAGE_SIZE = 2000;

  private final BusForwarder bus;

  ManagementRoutes(BusForwarder bus) {
    this.bus = bus;
  }

  /** @param base where the routes start: the studio's /v1/coupons/:tenant_id, or the console's API */
  void mount(Router router, String base) {
    router.post(base + "/reward-items").handler(ctx -> forwardBody(ctx, Addresses.REWARD_ITEM_CREATE, 201));
    router.get(base + "/reward-items").handler(ctx -> bus.forward(ctx, Addresses.REWARD_ITEM_LIST, Paging.into(ctx, request(ctx).toJson())));
    router.post(base + "/definitions").handler(ctx -> forwardBody(ctx, Addresses.DEFINITION_CREATE, 201));
    router.get(base + "/definitions/:id").handler(ctx -> forward(ctx, Addresses.DEFINITION_GET));
    router.get(base + "/definition-overview").handler(ctx ->
        bus.forward(ctx, Addresses.DEFINITIONS_OVERVIEW, Paging.into(ctx, request(ctx).toJson())));
    router.patch(base + "/definitions/:id").handler(ctx -> forwardBody(ctx, Addresses.DEFINITION_UPDATE, 200));
    router.post(base + "/definitions/:id/coupons").handler(ctx -> forwardBody(ctx, Addresses.COUPONS_GENERATE, 201));
    router.get(base + "/definitions/:id/coupons/export").handler(ctx -> export(ctx, Addresses.COUPONS_EXPORT_PAGE, "coupons-"));
    router.post(base + "/coupons/:id/revoke").handler(ctx -> forward(ctx, Addresses.COUPON_REVOKE));
    router.get(base + "/jobs/:id").handler(ctx -> forward(ctx, Addresses.JOB_GET));
    router.get(base + "/jobs/:id/errors").handler(ctx -> export(ctx, Addresses.IMPORT_ERRORS_PAGE, "import-errors-"));
    router.get(base + "/definitions/:id/stats").handler(ctx -> forwardQuery(ctx, Addresses.DEFINITION_STATS));
    router.get(base + "/definitions/:id/batches").handler(ctx -> bus.forward(ctx, Addresses.BATCH_LIST, Paging.into(ctx, request(ctx).toJson())));
    router.get(base + "/batches/:id").handler(ctx -> forward(ctx, Addresses.BATCH_GET));
    router.get(base + "/batches/:id/stats").handler(ctx -> forwardQuery(ctx, Addresses.BATCH_STATS));
    router.get(base + "/batches/:id/export").handler(ctx -> export(ctx, Addresses.BATCH_EXPORT_PAGE, "batch-"));
    router.post(base + "/batches/:id/revoke").handler(ctx -> forward(ctx, Addresses.BATCH_REVOKE));
    router.get(base + "/audit").handler(ctx -> bus.forward(ctx, Addresses.AUDIT_LIST, Paging.into(ctx,
        new JsonObject().put("tenant_id", request(ctx).tenantId()))));
  }

  private void forward(RoutingContext ctx, String address) {
    bus.forward(ctx, address, request(ctx).toJson());
  }

  private void forwardBody(RoutingContext ctx, String address, int successStatus) {
    ManagementRequest request = request(ctx);
    bus.forward(ctx, address, request.withBody(JsonBodies.object(ctx)).toJson(), successStatus);
  }

  /** Forwards the query's parameters (the first of each) as the request's body. */
  private void forwardQuery(RoutingContext ctx, String address) {
    JsonObject query = new JsonObject();
    ctx.queryParams().names().forEach(name -> query.put(name, ctx.queryParams().get(name)));
    bus.forward(ctx, address, request(ctx).withBody(query).toJson());
  }

  /** The calling server's tenant, and the path's id when the route has one. */
  private static ManagementRequest request(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.CONTEXT_KEY);
    caller.requireServer();
    return new ManagementRequest(caller.tenantId(), ctx.pathParam("id"), null);
  }

  /**
   * Streams the CSV page by page: the next page is asked for only once the previous one has left the
   * write queue, so memory stays flat whatever the number of coupons.
   */
  private void export(RoutingContext ctx, String address, String filePrefix) {
    JsonObject request = request(ctx).toJson().put("size", EXPORT_PAGE_SIZE);
    bus.request(ctx, address, request)
        .onSuccess(first -> {
          HttpServerResponse response = ctx.response()
              .setChunked(true)
              .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"" + filePrefix + request.getString("id") + ".csv\"");
          writePages(ctx, response, address, request, first.body());
        })
        .onFailure(ctx::fail);
  }

  private void writePages(RoutingContext ctx, HttpServerResponse response, String address, JsonObject request, JsonObject page) {
    Future<Void> written = response.write(page.getString("csv"));
    String lastId = page.getString("last_id");
    if (lastId == null) {
      written.onComplete(done -> response.end());
      return;
    }
    written.compose(v -> bus.request(ctx, address, request.copy().put("after", lastId)))
        .onSuccess(next -> writePages(ctx, response, address, request, next.body()))
        // Headers are gone: all that can be said now is that the download is cut short.
        .onFailure(err -> response.reset());
  }
}
