package jp.kaigi.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.auth.Caller;
import jp.kaigi.http.Problem;
import jp.kaigi.sync.internal.AckFrame;
import jp.kaigi.sync.internal.RateLimiter;
import jp.kaigi.sync.internal.SharedFrame;
import jp.kaigi.sync.internal.SocketReads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tablet's WebSocket: parses and checks its messages (bad ones get an {@code error} frame and
 * the connection lives on), and writes events to it through a bounded queue where pages coalesce.
 * Everything here runs on the connection's own event loop.
 */
final class SyncConnection {
  private static final Logger LOG = LoggerFactory.getLogger(SyncConnection.class);
  static final short CLOSE_TOO_SLOW = 4008;
  static final short CLOSE_POLICY = 1008;
  static final short CLOSE_SESSION_ENDED = 4001;

  final ServerWebSocket ws;
  final Caller caller;
  final Context context;

  /**
   * The event loop's own context. {@link #context} is Vert.x's per-request duplicate of it, one per
   * connection; the hub groups connections by this one, so a fan-out is one task per event loop.
   */
  final ContextInternal loop;

  /** Stopped for a moment after a fan-out (see {@link ReadPause}). */
  final SocketReads reads;

  private final SyncService service;
  private final SyncConfig config;
  private final RateLimiter limiter;
  final Map<Long, Membership> memberships = new ConcurrentHashMap<>();
  final GatewayExtensions.Sessions extensions = new GatewayExtensions.Sessions();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private long abuseWindowStart = System.nanoTime();
  private int limitedInWindow;
  private volatile boolean closed;
  long revalidation = -1;

  /** Resolves this socket's session again (periodic and on account changes). */
  java.util.function.Supplier<Future<java.util.Optional<Caller>>> session;

  /** The last page turn being checked (SyncService chains them to keep their order). */
  Future<?> pageTurns = Future.succeededFuture();

  private record Queued(long meetingId, boolean page, SharedFrame frame) {}

  SyncConnection(
      ServerWebSocket ws,
      SocketReads reads,
      Caller caller,
      Context context,
      SyncService service,
      SyncConfig config) {
    this.ws = ws;
    this.reads = reads;
    this.caller = caller;
    this.context = context;
    this.loop = ((ContextInternal) context).unwrap();
    this.service = service;
    this.config = config;
    this.limiter = new RateLimiter(config.ratePerSecond(), config.burst());
  }

  void start() {
    ws.setWriteQueueMaxSize(config.writeQueueBytes());
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(
        b -> sendError(SyncError.MALFORMED, "send JSON text frames, not binary", null));
    ws.exceptionHandler(e -> LOG.debug("event=ws.error user={} error={}", caller.login(), e));
    ws.closeHandler(v -> onClosed());
    ws.drainHandler(v -> flush());
    reads.takeAcks(this::onPlainAck);
  }

  /**
   * Closed by us, or by the peer before our close handler ran (a task already queued on this loop,
   * such as a presence tick, then finds it so; writing would throw "WebSocket is closed").
   */
  boolean isClosed() {
    return closed || ws.isClosed();
  }

  long userId() {
    return caller.userId();
  }

  /**
   * Whether reading this socket may wait after a fan-out to membership {@code m}: a participant who
   * is neither a host nor the presenter (those send the next {@code page}).
   */
  boolean mayPauseReads(Membership m, Long presenter) {
    return !m.access.mayHost() && (presenter == null || presenter != caller.userId());
  }

  // --- incoming ----------------------------------------------------------------------------------

  /**
   * A plain ack read straight off the socket ({@code SocketReads.takeAcks}): the same rate limit
   * and checks as {@link #onText}, without Vert.x's message path. False leaves it to onText (also
   * for its errors: out of range, rate limited).
   */
  private boolean onPlainAck(AckFrame ack) {
    if (closed || !SyncService.inRange(ack) || !limiter.tryAcquire()) {
      return false;
    }
    try {
      service.fastAck(this, ack, true);
    } catch (SyncError e) {
      // we are inside Netty's read, outside Vert.x's context: answer from the connection's own
      context.runOnContext(v -> reportFailure(e, null));
    }
    return true;
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    if (!limiter.tryAcquire()) {
      long now = System.nanoTime();
      if (now - abuseWindowStart > 10_000_000_000L) {
        abuseWindowStart = now;
        limitedInWindow = 0;
      }
      if (++limitedInWindow > config.abuseLimit()) {
        LOG.warn("event=ws.closed_abuse user={} reason=rate", caller.login());
        service.metrics().serverClosed("abuse");
        close(CLOSE_POLICY, "rate limit exceeded repeatedly");
      } else {
        sendError(SyncError.RATE_LIMITED, "too many messages; slow down", null);
      }
      return;
    }
    if (text.length() > config.maxMessageBytes()
        || (text.length() * 3L > config.maxMessageBytes()
            && text.getBytes(StandardCharsets.UTF_8).length > config.maxMessageBytes())) {
      sendError(
          SyncError.TOO_LARGE,
          "messages are limited to " + config.maxMessageBytes() + " bytes",
          null);
      return;
    }
    AckFrame ack = AckFrame.parse(text);
    if (ack != null && SyncService.inRange(ack)) {
      try {
        service.fastAck(this, ack, false);
        return;
      } catch (SyncError e) {
        reportFailure(e, null);
        return;
      }
    }
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      sendError(SyncError.MALFORMED, "not a JSON object", null);
      return;
    }
    Object ref = msg.getValue("id");
    Object type = msg.getValue("type");
    if (!(type instanceof String t)) {
      sendError(SyncError.MALFORMED, "missing \"type\"", ref);
      return;
    }
    Future<Void> handled;
    try {
      handled = service.handle(this, t, msg);
    } catch (SyncError e) {
      handled = Future.failedFuture(e);
    }
    handled.onFailure(e -> context.runOnContext(v -> reportFailure(e, ref)));
  }

  private void reportFailure(Throwable e, Object ref) {
    if (e instanceof SyncError se) {
      sendError(se.code(), se.getMessage(), ref);
    } else if (e instanceof Problem p && p.status() == 404) {
      sendError(SyncError.NOT_FOUND, "no such meeting", ref);
    } else if (e instanceof Problem p && p.status() < 500) {
      sendError(SyncError.INVALID, p.getMessage(), ref);
    } else {
      LOG.error("event=ws.failed user={} error={}", caller.login(), e.toString(), e);
      sendError(SyncError.INTERNAL, "internal error", ref);
    }
  }

  void sendError(String code, String message, Object ref) {
    service.metrics().error(code);
    JsonObject err =
        new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (ref != null) {
      err.put("ref", ref);
    }
    send(err);
  }

  // --- outgoing ----------------------------------------------------------------------------------

  /** A reply to this connection alone. */
  void send(JsonObject msg) {
    enqueue(0, false, SharedFrame.of(msg));
  }

  /** A replayed event (resume by {@code lastSeq}); runs on this connection's event loop. */
  void deliver(SyncHub.Outgoing out) {
    if (deliver(out, System.nanoTime()) != null) {
      service.metrics().delivered(1);
    }
  }

  /**
   * A fan-out event, {@code now} read once for the whole batch; runs on this connection's event
   * loop. The membership it was written or queued for, or null when it was not (the caller counts
   * deliveries).
   */
  Membership deliver(SyncHub.Outgoing out, long now) {
    Membership m = memberships.get(out.meetingId());
    if (m == null || closed) {
      return null;
    }
    SharedFrame frame = out.frame();
    if (out.allowed() != null
        && !out.allowed().contains(caller.userId())
        && !caller.isMeetingManager()) {
      if (out.redacted() == null) {
        return null;
      }
      frame = out.redacted();
    }
    if (out.page()) {
      m.lastPageSeq = out.seq();
      m.lastPageSentNanos = now;
    } else if (out.forcedOn()) {
      m.following = true;
    }
    enqueue(out.meetingId(), out.page(), frame);
    return m;
  }

  void enqueue(long meetingId, boolean page, SharedFrame frame) {
    if (isClosed()) {
      return;
    }
    if (queue.isEmpty() && !ws.writeQueueFull()) {
      frame.writeTo(ws);
      return;
    }
    if (page) {
      // Only the newest page of a meeting matters to a tablet that is behind.
      queue.removeIf(q -> q.page() && q.meetingId() == meetingId);
    }
    queue.add(new Queued(meetingId, page, frame));
    if (queue.size() > config.queueFrames()) {
      LOG.info("event=ws.closed_slow user={} queued={}", caller.login(), queue.size());
      service.metrics().serverClosed("slow");
      close(CLOSE_TOO_SLOW, "too slow; reconnect and join with lastSeq");
    }
  }

  private void flush() {
    while (!queue.isEmpty() && !isClosed() && !ws.writeQueueFull()) {
      queue.poll().frame().writeTo(ws);
    }
  }

  void close(short code, String reason) {
    if (closed) {
      return;
    }
    queue.clear();
    ws.close(code, reason);
    onClosed();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    service.disconnected(this);
    extensions.closed();
  }
}
