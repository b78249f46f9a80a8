package gg.phoenix.coupons.support;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback in front of a server (Redis), which can hold what clients send: while stalled, bytes
 * from clients are kept in order and reach the server only on {@link #resume()}, as over a network path that
 * stops for a while. Answers from the server pass at all times. Everything runs on one context, so the order
 * of bytes on each connection is kept.
 */
public final class StallingProxy implements AutoCloseable {

  private final Context context;
  private final NetServer server;
  private final NetClient client;
  private final List<Runnable> held = new ArrayList<>();
  private boolean stalled;

  private StallingProxy(Vertx vertx, String targetHost, int targetPort) throws Exception {
    context = vertx.getOrCreateContext();
    client = vertx.createNetClient();
    Promise<NetServer> listening = Promise.promise();
    NetServer[] created = new NetServer[1];
    context.runOnContext(v -> {
      created[0] = vertx.createNetServer().connectHandler(socket -> pipe(socket, targetHost, targetPort));
      created[0].listen(0, "127.0.0.1").onComplete(listening);
    });
    server = listening.future().await(10, TimeUnit.SECONDS);
  }

  /** A proxy listening on a free port of 127.0.0.1 in front of {@code targetHost:targetPort}. */
  public static StallingProxy start(Vertx vertx, String targetHost, int targetPort) throws Exception {
    return new StallingProxy(vertx, targetHost, targetPort);
  }

  public int port() {
    return server.actualPort();
  }

  /** From now on, what clients send is held. */
  public void stall() throws Exception {
    onContext(() -> stalled = true);
  }

  /** Sends what was held, in order, and lets further bytes through. */
  public void resume() throws Exception {
    onContext(() -> {
      stalled = false;
      held.forEach(Runnable::run);
      held.clear();
    });
  }

  /** How many chunks clients sent while stalled, not yet passed on. */
  public int heldChunks() throws Exception {
    int[] count = new int[1];
    onContext(() -> count[0] = held.size());
    return count[0];
  }

  private void pipe(NetSocket inbound, String targetHost, int targetPort) {
    inbound.pause();
    client.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed()) {
        inbound.close();
        return;
      }
      NetSocket outbound = connected.result();
      outbound.handler(inbound::write);
      inbound.handler(bytes -> forward(outbound, bytes));
      outbound.closeHandler(v -> inbound.close());
      inbound.closeHandler(v -> outbound.close());
      inbound.resume();
    });
  }

  private void forward(NetSocket outbound, Buffer bytes) {
    if (stalled) {
      held.add(() -> outbound.write(bytes));
    } else {
      outbound.write(bytes);
    }
  }

  private void onContext(Runnable action) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      action.run();
      done.complete();
    });
    done.future().await(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    Future.join(server.close(), client.close()).await(10, TimeUnit.SECONDS);
  }
}
