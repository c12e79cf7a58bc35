package jp.kaigi.office.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.office.OfficeConfig;
import jp.kaigi.office.alert.AlertBands;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Non-working dates (public holidays) are not working minutes: figures of a scripted three days
 * that start on a holiday (Mon 2026-11-23, 勤労感謝の日), checked against values computed by hand.
 */
class WorkingHoursTest {
  static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  static final LocalDate HOLIDAY = LocalDate.of(2026, 11, 23);
  static final List<Device> DESKS = List.of(desk("h-desk-1", "A-1"), desk("h-desk-2", "A-2"));

  static Device desk(String id, String desk) {
    return new Device(id, DeviceType.DESK, "dx", "3F", "A", desk, null, null, null, null);
  }

  static long at(int day, int hour, int minute) {
    return ZonedDateTime.of(2026, 11, day, hour, minute, 0, 0, TOKYO).toInstant().toEpochMilli();
  }

  /** desk 1: Mon 10:00–12:00 (the holiday) and Tue 09:00–10:00; desk 2: Wed 13:00–13:30. */
  static JsonObject floor(Set<LocalDate> nonWorking) {
    UsageReport r =
        new UsageReport(
            DESKS,
            at(23, 0, 0),
            at(26, 0, 0),
            new UsageReport.WorkHours(TOKYO, LocalTime.of(9, 0), LocalTime.of(18, 0), nonWorking),
            AlertBands.from(ConfigSource.of(Map.of())));
    occupy(r, "h-desk-1", at(23, 10, 0), 120);
    occupy(r, "h-desk-1", at(24, 9, 0), 60);
    occupy(r, "h-desk-2", at(25, 13, 0), 30);
    return r.toJson().getJsonArray("floors").getJsonObject(0);
  }

  static void occupy(UsageReport r, String id, long from, int minutes) {
    for (int i = 0; i < minutes; i++) {
      r.occupied(id, from + i * UsageReport.MINUTE, (int) UsageReport.MINUTE);
    }
  }

  @Test
  @DisplayName("without non-working dates the holiday counts: W = 3 × 540 min")
  void holidayCountsByDefault() {
    JsonObject f = floor(Set.of());
    assertThat(f.getLong("workingMinutes")).isEqualTo(1620);
    // minutes with a desk in use: 120 + 60 + 30 = 210; 210 / 1620 = 0.12963
    assertThat(f.getDouble("timeUsed")).isEqualTo(0.1296);
    assertThat(f.getDouble("average")).isEqualTo(0.1296);
    assertThat(f.getDouble("averageUtilization")).isEqualTo(0.0648);
  }

  @Test
  @DisplayName(
      "a non-working date leaves working hours: W = 2 × 540 min, the holiday's use ignored")
  void holidayExcluded() {
    JsonObject f = floor(Set.of(HOLIDAY));
    assertThat(f.getLong("workingMinutes")).isEqualTo(1080);
    // 60 + 30 = 90 used minutes; 90 / 1080 = 1/12 = 0.08333; per desk (C = 2): 1/24 = 0.04167
    assertThat(f.getDouble("timeUsed")).isEqualTo(0.0833);
    assertThat(f.getDouble("average")).isEqualTo(0.0833);
    assertThat(f.getDouble("averageUtilization")).isEqualTo(0.0417);
    assertThat(f.getInteger("peak")).isEqualTo(1);
  }

  @Test
  @DisplayName("KAIGI_OFFICE_NON_WORKING_DATES is a comma-separated list of ISO dates")
  void config() {
    OfficeConfig c =
        OfficeConfig.from(
            ConfigSource.of(
                Map.of("KAIGI_OFFICE_NON_WORKING_DATES", " 2026-11-23, 2027-01-01,,2026-11-03")),
            java.nio.file.Path.of("data"));
    assertThat(c.workHours().nonWorkingDates())
        .containsExactlyInAnyOrder(HOLIDAY, LocalDate.of(2027, 1, 1), LocalDate.of(2026, 11, 3));
    assertThatThrownBy(
            () ->
                OfficeConfig.from(
                    ConfigSource.of(Map.of("KAIGI_OFFICE_NON_WORKING_DATES", "2026-11-31")),
                    java.nio.file.Path.of("data")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAIGI_OFFICE_NON_WORKING_DATES");
  }
}
