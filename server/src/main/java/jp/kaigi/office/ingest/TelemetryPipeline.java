package jp.kaigi.office.ingest;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import jp.kaigi.office.alert.AlertEngine;
import jp.kaigi.office.history.HistoryWriter;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.state.DeviceStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code parseTopic → authorize → decode → validate → apply → fanOut}, one message at a time on one
 * context; the state store applies one device's changes in the order this node received them. A bad
 * message is counted by reason and listed; nothing a device sends can throw out of here.
 */
public final class TelemetryPipeline implements Consumer<TelemetryMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryPipeline.class);

  private final TelemetryDecoder decoder;
  private final DeviceStateStore states;
  private final HistoryWriter history;
  private final AlertEngine alerts;
  private final Consumer<JsonObject> fanOut;
  private final IngestStats stats;

  public TelemetryPipeline(
      TelemetryDecoder decoder,
      DeviceStateStore states,
      HistoryWriter history,
      AlertEngine alerts,
      Consumer<JsonObject> fanOut,
      IngestStats stats) {
    this.decoder = decoder;
    this.states = states;
    this.history = history;
    this.alerts = alerts;
    this.fanOut = fanOut;
    this.stats = stats;
  }

  private static void applyFailed(TelemetryMessage m, Throwable e) {
    LOG.warn("event=office.state.apply_failed topic={} error={}", m.topic(), e.toString());
  }

  @Override
  public void accept(TelemetryMessage m) {
    try {
      TelemetryDecoder.Address a = TelemetryDecoder.parseTopic(m.topic());
      Device d = decoder.authorize(a);
      if (a.status()) {
        if (m.payload().length == 0) {
          return; // a cleared retained status
        }
        boolean online = decoder.decodeStatus(d, m.payload());
        states
            .applyPresence(d, online, "status")
            .onSuccess(
                s -> {
                  if (s != null) {
                    alerts.onPresence(d, online, "status");
                    fanOut.accept(s);
                  }
                })
            .onFailure(e -> applyFailed(m, e));
        return;
      }
      Reading r = decoder.validate(d, decoder.decode(d, m.payload()), m.receivedAt());
      stats.accepted();
      history.add(r);
      alerts.onReading(r);
      states
          .applyReading(r)
          .onSuccess(
              s -> {
                if (s != null) {
                  if (s.remove("cameOnline") != null) {
                    alerts.onPresence(d, true, "telemetry");
                  }
                  fanOut.accept(s);
                }
              })
          .onFailure(e -> applyFailed(m, e));
    } catch (Rejected r) {
      stats.rejected(r, m.topic());
    } catch (RuntimeException e) {
      stats.rejected(
          new Rejected(RejectReason.NOT_JSON, null, "unexpected: " + e.getClass().getSimpleName()),
          m.topic());
      LOG.warn("event=office.ingest.failed topic={} error={}", m.topic(), e.toString());
    }
  }
}
