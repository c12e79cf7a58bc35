package jp.kaigi.office.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.devices.sensor.SimulatedOffice;
import jp.kaigi.office.registry.DeviceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/kaigi demo}: the pilot office 次世代DX事務所 (site {@code dx}, floor {@code 3F}): 40 desks
 * in zones A–D, three meeting rooms each with an environment sensor and a door counter, and four
 * tablets, simulated in-process and time-accelerated. Devices are provisioned on first start; each
 * start issues fresh secrets (the registry keeps only hashes).
 */
public final class DemoOffice {
  private static final Logger LOG = LoggerFactory.getLogger(DemoOffice.class);
  public static final String SITE = "dx";
  public static final String FLOOR = "3F";

  private final Vertx vertx;
  private final DeviceRegistry registry;
  private final String brokerUrl;
  private final double acceleration;
  private SimulatedOffice office;
  private volatile boolean stopped;

  public DemoOffice(Vertx vertx, DeviceRegistry registry, String brokerUrl, double acceleration) {
    this.vertx = vertx;
    this.registry = registry;
    this.brokerUrl = brokerUrl;
    this.acceleration = acceleration;
  }

  static List<JsonObject> layout() {
    List<JsonObject> out = new ArrayList<>();
    String[] zones = {"A", "B", "C", "D"};
    for (int i = 1; i <= 40; i++) {
      String zone = zones[(i - 1) / 10];
      out.add(
          base(String.format("dx-desk-%02d", i), "desk")
              .put("zone", zone)
              .put("desk", zone + "-" + String.format("%02d", (i - 1) % 10 + 1)));
    }
    String[][] rooms = {{"会議室1", "8"}, {"会議室2", "6"}, {"ファミレス席", "4"}};
    for (int r = 0; r < rooms.length; r++) {
      int cap = Integer.parseInt(rooms[r][1]);
      out.add(
          base("dx-room-" + (r + 1), "room")
              .put("zone", "R")
              .put("room", rooms[r][0])
              .put("capacity", cap));
      out.add(
          base("dx-door-" + (r + 1), "counter")
              .put("zone", "R")
              .put("room", rooms[r][0])
              .put("capacity", cap));
    }
    for (int t = 1; t <= 4; t++) {
      out.add(base("dx-tablet-" + t, "tablet").put("zone", "A"));
    }
    return out;
  }

  private static JsonObject base(String id, String type) {
    return new JsonObject().put("id", id).put("type", type).put("site", SITE).put("floor", FLOOR);
  }

  public Future<Void> start() {
    List<Future<SimDevice>> issued = new ArrayList<>();
    Map<String, Integer> caps = new HashMap<>();
    for (JsonObject d : layout()) {
      String id = d.getString("id");
      if (d.getInteger("capacity") != null) {
        caps.put(id, d.getInteger("capacity"));
      }
      Future<DeviceRegistry.Issued> f =
          registry.cached(id).isPresent() ? registry.rotateSecret(id) : registry.create(d);
      issued.add(f.map(i -> new SimDevice(id, d.getString("type"), SITE, i.secret())));
    }
    return Future.all(issued)
        .compose(
            all -> {
              List<SimDevice> devices = all.list();
              return vertx.executeBlocking(
                  () -> {
                    SimulatedOffice sim =
                        new SimulatedOffice(
                            brokerUrl, devices, caps, acceleration, ZoneId.of("Asia/Tokyo"));
                    synchronized (this) {
                      if (stopped) {
                        return null;
                      }
                      office = sim;
                    }
                    sim.start();
                    LOG.info(
                        "event=office.demo.started devices={} acceleration={}",
                        devices.size(),
                        acceleration);
                    return null;
                  });
            });
  }

  public Future<Void> stop() {
    SimulatedOffice sim;
    synchronized (this) {
      stopped = true;
      sim = office;
    }
    if (sim == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          sim.close();
          return null;
        });
  }
}
