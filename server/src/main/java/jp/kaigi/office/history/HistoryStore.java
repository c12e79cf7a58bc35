package jp.kaigi.office.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Batched writes of rollups and raw readings, and the retention deletes. */
public final class HistoryStore {
  /** A raw reading kept when raw retention is on. */
  public record RawRow(String deviceId, long ts, String payload) {}

  public void insertRollups(Connection c, List<RollupRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO office_rollups (device_id, bucket, metric, n, min_v, max_v, sum_v,"
                + " occupied_ms, covered_ms) VALUES (?,?,?,?,?,?,?,?,?)")) {
      for (RollupRow r : rows) {
        ps.setString(1, r.deviceId());
        ps.setObject(2, time(r.minute()));
        ps.setString(3, r.metric());
        ps.setInt(4, r.n());
        ps.setDouble(5, r.min());
        ps.setDouble(6, r.max());
        ps.setDouble(7, r.sum());
        setInt(ps, 8, r.occupiedMs());
        setInt(ps, 9, r.coveredMs());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public void insertRaw(Connection c, List<RawRow> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO office_readings (device_id, ts, payload) VALUES (?,?,?)")) {
      for (RawRow r : rows) {
        ps.setString(1, r.deviceId());
        ps.setObject(2, time(r.ts()));
        ps.setString(3, r.payload());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Deletes what is older than the retention periods; returns rows deleted. */
  public int purge(Connection c, Instant rollupsBefore, Instant rawBefore, Instant alertsBefore)
      throws SQLException {
    int n = 0;
    n += delete(c, "DELETE FROM office_rollups WHERE bucket < ?", rollupsBefore);
    n += delete(c, "DELETE FROM office_readings WHERE ts < ?", rawBefore);
    n +=
        delete(
            c,
            "DELETE FROM office_alerts WHERE state = 'cleared' AND cleared_at < ?",
            alertsBefore);
    return n;
  }

  private static int delete(Connection c, String sql, Instant before) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
      return ps.executeUpdate();
    }
  }

  private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  static OffsetDateTime time(long ms) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }
}
