package jp.kaigi.office.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jp.kaigi.office.alert.AlertBands;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceType;

/**
 * Usage over a period, computed from 1-minute rollups. Definitions (docs/analytics.md): a desk is
 * occupied in a minute when it was occupied for at least half of it; for a group of desks (a floor
 * or a zone) of capacity C, occ(m) is the number of its desks occupied in minute m, and over the
 * working minutes W: peak = max occ, average = mean occ, utilization = peak/C and average/C,
 * timeUsed = share of W with occ ≥ 1. The heatmap is mean occ/C per weekday × hour over every
 * minute of the period. Rooms: share of minutes with environment data inside every comfort band.
 */
public final class UsageReport {
  public static final long MINUTE = 60_000;

  /**
   * The office's working week: Monday–Friday from {@code start} to {@code end} in {@code zone},
   * except the {@code nonWorkingDates} (public holidays, closing days).
   */
  public record WorkHours(
      ZoneId zone,
      LocalTime start,
      LocalTime end,
      java.util.Set<java.time.LocalDate> nonWorkingDates) {
    public WorkHours {
      nonWorkingDates = java.util.Set.copyOf(nonWorkingDates);
    }

    boolean contains(long minute) {
      ZonedDateTime t = Instant.ofEpochMilli(minute).atZone(zone);
      DayOfWeek d = t.getDayOfWeek();
      LocalTime lt = t.toLocalTime();
      return d != DayOfWeek.SATURDAY
          && d != DayOfWeek.SUNDAY
          && !lt.isBefore(start)
          && lt.isBefore(end)
          && !nonWorkingDates.contains(t.toLocalDate());
    }
  }

  private final List<Device> devices;
  private final long from;
  private final long to;
  private final WorkHours hours;
  private final AlertBands bands;

  /** deviceId → minute → occupied ms. */
  private final Map<String, Map<Long, Integer>> occupied = new HashMap<>();

  /** deviceId → minute → metric → mean. */
  private final Map<String, Map<Long, Map<String, Double>>> env = new HashMap<>();

  public UsageReport(List<Device> devices, long from, long to, WorkHours hours, AlertBands bands) {
    this.devices = devices;
    this.from = from;
    this.to = to;
    this.hours = hours;
    this.bands = bands;
  }

  public void occupied(String deviceId, long minute, int occupiedMs) {
    occupied
        .computeIfAbsent(deviceId, k -> new HashMap<>())
        .merge(minute, occupiedMs, Integer::sum);
  }

  public void environment(String deviceId, long minute, String metric, double mean) {
    env.computeIfAbsent(deviceId, k -> new HashMap<>())
        .computeIfAbsent(minute, k -> new HashMap<>())
        .put(metric, mean);
  }

  private boolean occupiedIn(String deviceId, long minute) {
    Map<Long, Integer> m = occupied.get(deviceId);
    return m != null && m.getOrDefault(minute, 0) >= MINUTE / 2;
  }

  public JsonObject toJson() {
    Map<String, List<Device>> floors = new TreeMap<>();
    Map<String, List<Device>> zones = new TreeMap<>();
    for (Device d : devices) {
      if (d.type() != DeviceType.DESK) {
        continue;
      }
      floors.computeIfAbsent(d.site() + "\u0000" + d.floor(), k -> new ArrayList<>()).add(d);
      zones
          .computeIfAbsent(
              d.site() + "\u0000" + d.floor() + "\u0000" + (d.zone() == null ? "" : d.zone()),
              k -> new ArrayList<>())
          .add(d);
    }
    JsonArray floorOut = new JsonArray();
    floors.forEach((k, list) -> floorOut.add(group(k.split("\u0000", -1), list)));
    JsonArray zoneOut = new JsonArray();
    zones.forEach((k, list) -> zoneOut.add(group(k.split("\u0000", -1), list)));
    JsonArray never = new JsonArray();
    for (Device d : devices) {
      if (d.type() == DeviceType.DESK) {
        Map<Long, Integer> m = occupied.get(d.id());
        boolean used = m != null && m.values().stream().anyMatch(v -> v >= MINUTE / 2);
        if (!used) {
          never.add(
              new JsonObject()
                  .put("deviceId", d.id())
                  .put("site", d.site())
                  .put("floor", d.floor())
                  .put("zone", d.zone())
                  .put("desk", d.desk()));
        }
      }
    }
    return new JsonObject()
        .put("from", Instant.ofEpochMilli(from).toString())
        .put("to", Instant.ofEpochMilli(to).toString())
        .put(
            "workHours",
            new JsonObject()
                .put("timeZone", hours.zone().getId())
                .put("start", hours.start().toString())
                .put("end", hours.end().toString())
                .put("days", "Mon-Fri")
                .put("nonWorkingDates", nonWorkingDatesInPeriod()))
        .put("floors", floorOut)
        .put("zones", zoneOut)
        .put("desksNeverUsed", never)
        .put("rooms", rooms());
  }

  /** The configured non-working dates that fall in the period, in order. */
  private JsonArray nonWorkingDatesInPeriod() {
    java.time.LocalDate first = Instant.ofEpochMilli(from).atZone(hours.zone()).toLocalDate();
    java.time.LocalDate last = Instant.ofEpochMilli(to - 1).atZone(hours.zone()).toLocalDate();
    return new JsonArray(
        hours.nonWorkingDates().stream()
            .filter(d -> !d.isBefore(first) && !d.isAfter(last))
            .sorted()
            .map(java.time.LocalDate::toString)
            .toList());
  }

  private JsonObject group(String[] key, List<Device> desks) {
    int capacity = desks.size();
    int peak = 0;
    long sum = 0;
    long working = 0;
    long used = 0;
    double[][] heat = new double[7][24];
    int[][] heatN = new int[7][24];
    for (long m = from; m < to; m += MINUTE) {
      int occ = 0;
      for (Device d : desks) {
        if (occupiedIn(d.id(), m)) {
          occ++;
        }
      }
      ZonedDateTime t = Instant.ofEpochMilli(m).atZone(hours.zone());
      int wd = t.getDayOfWeek().getValue() - 1;
      heat[wd][t.getHour()] += (double) occ / capacity;
      heatN[wd][t.getHour()]++;
      if (hours.contains(m)) {
        working++;
        sum += occ;
        peak = Math.max(peak, occ);
        if (occ > 0) {
          used++;
        }
      }
    }
    double avg = working == 0 ? 0 : (double) sum / working;
    JsonArray heatmap = new JsonArray();
    for (int d = 0; d < 7; d++) {
      JsonArray row = new JsonArray();
      for (int h = 0; h < 24; h++) {
        row.add(heatN[d][h] == 0 ? null : round(heat[d][h] / heatN[d][h]));
      }
      heatmap.add(row);
    }
    JsonObject g =
        new JsonObject()
            .put("site", key[0])
            .put("floor", key[1])
            .put("capacity", capacity)
            .put("workingMinutes", working)
            .put("peak", peak)
            .put("average", round(avg))
            .put("peakUtilization", round(capacity == 0 ? 0 : (double) peak / capacity))
            .put("averageUtilization", round(capacity == 0 ? 0 : avg / capacity))
            .put("timeUsed", round(working == 0 ? 0 : (double) used / working))
            .put("heatmap", heatmap);
    if (key.length > 2) {
      g.put("zone", key[2].isEmpty() ? null : key[2]);
    }
    return g;
  }

  private JsonArray rooms() {
    Map<String, List<Device>> byRoom = new TreeMap<>();
    for (Device d : devices) {
      if (d.room() != null && env.containsKey(d.id())) {
        byRoom.computeIfAbsent(d.roomKey(), k -> new ArrayList<>()).add(d);
      }
    }
    JsonArray out = new JsonArray();
    byRoom.forEach(
        (room, list) -> {
          Set<Long> minutes = new HashSet<>();
          list.forEach(d -> minutes.addAll(env.get(d.id()).keySet()));
          long inside = 0;
          for (long m : minutes) {
            boolean ok = true;
            for (Device d : list) {
              Map<String, Double> v = env.get(d.id()).get(m);
              if (v == null) {
                continue;
              }
              Double t = v.get("temperature");
              Double h = v.get("humidity");
              Double c = v.get("co2");
              ok &= t == null || bands.temperatureInside(t);
              ok &= h == null || bands.humidityInside(h);
              ok &= c == null || c <= bands.co2Max();
            }
            if (ok) {
              inside++;
            }
          }
          Device first = list.get(0);
          out.add(
              new JsonObject()
                  .put("site", first.site())
                  .put("floor", first.floor())
                  .put("room", first.room())
                  .put("minutesWithData", minutes.size())
                  .put("minutesInsideBands", inside)
                  .put("comfort", round(minutes.isEmpty() ? 0 : (double) inside / minutes.size())));
        });
    return out;
  }

  static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** The floor and zone figures as CSV (one line per group), for spreadsheets. */
  public static String csv(JsonObject report) {
    StringBuilder sb =
        new StringBuilder(
            "level,site,floor,zone,capacity,working_minutes,peak,average,peak_utilization,"
                + "average_utilization,time_used\r\n");
    for (String level : new String[] {"floors", "zones"}) {
      JsonArray a = report.getJsonArray(level);
      for (int i = 0; i < a.size(); i++) {
        JsonObject g = a.getJsonObject(i);
        sb.append(level.equals("floors") ? "floor" : "zone")
            .append(',')
            .append(cell(g.getString("site")))
            .append(',')
            .append(cell(g.getString("floor")))
            .append(',')
            .append(cell(g.getString("zone")))
            .append(',')
            .append(g.getInteger("capacity"))
            .append(',')
            .append(g.getLong("workingMinutes"))
            .append(',')
            .append(g.getInteger("peak"))
            .append(',')
            .append(g.getDouble("average"))
            .append(',')
            .append(g.getDouble("peakUtilization"))
            .append(',')
            .append(g.getDouble("averageUtilization"))
            .append(',')
            .append(g.getDouble("timeUsed"))
            .append("\r\n");
      }
    }
    return sb.toString();
  }

  private static String cell(String s) {
    if (s == null) {
      return "";
    }
    // quote, and defuse spreadsheet formulas
    String v =
        s.startsWith("=") || s.startsWith("+") || s.startsWith("-") || s.startsWith("@")
            ? "'" + s
            : s;
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
