package gg.phoenix.coupons.http;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.DeployConfig;
import gg.phoenix.coupons.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.concurrent.TimeUnit;

/** Routes, authentication and JSON in and out; everything else is asked of other verticles over the event bus. */
public class HttpVerticle extends VerticleBase {

  private HttpServer server;
  private int graceSeconds;

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.from(config());
    TenantCredentials credentials = new TenantCredentials(vertx, config.tenantCacheSeconds(), config.requestTimeoutMs());
    TenantAuth auth = new TenantAuth(
        new JwtVerifier(vertx, credentials, config.jwtLeewaySeconds()),
        new HmacVerifier(credentials, config.hmacMaxSkewSeconds()));

    vertx.eventBus().<JsonObject>consumer(Addresses.TENANT_CHANGED,
        msg -> credentials.forget(msg.body().getString("tenant_id")));
    BusForwarder bus = new BusForwarder(vertx, config.requestTimeoutMs());

    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    router.route().handler(MalformedRequests::refuseNul);
    DeployConfig deploy = DeployConfig.from(config());
    if (!deploy.corsOrigins().isEmpty()) {
      router.route("/v1/coupons/*").handler(Cors.handler(deploy.corsOrigins()));
    }
    DemoPage.mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    new HealthRoutes(vertx, config.requestTimeoutMs()).mount(router);
    OpenApiRoute.mount(vertx, router);
    if (vertx.isMetricsEnabled()) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
    new AdminRoutes(bus, config.adminToken()).mount(router);
    router.route("/v1/coupons/:tenant_id/*").handler(auth);
    new CouponRoutes(bus).mount(router);
    new ManagementRoutes(bus).mount(router);
    new WebhookRoutes(bus, config.events().webhookAllowPrivateTargets()).mount(router);
    new RedemptionRoutes(bus).mount(router);
    new EventRoutes(bus).mount(router);
    router.route().failureHandler(ErrorResponses::handle);
    // Failures vertx-web answers itself (e.g. a broken percent-escape) get the usual error shape too.
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> ErrorResponses.send(ctx, ErrorResponses.toError(null, status)));
    }
    router.route().last().handler(ctx -> ErrorResponses.send(ctx, ErrorResponses.toError(null, 404)));

    graceSeconds = deploy.shutdownGraceSeconds();
    server = vertx.createHttpServer().requestHandler(router).invalidRequestHandler(MalformedRequests::undecodable);
    return server.listen(config.httpPort());
  }

  /** Stops accepting at once; requests in flight get up to SHUTDOWN_GRACE_SECONDS to finish. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(graceSeconds, TimeUnit.SECONDS);
  }
}
