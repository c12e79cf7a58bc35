package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.store.Database;
import jp.kaigi.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store builds a change on the entry it last read or wrote without reading it again. Two stores
 * on one Vert.x share the meetings map like two nodes of a cluster: what one of them changes makes
 * the other's remembered entry stale, and the other must still decide on the stored one.
 */
class MeetingStateStoreTest {
  private static final long MEETING = 7;

  @TempDir Path dir;
  private Vertx vertx;
  private Database db;
  private MeetingStateStore a;
  private MeetingStateStore b;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    db = Database.open(vertx, StoreConfig.from(ConfigSource.of(Map.of()), dir));
    db.migrate();
    var metrics = new SyncMetrics(new SimpleMeterRegistry());
    a = new MeetingStateStore(vertx, new SyncCheckpointStore(db), 100, metrics);
    b = new MeetingStateStore(vertx, new SyncCheckpointStore(db), 100, metrics);
  }

  @AfterEach
  void stop() throws Exception {
    db.close();
    await(vertx.close());
  }

  @Test
  @DisplayName("a change built on a stale entry is refused by the compare-and-set and made again")
  void staleEntryIsReadAgain() throws Exception {
    assertThat(await(a.update(MEETING, s -> page(1))).getLong("seq")).isEqualTo(1);
    assertThat(await(b.update(MEETING, s -> page(2))).getLong("seq")).isEqualTo(2);

    JsonObject third = await(a.update(MEETING, s -> page(3)));

    assertThat(third.getLong("seq")).isEqualTo(3);
    MeetingState stored = await(b.get(MEETING));
    assertThat(stored.seq()).isEqualTo(3);
    assertThat(stored.page()).isEqualTo(3);
    assertThat(stored.log().stream().map(e -> ((JsonObject) e).getInteger("page")))
        .containsExactly(1, 2, 3);
  }

  @Test
  @DisplayName("a refusal or a no-op decided on a stale entry is decided again on the stored one")
  void staleDecisionIsMadeAgain() throws Exception {
    await(a.update(MEETING, s -> force(true)));
    await(b.update(MEETING, s -> new JsonObject().put("type", "presenter").put("userId", 42L)));
    await(b.update(MEETING, s -> force(false)));

    // a remembers no presenter: user 42 would be refused there
    JsonObject byPresenter =
        await(
            a.update(
                MEETING,
                s -> {
                  if (!Long.valueOf(42).equals(s.presenter())) {
                    throw new SyncError(SyncError.NOT_HOST, "not the presenter");
                  }
                  return page(9);
                }));
    assertThat(byPresenter.getLong("seq")).isEqualTo(4);

    await(b.update(MEETING, s -> force(true)));
    // a remembers forced=false: "release the lock if on" would be a no-op there
    JsonObject released = await(a.update(MEETING, s -> s.forced() ? force(false) : null));
    assertThat(released).isNotNull();
    assertThat(released.getLong("seq")).isEqualTo(6);
    assertThat(await(b.get(MEETING)).forced()).isFalse();
  }

  @Test
  @DisplayName(
      "every stored event reaches this node's listener once, in seq order, whichever event loops"
          + " asked for the changes at once")
  void storedHereInOrder() throws Exception {
    var heard = new java.util.concurrent.CopyOnWriteArrayList<Long>();
    a.onStoredHere(e -> heard.add(e.getLong("seq")));
    var changes = new java.util.ArrayList<Future<JsonObject>>();
    for (int i = 1; i <= 40; i++) {
      int p = i;
      var promise = io.vertx.core.Promise.<JsonObject>promise();
      // each from a context of its own: several event loops, as with several hosts' connections
      vertx
          .getOrCreateContext()
          .runOnContext(v -> a.update(MEETING, s -> page(p)).onComplete(promise));
      changes.add(promise.future());
    }
    await(Future.all(changes));
    // and one from another store (node): it is not this node's event
    await(b.update(MEETING, s -> page(41)));
    await(a.update(MEETING, s -> page(42)));

    var expected = new java.util.ArrayList<Long>();
    for (long seq = 1; seq <= 40; seq++) {
      expected.add(seq);
    }
    expected.add(42L);
    assertThat(heard).containsExactlyElementsOf(expected);
    assertThat(await(b.get(MEETING)).seq()).isEqualTo(42);
  }

  @Test
  @DisplayName("every stored event is published on the bus after this node's hub heard it")
  void publishedAfterTheHubHeardIt() throws Exception {
    var order = new java.util.concurrent.CopyOnWriteArrayList<String>();
    await(
        vertx
            .eventBus()
            .<JsonObject>consumer(SyncHub.EVENTS, m -> order.add("bus " + m.body().getLong("seq")))
            .completion());
    a.onStoredHere(e -> order.add("hub " + e.getLong("seq")));
    for (int i = 1; i <= 4; i++) {
      await(a.update(MEETING, s -> page(1)));
    }
    org.awaitility.Awaitility.await().until(() -> order.contains("bus 4"));
    for (int seq = 1; seq <= 4; seq++) {
      assertThat(order.indexOf("hub " + seq))
          .isNotNegative()
          .isLessThan(order.indexOf("bus " + seq));
    }
  }

  private static JsonObject page(int page) {
    return new JsonObject()
        .put("type", "page")
        .put("document", 1L)
        .put("version", 1)
        .put("page", page)
        .put("by", 1L);
  }

  private static JsonObject force(boolean forced) {
    return new JsonObject().put("type", "force").put("forced", forced).put("by", 1L);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
