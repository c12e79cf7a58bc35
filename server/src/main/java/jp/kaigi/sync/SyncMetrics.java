package jp.kaigi.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
  private final Timer store;
  private final Timer fanout;

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
    // The two stages of a page turn's way to the tablets that a node can be slow in; histograms,
    // so a cluster's p99 can be summed over nodes.
    store =
        stageTimer(
            "kaigi.sync.store",
            "Compare-and-set of a meeting's state in the shared map, by the node that stores an"
                + " event (a Hazelcast partition owner and its backup when clustered)");
    fanout =
        stageTimer(
            "kaigi.sync.fanout",
            "From this node's hub taking an event to one event loop having written it to its"
                + " tablets: waiting for the loop, then the writes");
  }

  private Timer stageTimer(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** One compare-and-set of the shared state, stored or refused. */
  void stored(long nanos) {
    store.record(nanos, TimeUnit.NANOSECONDS);
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

  /**
   * One event written by one event loop to {@code count} of its tablets, {@code nanos} after the
   * hub took it.
   */
  void fannedOut(int count, long nanos) {
    batches.increment();
    deliveries.add(count);
    fanout.record(nanos, TimeUnit.NANOSECONDS);
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
