package jp.kaigi.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.auth.Caller;

/**
 * The registered {@link GatewayExtension}s, and per connection the sessions it opened. Kept apart
 * from the page-sync rules so those only route the unknown types here.
 */
final class GatewayExtensions {
  private final Map<String, GatewayExtension> byPrefix = new ConcurrentHashMap<>();

  void register(GatewayExtension extension) {
    if (byPrefix.putIfAbsent(extension.prefix(), extension) != null) {
      throw new IllegalStateException("prefix already registered: " + extension.prefix());
    }
  }

  /** The extension for a message type, or null. */
  GatewayExtension forType(String type) {
    int dot = type.indexOf('.');
    return dot > 0 ? byPrefix.get(type.substring(0, dot)) : null;
  }

  /** One connection's sessions; used on the connection's event loop only. */
  static final class Sessions {
    private final Map<GatewayExtension, GatewayExtension.Session> open = new HashMap<>();

    Future<Void> handle(SyncConnection conn, GatewayExtension ext, String type, JsonObject msg) {
      return open.computeIfAbsent(ext, e -> e.open(client(conn))).handle(type, msg);
    }

    void closed() {
      open.values().forEach(GatewayExtension.Session::closed);
      open.clear();
    }

    private static GatewayClient client(SyncConnection conn) {
      return new GatewayClient() {
        @Override
        public Caller caller() {
          return conn.caller;
        }

        @Override
        public Context context() {
          return conn.context;
        }

        @Override
        public void send(JsonObject msg) {
          conn.send(msg);
        }

        @Override
        public boolean backedUp() {
          return conn.ws.writeQueueFull();
        }
      };
    }
  }
}
