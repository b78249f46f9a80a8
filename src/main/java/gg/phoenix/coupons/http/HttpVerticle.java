package gg.phoenix.coupons.http;

import gg.phoenix.coupons.budget.RedisLeases;
import gg.phoenix.coupons.budget.TenantBudgets;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.TenantRef;
import gg.phoenix.coupons.config.DeployConfig;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.http.auth.HmacVerifier;
import gg.phoenix.coupons.http.auth.JwtClaimRules;
import gg.phoenix.coupons.http.auth.JwtVerifier;
import gg.phoenix.coupons.http.auth.ReplayGuard;
import gg.phoenix.coupons.http.auth.SeenSignatures;
import gg.phoenix.coupons.http.auth.TenantAuth;
import gg.phoenix.coupons.http.auth.TenantCredentials;
import gg.phoenix.coupons.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public listener: routes, authentication, each tenant's request budget and JSON in and out; everything else
 * is asked of other verticles over the event bus. Metrics and the admin API are not here but on the ops listener
 * ({@link OpsVerticle}).
 */
public class HttpVerticle extends VerticleBase {

  private final ServiceConfig config;
  private final DeployConfig deploy;
  private final TenantBudgets budgets;
  private final SeenSignatures seenSignatures;
  private final ConsoleThrottles consoleThrottles;
  private HttpServer server;
  private Redis redis;
  private Redis sessionRedis;
  private int graceSeconds;

  /**
   * @param config the service's settings, read once by MainVerticle
   * @param deploy how the service is run (CORS origins, shutdown grace)
   * @param budgets the process's tenant budgets, shared by every instance of this verticle
   * @param seenSignatures the process's memory of accepted signed writes, shared by every instance
   * @param consoleThrottles the process's count of failed console sign-ins, shared by every instance
   */
  public HttpVerticle(ServiceConfig config, DeployConfig deploy, TenantBudgets budgets, SeenSignatures seenSignatures,
                      ConsoleThrottles consoleThrottles) {
    this.config = config;
    this.deploy = deploy;
    this.budgets = budgets;
    this.seenSignatures = seenSignatures;
    this.consoleThrottles = consoleThrottles;
  }

  @Override
  public Future<?> start() {
    ClientAddresses clients = new ClientAddresses(config.edge().trustedProxies());
    // one connection the replay guard keeps for itself (pipelined), two for the budget's leases
    redis = RedisClients.create(vertx, config, 3);
    RedisLeases leases = new RedisLeases(RedisAPI.api(redis), config.redis().timeoutMs(),
        config.edge().tenantRateLimit(), config.edge().tenantRateBurst());
    ServiceConfig.Auth authSettings = config.auth();
    TenantCredentials credentials = new TenantCredentials(vertx, authSettings.tenantCacheSeconds(),
        config.http().requestTimeoutMs());
    ReplayGuard replays = new ReplayGuard(vertx, redis, seenSignatures, config.redis().timeoutMs(),
        authSettings.hmacMaxSkewSeconds());
    TenantAuth auth = new TenantAuth(
        new JwtVerifier(vertx, credentials, authSettings.jwtLeewaySeconds(), new JwtClaimRules(config.jwt())),
        new HmacVerifier(credentials, replays, authSettings.hmacMaxSkewSeconds()));

    vertx.eventBus().<JsonObject>consumer(Addresses.TENANT_CHANGED,
        msg -> credentials.forget(TenantRef.fromJson(msg.body()).tenantId()));
    BusForwarder bus = new BusForwarder(vertx, config.http().requestTimeoutMs(), "anonymous");
    sessionRedis = RedisClients.create(vertx, config, 2);
    ConsoleSessions consoleSessions = new ConsoleSessions(vertx, sessionRedis, config.console(), clients);
    TenantBudgetCheck budgetCheck = new TenantBudgetCheck(budgets, leases);

    Router router = Router.router(vertx);
    router.route().handler(new RequestIds(clients));
    router.route().handler(MalformedRequests::refuseNul);
    if (!deploy.corsOrigins().isEmpty()) {
      router.route("/v1/coupons/*").handler(Cors.handler(deploy.corsOrigins()));
    }
    DemoPage.mount(router);
    ConsolePages.mountDocs(router);
    new CodeImportRoute(bus, auth, config.http().importBodyLimitBytes()).mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes()));
    new HealthRoutes(vertx, config.http().requestTimeoutMs()).mount(router);
    OpenApiRoute.mount(vertx, router);
    router.route("/v1/coupons/:tenant_id/*").handler(auth).handler(budgetCheck);
    router.route(ConsoleRoutes.API + "/*").handler(consoleSessions.csrf()).handler(consoleSessions.sessions())
        .failureHandler(ConsoleSessions::explainRefusal);
    ConsolePages.mount(router);
    new ConsoleRoutes(bus, clients, consoleThrottles).mount(router);
    router.route(ConsoleRoutes.API + "/*").handler(budgetCheck);
    // The studio's routes, twice: for its servers under its tenant's path, and for its console users under the
    // console's API, where the tenant is the session's.
    for (String base : List.of("/v1/coupons/:tenant_id", ConsoleRoutes.API)) {
      new CouponRoutes(bus, clients).mount(router, base);
      new ManagementRoutes(bus).mount(router, base);
      new WebhookRoutes(bus, config.events().webhookAllowPrivateTargets()).mount(router, base);
      new RedemptionRoutes(bus).mount(router, base);
    }
    new EventRoutes(bus).mount(router);
    RouterEnds.mount(router);

    graceSeconds = deploy.shutdownGraceSeconds();
    server = vertx.createHttpServer(SlowClients.serverOptions(config.http()))
        .connectionHandler(SlowClients.headerDeadline(config.http()))
        .requestHandler(ResponseHeaders.before(router))
        .invalidRequestHandler(ResponseHeaders.before(MalformedRequests::undecodable));
    return server.listen(config.http().port());
  }

  /** Stops accepting at once; requests in flight get up to SHUTDOWN_GRACE_SECONDS to finish. */
  @Override
  public Future<?> stop() {
    Future<?> closed = server == null ? Future.succeededFuture() : server.shutdown(graceSeconds, TimeUnit.SECONDS);
    return closed.eventually(() -> Future.all(redis == null ? Future.succeededFuture() : redis.close(),
        sessionRedis == null ? Future.succeededFuture() : sessionRedis.close()));
  }
}
