package jp.kaigi.office.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for devices, floor plans and places. Blocking: called inside {@code Database} work. */
public final class DeviceStore {
  private static final String COLS =
      "id, type, site, floor, zone, desk, room, capacity, name, secret_hash";

  public List<Device> all(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLS + " FROM office_devices ORDER BY id")) {
      return list(ps);
    }
  }

  /** (device id, Mosquitto hash) of every device that has one, for the Mosquitto config. */
  public List<String[]> brokerHashes(Connection c) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, site, broker_hash FROM office_devices WHERE broker_hash IS NOT NULL"
                    + " ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    return out;
  }

  public void setBrokerHash(Connection c, String id, String hash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE office_devices SET broker_hash = ? WHERE id = ?")) {
      ps.setString(1, hash);
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  public Optional<Device> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLS + " FROM office_devices WHERE id = ?")) {
      ps.setString(1, id);
      List<Device> l = list(ps);
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }

  public void insert(Connection c, Device d) throws SQLException {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO office_devices ("
                + COLS
                + ", created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
      bind(ps, d);
      ps.setObject(11, now);
      ps.setObject(12, now);
      ps.executeUpdate();
    }
  }

  public boolean update(Connection c, Device d) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE office_devices SET id = ?, type = ?, site = ?, floor = ?, zone = ?, desk = ?,"
                + " room = ?, capacity = ?, name = ?, secret_hash = ?, updated_at = ?"
                + " WHERE id = ?")) {
      bind(ps, d);
      ps.setObject(11, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setString(12, d.id());
      return ps.executeUpdate() == 1;
    }
  }

  public boolean delete(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM office_devices WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() == 1;
    }
  }

  private static void bind(PreparedStatement ps, Device d) throws SQLException {
    ps.setString(1, d.id());
    ps.setString(2, d.type().wire());
    ps.setString(3, d.site());
    ps.setString(4, d.floor());
    ps.setString(5, d.zone());
    ps.setString(6, d.desk());
    ps.setString(7, d.room());
    if (d.capacity() == null) {
      ps.setNull(8, Types.INTEGER);
    } else {
      ps.setInt(8, d.capacity());
    }
    ps.setString(9, d.name());
    ps.setString(10, d.secretHash());
  }

  private static List<Device> list(PreparedStatement ps) throws SQLException {
    List<Device> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int cap = rs.getInt(8);
        out.add(
            new Device(
                rs.getString(1),
                DeviceType.parse(rs.getString(2)).orElse(DeviceType.GATEWAY),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.wasNull() ? null : cap,
                rs.getString(9),
                rs.getString(10)));
      }
    }
    return out;
  }

  // --- floor plans and places ---------------------------------------------------------------

  public record FloorPlan(String contentType, byte[] image) {}

  public record Place(
      String site,
      String floor,
      String kind,
      String name,
      double x,
      double y,
      Double w,
      Double h) {}

  public void putFloorPlan(Connection c, String site, String floor, String type, byte[] image)
      throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM office_floor_plans WHERE site = ? AND floor = ?")) {
      del.setString(1, site);
      del.setString(2, floor);
      del.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO office_floor_plans (site, floor, content_type, image, updated_at)"
                + " VALUES (?,?,?,?,?)")) {
      ps.setString(1, site);
      ps.setString(2, floor);
      ps.setString(3, type);
      ps.setBytes(4, image);
      ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }

  public Optional<FloorPlan> floorPlan(Connection c, String site, String floor)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT content_type, image FROM office_floor_plans WHERE site = ? AND floor = ?")) {
      ps.setString(1, site);
      ps.setString(2, floor);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new FloorPlan(rs.getString(1), rs.getBytes(2)))
            : Optional.empty();
      }
    }
  }

  public void replacePlaces(Connection c, String site, String floor, List<Place> places)
      throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM office_places WHERE site = ? AND floor = ?")) {
      del.setString(1, site);
      del.setString(2, floor);
      del.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO office_places (site, floor, kind, name, x, y, w, h)"
                + " VALUES (?,?,?,?,?,?,?,?)")) {
      for (Place p : places) {
        ps.setString(1, site);
        ps.setString(2, floor);
        ps.setString(3, p.kind());
        ps.setString(4, p.name());
        ps.setDouble(5, p.x());
        ps.setDouble(6, p.y());
        ps.setObject(7, p.w());
        ps.setObject(8, p.h());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public List<Place> places(Connection c, String site, String floor) throws SQLException {
    List<Place> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT kind, name, x, y, w, h FROM office_places WHERE site = ? AND floor = ?"
                + " ORDER BY kind, name")) {
      ps.setString(1, site);
      ps.setString(2, floor);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Place(
                  site,
                  floor,
                  rs.getString(1),
                  rs.getString(2),
                  rs.getDouble(3),
                  rs.getDouble(4),
                  (Double) rs.getObject(5, Double.class),
                  (Double) rs.getObject(6, Double.class)));
        }
      }
    }
    return out;
  }
}
