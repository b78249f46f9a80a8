package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.api.ApiError;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JobErrorsTest {

  @Test
  @DisplayName("a timeout, however wrapped, and a statement cancelled by statement_timeout read 'timeout'")
  void timeouts() {
    assertThat(JobErrors.of(new NoStackTraceTimeoutException("Timeout of 30000 ms on pg-primary.internal:5432"))).isEqualTo("timeout");
    assertThat(JobErrors.of(new VertxException("pool", new NoStackTraceTimeoutException("x")))).isEqualTo("timeout");
    assertThat(JobErrors.of(new PgException("canceling statement due to statement timeout", "ERROR", "57014", null)))
        .isEqualTo("timeout");
  }

  @Test
  @DisplayName("a refused connection reads 'refused', a database error or closed connection 'database', anything else 'internal'")
  void categories() {
    assertThat(JobErrors.of(new VertxException("connect", new ConnectException("Connection refused: pg-primary.internal/10.0.0.5:5432"))))
        .isEqualTo("refused");
    assertThat(JobErrors.of(new PgException("relation \"coupons\" does not exist", "ERROR", "42P01", null))).isEqualTo("database");
    assertThat(JobErrors.of(ClosedConnectionException.INSTANCE)).isEqualTo("database");
    assertThat(JobErrors.of(new IllegalStateException("at /srv/app/secret.json"))).isEqualTo("internal");
  }

  @Test
  @DisplayName("a rule of ours that stopped the job keeps its own error code")
  void ownRules() {
    assertThat(JobErrors.of(new ApiError(409, "codes_exhausted", "Could not draw enough distinct codes").exception()))
        .isEqualTo("codes_exhausted");
  }
}
