package jp.kaigi.office.ingest;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * Where telemetry comes from: an MQTT subscription in production ({@link PahoTelemetrySource}).
 * Messages are handed over in the order the source received them.
 */
public interface TelemetrySource {
  /** Connects and subscribes; resolves once the subscription is in place. */
  Future<Void> start(Consumer<TelemetryMessage> handler);

  boolean connected();

  Future<Void> stop();
}
