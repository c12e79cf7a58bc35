package jp.kaigi.sync.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * One event encoded once (UTF-8 JSON) and written as a text frame to every local connection. The
 * public API re-encodes a String per write; a frame over a slice of one unreleasable buffer costs
 * nothing per connection beyond the write itself.
 */
public final class SharedFrame {
  private final Buffer bytes;
  // The whole WebSocket frame (a server's frames are unmasked, so the same for every socket),
  // direct, for RawSocket: written with no copy.
  private final ByteBuf framed;

  private SharedFrame(Buffer bytes, ByteBuf framed) {
    this.bytes = bytes;
    this.framed = framed;
  }

  public static SharedFrame of(JsonObject message) {
    byte[] utf8 = message.encode().getBytes(StandardCharsets.UTF_8);
    ByteBuf framed = Unpooled.directBuffer(utf8.length + 10);
    framed.writeByte(0x81); // FIN, text
    if (utf8.length < 126) {
      framed.writeByte(utf8.length);
    } else if (utf8.length <= 0xFFFF) {
      framed.writeByte(126).writeShort(utf8.length);
    } else {
      framed.writeByte(127).writeLong(utf8.length);
    }
    framed.writeBytes(utf8);
    // Unreleasable: Netty releases what it writes, and these bytes are written many times.
    return new SharedFrame(
        BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(utf8))),
        Unpooled.unreleasableBuffer(framed));
  }

  /** Writes the pre-framed bytes to a raw socket (see {@link RawSocket}). */
  public void writeTo(RawSocket socket) {
    socket.write(framed.duplicate());
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
