package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * What a tenant reads in a failed job's {@code error}: a category, never an exception's text, which can name
 * database hosts, ports, schemas and statements (the server log keeps the detail). A rule of ours that stopped
 * the job (too few distinct codes left) keeps its own error code, which says what to change.
 */
final class JobErrors {

  static final String TIMEOUT = "timeout";
  static final String REFUSED = "refused";
  static final String DATABASE = "database";
  static final String INTERNAL = "internal";

  /** PostgreSQL's query_canceled, which a statement_timeout raises. */
  private static final String QUERY_CANCELED = "57014";

  private JobErrors() {
  }

  static String of(Throwable err) {
    if (err instanceof ApiException api) {
      return api.error().code();
    }
    if (causedBy(err, TimeoutException.class)
        || err instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
      return TIMEOUT;
    }
    if (causedBy(err, IOException.class)) {
      return REFUSED;
    }
    if (err instanceof PgException || err instanceof ClosedConnectionException) {
      return DATABASE;
    }
    return INTERNAL;
  }

  private static boolean causedBy(Throwable err, Class<? extends Throwable> type) {
    for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
