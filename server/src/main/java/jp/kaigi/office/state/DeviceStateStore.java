package jp.kaigi.office.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.office.ingest.Reading;
import jp.kaigi.office.registry.Device;

/**
 * The latest state of every device, in a Vert.x shared async map: Hazelcast-backed (shared by the
 * cluster, with a backup) when the node is clustered, local otherwise; this code does not know
 * which. A state is a JSON object: {@code id, type, site, floor, zone, desk, room, online,
 * onlineVia, lastSeen, ts, readings{...}}.
 *
 * <p>Readings of one device are applied in timestamp order: an older {@code ts} than the stored one
 * never overwrites (it can happen when a shared subscription hands a device's messages to different
 * nodes). The node keeps the states it wrote in a local copy to merge without a read.
 */
public final class DeviceStateStore {
  public static final String MAP = "kaigi.office.state";

  private final Vertx vertx;
  private final Map<String, JsonObject> local = new ConcurrentHashMap<>();
  private AsyncMap<String, JsonObject> shared;

  public DeviceStateStore(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<Void> start() {
    return vertx
        .sharedData()
        .<String, JsonObject>getAsyncMap(MAP)
        .map(
            m -> {
              shared = m;
              return null;
            });
  }

  private JsonObject base(Device d) {
    JsonObject old = local.get(d.id());
    JsonObject s = old != null ? old.copy() : new JsonObject().put("readings", new JsonObject());
    return s.put("id", d.id())
        .put("type", d.type().wire())
        .put("site", d.site())
        .put("floor", d.floor())
        .put("zone", d.zone())
        .put("desk", d.desk())
        .put("room", d.room())
        .put("capacity", d.capacity());
  }

  /** Applies a reading; returns the new state, or null when the reading is older than the state. */
  public JsonObject applyReading(Reading r) {
    JsonObject s = base(r.device());
    Long prevTs = s.getLong("ts");
    if (prevTs != null && r.ts() < prevTs) {
      return null;
    }
    JsonObject readings = s.getJsonObject("readings");
    r.values().forEach(e -> readings.put(e.getKey(), e.getValue()));
    readings.remove("ts");
    s.put("ts", r.ts()).put("lastSeen", System.currentTimeMillis());
    boolean cameOnline = !Boolean.TRUE.equals(s.getBoolean("online"));
    if (cameOnline) {
      s.put("online", true).put("onlineVia", "telemetry");
    }
    put(r.device().id(), s);
    return cameOnline ? s.copy().put("cameOnline", true) : s;
  }

  /**
   * Presence from the status topic (LWT) or the timeout. Returns the new state when presence
   * changed, else null.
   */
  public JsonObject applyPresence(Device d, boolean online, String via) {
    JsonObject s = base(d);
    Boolean was = s.getBoolean("online");
    if (online) {
      s.put("lastSeen", System.currentTimeMillis());
    }
    s.put("online", online).put("onlineVia", via);
    put(d.id(), s);
    return was != null && was == online ? null : s;
  }

  private void put(String id, JsonObject s) {
    local.put(id, s);
    shared.put(id, s);
  }

  public void forget(String id) {
    local.remove(id);
    shared.remove(id);
  }

  /** Every device's state, cluster-wide. */
  public Future<List<JsonObject>> all() {
    return shared.entries().map(m -> new ArrayList<>(m.values()));
  }

  public Future<JsonObject> get(String id) {
    return shared.get(id);
  }

  /** Adopts a state another node wrote, so the next merge here starts from it. */
  public void adopt(JsonObject s) {
    JsonObject mine = local.get(s.getString("id"));
    if (mine == null || mine.getLong("ts", 0L) <= s.getLong("ts", 0L)) {
      local.put(s.getString("id"), s);
    }
  }
}
