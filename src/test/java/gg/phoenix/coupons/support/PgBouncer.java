package gg.phoenix.coupons.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's PgBouncer ({@code /usr/sbin/pgbouncer}) in transaction mode on a free loopback port, in front of the
 * tests' PostgreSQL, with its ini, user list and log in a temporary directory. The service logs in through it as a
 * role of the class's own (a superuser made for it, dropped after): the settings the service stores on its role
 * (search_path, plan_cache_mode) then touch no other test, though all share the database and the run's schema.
 * Register it before the {@link TestService} that uses {@link #serviceConfig()}, so it stops after the service.
 */
public final class PgBouncer implements AfterAllCallback {

  private static final String BINARY = "/usr/sbin/pgbouncer";

  /** Server connections per database and role: few, so that the service's clients share them. */
  public static final int SERVER_CONNECTIONS = 4;

  public final String role = "pooled_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  public final int port = TestApp.freePortOtherThan(0);
  private final TestBackends backends = TestBackends.get();
  private final Path dir;
  private Process process;

  public PgBouncer() {
    try {
      dir = Files.createTempDirectory("pgbouncer", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // past the umask
      Files.writeString(dir.resolve("users.txt"), "\"" + role + "\" \"\"\n\"" + backends.pgUser + "\" \"\"\n");
      Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
          "[databases]",
          backends.pgDatabase + " = host=" + backends.pgHost + " port=" + backends.pgPort + " dbname=" + backends.pgDatabase,
          "[pgbouncer]",
          "listen_addr = 127.0.0.1",
          "listen_port = " + port,
          "unix_socket_dir =",
          "auth_type = trust",
          "auth_file = " + dir.resolve("users.txt"),
          "admin_users = " + backends.pgUser,
          "pool_mode = transaction",
          "default_pool_size = " + SERVER_CONNECTIONS,
          "max_client_conn = 500",
          "logfile = " + dir.resolve("pgbouncer.log"),
          ""));
      sql("CREATE ROLE " + role + " LOGIN SUPERUSER");
      start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The service's configuration keys for connecting through this PgBouncer, as {@link #role}. */
  public JsonObject serviceConfig() {
    return new JsonObject()
        .put("PG_HOST", "127.0.0.1")
        .put("PG_PORT", port)
        .put("PG_USER", role)
        .put("PG_POOLER", "pgbouncer-transaction")
        .put("PG_DIRECT_HOST", backends.pgHost)
        .put("PG_DIRECT_PORT", backends.pgPort);
  }

  /** Stops PgBouncer at once (SIGKILL: no transaction is let finish) and starts it again on the same port. */
  public void restart() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    start();
  }

  /** PgBouncer's own log, to explain a failure. */
  public String log() {
    try {
      return Files.readString(dir.resolve("pgbouncer.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    process.destroy();
    // What the service created as the role (the schema, when it migrated first) goes to the tests' user.
    sql("REASSIGN OWNED BY " + role + " TO " + backends.pgUser, "DROP OWNED BY " + role, "DROP ROLE " + role);
  }

  private void start() {
    List<String> command = new ArrayList<>(List.of(BINARY));
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("-u", "nobody")); // PgBouncer refuses to run as root
    }
    command.add(dir.resolve("pgbouncer.ini").toString());
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.txt").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + BINARY, e);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (!listening()) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("PgBouncer did not start on port " + port + ":\n" + log());
      }
      Streams.sleep(50);
    }
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void sql(String... statements) {
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://" + backends.pgHost + ":" + backends.pgPort
        + "/" + backends.pgDatabase, backends.pgUser, backends.pgPassword); Statement st = conn.createStatement()) {
      for (String statement : statements) {
        st.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
