package gg.phoenix.coupons.console;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Audits;
import gg.phoenix.coupons.bus.ManagementRequest;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Function;

/**
 * The studio console's users ({@link ConsoleUsers}), asked by the console's routes and the operator's over the
 * event bus as {@link ManagementRequest}s: the tenant (from the session or the operator's path), the user's id, and
 * the body. Invitations and changes of role go into the audit log.
 */
public class ConsoleUserVerticle extends VerticleBase {

  private final ServiceConfig config;
  private Pool pool;

  public ConsoleUserVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    ConsoleUsers users = new ConsoleUsers(vertx, pool, config.console().publicUrl(), config.console().invitationHours());
    return Future.all(List.of(
        audited(Addresses.CONSOLE_INVITE, req -> users.invite(req.tenantId(), req.body()), null),
        on(Addresses.CONSOLE_ACCEPT_INVITATION, req -> users.acceptInvitation(req.body())),
        on(Addresses.CONSOLE_SIGN_IN, req -> users.signIn(req.body())),
        on(Addresses.CONSOLE_USER_GET, req -> users.get(req.id())),
        on(Addresses.CONSOLE_SIGN_OUT_EVERYWHERE, req -> users.signOutEverywhere(req.id())),
        vertx.eventBus().<JsonObject>consumer(Addresses.CONSOLE_USERS_LIST, msg -> Replies.answer(msg, () -> users.list(
            msg.body().getString("tenant_id"), msg.body().getInteger("limit"), msg.body().getString("cursor")))).completion(),
        audited(Addresses.CONSOLE_USER_UPDATE, req -> users.setRole(req.tenantId(), req.id(), req.body()),
            req -> users.find(req.tenantId(), req.id())),
        audited(Addresses.CONSOLE_USER_REMOVE, req -> users.remove(req.tenantId(), req.id()),
            req -> users.find(req.tenantId(), req.id()))));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<Void> on(String address, Function<ManagementRequest, Future<?>> handler) {
    return vertx.eventBus().<JsonObject>consumer(address,
        msg -> Replies.answer(msg, () -> handler.apply(ManagementRequest.fromJson(msg.body())))).completion();
  }

  private Future<Void> audited(String address, Function<ManagementRequest, Future<?>> handler,
                               Function<ManagementRequest, Future<?>> before) {
    return vertx.eventBus().<JsonObject>consumer(address, msg -> {
      ManagementRequest req = ManagementRequest.fromJson(msg.body());
      Audits.answer(vertx, msg, req.tenantId(), req.id(), before == null ? null : () -> before.apply(req),
          () -> handler.apply(req));
    }).completion();
  }
}
