package gg.phoenix.coupons.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.shareddata.LocalMap;

/**
 * Event-bus requests served on the caller's own event loop when possible. A consumer registered here also answers
 * on a twin address named after its event loop; a sender on that loop is pointed at the twin, so the request and
 * its reply are queued on the thread that is already running instead of waking another one (most of the cost of
 * a cached validate was those wake-ups). A sender on a loop without a twin uses the shared address.
 */
public final class SameLoop {

  private static final String TWINS = "coupons.same-loop-twins";

  private SameLoop() {
  }

  /** Registers {@code handler} on {@code address} and on its twin for the calling event loop. */
  public static <T> Future<Void> consumer(Vertx vertx, String address, Handler<Message<T>> handler) {
    String twin = twin(address);
    return Future.all(vertx.eventBus().<T>consumer(address, handler).completion(),
            vertx.eventBus().<T>localConsumer(twin, handler).completion())
        .onSuccess(v -> twins(vertx).put(twin, Boolean.TRUE))
        .mapEmpty();
  }

  /** Forgets the calling loop's twin of {@code address}, before its consumer goes away. */
  public static void forget(Vertx vertx, String address) {
    twins(vertx).remove(twin(address));
  }

  /** The twin of {@code address} on the calling event loop when one is served there, else {@code address}. */
  public static String nearest(Vertx vertx, String address) {
    String twin = twin(address);
    return twins(vertx).containsKey(twin) ? twin : address;
  }

  private static String twin(String address) {
    return address + "@" + Thread.currentThread().getName();
  }

  private static LocalMap<String, Boolean> twins(Vertx vertx) {
    return vertx.sharedData().getLocalMap(TWINS);
  }
}
