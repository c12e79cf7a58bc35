package jp.kaigi.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kaigi.http.Problem;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logins, sessions, lockout, and accounts. The one place that decides who a token belongs to. */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a successful login hands back: the bearer token (also the cookie) and the CSRF token. */
  public record LoginResult(String token, String csrfToken, User user, OffsetDateTime expiresAt) {}

  /**
   * Published (cluster-wide) after logout, deactivation, a new password, new roles or changed group
   * members: {@code {userId}}, or {@code {}} when many users may be affected. Live sockets check
   * their session and meetings again at once instead of at their next periodic check.
   */
  public static final String ACCESS_CHANGED = "kaigi.auth.access_changed";

  private final Vertx vertx;
  private final Database db;
  private final AuthConfig config;
  private final AuditLog audit;
  private final PasswordHasher hasher;
  private final UserStore users = new UserStore();
  private final SessionStore sessions = new SessionStore();
  private final String dummyHash;

  public AuthService(
      Vertx vertx, Database db, AuthConfig config, AuditLog audit, PasswordHasher hasher) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
    this.audit = audit;
    this.hasher = hasher;
    // Unknown logins still pay for one hash, so timing does not tell which logins exist.
    this.dummyHash = hasher.hash("not-a-password-" + RANDOM.nextLong());
  }

  private sealed interface Attempt permits Ok, Failed, Locked {}

  private record Ok(LoginResult result) implements Attempt {}

  private record Failed(int failures, boolean lockedNow) implements Attempt {}

  private record Locked(OffsetDateTime until) implements Attempt {}

  public Future<LoginResult> login(String login, String password, String remote) {
    return db.transaction(c -> attempt(c, login, password))
        .compose(
            attempt -> {
              if (attempt instanceof Ok ok) {
                audit.record(login, AuditLog.LOGIN, null, null, remote);
                return Future.succeededFuture(ok.result());
              }
              if (attempt instanceof Locked locked) {
                audit.record(login, AuditLog.LOCKOUT, null, "attempt while locked", remote);
                return Future.failedFuture(lockedProblem(locked.until()));
              }
              Failed failed = (Failed) attempt;
              if (failed.lockedNow()) {
                audit.record(
                    login,
                    AuditLog.LOCKOUT,
                    null,
                    "after " + config.maxFailedLogins() + " failures",
                    remote);
              } else {
                audit.record(
                    login, AuditLog.LOGIN_FAILED, null, "failures=" + failed.failures(), remote);
              }
              return delay(failureDelay(failed.failures()))
                  .compose(
                      v ->
                          Future.failedFuture(
                              new Problem(
                                  401,
                                  "invalid-credentials",
                                  "Login failed",
                                  "Wrong login or password",
                                  null)));
            });
  }

  private Attempt attempt(java.sql.Connection c, String login, String password)
      throws java.sql.SQLException {
    Optional<User> found = users.byLogin(c, login);
    if (found.isEmpty() || !found.get().active()) {
      hasher.verify(password, dummyHash);
      return new Failed(1, false);
    }
    User user = found.get();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
      return new Locked(user.lockedUntil());
    }
    if (!hasher.verify(password, user.passwordHash())) {
      int failures = user.failedLogins() + 1;
      boolean lock = failures >= config.maxFailedLogins();
      users.recordFailure(
          c, user.id(), lock ? 0 : failures, lock ? now.plus(config.lockout()) : null);
      return new Failed(failures, lock);
    }
    users.clearFailures(c, user.id());
    String token = randomToken();
    String csrf = randomToken();
    OffsetDateTime expires = now.plus(config.sessionTtl());
    sessions.insert(c, sha256(token), user.id(), csrf, expires);
    return new Ok(new LoginResult(token, csrf, user, expires));
  }

  private static Problem lockedProblem(OffsetDateTime until) {
    return new Problem(
        429,
        "account-locked",
        "Account locked",
        "Too many failed logins; try again after " + until.withNano(0),
        null);
  }

  private Duration failureDelay(int failures) {
    long ms = config.failureDelayStep().toMillis() * (1L << Math.min(failures - 1, 4));
    return Duration.ofMillis(Math.min(ms, 5_000));
  }

  private Future<Void> delay(Duration d) {
    if (d.isZero()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(d.toMillis(), id -> p.complete());
    return p.future();
  }

  /** The caller behind a token, if the session is valid and the user active. */
  public Future<Optional<Caller>> resolve(String token, boolean viaCookie) {
    String hash = sha256(token);
    return db.read(
        c -> {
          Optional<SessionStore.Row> row = sessions.find(c, hash, users);
          if (row.isEmpty()) {
            return Optional.empty();
          }
          User u = row.get().user();
          Set<Long> groups = users.groupIdsOf(c, u.id());
          return Optional.of(
              new Caller(
                  u.id(),
                  u.login(),
                  u.displayName(),
                  u.roles(),
                  groups,
                  row.get().csrfToken(),
                  viaCookie));
        });
  }

  public Future<Void> logout(String token, long userId, String login, String remote) {
    return db.<Void>read(
            c -> {
              sessions.delete(c, sha256(token));
              return null;
            })
        .onSuccess(
            v -> {
              audit.record(login, AuditLog.LOGOUT, null, null, remote);
              accessChanged(userId);
            });
  }

  private void accessChanged(Long userId) {
    JsonObject body = new JsonObject();
    if (userId != null) {
      body.put("userId", userId);
    }
    vertx.eventBus().publish(ACCESS_CHANGED, body);
  }

  /**
   * Makes sure an {@code admin} account exists. Returns the generated password when one was made
   * without {@code KAIGI_ADMIN_PASSWORD}, so the launcher can print it once.
   */
  public Future<Optional<String>> ensureAdmin(Optional<String> configured) {
    return db.transaction(
            c -> {
              if (users.byLogin(c, "admin").isPresent()) {
                return Optional.<String>empty();
              }
              String password = configured.orElseGet(AuthService::generatedPassword);
              users.insert(
                  c, "admin", "管理者 Administrator", Set.of(Role.ADMIN), hasher.hash(password));
              LOG.info("event=auth.admin_created");
              return configured.isPresent() ? Optional.<String>empty() : Optional.of(password);
            })
        .recover(
            e -> {
              // Nodes of a new cluster starting at once race to create it: one wins, fine.
              if (isUniqueViolation(e)) {
                LOG.info("event=auth.admin_created_by_other_node");
                return Future.succeededFuture(Optional.empty());
              }
              return Future.failedFuture(e);
            });
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  public Future<List<User>> users() {
    return db.read(users::all);
  }

  public Future<User> createUser(
      String login, String displayName, Set<Role> roles, String password) {
    return db.transaction(
        c -> {
          if (users.byLogin(c, login).isPresent()) {
            throw Problem.conflict("login-taken", "The login '" + login + "' is already taken");
          }
          long id = users.insert(c, login, displayName, roles, hasher.hash(password));
          return users.byId(c, id).orElseThrow();
        });
  }

  public Future<User> updateUser(
      long id, String displayName, Set<Role> roles, Boolean active, String newPassword) {
    return db.transaction(
            c -> {
              User u = users.byId(c, id).orElseThrow(() -> Problem.notFound("User"));
              boolean nowActive = active != null ? active : u.active();
              users.update(
                  c,
                  id,
                  displayName != null ? displayName : u.displayName(),
                  roles != null ? roles : u.roles(),
                  nowActive,
                  newPassword != null ? hasher.hash(newPassword) : null);
              if (!nowActive || newPassword != null) {
                sessions.deleteForUser(c, id);
              }
              return users.byId(c, id).orElseThrow();
            })
        .onSuccess(u -> accessChanged(id));
  }

  public Future<List<Group>> groups() {
    return db.read(users::groups);
  }

  public Future<Group> createGroup(String name, String description, List<Long> memberIds) {
    return db.transaction(
        c -> {
          if (users.groupIdByName(c, name).isPresent()) {
            throw Problem.conflict("group-name-taken", "A group named '" + name + "' exists");
          }
          long id = users.insertGroup(c, name, description);
          setMembersChecked(c, id, memberIds);
          return group(c, id);
        });
  }

  public Future<Group> setGroupMembers(long groupId, List<Long> memberIds) {
    return db.transaction(
            c -> {
              if (!users.groupExists(c, groupId)) {
                throw Problem.notFound("Group");
              }
              setMembersChecked(c, groupId, memberIds);
              return group(c, groupId);
            })
        .onSuccess(g -> accessChanged(null));
  }

  private void setMembersChecked(java.sql.Connection c, long groupId, List<Long> memberIds)
      throws java.sql.SQLException {
    for (long userId : memberIds) {
      if (!users.userExists(c, userId)) {
        throw Problem.validation("memberIds", "No user with id " + userId);
      }
    }
    users.setGroupMembers(c, groupId, memberIds);
  }

  private Group group(java.sql.Connection c, long id) throws java.sql.SQLException {
    return users.groups(c).stream().filter(g -> g.id() == id).findFirst().orElseThrow();
  }

  public Future<Integer> purgeExpiredSessions() {
    return db.read(sessions::deleteExpired);
  }

  static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String generatedPassword() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
