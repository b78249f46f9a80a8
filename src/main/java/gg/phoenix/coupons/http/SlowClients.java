package gg.phoenix.coupons.http;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;

/**
 * What bounds the time a client may hold a connection without sending a request: HTTP_IDLE_TIMEOUT_SECONDS
 * without a byte either way, and HTTP_HEADER_TIMEOUT_SECONDS for a request's line and headers
 * ({@link HeaderDeadline}). Cleartext HTTP/2 is off: every connection is HTTP/1.x, which both bounds cover.
 */
final class SlowClients {

  private SlowClients() {
  }

  static HttpServerOptions serverOptions(ServiceConfig.Http limits) {
    return new HttpServerOptions()
        .setIdleTimeout(limits.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setHttp2ClearTextEnabled(false);
  }

  /** For HttpServer#connectionHandler, which Vert.x calls as it sets the connection up, before it reads a request. */
  static Handler<HttpConnection> headerDeadline(ServiceConfig.Http limits) {
    long millis = TimeUnit.SECONDS.toMillis(limits.headerTimeoutSeconds());
    return connection -> {
      // Vert.x exposes a connection's Netty channel only on its implementation class.
      if (connection instanceof ConnectionBase base) {
        HeaderDeadline.install(base.channel().pipeline(), millis);
      }
    };
  }
}
