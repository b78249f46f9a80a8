package gg.phoenix.coupons.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/**
 * Pages of the lists that page ({@code GET /user/{id}}, {@code /definitions}, {@code /reward-items}), read by
 * keyset: a page's statement asks for one row more than the limit (to know whether another page follows) and
 * joins the count of the whole list as {@code total_count}, so that an empty page is one row with its item
 * columns null. Answers {@code {"<field>": [...], "total": <count of the whole list>, "next_cursor": ...}}.
 */
public final class Pages {

  public static final String TOTAL_COLUMN = "total_count";
  /** A page's size when the caller names none, and the most it may ask for. */
  public static final int MAX_LIMIT = 1000;

  private Pages() {
  }

  /**
   * @param limit the page's size; {@code rows} holds at most one more
   * @param item the item's JSON
   * @param key the sort key of a row, where the next page starts after
   */
  public static JsonObject of(String field, RowSet<Row> rows, int limit, Function<Row, JsonObject> item,
                              Function<Row, PageCursor> key) {
    JsonArray items = new JsonArray();
    long total = 0;
    Row last = null;
    boolean more = false;
    for (Row row : rows) {
      total = row.getLong(TOTAL_COLUMN);
      if (row.getUUID("id") == null) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(item.apply(row));
      last = row;
    }
    String next = more ? key.apply(last).encode() : null;
    return new JsonObject().put(field, items).put("total", total).put("next_cursor", next);
  }
}
