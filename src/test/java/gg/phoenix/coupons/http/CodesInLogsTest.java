package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A coupon code is a bearer credential for its reward: the server log, read by more people than the database,
 * never holds one whole, also when a request that names it in its path fails with a 5xx.
 */
class CodesInLogsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("REQUEST_TIMEOUT_MS", 1000));

  @Fixture private static Api api;
  @Fixture private static Streams streams;

  @Test
  @DisplayName("a redeem that times out (504) while its coupon's row is locked is logged with the code masked, never the whole code")
  void timedOutRedeem() throws Exception {
    Studio studio = Studio.create(api);
    UUID item = Seed.rewardItem(studio.tenantId);
    String code = Seed.uniqueCode("LOGGED");
    Seed.coupon(studio.tenantId, Seed.definition(studio.tenantId, item, Seed.DefinitionSpec.singleUse()), "owner", code);
    Logger logger = (Logger) LoggerFactory.getLogger("gg.phoenix.coupons.http.ErrorResponses");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (Connection conn = TestBackends.get().jdbc()) {
      conn.setAutoCommit(false);
      try (PreparedStatement lock = conn.prepareStatement("SELECT 1 FROM coupons WHERE code = ? FOR UPDATE")) {
        lock.setString(1, code);
        lock.executeQuery();
      }
      Api.Response response = studio.post("/redeem/" + code, new JsonObject().put("user_id", "owner"));
      conn.rollback();

      assertThat(response.status()).as(response.body()).isEqualTo(504);
    } finally {
      logger.detachAppender(lines);
    }

    List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(logged).anySatisfy(line -> assertThat(line).contains("/redeem/" + code.substring(0, 3) + "***").contains("504"));
    assertThat(logged).noneSatisfy(line -> assertThat(line).contains(code));
    // the redemption itself went on once the row was free: leave no stream behind
    streams.await(studio.tenantId, entries -> entries.size() == 1, Duration.ofSeconds(10));
    streams.delete(studio.tenantId);
  }
}
