package jp.kaigi.office.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jp.kaigi.office.ingest.Reading;

/**
 * 1-minute rollups in memory until flushed. Numeric readings: count, min, max, sum (mean = sum/n).
 * Occupancy is time-weighted: a desk's last state holds until its next reading, for at most {@code
 * holdMs} (its offline timeout), and each minute gets the milliseconds it was occupied. Not
 * thread-safe: used from the pipeline's one context.
 */
public final class RollupAccumulator {
  public static final long MINUTE = 60_000;
  static final String[] METRICS = {"co2", "temperature", "humidity", "noise", "count", "battery"};

  private static final class Agg {
    int n;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum;
    int occupiedMs;
    int coveredMs;

    void add(double v) {
      n++;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
  }

  private record Key(String deviceId, long minute, String metric) {}

  private record Occ(long since, boolean occupied, long holdUntil) {}

  private final Map<Key, Agg> buckets = new HashMap<>();
  private final Map<String, Occ> occupancy = new HashMap<>();

  public void add(Reading r, long holdMs) {
    long minute = Math.floorDiv(r.ts(), MINUTE) * MINUTE;
    String id = r.device().id();
    Double[] values = {r.co2(), r.temperature(), r.humidity(), r.noise(), null, r.battery()};
    values[4] = r.count() == null ? null : r.count().doubleValue();
    for (int i = 0; i < METRICS.length; i++) {
      if (values[i] != null) {
        agg(id, minute, METRICS[i]).add(values[i]);
      }
    }
    if (r.occupied() != null) {
      agg(id, minute, "occupied").add(r.occupied() ? 1 : 0);
      Occ prev = occupancy.get(id);
      if (prev != null && r.ts() >= prev.since) {
        credit(id, prev, Math.min(r.ts(), prev.holdUntil));
      }
      if (prev == null || r.ts() >= prev.since) {
        occupancy.put(id, new Occ(r.ts(), r.occupied(), r.ts() + holdMs));
      }
    }
  }

  private Agg agg(String id, long minute, String metric) {
    return buckets.computeIfAbsent(new Key(id, minute, metric), k -> new Agg());
  }

  /** Spreads [prev.since, until) over minute buckets. */
  private void credit(String id, Occ prev, long until) {
    long t = prev.since;
    while (t < until) {
      long minute = Math.floorDiv(t, MINUTE) * MINUTE;
      long end = Math.min(until, minute + MINUTE);
      Agg a = agg(id, minute, "occupied");
      int ms = (int) (end - t);
      a.coveredMs += ms;
      if (prev.occupied) {
        a.occupiedMs += ms;
      }
      t = end;
    }
  }

  /**
   * Removes and returns every bucket of a minute that ended before {@code boundary} (ms, a minute
   * start); open occupancy intervals are credited up to the boundary first.
   */
  public List<RollupRow> drain(long boundary) {
    for (Map.Entry<String, Occ> e : occupancy.entrySet()) {
      Occ o = e.getValue();
      long until = Math.min(boundary, o.holdUntil);
      if (until > o.since) {
        credit(e.getKey(), o, until);
        e.setValue(new Occ(until, o.occupied, o.holdUntil));
      }
    }
    List<RollupRow> out = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Agg>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Agg> e = it.next();
      Key k = e.getKey();
      if (k.minute + MINUTE > boundary) {
        continue;
      }
      Agg a = e.getValue();
      boolean occ = k.metric.equals("occupied");
      out.add(
          new RollupRow(
              k.deviceId,
              k.minute,
              k.metric,
              a.n,
              a.n == 0 ? 0 : a.min,
              a.n == 0 ? 0 : a.max,
              a.sum,
              occ ? a.occupiedMs : null,
              occ ? a.coveredMs : null));
      it.remove();
    }
    occupancy.values().removeIf(o -> o.since >= o.holdUntil);
    return out;
  }

  public int pending() {
    return buckets.size();
  }
}
