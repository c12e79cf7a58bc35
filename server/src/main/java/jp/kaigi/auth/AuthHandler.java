package jp.kaigi.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import jp.kaigi.http.Problem;

/**
 * Authenticates every {@code /api/v1} request (but logging in) from the session cookie or an {@code
 * Authorization: Bearer} token, and enforces CSRF for cookie-authenticated state changes: the
 * {@code X-CSRF-Token} header must carry the session's token. Bearer clients are exempt (a browser
 * never sends a bearer header by itself).
 */
public final class AuthHandler {
  public static final String COOKIE = "kaigi_session";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String CALLER_KEY = "kaigi.caller";
  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final AuthService auth;

  public AuthHandler(AuthService auth) {
    this.auth = auth;
  }

  /** The authenticated caller of a request that went through {@link #authenticate}. */
  public static Caller caller(RoutingContext ctx) {
    Caller c = ctx.get(CALLER_KEY);
    if (c == null) {
      throw Problem.unauthorized("Log in first");
    }
    return c;
  }

  /** The token a request carries (bearer header wins over the cookie), or null. */
  public static String token(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie != null ? cookie.getValue() : null;
  }

  private static boolean viaBearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  public void authenticate(RoutingContext ctx) {
    String token = token(ctx);
    if (token == null || token.isEmpty()) {
      ctx.fail(Problem.unauthorized("Log in first"));
      return;
    }
    boolean viaCookie = !viaBearer(ctx);
    // The lookup is asynchronous: hold a streamed body (uploads) until the route reads it.
    if (!ctx.request().isEnded()) {
      ctx.request().pause();
    }
    auth.resolve(token, viaCookie)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
              }
              if (ar.result().isEmpty()) {
                ctx.fail(Problem.unauthorized("The session has expired; log in again"));
                return;
              }
              Caller caller = ar.result().get();
              if (viaCookie
                  && !SAFE.contains(ctx.request().method())
                  && !csrfMatches(ctx, caller)) {
                ctx.put(CALLER_KEY, caller);
                ctx.fail(
                    new Problem(
                        403,
                        "csrf",
                        "CSRF token missing or wrong",
                        "Send the X-CSRF-Token header from the login response",
                        null));
                return;
              }
              ctx.put(CALLER_KEY, caller);
              ctx.next();
            });
  }

  private static boolean csrfMatches(RoutingContext ctx, Caller caller) {
    String sent = ctx.request().getHeader(CSRF_HEADER);
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            caller.csrfToken().getBytes(StandardCharsets.UTF_8));
  }

  /** The caller if the request was authenticated, else null (for audit of denials). */
  public static Caller callerOrNull(RoutingContext ctx) {
    return ctx.get(CALLER_KEY);
  }
}
