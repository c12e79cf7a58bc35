package jp.kaigi.ops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import jp.kaigi.demo.DemoData;
import jp.kaigi.devices.tablet.TabletSimulator;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestDocuments;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three node JVMs on loopback sharing one PostgreSQL: the host on node 1, 30 tablets on nodes 2 and
 * 3. Then node 2 is killed (-9) while it holds the primary copy of the meeting's state; its tablets
 * move to node 3 and resume by lastSeq; a fourth node joins and serves joins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterSyncIT {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSyncIT.class);
  private static final String PW = DemoData.PASSWORD;
  private static final int TABLETS = 30;

  @TempDir static Path dir;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<TabletSimulator> tablets = new ArrayList<>();
  private Vertx vertx;
  private HazelcastInstance probe;

  @AfterAll
  void cleanUp() throws Exception {
    for (TabletSimulator t : tablets) {
      t.stop();
    }
    if (probe != null) {
      probe.shutdown();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    for (NodeProcess n : nodes) {
      n.close();
    }
  }

  @Test
  @DisplayName("pages reach every tablet in order across nodes; kill -9 of a node loses nothing")
  void pageSyncAcrossTheCluster() throws Exception {
    Map<String, String> env = new HashMap<>(TestDatabase.POSTGRES.create(dir));
    int[] http = IntStream.range(0, 4).map(i -> NodeProcess.port()).toArray();
    int[] hz = IntStream.range(0, 4).map(i -> NodeProcess.port()).toArray();
    String clusterName = "kaigi-it-" + ProcessHandle.current().pid();
    env.put("KAIGI_CLUSTER", "true");
    env.put("KAIGI_CLUSTER_NAME", clusterName);
    env.put(
        "KAIGI_CLUSTER_MEMBERS",
        String.join(",", IntStream.of(hz).mapToObj(p -> "127.0.0.1:" + p).toList()));
    env.put("KAIGI_ADMIN_PASSWORD", "cluster-admin-password");
    env.put("KAIGI_SYNC_PRESENCE_MS", "500");

    long t0 = System.nanoTime();
    // All three at once on an empty database: they race to migrate it and create the admin.
    NodeProcess n1 = NodeProcess.start("node1", dir, "demo", http[0], hz[0], env);
    NodeProcess n2 = NodeProcess.start("node2", dir, "run", http[1], hz[1], env);
    NodeProcess n3 = NodeProcess.start("node3", dir, "run", http[2], hz[2], env);
    nodes.add(n1);
    nodes.add(n2);
    nodes.add(n3);
    n1.awaitReady(Duration.ofSeconds(120));
    n2.awaitReady(Duration.ofSeconds(120));
    n3.awaitReady(Duration.ofSeconds(120));
    LOG.info("event=test.cluster_up seconds={}", (System.nanoTime() - t0) / 1e9);

    ApiClient clerk = new ApiClient(n1.uri().toString());
    clerk.login("clerk", PW);
    long meeting = meetingOwnedBy(clerk, clusterName, hz, hz[1]);
    long doc = TestDocuments.uploadReady(clerk, meeting, "議案", 40, Map.of()).getLong("id");

    vertx = Vertx.vertx();
    String chairToken = token(n1.uri(), "chair");
    String[] memberTokens = {token(n2.uri(), "member1"), token(n3.uri(), "member2")};

    // 30 tablets: even ones on node 2, odd ones on node 3; each falls back to the other node
    List<Future<Void>> started = new ArrayList<>();
    for (int i = 0; i < TABLETS; i++) {
      List<URI> route = i % 2 == 0 ? List.of(n2.uri(), n3.uri()) : List.of(n3.uri(), n2.uri());
      TabletSimulator t = new TabletSimulator(vertx, route, 0, meeting, true);
      tablets.add(t);
      started.add(t.start(memberTokens[i % 2]));
    }
    Future.all(started).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    TabletSimulator host = new TabletSimulator(vertx, List.of(n1.uri()), 0, meeting, false);
    host.start(chairToken).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    for (int p = 1; p <= 20; p++) {
      host.sendPage(doc, 1, p);
    }
    awaitPages(20, Duration.ofSeconds(30));
    for (TabletSimulator t : tablets) {
      assertInOrder(t, 20);
    }

    // kill -9 node 2 (the primary of the meeting's state) and keep turning pages meanwhile
    assertThat(owner(meeting)).as("primary of the meeting's state").isEqualTo(hz[1]);
    List<TabletSimulator> onNode2 =
        tablets.stream().filter(t -> t.currentNode().equals(n2.uri())).toList();
    assertThat(onNode2).hasSize(TABLETS / 2);
    long killedAt = System.nanoTime();
    n2.kill();
    for (int p = 21; p <= 30; p++) {
      host.sendPage(doc, 1, p);
    }
    Awaitility.await("node 2's tablets back on node 3")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> onNode2.stream().allMatch(t -> t.joined() && t.joins() >= 2));
    LOG.info("event=test.reconnected millis={}", (System.nanoTime() - killedAt) / 1_000_000);
    assertThat(onNode2).allMatch(t -> t.currentNode().equals(n3.uri()));
    awaitPages(30, Duration.ofSeconds(30));
    for (TabletSimulator t : tablets) {
      assertInOrder(t, 30);
    }
    for (TabletSimulator t : onNode2) {
      assertThat(t.lastJoined().getBoolean("resumed")).isTrue();
    }

    // the state survived the loss of its primary: a fresh join on node 3 sees page 30
    TabletSimulator late = new TabletSimulator(vertx, List.of(n3.uri()), 0, meeting, true);
    tablets.add(late);
    late.start(memberTokens[0]).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(late.lastJoined().getJsonObject("state").getInteger("page")).isEqualTo(30);

    // a fourth node joins the cluster and serves joins and page sync
    NodeProcess n4 = NodeProcess.start("node4", dir, "run", http[3], hz[3], env);
    nodes.add(n4);
    n4.awaitReady(Duration.ofSeconds(120));
    TabletSimulator onN4 = new TabletSimulator(vertx, List.of(n4.uri()), 0, meeting, true);
    tablets.add(onN4);
    onN4.start(memberTokens[1]).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(onN4.lastJoined().getJsonObject("state").getInteger("page")).isEqualTo(30);
    host.sendPage(doc, 1, 31);
    Awaitility.await("page 31 on node 4")
        .atMost(Duration.ofSeconds(15))
        .until(() -> onN4.pages().stream().anyMatch(p -> p.page() == 31));
    awaitPages(31, Duration.ofSeconds(15));
    host.stop();
    LOG.info("event=test.done seconds={}", (System.nanoTime() - t0) / 1e9);
  }

  private void awaitPages(int last, Duration max) {
    Awaitility.await("every tablet at page " + last)
        .atMost(max)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                tablets.stream()
                    .allMatch(
                        t ->
                            !t.pages().isEmpty()
                                && t.pages().get(t.pages().size() - 1).page() >= last));
  }

  /** Every page 1..last exactly once, in order, with rising seq. */
  private static void assertInOrder(TabletSimulator t, int last) {
    List<Integer> pages = t.pages().stream().map(TabletSimulator.PageSeen::page).toList();
    assertThat(pages.subList(0, last))
        .as("pages seen by a tablet")
        .containsExactlyElementsOf(IntStream.rangeClosed(1, last).boxed().toList());
    long prev = 0;
    for (TabletSimulator.PageSeen p : t.pages()) {
      assertThat(p.seq()).isGreaterThan(prev);
      prev = p.seq();
    }
  }

  private String token(URI node, String login) {
    ApiClient c = new ApiClient(node.toString());
    var r = c.login(login, PW);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return c.token();
  }

  private int owner(long meeting) {
    return probe
        .getPartitionService()
        .getPartition(Long.toString(meeting))
        .getOwner()
        .getAddress()
        .getPort();
  }

  /**
   * A meeting of the demo committee whose state's primary copy sits on the given member: new
   * meetings are made until one's key hashes to a partition owned by it.
   */
  private long meetingOwnedBy(ApiClient clerk, String clusterName, int[] hz, int ownerPort) {
    ClientConfig cc = new ClientConfig().setClusterName(clusterName);
    cc.setProperty("hazelcast.logging.type", "slf4j");
    cc.getNetworkConfig()
        .addAddress("127.0.0.1:" + hz[0], "127.0.0.1:" + hz[1], "127.0.0.1:" + hz[2]);
    probe = HazelcastClient.newHazelcastClient(cc);
    Awaitility.await("three members").until(() -> probe.getCluster().getMembers().size() == 3);
    JsonObject demo = clerk.get("/api/v1/meetings").array().getJsonObject(0);
    long demoId = demo.getLong("id");
    JsonArray participants = clerk.get("/api/v1/meetings/" + demoId + "/participants").array();
    JsonArray copy = new JsonArray();
    for (Object o : participants) {
      JsonObject p = (JsonObject) o;
      copy.add(
          new JsonObject()
              .put("userId", p.getValue("userId"))
              .put("groupId", p.getValue("groupId"))
              .put("role", p.getString("role")));
    }
    if (owner(demoId) == ownerPort) {
      return demoId;
    }
    for (int i = 0; i < 30; i++) {
      var created =
          clerk.post(
              "/api/v1/meetings",
              new JsonObject()
                  .put("title", "クラスタ試験 " + i)
                  .put("kind", "committee")
                  .put("startsAt", "2026-12-01T10:00:00+09:00"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      long id = created.json().getLong("id");
      if (owner(id) != ownerPort) {
        continue;
      }
      assertThat(
              clerk
                  .put(
                      "/api/v1/meetings/" + id + "/participants",
                      new JsonObject().put("participants", copy))
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
    throw new AssertionError("no meeting hashed to member port " + ownerPort);
  }
}
