package jp.kaigi.sync;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's pause in reading tablets right after a fan-out. Every tablet a page was just
 * written to answers with an {@code ack}; read at once, those acks compete for the CPU with the
 * writes of the same page to the tablets not yet served (on this loop, on the node's other loops,
 * and on the machine). Acks only feed presence, read once per {@code KAIGI_SYNC_PRESENCE_MS}, so
 * they can wait in the kernel's buffers: this loop stops reading the sockets it just wrote to and
 * starts again {@code pauseMillis} after the first such fan-out. Later fan-outs within that time do
 * not extend it, so no socket waits longer. Hosts (and the presenter) are never paused: their next
 * {@code page} must not wait.
 *
 * <p>Used only on its own event loop.
 */
final class ReadPause {
  /**
   * Fewer connections of a meeting on one loop: their acks cost little, and replies stay prompt.
   */
  static final int MIN_CONNECTIONS = 32;

  private final Vertx vertx;
  private final long pauseMillis;
  private final List<SyncConnection> paused = new ArrayList<>();
  private long timer = -1;

  ReadPause(Vertx vertx, long pauseMillis) {
    this.vertx = vertx;
    this.pauseMillis = pauseMillis;
  }

  /** Whether a fan-out to this many of a meeting's connections on this loop pauses them. */
  boolean appliesTo(int connections) {
    return pauseMillis > 0 && connections >= MIN_CONNECTIONS;
  }

  /** Stops reading {@code c}, just written to in this fan-out. */
  void stop(SyncConnection c) {
    if (c.reads.stop()) {
      paused.add(c);
    }
  }

  /** After the fan-out: reads start again {@code pauseMillis} after the first pause began. */
  void fanOutDone() {
    if (timer < 0 && !paused.isEmpty()) {
      timer = vertx.setTimer(pauseMillis, id -> restart());
    }
  }

  private void restart() {
    timer = -1;
    for (SyncConnection c : paused) {
      c.reads.restart();
    }
    paused.clear();
  }
}
