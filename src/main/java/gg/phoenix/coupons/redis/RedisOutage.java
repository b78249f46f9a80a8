package gg.phoenix.coupons.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs once when Redis stops answering and once when it is back, however many calls notice. */
public final class RedisOutage {

  private static final Logger LOG = LoggerFactory.getLogger(RedisOutage.class);
  private static final AtomicBoolean DOWN = new AtomicBoolean();

  private RedisOutage() {
  }

  public static void noticed(Throwable cause) {
    if (DOWN.compareAndSet(false, true)) {
      LOG.warn("Redis does not answer ({}): redemptions go through PostgreSQL alone, still exact, until it is back",
          cause.getMessage());
    }
  }

  public static void answered() {
    if (DOWN.get() && DOWN.compareAndSet(true, false)) {
      LOG.info("Redis answers again: the usage guard and caches are back in use");
    }
  }
}
