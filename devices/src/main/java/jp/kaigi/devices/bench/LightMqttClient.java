package jp.kaigi.devices.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal non-blocking MQTT 3.1.1 publisher (CONNECT with username/password and a retained Last
 * Will, QoS 1 PUBLISH, PUBACK, PINGREQ) on a Vert.x NetClient, so one JVM can play 10,000 devices
 * without 10,000 × Paho's threads. Load generation only; the simulators use Paho.
 */
public final class LightMqttClient {
  private final Vertx vertx;
  private final NetClient net;
  private final String host;
  private final int port;
  private NetSocket socket;
  private int nextId = 1;
  private long pingTimer = -1;
  private final AtomicLong acked;
  private Buffer pending = Buffer.buffer();
  private Promise<Void> connack;

  public LightMqttClient(Vertx vertx, NetClient net, String host, int port, AtomicLong acked) {
    this.vertx = vertx;
    this.net = net;
    this.host = host;
    this.port = port;
    this.acked = acked;
  }

  public Future<Void> connect(String clientId, String user, String password, String willTopic) {
    connack = Promise.promise();
    return net.connect(port, host)
        .compose(
            s -> {
              socket = s;
              s.handler(this::onData);
              s.write(connectPacket(clientId, user, password, willTopic));
              pingTimer =
                  vertx.setPeriodic(
                      30_000, id -> s.write(Buffer.buffer(new byte[] {(byte) 0xC0, 0})));
              s.closeHandler(v -> vertx.cancelTimer(pingTimer));
              return connack.future();
            });
  }

  private void onData(Buffer b) {
    pending.appendBuffer(b);
    int pos = 0;
    while (true) {
      if (pending.length() - pos < 2) {
        break;
      }
      int type = pending.getUnsignedByte(pos) >> 4;
      int len = 0;
      int mul = 1;
      int i = pos + 1;
      int digit;
      do {
        if (i >= pending.length()) {
          digit = -1;
          break;
        }
        digit = pending.getUnsignedByte(i++);
        len += (digit & 0x7F) * mul;
        mul *= 128;
      } while ((digit & 0x80) != 0);
      if (digit < 0 || pending.length() < i + len) {
        break;
      }
      if (type == 2) { // CONNACK
        int rc = pending.getUnsignedByte(i + 1);
        if (rc == 0) {
          connack.tryComplete();
        } else {
          connack.tryFail("CONNACK " + rc);
        }
      } else if (type == 4) { // PUBACK
        acked.incrementAndGet();
      }
      pos = i + len;
    }
    pending = pending.getBuffer(pos, pending.length());
  }

  /** QoS 1 publish; counted in {@code acked} when the broker acknowledges it. */
  public void publish(String topic, String payload, boolean retain) {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    int id = nextId;
    nextId = nextId == 65535 ? 1 : nextId + 1;
    Buffer body =
        Buffer.buffer()
            .appendShort((short) t.length)
            .appendBytes(t)
            .appendShort((short) id)
            .appendBytes(p);
    socket.write(header(0x32 | (retain ? 1 : 0), body.length()).appendBuffer(body));
  }

  public void close() {
    if (socket != null) {
      vertx.cancelTimer(pingTimer);
      socket.write(Buffer.buffer(new byte[] {(byte) 0xE0, 0}));
      socket.close();
    }
  }

  private static Buffer connectPacket(
      String clientId, String user, String password, String willTopic) {
    Buffer v =
        Buffer.buffer()
            .appendShort((short) 4)
            .appendString("MQTT")
            .appendByte((byte) 4)
            .appendByte((byte) (0x80 | 0x40 | 0x20 | 0x08 | 0x04 | 0x02))
            .appendShort((short) 60);
    str(v, clientId);
    str(v, willTopic);
    str(v, "offline");
    str(v, user);
    str(v, password);
    return header(0x10, v.length()).appendBuffer(v);
  }

  private static void str(Buffer b, String s) {
    byte[] x = s.getBytes(StandardCharsets.UTF_8);
    b.appendShort((short) x.length).appendBytes(x);
  }

  private static Buffer header(int first, int remaining) {
    Buffer h = Buffer.buffer().appendByte((byte) first);
    do {
      int d = remaining % 128;
      remaining /= 128;
      h.appendByte((byte) (remaining > 0 ? d | 0x80 : d));
    } while (remaining > 0);
    return h;
  }
}
