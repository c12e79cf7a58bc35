package jp.kaigi.office.history;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jp.kaigi.office.ingest.Reading;
import jp.kaigi.office.registry.DeviceType;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects rollups (and raw readings when raw retention is on) and writes them in batches, one
 * transaction per flush, off the event loop. A failed batch is kept for the next flush (bounded).
 */
public final class HistoryWriter {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
  private static final int MAX_PENDING = 500_000;

  /** A minute is written this long after it ended, so late readings still land in it. */
  private static final long GRACE_MS = 5_000;

  private final Database db;
  private final HistoryStore store = new HistoryStore();
  private final RollupAccumulator acc = new RollupAccumulator();
  private final Function<DeviceType, Duration> hold;
  private final boolean keepRaw;
  private List<RollupRow> retry = new ArrayList<>();
  private List<HistoryStore.RawRow> raw = new ArrayList<>();
  private long rowsWritten;
  private Future<Integer> writing = Future.succeededFuture(0);

  public HistoryWriter(Database db, Function<DeviceType, Duration> hold, boolean keepRaw) {
    this.db = db;
    this.hold = hold;
    this.keepRaw = keepRaw;
  }

  public void add(Reading r) {
    acc.add(r, hold.apply(r.device().type()).toMillis());
    if (keepRaw && raw.size() < MAX_PENDING) {
      raw.add(new HistoryStore.RawRow(r.device().id(), r.ts(), r.values().encode()));
    }
  }

  /**
   * Writes every minute that ended more than the grace ago ({@code force}: up to now's minute),
   * after the flush before it is written: a flush that has completed leaves every row drained
   * before it committed, so a forced flush (at close, before a report) never races a periodic one
   * still in its transaction. On the pipeline's context.
   */
  public Future<Integer> flush(long now, boolean force) {
    Future<Integer> next = writing.transform(previous -> write(now, force));
    writing = next;
    return next;
  }

  private Future<Integer> write(long now, boolean force) {
    long boundary =
        Math.floorDiv(force ? now + RollupAccumulator.MINUTE : now - GRACE_MS, 60_000) * 60_000;
    List<RollupRow> rows = new ArrayList<>(retry);
    rows.addAll(acc.drain(boundary));
    List<HistoryStore.RawRow> raws = raw;
    retry = new ArrayList<>();
    raw = new ArrayList<>();
    if (rows.isEmpty() && raws.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return db.transaction(
            c -> {
              store.insertRollups(c, rows);
              if (!raws.isEmpty()) {
                store.insertRaw(c, raws);
              }
              return rows.size();
            })
        .onSuccess(n -> rowsWritten += n)
        .recover(
            e -> {
              LOG.warn(
                  "event=office.rollup.write_failed rows={} error={}", rows.size(), e.toString());
              if (retry.size() + rows.size() < MAX_PENDING) {
                retry.addAll(rows);
              }
              return Future.succeededFuture(0);
            });
  }

  public long rowsWritten() {
    return rowsWritten;
  }

  public Future<Integer> purge(int rollupDays, int rawDays) {
    Instant now = Instant.now();
    return db.transaction(
        c ->
            store.purge(
                c,
                now.minus(Duration.ofDays(rollupDays)),
                now.minus(Duration.ofDays(Math.max(rawDays, 0))),
                now.minus(Duration.ofDays(rollupDays))));
  }
}
