package jp.kaigi.office.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kaigi.office.registry.DeviceStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo floor's places sit on what its SVG plan draws: each desk on its desk, each room in it.
 */
class DemoOfficeTest {
  static final Pattern RECT =
      Pattern.compile(
          "<rect id=\"([^\"]+)\" x=\"([\\d.]+)\" y=\"([\\d.]+)\" width=\"([\\d.]+)\""
              + " height=\"([\\d.]+)\"");

  static Map<String, double[]> rects(String svg) {
    Map<String, double[]> out = new HashMap<>();
    Matcher m = RECT.matcher(svg);
    while (m.find()) {
      out.put(
          m.group(1),
          new double[] {
            Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3)),
            Double.parseDouble(m.group(4)),
            Double.parseDouble(m.group(5))
          });
    }
    return out;
  }

  @Test
  @DisplayName("every demo desk and room has one place, on its drawing in the SVG plan")
  void placesMatchThePlan() {
    String svg = new String(DemoOffice.plan(), StandardCharsets.UTF_8);
    assertThat(svg).contains("<svg").contains("viewBox=\"0 0 1600 1000\"");
    Map<String, double[]> rects = rects(svg);
    List<DeviceStore.Place> places = DemoOffice.places();
    List<JsonObject> layout = DemoOffice.layout();
    long desks = layout.stream().filter(d -> "desk".equals(d.getString("type"))).count();
    long rooms = layout.stream().filter(d -> "room".equals(d.getString("type"))).count();
    assertThat(places.stream().filter(p -> p.kind().equals("desk")).count()).isEqualTo(desks);
    assertThat(places.stream().filter(p -> p.kind().equals("room")).count()).isEqualTo(rooms);
    assertThat(places.stream().map(p -> p.kind() + ":" + p.name()).distinct().count())
        .isEqualTo(places.size());
    int room = 0;
    for (DeviceStore.Place p : places) {
      assertThat(p.x()).isBetween(0.0, 1.0);
      assertThat(p.y()).isBetween(0.0, 1.0);
      double x = p.x() * 1600;
      double y = p.y() * 1000;
      if (p.kind().equals("desk")) {
        double[] r = rects.get("desk-" + p.name());
        assertThat(r).as("desk-" + p.name() + " in the SVG").isNotNull();
        // the marker's centre is the desk's centre
        assertThat(x)
            .as(p.name())
            .isCloseTo(r[0] + r[2] / 2, org.assertj.core.data.Offset.offset(0.01));
        assertThat(y)
            .as(p.name())
            .isCloseTo(r[1] + r[3] / 2, org.assertj.core.data.Offset.offset(0.01));
      } else {
        room++;
        double[] r = rects.get("room-" + room);
        assertThat(r).as("room-" + room + " in the SVG").isNotNull();
        assertThat(svg).contains(">" + p.name() + " <tspan");
        double w = p.w() * 1600;
        double h = p.h() * 1000;
        assertThat(x).isGreaterThanOrEqualTo(r[0]);
        assertThat(y).isGreaterThanOrEqualTo(r[1]);
        assertThat(x + w).isLessThanOrEqualTo(r[0] + r[2]);
        assertThat(y + h).isLessThanOrEqualTo(r[1] + r[3]);
        assertThat(w).isGreaterThan(r[2] * 0.8);
        assertThat(h).isGreaterThan(r[3] * 0.8);
      }
    }
  }
}
