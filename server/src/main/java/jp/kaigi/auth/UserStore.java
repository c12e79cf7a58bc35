package jp.kaigi.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL for users and groups. Blocking: called inside {@link jp.kaigi.store.Database} work. */
public final class UserStore {

  private static final String USER_COLUMNS =
      "id, login, display_name, roles, active, failed_logins, locked_until, password_hash";

  public Optional<User> byLogin(Connection c, String login) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE login = ?")) {
      ps.setString(1, login);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  public Optional<User> byId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  public List<User> all(Connection c) throws SQLException {
    List<User> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users ORDER BY login");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(map(rs));
      }
    }
    return out;
  }

  public long insert(
      Connection c, String login, String displayName, Set<Role> roles, String passwordHash)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO users (login, display_name, roles, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, login);
      ps.setString(2, displayName);
      ps.setString(3, Role.toColumn(roles));
      ps.setString(4, passwordHash);
      ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
      ps.executeUpdate();
      return generatedId(ps);
    }
  }

  public void update(
      Connection c,
      long id,
      String displayName,
      Set<Role> roles,
      boolean active,
      String passwordHash)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE users SET display_name = ?, roles = ?, active = ?,"
                + " password_hash = COALESCE(?, password_hash) WHERE id = ?")) {
      ps.setString(1, displayName);
      ps.setString(2, Role.toColumn(roles));
      ps.setBoolean(3, active);
      ps.setString(4, passwordHash);
      ps.setLong(5, id);
      ps.executeUpdate();
    }
  }

  public void recordFailure(Connection c, long id, int failedLogins, OffsetDateTime lockedUntil)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")) {
      ps.setInt(1, failedLogins);
      ps.setObject(2, lockedUntil);
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  public void clearFailures(Connection c, long id) throws SQLException {
    recordFailure(c, id, 0, null);
  }

  public Set<Long> groupIdsOf(Connection c, long userId) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT group_id FROM group_members WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  public List<Group> groups(Connection c) throws SQLException {
    Map<Long, Group> byId = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT id, name, description FROM user_groups ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byId.put(
            rs.getLong("id"),
            new Group(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("description"),
                new ArrayList<>()));
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement("SELECT group_id, user_id FROM group_members ORDER BY user_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Group g = byId.get(rs.getLong("group_id"));
        if (g != null) {
          g.memberIds().add(rs.getLong("user_id"));
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  public Optional<Long> groupIdByName(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM user_groups WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  public boolean groupExists(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM user_groups WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  public long insertGroup(Connection c, String name, String description) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO user_groups (name, description) VALUES (?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, name);
      ps.setString(2, description);
      ps.executeUpdate();
      return generatedId(ps);
    }
  }

  /** Replaces a group's members. */
  public void setGroupMembers(Connection c, long groupId, List<Long> userIds) throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM group_members WHERE group_id = ?")) {
      del.setLong(1, groupId);
      del.executeUpdate();
    }
    try (PreparedStatement ins =
        c.prepareStatement("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)")) {
      for (long userId : new java.util.LinkedHashSet<>(userIds)) {
        ins.setLong(1, groupId);
        ins.setLong(2, userId);
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  public boolean userExists(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long generatedId(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("no generated id");
      }
      return keys.getLong(1);
    }
  }

  private static User map(ResultSet rs) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getString("login"),
        rs.getString("display_name"),
        Role.fromColumn(rs.getString("roles")),
        rs.getBoolean("active"),
        rs.getInt("failed_logins"),
        rs.getObject("locked_until", OffsetDateTime.class),
        rs.getString("password_hash"));
  }
}
