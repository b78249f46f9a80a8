package gg.phoenix.coupons.http;

import gg.phoenix.coupons.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Routes, authentication and JSON in and out; everything else is asked of other verticles over the event bus. */
public class HttpVerticle extends VerticleBase {

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.from(config());
    TenantCredentials credentials = new TenantCredentials(vertx, config.tenantCacheSeconds(), config.requestTimeoutMs());
    TenantAuth auth = new TenantAuth(
        new JwtVerifier(vertx, credentials, config.jwtLeewaySeconds()),
        new HmacVerifier(credentials, config.hmacMaxSkewSeconds()));

    Router router = Router.router(vertx);
    router.route().handler(new RequestIds());
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    new HealthRoutes(vertx, config.requestTimeoutMs()).mount(router);
    router.route("/v1/coupons/:tenant_id/*").handler(auth);
    new CouponRoutes(vertx, config.requestTimeoutMs()).mount(router);
    router.route().failureHandler(ErrorResponses::handle);
    router.route().last().handler(ctx -> ErrorResponses.send(ctx, ErrorResponses.toError(null, 404)));

    return vertx.createHttpServer().requestHandler(router).listen(config.httpPort());
  }
}
