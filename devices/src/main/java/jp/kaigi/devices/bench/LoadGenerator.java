package jp.kaigi.devices.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import jp.kaigi.devices.sensor.SimDevice;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/**
 * Load mode: N devices, each publishing QoS 1 room-sensor readings at a fixed rate, over a few
 * shared connections when {@code connections < N} is impossible (each device authenticates as
 * itself, so each has its own connection). Counts acknowledged publishes.
 */
public final class LoadGenerator implements AutoCloseable {
  private final List<MqttAsyncClient> clients = new ArrayList<>();
  private final List<SimDevice> devices;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  public LoadGenerator(String brokerUrl, List<SimDevice> devices) throws Exception {
    this.devices = devices;
    for (SimDevice d : devices) {
      MqttAsyncClient c = new MqttAsyncClient(brokerUrl, d.id(), new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setUserName(d.id());
      o.setPassword(d.secret().getBytes(StandardCharsets.UTF_8));
      o.setCleanStart(true);
      o.setSocketFactory(jp.kaigi.devices.sensor.MqttDeviceSockets.noDelay());
      c.connect(o).waitForCompletion(10_000);
      clients.add(c);
    }
  }

  /**
   * Publishes {@code perDevice} readings from every device as fast as the inflight window allows
   * (or paced to {@code ratePerSecond} in total when > 0); returns when all are acknowledged.
   */
  public long run(int perDevice, int ratePerSecond) throws Exception {
    long total = (long) perDevice * clients.size();
    long start = System.nanoTime();
    long sent = 0;
    MqttActionListener l =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken t) {
            acked.incrementAndGet();
          }

          @Override
          public void onFailure(IMqttToken t, Throwable e) {
            failed.incrementAndGet();
          }
        };
    for (int i = 0; i < perDevice; i++) {
      for (int k = 0; k < clients.size(); k++) {
        MqttAsyncClient c = clients.get(k);
        byte[] payload =
            String.format(
                    Locale.ROOT, "{\"co2\":%d,\"temperature\":22.5,\"seq\":%d}", 500 + i % 400, i)
                .getBytes(StandardCharsets.UTF_8);
        while (true) {
          try {
            c.publish(devices.get(k).telemetryTopic(), payload, 1, false, null, l);
            break;
          } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
            if (e.getReasonCode() != 32202) { // too many inflight: wait a little
              throw e;
            }
            Thread.onSpinWait();
          }
        }
        sent++;
        if (ratePerSecond > 0) {
          long due = start + sent * 1_000_000_000L / ratePerSecond;
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
        }
      }
    }
    while (acked.get() + failed.get() < total) {
      Thread.sleep(5); // benchmark driver, not a test: a short poll is fine
    }
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    for (MqttAsyncClient c : clients) {
      try {
        c.disconnect().waitForCompletion(2000);
        c.close(true);
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
