package jp.kaigi.meeting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL for meetings, agenda items and participants. Blocking: runs inside Database work. */
public final class MeetingStore {
  private static final String COLUMNS =
      "m.id, m.title, m.kind, m.group_id, m.starts_at, m.room, m.status, m.recall, m.updated_at";

  public Optional<Meeting> byId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM meetings m WHERE m.id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  public List<Meeting> all(Connection c) throws SQLException {
    return list(
        c, "SELECT " + COLUMNS + " FROM meetings m ORDER BY m.starts_at DESC, m.id DESC", ps -> {});
  }

  /**
   * Meetings a user takes part in, directly or through one of their groups, that are not drafts.
   */
  public List<Meeting> visibleTo(Connection c, long userId) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM meetings m WHERE m.status <> 'draft' AND m.id IN ("
            + PARTICIPATION
            + ") ORDER BY m.starts_at DESC, m.id DESC";
    return list(
        c,
        sql,
        ps -> {
          ps.setLong(1, userId);
          ps.setLong(2, userId);
        });
  }

  private static final String PARTICIPATION =
      "SELECT p.meeting_id FROM meeting_participants p WHERE p.user_id = ?"
          + " UNION SELECT p.meeting_id FROM meeting_participants p"
          + " JOIN group_members gm ON gm.group_id = p.group_id WHERE gm.user_id = ?";

  /** The roles under which a user takes part in a meeting (empty when not a participant). */
  public List<MeetingRole> rolesOf(Connection c, long meetingId, long userId) throws SQLException {
    List<MeetingRole> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT p.role FROM meeting_participants p WHERE p.meeting_id = ? AND (p.user_id = ?"
                + " OR p.group_id IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id = ?))")) {
      ps.setLong(1, meetingId);
      ps.setLong(2, userId);
      ps.setLong(3, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          MeetingRole.parse(rs.getString(1)).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The caller's strongest role in each meeting they take part in (one query for a whole list). */
  public java.util.Map<Long, MeetingRole> rolesByMeeting(Connection c, long userId)
      throws SQLException {
    java.util.Map<Long, MeetingRole> out = new java.util.HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT p.meeting_id, p.role FROM meeting_participants p WHERE p.user_id = ?"
                + " UNION ALL SELECT p.meeting_id, p.role FROM meeting_participants p"
                + " JOIN group_members gm ON gm.group_id = p.group_id WHERE gm.user_id = ?")) {
      ps.setLong(1, userId);
      ps.setLong(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          MeetingRole role = MeetingRole.parse(rs.getString(2)).orElse(MeetingRole.OBSERVER);
          out.merge(rs.getLong(1), role, MeetingRole::stronger);
        }
      }
    }
    return out;
  }

  /**
   * Every user taking part in a meeting, directly or through a group (for fan-out and presence).
   */
  public Set<Long> participantUserIds(Connection c, long meetingId) throws SQLException {
    return participantNames(c, meetingId).keySet();
  }

  /** Every participant (direct or through a group) with their display name. */
  public Map<Long, String> participantNames(Connection c, long meetingId) throws SQLException {
    Map<Long, String> out = new java.util.TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT u.id, u.display_name FROM users u WHERE u.id IN ("
                + "SELECT p.user_id FROM meeting_participants p WHERE p.meeting_id = ?"
                + " AND p.user_id IS NOT NULL"
                + " UNION SELECT gm.user_id FROM meeting_participants p JOIN group_members gm"
                + " ON gm.group_id = p.group_id WHERE p.meeting_id = ?)")) {
      ps.setLong(1, meetingId);
      ps.setLong(2, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  public long insert(Connection c, Meeting m, long createdBy) throws SQLException {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO meetings (title, kind, group_id, starts_at, room, status, recall, created_by, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, m.title());
      ps.setString(2, m.kind().wire());
      setNullableLong(ps, 3, m.groupId());
      ps.setObject(4, m.startsAt());
      ps.setString(5, m.room());
      ps.setString(6, m.status().wire());
      ps.setBoolean(7, m.recall());
      ps.setLong(8, createdBy);
      ps.setObject(9, now);
      ps.setObject(10, now);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  public void update(Connection c, Meeting m) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE meetings SET title = ?, kind = ?, group_id = ?, starts_at = ?, room = ?, status = ?,"
                + " recall = ?, updated_at = ? WHERE id = ?")) {
      ps.setString(1, m.title());
      ps.setString(2, m.kind().wire());
      setNullableLong(ps, 3, m.groupId());
      ps.setObject(4, m.startsAt());
      ps.setString(5, m.room());
      ps.setString(6, m.status().wire());
      ps.setBoolean(7, m.recall());
      ps.setObject(8, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setLong(9, m.id());
      ps.executeUpdate();
    }
  }

  public void delete(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM meetings WHERE id = ?")) {
      ps.setLong(1, id);
      ps.executeUpdate();
    }
  }

  public Optional<Long> idByTitle(Connection c, String title) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM meetings WHERE title = ?")) {
      ps.setString(1, title);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  // --- agenda

  public List<AgendaItem> agenda(Connection c, long meetingId) throws SQLException {
    List<AgendaItem> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, meeting_id, position, title, presenter, notes FROM agenda_items"
                + " WHERE meeting_id = ? ORDER BY position, id")) {
      ps.setLong(1, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new AgendaItem(
                  rs.getLong("id"),
                  rs.getLong("meeting_id"),
                  rs.getInt("position"),
                  rs.getString("title"),
                  rs.getString("presenter"),
                  rs.getString("notes")));
        }
      }
    }
    return out;
  }

  public long insertAgendaItem(
      Connection c, long meetingId, String title, String presenter, String notes)
      throws SQLException {
    int position;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE meeting_id = ?")) {
      ps.setLong(1, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        position = rs.getInt(1) + 1;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO agenda_items (meeting_id, position, title, presenter, notes) VALUES (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, meetingId);
      ps.setInt(2, position);
      ps.setString(3, title);
      ps.setString(4, presenter);
      ps.setString(5, notes);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  public boolean updateAgendaItem(
      Connection c, long meetingId, long itemId, String title, String presenter, String notes)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE agenda_items SET title = ?, presenter = ?, notes = ? WHERE id = ? AND meeting_id = ?")) {
      ps.setString(1, title);
      ps.setString(2, presenter);
      ps.setString(3, notes);
      ps.setLong(4, itemId);
      ps.setLong(5, meetingId);
      return ps.executeUpdate() == 1;
    }
  }

  public boolean deleteAgendaItem(Connection c, long meetingId, long itemId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM agenda_items WHERE id = ? AND meeting_id = ?")) {
      ps.setLong(1, itemId);
      ps.setLong(2, meetingId);
      return ps.executeUpdate() == 1;
    }
  }

  public void setAgendaPosition(Connection c, long meetingId, long itemId, int position)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE agenda_items SET position = ? WHERE id = ? AND meeting_id = ?")) {
      ps.setInt(1, position);
      ps.setLong(2, itemId);
      ps.setLong(3, meetingId);
      ps.executeUpdate();
    }
  }

  // --- participants

  public List<Participant> participants(Connection c, long meetingId) throws SQLException {
    List<Participant> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT p.id, p.meeting_id, p.user_id, p.group_id, p.role,"
                + " COALESCE(u.display_name, g.name) AS name FROM meeting_participants p"
                + " LEFT JOIN users u ON u.id = p.user_id LEFT JOIN user_groups g ON g.id = p.group_id"
                + " WHERE p.meeting_id = ? ORDER BY p.id")) {
      ps.setLong(1, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long uid = rs.getLong("user_id");
          Long userId = rs.wasNull() ? null : uid;
          long gid = rs.getLong("group_id");
          Long groupId = rs.wasNull() ? null : gid;
          out.add(
              new Participant(
                  rs.getLong("id"),
                  rs.getLong("meeting_id"),
                  userId,
                  groupId,
                  rs.getString("name"),
                  MeetingRole.parse(rs.getString("role")).orElse(MeetingRole.OBSERVER)));
        }
      }
    }
    return out;
  }

  public void replaceParticipants(Connection c, long meetingId, List<Participant> participants)
      throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM meeting_participants WHERE meeting_id = ?")) {
      del.setLong(1, meetingId);
      del.executeUpdate();
    }
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO meeting_participants (meeting_id, user_id, group_id, role) VALUES (?, ?, ?, ?)")) {
      for (Participant p : participants) {
        ins.setLong(1, meetingId);
        setNullableLong(ins, 2, p.userId());
        setNullableLong(ins, 3, p.groupId());
        ins.setString(4, p.role().wire());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static List<Meeting> list(Connection c, String sql, Binder binder) throws SQLException {
    List<Meeting> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
    }
    return out;
  }

  private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Meeting map(ResultSet rs) throws SQLException {
    long gid = rs.getLong("group_id");
    Long groupId = rs.wasNull() ? null : gid;
    return new Meeting(
        rs.getLong("id"),
        rs.getString("title"),
        MeetingKind.parse(rs.getString("kind")).orElse(MeetingKind.INTERNAL),
        groupId,
        rs.getObject("starts_at", OffsetDateTime.class),
        rs.getString("room"),
        MeetingStatus.parse(rs.getString("status")).orElse(MeetingStatus.DRAFT),
        rs.getBoolean("recall"),
        rs.getObject("updated_at", OffsetDateTime.class));
  }
}
