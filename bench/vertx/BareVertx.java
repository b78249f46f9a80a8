import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The baseline of the validate benchmark: a Vert.x HTTP server that answers every request with one constant
 * JSON body, on as many event loops as the service's HTTP verticles. Run by bench/bench.py with the project's
 * classpath: java -cp target/classes:$(deps) BareVertx.java PORT INSTANCES
 */
public class BareVertx extends VerticleBase {

  private static final Buffer BODY = Buffer.buffer(
      "{\"valid\":true,\"coupon\":null,\"definition\":{\"id\":\"00000000-0000-0000-0000-000000000000\"},\"error\":null}");

  @Override
  public Future<?> start() {
    int port = config().getInteger("port");
    return vertx.createHttpServer()
        .requestHandler(req -> req.response().putHeader("Content-Type", "application/json").end(BODY))
        .listen(port);
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(BareVertx.class, new DeploymentOptions().setInstances(instances)
            .setConfig(new io.vertx.core.json.JsonObject().put("port", port)))
        .onSuccess(id -> System.out.println("bare vert.x listening on " + port + " with " + instances + " event loops"))
        .onFailure(err -> { err.printStackTrace(); System.exit(1); });
  }
}
