package jp.kaigi.sync.internal;

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

  private SharedFrame(Buffer bytes) {
    this.bytes = bytes;
  }

  public static SharedFrame of(JsonObject message) {
    byte[] utf8 = message.encode().getBytes(StandardCharsets.UTF_8);
    // Unreleasable: Netty releases what it writes, and these bytes are written many times.
    return new SharedFrame(
        BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(utf8))));
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
