package jp.kaigi.sync;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meeting states in the cluster-wide map {@value #MAP} (Hazelcast, one backup, in clustered mode; a
 * local map otherwise). A change is a compare-and-set of the whole state, so seq numbers are
 * gap-free and the log matches the state on every node; changes to one meeting from this node are
 * applied one at a time, in the order they were asked for.
 */
final class MeetingStateStore {
  static final String MAP = "kaigi.sync.meetings";
  private static final int MAX_ATTEMPTS = 50;

  /** A state and the exact text it was read as (the compare-and-set compares text). */
  record Versioned(String raw, MeetingState state) {}

  private final Vertx vertx;
  private final EventBus eventBus;
  private final SyncCheckpointStore checkpoints;
  private final int logSize;
  private final Future<AsyncMap<String, String>> map;
  private final Map<Long, Future<?>> tails = new ConcurrentHashMap<>();
  private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
  // The last state read or written per meeting: parsing the same text again is wasted work.
  private final Map<Long, Versioned> decoded = new ConcurrentHashMap<>();

  MeetingStateStore(Vertx vertx, SyncCheckpointStore checkpoints, int logSize) {
    this.vertx = vertx;
    this.eventBus = vertx.eventBus();
    this.checkpoints = checkpoints;
    this.logSize = logSize;
    this.map = vertx.sharedData().getAsyncMap(MAP);
  }

  static String key(long meetingId) {
    return Long.toString(meetingId);
  }

  Future<MeetingState> get(long meetingId) {
    return read(meetingId).map(Versioned::state);
  }

  private Future<Versioned> read(long meetingId) {
    return map.compose(m -> m.get(key(meetingId)))
        .compose(
            raw ->
                raw != null
                    ? Future.succeededFuture(decode(meetingId, raw))
                    : initialize(meetingId));
  }

  private Versioned decode(long meetingId, String raw) {
    Versioned known = decoded.get(meetingId);
    if (known != null && known.raw().equals(raw)) {
      return known;
    }
    Versioned v = new Versioned(raw, MeetingState.decode(raw));
    decoded.put(meetingId, v);
    return v;
  }

  /** First use since the whole cluster started: continue from the SQL checkpoint. */
  private Future<Versioned> initialize(long meetingId) {
    return checkpoints
        .load(meetingId)
        .compose(
            s -> {
              String raw = s.encode();
              return map.compose(m -> m.putIfAbsent(key(meetingId), raw))
                  .map(
                      prev ->
                          prev == null
                              ? new Versioned(raw, s)
                              : new Versioned(prev, MeetingState.decode(prev)));
            });
  }

  /**
   * Applies a command: {@code command} looks at the current state and returns the event to add
   * (without seq), null for "nothing to do", or throws {@link SyncError}. The event, with its seq,
   * is published to {@link SyncHub#EVENTS} once stored.
   */
  Future<JsonObject> update(long meetingId, Function<MeetingState, JsonObject> command) {
    synchronized (tails) {
      Future<?> prev = tails.getOrDefault(meetingId, Future.succeededFuture());
      Future<JsonObject> next = prev.transform(x -> attempt(meetingId, command, 1));
      tails.put(meetingId, next);
      next.onComplete(
          x -> {
            synchronized (tails) {
              tails.remove(meetingId, next);
            }
          });
      return next;
    }
  }

  private Future<JsonObject> attempt(
      long meetingId, Function<MeetingState, JsonObject> command, int n) {
    // The first attempt builds on the state this node last read or wrote, without reading it
    // again: with one host turning pages that is the stored one, and a page turn costs one trip
    // to the shared map (a partition owner on another node when clustered) instead of two. The
    // compare-and-set refuses a stale state; a refusal or "nothing to do" decided on one that was
    // not read just now is decided again on a fresh read.
    Versioned known = n == 1 ? decoded.get(meetingId) : null;
    if (known != null) {
      return change(meetingId, command, n, known, true);
    }
    return read(meetingId).compose(current -> change(meetingId, command, n, current, false));
  }

  private Future<JsonObject> change(
      long meetingId,
      Function<MeetingState, JsonObject> command,
      int n,
      Versioned current,
      boolean unread) {
    JsonObject event;
    try {
      event = command.apply(current.state());
    } catch (SyncError e) {
      return unread ? attempt(meetingId, command, n + 1) : Future.failedFuture(e);
    }
    if (event == null) {
      return unread ? attempt(meetingId, command, n + 1) : Future.succeededFuture(null);
    }
    event
        .put("meeting", meetingId)
        .put("seq", current.state().seq() + 1)
        .put("ts", System.currentTimeMillis());
    MeetingState nextState = current.state().apply(event, logSize);
    String next = nextState.encode();
    return map.compose(m -> m.replaceIfPresent(key(meetingId), current.raw(), next))
        .compose(
            stored -> {
              if (stored) {
                decoded.put(meetingId, new Versioned(next, nextState));
                dirty.add(meetingId);
                eventBus.publish(SyncHub.EVENTS, event);
                return Future.succeededFuture(event);
              }
              if (n >= MAX_ATTEMPTS) {
                return Future.failedFuture(
                    new SyncError(SyncError.BUSY, "the meeting is busy; try again"));
              }
              return attempt(meetingId, command, n + 1);
            });
  }

  /** Writes every state changed since the last call to SQL (called by a timer). */
  Future<Void> checkpoint() {
    if (dirty.isEmpty()) {
      return Future.succeededFuture();
    }
    var ids = Set.copyOf(dirty);
    dirty.removeAll(ids);
    return Future.all(ids.stream().map(id -> get(id).compose(checkpoints::save)).toList())
        .<Void>mapEmpty()
        .onFailure(e -> dirty.addAll(ids));
  }

  Vertx vertx() {
    return vertx;
  }
}
