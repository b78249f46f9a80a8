package gg.phoenix.coupons.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field {@link TestService} fills in: the service ({@link Api}, {@link RawHttp}), its {@link io.vertx.core.Vertx},
 * its {@link Streams}, {@link WebhookReceiver}, {@link GuardRedis}, {@link TinyDns} or {@link io.vertx.sqlclient.Pool}
 * (one per test class), or a tenant ({@link TenantFixture}, {@link Studio}, {@link WebhookTenant},
 * {@link Seed.Tenant}): a new one for every test in an instance field, one for the whole class in a static field.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Fixture {
}
