package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Timestamps;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Draws codes and inserts them into their batch through the transaction it is given (a request's, or a job chunk's),
 * counting them on the batch and its definition. A code that collides with an existing one, in any case, is skipped
 * by PostgreSQL and drawn again, at most {@link #MAX_DRAWS} times.
 */
final class CodeWriter {

  private static final int MAX_DRAWS = 10;
  static final ApiError CODES_EXHAUSTED = new ApiError(409, "codes_exhausted",
      "Could not draw enough distinct codes; use a longer code format");

  private CodeWriter() {
  }

  /** Inserts {@code count} unassigned codes, drawing again as many as collided. */
  static Future<Void> insertUnassigned(SqlClient sql, CodePlan plan, int count, BufferedSecureRandom random) {
    return insertUnassigned(sql, plan, count, random, 0);
  }

  private static Future<Void> insertUnassigned(SqlClient sql, CodePlan plan, int count, BufferedSecureRandom random, int draw) {
    if (draw >= MAX_DRAWS) {
      return Future.failedFuture(CODES_EXHAUSTED.exception());
    }
    Tuple args = Tuple.from(new Object[] {plan.tenantId(), plan.definitionId(), plan.maxUses(),
        Timestamps.utc(plan.startsAt()), Timestamps.utc(plan.expiresAt()), plan.batchId(), drawCodes(plan, count, random)});
    return sql.preparedQuery(ManagementSql.INSERT_CODES_COUNTED).execute(args).compose(rows -> {
      int inserted = rows.iterator().next().getInteger("inserted");
      int missing = count - inserted;
      return counted(sql, plan, inserted)
          .compose(v -> missing == 0 ? Future.succeededFuture() : insertUnassigned(sql, plan, missing, random, draw + 1));
    });
  }

  /** Inserts one coupon per slot (a player's id, or null), drawing new codes for the slots whose code collided; answers the new ids. */
  static Future<List<UUID>> insert(SqlClient sql, CodePlan plan, List<String> owners, BufferedSecureRandom random) {
    return insert(sql, plan, owners, random, 0);
  }

  private static Future<List<UUID>> insert(SqlClient sql, CodePlan plan, List<String> owners, BufferedSecureRandom random, int draw) {
    if (draw >= MAX_DRAWS) {
      return Future.failedFuture(CODES_EXHAUSTED.exception());
    }
    String[] codes = drawCodes(plan, owners.size(), random);
    Tuple args = Tuple.from(new Object[] {plan.tenantId(), plan.definitionId(), plan.maxUses(),
        Timestamps.utc(plan.startsAt()), Timestamps.utc(plan.expiresAt()), plan.batchId(), codes, owners.toArray(String[]::new)});
    return sql.preparedQuery(ManagementSql.INSERT_CODES).execute(args)
        .compose(rows -> counted(sql, plan, rows.size()).map(rows)).compose(rows -> {
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
      return insert(sql, plan, retry, random, draw + 1).map(more -> {
        ids.addAll(more);
        return ids;
      });
    });
  }

  /** Counts codes written on their batch and definition, in the writing transaction. */
  private static Future<Void> counted(SqlClient sql, CodePlan plan, int inserted) {
    return inserted == 0 ? Future.succeededFuture()
        : sql.preparedQuery(BatchSql.COUNT_ISSUED).execute(Tuple.of(plan.batchId(), inserted, plan.tenantId())).mapEmpty();
  }

  /** Distinct codes, whatever their case. */
  private static String[] drawCodes(CodePlan plan, int count, BufferedSecureRandom random) {
    String[] codes = new String[count];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < count; i++) {
      do {
        codes[i] = plan.format().next(random);
      } while (!seen.add(codes[i].toLowerCase(Locale.ROOT)));
    }
    return codes;
  }
}
