package gg.phoenix.coupons.events;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The notifier of a process on its own, counted from a LISTEN session of the test's. */
class OutboxNotifyTest {

  private static final int COMMITS = 60;

  @Test
  @DisplayName("while the pool has no connection free, commits queue one NOTIFY, and one more covers those made meanwhile: not one per OUTBOX_NOTIFY_MS")
  void oneNotifyWaitsForTheConnection() throws Exception {
    ServiceConfig config = ServiceConfig.from(TestApp.config(new JsonObject().put("PG_POOL_SIZE", 1).put("OUTBOX_NOTIFY_MS", 5)));
    String channel = OutboxRelayVerticle.channel(config.postgres().schema());
    Vertx vertx = Vertx.vertx();
    try (Connection listener = TestBackends.get().jdbc(); Statement st = listener.createStatement()) {
      st.execute("LISTEN \"" + channel + "\"");
      vertx.deployVerticle(new OutboxNotifyVerticle(config)).await(10, TimeUnit.SECONDS);
      String tag = OutboxNotifyVerticle.processTag(vertx);
      Pool pool = PgPools.shared(vertx, config);
      SqlConnection busy = pool.getConnection().await(10, TimeUnit.SECONDS); // the pool's only one, as under a burst

      for (int i = 0; i < COMMITS; i++) {
        vertx.eventBus().publish(Addresses.OUTBOX_WRITTEN, null, new DeliveryOptions().setLocalOnly(true));
        Thread.sleep(10);
      }
      busy.close().await(10, TimeUnit.SECONDS);

      int received = 0;
      PGNotification[] batch;
      while ((batch = listener.unwrap(PGConnection.class).getNotifications(1_000)) != null && batch.length > 0) {
        for (PGNotification notification : batch) {
          received += tag.equals(notification.getParameter()) ? 1 : 0;
        }
      }
      assertThat(received).isBetween(1, 2);
      pool.close().await(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
