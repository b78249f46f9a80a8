package gg.phoenix.coupons.support;

import gg.phoenix.coupons.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Deploys the whole service, as its fat jar would, on a free port against the test back-ends. */
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
    return new Api("http://127.0.0.1:" + port);
  }

  /**
   * The whole configuration a verticle deployed on its own reads (conf/config.json, the test back-ends, then
   * {@code overrides}); MainVerticle merges the same way.
   */
  public static JsonObject config(JsonObject overrides) throws IOException {
    JsonObject defaults = new JsonObject(Files.readString(Path.of("conf/config.json")));
    return defaults.mergeIn(TestBackends.get().serviceConfig(0)).mergeIn(overrides);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
