package jp.kaigi.sync.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import java.lang.reflect.Field;

/**
 * The Netty channel under a server WebSocket, for writing pre-framed {@link SharedFrame}s without
 * Vert.x's per-write promise, frame object and encoder copy. Only for sockets without a compression
 * extension (those get Vert.x's path); all data frames of a connection must then go this way, so
 * their order holds. Null when the socket cannot be reached (another Vert.x version).
 */
public final class RawSocket {
  private final ChannelHandlerContext ctx;

  private RawSocket(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Call on the socket's event loop. {@code onWritable} runs there when the channel becomes
   * writable again (the connection's queue drains then).
   */
  public static RawSocket of(ServerWebSocket ws, int highWaterBytes, Runnable onWritable) {
    ChannelHandlerContext ctx = contextOf(ws);
    if (ctx == null || !ctx.executor().inEventLoop()) {
      return null;
    }
    for (var handler : ctx.pipeline()) {
      if (handler.getValue() instanceof WebSocketExtensionEncoder) {
        return null; // permessage-deflate: frames must go through the compressor
      }
    }
    ctx.channel()
        .config()
        .setWriteBufferWaterMark(new WriteBufferWaterMark(highWaterBytes / 2, highWaterBytes));
    ctx.pipeline()
        .addBefore(
            ctx.name(),
            "kaigi-sync-writable",
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelWritabilityChanged(ChannelHandlerContext c) {
                c.fireChannelWritabilityChanged();
                if (c.channel().isWritable()) {
                  onWritable.run();
                }
              }
            });
    return new RawSocket(ctx);
  }

  private static ChannelHandlerContext contextOf(ServerWebSocket ws) {
    Object inner = ws;
    try {
      // vertx-web hands out a wrapper (ServerWebSocketWrapper) around the core socket
      if (!(inner instanceof WebSocketInternal)) {
        Field f = inner.getClass().getDeclaredField("delegate");
        f.setAccessible(true);
        inner = f.get(inner);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    return inner instanceof WebSocketInternal wi ? wi.channelHandlerContext() : null;
  }

  public boolean writable() {
    return ctx.channel().isWritable();
  }

  void write(io.netty.buffer.ByteBuf framed) {
    ctx.writeAndFlush(framed, ctx.voidPromise());
  }
}
