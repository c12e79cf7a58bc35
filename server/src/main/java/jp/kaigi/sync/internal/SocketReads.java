package jp.kaigi.sync.internal;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Stops and restarts reading one connection's socket (Netty's {@code autoRead}). Vert.x has no
 * public way to do that: a paused WebSocket still reads its socket into a queue. While reads are
 * stopped, what the peer sends waits in the kernel's receive buffer and costs nothing here. Also
 * takes plain acks off the socket before Vert.x's WebSocket layer ({@link #takeAcks}).
 */
public final class SocketReads {
  private static final String VERTX_HANDLER = "handler";
  private final Channel channel;

  private SocketReads(Channel channel) {
    this.channel = channel;
  }

  /**
   * The socket under an HTTP/1.1 connection, taken before its upgrade to a WebSocket (the socket
   * stays the same). Any other connection gets reads that are never stopped.
   */
  public static SocketReads of(HttpConnection connection) {
    return new SocketReads(connection instanceof ConnectionBase c ? c.channel() : null);
  }

  /**
   * Stops reading; false when reads were already stopped (by us, or by Vert.x's own flow control,
   * which is then left alone) or cannot be. On the socket's event loop.
   */
  public boolean stop() {
    if (channel == null || !channel.config().isAutoRead()) {
      return false;
    }
    channel.config().setAutoRead(false);
    return true;
  }

  /**
   * From now on hands plain acks to {@code sink} before Vert.x's WebSocket layer sees them ({@link
   * AckReader}). Once the connection is a WebSocket (Vert.x's handler is then named "handler");
   * without one, acks keep going through Vert.x.
   */
  public void takeAcks(AckSink sink) {
    if (channel != null && channel.pipeline().get(VERTX_HANDLER) != null) {
      channel.pipeline().addBefore(VERTX_HANDLER, AckReader.NAME, new AckReader(sink));
    }
  }

  /** Reads again, first what arrived meanwhile. On the socket's event loop. */
  public void restart() {
    if (channel != null) {
      channel.config().setAutoRead(true);
    }
  }
}
