package jp.kaigi.office.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import jp.kaigi.http.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceRegistryParseTest {
  static JsonObject desk() {
    return new JsonObject()
        .put("id", "d-1")
        .put("type", "desk")
        .put("site", "dx")
        .put("floor", "3F")
        .put("desk", "A-1");
  }

  String field(JsonObject body) {
    try {
      DeviceRegistry.parse(body, "h", null);
    } catch (Problem p) {
      return p.field();
    }
    return null;
  }

  @Test
  @DisplayName("device fields are validated and each failure names its field")
  void validation() {
    assertThat(field(desk())).isNull();
    assertThat(field(desk().put("id", "a/b"))).isEqualTo("id");
    assertThat(field(desk().put("id", "$kaigi"))).isEqualTo("id");
    assertThat(field(desk().put("type", "chair"))).isEqualTo("type");
    assertThat(field(desk().put("site", "d x"))).isEqualTo("site");
    assertThat(field(desk().put("floor", "3/F"))).isEqualTo("floor");
    assertThat(field(desk().putNull("desk"))).isEqualTo("desk");
    assertThat(field(desk().put("capacity", -1))).isEqualTo("capacity");
    assertThat(field(desk().put("type", "room").put("room", (String) null))).isEqualTo("room");
  }

  @Test
  @DisplayName("secrets: verified against the stored SHA-256, Mosquitto hash in $7$ form")
  void secrets() {
    String s = DeviceSecrets.generate();
    assertThat(DeviceSecrets.matches(s, DeviceSecrets.hash(s))).isTrue();
    assertThat(DeviceSecrets.matches(s + "x", DeviceSecrets.hash(s))).isFalse();
    assertThat(DeviceSecrets.mosquittoHash(s))
        .matches("\\$7\\$101\\$[A-Za-z0-9+/=]{16}\\$[A-Za-z0-9+/=]{88}");
  }

  @Test
  @DisplayName("CSV: quotes, doubled quotes, CRLF and a BOM")
  void csv() {
    var rows = Csv.parse("\uFEFFid,name\r\n\"a,1\",\"say \"\"hi\"\"\"\r\nb,会議室\n");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)).containsExactly("a,1", "say \"hi\"");
    assertThat(rows.get(2)).containsExactly("b", "会議室");
    assertThatThrownBy(() -> Csv.parse("id\n\"open")).isInstanceOf(IllegalArgumentException.class);
  }
}
