package jp.kaigi.office.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import jp.kaigi.office.registry.Device;

/**
 * The pure steps of the telemetry pipeline: {@code parseTopic → authorize → decode → validate}.
 * Throws {@link Rejected}; never anything else for any input.
 */
public final class TelemetryDecoder {
  /** Parsed {@code kaigi/{site}/devices/{deviceId}/(telemetry|status)}. */
  public record Address(String site, String deviceId, boolean status) {}

  private final Function<String, Optional<Device>> devices;
  private final int maxPayloadBytes;

  public TelemetryDecoder(Function<String, Optional<Device>> devices, int maxPayloadBytes) {
    this.devices = devices;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public static Address parseTopic(String topic) {
    String[] p = topic.split("/", -1);
    if (p.length != 5
        || !p[0].equals("kaigi")
        || !p[2].equals("devices")
        || p[1].isEmpty()
        || p[3].isEmpty()
        || !(p[4].equals("telemetry") || p[4].equals("status"))) {
      throw new Rejected(RejectReason.BAD_TOPIC, null, "unexpected topic " + clip(topic));
    }
    return new Address(p[1], p[3], p[4].equals("status"));
  }

  /** The device must be registered and registered at the site its topic names. */
  public Device authorize(Address a) {
    Device d =
        devices
            .apply(a.deviceId())
            .orElseThrow(
                () ->
                    new Rejected(
                        RejectReason.UNKNOWN_DEVICE, a.deviceId(), "device is not registered"));
    if (!d.site().equals(a.site())) {
      throw new Rejected(
          RejectReason.WRONG_SITE,
          a.deviceId(),
          "device is registered at site " + d.site() + ", topic says " + clip(a.site()));
    }
    return d;
  }

  /** {@code online} or {@code offline}. */
  public boolean decodeStatus(Device d, byte[] payload) {
    String s = new String(payload, StandardCharsets.UTF_8).strip();
    return switch (s) {
      case "online" -> true;
      case "offline" -> false;
      default ->
          throw new Rejected(
              RejectReason.BAD_STATUS, d.id(), "status must be online or offline: " + clip(s));
    };
  }

  public JsonObject decode(Device d, byte[] payload) {
    if (payload.length > maxPayloadBytes) {
      throw new Rejected(
          RejectReason.TOO_LARGE,
          d.id(),
          payload.length + " bytes is more than the limit of " + maxPayloadBytes);
    }
    Object parsed;
    try {
      parsed = Buffer.buffer(payload).toJsonValue();
    } catch (DecodeException | IllegalStateException e) {
      throw new Rejected(RejectReason.NOT_JSON, d.id(), "payload is not JSON");
    }
    if (!(parsed instanceof JsonObject o)) {
      throw new Rejected(RejectReason.NOT_OBJECT, d.id(), "payload must be a JSON object");
    }
    return o;
  }

  /** Types and ranges of the known readings; unknown keys are kept as they are. */
  public Reading validate(Device d, JsonObject o, long receivedAt) {
    long ts = receivedAt;
    Object rawTs = o.getValue("ts");
    if (rawTs != null) {
      double t = number(d, o, "ts");
      if (t != Math.rint(t) || t < 946_684_800_000d || t > receivedAt + 24 * 3600_000d) {
        throw new Rejected(
            RejectReason.OUT_OF_RANGE, d.id(), "ts must be epoch milliseconds, not in the future");
      }
      ts = (long) t;
    }
    Boolean occupied = null;
    Object occ = o.getValue("occupied");
    if (occ != null) {
      if (!(occ instanceof Boolean b)) {
        throw new Rejected(RejectReason.WRONG_TYPE, d.id(), "occupied must be true or false");
      }
      occupied = b;
    }
    Double count = ranged(d, o, "count", 0, 1_000_000);
    if (count != null && count != Math.rint(count)) {
      throw new Rejected(RejectReason.WRONG_TYPE, d.id(), "count must be a whole number");
    }
    return new Reading(
        d,
        ts,
        occupied,
        ranged(d, o, "co2", 0, 10_000),
        ranged(d, o, "temperature", -40, 85),
        ranged(d, o, "humidity", 0, 100),
        ranged(d, o, "noise", 0, 140),
        count == null ? null : count.longValue(),
        ranged(d, o, "battery", 0, 100),
        o);
  }

  private static Double ranged(Device d, JsonObject o, String key, double min, double max) {
    if (o.getValue(key) == null) {
      return null;
    }
    double v = number(d, o, key);
    if (!(v >= min && v <= max)) {
      throw new Rejected(
          RejectReason.OUT_OF_RANGE, d.id(), key + " " + v + " is outside " + min + ".." + max);
    }
    return v;
  }

  private static double number(Device d, JsonObject o, String key) {
    Object v = o.getValue(key);
    if (!(v instanceof Number n)) {
      throw new Rejected(RejectReason.WRONG_TYPE, d.id(), key + " must be a number");
    }
    double x = n.doubleValue();
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      throw new Rejected(RejectReason.WRONG_TYPE, d.id(), key + " must be a finite number");
    }
    return x;
  }

  static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
