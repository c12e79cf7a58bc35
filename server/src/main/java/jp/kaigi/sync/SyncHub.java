package jp.kaigi.sync;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.document.DocumentEvents;
import jp.kaigi.sync.internal.SharedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of every meeting that has a local connection: receives the meetings' events from
 * the cluster event bus ({@value #EVENTS}), puts them in seq order (filling gaps from the shared
 * map), encodes each once and hands it to every event loop that holds connections of the meeting.
 *
 * <p>Rooms are kept on this verticle's event loop, with one exception: an event this node stored
 * itself is applied and fanned out at once on the thread that stored it ({@link #storedHere}),
 * which saves a page turn a thread hop and a wake-up. So everything that reads or changes a room's
 * sequence or connections there holds the room's lock.
 */
final class SyncHub extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SyncHub.class);

  /** Every meeting event of the cluster: {@code {type, meeting, seq, ts, ...}}. */
  static final String EVENTS = "kaigi.sync.events";

  /**
   * An event ready for the connections of one event loop. With {@code allowed} set (a confidential
   * document), users outside it and not meeting managers get {@code redacted} instead of {@code
   * frame}, or nothing when {@code redacted} is null.
   */
  record Outgoing(
      long meetingId,
      long seq,
      boolean page,
      boolean forcedOn,
      Set<Long> allowed,
      SharedFrame frame,
      SharedFrame redacted) {}

  /** A meeting as seen from this node. */
  static final class Room {
    final long meetingId;
    // written under the lock, also read without it on this verticle's loop (presence)
    volatile MeetingState state;
    boolean ready;
    boolean closed; // its last connection left; a join opens a new room
    Throwable loadFailure;
    boolean resyncing;
    final TreeMap<Long, JsonObject> early = new TreeMap<>();
    final List<Runnable> waiting = new ArrayList<>();
    Map<Context, SyncConnection[]> groups = new HashMap<>();
    int connections;
    volatile long lastPageSeq;
    volatile long lastPageAt;
    Set<Long> participants = Set.of();
    long participantsAt;
    String lastPresence = "";
    long lastPresenceAt;

    Room(long meetingId) {
      this.meetingId = meetingId;
    }
  }

  private final SyncService service;
  private final MeetingStateStore store;
  private final SyncConfig config;
  // changed only on this verticle's loop; read from any thread by storedHere
  final Map<Long, Room> rooms = new ConcurrentHashMap<>();

  /**
   * Each open room's state as of its last change, for {@link #current} from any thread without a
   * trip to this verticle's event loop (a page turn checks it first).
   */
  private final Map<Long, MeetingState> latest = new ConcurrentHashMap<>();

  /** One per event loop with connections; each used only on its loop. */
  private final Map<Context, ReadPause> readPauses = new ConcurrentHashMap<>();

  SyncHub(SyncService service, MeetingStateStore store, SyncConfig config) {
    this.service = service;
    this.store = store;
    this.config = config;
    store.onStoredHere(this::storedHere);
  }

  Context hubContext() {
    return context;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    var events = bus.<JsonObject>consumer(EVENTS, m -> onEvent(m.body()));
    var published =
        bus.<JsonObject>consumer(
            DocumentEvents.PUBLISHED, m -> service.onDocument(DocumentEvents.PUBLISHED, m.body()));
    var replaced =
        bus.<JsonObject>consumer(
            DocumentEvents.REPLACED, m -> service.onDocument(DocumentEvents.REPLACED, m.body()));
    var withdrawn =
        bus.<JsonObject>consumer(
            DocumentEvents.WITHDRAWN, m -> service.onDocument(DocumentEvents.WITHDRAWN, m.body()));
    var status =
        bus.<JsonObject>consumer(
            jp.kaigi.meeting.MeetingService.STATUS_CHANGED, m -> service.onStatus(m.body()));
    var accounts =
        bus.<JsonObject>consumer(
            jp.kaigi.auth.AuthService.ACCESS_CHANGED, m -> service.onAccessChanged(m.body()));
    var participants =
        bus.<JsonObject>consumer(
            jp.kaigi.meeting.MeetingService.PARTICIPANTS_CHANGED,
            m -> service.onParticipantsChanged(m.body()));
    vertx.setPeriodic(config.presenceMillis(), id -> service.presenceTick(this));
    vertx.setPeriodic(
        config.checkpointMillis(),
        id ->
            store
                .checkpoint()
                .onFailure(e -> LOG.warn("event=sync.checkpoint_failed error={}", e.toString())));
    return Future.all(
        List.of(
            events.completion(),
            published.completion(),
            replaced.completion(),
            withdrawn.completion(),
            status.completion(),
            accounts.completion(),
            participants.completion()));
  }

  // --- joining and leaving (called from connections; hop onto the hub's loop)
  // ---------------------

  /** Adds a connection to a meeting and sends it what it missed (or the state), then "joined". */
  Future<Void> attach(SyncConnection conn, long meetingId, Long lastSeq) {
    var promise = io.vertx.core.Promise.<Void>promise();
    context.runOnContext(
        v -> {
          Room room = rooms.computeIfAbsent(meetingId, this::openRoom);
          Runnable join =
              () -> {
                if (room.loadFailure != null) {
                  promise.tryFail(room.loadFailure);
                  return;
                }
                if (conn.isClosed() || !conn.memberships.containsKey(meetingId)) {
                  promise.tryComplete();
                  return;
                }
                // the state sent and the events fanned out after it make one sequence
                synchronized (room) {
                  boolean already = false;
                  SyncConnection[] group =
                      room.groups.getOrDefault(conn.loop, new SyncConnection[0]);
                  for (SyncConnection c : group) {
                    already |= c == conn;
                  }
                  if (!already) {
                    SyncConnection[] next = Arrays.copyOf(group, group.length + 1);
                    next[group.length] = conn;
                    room.groups.put(conn.loop, next);
                    room.connections++;
                  }
                  sendJoined(conn, room, lastSeq);
                }
                promise.tryComplete();
              };
          if (room.ready) {
            join.run();
          } else {
            room.waiting.add(join);
          }
        });
    return promise.future();
  }

  private void sendJoined(SyncConnection conn, Room room, Long lastSeq) {
    MeetingState s = room.state;
    List<Outgoing> missed = new ArrayList<>();
    boolean resumed = false;
    if (lastSeq != null && lastSeq <= s.seq() && lastSeq + 1 >= s.oldestLogged()) {
      resumed = true;
      for (int i = 0; i < s.log().size(); i++) {
        JsonObject e = s.log().getJsonObject(i);
        if (e.getLong("seq") > lastSeq) {
          missed.add(outgoing(e));
        }
      }
    }
    Membership m = conn.memberships.get(room.meetingId);
    JsonObject joined =
        new JsonObject()
            .put("type", "joined")
            .put("meeting", room.meetingId)
            .put("seq", s.seq())
            .put("state", s.toWireFor(conn.userId(), conn.caller.isMeetingManager()))
            .put("role", m != null ? m.role() : null)
            .put("mayHost", m != null && m.access.mayHost())
            .put("following", m == null || m.following)
            .put("resumed", resumed)
            .put("missed", missed.size());
    boolean wasResumed = resumed;
    conn.context.runOnContext(
        v -> {
          if (wasResumed) {
            missed.forEach(conn::deliver);
          }
          conn.send(joined);
        });
  }

  void detach(SyncConnection conn, long meetingId) {
    context.runOnContext(
        v -> {
          Room room = rooms.get(meetingId);
          if (room == null) {
            return;
          }
          synchronized (room) {
            SyncConnection[] group = room.groups.get(conn.loop);
            if (group == null) {
              return;
            }
            SyncConnection[] next =
                Arrays.stream(group).filter(c -> c != conn).toArray(SyncConnection[]::new);
            if (next.length == group.length) {
              return;
            }
            room.connections--;
            if (next.length == 0) {
              room.groups.remove(conn.loop);
            } else {
              room.groups.put(conn.loop, next);
            }
            if (room.connections == 0) {
              // under the lock: storedHere must not publish a closed room's state to `latest`
              room.closed = true;
              rooms.remove(meetingId);
              latest.remove(meetingId);
            }
          }
          if (room.closed) {
            service.roomClosed(meetingId);
          }
        });
  }

  private Room openRoom(long meetingId) {
    Room room = new Room(meetingId);
    store
        .get(meetingId)
        .onComplete(
            ar ->
                context.runOnContext(
                    v -> {
                      if (ar.failed()) {
                        LOG.error(
                            "event=sync.room_load_failed meeting={} error={}",
                            meetingId,
                            ar.cause().toString());
                        rooms.remove(meetingId, room);
                        room.loadFailure = ar.cause();
                        room.waiting.forEach(Runnable::run);
                        room.waiting.clear();
                        return;
                      }
                      synchronized (room) {
                        setState(room, ar.result());
                        room.ready = true;
                        drainEarly(room);
                      }
                      room.waiting.forEach(Runnable::run);
                      room.waiting.clear();
                    }));
    return room;
  }

  // --- events ------------------------------------------------------------------------------------

  private void onEvent(JsonObject event) {
    Long meetingId = event.getLong("meeting");
    Long seq = event.getLong("seq");
    if (meetingId == null || seq == null) {
      return;
    }
    Room room = rooms.get(meetingId);
    if (room == null) {
      return;
    }
    synchronized (room) {
      if (!room.ready) {
        room.early.put(seq, event);
        return;
      }
      if (seq <= room.state.seq()) {
        return; // this node's own event, fanned out already by storedHere
      }
      room.early.put(seq, event);
      drainEarly(room);
      if (!room.early.isEmpty()) {
        resync(room);
      }
    }
  }

  /**
   * An event this node has just stored, on the thread that stored it: applied and fanned out now
   * when it is the room's next one. Otherwise (no room here, the room still loading, or an event of
   * another node not here yet) its copy from the event bus takes the usual way on this loop.
   */
  private void storedHere(JsonObject event) {
    Room room = rooms.get(event.getLong("meeting"));
    if (room == null) {
      return;
    }
    synchronized (room) {
      if (room.ready && !room.closed && event.getLong("seq") == room.state.seq() + 1) {
        applyAndFanOut(room, event);
        drainEarly(room);
      }
    }
  }

  /** Delivers buffered events that continue the sequence. */
  private void drainEarly(Room room) {
    while (!room.early.isEmpty()) {
      var first = room.early.firstEntry();
      if (first.getKey() <= room.state.seq()) {
        room.early.pollFirstEntry();
      } else if (first.getKey() == room.state.seq() + 1) {
        room.early.pollFirstEntry();
        applyAndFanOut(room, first.getValue());
      } else {
        return;
      }
    }
  }

  /** An event is missing (published by a node we heard later): read it from the shared log. */
  private void resync(Room room) {
    if (room.resyncing) {
      return;
    }
    room.resyncing = true;
    store
        .get(room.meetingId)
        .onComplete(
            ar ->
                context.runOnContext(
                    v -> {
                      synchronized (room) {
                        resynced(room, ar);
                      }
                    }));
  }

  /** Under the room's lock: continues the room from the shared state read by resync. */
  private void resynced(Room room, AsyncResult<MeetingState> ar) {
    room.resyncing = false;
    if (ar.failed() || rooms.get(room.meetingId) != room) {
      return;
    }
    MeetingState shared = ar.result();
    if (shared.seq() > room.state.seq()) {
      if (shared.oldestLogged() <= room.state.seq() + 1) {
        for (int i = 0; i < shared.log().size(); i++) {
          JsonObject e = shared.log().getJsonObject(i);
          if (e.getLong("seq") == room.state.seq() + 1) {
            applyAndFanOut(room, e);
          }
        }
      } else {
        // Too far behind to replay: everyone here gets the full state.
        setState(room, shared);
        fanOutState(room);
      }
    }
    drainEarly(room);
    if (!room.early.isEmpty()) {
      vertx.setTimer(20, id -> resyncLocked(room));
    }
  }

  private void resyncLocked(Room room) {
    synchronized (room) {
      resync(room);
    }
  }

  private void applyAndFanOut(Room room, JsonObject event) {
    setState(room, room.state.apply(event, config.logSize()));
    if ("page".equals(event.getString("type"))) {
      room.lastPageSeq = event.getLong("seq");
      room.lastPageAt = System.currentTimeMillis();
    }
    long taken = System.nanoTime();
    Outgoing out = outgoing(event);
    service.metrics().event();
    fanOut(room, out, taken);
  }

  /** A room's new state, also published for {@link #current}. */
  private void setState(Room room, MeetingState state) {
    room.state = state;
    latest.put(room.meetingId, state);
  }

  /** {@code taken}: when the hub took the event ({@link System#nanoTime}), for the metrics. */
  private void fanOut(Room room, Outgoing out, long taken) {
    Long presenter = room.state.presenter();
    for (var e : room.groups.entrySet()) {
      Context loop = e.getKey();
      SyncConnection[] conns = e.getValue();
      ReadPause pause =
          readPauses.computeIfAbsent(loop, l -> new ReadPause(vertx, config.readPauseMillis()));
      loop.runOnContext(
          v -> {
            // one clock read and one metrics update per event loop, not per tablet
            long now = System.nanoTime();
            int delivered = 0;
            boolean pausing = pause.appliesTo(conns.length);
            for (SyncConnection c : conns) {
              Membership m = c.deliver(out, now);
              if (m != null) {
                delivered++;
                if (pausing && c.mayPauseReads(m, presenter)) {
                  pause.stop(c);
                }
              }
            }
            pause.fanOutDone();
            service.metrics().fannedOut(delivered, System.nanoTime() - taken);
          });
    }
  }

  private void fanOutState(Room room) {
    MeetingState s = room.state;
    JsonObject msg =
        new JsonObject()
            .put("type", "state")
            .put("meeting", room.meetingId)
            .put("seq", s.seq())
            .put("state", s.toWire());
    long taken = System.nanoTime();
    SharedFrame redacted =
        s.allowed() == null
            ? null
            : SharedFrame.of(msg.copy().put("state", s.toWireFor(-1, false)));
    fanOut(
        room,
        new Outgoing(
            room.meetingId,
            s.seq(),
            false,
            false,
            s.allowed() == null ? null : userIds(s.allowed()),
            SharedFrame.of(msg),
            redacted),
        taken);
  }

  static Outgoing outgoing(JsonObject event) {
    String type = event.getString("type");
    Set<Long> allowed = null;
    JsonObject wire = event;
    SharedFrame redacted = null;
    boolean confidentialDocument =
        "document".equals(type) && event.getBoolean("confidential", false);
    boolean confidentialPage = "page".equals(type) && event.containsKey("allowedUserIds");
    if (confidentialDocument || confidentialPage) {
      allowed = userIds(event.getJsonArray("allowedUserIds", new JsonArray()));
      wire = event.copy();
      wire.remove("allowedUserIds");
      if (confidentialPage) {
        // Others learn that the host moved on, not where: their tablets show a notice.
        redacted =
            SharedFrame.of(
                new JsonObject()
                    .put("type", "page")
                    .put("meeting", event.getLong("meeting"))
                    .put("seq", event.getLong("seq"))
                    .put("ts", event.getValue("ts"))
                    .put("restricted", true)
                    .put("by", event.getValue("by")));
      }
    }
    boolean forcedOn = "force".equals(type) && event.getBoolean("forced", false);
    return new Outgoing(
        event.getLong("meeting"),
        event.getLong("seq"),
        "page".equals(type),
        forcedOn,
        allowed,
        SharedFrame.of(wire),
        redacted);
  }

  private static Set<Long> userIds(JsonArray ids) {
    Set<Long> out = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (ids.getValue(i) instanceof Number n) {
        out.add(n.longValue());
      }
    }
    return out;
  }

  /**
   * The current state of a meeting as this node has it (page-turn checks, follow replies): the open
   * room's latest state without a trip to this verticle's loop, else read on it.
   */
  Future<MeetingState> current(long meetingId) {
    MeetingState known = latest.get(meetingId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    var promise = io.vertx.core.Promise.<MeetingState>promise();
    context.runOnContext(
        v -> {
          Room room = rooms.get(meetingId);
          if (room != null && room.ready) {
            promise.complete(room.state);
          } else {
            store.get(meetingId).onComplete(promise);
          }
        });
    return promise.future();
  }
}
