package gg.phoenix.coupons.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A streaming replica of the tests' PostgreSQL, made for a test class with {@code pg_basebackup} as a second local
 * cluster (PostgreSQL 15's binaries under {@value #BIN}) in a temporary directory, on a free loopback port, and
 * removed after the class. The tests' PostgreSQL must run on this machine and accept replication connections from
 * 127.0.0.1 as the tests' user ({@code host replication all 127.0.0.1/32 trust} in pg_hba.conf, which .ci/run adds).
 * PostgreSQL refuses to run as root: as root, every binary runs as the {@code postgres} user. Without the binaries
 * the class is skipped. Register it with a lower {@code @Order} than the {@link TestService} that uses
 * {@link #serviceConfig()}, so that the replica exists before the service starts and is removed after it stopped.
 */
public final class StreamingReplica implements BeforeAllCallback, AfterAllCallback {

  private static final String BIN = "/usr/lib/postgresql/15/bin";
  private static final String[] MUST_MATCH_PRIMARY = {"max_connections", "max_worker_processes", "max_wal_senders",
      "max_prepared_transactions", "max_locks_per_transaction"};

  public final int port = TestApp.freePortOtherThan(0);
  private final TestBackends backends = TestBackends.get();
  private Path dir;

  /** The service's configuration keys for reading from this replica. */
  public JsonObject serviceConfig() {
    return new JsonObject().put("PG_REPLICA_HOST", "127.0.0.1").put("PG_REPLICA_PORT", port);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(BIN, "pg_basebackup")) && Files.isExecutable(Path.of(BIN, "pg_ctl")),
        "PostgreSQL 15's server binaries are not installed under " + BIN + ": no replica can be made");
    dir = Files.createTempDirectory("replica");
    run("chmod", "700", dir.toString());
    if (asRoot()) {
      run("chown", "postgres:postgres", dir.toString());
    }
    runAsServer(BIN + "/pg_basebackup", "-h", backends.pgHost, "-p", String.valueOf(backends.pgPort), "-U", backends.pgUser,
        "-D", data().toString(), "-X", "stream", "-R", "-c", "fast");
    List<String> conf = new ArrayList<>(List.of("port = " + port, "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = '" + dir + "'", "hot_standby = on", "logging_collector = off"));
    conf.addAll(primarySettings());
    writeAsServer(data().resolve("postgresql.conf"), String.join("\n", conf) + "\n");
    writeAsServer(data().resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n");
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (dir == null) {
      return;
    }
    try {
      stop();
    } finally {
      run("rm", "-rf", dir.toString());
    }
  }

  /**
   * Starts the replica (again), and returns once it accepts connections as a standby and has replayed what the
   * primary had flushed when it started: right after pg_basebackup that can take a while on a busy machine, where
   * the primary writes fast (the replica replays every database of the cluster).
   */
  public void start() {
    runAsServer(BIN + "/pg_ctl", "-D", data().toString(), "-l", dir.resolve("log.txt").toString(), "-w", "-t", "60", "start");
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try (Connection conn = connect(); Statement st = conn.createStatement();
           ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        if (rs.getBoolean(1)) {
          break;
        }
      } catch (SQLException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the replica does not answer: " + e.getMessage() + "\n" + log());
        }
      }
      Streams.sleep(100);
    }
    long target = primaryPosition();
    deadline = System.currentTimeMillis() + 180_000;
    while (replayedPosition() < target) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the replica has not caught up with the primary in 180 s:\n" + log());
      }
      Streams.sleep(200);
    }
  }

  private long primaryPosition() {
    try (Connection conn = backends.jdbc(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long replayedPosition() {
    try (Connection conn = connect(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the replica at once (no checkpoint), as a crash would. */
  public void stop() {
    runAsServer(BIN + "/pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
  }

  /**
   * Freezes every process of the replica (SIGSTOP), as a machine that hangs or a network that drops packets would:
   * its connections stay open and answer nothing, and new ones are accepted by the kernel but never greeted.
   */
  public void freeze() {
    signal("-STOP");
  }

  /** Lets a frozen replica run on (SIGCONT). */
  public void thaw() {
    signal("-CONT");
  }

  /** Freezes (SIGSTOP) one server process of the replica, such as the backend of one connection. */
  public void freezeProcess(long pid) {
    run("kill", "-STOP", Long.toString(pid));
  }

  public void thawProcess(long pid) {
    run("kill", "-CONT", Long.toString(pid));
  }

  private void signal(String signal) {
    String postmaster;
    try {
      postmaster = Files.readAllLines(data().resolve("postmaster.pid")).get(0).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(List.of("kill", signal, postmaster));
    try {
      Process children = new ProcessBuilder("pgrep", "-P", postmaster).start();
      command.addAll(new String(children.getInputStream().readAllBytes()).lines().map(String::strip).toList());
      children.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    run(command.toArray(String[]::new));
  }

  /** Stops applying the WAL it receives: from now on it lags behind whatever the primary commits. */
  public void pauseReplay() {
    sql("SELECT pg_wal_replay_pause()");
  }

  public void resumeReplay() {
    sql("SELECT pg_wal_replay_resume()");
  }

  /** A JDBC connection to the replica in the run's schema, to see what it holds. */
  public Connection connect() throws SQLException {
    Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + backends.pgDatabase,
        backends.pgUser, backends.pgPassword);
    try (Statement st = conn.createStatement()) {
      st.execute("SET search_path TO " + backends.schema);
    }
    return conn;
  }

  /** The replica's server log, to explain a failure. */
  public String log() {
    try {
      return Files.readString(dir.resolve("log.txt"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void sql(String statement) {
    try (Connection conn = connect(); Statement st = conn.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  /** A hot standby refuses to start with less of these than its primary has. */
  private List<String> primarySettings() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection conn = backends.jdbc(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN ('"
             + String.join("', '", MUST_MATCH_PRIMARY) + "')")) {
      while (rs.next()) {
        lines.add(rs.getString(1) + " = " + rs.getString(2));
      }
    }
    return lines;
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void writeAsServer(Path file, String text) throws IOException {
    Files.writeString(file, text);
    if (asRoot()) {
      run("chown", "postgres:postgres", file.toString());
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void runAsServer(String... command) {
    List<String> line = new ArrayList<>();
    if (asRoot()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    run(line.toArray(String[]::new));
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
