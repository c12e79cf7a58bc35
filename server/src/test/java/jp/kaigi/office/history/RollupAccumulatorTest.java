package jp.kaigi.office.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import jp.kaigi.office.ingest.Reading;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RollupAccumulatorTest {
  static final Device DESK =
      new Device("d1", DeviceType.DESK, "dx", "3F", "A", "A-1", null, null, null, "h");
  static final Device ROOM =
      new Device("r1", DeviceType.ROOM, "dx", "3F", "R", null, "R1", 6, null, "h");
  static final long T0 = 1_795_000_020_000L - 1_795_000_020_000L % 60_000; // a minute start

  static Reading desk(long ts, boolean occupied) {
    return new Reading(DESK, ts, occupied, null, null, null, null, null, null, new JsonObject());
  }

  static Reading co2(long ts, double v) {
    return new Reading(ROOM, ts, null, v, null, null, null, null, null, new JsonObject());
  }

  static RollupRow row(List<RollupRow> rows, String id, long minute, String metric) {
    return rows.stream()
        .filter(r -> r.deviceId().equals(id) && r.minute() == minute && r.metric().equals(metric))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("count, min, max and mean per device, minute and metric")
  void numeric() {
    RollupAccumulator acc = new RollupAccumulator();
    acc.add(co2(T0 + 1_000, 800), 0);
    acc.add(co2(T0 + 30_000, 1000), 0);
    acc.add(co2(T0 + 59_999, 900), 0);
    acc.add(co2(T0 + 60_000, 500), 0);
    List<RollupRow> rows = acc.drain(T0 + 60_000);
    assertThat(rows).hasSize(1);
    RollupRow r = row(rows, "r1", T0, "co2");
    assertThat(r.n()).isEqualTo(3);
    assertThat(r.min()).isEqualTo(800);
    assertThat(r.max()).isEqualTo(1000);
    assertThat(r.sum() / r.n()).isEqualTo(900);
    assertThat(acc.pending()).isEqualTo(1); // the next minute waits
  }

  @Test
  @DisplayName("occupancy is time-weighted: a state holds until the next reading, at most the hold")
  void occupancy() {
    RollupAccumulator acc = new RollupAccumulator();
    acc.add(desk(T0 + 15_000, true), 600_000);
    acc.add(desk(T0 + 45_000, false), 600_000);
    acc.add(desk(T0 + 90_000, true), 30_000); // held 30 s only (e.g. then silent)
    List<RollupRow> rows = acc.drain(T0 + 3 * 60_000);
    RollupRow m0 = row(rows, "d1", T0, "occupied");
    assertThat(m0.occupiedMs()).isEqualTo(30_000);
    assertThat(m0.coveredMs()).isEqualTo(45_000);
    RollupRow m1 = row(rows, "d1", T0 + 60_000, "occupied");
    assertThat(m1.occupiedMs()).isEqualTo(30_000); // 90 s → 120 s
    assertThat(m1.coveredMs()).isEqualTo(60_000);
    assertThat(rows.stream().filter(r -> r.minute() == T0 + 120_000)).isEmpty();
  }
}
