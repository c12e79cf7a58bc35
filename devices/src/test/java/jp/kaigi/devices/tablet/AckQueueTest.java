package jp.kaigi.devices.tablet;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckQueueTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void afterReadsRunsOnceTheCurrentTaskIsDoneInOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CompletableFuture<List<String>> seenInline = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          AckQueue.afterReads(vertx, () -> ran.add("ack 1"));
          AckQueue.afterReads(vertx, () -> ran.add("ack 2"));
          ran.add("frame read");
          seenInline.complete(List.copyOf(ran));
          // queued after the first batch has been scheduled: runs in a batch of its own
          vertx.runOnContext(w -> AckQueue.afterReads(vertx, () -> ran.add("ack 3")));
        });
    assertThat(seenInline.get(10, TimeUnit.SECONDS)).containsExactly("frame read");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> ran.size() == 4);
    assertThat(ran).containsExactly("frame read", "ack 1", "ack 2", "ack 3");
  }

  @Test
  void afterRenderTimeRunsNoEarlierThanAsked() throws Exception {
    CompletableFuture<Long> ranAfter = new CompletableFuture<>();
    vertx.runOnContext(
        v -> {
          long start = System.nanoTime();
          AckQueue.afterRender(vertx, 30, () -> ranAfter.complete(System.nanoTime() - start));
        });
    assertThat(ranAfter.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(29_000_000L);
  }
}
