package jp.kaigi.devices.tablet;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated tablet (Vert.x WebSocket client): logs in (or takes a token), connects to one of the
 * nodes, joins a meeting, follows and acks every page, and when the connection drops reconnects to
 * the next node and resumes with {@code lastSeq}. A host tablet also sends {@code page}. Used by
 * the cluster tests and the page-sync benchmark; state is read from other threads.
 */
public final class TabletSimulator {
  /** A page event as the tablet saw it. */
  public record PageSeen(long seq, int page, long receivedNanos) {}

  private final Vertx vertx;
  private final List<URI> nodes;
  private final long meetingId;
  private final boolean ack;
  private final WebSocketClient wsClient;
  private final AtomicInteger nodeIndex;
  private volatile String token;
  private volatile WebSocket ws;
  private volatile long lastSeq = -1;
  private volatile boolean joined;
  private volatile boolean stopped;
  private volatile JsonObject lastJoined;
  private volatile JsonObject lastError;
  private volatile JsonObject lastPresence;
  private final AtomicInteger joins = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final Queue<PageSeen> pages = new ConcurrentLinkedQueue<>();
  private volatile boolean keepPages = true;
  private volatile PageListener listener = (t, p) -> {};
  private volatile long renderMillis;

  /** Called on the client's event loop for every page event received (benchmarks). */
  public interface PageListener {
    void onPage(TabletSimulator tablet, PageSeen page);
  }

  /**
   * @param nodes base URLs ({@code http://host:port}); the tablet starts at {@code firstNode} and
   *     moves on to the next one when a connection drops
   */
  public TabletSimulator(Vertx vertx, List<URI> nodes, int firstNode, long meetingId, boolean ack) {
    this(vertx, nodes, firstNode, meetingId, ack, false);
  }

  /**
   * @param offerDeflate ask for permessage-deflate in the handshake, as browsers do (the node
   *     declines it; an older build did not)
   */
  public TabletSimulator(
      Vertx vertx,
      List<URI> nodes,
      int firstNode,
      long meetingId,
      boolean ack,
      boolean offerDeflate) {
    this.vertx = vertx;
    this.nodes = List.copyOf(nodes);
    this.meetingId = meetingId;
    this.ack = ack;
    this.nodeIndex = new AtomicInteger(firstNode);
    this.wsClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setTryUsePerMessageCompression(offerDeflate));
  }

  public TabletSimulator listener(PageListener l) {
    this.listener = l;
    return this;
  }

  /**
   * Whether {@link #pages()} keeps every page seen (the default, for tests); a benchmark that reads
   * them through its listener turns it off, so its tablets do not hold 80,000 pages in the heap.
   */
  public TabletSimulator keepPages(boolean keep) {
    this.keepPages = keep;
    return this;
  }

  /**
   * Acks a page only after a simulated render time, as a real tablet acks "page on screen" once
   * pdf.js has drawn it: each ack waits a random 0.5–1.5 × {@code millis} (0, the default: on
   * receipt, as soon as this event loop has read the frames that arrived with the page).
   */
  public TabletSimulator renderMillis(long millis) {
    this.renderMillis = millis;
    return this;
  }

  /** Logs in at the first node and returns the bearer token. */
  public static Future<String> login(Vertx vertx, URI node, String login, String password) {
    HttpClient http = vertx.createHttpClient();
    return http.request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(node.getHost())
                .setPort(node.getPort())
                .setURI("/api/v1/session")
                .putHeader("Content-Type", "application/json"))
        .compose(
            req ->
                req.send(
                        Buffer.buffer(
                            new JsonObject()
                                .put("login", login)
                                .put("password", password)
                                .encode()))
                    .compose(
                        resp ->
                            resp.body()
                                .compose(
                                    body -> {
                                      if (resp.statusCode() != 200) {
                                        return Future.failedFuture(
                                            "login " + login + ": " + resp.statusCode());
                                      }
                                      return Future.succeededFuture(
                                          new JsonObject(body.toString()).getString("token"));
                                    })))
        .eventually(http::close);
  }

  /** Connects with a token and joins; the future completes on the first {@code joined}. */
  public Future<Void> start(String token) {
    this.token = token;
    return connect();
  }

  private Future<Void> connect() {
    URI node = nodes.get(Math.floorMod(nodeIndex.get(), nodes.size()));
    WebSocketConnectOptions o =
        new WebSocketConnectOptions()
            .setHost(node.getHost())
            .setPort(node.getPort())
            .setURI("/ws")
            .addHeader("Authorization", "Bearer " + token);
    var promise = io.vertx.core.Promise.<Void>promise();
    wsClient
        .connect(o)
        .onSuccess(
            socket -> {
              ws = socket;
              socket.textMessageHandler(t -> onText(t, promise));
              socket.closeHandler(v -> onClose(socket));
              JsonObject join = new JsonObject().put("type", "join").put("meeting", meetingId);
              if (lastSeq >= 0) {
                join.put("lastSeq", lastSeq);
              }
              socket.writeTextMessage(join.encode());
            })
        .onFailure(
            e -> {
              if (stopped) {
                promise.tryFail(e);
                return;
              }
              nodeIndex.incrementAndGet();
              vertx.setTimer(200, id -> connect().onComplete(promise));
            });
    return promise.future();
  }

  private void onText(String text, io.vertx.core.Promise<Void> firstJoin) {
    long now = System.nanoTime();
    if (text.startsWith("{\"type\":\"page\",")) {
      // Page frames, the bulk of the traffic, skip the JSON parser (see FrameFields).
      long seq = FrameFields.number(text, "seq");
      long page = FrameFields.number(text, "page");
      if (seq >= 0 && page >= 0) {
        onPage(seq, (int) page, now);
        return;
      }
    }
    JsonObject f = new JsonObject(text);
    String type = f.getString("type", "");
    Long seq = f.getLong("seq");
    if ("presence".equals(type)) {
      lastPresence = f;
    }
    switch (type) {
      case "joined" -> {
        lastJoined = f;
        lastSeq = Math.max(lastSeq, seq);
        joined = true;
        joins.incrementAndGet();
        firstJoin.tryComplete();
      }
      case "page" -> onPage(seq, f.getInteger("page"), now);
      case "state" -> lastSeq = Math.max(lastSeq, seq);
      case "error" -> lastError = f;
      default -> {
        if (seq != null && f.containsKey("meeting")) {
          lastSeq = Math.max(lastSeq, seq);
        }
      }
    }
  }

  private void onPage(long seq, int page, long receivedNanos) {
    PageSeen p = new PageSeen(seq, page, receivedNanos);
    if (keepPages) {
      pages.add(p);
    }
    lastSeq = Math.max(lastSeq, seq);
    listener.onPage(this, p);
    if (!ack) {
      return;
    }
    long render = renderMillis;
    WebSocket socket = ws;
    if (render <= 0) {
      AckQueue.afterReads(vertx, () -> sendAck(socket, seq, page));
    } else {
      long delay = render / 2 + ThreadLocalRandom.current().nextLong(render + 1);
      AckQueue.afterRender(vertx, delay, () -> sendAck(socket, seq, page));
    }
  }

  private void sendAck(WebSocket socket, long seq, int page) {
    if (socket.isClosed()) {
      return;
    }
    // Built by hand: the load generator acks thousands of pages a second.
    socket.writeTextMessage(
        "{\"type\":\"ack\",\"meeting\":"
            + meetingId
            + ",\"seq\":"
            + seq
            + ",\"page\":"
            + page
            + "}");
  }

  private void onClose(WebSocket socket) {
    if (socket != ws) {
      return;
    }
    joined = false;
    if (stopped) {
      return;
    }
    reconnects.incrementAndGet();
    nodeIndex.incrementAndGet();
    connect();
  }

  /** Host tablets: turn the page (document 1, version 1 unless given). */
  public void sendPage(long document, int version, int page) {
    ws.writeTextMessage(
        new JsonObject()
            .put("type", "page")
            .put("meeting", meetingId)
            .put("document", document)
            .put("version", version)
            .put("page", page)
            .encode());
  }

  public void send(JsonObject msg) {
    ws.writeTextMessage(msg.encode());
  }

  public Future<Void> stop() {
    stopped = true;
    WebSocket s = ws;
    return (s != null ? s.close() : Future.<Void>succeededFuture())
        .eventually(() -> wsClient.close());
  }

  public boolean joined() {
    return joined;
  }

  public long lastSeq() {
    return lastSeq;
  }

  public int joins() {
    return joins.get();
  }

  public int reconnects() {
    return reconnects.get();
  }

  public URI currentNode() {
    return nodes.get(Math.floorMod(nodeIndex.get(), nodes.size()));
  }

  public JsonObject lastJoined() {
    return lastJoined;
  }

  public JsonObject lastError() {
    return lastError;
  }

  /** The last {@code presence} frame (hosts and the presenter get them), or null. */
  public JsonObject lastPresence() {
    return lastPresence;
  }

  public List<PageSeen> pages() {
    return List.copyOf(pages);
  }
}
