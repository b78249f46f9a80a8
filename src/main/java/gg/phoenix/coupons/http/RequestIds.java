package gg.phoenix.coupons.http;

import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: takes the caller's {@code X-Request-Id} when it is a sane token, makes
 * one otherwise, returns it on the response, and logs one line per request at debug when it ends.
 * Handlers pass it on over the event bus with {@link #delivery}, so the consumers' log lines carry it too. The
 * line names the client's address as {@link ClientAddresses} works it out.
 */
public final class RequestIds implements Handler<RoutingContext> {

  public static final String HEADER = "X-Request-Id";
  static final String CONTEXT_KEY = "requestId";

  private static final Logger LOG = LoggerFactory.getLogger("gg.phoenix.coupons.http.requests");
  /** Anything else (too long, spaces, control characters) could forge log lines: replaced, not echoed. */
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

  private final ClientAddresses clients;

  RequestIds(ClientAddresses clients) {
    this.clients = clients;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && ACCEPTED.matcher(given).matches() ? given : newId();
    ctx.put(CONTEXT_KEY, id);
    ctx.response().putHeader(HEADER, id);
    if (LOG.isDebugEnabled()) {
      long started = System.nanoTime();
      String client = clients.of(ctx);
      ctx.addEndHandler(done -> LOG.debug("{} {} {} {} ms id={} client={}", ctx.request().method(),
          LoggedPaths.masked(ctx.request().path()), ctx.response().getStatusCode(),
          (System.nanoTime() - started) / 1_000_000, id, client));
    }
    ctx.next();
  }

  /**
   * A random version-4 UUID. Request ids correlate log lines and need not be unguessable: UUID.randomUUID's
   * SecureRandom is a lock every event loop takes once per request.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** The request's id, or null outside a request that went through this handler. */
  public static String of(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }

  /** A copy of {@code base} that carries the request's id as a message header. */
  public static DeliveryOptions delivery(RoutingContext ctx, DeliveryOptions base) {
    DeliveryOptions options = new DeliveryOptions(base);
    String id = of(ctx);
    return id == null ? options : options.addHeader(HEADER, id);
  }
}
