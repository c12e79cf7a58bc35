package jp.kaigi.devices.sensor;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running simulated office: desk sensors (state on change plus a 5-minute heartbeat), room
 * sensors (CO2 rising with the people in a closed room, temperature, humidity, noise, every
 * minute), door counters (people inside, every minute) and tablets (battery, every 10 minutes).
 * Simulated time runs {@code acceleration} times faster than the wall clock from now, in the
 * office's time zone; readings carry no {@code ts}, so the server stamps them on arrival.
 */
public final class SimulatedOffice implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SimulatedOffice.class.getName());

  private final String brokerUrl;
  private final List<SimDevice> devices;
  private final Map<String, Integer> roomCapacity;
  private final double acceleration;
  private final ZoneId zone;
  private final Random random = new Random(42);
  private final List<MqttDevice> connected = new ArrayList<>();
  private final Map<String, double[]> stateOf = new HashMap<>();
  private final ScheduledExecutorService clock =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kaigi-sim-office");
            t.setDaemon(true);
            return t;
          });
  private final Instant realStart = Instant.now();
  private final LocalDateTime simStart;

  /**
   * @param roomCapacity seats per device id of room sensors and counters
   */
  public SimulatedOffice(
      String brokerUrl,
      List<SimDevice> devices,
      Map<String, Integer> roomCapacity,
      double acceleration,
      ZoneId zone) {
    this.brokerUrl = brokerUrl;
    this.devices = devices;
    this.roomCapacity = roomCapacity;
    this.acceleration = acceleration;
    this.zone = zone;
    this.simStart = LocalDateTime.now(zone);
  }

  /** The simulated local time now. */
  public LocalDateTime simNow() {
    long realMs = Duration.between(realStart, Instant.now()).toMillis();
    return simStart.plus(Duration.ofMillis((long) (realMs * acceleration)));
  }

  /** Connects every device (blocking) and starts the clock. */
  public void start() throws Exception {
    for (SimDevice d : devices) {
      MqttDevice m = new MqttDevice(brokerUrl, d);
      m.connect();
      connected.add(m);
      stateOf.put(d.id(), new double[] {0, 420, 22.5, 50, 35, 100 - random.nextInt(30), -1e18});
    }
    // one simulated minute per tick, at least every 200 ms of real time
    long periodMs = Math.max(200, (long) (60_000 / acceleration));
    clock.scheduleAtFixedRate(this::tick, 0, periodMs, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      LocalDateTime t = simNow();
      double p = OfficeDay.deskOccupancy(t);
      double simMinutes = Duration.between(simStart, t).toSeconds() / 60.0;
      for (MqttDevice m : connected) {
        SimDevice d = m.device();
        double[] s = stateOf.get(d.id());
        switch (d.type()) {
          case "desk" -> desk(m, s, p, simMinutes);
          case "room", "counter" -> room(m, s, p, simMinutes);
          case "tablet" -> tablet(m, s, simMinutes);
          default -> {}
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "simulated office tick failed", e);
    }
  }

  // s: [occupied/people, co2, temperature, humidity, noise, battery, lastSentSimMinute]
  private void desk(MqttDevice m, double[] s, double p, double now) {
    boolean occ = s[0] > 0;
    double flip = occ ? (1 - p) * 0.08 : p * 0.08;
    boolean changed = random.nextDouble() < flip;
    if (changed) {
      occ = !occ;
      s[0] = occ ? 1 : 0;
    }
    if (changed || now - s[6] >= 5) {
      s[6] = now;
      s[5] = Math.max(0, s[5] - 0.01);
      send(
          m,
          String.format(
              Locale.ROOT, "{\"occupied\":%s,\"battery\":%.0f}", occ ? "true" : "false", s[5]));
    }
  }

  private void room(MqttDevice m, double[] s, double p, double now) {
    if (now - s[6] < 1) {
      return;
    }
    s[6] = now;
    int cap = roomCapacity.getOrDefault(m.device().id(), 6);
    double target = cap * p * (0.5 + random.nextDouble());
    s[0] = Math.max(0, Math.min(cap, Math.round(s[0] + (target - s[0]) * 0.3)));
    if (m.device().type().equals("counter")) {
      send(m, String.format(Locale.ROOT, "{\"count\":%d}", (long) s[0]));
      return;
    }
    // a closed room: each person adds ~25 ppm a minute, ventilation pulls back toward 420 ppm
    s[1] = Math.max(400, s[1] + s[0] * 25 - (s[1] - 420) * 0.06 + random.nextGaussian() * 5);
    s[2] = 22 + s[0] * 0.25 + random.nextGaussian() * 0.1;
    s[3] = Math.max(20, Math.min(80, 45 + s[0] * 1.5 + random.nextGaussian()));
    s[4] = 32 + s[0] * 4 + random.nextGaussian() * 2;
    send(
        m,
        String.format(
            Locale.ROOT,
            "{\"co2\":%.0f,\"temperature\":%.1f,\"humidity\":%.0f,\"noise\":%.1f,\"count\":%d}",
            s[1],
            s[2],
            s[3],
            s[4],
            (long) s[0]));
  }

  private void tablet(MqttDevice m, double[] s, double now) {
    if (now - s[6] < 10) {
      return;
    }
    s[6] = now;
    s[5] = s[5] <= 5 ? 100 : s[5] - 0.5;
    send(m, String.format(Locale.ROOT, "{\"battery\":%.1f,\"app\":\"viewer\"}", s[5]));
  }

  private static void send(MqttDevice m, String json) {
    try {
      m.publish(json);
    } catch (Exception e) {
      LOG.fine("publish failed: " + e);
    }
  }

  @Override
  public void close() {
    clock.shutdownNow();
    connected.forEach(MqttDevice::close);
    connected.clear();
  }
}
