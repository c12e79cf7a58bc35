package jp.kaigi.office.analytics;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.kaigi.office.alert.AlertBands;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceRegistry;
import jp.kaigi.office.registry.DeviceType;
import jp.kaigi.office.state.DeviceStateStore;
import jp.kaigi.store.Database;

/** The office now (from the shared state) and over a period (from the rollups). */
public final class AnalyticsService {
  public static final long MAX_PERIOD_MS = 92L * 24 * 3600_000;

  private final DeviceRegistry registry;
  private final DeviceStateStore states;
  private final Database db;
  private final UsageReport.WorkHours hours;
  private final AlertBands bands;

  public AnalyticsService(
      DeviceRegistry registry,
      DeviceStateStore states,
      Database db,
      UsageReport.WorkHours hours,
      AlertBands bands) {
    this.registry = registry;
    this.states = states;
    this.db = db;
    this.hours = hours;
    this.bands = bands;
  }

  /** A desk is occupied, free, or offline (no state, or its sensor is offline). */
  public static String deskStatus(JsonObject state) {
    if (state == null || !Boolean.TRUE.equals(state.getBoolean("online"))) {
      return "offline";
    }
    JsonObject r = state.getJsonObject("readings", new JsonObject());
    return Boolean.TRUE.equals(r.getBoolean("occupied")) ? "occupied" : "free";
  }

  private Future<Map<String, JsonObject>> stateById() {
    return states
        .all()
        .map(
            list -> {
              Map<String, JsonObject> m = new HashMap<>();
              list.forEach(s -> m.put(s.getString("id"), s));
              return m;
            });
  }

  private static boolean matches(Device d, String site, String floor) {
    return (site == null || site.equals(d.site())) && (floor == null || floor.equals(d.floor()));
  }

  /**
   * Occupied / free / offline desks per floor and zone, people and air per room, and the alert
   * bands the rooms' air is judged by.
   */
  public Future<JsonObject> now(String site, String floor) {
    return stateById()
        .map(
            byId -> {
              Map<String, JsonObject> floors = new TreeMap<>();
              List<Device> devs = new ArrayList<>(registry.cachedAll());
              devs.sort(Comparator.comparing(Device::id));
              for (Device d : devs) {
                if (!matches(d, site, floor)) {
                  continue;
                }
                JsonObject f =
                    floors.computeIfAbsent(
                        d.site() + "/" + d.floor(),
                        k ->
                            new JsonObject()
                                .put("site", d.site())
                                .put("floor", d.floor())
                                .put("desks", counts())
                                .put("zones", new JsonObject())
                                .put("rooms", new JsonObject()));
                JsonObject s = byId.get(d.id());
                if (d.type() == DeviceType.DESK) {
                  String st = deskStatus(s);
                  bump(f.getJsonObject("desks"), st);
                  String zone = d.zone() == null ? "" : d.zone();
                  JsonObject z = f.getJsonObject("zones");
                  if (!z.containsKey(zone)) {
                    z.put(zone, counts());
                  }
                  bump(z.getJsonObject(zone), st);
                }
                if (d.room() != null) {
                  JsonObject rooms = f.getJsonObject("rooms");
                  if (!rooms.containsKey(d.room())) {
                    rooms.put(
                        d.room(),
                        new JsonObject()
                            .put("room", d.room())
                            .put("zone", d.zone())
                            .put("capacity", d.capacity()));
                  }
                  JsonObject room = rooms.getJsonObject(d.room());
                  if (d.capacity() != null) {
                    room.put("capacity", d.capacity());
                  }
                  if (s != null && Boolean.TRUE.equals(s.getBoolean("online"))) {
                    JsonObject r = s.getJsonObject("readings", new JsonObject());
                    for (String k : new String[] {"co2", "temperature", "humidity", "noise"}) {
                      if (r.getValue(k) != null) {
                        room.put(k, r.getValue(k));
                      }
                    }
                    if (r.getValue("count") != null
                        && (d.type() == DeviceType.COUNTER || !room.containsKey("people"))) {
                      room.put("people", r.getValue("count"));
                    }
                  }
                }
              }
              JsonArray out = new JsonArray();
              floors
                  .values()
                  .forEach(
                      f -> {
                        JsonArray zones = new JsonArray();
                        f.getJsonObject("zones")
                            .forEach(
                                e ->
                                    zones.add(
                                        ((JsonObject) e.getValue())
                                            .copy()
                                            .put(
                                                "zone", e.getKey().isEmpty() ? null : e.getKey())));
                        JsonArray rooms = new JsonArray();
                        f.getJsonObject("rooms").forEach(e -> rooms.add(e.getValue()));
                        out.add(f.copy().put("zones", zones).put("rooms", rooms));
                      });
              return new JsonObject()
                  .put("at", Instant.now().toString())
                  .put("bands", bands.toJson())
                  .put("floors", out);
            });
  }

  private static JsonObject counts() {
    return new JsonObject().put("occupied", 0).put("free", 0).put("offline", 0).put("total", 0);
  }

  private static void bump(JsonObject c, String status) {
    c.put(status, c.getInteger(status) + 1).put("total", c.getInteger("total") + 1);
  }

  /** Desks (optionally only free ones) of a zone/floor/site, with their status. */
  public Future<JsonArray> desks(String site, String floor, String zone, boolean freeOnly) {
    return stateById()
        .map(
            byId -> {
              List<Device> devs = new ArrayList<>(registry.cachedAll());
              devs.sort(Comparator.comparing(Device::id));
              JsonArray out = new JsonArray();
              for (Device d : devs) {
                if (d.type() != DeviceType.DESK
                    || !matches(d, site, floor)
                    || (zone != null && !zone.equals(d.zone()))) {
                  continue;
                }
                String st = deskStatus(byId.get(d.id()));
                if (freeOnly && !st.equals("free")) {
                  continue;
                }
                out.add(
                    new JsonObject()
                        .put("deviceId", d.id())
                        .put("site", d.site())
                        .put("floor", d.floor())
                        .put("zone", d.zone())
                        .put("desk", d.desk())
                        .put("status", st));
              }
              return out;
            });
  }

  /** The period report; {@code [from, to)} in ms, whole minutes. */
  public Future<JsonObject> report(long from, long to, String site, String floor) {
    List<Device> devs = registry.cachedAll().stream().filter(d -> matches(d, site, floor)).toList();
    return db.read(
        c -> {
          UsageReport report = new UsageReport(devs, from, to, hours, bands);
          Map<String, Device> byId = new HashMap<>();
          devs.forEach(d -> byId.put(d.id(), d));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT device_id, bucket, SUM(occupied_ms) AS occ FROM office_rollups"
                      + " WHERE metric = 'occupied' AND bucket >= ? AND bucket < ?"
                      + " GROUP BY device_id, bucket")) {
            ps.setObject(1, time(from));
            ps.setObject(2, time(to));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (byId.containsKey(rs.getString(1))) {
                  report.occupied(
                      rs.getString(1),
                      rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(),
                      rs.getInt(3));
                }
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT device_id, bucket, metric, SUM(sum_v) / SUM(n) AS mean FROM office_rollups"
                      + " WHERE metric IN ('co2', 'temperature', 'humidity')"
                      + " AND bucket >= ? AND bucket < ? GROUP BY device_id, bucket, metric")) {
            ps.setObject(1, time(from));
            ps.setObject(2, time(to));
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (byId.containsKey(rs.getString(1))) {
                  report.environment(
                      rs.getString(1),
                      rs.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(),
                      rs.getString(3),
                      rs.getDouble(4));
                }
              }
            }
          }
          return report.toJson();
        });
  }

  private static OffsetDateTime time(long ms) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }
}
