package gg.phoenix.coupons.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An upgrade as an operator makes it: a schema migrated only up to an old version, which the test fills as that
 * version would have, then this version started on it. Both are gone after each test. Register with
 * {@code @RegisterExtension final SchemaUpgrade upgrade = new SchemaUpgrade();}.
 */
public final class SchemaUpgrade implements AfterEachCallback {

  private OldSchema old;
  private Vertx vertx;

  /** Migrates a schema of its own up to {@code version} and answers its name. */
  public String oldSchema(String version) {
    old = OldSchema.migratedTo(version);
    return old.name();
  }

  /** Starts this version of the service, one HTTP and one coupon verticle, on the old schema. */
  public Api startThisVersion() throws Exception {
    vertx = Vertx.vertx();
    return TestApp.start(vertx, new JsonObject().put("PG_SCHEMA", old.name()).put("HTTP_INSTANCES", 1)
        .put("COUPON_INSTANCES", 1));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (vertx != null) {
      vertx.close().await(60, TimeUnit.SECONDS);
      vertx = null;
    }
    if (old != null) {
      old.drop();
      old = null;
    }
  }
}
