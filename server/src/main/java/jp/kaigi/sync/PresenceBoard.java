package jp.kaigi.sync;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.cluster.NodeDirectory;
import jp.kaigi.meeting.MeetingService;

/**
 * Who is connected, following, on which page, and how fast they ack. Each node publishes, per
 * meeting, a snapshot of its own connections to the shared map {@value #MAP} (key {@code
 * meeting/node}, expiring, so a dead node's tablets show as offline); the host's node merges the
 * snapshots of all nodes with the participant list and pushes a {@code presence} frame to the host
 * (and presenter) when it changes.
 */
final class PresenceBoard {
  static final String MAP = "kaigi.sync.presence";
  private static final long PARTICIPANTS_TTL_MS = 10_000;
  private static final long REPUSH_MS = 5_000;

  private final MeetingService meetings;
  private final SyncConfig config;
  private final NodeDirectory nodes;
  private final Future<AsyncMap<String, String>> map;
  private final Map<Long, Map<Long, String>> participants = new ConcurrentHashMap<>();
  private final Map<Long, Long> participantsAt = new ConcurrentHashMap<>();

  PresenceBoard(Vertx vertx, MeetingService meetings, SyncConfig config, NodeDirectory nodes) {
    this.meetings = meetings;
    this.config = config;
    this.nodes = nodes;
    this.map = vertx.sharedData().getAsyncMap(MAP);
  }

  void forget(long meetingId) {
    participants.remove(meetingId);
    participantsAt.remove(meetingId);
    String key = meetingId + "/" + nodes.nodeId();
    map.compose(m -> m.remove(key));
  }

  /** On the hub's loop: publish this node's snapshots, push changed views to local hosts. */
  void tick(SyncHub hub) {
    for (SyncHub.Room room : List.copyOf(hub.rooms.values())) {
      if (!room.ready) {
        continue;
      }
      Local local = local(room);
      String snapshot = local.snapshot().encode();
      map.compose(
          m ->
              m.put(room.meetingId + "/" + nodes.nodeId(), snapshot, 3L * config.presenceMillis()));
      if (local.drivers().isEmpty()) {
        continue;
      }
      view(hub, room.meetingId, local.snapshot())
          .onSuccess(
              view ->
                  hub.hubContext()
                      .runOnContext(
                          v -> {
                            String text = view.copy().put("ts", null).encode();
                            long now = System.currentTimeMillis();
                            if (text.equals(room.lastPresence)
                                && now - room.lastPresenceAt < REPUSH_MS) {
                              return;
                            }
                            room.lastPresence = text;
                            room.lastPresenceAt = now;
                            for (SyncConnection c : local.drivers()) {
                              JsonObject frame = forViewer(view, room.state, c);
                              c.context.runOnContext(x -> c.send(frame));
                            }
                          }));
    }
  }

  /** The view as one host sees it: the current document only if they may see it. */
  static JsonObject forViewer(JsonObject view, MeetingState state, SyncConnection c) {
    if (state == null || state.allowed() == null) {
      return view;
    }
    return view.copy().put("state", state.toWireFor(c.userId(), c.caller.isMeetingManager()));
  }

  /**
   * This node's snapshot of a meeting and the local connections that get presence frames (host,
   * clerk, presenter): one walk over the room's connections per tick.
   */
  private record Local(JsonObject snapshot, List<SyncConnection> drivers) {}

  private static Local local(SyncHub.Room room) {
    JsonObject users = new JsonObject();
    List<SyncConnection> drivers = new ArrayList<>();
    Long presenter = room.state.presenter();
    for (SyncConnection[] group : room.groups.values()) {
      for (SyncConnection c : group) {
        Membership m = c.memberships.get(room.meetingId);
        if (m == null || c.isClosed()) {
          continue;
        }
        if (m.access.mayHost() || (presenter != null && presenter == c.userId())) {
          drivers.add(c);
        }
        String uid = Long.toString(c.userId());
        JsonObject u = users.getJsonObject(uid);
        if (u == null) {
          u =
              new JsonObject()
                  .put("name", c.caller.displayName())
                  .put("connections", 0)
                  .put("following", false)
                  .put("ackSeq", -1L);
          users.put(uid, u);
        }
        u.put("connections", u.getInteger("connections") + 1);
        u.put("following", u.getBoolean("following") || m.following);
        if (m.ackSeq > u.getLong("ackSeq")) {
          u.put("ackSeq", m.ackSeq)
              .put("page", m.ackPage == 0 ? null : m.ackPage)
              .put("ackDelayMs", m.ackDelayMillis);
        }
      }
    }
    return new Local(
        new JsonObject().put("ts", System.currentTimeMillis()).put("users", users), drivers);
  }

  /** The merged presence view of a meeting (call from any thread; reads the room on the hub). */
  Future<JsonObject> view(SyncHub hub, long meetingId) {
    return view(hub, meetingId, null);
  }

  /** The same, with this node's snapshot when the caller has just taken it. */
  private Future<JsonObject> view(SyncHub hub, long meetingId, JsonObject snapshot) {
    Promise<JsonObject> localPromise = Promise.promise();
    long[] page = new long[2];
    MeetingState[] state = new MeetingState[1];
    hub.hubContext()
        .runOnContext(
            v -> {
              SyncHub.Room room = hub.rooms.get(meetingId);
              if (room == null || !room.ready) {
                localPromise.complete(new JsonObject().put("users", new JsonObject()));
                return;
              }
              page[0] = room.lastPageSeq;
              page[1] = room.lastPageAt;
              state[0] = room.state;
              localPromise.complete(snapshot != null ? snapshot : local(room).snapshot());
            });
    List<Future<String>> others = new ArrayList<>();
    for (String node : nodes.nodes()) {
      if (!node.equals(nodes.nodeId())) {
        others.add(map.compose(m -> m.get(meetingId + "/" + node)));
      }
    }
    Future<Map<Long, String>> invited = participantsOf(meetingId);
    return Future.all(localPromise.future(), Future.join(others), invited)
        .map(
            all -> {
              List<JsonObject> snapshots = new ArrayList<>();
              snapshots.add(localPromise.future().result());
              long now = System.currentTimeMillis();
              for (Future<String> f : others) {
                if (f.succeeded() && f.result() != null) {
                  JsonObject s = new JsonObject(f.result());
                  if (now - s.getLong("ts", 0L) <= 3L * config.presenceMillis()) {
                    snapshots.add(s);
                  }
                }
              }
              return merge(meetingId, state[0], page[0], page[1], snapshots, invited.result());
            });
  }

  private JsonObject merge(
      long meetingId,
      MeetingState state,
      long lastPageSeq,
      long lastPageAt,
      List<JsonObject> snapshots,
      Map<Long, String> invited) {
    Map<Long, JsonObject> users = new TreeMap<>();
    for (JsonObject s : snapshots) {
      JsonObject us = s.getJsonObject("users", new JsonObject());
      for (String uid : us.fieldNames()) {
        JsonObject u = us.getJsonObject(uid);
        long id = Long.parseLong(uid);
        JsonObject merged = users.get(id);
        if (merged == null) {
          users.put(id, u.copy());
        } else {
          merged.put("connections", merged.getInteger("connections") + u.getInteger("connections"));
          merged.put("following", merged.getBoolean("following") || u.getBoolean("following"));
          if (u.getLong("ackSeq", -1L) > merged.getLong("ackSeq", -1L)) {
            merged
                .put("ackSeq", u.getLong("ackSeq"))
                .put("page", u.getValue("page"))
                .put("ackDelayMs", u.getValue("ackDelayMs"));
          }
        }
      }
    }
    long now = System.currentTimeMillis();
    Set<Long> everyone = new TreeSet<>(invited.keySet());
    everyone.addAll(users.keySet());
    JsonArray list = new JsonArray();
    int connected = 0;
    int following = 0;
    int lagging = 0;
    int offline = 0;
    for (long id : everyone) {
      JsonObject u = users.get(id);
      JsonObject row = new JsonObject().put("userId", id);
      if (u == null) {
        row.put("name", invited.get(id))
            .put("connected", false)
            .put("offline", true)
            .put("following", false);
        offline++;
      } else {
        long ackSeq = u.getLong("ackSeq", -1L);
        Long d = u.getLong("ackDelayMs");
        long delay = d == null ? -1 : d;
        boolean isFollowing = u.getBoolean("following", false);
        boolean isLagging =
            isFollowing
                && ((lastPageSeq > 0
                        && ackSeq < lastPageSeq
                        && now - lastPageAt > config.lagMillis())
                    || delay > config.lagMillis());
        row.put("name", u.getString("name"))
            .put("connected", true)
            .put("offline", false)
            .put("connections", u.getInteger("connections"))
            .put("following", isFollowing)
            .put("page", u.getValue("page"))
            .put("ackSeq", ackSeq < 0 ? null : ackSeq)
            .put("ackDelayMs", delay < 0 ? null : delay)
            .put("lagging", isLagging);
        connected++;
        following += isFollowing ? 1 : 0;
        lagging += isLagging ? 1 : 0;
      }
      list.add(row);
    }
    JsonObject msg =
        new JsonObject()
            .put("type", "presence")
            .put("meeting", meetingId)
            .put("ts", now)
            .put("participants", list)
            .put(
                "summary",
                new JsonObject()
                    .put("connected", connected)
                    .put("following", following)
                    .put("lagging", lagging)
                    .put("offline", offline));
    if (state != null) {
      // Redacted by default; forViewer shows a confidential document to those allowed.
      msg.put("seq", state.seq()).put("state", state.toWireFor(-1, false));
    }
    return msg;
  }

  private Future<Map<Long, String>> participantsOf(long meetingId) {
    Map<Long, String> cached = participants.get(meetingId);
    Long at = participantsAt.get(meetingId);
    if (cached != null && at != null && System.currentTimeMillis() - at < PARTICIPANTS_TTL_MS) {
      return Future.succeededFuture(cached);
    }
    return meetings
        .participantNames(meetingId)
        .onSuccess(
            ids -> {
              participants.put(meetingId, ids);
              participantsAt.put(meetingId, System.currentTimeMillis());
            });
  }
}
