package jp.kaigi.sync.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Map;

/**
 * The socket under one tablet's WebSocket, for what Vert.x's public API does not offer: stopping
 * and restarting reads (Netty's {@code autoRead}; a paused Vert.x WebSocket still reads its socket
 * into a queue), and writing an event's frame bytes, encoded once for every tablet, without a frame
 * object, a promise and a copy per tablet (the public write path makes all three).
 */
public final class RawSocket {
  private final Channel channel;
  private boolean direct;

  private RawSocket(Channel channel) {
    this.channel = channel;
  }

  /**
   * The socket under an HTTP/1.1 connection, taken before its upgrade to a WebSocket (the socket
   * stays the same). Any other connection gets a socket whose reads never stop and whose writes all
   * go through Vert.x.
   */
  public static RawSocket of(HttpConnection connection) {
    return of(connection instanceof ConnectionBase c ? c.channel() : null);
  }

  static RawSocket of(Channel channel) {
    return new RawSocket(channel);
  }

  /**
   * Call once the upgrade is done. Writes go straight to the socket only when its pipeline frames
   * messages as RFC 6455 says and no extension (such as permessage-deflate) must see each one; then
   * {@code onWritable} runs, on the socket's event loop, when the socket's write buffer has drained
   * below half of its limit after being full ({@link #isWritable}).
   */
  public void upgraded(Runnable onWritable) {
    if (channel == null) {
      return;
    }
    boolean framesRfc6455 = false;
    for (Map.Entry<String, ChannelHandler> h : channel.pipeline()) {
      if (h.getValue() instanceof WebSocketExtensionEncoder) {
        return;
      }
      framesRfc6455 |= h.getValue() instanceof WebSocket08FrameEncoder;
    }
    direct = framesRfc6455;
    if (direct) {
      // Vert.x's drain handler only fires for Vert.x's own write queue, which these writes bypass
      channel
          .pipeline()
          .addFirst(
              "kaigi-writable",
              new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                  if (ctx.channel().isWritable()) {
                    onWritable.run();
                  }
                  ctx.fireChannelWritabilityChanged();
                }
              });
    }
  }

  /** Whether frames go straight to the socket (else every write goes through Vert.x). */
  public boolean isDirect() {
    return direct;
  }

  /**
   * Whether the socket's write buffer is below its limit (Vert.x's {@code setWriteQueueMaxSize},
   * Netty's write buffer water marks): the bound for direct writes. Vert.x's {@code writeQueueFull}
   * counts only Vert.x's own queue, which these writes bypass.
   */
  public boolean isWritable() {
    return channel != null && channel.isWritable();
  }

  /**
   * Writes {@code frame} straight to the socket; false when it cannot (see {@link #upgraded}) and
   * the caller writes through Vert.x. Writes of both kinds reach the socket in the order they were
   * made. On the socket's event loop.
   */
  public boolean write(SharedFrame frame) {
    if (!direct) {
      return false;
    }
    channel.writeAndFlush(frame.wire(), channel.voidPromise());
    return true;
  }

  /**
   * Stops reading; false when reads were already stopped (by us, or by Vert.x's own flow control,
   * which is then left alone) or cannot be. On the socket's event loop.
   */
  public boolean stopReads() {
    if (channel == null || !channel.config().isAutoRead()) {
      return false;
    }
    channel.config().setAutoRead(false);
    return true;
  }

  /** Reads again, first what arrived meanwhile. On the socket's event loop. */
  public void restartReads() {
    if (channel != null) {
      channel.config().setAutoRead(true);
    }
  }
}
