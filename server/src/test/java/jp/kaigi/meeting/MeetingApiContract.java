package jp.kaigi.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.ApiClient.Response;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts, sessions and meetings over the real REST API, against a real database. Run once per
 * database by {@link H2MeetingApiIT} and {@link PostgresMeetingApiIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
abstract class MeetingApiContract {
  static final String PW = "correct-horse-battery";

  @TempDir static Path dataDir;
  TestNode node;
  ApiClient admin;
  ApiClient clerk;
  ApiClient member;
  ApiClient outsider;
  long memberId;
  long outsiderId;
  long hostId;

  abstract TestDatabase database();

  @BeforeAll
  void startNode() {
    node =
        TestNode.start(
            database(),
            dataDir,
            KaigiNode.Mode.RUN,
            Map.of(
                "KAIGI_LOGIN_FAILURE_DELAY_MS", "10",
                "KAIGI_LOGIN_MAX_FAILURES", "3",
                "KAIGI_LOGIN_LOCKOUT_SECONDS", "2"));
    admin = node.admin();
    createUser("clerk1", "clerk");
    hostId = createUser("host1", "host", "member");
    memberId = createUser("member1", "member");
    outsiderId = createUser("outsider1", "member");
    createUser("locky", "member");
    clerk = node.login("clerk1", PW);
    member = node.login("member1", PW);
    outsider = node.login("outsider1", PW);
  }

  @AfterAll
  void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  long createUser(String login, String... roles) {
    return admin.createUser(login, PW, roles);
  }

  long createMeeting(ApiClient as, String title) {
    Response r =
        as.post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", title)
                .put("kind", "committee")
                .put("startsAt", "2026-12-01T10:00:00+09:00")
                .put("room", "第1委員会室"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getLong("id");
  }

  @Test
  @DisplayName("the node is ready once migrations ran and the database answers")
  void readyAfterMigrations() {
    ApiClient anon = node.client();
    assertThat(anon.get("/health").status()).isEqualTo(200);
    Response ready = anon.get("/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("ready");
    Response metrics = anon.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server_requests");
  }

  @Test
  @DisplayName("login returns a token and CSRF token; /me knows the user; logout ends the session")
  void loginMeLogout() {
    ApiClient c = node.client();
    Response login = c.login("member1", PW);
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().getString("token")).hasSizeGreaterThan(30);
    assertThat(login.json().getString("csrfToken")).hasSizeGreaterThan(30);
    String cookie = login.header("Set-Cookie");
    assertThat(cookie)
        .contains("kaigi_session=")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict");
    assertThat(cookie).doesNotContain("Secure"); // plain HTTP here; Secure under TLS
    Response me = c.get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("login")).isEqualTo("member1");
    assertThat(me.json().getJsonArray("roles")).containsExactly("member");
    assertThat(c.delete("/api/v1/session").status()).isEqualTo(204);
    assertThat(c.get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a wrong password is 401 and does not say whether the login exists")
  void wrongPassword() {
    Response wrong = node.client().login("member1", "not-the-password");
    Response unknown = node.client().login("nobody-here", "not-the-password");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.problemType()).isEqualTo("invalid-credentials");
    assertThat(unknown.json().getString("detail")).isEqualTo(wrong.json().getString("detail"));
    assertThat(node.client().login("", "x").status()).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "repeated failures lock the account for a while, even for the right password; audited")
  void lockout() {
    for (int i = 0; i < 3; i++) {
      assertThat(node.client().login("locky", "wrong-password-" + i).status()).isEqualTo(401);
    }
    Response locked = node.client().login("locky", PW);
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.problemType()).isEqualTo("account-locked");
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> node.client().login("locky", PW).status() == 200);
    JsonArray audit = admin.get("/api/v1/audit").array();
    assertThat(audit.stream().map(o -> ((JsonObject) o).getString("action")))
        .contains("login.failed", "login.lockout", "login");
  }

  @Test
  @DisplayName("a cookie session must send the CSRF token to change anything; reads need none")
  void csrf() {
    ApiClient noCsrf = node.client().cookieMode(false);
    noCsrf.login("clerk1", PW);
    assertThat(noCsrf.get("/api/v1/meetings").status()).isEqualTo(200);
    Response rejected =
        noCsrf.post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", "x")
                .put("kind", "plenary")
                .put("startsAt", "2026-12-01T10:00:00+09:00"));
    assertThat(rejected.status()).isEqualTo(403);
    assertThat(rejected.problemType()).isEqualTo("csrf");

    ApiClient withCsrf = node.client().cookieMode(true);
    withCsrf.login("clerk1", PW);
    assertThat(
            withCsrf
                .post(
                    "/api/v1/meetings",
                    new JsonObject()
                        .put("title", "CSRF ok")
                        .put("kind", "plenary")
                        .put("startsAt", "2026-12-01T10:00:00+09:00"))
                .status())
        .isEqualTo(201);
  }

  @Test
  @DisplayName("without a session every API route is 401")
  void unauthenticated() {
    ApiClient anon = node.client();
    for (String path :
        List.of(
            "/api/v1/me",
            "/api/v1/meetings",
            "/api/v1/meetings/1",
            "/api/v1/users",
            "/api/v1/groups",
            "/api/v1/audit")) {
      Response r = anon.get(path);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    ApiClient bogus = new ApiClient(node.baseUrl());
    assertThat(bogus.get("/api/v1/me", Map.of("Authorization", "Bearer made-up")).status())
        .isEqualTo(401);
  }

  @Test
  @DisplayName("members and outsiders are denied every management route")
  void roleDenials() {
    long id = createMeeting(clerk, "権限テスト");
    JsonObject any =
        new JsonObject()
            .put("title", "x")
            .put("kind", "plenary")
            .put("startsAt", "2026-12-01T10:00:00+09:00");
    record Call(String method, String path, Object body) {}
    List<Call> managerOnly =
        List.of(
            new Call("POST", "/api/v1/meetings", any),
            new Call(
                "POST",
                "/api/v1/users",
                new JsonObject()
                    .put("login", "zz")
                    .put("displayName", "z")
                    .put("roles", new JsonArray().add("admin"))
                    .put("password", "0123456789ab")),
            new Call(
                "PATCH",
                "/api/v1/users/" + memberId,
                new JsonObject().put("roles", new JsonArray().add("admin"))),
            new Call("GET", "/api/v1/users", null),
            new Call("GET", "/api/v1/groups", null),
            new Call("POST", "/api/v1/groups", new JsonObject().put("name", "g")),
            new Call(
                "PUT",
                "/api/v1/groups/1/members",
                new JsonObject().put("memberIds", new JsonArray())),
            new Call("GET", "/api/v1/audit", null),
            new Call("PATCH", "/api/v1/meetings/" + id, new JsonObject().put("title", "hijack")),
            new Call("DELETE", "/api/v1/meetings/" + id, null),
            new Call(
                "PUT",
                "/api/v1/meetings/" + id + "/status",
                new JsonObject().put("status", "published")),
            new Call(
                "POST", "/api/v1/meetings/" + id + "/agenda", new JsonObject().put("title", "x")),
            new Call(
                "PUT",
                "/api/v1/meetings/" + id + "/agenda/order",
                new JsonObject().put("itemIds", new JsonArray())),
            new Call(
                "PUT",
                "/api/v1/meetings/" + id + "/participants",
                new JsonObject().put("participants", new JsonArray())));
    for (Call call : managerOnly) {
      Response r = member.send(call.method(), call.path(), call.body(), Map.of());
      assertThat(r.status()).as(call.method() + " " + call.path()).isEqualTo(403);
      assertThat(r.problemType()).isEqualTo("forbidden");
    }
    // clerks manage meetings but not accounts
    assertThat(
            clerk
                .post(
                    "/api/v1/users",
                    new JsonObject()
                        .put("login", "yy")
                        .put("displayName", "y")
                        .put("roles", new JsonArray().add("admin"))
                        .put("password", "0123456789ab"))
                .status())
        .isEqualTo(403);
    assertThat(admin.get("/api/v1/meetings/" + id).json().getString("title")).isEqualTo("権限テスト");
    JsonArray audit = admin.get("/api/v1/audit").array();
    assertThat(audit.stream().map(o -> ((JsonObject) o).getString("action")))
        .contains("access.denied");
  }

  @Test
  @DisplayName(
      "members see a meeting only once published and only if invited (directly or via a group)")
  void visibility() {
    long direct = createMeeting(clerk, "直接招待の会議");
    long viaGroup = createMeeting(clerk, "委員会経由の会議");
    long other = createMeeting(clerk, "他の会議");
    Response group =
        admin.post(
            "/api/v1/groups",
            new JsonObject()
                .put("name", "総務委員会-" + database())
                .put("memberIds", new JsonArray().add(memberId)));
    assertThat(group.status()).as(group.body()).isEqualTo(201);
    long groupId = group.json().getLong("id");
    invite(direct, new JsonObject().put("userId", memberId).put("role", "member"));
    invite(viaGroup, new JsonObject().put("groupId", groupId).put("role", "member"));
    invite(other, new JsonObject().put("userId", outsiderId).put("role", "member"));

    // drafts are invisible even to invitees, and look like they do not exist
    assertThat(ids(member.get("/api/v1/meetings").array())).doesNotContain(direct, viaGroup, other);
    assertThat(member.get("/api/v1/meetings/" + direct).status()).isEqualTo(404);

    for (long id : List.of(direct, viaGroup, other)) {
      assertThat(
              clerk
                  .put(
                      "/api/v1/meetings/" + id + "/status",
                      new JsonObject().put("status", "published"))
                  .status())
          .isEqualTo(200);
    }
    assertThat(ids(member.get("/api/v1/meetings").array()))
        .contains(direct, viaGroup)
        .doesNotContain(other);
    JsonObject listed =
        member.get("/api/v1/meetings").array().stream()
            .map(o -> (JsonObject) o)
            .filter(o -> o.getLong("id") == viaGroup)
            .findFirst()
            .orElseThrow();
    assertThat(listed.getString("myRole")).isEqualTo("member");
    Response detail = member.get("/api/v1/meetings/" + viaGroup);
    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.json().getString("myRole")).isEqualTo("member");
    assertThat(detail.json().getBoolean("mayHost")).isFalse();
    assertThat(member.get("/api/v1/meetings/" + other).status()).isEqualTo(404);
    assertThat(member.get("/api/v1/meetings/" + other + "/agenda").status()).isEqualTo(404);
    assertThat(member.get("/api/v1/meetings/" + other + "/participants").status()).isEqualTo(404);
    assertThat(outsider.get("/api/v1/meetings/" + direct).status()).isEqualTo(404);
    assertThat(member.get("/api/v1/meetings/999999").status()).isEqualTo(404);
    // clerks see everything, drafts included
    long draft = createMeeting(clerk, "下書き");
    assertThat(ids(clerk.get("/api/v1/meetings").array())).contains(direct, viaGroup, other, draft);
  }

  @Test
  @DisplayName("agenda items are added, edited, reordered and deleted in order")
  void agenda() {
    long id = createMeeting(clerk, "議題テスト");
    long a =
        clerk
            .post("/api/v1/meetings/" + id + "/agenda", new JsonObject().put("title", "議案第1号"))
            .json()
            .getLong("id");
    long b =
        clerk
            .post(
                "/api/v1/meetings/" + id + "/agenda",
                new JsonObject().put("title", "議案第2号").put("presenter", "総務部長"))
            .json()
            .getLong("id");
    long c =
        clerk
            .post("/api/v1/meetings/" + id + "/agenda", new JsonObject().put("title", "報告"))
            .json()
            .getLong("id");
    Response reordered =
        clerk.put(
            "/api/v1/meetings/" + id + "/agenda/order",
            new JsonObject().put("itemIds", new JsonArray().add(c).add(a).add(b)));
    assertThat(reordered.status()).as(reordered.body()).isEqualTo(200);
    assertThat(ids(clerk.get("/api/v1/meetings/" + id + "/agenda").array()))
        .containsExactly(c, a, b);
    Response incomplete =
        clerk.put(
            "/api/v1/meetings/" + id + "/agenda/order",
            new JsonObject().put("itemIds", new JsonArray().add(c).add(a)));
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.json().getString("field")).isEqualTo("itemIds");
    assertThat(
            clerk
                .patch(
                    "/api/v1/meetings/" + id + "/agenda/" + a,
                    new JsonObject().put("title", "議案第1号(修正)"))
                .status())
        .isEqualTo(200);
    assertThat(clerk.delete("/api/v1/meetings/" + id + "/agenda/" + b).status()).isEqualTo(204);
    JsonArray agenda = clerk.get("/api/v1/meetings/" + id + "/agenda").array();
    assertThat(ids(agenda)).containsExactly(c, a);
    assertThat(agenda.getJsonObject(1).getString("title")).isEqualTo("議案第1号(修正)");
  }

  @Test
  @DisplayName("status moves forward one step at a time; a member host may host, a member may not")
  void statusAndHostRole() {
    long id = createMeeting(clerk, "進行テスト");
    invite(
        id,
        new JsonObject().put("userId", hostId).put("role", "host"),
        new JsonObject().put("userId", memberId).put("role", "member"));
    Response skip =
        clerk.put("/api/v1/meetings/" + id + "/status", new JsonObject().put("status", "closed"));
    assertThat(skip.status()).isEqualTo(409);
    assertThat(skip.problemType()).isEqualTo("invalid-status-change");
    for (String s : List.of("published", "in_session", "closed")) {
      assertThat(
              clerk
                  .put("/api/v1/meetings/" + id + "/status", new JsonObject().put("status", s))
                  .json()
                  .getString("status"))
          .isEqualTo(s);
    }
    ApiClient host = node.login("host1", PW);
    assertThat(host.get("/api/v1/meetings/" + id).json().getBoolean("mayHost")).isTrue();
    assertThat(member.get("/api/v1/meetings/" + id).json().getBoolean("mayHost")).isFalse();
  }

  @Test
  @DisplayName("validation errors are problem+json naming the field")
  void validation() {
    record Bad(JsonObject body, String field) {}
    for (Bad bad :
        List.of(
            new Bad(
                new JsonObject()
                    .put("kind", "plenary")
                    .put("startsAt", "2026-12-01T10:00:00+09:00"),
                "title"),
            new Bad(
                new JsonObject()
                    .put("title", "t")
                    .put("kind", "party")
                    .put("startsAt", "2026-12-01T10:00:00+09:00"),
                "kind"),
            new Bad(
                new JsonObject()
                    .put("title", "t")
                    .put("kind", "plenary")
                    .put("startsAt", "tomorrow"),
                "startsAt"),
            new Bad(
                new JsonObject()
                    .put("title", "t".repeat(301))
                    .put("kind", "plenary")
                    .put("startsAt", "2026-12-01T10:00:00+09:00"),
                "title"),
            new Bad(
                new JsonObject()
                    .put("title", "t")
                    .put("kind", "plenary")
                    .put("startsAt", "2026-12-01T10:00:00+09:00")
                    .put("groupId", 987654),
                "groupId"))) {
      Response r = clerk.post("/api/v1/meetings", bad.body());
      assertThat(r.status()).as(bad.toString()).isEqualTo(400);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.problemType()).isEqualTo("validation");
      assertThat(r.json().getString("field")).isEqualTo(bad.field());
    }
    Response malformed = clerk.send("POST", "/api/v1/meetings", "{not json", Map.of());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.problemType()).isEqualTo("malformed-json");
    long id = createMeeting(clerk, "参加者検証");
    Response badParticipant =
        clerk.put(
            "/api/v1/meetings/" + id + "/participants",
            new JsonObject()
                .put(
                    "participants",
                    new JsonArray().add(new JsonObject().put("userId", 1).put("groupId", 1))));
    assertThat(badParticipant.status()).isEqualTo(400);
    assertThat(badParticipant.json().getString("field")).isEqualTo("participants");
    Response taken =
        admin.post(
            "/api/v1/users",
            new JsonObject()
                .put("login", "member1")
                .put("displayName", "dup")
                .put("roles", new JsonArray().add("member"))
                .put("password", PW));
    assertThat(taken.status()).isEqualTo(409);
  }

  @Test
  @DisplayName("responses carry security headers and the CSP names no external source")
  void securityHeaders() {
    Response r = node.client().get("/");
    assertThat(r.status()).isEqualTo(200);
    String csp = r.header("Content-Security-Policy");
    assertThat(csp)
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("http");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    // static files revalidate, so an upgraded node never serves a stale mix of modules
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
    String lastModified = r.header("Last-Modified");
    assertThat(lastModified).isNotNull();
    Response again = node.client().get("/", Map.of("If-Modified-Since", lastModified));
    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  @DisplayName("deactivating a user ends their sessions at once")
  void deactivate() {
    long id = createUser("leaver-" + database().name().toLowerCase(), "member");
    ApiClient leaver = node.login("leaver-" + database().name().toLowerCase(), PW);
    assertThat(leaver.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(admin.patch("/api/v1/users/" + id, new JsonObject().put("active", false)).status())
        .isEqualTo(200);
    assertThat(leaver.get("/api/v1/me").status()).isEqualTo(401);
  }

  void invite(long meetingId, JsonObject... participants) {
    Response r =
        clerk.put(
            "/api/v1/meetings/" + meetingId + "/participants",
            new JsonObject().put("participants", new JsonArray(List.of((Object[]) participants))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static List<Long> ids(JsonArray arr) {
    return arr.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
