package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The query of a list that pages ({@code GET /user/{id}}, {@code /definitions}, {@code /reward-items}):
 * {@code limit}, 1,000 when absent and at most 1,000, and {@code cursor}, the {@code next_cursor} of the page
 * before. Both are checked here, so a bad one is a 400 before anything is read.
 */
final class Paging {

  private Paging() {
  }

  /** A page's size and where it starts (null: the first page). */
  record Page(int limit, String cursor) {
  }

  static Page of(RoutingContext ctx) {
    List<String> cursors = ctx.queryParams().getAll("cursor");
    if (cursors.size() > 1) {
      throw PageCursor.INVALID.exception();
    }
    String cursor = cursors.isEmpty() ? null : cursors.get(0);
    PageCursor.decode(cursor);
    return new Page(CouponRoutes.limit(ctx, Pages.MAX_LIMIT), cursor);
  }

  /** {@code request} with "limit" and "cursor" (null for the first page). */
  static JsonObject into(RoutingContext ctx, JsonObject request) {
    Page page = of(ctx);
    return request.put("limit", page.limit()).put("cursor", page.cursor());
  }
}
