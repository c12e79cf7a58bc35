package jp.kaigi.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AckFrameTest {
  @Test
  @DisplayName("reads the simulator's and the browser's compact acks, keys in any order")
  void plainShapes() {
    assertThat(AckFrame.parse("{\"type\":\"ack\",\"meeting\":12,\"seq\":0,\"page\":7}"))
        .isEqualTo(new AckFrame(12, 0, 7));
    assertThat(AckFrame.parse("{\"meeting\":3,\"type\":\"ack\",\"seq\":4501,\"page\":100000}"))
        .isEqualTo(new AckFrame(3, 4501, 100000));
    // whatever Vert.x's encoder writes for an ack built as a JsonObject
    String encoded =
        new JsonObject()
            .put("type", "ack")
            .put("meeting", 9_007_199_254L)
            .put("seq", 77)
            .put("page", 2)
            .encode();
    assertThat(AckFrame.parse(encoded)).isEqualTo(new AckFrame(9_007_199_254L, 77, 2));
  }

  @Test
  @DisplayName("reads a frame's UTF-8 bytes the same; bytes beyond ASCII never make an ack")
  void frameBytes() {
    String plain = "{\"type\":\"ack\",\"meeting\":12,\"seq\":0,\"page\":7}";
    ByteBuf bytes = Unpooled.copiedBuffer(plain, StandardCharsets.UTF_8);
    assertThat(AckFrame.parse(bytes)).isEqualTo(new AckFrame(12, 0, 7));
    assertThat(bytes.readableBytes()).as("not consumed").isEqualTo(plain.length());
    // "ａｃｋ" (full-width) and a UTF-8 digit look-alike: Latin-1 chars no key or digit matches
    for (String other :
        List.of(
            "{\"type\":\"ａｃｋ\",\"meeting\":12,\"seq\":0,\"page\":7}",
            "{\"type\":\"ack\",\"meeting\":1２,\"seq\":0,\"page\":7}",
            "{\"type\":\"ack\",\"meeting\":12,\"seq\":0,\"page\":7,\"名\":1}")) {
      assertThat(AckFrame.parse(Unpooled.copiedBuffer(other, StandardCharsets.UTF_8)))
          .as(other)
          .isNull();
    }
    assertThat(AckFrame.parse(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":2}", // missing page
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":2,\"page\":3,\"id\":4}", // extra key
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":2,\"seq\":2,\"page\":3}", // duplicate key
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":-2,\"page\":3}", // sign
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":2.5,\"page\":3}", // fraction
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":1e3,\"page\":3}", // exponent
        "{\"type\":\"ack\",\"meeting\":01,\"seq\":2,\"page\":3}", // leading zero
        "{\"type\":\"ack\",\"meeting\":\"1\",\"seq\":2,\"page\":3}", // string
        "{\"type\":\"ack\", \"meeting\":1,\"seq\":2,\"page\":3}", // whitespace
        "{\"type\":\"page\",\"meeting\":1,\"seq\":2,\"page\":3}", // another type
        "{\"type\":\"ack\",\"meeting\":1234567890123456789,\"seq\":2,\"page\":3}", // 19 digits
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":2,\"page\":3}x",
        "{\"type\":\"ack\",\"meeting\":1,\"seq\":2,\"page\":3,}",
        "[\"type\",\"ack\",\"meeting\",1,\"seq\",2,\"page\",3,\"xxxx\"]",
        "{\"ty\\\"pe\":\"ack\",\"meeting\":1,\"seq\":2,\"page\":3}",
      })
  @DisplayName("anything but the plain shape is left to the full parser")
  void otherShapes(String text) {
    assertThat(AckFrame.parse(text)).isNull();
  }
}
