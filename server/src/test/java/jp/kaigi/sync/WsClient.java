package jp.kaigi.sync;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A blocking WebSocket test client: frames arrive in a queue the test reads with a timeout. */
final class WsClient implements AutoCloseable {
  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  volatile Short closeCode;
  volatile String closeReason;

  private WsClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.closeHandler(
        v -> {
          closeReason = ws.closeReason();
          closeCode = ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode();
        });
  }

  /** The extensions the server agreed to in its handshake answer (null: none). */
  String extensions() {
    return ws.headers().get("Sec-WebSocket-Extensions");
  }

  static WebSocketConnectOptions options(int port, String token, String origin) {
    WebSocketConnectOptions o =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
    if (token != null) {
      o.addHeader("Authorization", "Bearer " + token);
    }
    if (origin != null) {
      o.addHeader("Origin", origin);
    }
    return o;
  }

  static WsClient connect(Vertx vertx, WebSocketConnectOptions options) {
    return connect(vertx, options, new io.vertx.core.http.WebSocketClientOptions());
  }

  static WsClient connect(
      Vertx vertx,
      WebSocketConnectOptions options,
      io.vertx.core.http.WebSocketClientOptions clientOptions) {
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    try {
      return client
          .connect(options)
          .map(WsClient::new)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot connect", e);
    }
  }

  /** The HTTP status of a refused upgrade (or 101 if it was accepted). */
  static int upgradeStatus(Vertx vertx, WebSocketConnectOptions options) {
    try {
      WebSocket ws =
          vertx
              .createWebSocketClient()
              .connect(options)
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      ws.close();
      return 101;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof UpgradeRejectedException r) {
        return r.getStatus();
      }
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops reading from the socket (a tablet that cannot keep up). */
  void pause() {
    ws.pause();
  }

  void resume() {
    ws.resume();
  }

  WsClient send(JsonObject msg) {
    ws.writeTextMessage(msg.encode());
    return this;
  }

  WsClient sendText(String text) {
    ws.writeTextMessage(text);
    return this;
  }

  /** The next frame matching, skipping others (kept in {@link #seen}). */
  JsonObject next(Predicate<JsonObject> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject f;
      try {
        f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (f == null) {
        String last = seen.isEmpty() ? "nothing" : seen.get(seen.size() - 1).encode();
        throw new AssertionError(
            "no matching frame within "
                + timeout
                + "; "
                + seen.size()
                + " frames seen, the last: "
                + (last.length() > 300 ? last.substring(0, 300) + "…" : last));
      }
      seen.add(f);
      if (match.test(f)) {
        return f;
      }
    }
  }

  JsonObject next(String type) {
    return next(f -> type.equals(f.getString("type")), Duration.ofSeconds(10));
  }

  JsonObject error(String code) {
    return next(
        f -> "error".equals(f.getString("type")) && code.equals(f.getString("code")),
        Duration.ofSeconds(10));
  }

  /** Frames that arrive within the window (to check that something does NOT arrive). */
  List<JsonObject> drain(Duration window) {
    List<JsonObject> out = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return out;
      }
      try {
        JsonObject f = frames.poll(left, TimeUnit.NANOSECONDS);
        if (f != null) {
          out.add(f);
          seen.add(f);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return out;
      }
    }
  }

  /** Every frame read so far. */
  List<JsonObject> seen() {
    return List.copyOf(seen);
  }

  /** Frames of a type seen so far (read by next/drain). */
  List<JsonObject> seenOf(String type) {
    return seen.stream().filter(f -> type.equals(f.getString("type"))).toList();
  }

  boolean isClosed() {
    return ws.isClosed();
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close();
    }
  }
}
