package jp.kaigi.devices.sensor;

import java.time.DayOfWeek;
import java.time.LocalDateTime;

/**
 * How busy a Japanese office is at a given local time: arrivals spread around 8:30, a lunch dip
 * 12:00–13:00, leaving after 17:15 (some overtime until ~20:00), quiet weekends.
 */
public final class OfficeDay {
  private OfficeDay() {}

  /** Probability that a given desk is occupied at this moment (0..1). */
  public static double deskOccupancy(LocalDateTime t) {
    if (t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return 0.02;
    }
    double h = t.getHour() + t.getMinute() / 60.0;
    double arrived = sigmoid((h - 8.5) / 0.35); // half in by 8:30
    double left = sigmoid((h - 17.6) / 0.5); // leaving after 17:15
    double base = 0.75 * arrived * (1 - 0.9 * left);
    if (h >= 12 && h < 13) {
      base *= 0.45; // lunch
    }
    return base;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
