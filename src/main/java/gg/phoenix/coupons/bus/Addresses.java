package gg.phoenix.coupons.bus;

/** Every event-bus address of the service, in one place. */
public final class Addresses {

  public static final String DEFINITIONS_LIST = "coupons.definitions.list";
  public static final String USER_COUPONS = "coupons.user.list";
  public static final String USER_COUPON = "coupons.user.get";
  public static final String USER_REDEMPTIONS = "coupons.user.redemptions";
  public static final String VALIDATE = "coupons.validate";
  public static final String REDEEM = "coupons.redeem";
  public static final String ROLLBACK_REDEMPTION = "coupons.redemption.rollback";

  /** Every published outbox event, once the relay has put it on the Redis stream (publish, not request). */
  public static final String EVENTS = "coupons.events";
  /**
   * Local to a process, published (no body) once a transaction that wrote outbox events has committed: wakes this
   * process's relays, and its notifier, which tells the relays of other processes ({@code Outbox.wakeRelaysOnCommit}).
   */
  public static final String OUTBOX_WRITTEN = "outbox.written";
  /** A page of a tenant's published events, replayed from the retained outbox. */
  public static final String EVENTS_REPLAY = "events.replay";
  public static final String WEBHOOKS_CREATE = "webhooks.create";
  public static final String WEBHOOKS_LIST = "webhooks.list";
  public static final String WEBHOOKS_DELETE = "webhooks.delete";
  public static final String WEBHOOKS_ROTATE_SECRET = "webhooks.rotate-secret";
  public static final String WEBHOOKS_DELIVERIES = "webhooks.deliveries";
  public static final String WEBHOOKS_RETRY_DELIVERY = "webhooks.deliveries.retry";
  /** Tells the webhook senders of this process that deliveries may be due (no body). */
  public static final String WEBHOOKS_WAKE = "webhooks.wake";

  public static final String TENANT_CREDENTIALS = "tenants.credentials";
  /** Published with a {@link TenantRef} when a tenant's secrets or status change, so cached credentials are dropped. */
  public static final String TENANT_CHANGED = "tenants.changed";

  public static final String ADMIN_TENANT_CREATE = "admin.tenants.create";
  public static final String ADMIN_TENANT_GET = "admin.tenants.get";
  public static final String ADMIN_TENANT_ROTATE = "admin.tenants.rotate";
  public static final String ADMIN_TENANT_UPDATE = "admin.tenants.update";

  public static final String REWARD_ITEM_CREATE = "manage.reward-items.create";
  public static final String REWARD_ITEM_LIST = "manage.reward-items.list";
  public static final String DEFINITION_CREATE = "manage.definitions.create";
  public static final String DEFINITION_GET = "manage.definitions.get";
  /** Every definition in any status, with its remaining uses: the console's list. */
  public static final String DEFINITIONS_OVERVIEW = "manage.definitions.overview";
  public static final String DEFINITION_UPDATE = "manage.definitions.update";
  public static final String COUPONS_GENERATE = "manage.coupons.generate";
  public static final String COUPONS_EXPORT_PAGE = "manage.coupons.export-page";
  public static final String COUPON_REVOKE = "manage.coupons.revoke";
  public static final String JOB_GET = "manage.jobs.get";
  public static final String BATCH_LIST = "manage.batches.list";
  public static final String BATCH_GET = "manage.batches.get";
  public static final String BATCH_EXPORT_PAGE = "manage.batches.export-page";
  public static final String BATCH_REVOKE = "manage.batches.revoke";
  public static final String BATCH_STATS = "manage.batches.stats";
  public static final String DEFINITION_STATS = "manage.definitions.stats";
  /** A code import: an upload begun, lines of it staged, then made a job once verified, or discarded. */
  public static final String IMPORT_BEGIN = "manage.imports.begin";
  public static final String IMPORT_STAGE = "manage.imports.stage";
  public static final String IMPORT_COMMIT = "manage.imports.commit";
  public static final String IMPORT_DISCARD = "manage.imports.discard";
  public static final String IMPORT_ERRORS_PAGE = "manage.imports.errors-page";

  /** Console users (console/ConsoleUserVerticle): invitations, passwords, sign-in, roles. */
  public static final String CONSOLE_INVITE = "console.users.invite";
  public static final String CONSOLE_ACCEPT_INVITATION = "console.invitations.accept";
  public static final String CONSOLE_SIGN_IN = "console.sign-in";
  public static final String CONSOLE_SIGN_OUT_EVERYWHERE = "console.sign-out";
  public static final String CONSOLE_USER_GET = "console.users.get";
  public static final String CONSOLE_USERS_LIST = "console.users.list";
  public static final String CONSOLE_USER_UPDATE = "console.users.update";
  public static final String CONSOLE_USER_REMOVE = "console.users.remove";

  /** The audit log (audit/AuditVerticle): one change recorded, and a page of a tenant's changes. */
  public static final String AUDIT_RECORD = "audit.record";
  public static final String AUDIT_LIST = "audit.list";

  public static final String IDEMPOTENCY_CLAIM = "idempotency.claim";
  public static final String IDEMPOTENCY_COMPLETE = "idempotency.complete";
  public static final String IDEMPOTENCY_RELEASE = "idempotency.release";

  /** Readiness of the back-ends: answers {"postgres": "up"|"down", "redis": "up"|"down"}, never fails. */
  public static final String HEALTH_CHECK = "health.check";

  /** Local: asks MainVerticle to stop the service in order (HTTP within the grace period, then the rest). */
  public static final String SHUTDOWN = "service.shutdown";

  private Addresses() {
  }
}
