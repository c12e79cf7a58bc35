package jp.kaigi.office.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's MQTT subscription (Paho v5): QoS 1, a persistent session (clean start off, a week of
 * session expiry) so the broker queues readings while we are away, automatic reconnect, and a
 * shared subscription {@code $share/<group>/kaigi/+/devices/+/telemetry} so several nodes split the
 * stream. Status topics are subscribed without sharing: retained messages are never delivered to
 * shared subscriptions, and every node wants every device's presence.
 *
 * <p>Paho calls back on one thread in arrival order; each message is handed to one Vert.x context,
 * which keeps that order for the pipeline.
 */
public final class PahoTelemetrySource implements TelemetrySource {
  private static final Logger LOG = LoggerFactory.getLogger(PahoTelemetrySource.class);
  public static final String TELEMETRY = "kaigi/+/devices/+/telemetry";
  public static final String STATUS = "kaigi/+/devices/+/status";

  /** How to reach the broker. */
  public record Settings(
      String url,
      String clientId,
      String username,
      byte[] password,
      Path caFile,
      String shareGroup,
      long sessionExpirySeconds) {}

  private final Vertx vertx;
  private final Settings settings;
  private MqttAsyncClient client;
  private Context context;
  private Consumer<TelemetryMessage> handler;
  private volatile boolean stopping;

  public PahoTelemetrySource(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  @Override
  public Future<Void> start(Consumer<TelemetryMessage> handler) {
    this.handler = handler;
    this.context = vertx.getOrCreateContext();
    Promise<Void> subscribed = Promise.promise();
    try {
      client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
      client.setCallback(new Callback(subscribed));
      connect(subscribed);
    } catch (MqttException | RuntimeException e) {
      return Future.failedFuture(e);
    }
    return subscribed.future();
  }

  private void connect(Promise<Void> subscribed) throws MqttException {
    client.connect(
        options(),
        null,
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            // subscriptions happen in connectComplete
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            // Paho retries only after a first success; until then we retry ourselves.
            LOG.warn(
                "event=office.mqtt.connect_failed url={} error={}", settings.url(), e.toString());
            if (!stopping) {
              vertx.setTimer(
                  2000,
                  id -> {
                    try {
                      connect(subscribed);
                    } catch (MqttException ex) {
                      subscribed.tryFail(ex);
                    }
                  });
            }
          }
        });
  }

  private MqttConnectionOptions options() throws MqttException {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(false);
    // Bounded: with a shared group the broker keeps routing a dead node's share to its session
    // until it expires (docs/mqtt.md, "When a node dies").
    o.setSessionExpiryInterval(settings.sessionExpirySeconds());
    o.setAutomaticReconnect(true);
    o.setAutomaticReconnectDelay(1, 15);
    o.setKeepAliveInterval(30);
    o.setConnectionTimeout(10);
    o.setReceiveMaximum(65_535);
    if (settings.username() != null) {
      o.setUserName(settings.username());
    }
    if (settings.password() != null) {
      o.setPassword(settings.password());
    }
    if (settings.url().startsWith("ssl://")) {
      o.setSocketFactory(tls(settings.caFile()));
    } else {
      o.setSocketFactory(new NoDelaySocketFactory());
    }
    return o;
  }

  private static javax.net.SocketFactory tls(Path caFile) throws MqttException {
    try {
      if (caFile == null) {
        return SSLContext.getDefault().getSocketFactory();
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      try (InputStream in = Files.newInputStream(caFile)) {
        int i = 0;
        for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          ks.setCertificateEntry("ca" + i++, cert);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (Exception e) {
      throw new MqttException(e);
    }
  }

  private void subscribe(Promise<Void> subscribed) {
    String telemetry =
        settings.shareGroup() == null || settings.shareGroup().isEmpty()
            ? TELEMETRY
            : "$share/" + settings.shareGroup() + "/" + TELEMETRY;
    try {
      client.subscribe(
          new MqttSubscription[] {
            new MqttSubscription(telemetry, 1), new MqttSubscription(STATUS, 1)
          },
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] codes = token.getReasonCodes();
              for (int c : codes == null ? new int[0] : codes) {
                if (c >= 0x80) {
                  subscribed.tryFail("subscription refused by the broker, reason code " + c);
                  LOG.error("event=office.mqtt.subscribe_refused code={}", c);
                  return;
                }
              }
              LOG.info("event=office.mqtt.subscribed topic={} url={}", telemetry, settings.url());
              subscribed.tryComplete();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.error("event=office.mqtt.subscribe_failed error={}", e.toString());
              subscribed.tryFail(e);
            }
          },
          new MqttProperties());
    } catch (MqttException e) {
      subscribed.tryFail(e);
    }
  }

  private final class Callback implements MqttCallback {
    private final Promise<Void> subscribed;

    Callback(Promise<Void> subscribed) {
      this.subscribed = subscribed;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!stopping) {
        LOG.warn("event=office.mqtt.disconnected reason={}", response.getReasonString());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
      LOG.warn("event=office.mqtt.error error={}", e.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      TelemetryMessage m =
          new TelemetryMessage(
              topic, message.getPayload(), System.currentTimeMillis(), message.isRetained());
      context.runOnContext(v -> handler.accept(m));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
      LOG.info("event=office.mqtt.connected url={} reconnect={}", serverURI, reconnect);
      // Always (re)subscribe: a broker that lost our session (restart without persistence)
      // would otherwise leave us connected and deaf.
      subscribe(subscribed);
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }

  @Override
  public boolean connected() {
    return client != null && client.isConnected();
  }

  @Override
  public Future<Void> stop() {
    stopping = true;
    if (client == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          try {
            if (client.isConnected()) {
              client.disconnect(2000).waitForCompletion(3000);
            }
          } catch (MqttException e) {
            LOG.debug("event=office.mqtt.disconnect_failed error={}", e.toString());
          } finally {
            client.close(true);
          }
          return null;
        });
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
