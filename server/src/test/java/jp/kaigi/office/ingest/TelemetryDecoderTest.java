package jp.kaigi.office.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryDecoderTest {
  static final Device DESK =
      new Device("d1", DeviceType.DESK, "dx", "3F", "A", "A-1", null, null, null, "h");
  static final long NOW = 1_795_000_000_000L;
  final TelemetryDecoder decoder =
      new TelemetryDecoder(id -> id.equals("d1") ? Optional.of(DESK) : Optional.empty(), 256);

  Rejected reject(String payload) {
    try {
      decoder.validate(DESK, decoder.decode(DESK, payload.getBytes(StandardCharsets.UTF_8)), NOW);
    } catch (Rejected r) {
      return r;
    }
    throw new AssertionError("accepted: " + payload);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|NOT_JSON",
        "[1]|NOT_OBJECT",
        "\"x\"|NOT_OBJECT",
        "{\"occupied\":\"yes\"}|WRONG_TYPE",
        "{\"co2\":\"812\"}|WRONG_TYPE",
        "{\"co2\":10001}|OUT_OF_RANGE",
        "{\"co2\":-1}|OUT_OF_RANGE",
        "{\"temperature\":85.1}|OUT_OF_RANGE",
        "{\"temperature\":-40.1}|OUT_OF_RANGE",
        "{\"humidity\":100.5}|OUT_OF_RANGE",
        "{\"noise\":140.01}|OUT_OF_RANGE",
        "{\"count\":-1}|OUT_OF_RANGE",
        "{\"count\":2.5}|WRONG_TYPE",
        "{\"battery\":-0.1}|OUT_OF_RANGE",
        "{\"ts\":\"now\"}|WRONG_TYPE",
        "{\"ts\":12}|OUT_OF_RANGE",
        "{\"ts\":1795000000000.5}|OUT_OF_RANGE",
      })
  @DisplayName("each malformed payload class is rejected with its reason")
  void rejects(String payload, RejectReason reason) {
    assertThat(reject(payload).reason()).isEqualTo(reason);
  }

  @Test
  @DisplayName("a payload over the size limit is rejected before parsing")
  void tooLarge() {
    assertThat(reject("{\"x\":\"" + "a".repeat(300) + "\"}").reason())
        .isEqualTo(RejectReason.TOO_LARGE);
  }

  @Test
  @DisplayName("known readings are typed, the edges of each range accepted, unknown keys kept")
  void accepts() {
    Reading r =
        decoder.validate(
            DESK,
            new JsonObject(
                "{\"ts\":1794999999000,\"occupied\":true,\"co2\":10000,\"temperature\":-40,"
                    + "\"humidity\":100,\"noise\":0,\"count\":0,\"battery\":100,\"fw\":\"2.1\"}"),
            NOW);
    assertThat(r.ts()).isEqualTo(1_794_999_999_000L);
    assertThat(r.occupied()).isTrue();
    assertThat(r.co2()).isEqualTo(10000);
    assertThat(r.count()).isZero();
    assertThat(r.values().getString("fw")).isEqualTo("2.1");
    assertThat(decoder.validate(DESK, new JsonObject(), NOW).ts()).isEqualTo(NOW);
  }

  @Test
  @DisplayName(
      "topics: only kaigi/{site}/devices/{id}/telemetry|status of a registered device at its site")
  void topics() {
    assertThat(TelemetryDecoder.parseTopic("kaigi/dx/devices/d1/telemetry").deviceId())
        .isEqualTo("d1");
    assertThat(TelemetryDecoder.parseTopic("kaigi/dx/devices/d1/status").status()).isTrue();
    for (String bad :
        new String[] {
          "kaigi/dx/devices/d1",
          "kaigi/dx/devices/d1/other",
          "x/dx/devices/d1/telemetry",
          "kaigi//devices/d1/telemetry",
          "kaigi/dx/devices/d1/telemetry/x"
        }) {
      assertThatThrownBy(() -> TelemetryDecoder.parseTopic(bad))
          .isInstanceOf(Rejected.class)
          .extracting(e -> ((Rejected) e).reason())
          .isEqualTo(RejectReason.BAD_TOPIC);
    }
    assertThat(rejectAuth("kaigi/dx/devices/ghost/telemetry"))
        .isEqualTo(RejectReason.UNKNOWN_DEVICE);
    assertThat(rejectAuth("kaigi/other/devices/d1/telemetry")).isEqualTo(RejectReason.WRONG_SITE);
    assertThat(decoder.decodeStatus(DESK, "online".getBytes())).isTrue();
    assertThatThrownBy(() -> decoder.decodeStatus(DESK, "maybe".getBytes()))
        .isInstanceOf(Rejected.class);
  }

  RejectReason rejectAuth(String topic) {
    try {
      decoder.authorize(TelemetryDecoder.parseTopic(topic));
    } catch (Rejected r) {
      return r.reason();
    }
    return null;
  }
}
