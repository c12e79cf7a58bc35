package jp.kaigi.office.alert;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.kaigi.office.ingest.Reading;
import jp.kaigi.office.registry.Device;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns readings and presence into alerts: CO2 mean over the window above the band, temperature or
 * humidity outside their bands (per room when the device watches one, else per device), battery
 * below its minimum, device offline. Only transitions touch SQL. Lifecycle {@code raised →
 * acknowledged → cleared}; clearing is automatic when the condition ends. Runs on the pipeline's
 * context; changes are published on {@link #ADDRESS}.
 */
public final class AlertEngine {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
  public static final String ADDRESS = "kaigi.office.alert";

  private final Vertx vertx;
  private final Database db;
  private final AlertStore store = new AlertStore();
  private final AlertBands bands;

  /** Open conditions as this node knows them: subject|kind. */
  private final Set<String> open = new HashSet<>();

  private final Map<String, Deque<long[]>> co2 = new HashMap<>();

  public AlertEngine(Vertx vertx, Database db, AlertBands bands) {
    this.vertx = vertx;
    this.db = db;
    this.bands = bands;
  }

  public Future<Void> start() {
    return db.read(c -> store.list(c, true, 100_000))
        .map(
            list -> {
              list.forEach(a -> open.add(a.getString("subject") + "|" + a.getString("kind")));
              return null;
            });
  }

  public AlertStore store() {
    return store;
  }

  public void onReading(Reading r) {
    Device d = r.device();
    String subject = d.room() != null ? "room:" + d.roomKey() : d.id();
    if (r.co2() != null) {
      Deque<long[]> w = co2.computeIfAbsent(subject, k -> new ArrayDeque<>());
      w.addLast(new long[] {r.ts(), Double.doubleToLongBits(r.co2())});
      long windowMs = bands.co2Window().toMillis();
      while (!w.isEmpty() && w.peekFirst()[0] <= r.ts() - windowMs) {
        w.removeFirst();
      }
      double sum = 0;
      for (long[] x : w) {
        sum += Double.longBitsToDouble(x[1]);
      }
      double mean = sum / w.size();
      // The window must be (nearly) full: one high reading after a quiet spell is not a trend.
      boolean full = r.ts() - w.peekFirst()[0] >= windowMs * 9 / 10;
      if (full && mean > bands.co2Max()) {
        raise(d, subject, "co2", mean, "CO2 " + round(mean) + " ppm mean over the window");
      } else if (mean <= bands.co2Max()) {
        clear(subject, "co2");
      }
    }
    if (r.temperature() != null) {
      if (bands.temperatureInside(r.temperature())) {
        clear(subject, "temperature");
      } else {
        raise(d, subject, "temperature", r.temperature(), "temperature " + r.temperature() + " °C");
      }
    }
    if (r.humidity() != null) {
      if (bands.humidityInside(r.humidity())) {
        clear(subject, "humidity");
      } else {
        raise(d, subject, "humidity", r.humidity(), "humidity " + r.humidity() + " %");
      }
    }
    if (r.battery() != null) {
      if (r.battery() < bands.batteryMin()) {
        raise(d, d.id(), "battery", r.battery(), "battery " + r.battery() + " %");
      } else {
        clear(d.id(), "battery");
      }
    }
  }

  public void onPresence(Device d, boolean online, String via) {
    if (online) {
      clear(d.id(), "offline");
    } else {
      raise(d, d.id(), "offline", null, "device offline (" + via + ")");
    }
  }

  private void raise(Device d, String subject, String kind, Double value, String detail) {
    if (!open.add(subject + "|" + kind)) {
      return;
    }
    Alert a = new Alert(subject, kind, d.id(), d.site(), d.floor(), d.room(), value, detail);
    db.transaction(c -> store.raise(c, a))
        .onSuccess(
            made ->
                made.ifPresent(
                    json -> {
                      LOG.info(
                          "event=office.alert.raised id={} subject={} kind={}",
                          json.getLong("id"),
                          subject,
                          kind);
                      vertx.eventBus().publish(ADDRESS, json);
                    }))
        .onFailure(e -> fail(subject, kind, e));
  }

  private void clear(String subject, String kind) {
    if (!open.remove(subject + "|" + kind)) {
      return;
    }
    db.transaction(c -> store.clear(c, subject, kind))
        .onSuccess(
            done ->
                done.ifPresent(
                    json -> {
                      LOG.info(
                          "event=office.alert.cleared id={} subject={} kind={}",
                          json.getLong("id"),
                          subject,
                          kind);
                      vertx.eventBus().publish(ADDRESS, json);
                    }))
        .onFailure(e -> fail(subject, kind, e));
  }

  private void fail(String subject, String kind, Throwable e) {
    // Forget the transition so the next reading tries again.
    open.remove(subject + "|" + kind);
    LOG.warn(
        "event=office.alert.store_failed subject={} kind={} error={}", subject, kind, e.toString());
  }

  public Future<Optional<JsonObject>> acknowledge(long id, String login) {
    return db.transaction(c -> store.acknowledge(c, id, login))
        .onSuccess(a -> a.ifPresent(json -> vertx.eventBus().publish(ADDRESS, json)));
  }

  private static long round(double v) {
    return Math.round(v);
  }
}
