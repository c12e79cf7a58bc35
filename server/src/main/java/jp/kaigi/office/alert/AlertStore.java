package jp.kaigi.office.alert;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for alerts. {@code open_key} is unique while an alert is open: one per (subject, kind). */
public final class AlertStore {
  private static final String COLS =
      "id, subject, kind, state, device_id, site, floor, room, reading, detail, raised_at,"
          + " acknowledged_at, acknowledged_by, cleared_at";

  /** Returns the new alert, or empty when one is already open for (subject, kind). */
  public Optional<JsonObject> raise(Connection c, Alert a) throws SQLException {
    String key = a.subject() + "|" + a.kind();
    try (PreparedStatement q =
        c.prepareStatement("SELECT id FROM office_alerts WHERE open_key = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          return Optional.empty();
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO office_alerts (subject, kind, state, device_id, site, floor, room, reading,"
                + " detail, raised_at, open_key) VALUES (?,?,'raised',?,?,?,?,?,?,?,?)",
            new String[] {"id"})) {
      ps.setString(1, a.subject());
      ps.setString(2, a.kind());
      ps.setString(3, a.deviceId());
      ps.setString(4, a.site());
      ps.setString(5, a.floor());
      ps.setString(6, a.room());
      ps.setObject(7, a.value());
      ps.setString(8, a.detail());
      ps.setObject(9, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setString(10, key);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return find(c, keys.getLong(1));
      }
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return Optional.empty(); // another node raised it first
      }
      throw e;
    }
  }

  /** Clears the open alert for (subject, kind); returns it, or empty when none was open. */
  public Optional<JsonObject> clear(Connection c, String subject, String kind) throws SQLException {
    String key = subject + "|" + kind;
    Long id = null;
    try (PreparedStatement q =
        c.prepareStatement("SELECT id FROM office_alerts WHERE open_key = ?")) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          id = rs.getLong(1);
        }
      }
    }
    if (id == null) {
      return Optional.empty();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE office_alerts SET state = 'cleared', cleared_at = ?, open_key = NULL"
                + " WHERE id = ? AND open_key IS NOT NULL")) {
      ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setLong(2, id);
      if (ps.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    return find(c, id);
  }

  public Optional<JsonObject> acknowledge(Connection c, long id, String login) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE office_alerts SET state = 'acknowledged', acknowledged_at = ?,"
                + " acknowledged_by = ? WHERE id = ? AND state = 'raised'")) {
      ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setString(2, login);
      ps.setLong(3, id);
      ps.executeUpdate();
    }
    return find(c, id);
  }

  public Optional<JsonObject> find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLS + " FROM office_alerts WHERE id = ?")) {
      ps.setLong(1, id);
      List<JsonObject> l = list(ps);
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }

  /** Open alerts (raised or acknowledged), or the latest {@code limit} of any state. */
  public List<JsonObject> list(Connection c, boolean openOnly, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLS
                + " FROM office_alerts"
                + (openOnly ? " WHERE open_key IS NOT NULL" : "")
                + " ORDER BY raised_at DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      return list(ps);
    }
  }

  private static List<JsonObject> list(PreparedStatement ps) throws SQLException {
    List<JsonObject> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        double v = rs.getDouble(9);
        boolean vNull = rs.wasNull();
        out.add(
            new JsonObject()
                .put("id", rs.getLong(1))
                .put("subject", rs.getString(2))
                .put("kind", rs.getString(3))
                .put("state", rs.getString(4))
                .put("deviceId", rs.getString(5))
                .put("site", rs.getString(6))
                .put("floor", rs.getString(7))
                .put("room", rs.getString(8))
                .put("value", vNull ? null : v)
                .put("detail", rs.getString(10))
                .put("raisedAt", ts(rs, 11))
                .put("acknowledgedAt", ts(rs, 12))
                .put("acknowledgedBy", rs.getString(13))
                .put("clearedAt", ts(rs, 14)));
      }
    }
    return out;
  }

  private static String ts(ResultSet rs, int col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant().toString();
  }
}
