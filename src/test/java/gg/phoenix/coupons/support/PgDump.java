package gg.phoenix.coupons.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code pg_dump} (installed with PostgreSQL) of one schema of the test database, as plain SQL text. */
public final class PgDump {

  private PgDump() {
  }

  public static String schema(String schema) throws IOException, InterruptedException {
    TestBackends pg = TestBackends.get();
    ProcessBuilder builder = new ProcessBuilder(List.of("pg_dump", "--host=" + pg.pgHost, "--port=" + pg.pgPort,
        "--username=" + pg.pgUser, "--no-password", "--schema=" + schema, "--format=plain", pg.pgDatabase))
        .redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", pg.pgPassword);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("pg_dump failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
