package jp.kaigi.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who did what security-relevant thing and when: logins, lockouts, permission denials. */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  public static final String LOGIN = "login";
  public static final String LOGIN_FAILED = "login.failed";
  public static final String LOCKOUT = "login.lockout";
  public static final String LOGOUT = "logout";
  public static final String DENIED = "access.denied";

  private final Database db;

  public AuditLog(Database db) {
    this.db = db;
  }

  /** Records an entry; a failure to write is logged, never thrown at the request. */
  public Future<Void> record(
      String actor, String action, String target, String detail, String remote) {
    LOG.info("event=audit action={} actor={} target={} remote={}", action, actor, target, remote);
    return db.<Void>read(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO audit_log (at, actor, action, target, detail, remote) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setString(2, truncate(actor, 64));
                ps.setString(3, action);
                ps.setString(4, truncate(target, 300));
                ps.setString(5, truncate(detail, 1000));
                ps.setString(6, truncate(remote, 100));
                ps.executeUpdate();
              }
              return null;
            })
        .recover(
            e -> {
              LOG.error("event=audit.write_failed action={} error={}", action, e.toString());
              return Future.succeededFuture();
            });
  }

  public Future<JsonArray> recent(int limit) {
    return db.read(
        c -> {
          JsonArray out = new JsonArray();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT at, actor, action, target, detail, remote FROM audit_log ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new JsonObject()
                        .put("at", rs.getObject("at", OffsetDateTime.class).toString())
                        .put("actor", rs.getString("actor"))
                        .put("action", rs.getString("action"))
                        .put("target", rs.getString("target"))
                        .put("detail", rs.getString("detail"))
                        .put("remote", rs.getString("remote")));
              }
            }
          }
          return out;
        });
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
