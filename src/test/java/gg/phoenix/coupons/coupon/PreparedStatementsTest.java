package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statements of a redemption are parsed and planned by PostgreSQL once per connection, not on every
 * execution: the client caches them only while they stay under its size limit and their parameters' types are
 * unambiguous. Without that, redemption ran at a third of its speed. Nor are they planned again for each execution's
 * values (the connections ask for generic plans): the batched redemption was, and its planning cost more than its work.
 */
@ExtendWith(TestService.class)
class PreparedStatementsTest {

  @Fixture private static Pool pool;

  static Stream<Arguments> hotStatements() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    UUID nothing = UUID.randomUUID();
    return Stream.of(
        Arguments.of("CONSUME_OWN_COUPONS_BY_CODE", CouponSql.CONSUME_OWN_COUPONS_BY_CODE,
            Tuple.of(new String[] {"no-tenant"}, new String[] {"NO-CODE"}, new String[] {"player"},
                new OffsetDateTime[] {now}, new UUID[] {UUID.randomUUID()}).addArrayOfString(new String[] {null})),
        Arguments.of("CONSUME_USE", CouponSql.CONSUME_USE, Tuple.of(nothing, nothing, "player", now, false, UUID.randomUUID(),
            new JsonObject().put("type", "coupon.redeemed").put("coupon", new JsonObject())).addValue(null)),
        Arguments.of("FIND_BY_CODES", CouponSql.FIND_BY_CODES, Tuple.tuple().addArrayOfString(new String[] {"no-tenant"}).addArrayOfString(new String[] {"NO-CODE"})),
        Arguments.of("PUBLIC_CODES", CouponSql.PUBLIC_CODES, Tuple.of("no-tenant", 1001)),
        Arguments.of("FIND_CLAIM", CouponSql.FIND_CLAIM, Tuple.of(nothing, "player")),
        Arguments.of("DEFINITION_TOTAL_USES", CouponSql.DEFINITION_TOTAL_USES, Tuple.of(nothing)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hotStatements")
  @DisplayName("a hot statement run twice on one connection is prepared there once, kept, and planned once (generic plan)")
  void preparedOnce(String name, String sql, Tuple args) {
    Row kept = pool.withConnection(conn -> conn.preparedQuery(sql).execute(args)
            .compose(first -> conn.preparedQuery(sql).execute(args))
            .compose(second -> conn.preparedQuery("SELECT count(*) AS kept, coalesce(sum(custom_plans), 0) AS custom_plans"
                    + " FROM pg_prepared_statements WHERE statement = $1")
                .execute(Tuple.of(sql)))
            .map(rows -> rows.iterator().next()))
        .toCompletionStage().toCompletableFuture().join();

    assertThat(kept.getLong("kept")).as(name + " among the connection's prepared statements").isEqualTo(1);
    assertThat(kept.getLong("custom_plans")).as(name + " planned again for its parameters' values").isZero();
  }
}
