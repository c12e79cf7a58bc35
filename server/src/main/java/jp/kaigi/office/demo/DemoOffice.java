package jp.kaigi.office.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kaigi.devices.sensor.SimDevice;
import jp.kaigi.devices.sensor.SimulatedOffice;
import jp.kaigi.office.registry.DeviceRegistry;
import jp.kaigi.office.registry.DeviceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/kaigi demo}: the pilot office 次世代DX事務所 (site {@code dx}, floor {@code 3F}): 40 desks
 * in zones A–D, three meeting rooms each with an environment sensor and a door counter, and four
 * tablets, simulated in-process and time-accelerated. Devices are provisioned on first start; each
 * start issues fresh secrets (the registry keeps only hashes). A floor without a plan gets {@link
 * #PLAN} and the places of its desks and rooms on it, so the dashboard opens on the map; a plan
 * someone put since is left alone.
 */
public final class DemoOffice {
  private static final Logger LOG = LoggerFactory.getLogger(DemoOffice.class);
  public static final String SITE = "dx";
  public static final String FLOOR = "3F";

  /** The floor plan (SVG, viewBox 1600 × 1000); its geometry is {@link #places()}'s. */
  static final String PLAN = "floor-3F.svg";

  static final double PLAN_WIDTH = 1600;
  static final double PLAN_HEIGHT = 1000;
  static final double DESK_WIDTH = 100;
  static final double DESK_DEPTH = 80;

  /** Top-left corner of each zone's island of 2 × 5 desks, in plan units. */
  static final Map<String, double[]> ISLANDS =
      Map.of(
          "A", new double[] {80, 150},
          "B", new double[] {660, 150},
          "C", new double[] {80, 590},
          "D", new double[] {660, 590});

  /** Each room's rectangle in plan units: x, y, width, height (the rooms along the east wall). */
  static final Map<String, double[]> ROOMS =
      Map.of(
          "会議室1", new double[] {1200, 20, 380, 340},
          "会議室2", new double[] {1200, 360, 380, 300},
          "ファミレス席", new double[] {1200, 660, 380, 320});

  /** How far a room's place stays inside its walls, in plan units. */
  static final double ROOM_INSET = 12;

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

  /**
   * The places of the demo floor: each desk at the centre of its desk (desk {@code n} of a zone is
   * column {@code (n - 1) % 5}, row {@code (n - 1) / 5} of the zone's island), each room as its
   * rectangle inside the walls; fractions of the plan.
   */
  static List<DeviceStore.Place> places() {
    List<DeviceStore.Place> out = new ArrayList<>();
    for (JsonObject d : layout()) {
      if ("desk".equals(d.getString("type"))) {
        String name = d.getString("desk");
        double[] island = ISLANDS.get(d.getString("zone"));
        int n = Integer.parseInt(name.substring(name.indexOf('-') + 1));
        double cx = island[0] + ((n - 1) % 5) * DESK_WIDTH + DESK_WIDTH / 2;
        double cy = island[1] + ((n - 1) / 5) * DESK_DEPTH + DESK_DEPTH / 2;
        out.add(
            new DeviceStore.Place(
                SITE, FLOOR, "desk", name, cx / PLAN_WIDTH, cy / PLAN_HEIGHT, null, null));
      } else if ("room".equals(d.getString("type"))) {
        double[] r = ROOMS.get(d.getString("room"));
        out.add(
            new DeviceStore.Place(
                SITE,
                FLOOR,
                "room",
                d.getString("room"),
                (r[0] + ROOM_INSET) / PLAN_WIDTH,
                (r[1] + ROOM_INSET) / PLAN_HEIGHT,
                (r[2] - 2 * ROOM_INSET) / PLAN_WIDTH,
                (r[3] - 2 * ROOM_INSET) / PLAN_HEIGHT));
      }
    }
    return out;
  }

  static byte[] plan() {
    try (InputStream in = DemoOffice.class.getResourceAsStream(PLAN)) {
      if (in == null) {
        throw new IllegalStateException("resource " + PLAN + " missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Puts the plan and places when the floor has no plan yet; true when it did. */
  private Future<Boolean> putPlanIfNone() {
    return registry
        .db()
        .transaction(
            c -> {
              DeviceStore store = registry.store();
              if (store.floorPlan(c, SITE, FLOOR).isPresent()) {
                return false;
              }
              store.putFloorPlan(c, SITE, FLOOR, "image/svg+xml", plan());
              store.replacePlaces(c, SITE, FLOOR, places());
              return true;
            });
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
    // The map is a nicety: a plan that cannot be stored leaves the list view, not a dead demo.
    putPlanIfNone()
        .onSuccess(
            put -> {
              if (put) {
                LOG.info("event=office.demo.plan site={} floor={}", SITE, FLOOR);
              }
            })
        .onFailure(e -> LOG.warn("event=office.demo.plan_failed error={}", e.toString()));
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
