package jp.kaigi.devices.sensor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * One simulated device's MQTT connection (Paho v5): username = device id, password = secret, a Last
 * Will of retained {@code offline} on its status topic, a retained {@code online} after each
 * connect, QoS 1 telemetry, automatic reconnect and a buffer for readings taken while disconnected
 * (so a broker restart loses none).
 */
public final class MqttDevice implements AutoCloseable {
  private final SimDevice device;
  private final MqttAsyncClient client;

  public MqttDevice(String brokerUrl, SimDevice device) throws MqttException {
    this.device = device;
    this.client = new MqttAsyncClient(brokerUrl, device.id(), new MemoryPersistence());
    org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions buf =
        new org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions();
    buf.setBufferEnabled(true);
    buf.setBufferSize(100_000);
    buf.setPersistBuffer(false);
    buf.setDeleteOldestMessages(false);
    client.setBufferOpts(buf);
    client.setCallback(
        new org.eclipse.paho.mqttv5.client.MqttCallback() {
          @Override
          public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverURI) {
            publishStatus();
          }

          @Override
          public void authPacketArrived(
              int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
        });
  }

  public SimDevice device() {
    return device;
  }

  /** Connects (blocking, up to 10 s); the retained {@code online} follows from the callback. */
  public void connect() throws MqttException {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setUserName(device.id());
    o.setPassword(device.secret().getBytes(StandardCharsets.UTF_8));
    // A persistent session: QoS 1 readings in flight when the broker goes away are resent.
    o.setCleanStart(false);
    o.setSessionExpiryInterval(3600L);
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 5);
    o.setKeepAliveInterval(30);
    o.setConnectionTimeout(10);
    o.setSocketFactory(new NoDelay());
    MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8));
    will.setQos(1);
    will.setRetained(true);
    o.setWill(device.statusTopic(), will);
    client.connect(o).waitForCompletion(10_000);
  }

  private void publishStatus() {
    try {
      client.publish(device.statusTopic(), "online".getBytes(StandardCharsets.UTF_8), 1, true);
    } catch (MqttException e) {
      // the next reconnect publishes it again
    }
  }

  /**
   * Publishes one reading (a JSON object), QoS 1, buffered while disconnected. A publish that fails
   * in flight (the connection dropped before Paho noticed) is sent again: at least once, as QoS 1
   * promises, even when Paho gives the in-flight message up.
   */
  public void publish(String json) throws MqttException {
    send(json.getBytes(StandardCharsets.UTF_8));
  }

  private void send(byte[] payload) {
    if (closed) {
      return;
    }
    try {
      client.publish(
          device.telemetryTopic(),
          payload,
          1,
          false,
          null,
          new org.eclipse.paho.mqttv5.client.MqttActionListener() {
            @Override
            public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken t) {}

            @Override
            public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken t, Throwable e) {
              retry(payload);
            }
          });
    } catch (MqttException e) {
      // not connected and not yet reconnecting (Paho's buffer only covers the latter)
      retry(payload);
    }
  }

  private void retry(byte[] payload) {
    if (!closed) {
      RETRY.schedule(() -> send(payload), 500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private static final java.util.concurrent.ScheduledExecutorService RETRY =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kaigi-sim-retry");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  public void publishRaw(String topic, byte[] payload) throws MqttException {
    client.publish(topic, payload, 1, false);
  }

  public boolean isConnected() {
    return client.isConnected();
  }

  /** A clean goodbye: retained {@code offline}, then disconnect. */
  @Override
  public void close() {
    closed = true;
    try {
      if (client.isConnected()) {
        client
            .publish(device.statusTopic(), "offline".getBytes(StandardCharsets.UTF_8), 1, true)
            .waitForCompletion(2000);
        client.disconnect().waitForCompletion(2000);
      }
    } catch (MqttException e) {
      // closing anyway
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing left to do
    }
  }

  /** Dies without a goodbye, like a pulled battery: the broker sends the Last Will. */
  public void kill() {
    closed = true;
    try {
      client.disconnectForcibly(0, 0, false);
    } catch (MqttException e) {
      // already gone
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // already gone
    }
  }

  /** TCP_NODELAY: Paho leaves Nagle on, which caps QoS 1 at ~1k msg/s (STACK.md trap 2). */
  static final class NoDelay extends SocketFactory {
    private final SocketFactory plain = SocketFactory.getDefault();

    private static Socket tune(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return tune(plain.createSocket());
    }

    @Override
    public Socket createSocket(String h, int p) throws IOException {
      return tune(plain.createSocket(h, p));
    }

    @Override
    public Socket createSocket(String h, int p, InetAddress la, int lp) throws IOException {
      return tune(plain.createSocket(h, p, la, lp));
    }

    @Override
    public Socket createSocket(InetAddress h, int p) throws IOException {
      return tune(plain.createSocket(h, p));
    }

    @Override
    public Socket createSocket(InetAddress a, int p, InetAddress la, int lp) throws IOException {
      return tune(plain.createSocket(a, p, la, lp));
    }
  }
}
