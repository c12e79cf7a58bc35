package jp.kaigi.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** This node's page-sync figures at {@code /metrics} ({@code kaigi_sync_*}). */
final class SyncMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final LongAdder events = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder socketAcks = new LongAdder();
  private final LongAdder messageAcks = new LongAdder();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Counter> closes = new ConcurrentHashMap<>();

  SyncMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("kaigi.sync.connections", connections, AtomicInteger::get)
        .description("Open WebSocket connections on this node")
        .register(registry);
    FunctionCounter.builder("kaigi.sync.events", events, LongAdder::sum)
        .description("Meeting events fanned out by this node")
        .register(registry);
    FunctionCounter.builder("kaigi.sync.deliveries", deliveries, LongAdder::sum)
        .description("Frames written to tablets for meeting events")
        .register(registry);
    FunctionCounter.builder("kaigi.sync.fanout.batches", batches, LongAdder::sum)
        .description("Fan-out tasks: one per event and event loop holding its tablets")
        .register(registry);
    for (var read : Map.of("socket", socketAcks, "message", messageAcks).entrySet()) {
      FunctionCounter.builder("kaigi.sync.acks", read.getValue(), LongAdder::sum)
          .tag("read", read.getKey())
          .description(
              "Acks taken: off the socket before Vert.x (plain ones), or as a WebSocket message")
          .register(registry);
    }
  }

  /** An ack taken off the socket ({@code socket}) or through the WebSocket message path. */
  void acked(boolean socket) {
    (socket ? socketAcks : messageAcks).increment();
  }

  void opened() {
    connections.incrementAndGet();
  }

  void closed() {
    connections.decrementAndGet();
  }

  void event() {
    events.increment();
  }

  void delivered(int count) {
    deliveries.add(count);
  }

  /** One event written by one event loop to {@code count} of its tablets. */
  void fannedOut(int count) {
    batches.increment();
    deliveries.add(count);
  }

  void error(String code) {
    errors
        .computeIfAbsent(
            code,
            c ->
                Counter.builder("kaigi.sync.errors")
                    .tag("code", c)
                    .description("Error frames sent, by code")
                    .register(registry))
        .increment();
  }

  /** Connections the server closed, by reason (slow, abuse, session). */
  void serverClosed(String reason) {
    closes
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("kaigi.sync.server.closes")
                    .tag("reason", r)
                    .description("Connections closed by the server, by reason")
                    .register(registry))
        .increment();
  }
}
