package gg.phoenix.coupons.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own on a free loopback port, with its data directory in a temporary folder, so that
 * the test may kill it (SIGKILL: no shutdown, no last save) and start it again on the same port and directory.
 * The machine's shared Redis is never touched.
 */
public final class PrivateRedis implements AutoCloseable {

  private final int port;
  private final Path dir;
  private final List<String> persistence;
  private Process process;

  private PrivateRedis(List<String> persistence) throws IOException {
    this.port = TestApp.freePort();
    this.dir = Files.createTempDirectory("private-redis");
    this.persistence = persistence;
  }

  /** Nothing on disk: a restart starts empty (the CI's and the old compose file's Redis). */
  public static PrivateRedis inMemory() throws Exception {
    return new PrivateRedis(List.of("--save", "", "--appendonly", "no")).start();
  }

  /** The append-only file as docker/compose.yaml configures it: fsync once a second. */
  public static PrivateRedis appendOnlyEverySecond() throws Exception {
    return new PrivateRedis(List.of("--save", "", "--appendonly", "yes", "--appendfsync", "everysec")).start();
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again, after {@link #kill()}) and waits until it answers PING. */
  public PrivateRedis start() throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--dir", dir.toString()));
    command.addAll(persistence);
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start redis-server: is it installed?", e);
    }
    long deadline = System.currentTimeMillis() + 20_000;
    while (!cli("PING").contains("PONG")) {
      if (System.currentTimeMillis() > deadline || !process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " did not start: " + Files.readString(dir.resolve("redis.log")));
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** SIGKILL, as a crash of the Redis host would stop it: what was not yet on disk is lost. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Runs a command with redis-cli against this server and answers its output. */
  public String cli(String... args) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    try {
      Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(cli.getInputStream().readAllBytes());
      cli.waitFor(10, TimeUnit.SECONDS);
      return out.strip();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run redis-cli: is it installed?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    kill();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
    }
  }
}
