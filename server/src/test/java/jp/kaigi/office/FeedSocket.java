package jp.kaigi.office;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A blocking client of the gateway {@code /ws} for office feed tests (the JDK's WebSocket, a client
 * we did not write): frames arrive in a queue read with a timeout, with their arrival time.
 */
final class FeedSocket implements AutoCloseable {
  record Frame(long nanos, JsonObject json) {}

  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final WebSocket ws;

  FeedSocket(int port, String token) throws Exception {
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          final StringBuilder buf = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
              frames.add(new Frame(System.nanoTime(), new JsonObject(buf.toString())));
              buf.setLength(0);
            }
            w.request(1);
            return null;
          }
        };
    var builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    ws =
        builder
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener)
            .get(10, TimeUnit.SECONDS);
  }

  FeedSocket send(String text) throws Exception {
    ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    return this;
  }

  FeedSocket send(JsonObject msg) throws Exception {
    return send(msg.encode());
  }

  /** The next frame matching, skipping others. */
  JsonObject next(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null) {
        throw new AssertionError("no matching frame within " + timeout);
      }
      if (match.test(f.json())) {
        return f.json();
      }
    }
  }

  /** Every frame up to and including the first that matches. */
  List<Frame> until(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
    List<Frame> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null) {
        throw new AssertionError("no matching frame within " + timeout + " after " + out.size());
      }
      out.add(f);
      if (match.test(f.json())) {
        return out;
      }
    }
  }

  JsonObject next(String type) throws InterruptedException {
    return next(f -> type.equals(f.getString("type")), Duration.ofSeconds(10));
  }

  JsonObject error(String code) throws InterruptedException {
    return next(
        f -> "error".equals(f.getString("type")) && code.equals(f.getString("code")),
        Duration.ofSeconds(10));
  }

  /** Every frame that arrives within the window. */
  List<Frame> drain(Duration window) throws InterruptedException {
    List<Frame> out = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Frame f = frames.poll(left, TimeUnit.NANOSECONDS);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** The socket still answers (an error frame did not close it). */
  void assertAlive() throws Exception {
    send("{\"type\":\"ping\",\"id\":\"alive\"}");
    next("pong");
  }

  @Override
  public void close() {
    ws.abort();
  }
}
