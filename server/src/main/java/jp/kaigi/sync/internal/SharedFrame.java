package jp.kaigi.sync.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One event encoded once (UTF-8 JSON, and the whole WebSocket text frame around it) and written to
 * every local connection. The public API re-encodes a String per write; these bytes are written to
 * each socket as they are ({@link RawSocket#write}), or, where that cannot be, as a frame over a
 * slice of them through Vert.x.
 */
public final class SharedFrame {
  private static final int FIN_TEXT = 0x81;

  private final Buffer bytes;

  /** The whole frame as it goes on the wire from a server: header, then the UTF-8 payload. */
  private final ByteBuf wire;

  private SharedFrame(Buffer bytes, ByteBuf wire) {
    this.bytes = bytes;
    this.wire = wire;
  }

  public static SharedFrame of(JsonObject message) {
    byte[] utf8 = message.encode().getBytes(StandardCharsets.UTF_8);
    byte[] header = header(utf8.length);
    // Off-heap, so a socket write takes these bytes as they are (a heap buffer is first copied to
    // a direct one per write); a JDK buffer, freed by the GC once no frame refers to it.
    ByteBuffer wire = ByteBuffer.allocateDirect(header.length + utf8.length);
    wire.put(header).put(utf8).flip();
    // Unreleasable: Netty releases what it writes, and these bytes are written many times.
    return new SharedFrame(
        BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(utf8))),
        Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(wire)));
  }

  /** RFC 6455 §5.2: a final text frame, unmasked (server to client), of {@code length} bytes. */
  static byte[] header(int length) {
    if (length < 126) {
      return new byte[] {(byte) FIN_TEXT, (byte) length};
    }
    if (length <= 0xFFFF) {
      return new byte[] {(byte) FIN_TEXT, 126, (byte) (length >>> 8), (byte) length};
    }
    byte[] h = new byte[10];
    h[0] = (byte) FIN_TEXT;
    h[1] = 127;
    for (int i = 0; i < 8; i++) {
      h[9 - i] = (byte) ((long) length >>> (8 * i));
    }
    return h;
  }

  /**
   * The frame's wire bytes for one more socket ({@link RawSocket#write}): a view of the shared
   * bytes with its own indexes, so writes to many sockets never interfere.
   */
  ByteBuf wire() {
    return wire.duplicate();
  }

  public int size() {
    return bytes.length();
  }

  public void writeTo(WebSocketBase ws) {
    // getByteBuf() hands out a slice each time, so the shared bytes are never released by a write.
    ws.writeFrame(
        new WebSocketFrameImpl(
            WebSocketFrameType.TEXT, ((BufferInternal) bytes).getByteBuf(), true));
  }

  @Override
  public String toString() {
    return bytes.toString();
  }
}
