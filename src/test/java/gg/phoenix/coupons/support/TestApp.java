package gg.phoenix.coupons.support;

import gg.phoenix.coupons.MainVerticle;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Deploys the whole service, as its fat jar would, against the test back-ends, with its public and ops listeners
 * on free ports (so that test classes running at the same time never meet on OPS_PORT's default).
 */
public final class TestApp {

  private TestApp() {
  }

  /** Deploys and waits; answers a client for the service. */
  public static Api start(Vertx vertx) throws Exception {
    return start(vertx, new JsonObject());
  }

  public static Api start(Vertx vertx, JsonObject overrides) throws Exception {
    int port = freePort();
    JsonObject config = TestBackends.get().serviceConfig(port).mergeIn(overrides);
    vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config))
        .await(60, TimeUnit.SECONDS);
    return Api.at("http://127.0.0.1:" + port, "http://127.0.0.1:" + config.getValue("OPS_PORT"));
  }

  /**
   * The whole configuration a verticle deployed on its own reads (conf/config.json, the test back-ends, then
   * {@code overrides}); MainVerticle merges the same way.
   */
  public static JsonObject config(JsonObject overrides) throws IOException {
    JsonObject defaults = new JsonObject(Files.readString(Path.of("conf/config.json")));
    return defaults.mergeIn(TestBackends.get().serviceConfig(0)).mergeIn(overrides);
  }

  /** A pool of {@code size} connections to the tests' database and schema, connected as the service connects. */
  public static Pool pool(Vertx vertx, int size) throws IOException {
    ServiceConfig config = ServiceConfig.from(config(new JsonObject()));
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(PgPools.connectOptions(config)).using(vertx).build();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code count} distinct free ports (held open together while chosen, so none repeats). */
  public static int[] freePorts(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          if (socket != null) {
            socket.close();
          }
        } catch (IOException ignored) {
          // closing a socket we only held to learn its port
        }
      }
    }
  }

  /** A free port that is not {@code taken} (which the caller is about to listen on). */
  public static int freePortOtherThan(int taken) {
    try {
      int port = freePort();
      while (port == taken) {
        port = freePort();
      }
      return port;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
