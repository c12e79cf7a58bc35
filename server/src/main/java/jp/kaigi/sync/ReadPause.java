package jp.kaigi.sync;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's pause in reading tablets right after a fan-out. Every tablet a page was just
 * written to answers with an {@code ack}; read at once, those acks compete for the CPU with the
 * writes of the same page to the tablets not yet served (on this loop, on the node's other loops,
 * and on the machine). Acks only feed presence, read once per {@code KAIGI_SYNC_PRESENCE_MS}, so
 * they can wait in the kernel's buffers: this loop stops reading the sockets it just wrote to and
 * starts again {@code pauseMillis} after the first such fan-out. Later fan-outs within that time do
 * not extend it, so no socket waits longer. Hosts (and the presenter) are never paused: their next
 * {@code page} must not wait. Nor is a tablet whose last ack came after a pause would have ended
 * (it acks after drawing the page, as the web app does): its next ack would most likely come after
 * reads restart anyway, so stopping them would cost two changes of the socket's interest (syscalls)
 * and defer nothing.
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

  /**
   * Stops reading {@code c}, just written to in this fan-out for {@code m}, unless its last ack
   * came after a pause would have ended.
   */
  void stop(SyncConnection c, Membership m) {
    if (m.acksAfterPause) {
      return;
    }
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

  /**
   * Whether an ack read at {@code now} for a page written at {@code sent} came after a pause would
   * have ended. Its measured delay alone cannot tell when reads were stopped for that page: an ack
   * sent on receipt then waits in the kernel and is read when reads restart, a whole pause plus the
   * burst of reading every paused tablet's ack after the page. So a paused tablet's ack counts as
   * late only when read well after its reads restarted (half a pause); an ack of a tablet not
   * paused, when it came a pause or more after the page.
   */
  static boolean ackedAfter(long sent, long restarted, long now, long pauseMillis) {
    long pause = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
    boolean pausedForIt = restarted != 0 && restarted - sent > 0;
    return pausedForIt ? now - restarted > pause / 2 : now - sent >= pause;
  }

  private void restart() {
    timer = -1;
    for (SyncConnection c : paused) {
      c.reads.restart();
    }
    paused.clear();
  }
}
