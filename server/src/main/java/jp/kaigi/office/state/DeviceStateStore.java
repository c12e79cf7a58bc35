package jp.kaigi.office.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import jp.kaigi.office.ingest.Reading;
import jp.kaigi.office.registry.Device;

/**
 * The latest state of every device, in a Vert.x shared async map: Hazelcast-backed (shared by the
 * cluster, with a backup) when the node is clustered, local otherwise; this code does not know
 * which. A state is a JSON object: {@code id, type, site, floor, zone, desk, room, online,
 * onlineVia, lastSeen, ts, readings{...}}.
 *
 * <p>Several nodes may receive readings of the same device (a shared subscription hands each
 * message to any member of the group), so every change is a compare-and-set of the whole entry
 * ({@link AsyncMap#replaceIfPresent}) merged from the entry as stored: a node never overwrites
 * readings another node applied. Readings are applied in device-timestamp order: an older {@code
 * ts} than the stored one never changes the state. On one node, changes to one device run one after
 * another in arrival order. The node keeps the entries it last saw in a local copy, so a change
 * costs one map operation unless another node wrote the device in between.
 */
public final class DeviceStateStore {
  public static final String MAP = "kaigi.office.state";

  /** Compare-and-set attempts before a change gives up (only under heavy cross-node contention). */
  static final int ATTEMPTS = 16;

  private final Vertx vertx;
  private final Map<String, JsonObject> local = new ConcurrentHashMap<>();
  private final Map<String, Future<?>> tails = new HashMap<>();
  private AsyncMap<String, JsonObject> shared;

  /** A stored change: the entry before (null if none) and after. */
  private record Change(JsonObject before, JsonObject after) {}

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

  /** The state of a registered device that has not reported yet: offline. */
  public static JsonObject neverSeen(Device d) {
    return base(null, d).put("online", false).put("onlineVia", "never");
  }

  private static JsonObject base(JsonObject stored, Device d) {
    JsonObject s =
        stored != null ? stored.copy() : new JsonObject().put("readings", new JsonObject());
    return s.put("id", d.id())
        .put("type", d.type().wire())
        .put("site", d.site())
        .put("floor", d.floor())
        .put("zone", d.zone())
        .put("desk", d.desk())
        .put("room", d.room())
        .put("capacity", d.capacity());
  }

  /**
   * Applies a reading; the new state (with {@code cameOnline: true} when it brought the device
   * online), or null when the reading is older than the state.
   */
  public Future<JsonObject> applyReading(Reading r) {
    Device d = r.device();
    return change(
            d.id(),
            stored -> {
              Long prevTs = stored == null ? null : stored.getLong("ts");
              if (prevTs != null && r.ts() < prevTs) {
                return null;
              }
              JsonObject s = base(stored, d);
              JsonObject readings = s.getJsonObject("readings");
              r.values().forEach(e -> readings.put(e.getKey(), e.getValue()));
              readings.remove("ts");
              s.put("ts", r.ts()).put("lastSeen", System.currentTimeMillis());
              if (!Boolean.TRUE.equals(s.getBoolean("online"))) {
                s.put("online", true).put("onlineVia", "telemetry");
              }
              return s;
            })
        .map(
            c -> {
              if (c == null) {
                return null;
              }
              boolean wasOnline =
                  c.before() != null && Boolean.TRUE.equals(c.before().getBoolean("online"));
              return wasOnline ? c.after() : c.after().copy().put("cameOnline", true);
            });
  }

  /**
   * Presence from the status topic (LWT). Returns the new state when presence changed, else null.
   */
  public Future<JsonObject> applyPresence(Device d, boolean online, String via) {
    return change(
            d.id(),
            stored -> {
              JsonObject s = base(stored, d);
              if (online) {
                s.put("lastSeen", System.currentTimeMillis());
              }
              return s.put("online", online).put("onlineVia", via);
            })
        .map(c -> presenceChanged(c) ? c.after() : null);
  }

  /**
   * Marks a device offline by the timeout if it is still online and not seen since {@code
   * silentSince} (checked against the entry as stored, so a reading another node applied meanwhile
   * wins). The new state, or null when nothing changed.
   */
  public Future<JsonObject> applyTimeout(Device d, long silentSince) {
    return change(
            d.id(),
            stored -> {
              if (stored == null
                  || !Boolean.TRUE.equals(stored.getBoolean("online"))
                  || stored.getLong("lastSeen", 0L) >= silentSince) {
                return null;
              }
              return base(stored, d).put("online", false).put("onlineVia", "timeout");
            })
        .map(c -> c == null ? null : c.after());
  }

  private static boolean presenceChanged(Change c) {
    Boolean was = c.before() == null ? null : c.before().getBoolean("online");
    return was == null || !was.equals(c.after().getBoolean("online"));
  }

  /** One device's changes, one after another on this node, each a compare-and-set. */
  private Future<Change> change(String id, UnaryOperator<JsonObject> f) {
    return serial(id, () -> attempt(id, f, 1));
  }

  private Future<Change> attempt(String id, UnaryOperator<JsonObject> f, int n) {
    JsonObject before = local.get(id);
    JsonObject after = f.apply(before);
    if (after == null) {
      return Future.succeededFuture(null);
    }
    Future<Boolean> written =
        before == null
            ? shared.putIfAbsent(id, after).map(prev -> prev == null)
            : shared.replaceIfPresent(id, before, after);
    return written.compose(
        ok -> {
          if (ok) {
            local.put(id, after);
            return Future.succeededFuture(new Change(before, after));
          }
          if (n >= ATTEMPTS) {
            return Future.failedFuture(
                new IllegalStateException("device " + id + " changed concurrently too often"));
          }
          // another node wrote it (or it was forgotten): start again from the stored entry
          return shared
              .get(id)
              .compose(
                  stored -> {
                    if (stored == null) {
                      local.remove(id);
                    } else {
                      local.put(id, stored);
                    }
                    return attempt(id, f, n + 1);
                  });
        });
  }

  private <T> Future<T> serial(String id, Supplier<Future<T>> op) {
    synchronized (tails) {
      Future<?> prev = tails.get(id);
      Future<T> next = prev == null ? op.get() : prev.transform(ar -> op.get());
      if (!next.isComplete()) {
        tails.put(id, next);
        next.onComplete(
            ar -> {
              synchronized (tails) {
                tails.remove(id, next);
              }
            });
      } else if (prev != null) {
        tails.remove(id, prev);
      }
      return next;
    }
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
}
