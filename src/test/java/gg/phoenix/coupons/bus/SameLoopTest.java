package gg.phoenix.coupons.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SameLoopTest {

  private static final String ADDRESS = "test.same-loop";

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code action} on {@code context}'s event loop and waits for what it answers. */
  private static <T> T on(Context context, java.util.function.Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> answer = new CompletableFuture<>();
    context.runOnContext(v -> action.get().onComplete(done -> {
      if (done.succeeded()) {
        answer.complete(done.result());
      } else {
        answer.completeExceptionally(done.cause());
      }
    }));
    return answer.get(10, TimeUnit.SECONDS);
  }

  /** The context of a new (empty) verticle: deployments are handed the event loops in turn. */
  private Context newContext() throws Exception {
    CompletableFuture<Context> found = new CompletableFuture<>();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        found.complete(context);
        return Future.succeededFuture();
      }
    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return found.get(10, TimeUnit.SECONDS);
  }

  /** A context on another event loop than {@code thread} (new contexts are spread over the loops). */
  private Context otherThan(String thread) throws Exception {
    for (int i = 0; i < 16; i++) {
      Context context = newContext();
      if (!thread.equals(on(context, () -> Future.succeededFuture(Thread.currentThread().getName())))) {
        return context;
      }
    }
    throw new AssertionError("no second event loop");
  }

  @Test
  @DisplayName("a request from the consumer's own event loop goes to its twin and is answered on that thread; from another loop, to the shared address")
  void nearestTwin() throws Exception {
    Context consumerLoop = newContext();
    String consumerThread = on(consumerLoop, () -> Future.succeededFuture(Thread.currentThread().getName()));
    Context otherLoop = otherThan(consumerThread);
    on(consumerLoop, () -> SameLoop.<String>consumer(vertx, ADDRESS, msg -> msg.reply(Thread.currentThread().getName())));

    String fromSameLoop = on(consumerLoop, () -> Future.succeededFuture(SameLoop.nearest(vertx, ADDRESS)));
    String fromOtherLoop = on(otherLoop, () -> Future.succeededFuture(SameLoop.nearest(vertx, ADDRESS)));
    String answeredOn = on(consumerLoop, () -> vertx.eventBus().<String>request(SameLoop.nearest(vertx, ADDRESS), "ping")
        .map(reply -> reply.body()));
    String answeredFromOther = on(otherLoop, () -> vertx.eventBus().<String>request(SameLoop.nearest(vertx, ADDRESS), "ping")
        .map(reply -> reply.body()));

    assertThat(fromSameLoop).isEqualTo(ADDRESS + "@" + consumerThread);
    assertThat(fromOtherLoop).isEqualTo(ADDRESS);
    assertThat(answeredOn).isEqualTo(consumerThread);
    assertThat(answeredFromOther).isEqualTo(consumerThread);
  }

  @Test
  @DisplayName("once forgotten, a twin is no longer chosen")
  void forget() throws Exception {
    Context loop = newContext();
    on(loop, () -> SameLoop.<String>consumer(vertx, ADDRESS, msg -> msg.reply("ok")));

    on(loop, () -> {
      SameLoop.forget(vertx, ADDRESS);
      return Future.succeededFuture();
    });

    assertThat(on(loop, () -> Future.succeededFuture(SameLoop.nearest(vertx, ADDRESS)))).isEqualTo(ADDRESS);
  }
}
