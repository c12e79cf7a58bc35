package jp.kaigi.office.alert;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;

/**
 * Alert thresholds. Defaults follow 建築物衛生法 (建築物環境衛生管理基準) and 事務所衛生基準規則: CO2 ≤ 1000 ppm, 18–28 °C,
 * 40–70 % RH; plus battery below 20 %.
 */
public record AlertBands(
    double co2Max,
    Duration co2Window,
    double temperatureMin,
    double temperatureMax,
    double humidityMin,
    double humidityMax,
    double batteryMin) {

  public static AlertBands defaults() {
    return new AlertBands(1000, Duration.ofMinutes(10), 18, 28, 40, 70, 20);
  }

  public static AlertBands from(ConfigSource src) {
    AlertBands b =
        new AlertBands(
            src.integer("KAIGI_OFFICE_CO2_MAX", 1000, 300, 10_000),
            Duration.ofMinutes(src.integer("KAIGI_OFFICE_CO2_WINDOW_MIN", 10, 1, 120)),
            src.integer("KAIGI_OFFICE_TEMP_MIN", 18, -40, 85),
            src.integer("KAIGI_OFFICE_TEMP_MAX", 28, -40, 85),
            src.integer("KAIGI_OFFICE_HUMIDITY_MIN", 40, 0, 100),
            src.integer("KAIGI_OFFICE_HUMIDITY_MAX", 70, 0, 100),
            src.integer("KAIGI_OFFICE_BATTERY_MIN", 20, 0, 100));
    if (b.temperatureMin >= b.temperatureMax) {
      throw new ConfigException("KAIGI_OFFICE_TEMP_MIN", "must be below KAIGI_OFFICE_TEMP_MAX");
    }
    if (b.humidityMin >= b.humidityMax) {
      throw new ConfigException(
          "KAIGI_OFFICE_HUMIDITY_MIN", "must be below KAIGI_OFFICE_HUMIDITY_MAX");
    }
    return b;
  }

  /**
   * The bands as {@code GET /office/now} serves them, so the dashboard colours a room's values
   * against the numbers the alerts use instead of a copy of its own.
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("co2Max", co2Max)
        .put("co2WindowMinutes", co2Window.toMinutes())
        .put("temperatureMin", temperatureMin)
        .put("temperatureMax", temperatureMax)
        .put("humidityMin", humidityMin)
        .put("humidityMax", humidityMax)
        .put("batteryMin", batteryMin);
  }

  public boolean temperatureInside(double t) {
    return t >= temperatureMin && t <= temperatureMax;
  }

  public boolean humidityInside(double h) {
    return h >= humidityMin && h <= humidityMax;
  }
}
