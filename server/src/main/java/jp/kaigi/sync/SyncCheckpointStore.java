package jp.kaigi.sync;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import jp.kaigi.store.Database;

/** SQL checkpoint of meeting states ({@code sync_meeting_state}); never on the sync path. */
final class SyncCheckpointStore {
  private final Database db;

  SyncCheckpointStore(Database db) {
    this.db = db;
  }

  /** The last checkpoint (empty log), or the initial state if the meeting never synced. */
  Future<MeetingState> load(long meetingId) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT seq, document_id, version, page, zoom, forced, host_user_id,"
                      + " presenter_user_id, status, allowed_user_ids FROM sync_meeting_state WHERE meeting_id = ?")) {
            ps.setLong(1, meetingId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return MeetingState.initial(meetingId);
              }
              return new MeetingState(
                  meetingId,
                  rs.getLong("seq"),
                  rs.getObject("document_id", Long.class),
                  rs.getObject("version", Integer.class),
                  rs.getObject("page", Integer.class),
                  rs.getObject("zoom", Double.class),
                  rs.getBoolean("forced"),
                  rs.getObject("host_user_id", Long.class),
                  rs.getObject("presenter_user_id", Long.class),
                  rs.getString("status"),
                  allowed(rs.getString("allowed_user_ids")),
                  new io.vertx.core.json.JsonArray());
            }
          }
        });
  }

  /** Writes the state unless a newer one is already there (nodes checkpoint independently). */
  Future<Void> save(MeetingState s) {
    return db.transaction(
        c -> {
          if (update(c, s) == 0) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO sync_meeting_state (meeting_id, seq, document_id, version, page,"
                        + " zoom, forced, host_user_id, presenter_user_id, status, allowed_user_ids,"
                        + " updated_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
                        + " (SELECT 1 FROM sync_meeting_state WHERE meeting_id = ?)"
                        + " AND EXISTS (SELECT 1 FROM meetings WHERE id = ?)")) {
              ps.setLong(1, s.meetingId());
              bind(ps, 2, s);
              ps.setLong(13, s.meetingId());
              ps.setLong(14, s.meetingId());
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  private static int update(Connection c, MeetingState s) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE sync_meeting_state SET seq = ?, document_id = ?, version = ?, page = ?,"
                + " zoom = ?, forced = ?, host_user_id = ?, presenter_user_id = ?, status = ?,"
                + " allowed_user_ids = ?, updated_at = ? WHERE meeting_id = ? AND seq < ?")) {
      bind(ps, 1, s);
      ps.setLong(12, s.meetingId());
      ps.setLong(13, s.seq());
      int n = ps.executeUpdate();
      if (n == 0) {
        // Either no row yet (insert follows) or a newer checkpoint is there (insert is a no-op).
        return existsRow(c, s.meetingId()) ? 1 : 0;
      }
      return n;
    }
  }

  private static boolean existsRow(Connection c, long meetingId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM sync_meeting_state WHERE meeting_id = ?")) {
      ps.setLong(1, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void bind(PreparedStatement ps, int i, MeetingState s) throws SQLException {
    ps.setLong(i, s.seq());
    setNullable(ps, i + 1, s.document(), Types.BIGINT);
    setNullable(ps, i + 2, s.version(), Types.INTEGER);
    setNullable(ps, i + 3, s.page(), Types.INTEGER);
    setNullable(ps, i + 4, s.zoom(), Types.DOUBLE);
    ps.setBoolean(i + 5, s.forced());
    setNullable(ps, i + 6, s.host(), Types.BIGINT);
    setNullable(ps, i + 7, s.presenter(), Types.BIGINT);
    setNullable(ps, i + 8, s.status(), Types.VARCHAR);
    setNullable(ps, i + 9, s.allowed() == null ? null : s.allowed().encode(), Types.VARCHAR);
    ps.setObject(i + 10, OffsetDateTime.now(ZoneOffset.UTC));
  }

  private static io.vertx.core.json.JsonArray allowed(String json) {
    return json == null ? null : new io.vertx.core.json.JsonArray(json);
  }

  private static void setNullable(PreparedStatement ps, int i, Object v, int type)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, type);
    } else {
      ps.setObject(i, v);
    }
  }
}
