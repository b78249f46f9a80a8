package gg.phoenix.coupons.http;

import gg.phoenix.coupons.config.DeployConfig;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.http.auth.AdminThrottle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' listener, apart from the public one: {@code /metrics}, the admin API ({@code /v1/admin/*}), the
 * health checks and this listener's OpenAPI document ({@code /openapi-admin.yaml}), on OPS_PORT bound to OPS_HOST
 * (loopback by default). The public port answers 404 for metrics and the admin API, so that whatever reaches the
 * public port (the load balancer, the internet) cannot reach them at all.
 */
public class OpsVerticle extends VerticleBase {

  /** The ops router's routes are answered here, as the public router's are on {@link OpenApiRoute#ROUTES_ADDRESS}. */
  public static final String ROUTES_ADDRESS = "http.ops.routes";
  private static final Logger LOG = LoggerFactory.getLogger(OpsVerticle.class);

  private final ServiceConfig config;
  private final DeployConfig deploy;
  private HttpServer server;
  private int graceSeconds;

  /**
   * @param config the service's settings, read once by MainVerticle
   * @param deploy how the service is run (the shutdown grace period)
   */
  public OpsVerticle(ServiceConfig config, DeployConfig deploy) {
    this.config = config;
    this.deploy = deploy;
  }

  @Override
  public Future<?> start() {
    ServiceConfig.Edge edge = config.edge();
    // No proxy of ours fronts this listener (nginx never proxies to it): X-Forwarded-For is never read here, so a
    // caller on a trusted address cannot write itself a fresh address for every admin token it tries.
    ClientAddresses clients = new ClientAddresses(List.of());
    BusForwarder bus = new BusForwarder(vertx, config.http().requestTimeoutMs());

    Router router = Router.router(vertx);
    router.route().handler(new RequestIds(clients));
    router.route().handler(MalformedRequests::refuseNul);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes()));
    new HealthRoutes(vertx, config.http().requestTimeoutMs()).mount(router);
    OpenApiRoute.mountAdmin(router);
    if (vertx.isMetricsEnabled()) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
    AdminThrottle throttle = new AdminThrottle(edge.adminFailureLimit(), edge.adminFailureWindowSeconds());
    new AdminRoutes(bus, config.auth().adminToken(), throttle, clients).mount(router);
    RouterEnds.mount(router);
    OpenApiRoute.answerRoutes(vertx, router, ROUTES_ADDRESS);

    graceSeconds = deploy.shutdownGraceSeconds();
    // the same headers and time limits as the public listener: admin answers carry tenant secrets (no-store)
    server = vertx.createHttpServer(SlowClients.serverOptions(config.http()))
        .connectionHandler(SlowClients.headerDeadline(config.http()))
        .requestHandler(ResponseHeaders.before(router))
        .invalidRequestHandler(ResponseHeaders.before(MalformedRequests::undecodable));
    return server.listen(edge.opsPort(), edge.opsHost())
        .recover(err -> Future.failedFuture(new IllegalStateException("Cannot listen on OPS_HOST:OPS_PORT "
            + edge.opsHost() + ":" + edge.opsPort() + " (" + err.getMessage() + "); another instance on this machine needs"
            + " an OPS_PORT of its own", err)))
        .onSuccess(listening -> LOG.info("Ops listener (metrics, admin, health, /openapi-admin.yaml) on {}:{}", edge.opsHost(), listening.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(graceSeconds, TimeUnit.SECONDS);
  }
}
