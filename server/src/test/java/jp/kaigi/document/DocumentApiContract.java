package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.ApiClient.Response;
import jp.kaigi.testing.Multipart;
import jp.kaigi.testing.Requirements;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Documents and search over the real REST API, with the real corpus, LibreOffice, Lucene and a real
 * database. Run per database by {@link H2DocumentApiIT} and {@link PostgresDocumentApiIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(600)
abstract class DocumentApiContract {
  static final String PW = "correct-horse-battery";
  static final long LIMIT = 3L << 20;

  @TempDir static Path dataDir;
  TestNode node;
  ApiClient admin;
  ApiClient clerk;
  ApiClient member1;
  ApiClient member2;
  ApiClient other;
  ApiClient outsider;
  long member1Id;
  long member2Id;
  long otherId;
  long meetingA;
  long meetingB;
  long higashiomi;
  long katagami;
  long toon;
  final List<long[]> docxIds = new CopyOnWriteArrayList<>();
  final List<JsonObject> events = new CopyOnWriteArrayList<>();
  final List<String> eventAddresses = new CopyOnWriteArrayList<>();

  abstract TestDatabase database();

  @BeforeAll
  void start() {
    node =
        TestNode.start(
            database(),
            dataDir,
            KaigiNode.Mode.RUN,
            Map.of("KAIGI_DOCUMENT_MAX_UPLOAD_BYTES", String.valueOf(LIMIT)));
    for (String address :
        List.of(DocumentEvents.PUBLISHED, DocumentEvents.REPLACED, DocumentEvents.WITHDRAWN)) {
      node.node()
          .vertx()
          .eventBus()
          .<JsonObject>consumer(
              address,
              m -> {
                eventAddresses.add(address);
                events.add(m.body());
              });
    }
    admin = node.admin();
    createUser("clerk1", "clerk");
    member1Id = createUser("member1", "member");
    member2Id = createUser("member2", "member");
    otherId = createUser("other1", "member");
    createUser("outsider1", "member");
    clerk = node.login("clerk1", PW);
    member1 = node.login("member1", PW);
    member2 = node.login("member2", PW);
    other = node.login("other1", PW);
    outsider = node.login("outsider1", PW);
    meetingA = createMeeting("令和8年12月定例会 総務委員会", "2026-12-01T10:00:00+09:00", member1Id, member2Id);
    meetingB = createMeeting("令和8年11月 産業建設委員会", "2026-11-01T10:00:00+09:00", otherId);
  }

  @AfterAll
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  long createUser(String login, String... roles) {
    return admin.createUser(login, PW, roles);
  }

  long createMeeting(String title, String startsAt, long... members) {
    Response r =
        clerk.post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", title)
                .put("kind", "committee")
                .put("startsAt", startsAt));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    long id = r.json().getLong("id");
    JsonArray ps = new JsonArray();
    for (long m : members) {
      ps.add(new JsonObject().put("userId", m).put("role", "member"));
    }
    assertThat(
            clerk
                .put(
                    "/api/v1/meetings/" + id + "/participants",
                    new JsonObject().put("participants", ps))
                .status())
        .isEqualTo(200);
    assertThat(
            clerk
                .put(
                    "/api/v1/meetings/" + id + "/status",
                    new JsonObject().put("status", "published"))
                .status())
        .isEqualTo(200);
    return id;
  }

  Response upload(
      ApiClient as, long meeting, String name, byte[] bytes, Map<String, String> fields) {
    return as.execute(
        Multipart.request(
            as, "POST", "/api/v1/meetings/" + meeting + "/documents", name, bytes, fields));
  }

  JsonObject awaitReady(long id) {
    JsonObject[] last = new JsonObject[1];
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Response r = clerk.get("/api/v1/documents/" + id);
              last[0] = r.json();
              return !"processing".equals(last[0].getString("status"));
            });
    assertThat(last[0].getString("status")).as(last[0].encode()).isEqualTo("ready");
    return last[0];
  }

  JsonObject search(ApiClient as, String q) {
    Response r =
        as.get(
            "/api/v1/search?size=100&q="
                + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** Pages of one document among a search's hits. */
  static TreeSet<Integer> pages(JsonObject result, long documentId) {
    TreeSet<Integer> out = new TreeSet<>();
    for (Object o : result.getJsonArray("hits")) {
      JsonObject h = (JsonObject) o;
      if (h.getLong("documentId") == documentId) {
        out.add(h.getInteger("page"));
      }
    }
    return out;
  }

  static TreeSet<Long> documents(JsonObject result) {
    TreeSet<Long> out = new TreeSet<>();
    for (Object o : result.getJsonArray("hits")) {
      out.add(((JsonObject) o).getLong("documentId"));
    }
    return out;
  }

  long blobCount() throws IOException {
    Path blobs = dataDir.resolve("blobs");
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(blobs)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  long tmpFileCount() throws IOException {
    Path tmp = dataDir.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  @Order(1)
  @DisplayName(
      "the corpus PDFs upload, report 12, 32 and 24 pages, and publish an event when ready")
  void uploadCorpusPdfs() throws Exception {
    higashiomi = uploadReady(meetingA, "higashiomi-dx-plan.pdf", "東近江市DX推進計画", 12);
    katagami = uploadReady(meetingA, "katagami-dx-plan.pdf", "潟上市DX推進計画", 32);
    toon = uploadReady(meetingA, "toon-digital-master-plan.pdf", "東温市デジタル化マスタープラン", 24);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.stream().filter(e -> e.getLong("meetingId") == meetingA).count() == 3);
    JsonObject e =
        events.stream().filter(x -> x.getLong("documentId") == katagami).findFirst().orElseThrow();
    assertThat(e.getInteger("pages")).isEqualTo(32);
    assertThat(e.getInteger("version")).isEqualTo(1);
    assertThat(e.getBoolean("confidential")).isFalse();
    assertThat(e.containsKey("allowedUserIds")).isFalse();
    assertThat(e.getString("sha256")).hasSize(64);
    assertThat(eventAddresses).contains(DocumentEvents.PUBLISHED);
  }

  long uploadReady(long meeting, String file, String title, int pages) throws Exception {
    Response r = upload(clerk, meeting, file, TestFiles.corpus(file), Map.of("title", title));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    long id = r.json().getLong("id");
    JsonObject doc = awaitReady(id);
    assertThat(doc.getJsonObject("current").getInteger("pages")).isEqualTo(pages);
    // the corpus plans have text on their pages (a cover may be an image)
    assertThat(doc.getJsonObject("current").getInteger("textPages")).isBetween(pages - 2, pages);
    return id;
  }

  @Test
  @Order(2)
  @DisplayName("pages without text (scanned, images only) are counted, so the clerk can be told")
  void pagesWithoutText() throws Exception {
    Response r =
        upload(
            clerk,
            meetingA,
            "scan.pdf",
            TestFiles.pdf("Agenda", "", "Minutes"),
            Map.of("title", "一部が画像の資料"));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonObject current = awaitReady(r.json().getLong("id")).getJsonObject("current");
    assertThat(current.getInteger("pages")).isEqualTo(3);
    assertThat(current.getInteger("textPages")).isEqualTo(2);
  }

  @Test
  @Order(2)
  @DisplayName("the DOCX versions convert with LibreOffice and are searchable")
  void docxConvert() throws Exception {
    Requirements.require(
        new SofficeConverter("soffice", 1000, 1, dataDir).available(), "LibreOffice (soffice)");
    for (String name :
        List.of(
            "higashiomi-dx-plan.docx", "katagami-dx-plan.docx", "toon-digital-master-plan.docx")) {
      Response r = upload(clerk, meetingB, name, TestFiles.corpus(name), Map.of());
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      long id = r.json().getLong("id");
      JsonObject doc = awaitReady(id);
      assertThat(doc.getJsonObject("current").getInteger("pages")).isGreaterThan(1);
      assertThat(doc.getJsonObject("current").getString("originalType"))
          .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      docxIds.add(new long[] {id});
    }
    // other1 only sees meeting B: all hits are the converted DOCX files.
    JsonObject hits = search(other, "ペーパーレス");
    assertThat(hits.getLong("total")).isGreaterThan(0);
    assertThat(documents(hits)).isSubsetOf(docxIds.stream().map(a -> a[0]).toList());
    assertThat(documents(search(other, "フリーアドレス"))).hasSize(2);
  }

  @Test
  @Order(3)
  @DisplayName("ペーパーレス, 議事録 and フリーアドレス hit the exact pages")
  void searchWords() {
    JsonObject paperless = search(member1, "ペーパーレス");
    assertThat(pages(paperless, higashiomi)).containsExactly(4, 8, 9, 11);
    assertThat(pages(paperless, katagami))
        .containsExactly(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 26);
    assertThat(paperless.getBoolean("totalExact")).isTrue();
    JsonObject minutes = search(member1, "議事録");
    assertThat(pages(minutes, katagami)).containsExactly(17);
    assertThat(pages(minutes, toon)).containsExactly(15);
    assertThat(pages(minutes, higashiomi)).isEmpty();
    JsonObject hit =
        minutes.getJsonArray("hits").stream()
            .map(JsonObject.class::cast)
            .filter(h -> h.getLong("documentId") == katagami)
            .findFirst()
            .orElseThrow();
    assertThat(hit.getString("snippet")).contains("<mark>").contains("議事録");
    JsonObject free = search(member1, "フリーアドレス");
    assertThat(pages(free, toon)).containsExactly(15, 21);
    assertThat(pages(free, higashiomi)).containsExactly(11);
    assertThat(pages(free, katagami)).isEmpty();
  }

  @Test
  @Order(4)
  @DisplayName("令和5年度 and 2023年度 find the same pages, full-width digits too")
  void eraDates() {
    JsonObject era = search(member1, "令和5年度");
    JsonObject western = search(member1, "2023年度");
    JsonObject fullWidth = search(member1, "２０２３年度");
    JsonObject eraFull = search(member1, "令和５年度");
    assertThat(pages(era, higashiomi)).containsExactly(1, 2, 5);
    assertThat(pages(era, toon)).containsExactly(3, 8);
    assertThat(pages(era, katagami)).contains(1, 8, 14, 15, 17, 18, 30);
    for (JsonObject other : List.of(western, fullWidth, eraFull)) {
      for (long d : List.of(higashiomi, katagami, toon)) {
        assertThat(pages(other, d)).isEqualTo(pages(era, d));
      }
    }
    assertThat(search(member1, "2024年度").getLong("total")).isGreaterThan(0);
  }

  @Test
  @Order(5)
  @DisplayName("quoted phrases, filters and paging work; a broken query is still answered")
  void phrasesAndFilters() {
    JsonObject phrase = search(member1, "\"DX推進計画\"");
    assertThat(pages(phrase, higashiomi)).isNotEmpty();
    JsonObject inB = search(clerk, "ペーパーレス");
    assertThat(documents(inB)).contains(higashiomi, katagami);
    Response onlyB =
        clerk.get(
            "/api/v1/search?meeting="
                + meetingB
                + "&q="
                + java.net.URLEncoder.encode("ペーパーレス", java.nio.charset.StandardCharsets.UTF_8));
    assertThat(documents(onlyB.json())).doesNotContain(higashiomi, katagami, toon);
    Response dated =
        clerk.get("/api/v1/search?from=2026-11-15&to=2026-12-31&q=%E8%AD%B0%E4%BA%8B%E9%8C%B2");
    assertThat(documents(dated.json())).containsOnly(katagami, toon);
    assertThat(search(clerk, "(broken AND").getLong("total")).isNotNegative();
    assertThat(clerk.get("/api/v1/search").status()).isEqualTo(400);
    assertThat(clerk.get("/api/v1/search?q=x&page=0").problemType()).isEqualTo("validation");
  }

  @Test
  @Order(6)
  @DisplayName("files: strong ETag, immutable caching, 304, ranges (206/416) and HEAD")
  void fileDistribution() throws Exception {
    String url = "/api/v1/documents/" + higashiomi + "/versions/1/file";
    byte[] original = TestFiles.corpus("higashiomi-dx-plan.pdf");
    var full =
        member1
            .http()
            .send(
                member1
                    .authorize(
                        java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(node.baseUrl() + url)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).isEqualTo(original);
    String etag = full.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo('"' + sha256(original) + '"');
    assertThat(full.headers().firstValue("Cache-Control").orElseThrow())
        .isEqualTo("private, max-age=31536000, immutable");
    assertThat(full.headers().firstValue("Content-Type").orElseThrow())
        .isEqualTo("application/pdf");
    assertThat(member1.get(url, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
    var part =
        member1
            .http()
            .send(
                member1
                    .authorize(
                        java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(node.baseUrl() + url))
                            .header("Range", "bytes=100-199"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(original, 100, 200));
    assertThat(part.headers().firstValue("Content-Range").orElseThrow())
        .isEqualTo("bytes 100-199/" + original.length);
    var suffix =
        member1
            .http()
            .send(
                member1
                    .authorize(
                        java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(node.baseUrl() + url))
                            .header("Range", "bytes=-10"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(suffix.statusCode()).isEqualTo(206);
    assertThat(suffix.body())
        .isEqualTo(java.util.Arrays.copyOfRange(original, original.length - 10, original.length));
    Response unsatisfiable = member1.get(url, Map.of("Range", "bytes=" + original.length + "-"));
    assertThat(unsatisfiable.status()).isEqualTo(416);
    assertThat(unsatisfiable.header("Content-Range")).isEqualTo("bytes */" + original.length);
    assertThat(unsatisfiable.header("Content-Type")).startsWith("application/problem+json");
    assertThat(unsatisfiable.problemType()).isEqualTo("range-not-satisfiable");
    // The file's own headers describe the file, not this answer.
    assertThat(unsatisfiable.header("Content-Disposition")).isNull();
    assertThat(unsatisfiable.header("ETag")).isNull();
    Response head = member1.send("HEAD", url, null, Map.of());
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(original.length));
    assertThat(head.header("ETag")).isEqualTo(etag);

    String thumb = "/api/v1/documents/" + higashiomi + "/versions/1/pages/2/thumbnail";
    var png =
        member1
            .http()
            .send(
                member1
                    .authorize(
                        java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(node.baseUrl() + thumb)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
    assertThat(java.util.Arrays.copyOf(png.body(), 4))
        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    String thumbTag = png.headers().firstValue("ETag").orElseThrow();
    assertThat(member1.get(thumb, Map.of("If-None-Match", thumbTag)).status()).isEqualTo(304);
    assertThat(
            member1
                .get("/api/v1/documents/" + higashiomi + "/versions/1/pages/13/thumbnail")
                .status())
        .isEqualTo(404);

    Response list = member1.get("/api/v1/meetings/" + meetingA + "/documents");
    assertThat(list.status()).isEqualTo(200);
    JsonObject first = list.array().getJsonObject(0);
    assertThat(first.getJsonObject("current").getString("sha256")).hasSize(64);
    assertThat(first.getJsonObject("current").getLong("size")).isPositive();
    assertThat(first.getJsonObject("current").getInteger("pages")).isPositive();
  }

  static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  @Order(7)
  @DisplayName(
      "outsiders and members of other meetings get nothing: search, file, thumbnail, listing")
  void accessForOthers() {
    for (ApiClient c : List.of(outsider, other)) {
      JsonObject r = search(c, "ペーパーレス");
      assertThat(documents(r)).doesNotContain(higashiomi, katagami, toon);
      assertThat(c.get("/api/v1/documents/" + higashiomi).status()).isEqualTo(404);
      assertThat(c.get("/api/v1/documents/" + higashiomi + "/versions/1/file").status())
          .isEqualTo(404);
      assertThat(
              c.send("HEAD", "/api/v1/documents/" + higashiomi + "/versions/1/file", null, Map.of())
                  .status())
          .isEqualTo(404);
      assertThat(
              c.get("/api/v1/documents/" + higashiomi + "/versions/1/pages/1/thumbnail").status())
          .isEqualTo(404);
      assertThat(c.get("/api/v1/meetings/" + meetingA + "/documents").status()).isEqualTo(404);
    }
    assertThat(search(outsider, "ペーパーレス").getLong("total")).isZero();
    // Members may not upload.
    Response denied = upload(member1, meetingA, "x.pdf", new byte[] {1}, Map.of());
    assertThat(denied.status()).isEqualTo(403);
  }

  @Test
  @Order(8)
  @DisplayName("a confidential document is seen only by the participants the clerk allowed")
  void confidential() throws Exception {
    Response r =
        upload(
            clerk,
            meetingA,
            "secret.pdf",
            TestFiles.pdf("Zanzibarquux personnel matter", "second page"),
            Map.of(
                "title",
                "人事案件",
                "confidential",
                "true",
                "allowedUserIds",
                String.valueOf(member2Id)));
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    long id = r.json().getLong("id");
    awaitReady(id);
    JsonObject event =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    events.stream()
                        .filter(e -> e.getLong("documentId") == id)
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    assertThat(event.getBoolean("confidential")).isTrue();
    assertThat(event.getJsonArray("allowedUserIds")).containsExactly(member2Id);

    assertThat(search(member1, "Zanzibarquux").getLong("total")).isZero();
    assertThat(search(member1, "人事案件").getLong("total")).isZero();
    assertThat(member1.get("/api/v1/documents/" + id).status()).isEqualTo(404);
    assertThat(member1.get("/api/v1/documents/" + id + "/versions/1/file").status()).isEqualTo(404);
    assertThat(member1.get("/api/v1/documents/" + id + "/versions/1/pages/1/thumbnail").status())
        .isEqualTo(404);
    assertThat(
            member1.get("/api/v1/meetings/" + meetingA + "/documents").array().stream()
                .map(o -> ((JsonObject) o).getLong("id")))
        .doesNotContain(id);
    assertThat(other.get("/api/v1/documents/" + id).status()).isEqualTo(404);

    JsonObject allowed = search(member2, "Zanzibarquux");
    assertThat(allowed.getLong("total")).isEqualTo(1);
    assertThat(pages(allowed, id)).containsExactly(1);
    assertThat(member2.get("/api/v1/documents/" + id + "/versions/1/file").status()).isEqualTo(200);
    assertThat(
            member2.get("/api/v1/meetings/" + meetingA + "/documents").array().stream()
                .map(o -> ((JsonObject) o).getLong("id")))
        .contains(id);
    assertThat(search(clerk, "Zanzibarquux").getLong("total")).isEqualTo(1);
  }

  @Test
  @Order(9)
  @DisplayName("差し替え: members get the new version only; clerks keep the old; withdraw hides it")
  void replaceAndWithdraw() throws Exception {
    Response r =
        upload(
            clerk,
            meetingA,
            "plan.pdf",
            TestFiles.pdf("Quokkaversion one"),
            Map.of("title", "差し替え資料"));
    long id = r.json().getLong("id");
    awaitReady(id);
    Response put =
        clerk.execute(
            Multipart.request(
                clerk,
                "PUT",
                "/api/v1/documents/" + id + "/file",
                "plan2.pdf",
                TestFiles.pdf("Wombatversion two", "page two"),
                Map.of()));
    assertThat(put.status()).as(put.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                Integer.valueOf(2)
                    .equals(
                        clerk.get("/api/v1/documents/" + id).json().getInteger("currentVersion")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(e -> e.getLong("documentId") == id && e.getInteger("version") == 2));
    assertThat(eventAddresses).contains(DocumentEvents.REPLACED);

    JsonObject seen = member1.get("/api/v1/documents/" + id).json();
    assertThat(seen.getInteger("currentVersion")).isEqualTo(2);
    assertThat(seen.getJsonObject("current").getInteger("pages")).isEqualTo(2);
    assertThat(seen.containsKey("versions")).isFalse();
    assertThat(member1.get("/api/v1/documents/" + id + "/versions/1/file").status()).isEqualTo(404);
    assertThat(member1.get("/api/v1/documents/" + id + "/versions/2/file").status()).isEqualTo(200);
    assertThat(clerk.get("/api/v1/documents/" + id + "/versions/1/file").status()).isEqualTo(200);
    assertThat(clerk.get("/api/v1/documents/" + id).json().getJsonArray("versions")).hasSize(2);
    assertThat(search(member1, "Quokkaversion").getLong("total")).isZero();
    assertThat(search(member1, "Wombatversion").getLong("total")).isEqualTo(1);

    Response w = clerk.post("/api/v1/documents/" + id + "/withdraw", new JsonObject());
    assertThat(w.status()).as(w.body()).isEqualTo(200);
    assertThat(w.json().getBoolean("withdrawn")).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> eventAddresses.contains(DocumentEvents.WITHDRAWN));
    assertThat(member1.get("/api/v1/documents/" + id).status()).isEqualTo(404);
    assertThat(member1.get("/api/v1/documents/" + id + "/versions/2/file").status()).isEqualTo(404);
    assertThat(search(member1, "Wombatversion").getLong("total")).isZero();
    assertThat(clerk.get("/api/v1/documents/" + id).status()).isEqualTo(200);
  }

  @Test
  @Order(10)
  @DisplayName("bad input is a 4xx problem naming the problem, and nothing is stored")
  void badInput() throws Exception {
    int before = member1.get("/api/v1/meetings/" + meetingA + "/documents").array().size();
    int clerkBefore = clerk.get("/api/v1/meetings/" + meetingA + "/documents").array().size();
    long blobsBefore = blobCount();
    record Case(String name, byte[] bytes, int status, String type) {}
    List<Case> cases =
        List.of(
            new Case("empty.pdf", new byte[0], 400, "validation"),
            new Case("truncated.pdf", TestFiles.truncatedPdf(), 422, "corrupt-pdf"),
            new Case("locked.pdf", TestFiles.passwordProtected(), 422, "password-protected"),
            new Case("invoice.pdf", TestFiles.exe(), 415, "unsupported-type"),
            new Case("bomb.docx", TestFiles.zipBombDocx(64), 422, "unsafe-archive"),
            new Case("big.pdf", new byte[(int) LIMIT + 1024], 413, "too-large"));
    for (Case c : cases) {
      Response r = upload(clerk, meetingA, c.name(), c.bytes(), Map.of());
      assertThat(r.status()).as(c.name() + ": " + r.body()).isEqualTo(c.status());
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.problemType()).as(c.name()).isEqualTo(c.type());
      assertThat(r.json().getString("detail")).isNotBlank();
    }
    // Chunked (no Content-Length): the limit is enforced while the body streams in.
    String boundary = "chunked-boundary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] body = new byte[(int) LIMIT * 2];
    System.arraycopy(head, 0, body, 0, head.length);
    Response chunked =
        clerk.execute(
            clerk
                .authorize(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(
                                node.baseUrl() + "/api/v1/meetings/" + meetingA + "/documents"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(
                            java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(body))))
                .build());
    assertThat(chunked.status()).as(chunked.body()).isEqualTo(413);
    assertThat(chunked.problemType()).isEqualTo("too-large");
    // the limit the UI names comes from the answer
    assertThat(chunked.json().getLong("maxBytes")).isEqualTo(LIMIT);
    Response noFile =
        clerk.execute(
            Multipart.request(
                clerk,
                "POST",
                "/api/v1/meetings/" + meetingA + "/documents",
                null,
                null,
                Map.of("title", "x")));
    assertThat(noFile.status()).isEqualTo(400);
    Response rawPdf =
        clerk.send(
            "POST",
            "/api/v1/meetings/" + meetingA + "/documents",
            null,
            Map.of("Content-Type", "application/pdf"));
    assertThat(rawPdf.status()).isEqualTo(415);
    assertThat(clerk.get("/api/v1/meetings/" + meetingA + "/documents").array().size())
        .isEqualTo(clerkBefore);
    assertThat(member1.get("/api/v1/meetings/" + meetingA + "/documents").array().size())
        .isEqualTo(before);
    assertThat(blobCount()).isEqualTo(blobsBefore);
    await().atMost(Duration.ofSeconds(10)).until(() -> tmpFileCount() == 0);
  }
}
