package gg.phoenix.coupons.secrets;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites every sealed secret that is not under the primary key, while the service runs: each value is opened
 * and sealed again in its own place, and written only if it is still the value that was read (a secret rotated
 * meanwhile keeps its new value). Walks each column in key order, a page at a time, so a value that does not
 * open is reported and passed, never retried forever.
 */
public final class Reencryption {

  /** What a run did: values rewritten, values that did not open (by column and row, never the secret), values changed meanwhile. */
  public record Result(long rewritten, List<String> unreadable, long changedMeanwhile) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);
  private static final int PAGE = 200;

  private final Pool pool;
  private final SecretBox box;
  private final Buffer primaryPrefix;

  public Reencryption(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
    this.primaryPrefix = Buffer.buffer(box.primaryPrefix());
  }

  public Future<Result> run() {
    Future<Result> chain = Future.succeededFuture(new Result(0, List.of(), 0));
    for (SealedColumn column : SealedColumn.ALL) {
      chain = chain.compose(sofar -> page(column, null, sofar));
    }
    return chain;
  }

  private Future<Result> page(SealedColumn column, List<Object> after, Result sofar) {
    Tuple args = Tuple.of(primaryPrefix, PAGE);
    if (after != null) {
      after.forEach(args::addValue);
    }
    return pool.preparedQuery(selectPage(column, after != null)).execute(args).compose(rows -> {
      List<Row> page = new ArrayList<>();
      rows.forEach(page::add);
      Future<Result> chain = Future.succeededFuture(sofar);
      for (Row row : page) {
        chain = chain.compose(result -> rewrite(column, row, result));
      }
      return page.size() < PAGE ? chain : chain.compose(result -> page(column, keyOf(page.get(page.size() - 1), column), result));
    });
  }

  private Future<Result> rewrite(SealedColumn column, Row row, Result sofar) {
    List<Object> key = keyOf(row, column);
    Object[] rowKey = key.toArray();
    byte[] sealed = row.getBuffer(column.column()).getBytes();
    byte[] resealed;
    try {
      resealed = box.seal(box.open(sealed, column, rowKey), column, rowKey);
    } catch (SecretUnreadableException e) {
      LOG.error("Not re-encrypted: {}", e.getMessage());
      List<String> unreadable = new ArrayList<>(sofar.unreadable());
      unreadable.add(e.getMessage());
      return Future.succeededFuture(new Result(sofar.rewritten(), unreadable, sofar.changedMeanwhile()));
    }
    Tuple args = Tuple.of(Buffer.buffer(resealed), Buffer.buffer(sealed));
    key.forEach(args::addValue);
    return pool.preparedQuery(update(column)).execute(args).map(updated -> updated.rowCount() == 1
        ? new Result(sofar.rewritten() + 1, sofar.unreadable(), sofar.changedMeanwhile())
        : new Result(sofar.rewritten(), sofar.unreadable(), sofar.changedMeanwhile() + 1));
  }

  private static List<Object> keyOf(Row row, SealedColumn column) {
    return column.keyColumns().stream().map(row::getValue).toList();
  }

  /** $1 the primary's prefix, $2 the page size, $3.. the key of the last row of the previous page. */
  private static String selectPage(SealedColumn column, boolean after) {
    String keys = String.join(", ", column.keyColumns());
    String bound = "";
    if (after) {
      bound = " AND (" + keys + ") > (" + IntStream.range(0, column.keyColumns().size())
          .mapToObj(i -> "$" + (i + 3)).collect(Collectors.joining(", ")) + ")";
    }
    return "SELECT " + keys + ", " + column.column() + " FROM " + column.table()
        + " WHERE " + column.column() + " IS NOT NULL AND substring(" + column.column() + " FROM 1 FOR 5) <> $1" + bound
        + " ORDER BY " + keys + " LIMIT $2";
  }

  /** $1 the new value, $2 the value read, $3.. the row's key. */
  private static String update(SealedColumn column) {
    List<String> keys = column.keyColumns();
    String where = IntStream.range(0, keys.size()).mapToObj(i -> keys.get(i) + " = $" + (i + 3))
        .collect(Collectors.joining(" AND "));
    return "UPDATE " + column.table() + " SET " + column.column() + " = $1 WHERE " + where
        + " AND " + column.column() + " = $2";
  }
}
