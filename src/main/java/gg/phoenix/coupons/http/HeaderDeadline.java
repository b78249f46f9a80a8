package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.ApiError;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The time a client has to send a request's line and headers (HTTP_HEADER_TIMEOUT_SECONDS), counted from the
 * connection's opening for its first request and from the first byte of each later one; past it the connection is
 * closed (after a 408 when nothing else was ever answered on it). The idle timeout alone does not stop a client that
 * trickles a header byte every few seconds, holding a connection for as long as it likes.
 *
 * Vert.x has no such setting, so Netty handlers go around its HTTP/1.x codec: one sees the bytes arrive, one the
 * decoded requests, one the responses leave. The clock does not run out while the service still owes an answer on
 * the connection (a client may send its next request while a long export streams): that wait is the service's.
 * All run on the connection's event loop, which owns this object's state.
 */
final class HeaderDeadline {

  /** Names of the HTTP/1.x decoder in the pipeline Vert.x builds, and of the handlers put around it. */
  static final String DECODER = "httpDecoder";
  static final String ENCODER = "httpEncoder";
  private static final String BYTES = "headerDeadlineBytes";
  private static final String REQUESTS = "headerDeadlineRequests";
  private static final String RESPONSES = "headerDeadlineResponses";

  static final ApiError TIMED_OUT = new ApiError(408, "request_timeout", "The request line and headers came too slowly");
  private static final byte[] TIMED_OUT_RESPONSE = rawResponse(TIMED_OUT);

  private final long timeoutMillis;
  private ScheduledFuture<?> timer;
  /** Between a request's headers and the end of its body: bytes that arrive then are the body's. */
  private boolean inRequest;
  private boolean requestSeen;
  private long requests;
  private long answers;

  private HeaderDeadline(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Puts a deadline on the HTTP/1.x connection of this pipeline; false when it has no HTTP/1.x decoder. */
  static boolean install(ChannelPipeline pipeline, long timeoutMillis) {
    if (pipeline.get(DECODER) == null || pipeline.get(ENCODER) == null) {
      return false;
    }
    HeaderDeadline deadline = new HeaderDeadline(timeoutMillis);
    pipeline.addBefore(DECODER, BYTES, deadline.new Bytes());
    pipeline.addAfter(DECODER, REQUESTS, deadline.new Requests());
    // after the encoder in the pipeline's order, so before it on the way out: it sees responses, not bytes
    pipeline.addAfter(ENCODER, RESPONSES, deadline.new Responses());
    return true;
  }

  private void start(ChannelHandlerContext ctx) {
    if (timer == null && !inRequest) {
      timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (answers < requests) {
      // still answering an earlier request: the next one's headers may wait in the socket until then
      start(ctx);
      return;
    }
    if (requestSeen) {
      // A response to an earlier request may still be on its way: the 408's bytes must not mix with it.
      ctx.close();
    } else {
      // Written from before the decoder, straight to the socket: nothing of this request reached Vert.x.
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMED_OUT_RESPONSE)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static byte[] rawResponse(ApiError error) {
    byte[] body = error.toJson().encode().getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + error.status() + " Request Timeout\r\n"
        + "Content-Type: application/json\r\n"
        + "X-Content-Type-Options: " + ResponseHeaders.NOSNIFF + "\r\n"
        + "Connection: close\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head8.length + body.length];
    System.arraycopy(head8, 0, all, 0, head8.length);
    System.arraycopy(body, 0, all, head8.length, body.length);
    return all;
  }

  /** Before the decoder: the raw bytes. */
  private final class Bytes extends ChannelInboundHandlerAdapter {

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      start(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      start(ctx);
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }
  }

  /** Before the encoder: responses, whose last part means one request is answered. */
  private final class Responses extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof LastHttpContent) {
        answers++;
      }
      ctx.write(msg, promise);
    }
  }

  /** After the decoder: whole requests (their headers), then their body's parts. */
  private final class Requests extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        cancel();
        inRequest = true;
        requestSeen = true;
        requests++;
      }
      if (msg instanceof LastHttpContent) {
        inRequest = false;
      }
      ctx.fireChannelRead(msg);
    }
  }
}
