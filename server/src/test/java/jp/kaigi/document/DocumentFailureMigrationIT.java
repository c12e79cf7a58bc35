package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Upgrading a store with failed versions from before the failure codes (V34): their free English
 * reason becomes the {@code failureDetail} under {@code processing-failed}, and the rest is left as
 * it was. On H2 and on PostgreSQL, by a node starting on a database left at V33.
 */
@Timeout(300)
class DocumentFailureMigrationIT {
  private static final String OLD_REASON =
      "Processing failed: java.io.IOException: Missing root object specification in trailer."
          + " (/var/lib/kaigi/blobs/ab/cdef.pdf)";

  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void oldReasonsBecomeDetails(TestDatabase kind) throws Exception {
    String url = kind.create(dataDir).get("KAIGI_DB_URL");
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration")
        .target("33")
        .load()
        .migrate();
    long failed;
    long ready;
    try (Connection c = DriverManager.getConnection(url)) {
      long meeting =
          insert(
              c,
              "INSERT INTO meetings (title, kind, starts_at, status, created_at, updated_at)"
                  + " VALUES ('移行の試験', 'committee', ?, 'draft', ?, ?)",
              3);
      failed = document(c, meeting, "失敗した資料", null);
      version(c, failed, "failed", OLD_REASON);
      ready = document(c, meeting, "読めた資料", 1);
      version(c, ready, "ready", null);
    }

    try (TestNode node =
        TestNode.start(kind, dataDir, KaigiNode.Mode.RUN, Map.of("KAIGI_DB_URL", url))) {
      ApiClient admin = node.admin();
      JsonObject doc = admin.get("/api/v1/documents/" + failed).json();
      assertThat(doc.getString("status")).isEqualTo("failed");
      assertThat(doc.getString("failure")).isEqualTo("processing-failed");
      assertThat(doc.getString("failureDetail")).isEqualTo(OLD_REASON);
      JsonObject v1 = doc.getJsonArray("versions").getJsonObject(0);
      assertThat(v1.getString("failure")).isEqualTo("processing-failed");
      assertThat(v1.getString("failureDetail")).isEqualTo(OLD_REASON);

      JsonObject fine = admin.get("/api/v1/documents/" + ready).json();
      assertThat(fine.getString("status")).isEqualTo("ready");
      assertThat(fine.getValue("failure")).isNull();
      assertThat(fine.getValue("failureDetail")).isNull();
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT document_id, status, failure, failure_detail FROM document_versions"
                    + " ORDER BY document_id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(failed);
      assertThat(rs.getString(3)).isEqualTo("processing-failed");
      assertThat(rs.getString(4)).isEqualTo(OLD_REASON);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(ready);
      assertThat(rs.getString(2)).isEqualTo("ready");
      assertThat(rs.getString(3)).isNull();
      assertThat(rs.getString(4)).isNull();
      assertThat(rs.next()).isFalse();
    }
  }

  private static long document(Connection c, long meeting, String title, Integer current)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO documents (meeting_id, title, latest_version, current_version,"
                + " created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, meeting);
      ps.setString(2, title);
      ps.setObject(3, current);
      ps.setObject(4, now());
      ps.setObject(5, now());
      return key(ps);
    }
  }

  private static void version(Connection c, long document, String status, String failure)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO document_versions (document_id, version, status, failure, original_name,"
                + " original_type, original_sha256, original_size, sha256, size, pages,"
                + " created_at) VALUES (?, 1, ?, ?, 'a.pdf', 'application/pdf', ?, 100, ?, 100,"
                + " 1, ?)")) {
      String sha = "%064d".formatted(document);
      ps.setLong(1, document);
      ps.setString(2, status);
      ps.setString(3, failure);
      ps.setString(4, sha);
      ps.setString(5, sha);
      ps.setObject(6, now());
      ps.executeUpdate();
    }
  }

  private static long insert(Connection c, String sql, int times) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 1; i <= times; i++) {
        ps.setObject(i, now());
      }
      return key(ps);
    }
  }

  private static long key(PreparedStatement ps) throws SQLException {
    ps.executeUpdate();
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC);
  }
}
