package jp.kaigi.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Meeting states in the cluster-wide map {@value #MAP} (Hazelcast, one backup, in clustered mode; a
 * local map otherwise). A change is a compare-and-set of the whole state, so seq numbers are
 * gap-free and the log matches the state on every node; changes to one meeting from this node are
 * applied one at a time, in the order they were asked for.
 *
 * <p>A page turn is on the path of every tablet's latency, so a change stays on the thread that
 * asked for it: the map is called directly once resolved (the local map answers on the caller's
 * event loop), each logged event's text is kept rather than encoded again with every state, and a
 * stored event goes to this node's hub on that thread before the cluster's event bus.
 */
final class MeetingStateStore {
  static final String MAP = "kaigi.sync.meetings";
  private static final int MAX_ATTEMPTS = 50;

  /** A state and the exact text it was read as (the compare-and-set compares text). */
  record Versioned(String raw, MeetingState state) {}

  private final Vertx vertx;
  private final EventBus eventBus;
  private final SyncCheckpointStore checkpoints;
  private final SyncMetrics metrics;
  private final int logSize;
  private final Future<AsyncMap<String, String>> map;
  // the map once resolved: composing on `map` would continue on the context that asked for it
  private volatile AsyncMap<String, String> resolved;
  private volatile Consumer<JsonObject> storedHere = e -> {};
  // each meeting's last queued change; read and written only while holding the map itself
  private final Map<Long, Future<?>> tails = new HashMap<>();
  private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
  // The last state read or written per meeting: parsing the same text again is wasted work.
  private final Map<Long, Versioned> decoded = new ConcurrentHashMap<>();
  // The text of each event in a meeting's log (by identity: logged events never change). Used
  // only inside update(), which runs one change of a meeting at a time.
  private final Map<Long, Map<JsonObject, String>> eventTexts = new ConcurrentHashMap<>();

  MeetingStateStore(
      Vertx vertx, SyncCheckpointStore checkpoints, int logSize, SyncMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.eventBus = vertx.eventBus();
    this.checkpoints = checkpoints;
    this.logSize = logSize;
    this.map = vertx.sharedData().getAsyncMap(MAP);
    map.onSuccess(m -> resolved = m);
  }

  /**
   * Who hears first of every event this node stores, on the thread that stored it: this node's hub,
   * which fans it out at once or leaves it to the event bus. The event is published on the bus
   * after that either way, as ARCHITECTURE.md has it: one code path alone or clustered.
   */
  void onStoredHere(Consumer<JsonObject> listener) {
    this.storedHere = listener;
  }

  private Future<AsyncMap<String, String>> map() {
    AsyncMap<String, String> m = resolved;
    return m != null ? Future.succeededFuture(m) : map;
  }

  static String key(long meetingId) {
    return Long.toString(meetingId);
  }

  Future<MeetingState> get(long meetingId) {
    return read(meetingId).map(Versioned::state);
  }

  private Future<Versioned> read(long meetingId) {
    return map()
        .compose(m -> m.get(key(meetingId)))
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
              return map()
                  .compose(m -> m.putIfAbsent(key(meetingId), raw))
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
   * goes to this node's hub and is published to {@link SyncHub#EVENTS} once stored (see {@link
   * #onStoredHere}).
   */
  Future<JsonObject> update(long meetingId, Function<MeetingState, JsonObject> command) {
    // Context-free: each change goes on, at once, on the thread that ended the one before.
    Promise<JsonObject> done = Promise.promise();
    Future<?> prev;
    synchronized (tails) {
      prev = tails.getOrDefault(meetingId, Future.succeededFuture());
      tails.put(meetingId, done.future());
    }
    prev.onComplete(
        x ->
            attempt(meetingId, command, 1)
                .onComplete(
                    ar -> {
                      synchronized (tails) {
                        tails.remove(meetingId, done.future());
                      }
                      done.handle(ar);
                    }));
    return done.future();
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
    String next = encode(meetingId, nextState);
    long started = System.nanoTime();
    return map()
        .compose(m -> m.replaceIfPresent(key(meetingId), current.raw(), next))
        .compose(
            stored -> {
              metrics.stored(System.nanoTime() - started);
              if (stored) {
                decoded.put(meetingId, new Versioned(next, nextState));
                dirty.add(meetingId);
                // this node's tablets first, then the bus (also when alone: one code path; the
                // hub skips its own event's copy by seq)
                storedHere.accept(event);
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

  /** The state's text, encoding only the logged events not encoded before. */
  private String encode(long meetingId, MeetingState state) {
    Map<JsonObject, String> texts =
        eventTexts.computeIfAbsent(meetingId, id -> new IdentityHashMap<>());
    String text = state.encode(texts);
    if (texts.size() > 2 * logSize) {
      // forget the events that left the log
      Map<JsonObject, String> kept = new IdentityHashMap<>();
      for (int i = 0; i < state.log().size(); i++) {
        JsonObject e = state.log().getJsonObject(i);
        kept.put(e, texts.get(e));
      }
      eventTexts.put(meetingId, kept);
    }
    return text;
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
