package jp.kaigi.document;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kaigi.search.DocumentIndex;

/** SQL for documents, versions, page text and confidential access. Blocking. */
final class DocumentStore {
  private static final String DOC_COLUMNS =
      "d.id AS id, d.meeting_id AS meeting_id, d.agenda_item_id AS agenda_item_id, d.title AS title,"
          + " d.confidential AS confidential, d.withdrawn AS withdrawn,"
          + " d.latest_version AS latest_version, d.current_version AS current_version,"
          + " d.created_at AS created_at, d.updated_at AS updated_at";
  private static final String VERSION_COLUMNS =
      "v.document_id AS document_id, v.version AS version, v.status AS status, v.failure AS"
          + " failure, v.failure_detail AS failure_detail, v.original_name AS original_name,"
          + " v.original_type AS original_type,"
          + " v.original_sha256 AS original_sha256, v.original_size AS original_size, v.sha256 AS"
          + " sha256, v.size AS size, v.pages AS pages, v.text_pages AS text_pages, v.created_at"
          + " AS created_at";

  long insertDocument(
      Connection c,
      long meetingId,
      Long agendaItemId,
      String title,
      boolean confidential,
      long userId,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO documents (meeting_id, agenda_item_id, title, confidential, withdrawn,"
                + " latest_version, current_version, created_by, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, FALSE, 1, NULL, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, meetingId);
      if (agendaItemId == null) {
        ps.setNull(2, Types.BIGINT);
      } else {
        ps.setLong(2, agendaItemId);
      }
      ps.setString(3, title);
      ps.setBoolean(4, confidential);
      ps.setLong(5, userId);
      ps.setObject(6, now);
      ps.setObject(7, now);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void insertVersion(Connection c, DocumentVersion v, long userId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO document_versions (document_id, version, status, failure, original_name,"
                + " original_type, original_sha256, original_size, sha256, size, pages,"
                + " created_by, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, v.documentId());
      ps.setInt(2, v.version());
      ps.setString(3, v.status());
      ps.setString(4, v.originalName());
      ps.setString(5, v.originalType());
      ps.setString(6, v.originalSha256());
      ps.setLong(7, v.originalSize());
      ps.setString(8, v.sha256());
      ps.setLong(9, v.size());
      ps.setInt(10, v.pages());
      ps.setLong(11, userId);
      ps.setObject(12, v.createdAt());
      ps.executeUpdate();
    }
  }

  /** Reserves the next version number (row lock on the document). */
  int nextVersion(Connection c, long documentId, OffsetDateTime now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE documents SET latest_version = latest_version + 1, updated_at = ? WHERE id = ?")) {
      ps.setObject(1, now);
      ps.setLong(2, documentId);
      if (ps.executeUpdate() == 0) {
        return -1;
      }
    }
    return byId(c, documentId).orElseThrow().latestVersion();
  }

  void setAllowed(Connection c, long documentId, Collection<Long> userIds) throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM document_allowed_users WHERE document_id = ?")) {
      del.setLong(1, documentId);
      del.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO document_allowed_users (document_id, user_id) VALUES (?, ?)")) {
      for (long u : new HashSet<>(userIds)) {
        ps.setLong(1, documentId);
        ps.setLong(2, u);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  Set<Long> allowed(Connection c, long documentId) throws SQLException {
    Set<Long> out = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT user_id FROM document_allowed_users WHERE document_id = ?")) {
      ps.setLong(1, documentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  Optional<Document> byId(Connection c, long id) throws SQLException {
    List<Document> l =
        documents(c, "SELECT " + DOC_COLUMNS + " FROM documents d WHERE d.id = ?", id);
    return l.stream().findFirst();
  }

  List<Document> byMeeting(Connection c, long meetingId) throws SQLException {
    return documents(
        c,
        "SELECT " + DOC_COLUMNS + " FROM documents d WHERE d.meeting_id = ? ORDER BY d.id",
        meetingId);
  }

  private List<Document> documents(Connection c, String sql, long param) throws SQLException {
    List<Document> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long agenda = rs.getLong("agenda_item_id");
          boolean agendaNull = rs.wasNull();
          int current = rs.getInt("current_version");
          boolean currentNull = rs.wasNull();
          out.add(
              new Document(
                  rs.getLong("id"),
                  rs.getLong("meeting_id"),
                  agendaNull ? null : agenda,
                  rs.getString("title"),
                  rs.getBoolean("confidential"),
                  rs.getBoolean("withdrawn"),
                  rs.getInt("latest_version"),
                  currentNull ? null : current,
                  time(rs, "created_at"),
                  time(rs, "updated_at")));
        }
      }
    }
    return out;
  }

  Optional<DocumentVersion> version(Connection c, long documentId, int version)
      throws SQLException {
    return versions(
            c,
            "SELECT "
                + VERSION_COLUMNS
                + " FROM document_versions v WHERE v.document_id = ? AND"
                + " v.version = ?",
            documentId,
            version)
        .stream()
        .findFirst();
  }

  List<DocumentVersion> versions(Connection c, long documentId) throws SQLException {
    return versions(
        c,
        "SELECT "
            + VERSION_COLUMNS
            + " FROM document_versions v WHERE v.document_id = ? AND"
            + " v.version > ? ORDER BY v.version",
        documentId,
        0);
  }

  /** Versions left in processing (by a crash or restart), oldest first. */
  List<DocumentVersion> processing(Connection c) throws SQLException {
    List<DocumentVersion> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + VERSION_COLUMNS
                    + " FROM document_versions v WHERE v.status = ?"
                    + " ORDER BY v.document_id, v.version");
        ResultSet rs = bind(ps, DocumentVersion.PROCESSING).executeQuery()) {
      while (rs.next()) {
        out.add(mapVersion(rs));
      }
    }
    return out;
  }

  private static PreparedStatement bind(PreparedStatement ps, String s) throws SQLException {
    ps.setString(1, s);
    return ps;
  }

  private List<DocumentVersion> versions(Connection c, String sql, long id, int v)
      throws SQLException {
    List<DocumentVersion> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      ps.setInt(2, v);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapVersion(rs));
        }
      }
    }
    return out;
  }

  private static DocumentVersion mapVersion(ResultSet rs) throws SQLException {
    return new DocumentVersion(
        rs.getLong("document_id"),
        rs.getInt("version"),
        rs.getString("status"),
        rs.getString("failure"),
        rs.getString("failure_detail"),
        rs.getString("original_name"),
        rs.getString("original_type"),
        rs.getString("original_sha256"),
        rs.getLong("original_size"),
        rs.getString("sha256"),
        rs.getLong("size"),
        rs.getInt("pages"),
        rs.getObject("text_pages", Integer.class),
        time(rs, "created_at"));
  }

  /** Stores the page text and makes the version ready; current moves forward, never back. */
  void markReady(Connection c, long documentId, int version, List<String> pageTexts)
      throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM document_pages WHERE document_id = ? AND version = ?")) {
      del.setLong(1, documentId);
      del.setInt(2, version);
      del.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO document_pages (document_id, version, page, text) VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < pageTexts.size(); i++) {
        ps.setLong(1, documentId);
        ps.setInt(2, version);
        ps.setInt(3, i + 1);
        String t = pageTexts.get(i);
        ps.setString(4, t.length() > 1_000_000 ? t.substring(0, 1_000_000) : t);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE document_versions SET status = ?, failure = NULL, failure_detail = NULL,"
                + " text_pages = ? WHERE"
                + " document_id = ? AND version = ?")) {
      ps.setString(1, DocumentVersion.READY);
      ps.setInt(2, (int) pageTexts.stream().filter(t -> !t.isBlank()).count());
      ps.setLong(3, documentId);
      ps.setInt(4, version);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE documents SET current_version = ?, updated_at = ? WHERE id = ? AND"
                + " (current_version IS NULL OR current_version < ?)")) {
      ps.setInt(1, version);
      ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setLong(3, documentId);
      ps.setInt(4, version);
      ps.executeUpdate();
    }
  }

  void markFailed(Connection c, long documentId, int version, DocumentFailure reason, String detail)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE document_versions SET status = ?, failure = ?, failure_detail = ? WHERE"
                + " document_id = ? AND version = ?")) {
      ps.setString(1, DocumentVersion.FAILED);
      ps.setString(2, reason.code());
      ps.setString(3, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
      ps.setLong(4, documentId);
      ps.setInt(5, version);
      ps.executeUpdate();
    }
  }

  boolean setWithdrawn(Connection c, long documentId, boolean withdrawn) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE documents SET withdrawn = ?, updated_at = ? WHERE id = ?")) {
      ps.setBoolean(1, withdrawn);
      ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setLong(3, documentId);
      return ps.executeUpdate() == 1;
    }
  }

  /** Starting time of a meeting, for ordering search hits (newest meetings first). */
  long meetingStartsAtMillis(Connection c, long meetingId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT starts_at FROM meetings WHERE id = ?")) {
      ps.setLong(1, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? time(rs, "starts_at").toInstant().toEpochMilli() : 0;
      }
    }
  }

  List<DocumentIndex.Page> pages(Connection c, long documentId, int version) throws SQLException {
    List<DocumentIndex.Page> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT page, text FROM document_pages WHERE document_id = ? AND version = ? ORDER BY"
                + " page")) {
      ps.setLong(1, documentId);
      ps.setInt(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DocumentIndex.Page(rs.getInt(1), rs.getString(2)));
        }
      }
    }
    return out;
  }

  /** (documentId, currentVersion) of every document that has a ready version. */
  List<long[]> currentVersions(Connection c) throws SQLException {
    List<long[]> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, current_version FROM documents WHERE current_version IS NOT NULL");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new long[] {rs.getLong(1), rs.getInt(2)});
      }
    }
    return out;
  }

  /**
   * Ids of searchable documents (a ready current version) in the given meetings; for members
   * without the withdrawn ones and without confidential ones they are not allowed.
   */
  Set<Long> searchable(Connection c, Set<Long> meetingIds, Long memberUserId) throws SQLException {
    Set<Long> out = new HashSet<>();
    if (meetingIds != null && meetingIds.isEmpty()) {
      return out;
    }
    StringBuilder sql =
        new StringBuilder("SELECT d.id FROM documents d WHERE d.current_version IS NOT NULL");
    if (meetingIds != null) {
      sql.append(" AND d.meeting_id IN (");
      sql.append(String.join(",", meetingIds.stream().map(id -> "?").toList()));
      sql.append(')');
    }
    if (memberUserId != null) {
      sql.append(
          " AND d.withdrawn = FALSE AND (d.confidential = FALSE OR EXISTS (SELECT 1 FROM"
              + " document_allowed_users a WHERE a.document_id = d.id AND a.user_id = ?))");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      if (meetingIds != null) {
        for (long id : meetingIds) {
          ps.setLong(i++, id);
        }
      }
      if (memberUserId != null) {
        ps.setLong(i, memberUserId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** Every hash a version row refers to (display PDFs and originals). */
  Set<String> referencedBlobs(Connection c) throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT sha256, original_sha256 FROM document_versions");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
        out.add(rs.getString(2));
      }
    }
    return out;
  }

  boolean agendaItemInMeeting(Connection c, long agendaItemId, long meetingId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM agenda_items WHERE id = ? AND meeting_id = ?")) {
      ps.setLong(1, agendaItemId);
      ps.setLong(2, meetingId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
  }
}
