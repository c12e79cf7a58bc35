package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.document.DocumentEvents;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestDocuments;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One node (H2, demo data): the /ws protocol end to end with real WebSockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SyncGatewayIT {
  static final String PW = DemoData.PASSWORD;
  static final Duration QUIET = Duration.ofMillis(400);

  @TempDir static Path dir;
  TestNode node;
  Vertx clientVertx;
  long meeting;
  long otherMeeting;

  /** A real ready document per meeting (pages must exist for page sync). */
  Map<Long, Long> documents = new java.util.HashMap<>();

  Map<String, String> tokens = new java.util.HashMap<>();
  Map<String, Long> userIds = new java.util.HashMap<>();

  @BeforeAll
  void start() {
    node =
        TestNode.start(
            TestDatabase.H2,
            dir,
            KaigiNode.Mode.DEMO,
            Map.of(
                "KAIGI_SYNC_LOG_SIZE", "20",
                "KAIGI_SYNC_PRESENCE_MS", "200",
                "KAIGI_WS_RATE", "200",
                "KAIGI_WS_BURST", "200",
                "KAIGI_WS_ABUSE_LIMIT", "50",
                "KAIGI_WS_ALLOWED_ORIGINS", "https://kaigi.example.jp",
                // Hours: the revalidation test shows account changes act at once, not by the timer.
                "KAIGI_WS_REVALIDATE_SECONDS", "86400"));
    clientVertx = Vertx.vertx();
    for (String login : List.of("clerk", "chair", "member1", "member2", "outsider")) {
      ApiClient c = node.login(login, PW);
      tokens.put(login, c.token());
      userIds.put(login, c.get("/api/v1/me").json().getLong("id"));
    }
    ApiClient chair = node.login("chair", PW);
    meeting = chair.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
    // A second meeting that member1 is not in (chair hosts, member2 takes part), marked for recall.
    ApiClient clerk = node.login("clerk", PW);
    var created =
        clerk.post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", "秘密会")
                .put("kind", "committee")
                .put("startsAt", "2026-12-01T10:00:00+09:00")
                .put("recall", true));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    otherMeeting = created.json().getLong("id");
    var parts =
        clerk.put(
            "/api/v1/meetings/" + otherMeeting + "/participants",
            new JsonObject()
                .put(
                    "participants",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("userId", userIds.get("chair"))
                                .put("role", "host"))
                        .add(
                            new JsonObject()
                                .put("userId", userIds.get("member2"))
                                .put("role", "member"))));
    assertThat(parts.status()).as(parts.body()).isEqualTo(200);
    var published =
        clerk.put(
            "/api/v1/meetings/" + otherMeeting + "/status",
            new JsonObject().put("status", "published"));
    assertThat(published.status()).as(published.body()).isEqualTo(200);
    for (long m : List.of(meeting, otherMeeting)) {
      documents.put(m, TestDocuments.uploadReady(clerk, m, "議案 " + m, 700, Map.of()).getLong("id"));
    }
  }

  @AfterAll
  void stop() throws Exception {
    clientVertx.close().toCompletionStage().toCompletableFuture().get();
    node.close();
  }

  WsClient connect(String login) {
    return WsClient.connect(clientVertx, WsClient.options(node.port(), tokens.get(login), null));
  }

  JsonObject join(WsClient c, long meetingId) {
    c.send(new JsonObject().put("type", "join").put("meeting", meetingId));
    return c.next(f -> "joined".equals(f.getString("type")), Duration.ofSeconds(10));
  }

  JsonObject page(long meetingId, int page) {
    return new JsonObject()
        .put("type", "page")
        .put("meeting", meetingId)
        .put("document", documents.getOrDefault(meetingId, 1L))
        .put("version", 1)
        .put("page", page);
  }

  static java.util.function.Predicate<JsonObject> pageFrame(int page) {
    return f -> "page".equals(f.getString("type")) && f.getInteger("page") == page;
  }

  @Test
  @DisplayName("the upgrade needs a valid session and the node's own (or an allowed) origin")
  void upgradeChecks() {
    int port = node.port();
    String t = tokens.get("member1");
    assertThat(WsClient.upgradeStatus(clientVertx, WsClient.options(port, null, null)))
        .isEqualTo(401);
    assertThat(WsClient.upgradeStatus(clientVertx, WsClient.options(port, "not-a-token", null)))
        .isEqualTo(401);
    assertThat(
            WsClient.upgradeStatus(
                clientVertx, WsClient.options(port, t, "https://evil.example.com")))
        .isEqualTo(403);
    assertThat(
            WsClient.upgradeStatus(
                clientVertx, WsClient.options(port, t, "http://127.0.0.1:" + port)))
        .isEqualTo(101);
    assertThat(
            WsClient.upgradeStatus(
                clientVertx, WsClient.options(port, t, "https://kaigi.example.jp")))
        .isEqualTo(101);
    // The session cookie works as well (the browser app).
    var cookie =
        WsClient.options(port, null, "http://127.0.0.1:" + port)
            .addHeader("Cookie", "kaigi_session=" + t);
    assertThat(WsClient.upgradeStatus(clientVertx, cookie)).isEqualTo(101);
  }

  @Test
  @DisplayName("host turns pages; every member follows in order; members browse and come back")
  void pageSyncAndFollow() {
    try (WsClient host = connect("chair");
        WsClient m1 = connect("member1");
        WsClient m2 = connect("member2")) {
      JsonObject joined = join(host, meeting);
      assertThat(joined.getBoolean("mayHost")).isTrue();
      assertThat(joined.getString("role")).isEqualTo("host");
      JsonObject j1 = join(m1, meeting);
      assertThat(j1.getBoolean("mayHost")).isFalse();
      assertThat(j1.containsKey("seq")).isTrue();
      join(m2, meeting);

      for (int p = 101; p <= 110; p++) {
        host.send(page(meeting, p));
      }
      for (WsClient c : List.of(m1, m2, host)) {
        long lastSeq = 0;
        for (int p = 101; p <= 110; p++) {
          JsonObject f = c.next("page");
          assertThat(f.getInteger("page")).isEqualTo(p);
          assertThat(f.getLong("seq")).isGreaterThan(lastSeq);
          assertThat(f.getLong("meeting")).isEqualTo(meeting);
          assertThat(f.getLong("by")).isEqualTo(userIds.get("chair"));
          lastSeq = f.getLong("seq");
        }
      }

      // member1 browses on its own, then returns to the host's page
      m1.send(new JsonObject().put("type", "follow").put("meeting", meeting).put("follow", false));
      assertThat(m1.next("follow").getBoolean("follow")).isFalse();
      m1.send(new JsonObject().put("type", "follow").put("meeting", meeting).put("follow", true));
      JsonObject back = m1.next("follow");
      assertThat(back.getBoolean("follow")).isTrue();
      assertThat(back.getJsonObject("state").getInteger("page")).isEqualTo(110);
      assertThat(back.getJsonObject("state").getLong("document")).isEqualTo(documents.get(meeting));

      // a late joiner gets the current page in the join reply
      try (WsClient late = connect("member2")) {
        JsonObject state = join(late, meeting).getJsonObject("state");
        assertThat(state.getInteger("page")).isEqualTo(110);
      }
    }
  }

  @Test
  @DisplayName(
      "clients that ask for permessage-deflate (browsers do) get plain frames: the node declines it")
  void compressedClients() {
    var compressing =
        new io.vertx.core.http.WebSocketClientOptions().setTryUsePerMessageCompression(true);
    try (WsClient host = connect("chair");
        WsClient m1 =
            WsClient.connect(
                clientVertx,
                WsClient.options(node.port(), tokens.get("member1"), null),
                compressing)) {
      // declined: one page for a thousand tablets is one encoding, not a thousand compressions
      assertThat(m1.extensions()).isNull();
      join(host, meeting);
      join(m1, meeting);
      host.send(page(meeting, 151));
      host.send(page(meeting, 152));
      m1.next(pageFrame(151), Duration.ofSeconds(10));
      m1.next(pageFrame(152), Duration.ofSeconds(10));
    }
  }

  @Test
  @DisplayName(
      "an open connection ends with its session, and leaves meetings one was removed from, at once")
  void revalidation() {
    ApiClient clerk = node.login("clerk", PW);
    var created =
        clerk.post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", "再確認")
                .put("kind", "committee")
                .put("startsAt", "2026-12-02T10:00:00+09:00"));
    long third = created.json().getLong("id");
    JsonObject chairHost = new JsonObject().put("userId", userIds.get("chair")).put("role", "host");
    JsonObject member2 =
        new JsonObject().put("userId", userIds.get("member2")).put("role", "member");
    clerk.put(
        "/api/v1/meetings/" + third + "/participants",
        new JsonObject().put("participants", new JsonArray().add(chairHost).add(member2)));
    clerk.put("/api/v1/meetings/" + third + "/status", new JsonObject().put("status", "published"));

    ApiClient m2 = node.login("member2", PW);
    try (WsClient ws =
        WsClient.connect(clientVertx, WsClient.options(node.port(), m2.token(), null))) {
      join(ws, third);
      join(ws, meeting);
      clerk.put(
          "/api/v1/meetings/" + third + "/participants",
          new JsonObject().put("participants", new JsonArray().add(chairHost)));
      JsonObject left = ws.next("left");
      assertThat(left.getLong("meeting")).isEqualTo(third);
      assertThat(left.getString("reason")).isEqualTo("removed");
      assertThat(m2.delete("/api/v1/session").status()).isEqualTo(204);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ws.closeCode != null);
      assertThat(ws.closeCode).isEqualTo((short) 4001);
    }

    // deactivating an account closes its sockets at once
    ApiClient admin = node.admin();
    long leavingId = admin.createUser("leaving", "leaving-password-1", "member");
    ApiClient leaving = node.login("leaving", "leaving-password-1");
    try (WsClient ws =
        WsClient.connect(clientVertx, WsClient.options(node.port(), leaving.token(), null))) {
      ws.send(new JsonObject().put("type", "ping").put("id", 1));
      ws.next("pong");
      var off = admin.patch("/api/v1/users/" + leavingId, new JsonObject().put("active", false));
      assertThat(off.status()).as(off.body()).isEqualTo(200);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ws.closeCode != null);
      assertThat(ws.closeCode).isEqualTo((short) 4001);
    }
    String metrics = node.client().get("/metrics").body();
    assertThat(metrics)
        .contains("kaigi_sync_connections")
        .contains("kaigi_sync_deliveries_total")
        .contains("kaigi_sync_server_closes_total{reason=\"session\"}");
  }

  @Test
  @DisplayName("forced follow (画面ロック): members cannot unfollow until the host releases it")
  void forcedFollow() {
    try (WsClient host = connect("chair");
        WsClient m1 = connect("member1")) {
      join(host, meeting);
      join(m1, meeting);
      m1.send(new JsonObject().put("type", "follow").put("meeting", meeting).put("follow", false));
      m1.next("follow");
      host.send(new JsonObject().put("type", "force").put("meeting", meeting).put("forced", true));
      assertThat(m1.next("force").getBoolean("forced")).isTrue();
      m1.send(new JsonObject().put("type", "follow").put("meeting", meeting).put("follow", false));
      m1.error(SyncError.FOLLOW_FORCED);
      // members may not lock or unlock
      m1.send(new JsonObject().put("type", "force").put("meeting", meeting).put("forced", false));
      m1.error(SyncError.NOT_HOST);
      host.send(new JsonObject().put("type", "force").put("meeting", meeting).put("forced", false));
      assertThat(m1.next("force").getBoolean("forced")).isFalse();
      m1.send(new JsonObject().put("type", "follow").put("meeting", meeting).put("follow", false));
      assertThat(m1.next("follow").getBoolean("follow")).isFalse();
    }
  }

  @Test
  @DisplayName(
      "presence: the host sees who is connected, following, on which page, lagging, offline")
  void presenceAndAcks() {
    try (WsClient host = connect("chair");
        WsClient m1 = connect("member1")) {
      join(host, meeting);
      join(m1, meeting);
      host.send(page(meeting, 201));
      JsonObject p = m1.next(pageFrame(201), Duration.ofSeconds(10));
      double socketAcks = acks("socket");
      // a plain ack, as tablets send it, is taken off the socket before Vert.x's message path
      m1.send(
          new JsonObject()
              .put("type", "ack")
              .put("meeting", meeting)
              .put("seq", p.getLong("seq"))
              .put("page", 201));
      long m1Id = userIds.get("member1");
      long m2Id = userIds.get("member2");
      JsonObject presence =
          host.next(
              f ->
                  "presence".equals(f.getString("type"))
                      && row(f, m1Id) != null
                      && Integer.valueOf(201).equals(row(f, m1Id).getInteger("page")),
              Duration.ofSeconds(10));
      JsonObject r1 = row(presence, m1Id);
      assertThat(r1.getBoolean("connected")).isTrue();
      assertThat(r1.getBoolean("following")).isTrue();
      assertThat(r1.getLong("ackDelayMs")).isNotNull().isGreaterThanOrEqualTo(0L);
      assertThat(r1.getBoolean("lagging")).isFalse();
      assertThat(row(presence, m2Id).getBoolean("offline")).isTrue();
      // a participant who never connected still shows by name, not just an id
      assertThat(row(presence, m2Id).getString("name"))
          .isNotBlank()
          .isEqualTo(node.login("member2", PW).get("/api/v1/me").json().getString("displayName"));
      assertThat(presence.getJsonObject("summary").getInteger("offline")).isGreaterThanOrEqualTo(1);
      assertThat(acks("socket")).isEqualTo(socketAcks + 1);

      // any other shape of ack (spaces, an id) goes the message path, with the same effect
      double messageAcks = acks("message");
      host.send(page(meeting, 202));
      JsonObject p2 = m1.next(pageFrame(202), Duration.ofSeconds(10));
      m1.sendText(
          "{ \"type\": \"ack\", \"meeting\": "
              + meeting
              + ", \"seq\": "
              + p2.getLong("seq")
              + ", \"page\": 202 }");
      host.next(
          f ->
              "presence".equals(f.getString("type"))
                  && Integer.valueOf(202).equals(row(f, m1Id).getInteger("page")),
          Duration.ofSeconds(10));
      assertThat(acks("message")).isEqualTo(messageAcks + 1);
      assertThat(acks("socket")).isEqualTo(socketAcks + 1);

      // on request, too; members get no presence
      host.send(new JsonObject().put("type", "presence").put("meeting", meeting));
      host.next("presence");
      m1.send(new JsonObject().put("type", "presence").put("meeting", meeting));
      m1.error(SyncError.NOT_HOST);
      assertThat(m1.drain(QUIET)).noneMatch(f -> "presence".equals(f.getString("type")));
    }
  }

  /** {@code kaigi_sync_acks_total{read=...}} of the node. */
  double acks(String read) {
    String metrics = node.client().get("/metrics").body();
    java.util.regex.Matcher line =
        java.util.regex.Pattern.compile(
                "(?m)^kaigi_sync_acks_total\\{[^}]*read=\"" + read + "\"[^}]*\\} ([0-9.E+]+)$")
            .matcher(metrics);
    assertThat(line.find()).as("kaigi_sync_acks_total{read=" + read + "}").isTrue();
    return Double.parseDouble(line.group(1));
  }

  static JsonObject row(JsonObject presence, long userId) {
    for (Object o : presence.getJsonArray("participants")) {
      JsonObject r = (JsonObject) o;
      if (r.getLong("userId") == userId) {
        return r;
      }
    }
    return null;
  }

  @Test
  @DisplayName("the host hands presenting to a member and takes it back")
  void handOver() {
    try (WsClient host = connect("chair");
        WsClient m1 = connect("member1");
        WsClient m2 = connect("member2")) {
      join(host, meeting);
      join(m1, meeting);
      join(m2, meeting);
      m1.send(page(meeting, 301));
      m1.error(SyncError.NOT_HOST);
      host.send(
          new JsonObject()
              .put("type", "presenter")
              .put("meeting", meeting)
              .put("userId", userIds.get("member1")));
      assertThat(m2.next("presenter").getLong("userId")).isEqualTo(userIds.get("member1"));
      m1.send(page(meeting, 302));
      JsonObject f = m2.next(pageFrame(302), Duration.ofSeconds(10));
      assertThat(f.getLong("by")).isEqualTo(userIds.get("member1"));
      m2.send(page(meeting, 303));
      m2.error(SyncError.NOT_HOST);
      // only the host hands over; not to outsiders
      m1.send(
          new JsonObject()
              .put("type", "presenter")
              .put("meeting", meeting)
              .put("userId", userIds.get("member2")));
      m1.error(SyncError.NOT_HOST);
      host.send(
          new JsonObject()
              .put("type", "presenter")
              .put("meeting", meeting)
              .put("userId", userIds.get("outsider")));
      host.error(SyncError.INVALID);
      host.send(
          new JsonObject().put("type", "presenter").put("meeting", meeting).putNull("userId"));
      assertThat(m1.next("presenter").getValue("userId")).isNull();
      m1.send(page(meeting, 304));
      m1.error(SyncError.NOT_HOST);
    }
  }

  @Test
  @DisplayName("bad frames get error frames and the connection lives on")
  void errors() {
    try (WsClient m1 = connect("member1");
        WsClient outsider = connect("outsider")) {
      m1.sendText("{not json");
      m1.error(SyncError.MALFORMED);
      m1.sendText("[1,2]");
      m1.error(SyncError.MALFORMED);
      m1.send(new JsonObject().put("meeting", meeting));
      m1.error(SyncError.MALFORMED);
      m1.send(new JsonObject().put("type", "dance").put("id", 42));
      assertThat(m1.error(SyncError.UNKNOWN_TYPE).getInteger("ref")).isEqualTo(42);
      m1.send(new JsonObject().put("type", "join").put("meeting", "x"));
      m1.error(SyncError.INVALID);
      m1.sendText(new JsonObject().put("type", "join").put("pad", "あ".repeat(5000)).encode());
      m1.error(SyncError.TOO_LARGE);
      m1.send(page(meeting, 1));
      m1.error(SyncError.NOT_JOINED);
      // acks of the plain shape take a parser-free path: same checks, same errors
      m1.sendText("{\"type\":\"ack\",\"meeting\":" + meeting + ",\"seq\":1,\"page\":1}");
      m1.error(SyncError.NOT_JOINED);
      m1.send(new JsonObject().put("type", "join").put("meeting", otherMeeting));
      m1.error(SyncError.NOT_FOUND);
      m1.send(new JsonObject().put("type", "join").put("meeting", 999_999));
      m1.error(SyncError.NOT_FOUND);
      outsider.send(new JsonObject().put("type", "join").put("meeting", meeting));
      outsider.error(SyncError.NOT_FOUND);
      // still alive and useful
      join(m1, meeting);
      m1.sendText("{\"type\":\"ack\",\"meeting\":" + meeting + ",\"seq\":1,\"page\":0}");
      m1.error(SyncError.INVALID);
      m1.sendText("{\"type\":\"ack\",\"meeting\":0,\"seq\":1,\"page\":1}");
      m1.error(SyncError.INVALID);
      m1.sendText("{\"type\":\"ack\",\"meeting\":" + meeting + ",\"seq\":1,\"page\":100001}");
      m1.error(SyncError.INVALID);
      m1.send(page(meeting, 1));
      m1.error(SyncError.NOT_HOST);
      m1.send(new JsonObject().put("type", "ping").put("id", 1));
      m1.next("pong");
      assertThat(m1.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName("flooding is rate limited, then the connection is closed")
  void flooding() {
    try (WsClient m1 = connect("member1")) {
      for (int i = 0; i < 400; i++) {
        m1.send(new JsonObject().put("type", "ping"));
      }
      m1.error(SyncError.RATE_LIMITED);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(m1::isClosed);
      assertThat(m1.closeCode).isEqualTo((short) 1008);
    }
    // plain acks, taken off the socket before Vert.x, count against the same limit
    try (WsClient m2 = connect("member2")) {
      join(m2, meeting);
      String ack = "{\"type\":\"ack\",\"meeting\":" + meeting + ",\"seq\":1,\"page\":1}";
      for (int i = 0; i < 400; i++) {
        m2.sendText(ack);
      }
      m2.error(SyncError.RATE_LIMITED);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(m2::isClosed);
      assertThat(m2.closeCode).isEqualTo((short) 1008);
    }
  }

  @Test
  @DisplayName("members never see events of other meetings or confidential documents not for them")
  void isolation() {
    try (WsClient host = connect("chair");
        WsClient m1 = connect("member1");
        WsClient m2 = connect("member2")) {
      join(host, meeting);
      join(host, otherMeeting);
      join(m1, meeting);
      join(m2, meeting);
      join(m2, otherMeeting);
      host.send(page(otherMeeting, 401));
      m2.next(pageFrame(401), Duration.ofSeconds(10));
      var bus = node.node().vertx().eventBus();
      bus.publish(
          DocumentEvents.PUBLISHED,
          new JsonObject()
              .put("meetingId", meeting)
              .put("documentId", 9001)
              .put("version", 1)
              .put("title", "非公開資料")
              .put("pages", 3)
              .put("sha256", "ab".repeat(32))
              .put("confidential", true)
              .put("allowedUserIds", new JsonArray().add(userIds.get("member2"))));
      bus.publish(
          DocumentEvents.PUBLISHED,
          new JsonObject()
              .put("meetingId", meeting)
              .put("documentId", 9002)
              .put("version", 1)
              .put("title", "公開資料")
              .put("pages", 5)
              .put("sha256", "cd".repeat(32))
              .put("confidential", false));
      JsonObject secret =
          m2.next(
              f -> "document".equals(f.getString("type")) && f.getLong("documentId") == 9001,
              Duration.ofSeconds(10));
      assertThat(secret.getString("event")).isEqualTo("published");
      assertThat(secret.containsKey("allowedUserIds")).isFalse();
      JsonObject open =
          m1.next(
              f -> "document".equals(f.getString("type")) && f.getLong("documentId") == 9002,
              Duration.ofSeconds(10));
      assertThat(open.getInteger("pages")).isEqualTo(5);
      host.send(page(meeting, 402));
      m1.next(pageFrame(402), Duration.ofSeconds(10));
      m1.drain(QUIET);
      List<JsonObject> seenByM1 = m1.seen();
      assertThat(seenByM1).noneMatch(f -> f.getLong("meeting", 0L) == otherMeeting);
      assertThat(seenByM1).noneMatch(f -> f.getLong("documentId", 0L) == 9001);
    }
  }

  @Test
  @DisplayName("a tablet that reconnects with lastSeq gets what it missed, or the state if too far")
  void resume() {
    long lastSeq;
    try (WsClient host = connect("chair")) {
      join(host, meeting);
      try (WsClient m1 = connect("member1")) {
        join(m1, meeting);
        host.send(page(meeting, 501));
        lastSeq = m1.next(pageFrame(501), Duration.ofSeconds(10)).getLong("seq");
      }
      for (int p = 502; p <= 504; p++) {
        host.send(page(meeting, p));
      }
      host.next(pageFrame(504), Duration.ofSeconds(10));
      try (WsClient m1 = connect("member1")) {
        m1.send(
            new JsonObject().put("type", "join").put("meeting", meeting).put("lastSeq", lastSeq));
        for (int p = 502; p <= 504; p++) {
          assertThat(m1.next("page").getInteger("page")).isEqualTo(p);
        }
        JsonObject joined = m1.next("joined");
        assertThat(joined.getBoolean("resumed")).isTrue();
        assertThat(joined.getInteger("missed")).isEqualTo(3);
      }
      // the log keeps 20 events: fall further behind and get the full state instead
      for (int p = 600; p < 625; p++) {
        host.send(page(meeting, p));
      }
      host.next(pageFrame(624), Duration.ofSeconds(10));
      try (WsClient m1 = connect("member1")) {
        m1.send(
            new JsonObject().put("type", "join").put("meeting", meeting).put("lastSeq", lastSeq));
        JsonObject joined = m1.next("joined");
        assertThat(joined.getBoolean("resumed")).isFalse();
        assertThat(joined.getJsonObject("state").getInteger("page")).isEqualTo(624);
        assertThat(m1.seenOf("page")).isEmpty();
      }
    }
  }

  @Test
  @DisplayName("status changes are pushed; closing a recall meeting tells tablets to drop copies")
  void status() {
    try (WsClient m2 = connect("member2")) {
      join(m2, otherMeeting);
      ApiClient clerk = node.login("clerk", PW);
      clerk.put(
          "/api/v1/meetings/" + otherMeeting + "/status",
          new JsonObject().put("status", "in_session"));
      JsonObject inSession = m2.next("status");
      assertThat(inSession.getString("status")).isEqualTo("in_session");
      assertThat(inSession.getBoolean("dropCache")).isFalse();
      clerk.put(
          "/api/v1/meetings/" + otherMeeting + "/status", new JsonObject().put("status", "closed"));
      JsonObject closed = m2.next("status");
      assertThat(closed.getString("status")).isEqualTo("closed");
      assertThat(closed.getBoolean("recall")).isTrue();
      assertThat(closed.getBoolean("dropCache")).isTrue();
    }
  }

  @Test
  @DisplayName("page: only a current, ready document of the meeting, within its pages")
  void pageChecksTheDocument() {
    ApiClient clerk = node.login("clerk", PW);
    long doc = documents.get(meeting);
    try (WsClient host = connect("chair")) {
      join(host, meeting);
      host.send(page(meeting, 1).put("document", 987_654).put("id", "unknown"));
      assertError(host, "unknown", "unknown-document");
      host.send(page(meeting, 1).put("document", documents.get(otherMeeting)).put("id", "other"));
      assertError(host, "other", "unknown-document");
      host.send(page(meeting, 1).put("version", 2).put("id", "old"));
      assertError(host, "old", "invalid");
      host.send(page(meeting, 701).put("id", "beyond"));
      assertError(host, "beyond", "invalid");

      long withdrawn =
          TestDocuments.uploadReady(clerk, meeting, "取り下げ予定", 3, Map.of()).getLong("id");
      var w = clerk.post("/api/v1/documents/" + withdrawn + "/withdraw", new JsonObject());
      assertThat(w.status()).as(w.body()).isEqualTo(200);
      host.send(page(meeting, 1).put("document", withdrawn).put("id", "withdrawn"));
      assertError(host, "withdrawn", "unknown-document");

      host.send(page(meeting, 700).put("document", doc));
      assertThat(host.next(pageFrame(700), Duration.ofSeconds(10)).getLong("document"))
          .isEqualTo(doc);
    }
  }

  @Test
  @DisplayName("a confidential document's page and state reach only those allowed")
  void confidentialPages() {
    ApiClient clerk = node.login("clerk", PW);
    long chairId = userIds.get("chair");
    long m2Id = userIds.get("member2");
    long secret =
        TestDocuments.uploadReady(
                clerk,
                meeting,
                "秘密会資料",
                5,
                Map.of("confidential", "true", "allowedUserIds", chairId + "," + m2Id))
            .getLong("id");
    try (WsClient host = connect("chair");
        WsClient m1 = connect("member1");
        WsClient m2 = connect("member2");
        WsClient mgr = connect("clerk")) {
      join(host, meeting);
      join(m1, meeting);
      join(m2, meeting);
      join(mgr, meeting);
      // member1 may not even point at it
      m1.send(page(meeting, 1).put("document", secret).put("id", "m1"));
      assertError(m1, "m1", "not-host");

      host.send(page(meeting, 4).put("document", secret));
      JsonObject full = m2.next(pageFrame(4), Duration.ofSeconds(10));
      assertThat(full.getLong("document")).isEqualTo(secret);
      assertThat(full.containsKey("allowedUserIds")).isFalse();
      assertThat(mgr.next(pageFrame(4), Duration.ofSeconds(10)).getLong("document"))
          .isEqualTo(secret);
      JsonObject hidden = m1.next(f -> "page".equals(f.getString("type")), Duration.ofSeconds(10));
      assertThat(hidden.getBoolean("restricted")).isTrue();
      assertThat(hidden.getLong("seq")).isEqualTo(full.getLong("seq"));
      assertThat(hidden.containsKey("document")).isFalse();
      assertThat(hidden.containsKey("page")).isFalse();
      assertThat(hidden.fieldNames())
          .containsExactlyInAnyOrder("type", "meeting", "seq", "ts", "restricted", "by");

      // the state, by every route, hides it from member1 alone
      m1.send(new JsonObject().put("type", "follow").put("meeting", meeting).put("follow", true));
      JsonObject back = m1.next("follow").getJsonObject("state");
      assertThat(back.getBoolean("restricted")).isTrue();
      assertThat(back.getValue("document")).isNull();
      assertThat(back.getValue("page")).isNull();
      try (WsClient late1 = connect("member1");
          WsClient late2 = connect("member2")) {
        JsonObject s1 = join(late1, meeting).getJsonObject("state");
        assertThat(s1.getBoolean("restricted")).isTrue();
        assertThat(s1.getValue("document")).isNull();
        JsonObject s2 = join(late2, meeting).getJsonObject("state");
        assertThat(s2.getLong("document")).isEqualTo(secret);
        assertThat(s2.getInteger("page")).isEqualTo(4);
        assertThat(s2.containsKey("restricted")).isFalse();
      }
      // resuming by lastSeq replays the redacted frame, not the real one
      try (WsClient again = connect("member1")) {
        again.send(
            new JsonObject()
                .put("type", "join")
                .put("meeting", meeting)
                .put("lastSeq", full.getLong("seq") - 1));
        JsonObject replayed = again.next("page");
        assertThat(replayed.getBoolean("restricted")).isTrue();
        assertThat(replayed.containsKey("document")).isFalse();
        again.next("joined");
      }
      // back on an open document: everyone sees it again
      host.send(page(meeting, 2));
      assertThat(m1.next(pageFrame(2), Duration.ofSeconds(10)).getLong("document"))
          .isEqualTo(documents.get(meeting));
    }
  }

  private static void assertError(WsClient c, String ref, String code) {
    JsonObject err =
        c.next(
            f -> "error".equals(f.getString("type")) && ref.equals(f.getValue("ref")),
            Duration.ofSeconds(10));
    assertThat(err.getString("code")).as(err.encode()).isEqualTo(code);
  }
}
