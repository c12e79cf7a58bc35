package jp.kaigi.office.state;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceType;

/**
 * The last-seen timeout: a device silent for longer than its type's timeout (a battery desk sensor
 * with a 5-minute heartbeat: 15 minutes) is offline even if its Last Will never came.
 */
public final class PresenceMonitor {
  private final DeviceStateStore states;
  private final Function<String, java.util.Optional<Device>> devices;
  private final Function<DeviceType, Duration> timeout;

  public PresenceMonitor(
      DeviceStateStore states,
      Function<String, java.util.Optional<Device>> devices,
      Function<DeviceType, Duration> timeout) {
    this.states = states;
    this.devices = devices;
    this.timeout = timeout;
  }

  /** Marks silent devices offline; returns the states that changed. */
  public Future<List<JsonObject>> check(long now) {
    return states
        .all()
        .compose(
            all -> {
              List<Future<JsonObject>> changes = new ArrayList<>();
              for (JsonObject s : all) {
                if (!Boolean.TRUE.equals(s.getBoolean("online"))) {
                  continue;
                }
                var d = devices.apply(s.getString("id"));
                if (d.isEmpty()) {
                  continue;
                }
                long silentSince = now - timeout.apply(d.get().type()).toMillis();
                if (s.getLong("lastSeen", 0L) < silentSince) {
                  changes.add(states.applyTimeout(d.get(), silentSince));
                }
              }
              return Future.join(changes)
                  .transform(
                      ar -> {
                        List<JsonObject> changed = new ArrayList<>();
                        for (Future<JsonObject> f : changes) {
                          if (f.succeeded() && f.result() != null) {
                            changed.add(f.result());
                          }
                        }
                        return Future.succeededFuture(changed);
                      });
            });
  }
}
