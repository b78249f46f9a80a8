package gg.phoenix.coupons.support;

import gg.phoenix.coupons.secrets.Keysets;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Redis the tests talk to: containers when a Docker engine answers, otherwise
 * the servers named by TEST_PG_* and TEST_REDIS_URL (which .ci/run sets). With neither, every test fails:
 * nothing passes without a database. Each test run works in a schema of its own.
 */
public final class TestBackends {

  private static final Logger LOG = LoggerFactory.getLogger(TestBackends.class);
  private static TestBackends instance;

  public final String pgHost;
  public final int pgPort;
  public final String pgDatabase;
  public final String pgUser;
  public final String pgPassword;
  public final String redisUrl;
  public final String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  /** The keyset this run's service seals tenant secrets with (SECRETS_KEYSET), so the tests exercise encryption. */
  public final String keysetJson = newKeyset();
  private final SecretBox secrets = box(keysetJson);

  private TestBackends(String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword, String redisUrl) {
    this.pgHost = pgHost;
    this.pgPort = pgPort;
    this.pgDatabase = pgDatabase;
    this.pgUser = pgUser;
    this.pgPassword = pgPassword;
    this.redisUrl = redisUrl;
  }

  public static synchronized TestBackends get() {
    if (instance == null) {
      instance = dockerAvailable() ? fromContainers() : fromEnvironment();
      LOG.info("Tests use PostgreSQL {}:{}/{} schema {} and Redis {}", instance.pgHost, instance.pgPort,
          instance.pgDatabase, instance.schema, instance.redisUrl);
      Runtime.getRuntime().addShutdownHook(new Thread(instance::dropSchema));
    }
    return instance;
  }

  /**
   * The service's configuration for these back-ends, on the given HTTP port, with the ops listener on a free port
   * of its own: test runs at the same time must not meet on OPS_PORT's default.
   */
  public JsonObject serviceConfig(int httpPort) {
    return new JsonObject()
        .put("HTTP_PORT", httpPort)
        .put("OPS_PORT", TestApp.freePortOtherThan(httpPort))
        .put("HTTP_INSTANCES", 2)
        .put("COUPON_INSTANCES", 2)
        .put("PG_HOST", pgHost)
        .put("PG_PORT", pgPort)
        .put("PG_DATABASE", pgDatabase)
        .put("PG_USER", pgUser)
        .put("PG_PASSWORD", pgPassword)
        .put("PG_SCHEMA", schema)
        .put("PG_POOL_SIZE", 8)
        .put("REDIS_URL", redisUrl)
        .put("TENANT_CACHE_SECONDS", 0)
        .put("SECRETS_KEYSET", keysetJson)
        // Tests talk to the back-ends named here, or fail: never to an embedded stand-in started on the side.
        .put("EMBEDDED", "false")
        // Undeploying at the end of a class need not wait long for requests a test left hanging.
        .put("SHUTDOWN_GRACE_SECONDS", 1)
        // Webhook receivers in tests listen on loopback.
        .put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true");
  }

  /** Seals secrets as this run's service does: for tenants written straight into the database. */
  public SecretBox secrets() {
    return secrets;
  }

  private static String newKeyset() {
    try {
      return Keysets.toJson(Keysets.generate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SecretBox box(String keysetJson) {
    try {
      return Keysets.box(Keysets.parse(keysetJson));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDBC connection whose search path is this run's schema, for seeding and for asserting on rows. */
  public Connection jdbc() throws SQLException {
    Connection conn = DriverManager.getConnection(
        "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase, pgUser, pgPassword);
    try (Statement st = conn.createStatement()) {
      st.execute("SET search_path TO " + schema);
    }
    return conn;
  }

  private void dropSchema() {
    try (Connection conn = jdbc(); Statement st = conn.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      LOG.warn("Could not drop test schema {}: {}", schema, e.getMessage());
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // the containers live as long as the test JVM; Ryuk removes them
  private static TestBackends fromContainers() {
    PostgreSQLContainer pg = new PostgreSQLContainer("postgres:15-alpine");
    pg.start();
    GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    redis.start();
    return new TestBackends(pg.getHost(), pg.getMappedPort(5432), pg.getDatabaseName(), pg.getUsername(),
        pg.getPassword(), "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
  }

  private static TestBackends fromEnvironment() {
    String host = System.getenv("TEST_PG_HOST");
    String redis = System.getenv("TEST_REDIS_URL");
    if (host == null || redis == null) {
      throw new IllegalStateException("No Docker engine answers and TEST_PG_HOST / TEST_REDIS_URL are not set: "
          + "the tests need a real PostgreSQL and Redis (bash .ci/run sets them for the local servers)");
    }
    return new TestBackends(host, Integer.parseInt(env("TEST_PG_PORT", "5432")), env("TEST_PG_DATABASE", "test"),
        env("TEST_PG_USER", "postgres"), env("TEST_PG_PASSWORD", ""), redis);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
