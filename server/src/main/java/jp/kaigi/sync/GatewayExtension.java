package jp.kaigi.sync;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * A feature's own message types on the gateway {@code /ws}: every client message whose type starts
 * with {@link #prefix()} and a dot (e.g. {@code office.subscribe}) goes to it, so features share
 * one authenticated socket without the gateway knowing their rules. Registered once with {@link
 * SyncService#register}.
 */
public interface GatewayExtension {
  /** The type prefix, without the dot (e.g. {@code office}). */
  String prefix();

  /** A connection's first message of this prefix: its per-connection state. */
  Session open(GatewayClient client);

  /** One connection's use of the extension; called on that connection's event loop only. */
  interface Session {
    /**
     * Handles one message; a failed future or a thrown {@link SyncError} becomes an {@code error}
     * frame and the connection stays open.
     */
    Future<Void> handle(String type, JsonObject msg);

    /** The connection closed: release subscriptions and timers. */
    void closed();
  }
}
