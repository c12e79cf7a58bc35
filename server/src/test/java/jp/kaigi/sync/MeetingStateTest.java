package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeetingStateTest {
  static JsonObject page(long seq, long doc, int page) {
    return new JsonObject()
        .put("type", "page")
        .put("seq", seq)
        .put("document", doc)
        .put("version", 1)
        .put("page", page)
        .put("by", 5L);
  }

  @Test
  @DisplayName("events move the state forward and the log keeps only the newest")
  void applyAndBoundedLog() {
    MeetingState s = MeetingState.initial(3);
    for (int i = 1; i <= 10; i++) {
      s = s.apply(page(i, 7, i), 4);
    }
    assertThat(s.seq()).isEqualTo(10);
    assertThat(s.page()).isEqualTo(10);
    assertThat(s.host()).isEqualTo(5L);
    assertThat(s.log().size()).isEqualTo(4);
    assertThat(s.oldestLogged()).isEqualTo(7);
    s = s.apply(new JsonObject().put("type", "force").put("seq", 11).put("forced", true), 4);
    assertThat(s.forced()).isTrue();
  }

  @Test
  @DisplayName(
      "replacing the shown document keeps the page (within its pages); withdrawing clears it")
  void documents() {
    MeetingState s = MeetingState.initial(3).apply(page(1, 7, 12), 10);
    s =
        s.apply(
            new JsonObject()
                .put("type", "document")
                .put("seq", 2)
                .put("event", "replaced")
                .put("documentId", 7)
                .put("version", 2)
                .put("pages", 10),
            10);
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.page()).isEqualTo(10);
    assertThat(s.hasDocumentEvent("replaced", 7, 2)).isTrue();
    assertThat(s.hasDocumentEvent("replaced", 7, 3)).isFalse();
    s =
        s.apply(
            new JsonObject()
                .put("type", "document")
                .put("seq", 3)
                .put("event", "withdrawn")
                .put("documentId", 7)
                .put("version", 2),
            10);
    assertThat(s.document()).isNull();
    assertThat(s.page()).isNull();
  }

  @Test
  @DisplayName("encode/decode round trip is exact (the shared map compares the text)")
  void roundTrip() {
    MeetingState s = MeetingState.initial(3).apply(page(1, 7, 2), 10);
    assertThat(MeetingState.decode(s.encode())).isEqualTo(s);
    assertThat(MeetingState.decode(s.encode()).encode()).isEqualTo(s.encode());
  }

  @Test
  @DisplayName(
      "encoding with kept event texts gives the same text as encoding the whole state, and keeps"
          + " only what it encoded")
  void encodeWithKeptTexts() {
    var texts = new java.util.IdentityHashMap<JsonObject, String>();
    MeetingState s = MeetingState.initial(3);
    for (int i = 1; i <= 6; i++) {
      s = s.apply(page(i, 7, i).put("zoom", i == 3 ? 1.5 : null), 4);
      String whole =
          s.toWire()
              .put("meeting", 3L)
              .put("seq", s.seq())
              .put("allowed", s.allowed())
              .put("log", s.log())
              .encode();
      assertThat(s.encode(texts)).isEqualTo(whole);
      assertThat(MeetingState.decode(s.encode(texts))).isEqualTo(s);
    }
    // each logged event was encoded once, when it was new: the six of them are all kept
    assertThat(texts).hasSize(6);
    JsonObject newest = s.log().getJsonObject(3);
    assertThat(texts.get(newest)).isEqualTo(newest.encode());
  }

  @Test
  @DisplayName("a confidential current document is hidden from others, also after a round trip")
  void confidentialCurrentDocument() {
    JsonObject secretPage =
        page(1, 9, 3).put("allowedUserIds", new io.vertx.core.json.JsonArray().add(5L).add(6L));
    MeetingState s = MeetingState.initial(3).apply(secretPage, 10);
    assertThat(s.toWireFor(6, false).getLong("document")).isEqualTo(9);
    assertThat(s.toWireFor(6, false).containsKey("restricted")).isFalse();
    JsonObject other = s.toWireFor(7, false);
    assertThat(other.getValue("document")).isNull();
    assertThat(other.getValue("page")).isNull();
    assertThat(other.getBoolean("restricted")).isTrue();
    assertThat(s.toWireFor(7, true).getInteger("page")).isEqualTo(3);

    MeetingState copy = MeetingState.decode(s.encode());
    assertThat(copy.toWireFor(7, false).getBoolean("restricted")).isTrue();
    assertThat(copy.toWireFor(5, false).getInteger("page")).isEqualTo(3);

    // replaced as an open document: visible to all; withdrawn: nothing to hide
    MeetingState opened =
        s.apply(
            new JsonObject()
                .put("type", "document")
                .put("seq", 2)
                .put("event", "replaced")
                .put("documentId", 9L)
                .put("version", 2)
                .put("pages", 4)
                .put("confidential", false),
            10);
    assertThat(opened.toWireFor(7, false).getInteger("page")).isEqualTo(3);
    MeetingState open = s.apply(page(2, 7, 1), 10);
    assertThat(open.toWireFor(7, false).getLong("document")).isEqualTo(7);
  }
}
