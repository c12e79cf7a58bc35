package jp.kaigi.sync;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import jp.kaigi.auth.AuthService;
import jp.kaigi.auth.Caller;
import jp.kaigi.cluster.NodeDirectory;
import jp.kaigi.document.DocumentAudience;
import jp.kaigi.document.DocumentAudiences;
import jp.kaigi.document.DocumentEvents;
import jp.kaigi.meeting.MeetingService;
import jp.kaigi.store.Database;
import jp.kaigi.sync.internal.SocketReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page-sync rules: who may join, turn pages, force follow, hand over presenting; turning the
 * documents feature's and the meeting status events into meeting events. One message type, one
 * method ({@code join}, {@code leave}, {@code page}, {@code follow}, {@code force}, {@code
 * presenter}, {@code ack}, {@code presence}, {@code ping}); see docs/ws.md.
 */
public final class SyncService {
  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  private static final int MAX_PAGE = 100_000;

  private final Vertx vertx;
  private final MeetingService meetings;
  private final SyncConfig config;
  private final MeetingStateStore store;
  private final PresenceBoard presence;
  private final SyncHub hub;
  private final SyncMetrics metrics;
  private final DocumentAudienceCache documents;
  private final Set<SyncConnection> connections =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final GatewayExtensions extensions = new GatewayExtensions();

  public SyncService(
      Vertx vertx,
      Database db,
      MeetingService meetings,
      DocumentAudiences documents,
      SyncConfig config,
      NodeDirectory nodes,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.metrics = new SyncMetrics(registry);
    this.meetings = meetings;
    this.documents = new DocumentAudienceCache(documents);
    this.config = config;
    this.store =
        new MeetingStateStore(vertx, new SyncCheckpointStore(db), config.logSize(), metrics);
    this.presence = new PresenceBoard(vertx, meetings, config, nodes);
    this.hub = new SyncHub(this, store, config);
  }

  /** Deploys the hub (event-bus consumers, timers); call before taking connections. */
  public Future<Void> start() {
    return vertx.deployVerticle(hub).mapEmpty();
  }

  /** Writes changed meeting states to SQL now (on shutdown, while the store still runs). */
  public Future<Void> flush() {
    return store
        .checkpoint()
        .onFailure(e -> LOG.warn("event=sync.checkpoint_failed error={}", e.toString()))
        .recover(e -> Future.succeededFuture());
  }

  /** Routes another feature's message types ({@code <prefix>.*}) on {@code /ws} to it. */
  public void register(GatewayExtension extension) {
    extensions.register(extension);
  }

  SyncConfig config() {
    return config;
  }

  SyncMetrics metrics() {
    return metrics;
  }

  /**
   * A WebSocket whose upgrade was authenticated. {@code session} resolves the session again: every
   * {@code KAIGI_WS_REVALIDATE_SECONDS} a connection whose session ended is closed, and meetings
   * the user no longer takes part in are left.
   */
  void open(
      ServerWebSocket ws,
      SocketReads reads,
      Caller caller,
      Supplier<Future<Optional<Caller>>> session) {
    var conn = new SyncConnection(ws, reads, caller, vertx.getOrCreateContext(), this, config);
    conn.session = session;
    connections.add(conn);
    conn.start();
    metrics.opened();
    long period = config.revalidateSeconds() * 1000L;
    long first = period / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(period);
    conn.revalidation = vertx.setTimer(first, id -> revalidate(conn, period));
    LOG.debug("event=ws.opened user={}", caller.login());
  }

  private void revalidate(SyncConnection conn, long period) {
    if (conn.isClosed()) {
      return;
    }
    check(conn)
        .onComplete(
            ar -> {
              if (!conn.isClosed()) {
                conn.revalidation = vertx.setTimer(period, id -> revalidate(conn, period));
              }
            });
  }

  /**
   * Resolves the connection's session again: closes it if the session ended, leaves the meetings
   * the user no longer takes part in. Runs on a timer and at once when accounts or participants
   * change ({@link AuthService#ACCESS_CHANGED}, {@link MeetingService#PARTICIPANTS_CHANGED}).
   */
  private Future<Void> check(SyncConnection conn) {
    return onConnection(conn, conn.session.get())
        .map(
            caller -> {
              if (caller.isEmpty()) {
                LOG.info("event=ws.session_ended user={}", conn.caller.login());
                metrics.serverClosed("session");
                conn.close(SyncConnection.CLOSE_SESSION_ENDED, "session ended; log in again");
                return null;
              }
              for (Long m : List.copyOf(conn.memberships.keySet())) {
                onConnection(conn, meetings.access(caller.get(), m))
                    .onComplete(
                        ar -> {
                          if (ar.succeeded()
                              && (ar.result().participates() || ar.result().manager())) {
                            return;
                          }
                          if (ar.failed() && !(ar.cause() instanceof jp.kaigi.http.Problem)) {
                            return; // the database hiccupped: keep the membership, check later
                          }
                          if (conn.memberships.remove(m) != null) {
                            hub.detach(conn, m);
                            conn.send(
                                new JsonObject()
                                    .put("type", "left")
                                    .put("meeting", m)
                                    .put("reason", "removed"));
                          }
                        });
              }
              return null;
            });
  }

  /** An account changed (logout, deactivation, password, roles, groups): check its sockets now. */
  void onAccessChanged(JsonObject body) {
    Long userId = body.getLong("userId");
    for (SyncConnection c : connections) {
      if (userId == null || c.userId() == userId) {
        c.context.runOnContext(v -> check(c));
      }
    }
  }

  /** A meeting's participants changed: check the sockets joined to it now. */
  void onParticipantsChanged(JsonObject body) {
    Long meetingId = body.getLong("meetingId");
    for (SyncConnection c : connections) {
      if (meetingId != null && c.memberships.containsKey(meetingId)) {
        c.context.runOnContext(v -> check(c));
      }
    }
  }

  void disconnected(SyncConnection conn) {
    connections.remove(conn);
    metrics.closed();
    vertx.cancelTimer(conn.revalidation);
    for (Long m : List.copyOf(conn.memberships.keySet())) {
      hub.detach(conn, m);
    }
    conn.memberships.clear();
  }

  void roomClosed(long meetingId) {
    presence.forget(meetingId);
  }

  // --- client messages ---------------------------------------------------------------------------

  Future<Void> handle(SyncConnection conn, String type, JsonObject msg) {
    return switch (type) {
      case "join" -> join(conn, msg);
      case "leave" -> leave(conn, msg);
      case "page" -> page(conn, msg);
      case "follow" -> follow(conn, msg);
      case "force" -> force(conn, msg);
      case "presenter" -> presenter(conn, msg);
      case "ack" -> ack(conn, msg);
      case "presence" -> presenceRequest(conn, msg);
      case "ping" -> {
        conn.send(new JsonObject().put("type", "pong").put("id", msg.getValue("id")));
        yield Future.succeededFuture();
      }
      default -> {
        GatewayExtension ext = extensions.forType(type);
        if (ext == null) {
          throw new SyncError(
              SyncError.UNKNOWN_TYPE, "unknown message type '" + abbreviate(type) + "'");
        }
        yield conn.extensions.handle(conn, ext, type, msg);
      }
    };
  }

  private Future<Void> join(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Long lastSeq = msg.containsKey("lastSeq") ? nonNegativeLong(msg, "lastSeq") : null;
    return onConnection(conn, meetings.access(conn.caller, meetingId))
        .compose(
            access -> {
              if (!access.participates() && !access.manager()) {
                return Future.failedFuture(new SyncError(SyncError.NOT_FOUND, "no such meeting"));
              }
              boolean fresh = !conn.memberships.containsKey(meetingId);
              conn.memberships.computeIfAbsent(meetingId, id -> new Membership(id, access));
              return hub.attach(conn, meetingId, lastSeq)
                  .onFailure(
                      e -> {
                        if (fresh) {
                          conn.memberships.remove(meetingId);
                        }
                      });
            });
  }

  private Future<Void> leave(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    joined(conn, meetingId);
    conn.memberships.remove(meetingId);
    hub.detach(conn, meetingId);
    conn.send(new JsonObject().put("type", "left").put("meeting", meetingId));
    return Future.succeededFuture();
  }

  private Future<Void> page(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Membership m = joined(conn, meetingId);
    long document = positiveLong(msg, "document");
    int version = (int) boundedLong(msg, "version", 1, Integer.MAX_VALUE);
    int page = (int) boundedLong(msg, "page", 1, MAX_PAGE);
    Double zoom = null;
    if (msg.getValue("zoom") != null) {
      if (!(msg.getValue("zoom") instanceof Number z)
          || z.doubleValue() < 0.1
          || z.doubleValue() > 10) {
        throw new SyncError(SyncError.INVALID, "zoom must be a number from 0.1 to 10");
      }
      zoom = ((Number) msg.getValue("zoom")).doubleValue();
    }
    long by = conn.userId();
    Double z = zoom;
    // The document must be a current, visible one of this meeting: tablets are pointed only at
    // what they can open, and a confidential one's page reaches only those allowed (hub).
    // Driver first (checked again in the update), so a member learns nothing about documents.
    // Checks of one connection's page turns run one after another, so the updates keep the
    // order the host sent them in.
    Future<DocumentAudience> checked =
        conn.pageTurns
            .transform(previous -> onConnection(conn, hub.current(meetingId)))
            .compose(
                current -> {
                  requireDriver(m, current, by);
                  return onConnection(conn, documents.get(document));
                })
            .map(found -> checkPage(found, meetingId, document, version, page, by, conn));
    conn.pageTurns = checked;
    return checked
        .compose(
            a ->
                store.update(
                    meetingId,
                    s -> {
                      requireDriver(m, s, by);
                      JsonObject event =
                          new JsonObject()
                              .put("type", "page")
                              .put("document", document)
                              .put("version", version)
                              .put("page", page)
                              .put("zoom", z)
                              .put("by", by);
                      if (a.confidential()) {
                        event.put(
                            "allowedUserIds",
                            new JsonArray(a.allowedUserIds().stream().sorted().toList()));
                      }
                      return event;
                    }))
        .mapEmpty();
  }

  /** The document a page turn points at, if tablets may be pointed there. */
  private static DocumentAudience checkPage(
      Optional<DocumentAudience> found,
      long meetingId,
      long document,
      int version,
      int page,
      long by,
      SyncConnection conn) {
    DocumentAudience a =
        found
            .filter(x -> x.meetingId() == meetingId)
            .filter(x -> x.maySee(by, conn.caller.isMeetingManager()))
            .orElseThrow(
                () ->
                    new SyncError(
                        SyncError.UNKNOWN_DOCUMENT,
                        "no document " + document + " in meeting " + meetingId));
    if (a.version() != version) {
      throw new SyncError(
          SyncError.INVALID,
          "version " + version + " is not the current version (" + a.version() + ")");
    }
    if (page > a.pages()) {
      throw new SyncError(SyncError.INVALID, "\"page\" must be from 1 to " + a.pages() + " here");
    }
    return a;
  }

  private Future<Void> force(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Membership m = joined(conn, meetingId);
    if (!(msg.getValue("forced") instanceof Boolean forced)) {
      throw new SyncError(SyncError.INVALID, "\"forced\" must be true or false");
    }
    long by = conn.userId();
    return store
        .update(
            meetingId,
            s -> {
              requireDriver(m, s, by);
              return s.forced() == forced
                  ? null
                  : new JsonObject().put("type", "force").put("forced", forced).put("by", by);
            })
        .mapEmpty();
  }

  private Future<Void> presenter(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Membership m = joined(conn, meetingId);
    if (!m.access.mayHost()) {
      throw new SyncError(SyncError.NOT_HOST, "only the meeting's host may hand over presenting");
    }
    Object raw = msg.getValue("userId");
    if (raw != null && !(raw instanceof Number)) {
      throw new SyncError(SyncError.INVALID, "\"userId\" must be a user id or null");
    }
    Long userId = raw == null ? null : ((Number) raw).longValue();
    long by = conn.userId();
    Future<Set<Long>> check =
        userId == null
            ? Future.succeededFuture(Set.of())
            : onConnection(conn, meetings.participantUserIds(meetingId));
    return check.compose(
        participants -> {
          if (userId != null && !participants.contains(userId)) {
            return Future.failedFuture(
                new SyncError(SyncError.INVALID, "user " + userId + " does not take part"));
          }
          return store
              .update(
                  meetingId,
                  s ->
                      java.util.Objects.equals(s.presenter(), userId)
                          ? null
                          : new JsonObject()
                              .put("type", "presenter")
                              .put("userId", userId)
                              .put("by", by))
              .mapEmpty();
        });
  }

  private Future<Void> follow(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Membership m = joined(conn, meetingId);
    if (!(msg.getValue("follow") instanceof Boolean follow)) {
      throw new SyncError(SyncError.INVALID, "\"follow\" must be true or false");
    }
    return onConnection(conn, hub.current(meetingId))
        .compose(
            s -> {
              if (!follow && s.forced() && !m.access.mayHost()) {
                return Future.failedFuture(
                    new SyncError(SyncError.FOLLOW_FORCED, "the host requires following"));
              }
              m.following = follow;
              conn.send(
                  new JsonObject()
                      .put("type", "follow")
                      .put("meeting", meetingId)
                      .put("follow", follow)
                      .put("seq", s.seq())
                      .put("state", s.toWireFor(conn.userId(), conn.caller.isMeetingManager())));
              return Future.succeededFuture();
            });
  }

  private Future<Void> ack(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Membership m = joined(conn, meetingId);
    long seq = nonNegativeLong(msg, "seq");
    int page = (int) boundedLong(msg, "page", 1, MAX_PAGE);
    ack(m, seq, page);
    metrics.acked(false);
    return Future.succeededFuture();
  }

  /**
   * An ack read by {@link jp.kaigi.sync.internal.AckFrame} (no JSON parser) whose values the caller
   * found {@link #inRange}; the rest of the checks of {@link #ack(SyncConnection, JsonObject)}. An
   * ack out of range takes the full path and its error. {@code socket}: read off the socket before
   * Vert.x, not as a WebSocket message (counted apart).
   */
  void fastAck(SyncConnection conn, jp.kaigi.sync.internal.AckFrame a, boolean socket) {
    ack(joined(conn, a.meeting()), a.seq(), (int) a.page());
    metrics.acked(socket);
  }

  /** Whether a plain ack's values pass the checks of {@link #ack(SyncConnection, JsonObject)}. */
  static boolean inRange(jp.kaigi.sync.internal.AckFrame a) {
    return a.meeting() >= 1 && a.page() >= 1 && a.page() <= MAX_PAGE;
  }

  /** Feeds presence: the newest ack per membership; the presence timer reads it. */
  private static void ack(Membership m, long seq, int page) {
    if (seq > m.ackSeq) {
      m.ackSeq = seq;
      m.ackPage = page;
      if (seq == m.lastPageSeq && m.lastPageSentNanos != 0) {
        m.ackDelayMillis = (System.nanoTime() - m.lastPageSentNanos) / 1_000_000;
      }
    }
  }

  private Future<Void> presenceRequest(SyncConnection conn, JsonObject msg) {
    long meetingId = positiveLong(msg, "meeting");
    Membership m = joined(conn, meetingId);
    return onConnection(conn, hub.current(meetingId))
        .compose(
            s -> {
              if (!m.access.mayHost() && !Long.valueOf(conn.userId()).equals(s.presenter())) {
                return Future.failedFuture(
                    new SyncError(SyncError.NOT_HOST, "presence is for the host"));
              }
              return onConnection(conn, presence.view(hub, meetingId))
                  .map(view -> PresenceBoard.forViewer(view, s, conn));
            })
        .map(
            view -> {
              conn.send(view);
              return null;
            });
  }

  // --- events from other features ----------------------------------------------------------------

  void onDocument(String address, JsonObject body) {
    String kind = documentEventKind(address);
    Long meetingId = body.getLong("meetingId");
    Long documentId = body.getLong("documentId");
    Integer version = body.getInteger("version");
    if (meetingId == null || documentId == null || version == null) {
      LOG.warn("event=sync.document_event_invalid address={}", address);
      return;
    }
    documents.forget(documentId);
    boolean confidential = body.getBoolean("confidential", false);
    JsonObject event =
        new JsonObject()
            .put("type", "document")
            .put("event", kind)
            .put("documentId", documentId)
            .put("version", version)
            .put("title", body.getString("title"))
            .put("pages", body.getInteger("pages"))
            .put("sha256", body.getString("sha256"))
            .put("confidential", confidential);
    if (confidential) {
      event.put("allowedUserIds", body.getJsonArray("allowedUserIds", new JsonArray()));
    }
    store
        .update(meetingId, s -> s.hasDocumentEvent(kind, documentId, version) ? null : event.copy())
        .onFailure(
            e ->
                LOG.warn(
                    "event=sync.document_event_failed meeting={} error={}",
                    meetingId,
                    e.toString()));
  }

  /**
   * The {@code event} field of a {@code document} frame for a {@link DocumentEvents} address (the
   * documents feature's contract: body {@code {meetingId, documentId, version, title, pages,
   * sha256, confidential, allowedUserIds?}}).
   */
  static String documentEventKind(String address) {
    return switch (address) {
      case DocumentEvents.PUBLISHED -> "published";
      case DocumentEvents.REPLACED -> "replaced";
      case DocumentEvents.WITHDRAWN -> "withdrawn";
      default -> throw new IllegalArgumentException(address);
    };
  }

  void onStatus(JsonObject body) {
    Long meetingId = body.getLong("meetingId");
    String status = body.getString("status");
    if (meetingId == null || status == null) {
      return;
    }
    boolean recall = body.getBoolean("recall", false);
    store
        .update(
            meetingId,
            s ->
                status.equals(s.status())
                    ? null
                    : new JsonObject()
                        .put("type", "status")
                        .put("status", status)
                        .put("recall", recall)
                        .put("dropCache", recall && "closed".equals(status)))
        .onFailure(
            e ->
                LOG.warn(
                    "event=sync.status_event_failed meeting={} error={}", meetingId, e.toString()));
  }

  void presenceTick(SyncHub hub) {
    presence.tick(hub);
  }

  // --- checks ------------------------------------------------------------------------------------

  private static void requireDriver(Membership m, MeetingState s, long userId) {
    if (!m.access.mayHost() && !Long.valueOf(userId).equals(s.presenter())) {
      throw new SyncError(SyncError.NOT_HOST, "only the host or the presenter may do this");
    }
  }

  private static Membership joined(SyncConnection conn, long meetingId) {
    Membership m = conn.memberships.get(meetingId);
    if (m == null) {
      throw new SyncError(SyncError.NOT_JOINED, "join meeting " + meetingId + " first");
    }
    return m;
  }

  private static long positiveLong(JsonObject msg, String field) {
    return boundedLong(msg, field, 1, Long.MAX_VALUE);
  }

  private static long nonNegativeLong(JsonObject msg, String field) {
    return boundedLong(msg, field, 0, Long.MAX_VALUE);
  }

  private static long boundedLong(JsonObject msg, String field, long min, long max) {
    Object v = msg.getValue(field);
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < min
        || n.longValue() > max) {
      throw new SyncError(
          SyncError.INVALID, "\"" + field + "\" must be a whole number from " + min);
    }
    return n.longValue();
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** Continues on the connection's event loop, whatever thread completed {@code f}. */
  private static <T> Future<T> onConnection(SyncConnection conn, Future<T> f) {
    return f.transform(
        ar -> {
          if (conn.loop.nettyEventLoop().inEventLoop()) {
            // already there (a cached answer): no task, the page turn goes on at once with f,
            // which is complete by now
            return f;
          }
          Promise<T> p = Promise.promise();
          conn.context.runOnContext(v -> p.handle(ar));
          return p.future();
        });
  }
}
