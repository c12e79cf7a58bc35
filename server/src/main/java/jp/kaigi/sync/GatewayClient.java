package jp.kaigi.sync;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import jp.kaigi.auth.Caller;

/** What a {@link GatewayExtension} sees of one connection. */
public interface GatewayClient {
  /** Who is connected (resolved at the upgrade). */
  Caller caller();

  /** The connection's event loop. */
  Context context();

  /** Writes a frame (through the connection's bounded queue). */
  void send(JsonObject msg);

  /** True while the socket's write queue is full: skip optional frames, send fewer, fuller ones. */
  boolean backedUp();
}
