package jp.kaigi.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frame bytes {@link SharedFrame} encodes once and {@link RawSocket} writes as they are, read
 * back by Netty's own WebSocket decoder (what a client's stack does).
 */
class RawSocketTest {

  /** A server socket's pipeline after the upgrade, as far as writing frames goes. */
  private static EmbeddedChannel upgradedSocket() {
    return new EmbeddedChannel(new WebSocket13FrameEncoder(false));
  }

  private static String readBack(ByteBuf wire) {
    // a client reads unmasked frames from the server
    EmbeddedChannel client =
        new EmbeddedChannel(
            new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false)
                    .maxFramePayloadLength(1 << 20)
                    .build()));
    client.writeInbound(wire);
    TextWebSocketFrame f = client.readInbound();
    try {
      assertThat(f.isFinalFragment()).isTrue();
      assertThat(f.rsv()).isZero();
      return f.text();
    } finally {
      f.release();
      assertThat((Object) client.readInbound()).as("one frame, nothing after it").isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 125, 126, 127, 1000, 65_535, 65_536, 200_000})
  @DisplayName("a frame of any length (7-bit, 16-bit and 64-bit length forms) reads back as sent")
  void lengths(int padding) {
    JsonObject msg =
        new JsonObject()
            .put("type", "page")
            .put("pad", "議".repeat(padding / 3) + "x".repeat(padding % 3));
    EmbeddedChannel socket = upgradedSocket();
    RawSocket raw = RawSocket.of(socket);
    raw.upgraded(() -> {});
    assertThat(raw.write(SharedFrame.of(msg))).isTrue();
    ByteBuf written = socket.readOutbound();
    assertThat(written.isDirect()).as("no copy to a direct buffer per socket").isTrue();
    assertThat(readBack(written)).isEqualTo(msg.encode());
  }

  @Test
  @DisplayName("one frame written to many sockets: each gets all of it")
  void sharedBetweenSockets() {
    SharedFrame frame = SharedFrame.of(new JsonObject().put("type", "page").put("page", 7));
    for (int i = 0; i < 3; i++) {
      EmbeddedChannel socket = upgradedSocket();
      RawSocket raw = RawSocket.of(socket);
      raw.upgraded(() -> {});
      assertThat(raw.write(frame)).isTrue();
      assertThat(readBack(socket.readOutbound())).isEqualTo("{\"type\":\"page\",\"page\":7}");
    }
  }

  @Test
  @DisplayName("with an extension (permessage-deflate) or no WebSocket encoder, Vert.x writes")
  void fallsBack() throws Exception {
    var deflate =
        new PerMessageDeflateServerExtensionHandshaker()
            .handshakeExtension(
                new io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData(
                    "permessage-deflate", java.util.Map.of()));
    EmbeddedChannel compressed =
        new EmbeddedChannel(new WebSocket13FrameEncoder(false), deflate.newExtensionEncoder());
    RawSocket raw = RawSocket.of(compressed);
    raw.upgraded(() -> {});
    assertThat(raw.write(SharedFrame.of(new JsonObject().put("type", "page")))).isFalse();
    assertThat((Object) compressed.readOutbound()).isNull();

    RawSocket plainHttp = RawSocket.of(new EmbeddedChannel());
    plainHttp.upgraded(() -> {});
    assertThat(plainHttp.write(SharedFrame.of(new JsonObject()))).isFalse();

    RawSocket none = RawSocket.of((io.netty.channel.Channel) null);
    none.upgraded(() -> {});
    assertThat(none.write(SharedFrame.of(new JsonObject()))).isFalse();
    assertThat(none.stopReads()).isFalse();
  }
}
