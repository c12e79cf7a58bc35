package jp.kaigi.office.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters for {@code /metrics} ({@code kaigi_office_readings_total}, {@code
 * kaigi_office_rejected_total{reason}}) and a bounded list of recent rejections for the dashboard.
 */
public final class IngestStats {
  public static final int RECENT = 100;

  private final Counter accepted;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Deque<JsonObject> recent = new ArrayDeque<>();

  public IngestStats(MeterRegistry registry) {
    accepted =
        Counter.builder("kaigi.office.readings")
            .description("telemetry messages applied")
            .register(registry);
    for (RejectReason r : RejectReason.values()) {
      rejected.put(
          r,
          Counter.builder("kaigi.office.rejected")
              .description("telemetry messages rejected, by reason")
              .tag("reason", r.wire())
              .register(registry));
    }
  }

  public void accepted() {
    accepted.increment();
  }

  public double acceptedCount() {
    return accepted.count();
  }

  public double rejectedCount(RejectReason r) {
    return rejected.get(r).count();
  }

  public void rejected(Rejected r, String topic) {
    rejected.get(r.reason()).increment();
    JsonObject e =
        new JsonObject()
            .put("at", Instant.now().toString())
            .put("reason", r.reason().wire())
            .put("deviceId", r.deviceId())
            .put("topic", TelemetryDecoder.clip(topic))
            .put("detail", r.getMessage());
    synchronized (recent) {
      recent.addFirst(e);
      while (recent.size() > RECENT) {
        recent.removeLast();
      }
    }
  }

  public JsonObject toJson() {
    JsonObject counts = new JsonObject();
    rejected.forEach((k, v) -> counts.put(k.wire(), (long) v.count()));
    JsonArray list;
    synchronized (recent) {
      list = new JsonArray(recent.stream().map(JsonObject::copy).toList());
    }
    return new JsonObject()
        .put("accepted", (long) accepted.count())
        .put("rejected", counts)
        .put("recent", list);
  }
}
