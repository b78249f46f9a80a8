package gg.phoenix.coupons;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.metrics.Metrics;
import gg.phoenix.coupons.secrets.KeysetCommand;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The fat jar's entry point: Vert.x's own {@link VertxApplication} with two additions it cannot express.
 * {@code --demo} (picocli would refuse an option it does not know) becomes the configuration key DEMO;
 * SIGTERM and SIGINT stop the service in order (HTTP first, within SHUTDOWN_GRACE_SECONDS, then the
 * pools) and exit 0, where the JVM's default would exit 143 with verticles closed in no particular order.
 * Two operator commands run instead of the service and exit: {@code --secrets-keyset <command> <file>}
 * ({@link KeysetCommand}) and {@code --reencrypt-secrets} ({@link ReencryptSecrets}); see docs/security.md.
 */
public final class Main implements VertxApplicationHooks {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Only a guard against a stop sequence that hangs: the sequence enforces the grace period itself. */
  private static final long STOP_LIMIT_MINUTES = 65;

  private final boolean demo;
  private final int eventLoops;

  private Main(boolean demo, int eventLoops) {
    this.demo = demo;
    this.eventLoops = eventLoops;
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--secrets-keyset")) {
      System.exit(KeysetCommand.run(List.of(args).subList(1, args.length), System.out, System.err));
    }
    if (args.length > 0 && args[0].equals("--reencrypt-secrets")) {
      System.exit(ReencryptSecrets.run(new JsonObject(), System.out, System.err));
    }
    List<String> rest = new ArrayList<>();
    boolean demo = false;
    for (String arg : args) {
      if (arg.equals("--demo")) {
        demo = true;
      } else {
        rest.add(arg);
      }
    }
    if (rest.isEmpty() || rest.get(0).startsWith("-")) {
      rest.add(0, MainVerticle.class.getName());
    }
    int eventLoops;
    try {
      eventLoops = eventLoops();
    } catch (IllegalArgumentException badValue) {
      System.err.println(badValue.getMessage());
      System.exit(2);
      return;
    }
    new VertxApplication(rest.toArray(String[]::new), new Main(demo, eventLoops)).launch();
  }

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    JsonObject conf = config == null ? new JsonObject() : config;
    return demo ? conf.put("DEMO", true) : conf;
  }

  /** Metrics are chosen when Vert.x is built, before the configuration is read: METRICS_ENABLED=false (environment only) turns them off. */
  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    options.setEventLoopPoolSize(eventLoops);
    return "false".equals(System.getenv("METRICS_ENABLED")) ? Vertx.builder().with(options) : Metrics.vertxBuilder(options);
  }

  /**
   * One event loop per core (Vert.x's default is two): the verticles' instances then share fewer threads, and an
   * event-bus hop less often wakes another thread. EVENT_LOOPS (environment only) overrides it.
   */
  private static int eventLoops() {
    String configured = System.getenv("EVENT_LOOPS");
    if (configured == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (!configured.strip().matches("[1-9][0-9]{0,3}")) {
      throw new IllegalArgumentException("Environment variable EVENT_LOOPS must be a whole number from 1 to 9999");
    }
    return Integer.parseInt(configured.strip());
  }

  @Override
  public void afterVertxStarted(HookContext context) {
    Vertx vertx = context.vertx();
    Signal.handle(new Signal("TERM"), signal -> stop(vertx, "SIGTERM"));
    Signal.handle(new Signal("INT"), signal -> stop(vertx, "SIGINT"));
  }

  /** Runs on the signal's own thread: may block. */
  private static void stop(Vertx vertx, String why) {
    LOG.info("{} received: stopping (HTTP first, then pools)", why);
    int status = 0;
    try {
      vertx.eventBus().request(Addresses.SHUTDOWN, new JsonObject(),
              new DeliveryOptions().setLocalOnly(true).setSendTimeout(TimeUnit.MINUTES.toMillis(STOP_LIMIT_MINUTES)))
          .await(STOP_LIMIT_MINUTES, TimeUnit.MINUTES);
    } catch (Exception e) {
      // Not started yet, or a step failed: closing Vert.x below still closes what is open.
      LOG.warn("Ordered stop incomplete: {}", e.getMessage());
    }
    try {
      vertx.close().await(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.error("Vert.x did not close cleanly: {}", e.getMessage());
      status = 1;
    }
    LOG.info("Stopped");
    System.exit(status);
  }
}
