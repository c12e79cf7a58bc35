package jp.kaigi.devices.tablet;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The acks waiting to be sent, one set of queues per event-loop thread: those waiting for their
 * simulated render time, with one timer at a time (a Vert.x timer per ack costs the load generator
 * more than the ack itself, thousands a second, and it shares the server's cores), and those sent
 * on receipt, once the loop has read what arrived with them.
 */
final class AckQueue {
  private static final ThreadLocal<AckQueue> PER_THREAD = ThreadLocal.withInitial(AckQueue::new);

  private record Due(long atNanos, Runnable action) {}

  private final PriorityQueue<Due> rendering =
      new PriorityQueue<>((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
  private long armedFor = Long.MAX_VALUE;
  private final ArrayDeque<Runnable> afterReads = new ArrayDeque<>();

  /** Runs {@code action} on this event loop after {@code millis}; call on an event loop. */
  static void afterRender(Vertx vertx, long millis, Runnable action) {
    PER_THREAD.get().add(vertx, System.nanoTime() + millis * 1_000_000, action);
  }

  /**
   * Runs {@code action} on this event loop as soon as it has handled the frames it read together
   * with this one (a task runs after the loop's batch of ready sockets): writing one tablet's ack
   * must not delay when the next tablet's frame is read and time-stamped — hundreds of simulated
   * tablets share one generator thread, real ones do not. Call on an event loop.
   */
  static void afterReads(Vertx vertx, Runnable action) {
    AckQueue d = PER_THREAD.get();
    if (d.afterReads.isEmpty()) {
      vertx.runOnContext(v -> d.runAfterReads());
    }
    d.afterReads.add(action);
  }

  private void runAfterReads() {
    for (Runnable r = afterReads.poll(); r != null; r = afterReads.poll()) {
      r.run();
    }
  }

  private void add(Vertx vertx, long at, Runnable action) {
    rendering.add(new Due(at, action));
    if (at < armedFor - 1_000_000) {
      arm(vertx, at);
    }
  }

  private void arm(Vertx vertx, long at) {
    armedFor = at;
    long millis = Math.max(1, (at - System.nanoTime() + 999_999) / 1_000_000);
    vertx.setTimer(millis, id -> fire(vertx));
  }

  private void fire(Vertx vertx) {
    armedFor = Long.MAX_VALUE;
    long now = System.nanoTime();
    while (!rendering.isEmpty() && rendering.peek().atNanos() <= now + 500_000) {
      rendering.poll().action().run();
    }
    if (!rendering.isEmpty()) {
      arm(vertx, rendering.peek().atNanos());
    }
  }
}
