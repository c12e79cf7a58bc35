package jp.kaigi.auth;

import java.util.Arrays;
import java.util.Set;
import jp.kaigi.http.Problem;

/**
 * Who is making a request: resolved once per request (or per WebSocket) from the session. Every
 * access check starts here.
 *
 * @param viaCookie true when authenticated by the browser cookie (then state changes need CSRF)
 */
public record Caller(
    long userId,
    String login,
    String displayName,
    Set<Role> roles,
    Set<Long> groupIds,
    String csrfToken,
    boolean viaCookie) {

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... any) {
    return Arrays.stream(any).anyMatch(roles::contains);
  }

  /** Clerks and admins manage meetings and documents and see all of them. */
  public boolean isMeetingManager() {
    return hasAny(Role.ADMIN, Role.CLERK);
  }

  /** Throws 403 unless the caller has one of the roles. */
  public void require(Role... any) {
    if (!hasAny(any)) {
      throw Problem.forbidden("This needs one of the roles " + Arrays.toString(any).toLowerCase());
    }
  }
}
