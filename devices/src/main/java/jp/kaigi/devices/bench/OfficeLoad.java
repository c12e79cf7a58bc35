package jp.kaigi.devices.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import jp.kaigi.devices.sensor.SimDevice;

/**
 * A realistic office at scale: every device at its normal rate (desk: change or 5-minute heartbeat,
 * about 1.5 messages per 5 minutes; room sensor and counter: every minute; tablet: every 10
 * minutes), times {@code speed}. Connections are spread over the Vert.x event loops.
 */
public final class OfficeLoad implements AutoCloseable {
  private final Vertx vertx;
  private final NetClient net;
  private final List<LightMqttClient> clients = new ArrayList<>();
  private final List<SimDevice> devices;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final List<Long> timers = java.util.Collections.synchronizedList(new ArrayList<>());

  public OfficeLoad(Vertx vertx, List<SimDevice> devices) {
    this.vertx = vertx;
    this.devices = devices;
    this.net =
        vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(30_000));
  }

  /** Connects every device, {@code parallel} connects at a time. */
  public Future<Void> connect(String host, int port, int parallel) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < devices.size(); i += parallel) {
      List<SimDevice> slice = devices.subList(i, Math.min(devices.size(), i + parallel));
      chain =
          chain.compose(
              v -> {
                List<Future<Void>> fs = new ArrayList<>();
                for (SimDevice d : slice) {
                  LightMqttClient c = new LightMqttClient(vertx, net, host, port, acked);
                  clients.add(c);
                  fs.add(
                      c.connect(d.id(), d.id(), d.secret(), d.statusTopic())
                          .onSuccess(x -> c.publish(d.statusTopic(), "online", true)));
                }
                return Future.all(fs).mapEmpty();
              });
    }
    return chain;
  }

  /** Starts each device's periodic readings (random phase). */
  public void start(double speed) {
    Random rnd = new Random(7); // used from several event loops: fine for load, not for crypto
    for (int i = 0; i < devices.size(); i++) {
      SimDevice d = devices.get(i);
      LightMqttClient c = clients.get(i);
      long periodMs =
          (long)
              (switch (d.type()) {
                    case "desk" -> 200_000; // 1.5 per 5 min
                    case "room", "counter" -> 60_000;
                    default -> 600_000;
                  }
                  / speed);
      long first = 1 + (long) (rnd.nextDouble() * periodMs);
      double[] s = {rnd.nextInt(2), 600 + rnd.nextInt(300), 100};
      Runnable tick =
          () -> {
            c.publish(d.telemetryTopic(), payload(d, s, rnd), false);
            sent.incrementAndGet();
          };
      // first reading at a random phase, then every period
      timers.add(vertx.setPeriodic(first, periodMs, p -> tick.run()));
    }
  }

  private static String payload(SimDevice d, double[] s, Random rnd) {
    return switch (d.type()) {
      case "desk" -> {
        if (rnd.nextDouble() < 0.3) {
          s[0] = 1 - s[0];
        }
        yield "{\"occupied\":" + (s[0] > 0) + ",\"battery\":" + (int) s[2] + "}";
      }
      case "room" -> {
        s[1] = Math.max(420, Math.min(1400, s[1] + rnd.nextGaussian() * 30));
        yield String.format(
            Locale.ROOT,
            "{\"co2\":%.0f,\"temperature\":%.1f,\"humidity\":%.0f,\"noise\":%.1f}",
            s[1],
            22 + rnd.nextGaussian(),
            50 + rnd.nextGaussian() * 3,
            40 + rnd.nextGaussian() * 3);
      }
      case "counter" -> "{\"count\":" + rnd.nextInt(8) + "}";
      default -> "{\"battery\":" + (50 + rnd.nextInt(50)) + ",\"app\":\"viewer\"}";
    };
  }

  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  @Override
  public void close() {
    timers.forEach(vertx::cancelTimer);
    clients.forEach(LightMqttClient::close);
    net.close();
  }
}
