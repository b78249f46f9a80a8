package gg.phoenix.coupons.support;

import gg.phoenix.coupons.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * The tests' one fixture: deploys the whole service once for a test class, on a Vert.x of its own that is closed
 * after the class, and hands each test what it asks for, as a parameter or as a {@link Fixture} field: the service
 * ({@link Api}, and {@link RawHttp} for bytes exactly as given), its {@link Vertx}, a fresh tenant with its id,
 * secret and signed clients ({@link TenantFixture}, {@link Studio}, {@link WebhookTenant}, {@link Seed.Tenant}), and
 * the class's {@link Streams}, {@link WebhookReceiver}, {@link GuardRedis}, {@link TinyDns} and {@link Pool}. When
 * the class reads the event streams, the stream of each tenant it gave is deleted after the test that had it.
 *
 * <pre>{@code
 * @ExtendWith(TestService.class)                       // the default configuration
 * class RedeemTest {
 *   @Fixture Api api;
 *   @Fixture TenantFixture t;                          // a new tenant for every test
 * }
 *
 * class WebhookTest {
 *   @RegisterExtension
 *   static final TestService SERVICE = TestService.with(new JsonObject().put("WEBHOOK_POLL_MS", 50));
 *   @Test void delivered(Api api, WebhookTenant tenant, WebhookReceiver receiver) { ... }
 * }
 * }</pre>
 */
public final class TestService
    implements BeforeAllCallback, AfterAllCallback, AfterEachCallback, TestInstancePostProcessor, ParameterResolver {

  private static final Map<Class<?>, Function<TestService, Object>> FIXTURES = Map.ofEntries(
      Map.entry(Api.class, TestService::api),
      Map.entry(Vertx.class, TestService::vertx),
      Map.entry(Streams.class, TestService::streams),
      Map.entry(WebhookReceiver.class, TestService::receiver),
      Map.entry(GuardRedis.class, TestService::guardRedis),
      Map.entry(TinyDns.class, TestService::dns),
      Map.entry(Pool.class, TestService::pool),
      Map.entry(RawHttp.class, service -> new RawHttp(service.api().port())),
      Map.entry(TenantFixture.class, service -> new TenantFixture()),
      Map.entry(Studio.class, service -> Studio.create(service.api())),
      Map.entry(WebhookTenant.class, service -> new WebhookTenant(service.api())),
      Map.entry(Seed.Tenant.class, service -> Seed.tenant()));

  private final JsonObject overrides;
  private final boolean metrics;
  /** Whether it fills {@link Fixture} fields and parameters; a class's further services do not. */
  private final boolean primary;
  /** Whether it runs on the Redis database {@link GuardRedis} claims, with no relay or webhook senders. */
  private final boolean ownRedisDatabase;
  /** Whether it resolves host names through a {@link TinyDns} of the test's. */
  private final boolean ownDns;

  /**
   * The tenants the fixtures gave the running test, and those given for the whole class: when the class reads the
   * event streams ({@link Streams}), each tenant's stream is deleted after the test (or the class) that had it.
   */
  private final List<String> testTenants = new CopyOnWriteArrayList<>();
  private final List<String> classTenants = new CopyOnWriteArrayList<>();

  private Vertx vertx;
  private Api api;
  private Streams streams;
  private WebhookReceiver receiver;
  private GuardRedis guardRedis;
  private Pool pool;
  private Vertx dnsVertx;
  private TinyDns tinyDns;

  /** The service with conf/config.json and the test back-ends, nothing overridden. */
  public TestService() {
    this(new JsonObject(), false, true, false, false);
  }

  private TestService(JsonObject overrides, boolean metrics, boolean primary, boolean ownRedisDatabase, boolean ownDns) {
    this.overrides = overrides;
    this.metrics = metrics;
    this.primary = primary;
    this.ownRedisDatabase = ownRedisDatabase;
    this.ownDns = ownDns;
  }

  /** The service with these configuration keys overridden. */
  public static TestService with(JsonObject overrides) {
    return new TestService(overrides, false, true, false, false);
  }

  /**
   * A further service beside a class's first one (another configuration, or a second instance on the same
   * back-ends): it fills no {@link Fixture} fields and resolves no parameters; the test asks it for {@link #api()}.
   */
  public static TestService another(JsonObject overrides) {
    return new TestService(overrides, false, false, false, false);
  }

  /** On a Vert.x built as the fat jar builds it, with Micrometer metrics (served at /metrics). */
  public TestService withMetrics() {
    return new TestService(overrides, true, primary, ownRedisDatabase, ownDns);
  }

  /**
   * On the Redis database {@link GuardRedis} claims for this run, with no outbox relay or webhook senders: for tests
   * that read, flush or count the guard's keys. Every such service of the run shares that database, and each leaves it
   * empty after its class (counters, caches, lockouts in force), for the next class or run.
   */
  public TestService onOwnRedisDatabase() {
    return new TestService(overrides, metrics, primary, true, ownDns);
  }

  /** Resolving host names through a {@link TinyDns} (on a Vert.x of its own) that the test tells what to answer. */
  public TestService withOwnDns() {
    return new TestService(overrides, metrics, primary, ownRedisDatabase, true);
  }

  public Api api() {
    return started(api);
  }

  public Vertx vertx() {
    return started(vertx);
  }

  /** Reads the service's event streams in Redis; one per class. */
  public synchronized Streams streams() {
    if (streams == null) {
      streams = new Streams(vertx());
    }
    return streams;
  }

  /** A webhook endpoint on loopback that records what it receives; one per class. */
  public synchronized WebhookReceiver receiver() {
    if (receiver == null) {
      try {
        receiver = new WebhookReceiver(vertx());
      } catch (Exception e) {
        throw new IllegalStateException("The webhook receiver did not start", e);
      }
    }
    return receiver;
  }

  /** A client of the Redis database the service runs on ({@link #onOwnRedisDatabase()}); one per class. */
  public synchronized GuardRedis guardRedis() {
    if (!ownRedisDatabase) {
      throw new IllegalStateException("GuardRedis is the Redis of a service started onOwnRedisDatabase()");
    }
    if (guardRedis == null) {
      guardRedis = new GuardRedis(vertx());
    }
    return guardRedis;
  }

  /** Connections of the test's own to the service's database (4), for statements it runs itself; one per class. */
  public synchronized Pool pool() {
    if (pool == null) {
      try {
        pool = TestApp.pool(vertx(), 4);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pool;
  }

  /** The DNS server the service asks ({@link #withOwnDns()}). */
  public TinyDns dns() {
    if (!ownDns) {
      throw new IllegalStateException("TinyDns answers a service started withOwnDns()");
    }
    return started(tinyDns);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    VertxOptions vertxOptions = new VertxOptions();
    if (ownDns) {
      dnsVertx = Vertx.vertx();
      tinyDns = new TinyDns(dnsVertx);
      vertxOptions.setAddressResolverOptions(tinyDns.resolverOptions());
    }
    vertx = metrics ? Metrics.vertxBuilder(vertxOptions).build() : Vertx.vertx(vertxOptions);
    JsonObject config = ownRedisDatabase ? GuardRedis.serviceConfig(vertx).mergeIn(overrides.copy()) : overrides.copy();
    api = TestApp.start(vertx, config);
    if (primary) {
      injectFields(context.getRequiredTestClass(), null);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    dropStreams(testTenants);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    dropStreams(classTenants);
    if (ownRedisDatabase && vertx != null) {
      guardRedis().close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (streams != null) {
      streams.close();
    }
    if (pool != null) {
      pool.close().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      closeOrDumpThreads(vertx);
    }
    if (tinyDns != null) {
      tinyDns.close();
      dnsVertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A close that has not ended within 30 s is left to end in the background, with every thread's stack printed to say
   * which stop did not end: the tests of the class have run, and the service's own stop is bounded in production by
   * Main's guard. (Seen rarely, with no thread blocked: a stop's future that never completed.)
   */
  private static void closeOrDumpThreads(Vertx vertx) {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException hung) {
      System.err.println("Vert.x did not close within 30 s; the threads:");
      Thread.getAllStackTraces().forEach((thread, stack) -> {
        System.err.println("\"" + thread.getName() + "\" " + thread.getState());
        for (StackTraceElement frame : stack) {
          System.err.println("    at " + frame);
        }
      });
    }
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws Exception {
    if (primary) {
      injectFields(testInstance.getClass(), testInstance);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return primary && FIXTURES.containsKey(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return give(parameter.getParameter().getType(), testTenants);
  }

  /** Fills the static {@link Fixture} fields when {@code instance} is null, else the instance's. */
  private void injectFields(Class<?> type, Object instance) throws IllegalAccessException {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.isAnnotationPresent(Fixture.class) && Modifier.isStatic(field.getModifiers()) == (instance == null)) {
          if (!FIXTURES.containsKey(field.getType())) {
            throw new ExtensionConfigurationException("@Fixture " + field + ": TestService gives no " + field.getType().getSimpleName());
          }
          field.setAccessible(true);
          field.set(instance, give(field.getType(), instance == null ? classTenants : testTenants));
        }
      }
    }
  }

  /** The fixture of this type, noting in {@code tenants} the tenant it made, if it made one. */
  private Object give(Class<?> type, List<String> tenants) {
    Object fixture = FIXTURES.get(type).apply(this);
    tenantOf(fixture).ifPresent(tenants::add);
    return fixture;
  }

  private static Optional<String> tenantOf(Object fixture) {
    if (fixture instanceof TenantFixture tenant) {
      return Optional.of(tenant.id());
    }
    if (fixture instanceof Studio studio) {
      return Optional.of(studio.tenantId);
    }
    if (fixture instanceof WebhookTenant tenant) {
      return Optional.of(tenant.id());
    }
    return fixture instanceof Seed.Tenant tenant ? Optional.of(tenant.id()) : Optional.empty();
  }

  private void dropStreams(List<String> tenants) {
    if (streams != null) {
      tenants.forEach(streams::delete);
    }
    tenants.clear();
  }

  private <T> T started(T value) {
    if (value == null) {
      throw new IllegalStateException("The service is deployed before the test class's first test, not earlier");
    }
    return value;
  }
}
