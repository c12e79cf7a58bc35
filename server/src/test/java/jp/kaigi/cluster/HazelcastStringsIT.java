package jp.kaigi.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.testing.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link HazelcastStrings} on two real Hazelcast members (Kaigi's cluster config, loopback): the
 * compare-and-set the meeting states rely on, seen from both members, answered on the caller's
 * Vert.x context, and kept by the backup when the entry's owner dies.
 */
class HazelcastStringsIT {
  private static final String MAP = "kaigi.test.strings";
  private Vertx vertx;
  private HazelcastInstance a;
  private HazelcastInstance b;

  @BeforeEach
  void start() {
    int portA = FreePort.pick();
    int portB = FreePort.pick();
    String name = "strings-" + UUID.randomUUID();
    a =
        Hazelcast.newHazelcastInstance(
            HazelcastCluster.hazelcastConfig(config(name, portA, portB)));
    b =
        Hazelcast.newHazelcastInstance(
            HazelcastCluster.hazelcastConfig(config(name, portB, portA)));
    assertThat(a.getCluster().getMembers()).hasSize(2);
    vertx = Vertx.vertx();
  }

  private static ClusterConfig config(String name, int port, int other) {
    return ClusterConfig.from(
        ConfigSource.of(
            Map.of(
                "KAIGI_CLUSTER",
                "true",
                "KAIGI_CLUSTER_NAME",
                name,
                "KAIGI_CLUSTER_PORT",
                String.valueOf(port),
                "KAIGI_CLUSTER_MEMBERS",
                "127.0.0.1:" + port + ",127.0.0.1:" + other)));
  }

  @AfterEach
  void stop() throws Exception {
    a.getLifecycleService().terminate();
    b.getLifecycleService().terminate();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("putIfAbsent and replace decide on the stored value, whichever member asks")
  void compareAndSet() throws Exception {
    SharedStrings onA = new HazelcastStrings(vertx, a.getMap(MAP));
    SharedStrings onB = new HazelcastStrings(vertx, b.getMap(MAP));

    assertThat(await(onA.putIfAbsent("m", "v1"))).isNull();
    assertThat(await(onB.putIfAbsent("m", "other"))).isEqualTo("v1");
    assertThat(await(onB.replace("m", "stale", "v2"))).isFalse();
    assertThat(await(onA.get("m"))).isEqualTo("v1");
    assertThat(await(onB.replace("m", "v1", "v2"))).isTrue();
    // A's remembered value is stale now: refused
    assertThat(await(onA.replace("m", "v1", "v3"))).isFalse();
    assertThat(await(onA.get("m"))).isEqualTo("v2");
    // replacing an absent entry neither succeeds nor creates it
    assertThat(await(onA.replace("none", "x", "y"))).isFalse();
    assertThat(await(onB.get("none"))).isNull();
  }

  @Test
  @DisplayName("answers arrive on the caller's context, not on a Hazelcast thread")
  void answersOnTheCallersContext() throws Exception {
    SharedStrings onA = new HazelcastStrings(vertx, a.getMap(MAP));
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Boolean> same = new CompletableFuture<>();
    context.runOnContext(
        v ->
            onA.putIfAbsent("c", "x")
                .compose(prev -> onA.replace("c", "x", "y"))
                .onComplete(r -> same.complete(Vertx.currentContext() == context)));
    assertThat(same.get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("when the member owning the entry dies, the other one has it from the backup")
  void backupSurvivesTheOwner() throws Exception {
    SharedStrings onA = new HazelcastStrings(vertx, a.getMap(MAP));
    assertThat(await(onA.putIfAbsent("m", "v1"))).isNull();
    assertThat(await(onA.replace("m", "v1", "v2"))).isTrue();

    boolean aOwns = a.getPartitionService().getPartition("m").getOwner().localMember();
    HazelcastInstance survivor = aOwns ? b : a;
    (aOwns ? a : b).getLifecycleService().terminate(); // no goodbye, as kill -9
    SharedStrings left = new HazelcastStrings(vertx, survivor.getMap(MAP));

    assertThat(await(left.get("m"))).isEqualTo("v2");
    assertThat(await(left.replace("m", "v2", "v3"))).isTrue();
    assertThat(await(left.get("m"))).isEqualTo("v3");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
