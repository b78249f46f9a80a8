package gg.phoenix.coupons.stats;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds what {@link CampaignCounters} counted to validation_counts and lockout_counts every STATS_FLUSH_MS, and once
 * more when the process stops. Counts are written one turn after they are taken from the counters, so that a count a
 * validating thread was adding at that moment is in them. A flush that fails is tried again with the next turn's; a
 * process that dies loses what it counted since its last flush, up to two intervals.
 */
public class StatsFlushVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StatsFlushVerticle.class);

  static final String ADD_VALIDATIONS = """
      INSERT INTO validation_counts AS v (tenant_id, definition_id, outcome, count)
      SELECT * FROM unnest($4::text[], $1::uuid[], $2::text[], $3::bigint[])
      ON CONFLICT (tenant_id, definition_id, outcome) DO UPDATE SET count = v.count + excluded.count
      """;

  static final String ADD_LOCKOUTS = """
      INSERT INTO lockout_counts AS l (tenant_id, count)
      SELECT * FROM unnest($1::text[], $2::bigint[])
      ON CONFLICT (tenant_id) DO UPDATE SET count = l.count + excluded.count
      """;

  private final ServiceConfig config;
  private final CampaignCounters counters;
  private Pool pool;
  private long timer;
  private CampaignCounters.Counts taken = CampaignCounters.Counts.empty();
  private boolean flushing;

  public StatsFlushVerticle(ServiceConfig config, CampaignCounters counters) {
    this.config = config;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    timer = vertx.setPeriodic(config.campaigns().statsFlushMs(), id -> flush());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    counters.restore(taken);
    taken = counters.drain();
    return write(taken).eventually(() -> pool.close());
  }

  private void flush() {
    if (flushing) {
      return;
    }
    CampaignCounters.Counts ready = taken;
    taken = counters.drain();
    flushing = true;
    write(ready).onComplete(done -> flushing = false);
  }

  private Future<Void> write(CampaignCounters.Counts counts) {
    if (counts.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> owners = new ArrayList<>();
    List<UUID> definitions = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    List<Long> validations = new ArrayList<>();
    counts.validations().forEach((key, n) -> {
      owners.add(key.tenantId());
      definitions.add(key.definitionId());
      outcomes.add(key.outcome());
      validations.add(n.sum());
    });
    List<String> tenants = new ArrayList<>(counts.lockouts().keySet());
    List<Long> lockouts = tenants.stream().map(t -> counts.lockouts().get(t).sum()).toList();
    return pool.withTransaction(conn -> conn.preparedQuery(ADD_VALIDATIONS)
            .execute(Tuple.tuple().addValue(definitions.toArray(UUID[]::new)).addValue(outcomes.toArray(String[]::new))
                .addValue(validations.toArray(Long[]::new)).addValue(owners.toArray(String[]::new)))
            .compose(v -> conn.preparedQuery(ADD_LOCKOUTS)
                .execute(Tuple.tuple().addValue(tenants.toArray(String[]::new)).addValue(lockouts.toArray(Long[]::new)))))
        .<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("Could not write validation and lockout counts; trying again with the next flush: {}", err.toString());
          counters.restore(counts);
          return Future.succeededFuture();
        });
  }
}
