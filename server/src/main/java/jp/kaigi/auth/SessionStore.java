package jp.kaigi.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Sessions live in SQL so that every node of a cluster accepts them. Only the SHA-256 of the token
 * is stored: a leaked table is not a set of working logins.
 */
public final class SessionStore {

  /** A session row joined with its (active) user. */
  public record Row(long userId, String csrfToken, OffsetDateTime expiresAt, User user) {}

  public void insert(
      Connection c, String tokenHash, long userId, String csrf, OffsetDateTime expires)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, tokenHash);
      ps.setLong(2, userId);
      ps.setString(3, csrf);
      ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
      ps.setObject(5, expires);
      ps.executeUpdate();
    }
  }

  public Optional<Row> find(Connection c, String tokenHash, UserStore users) throws SQLException {
    long userId;
    String csrf;
    OffsetDateTime expires;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?")) {
      ps.setString(1, tokenHash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        userId = rs.getLong("user_id");
        csrf = rs.getString("csrf_token");
        expires = rs.getObject("expires_at", OffsetDateTime.class);
      }
    }
    if (expires.isBefore(OffsetDateTime.now(ZoneOffset.UTC))) {
      delete(c, tokenHash);
      return Optional.empty();
    }
    return users.byId(c, userId).filter(User::active).map(u -> new Row(userId, csrf, expires, u));
  }

  public void delete(Connection c, String tokenHash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
      ps.setString(1, tokenHash);
      ps.executeUpdate();
    }
  }

  public void deleteForUser(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE user_id = ?")) {
      ps.setLong(1, userId);
      ps.executeUpdate();
    }
  }

  public int deleteExpired(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE expires_at < ?")) {
      ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
      return ps.executeUpdate();
    }
  }
}
