package jp.kaigi.office.feed;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * The live office feed for dashboards: device states changed on a floor, and alert changes. The
 * WebSocket side ({@link OfficeFeedChannel}, {@code office.*} messages on the gateway {@code /ws})
 * only needs this interface.
 */
public interface OfficeFeed {
  /** Queues a changed device state (coalesced before it is sent anywhere). */
  void publish(JsonObject state);

  /** Receives batches of changed states of a site (floor null: every floor). */
  Subscription subscribe(String site, String floor, Consumer<JsonArray> states);

  /** Receives alert changes (raised, acknowledged, cleared). */
  Subscription alerts(Consumer<JsonObject> alert);

  /** Stop receiving. */
  interface Subscription {
    void cancel();
  }
}
