package jp.kaigi.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.kaigi.http.Json;
import jp.kaigi.http.Problem;
import jp.kaigi.http.RouteContributor;

/** {@code /api/v1/session}, {@code /me}, {@code /users}, {@code /groups}, {@code /audit}. */
public final class AuthRoutes implements RouteContributor {
  private final AuthService auth;
  private final AuditLog audit;
  private final boolean secureCookies;

  public AuthRoutes(AuthService auth, AuditLog audit, boolean secureCookies) {
    this.auth = auth;
    this.audit = audit;
    this.secureCookies = secureCookies;
  }

  /** Logging in is the one API route that needs no session; mounted before authentication. */
  public void mountPublic(Router api) {
    api.post("/session").handler(this::login);
  }

  @Override
  public void mount(Router api, Router root) {
    api.get("/me").handler(this::me);
    api.delete("/session").handler(this::logout);
    api.get("/users").handler(this::listUsers);
    api.post("/users").handler(this::createUser);
    api.patch("/users/:id").handler(this::updateUser);
    api.get("/groups").handler(this::listGroups);
    api.post("/groups").handler(this::createGroup);
    api.put("/groups/:id/members").handler(this::setMembers);
    api.get("/audit").handler(this::auditLog);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    String login = Json.requiredString(body, "login", 64);
    String password = Json.requiredString(body, "password", 200);
    auth.login(login, password, remote(ctx))
        .onSuccess(
            r -> {
              Cookie cookie =
                  Cookie.cookie(AuthHandler.COOKIE, r.token())
                      .setHttpOnly(true)
                      .setSameSite(CookieSameSite.STRICT)
                      .setSecure(secureCookies || ctx.request().isSSL())
                      .setPath("/");
              ctx.response().addCookie(cookie);
              Json.ok(
                  ctx,
                  new JsonObject()
                      .put("token", r.token())
                      .put("csrfToken", r.csrfToken())
                      .put("expiresAt", r.expiresAt().toString())
                      .put("user", r.user().toJson()));
            })
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    JsonArray roles = new JsonArray();
    c.roles().stream().map(Role::wire).sorted().forEach(roles::add);
    Json.ok(
        ctx,
        new JsonObject()
            .put("id", c.userId())
            .put("login", c.login())
            .put("displayName", c.displayName())
            .put("roles", roles)
            .put("groupIds", new JsonArray(new ArrayList<>(c.groupIds())))
            .put("csrfToken", c.csrfToken()));
  }

  private void logout(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    auth.logout(AuthHandler.token(ctx), c.userId(), c.login(), remote(ctx))
        .onSuccess(
            v -> {
              ctx.response()
                  .addCookie(
                      Cookie.cookie(AuthHandler.COOKIE, "")
                          .setMaxAge(0)
                          .setPath("/")
                          .setHttpOnly(true)
                          .setSameSite(CookieSameSite.STRICT));
              Json.noContent(ctx);
            })
        .onFailure(ctx::fail);
  }

  private void listUsers(RoutingContext ctx) {
    Caller c = AuthHandler.caller(ctx);
    // Clerks need the user list to invite participants; only admins change accounts.
    c.require(Role.ADMIN, Role.CLERK);
    auth.users()
        .onSuccess(list -> Json.ok(ctx, new JsonArray(list.stream().map(User::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void createUser(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN);
    JsonObject body = Json.body(ctx);
    String login = Json.requiredString(body, "login", 64);
    if (!login.matches("[A-Za-z0-9._-]{2,64}")) {
      throw Problem.validation("login", "login may use letters, digits, '.', '_' and '-' (2–64)");
    }
    String displayName = Json.requiredString(body, "displayName", 200);
    Set<Role> roles = roles(body);
    if (roles == null || roles.isEmpty()) {
      throw Problem.validation("roles", "at least one role is required");
    }
    String password = password(body);
    if (password == null) {
      throw Problem.validation("password", "password is required");
    }
    auth.createUser(login, displayName, roles, password)
        .onSuccess(u -> Json.send(ctx, 201, u.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateUser(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN);
    long id = Json.pathId(ctx, "id");
    JsonObject body = Json.body(ctx);
    Object active = body.getValue("active");
    if (active != null && !(active instanceof Boolean)) {
      throw Problem.validation("active", "active must be true or false");
    }
    auth.updateUser(
            id,
            Json.optionalString(body, "displayName", 200),
            roles(body),
            (Boolean) active,
            password(body))
        .onSuccess(u -> Json.ok(ctx, u.toJson()))
        .onFailure(ctx::fail);
  }

  private static String password(JsonObject body) {
    String p = Json.optionalString(body, "password", 200);
    if (p != null && p.length() < 10) {
      throw Problem.validation("password", "password must be at least 10 characters");
    }
    return p;
  }

  private static Set<Role> roles(JsonObject body) {
    JsonArray arr = Json.optionalArray(body, "roles");
    if (arr == null) {
      return null;
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (Object o : arr) {
      roles.add(
          Role.parse(String.valueOf(o))
              .orElseThrow(() -> Problem.validation("roles", "unknown role '" + o + "'")));
    }
    return roles;
  }

  private void listGroups(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN, Role.CLERK);
    auth.groups()
        .onSuccess(list -> Json.ok(ctx, new JsonArray(list.stream().map(Group::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void createGroup(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN);
    JsonObject body = Json.body(ctx);
    auth.createGroup(
            Json.requiredString(body, "name", 200),
            Json.optionalString(body, "description", 1000),
            ids(body, "memberIds"))
        .onSuccess(g -> Json.send(ctx, 201, g.toJson()))
        .onFailure(ctx::fail);
  }

  private void setMembers(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN);
    long id = Json.pathId(ctx, "id");
    JsonObject body = Json.body(ctx);
    if (body.getValue("memberIds") == null) {
      throw Problem.validation("memberIds", "memberIds is required");
    }
    auth.setGroupMembers(id, ids(body, "memberIds"))
        .onSuccess(g -> Json.ok(ctx, g.toJson()))
        .onFailure(ctx::fail);
  }

  private void auditLog(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN);
    audit.recent(200).onSuccess(a -> Json.ok(ctx, a)).onFailure(ctx::fail);
  }

  static List<Long> ids(JsonObject body, String field) {
    JsonArray arr = Json.optionalArray(body, field);
    List<Long> out = new ArrayList<>();
    if (arr != null) {
      for (Object o : arr) {
        if (!(o instanceof Number n) || n.longValue() <= 0) {
          throw Problem.validation(field, field + " must hold user ids");
        }
        out.add(n.longValue());
      }
    }
    return out;
  }

  public static String remote(RoutingContext ctx) {
    var addr = ctx.request().remoteAddress();
    return addr != null ? addr.hostAddress() : null;
  }
}
