package jp.kaigi.sync.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * Takes plain {@code ack} frames off a WebSocket's Netty pipeline, between Netty's frame decoder
 * and Vert.x's WebSocket layer. Every tablet acks every page, so at 1,000 tablets an ack is most of
 * what a node reads; through Vert.x each one is copied to the heap, queued, aggregated into a
 * message and decoded to a String before {@link AckFrame} even looks at it. Anything that is not a
 * plain ack, or that the sink does not take, goes on to Vert.x unchanged and in order (the socket's
 * WebSocket is never paused, so Vert.x holds no earlier frame back).
 */
final class AckReader extends ChannelInboundHandlerAdapter {
  static final String NAME = "kaigi-acks";

  private final AckSink sink;

  AckReader(AckSink sink) {
    this.sink = sink;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // A final text frame is a whole message: fragments start non-final and go on as continuations.
    if (msg instanceof TextWebSocketFrame frame && frame.isFinalFragment()) {
      AckFrame ack = AckFrame.parse(frame.content());
      if (ack != null && sink.onAck(ack)) {
        frame.release();
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }
}
