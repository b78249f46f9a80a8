package gg.phoenix.coupons.management;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A job this instance has claimed under {@code claim}: what is left to write, from {@code done} on, and how.
 * {@code userIds} is null for unassigned codes. A revocation ({@link #revokes}) walks its batch from {@code cursor}; an
 * import ({@link #imports}) its staged rows from row {@code cursorRow}.
 */
record ClaimedJob(UUID id, String claim, String kind, int total, int done, List<String> userIds, CodePlan plan, UUID cursor,
                  int cursorRow) {

  static ClaimedJob from(Row row, String claim) {
    String[] users = row.getArrayOfStrings("user_ids");
    CodePlan plan = CodePlan.of(row.getString("tenant_id"), row.getUUID("definition_id"), row.getUUID("batch_id"),
        (JsonObject) row.getValue("config"),
        instant(row.getOffsetDateTime("starts_at")), instant(row.getOffsetDateTime("expires_at")));
    return new ClaimedJob(row.getUUID("id"), claim, row.getString("kind"), row.getInteger("total"), row.getInteger("done"),
        users == null ? null : Arrays.asList(users), plan, row.getUUID("cursor_id"),
        row.getInteger("cursor_row") == null ? 0 : row.getInteger("cursor_row"));
  }

  boolean revokes() {
    return "revoke".equals(kind);
  }

  boolean imports() {
    return "import".equals(kind);
  }

  private static java.time.Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
