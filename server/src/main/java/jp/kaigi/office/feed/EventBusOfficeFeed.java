package jp.kaigi.office.feed;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import jp.kaigi.office.alert.AlertEngine;

/**
 * The feed over the (clustered) event bus: each node coalesces the states it applied per floor and
 * publishes one batch per floor every {@code periodMs} to {@code
 * kaigi.office.floor.<site>.<floor>}, so the bus carries at most a few messages per second per
 * floor whatever the reading rate.
 */
public final class EventBusOfficeFeed implements OfficeFeed {
  public static final String FLOOR_PREFIX = "kaigi.office.floor.";
  public static final String SITE_PREFIX = "kaigi.office.site.";

  private final Vertx vertx;
  private final Map<String, Map<String, JsonObject>> pending = new HashMap<>();
  private final long timer;

  public EventBusOfficeFeed(Vertx vertx, long periodMs) {
    this.vertx = vertx;
    this.timer = vertx.setPeriodic(periodMs, id -> flush());
  }

  public static String address(String site, String floor) {
    return FLOOR_PREFIX + site + "." + floor;
  }

  @Override
  public synchronized void publish(JsonObject state) {
    String addr = address(state.getString("site"), state.getString("floor"));
    pending.computeIfAbsent(addr, k -> new LinkedHashMap<>()).put(state.getString("id"), state);
  }

  private void flush() {
    Map<String, Map<String, JsonObject>> batch;
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      batch = new HashMap<>(pending);
      pending.clear();
    }
    batch.forEach(
        (addr, states) -> {
          JsonArray list = new JsonArray(states.values().stream().toList());
          vertx.eventBus().publish(addr, list);
          vertx.eventBus().publish(SITE_PREFIX + list.getJsonObject(0).getString("site"), list);
        });
  }

  @Override
  public Subscription subscribe(String site, String floor, Consumer<JsonArray> states) {
    String addr = floor == null ? SITE_PREFIX + site : address(site, floor);
    MessageConsumer<JsonArray> c = vertx.eventBus().consumer(addr, m -> states.accept(m.body()));
    return () -> c.unregister();
  }

  @Override
  public Subscription alerts(Consumer<JsonObject> alert) {
    MessageConsumer<JsonObject> c =
        vertx.eventBus().consumer(AlertEngine.ADDRESS, m -> alert.accept(m.body()));
    return () -> c.unregister();
  }

  public void close() {
    vertx.cancelTimer(timer);
  }
}
