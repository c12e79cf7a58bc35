package jp.kaigi.office;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kaigi.http.RouteContributor;
import jp.kaigi.office.alert.AlertEngine;
import jp.kaigi.office.analytics.AnalyticsService;
import jp.kaigi.office.broker.BrokerAccess;
import jp.kaigi.office.broker.EmbeddedBroker;
import jp.kaigi.office.demo.DemoOffice;
import jp.kaigi.office.feed.EventBusOfficeFeed;
import jp.kaigi.office.feed.OfficeFeedChannel;
import jp.kaigi.office.history.HistoryWriter;
import jp.kaigi.office.ingest.IngestStats;
import jp.kaigi.office.ingest.PahoTelemetrySource;
import jp.kaigi.office.ingest.RejectReason;
import jp.kaigi.office.ingest.Rejected;
import jp.kaigi.office.ingest.TelemetryDecoder;
import jp.kaigi.office.ingest.TelemetryPipeline;
import jp.kaigi.office.ingest.TelemetrySource;
import jp.kaigi.office.registry.Device;
import jp.kaigi.office.registry.DeviceRegistry;
import jp.kaigi.office.registry.DeviceSecrets;
import jp.kaigi.office.registry.DeviceType;
import jp.kaigi.office.state.DeviceStateStore;
import jp.kaigi.office.state.PresenceMonitor;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The office feature, wired: registry, embedded broker (unless an external one is configured), the
 * Paho subscription feeding the telemetry pipeline, presence timeouts, rollup flushes, retention,
 * alerts, analytics and the live feed. {@link jp.kaigi.KaigiNode} starts and closes it.
 */
public final class Office {
  private static final Logger LOG = LoggerFactory.getLogger(Office.class);

  private final Vertx vertx;
  private final OfficeConfig config;
  private final DeviceRegistry registry;
  private final DeviceStateStore states;
  private final AlertEngine alerts;
  private final AnalyticsService analytics;
  private final IngestStats stats;
  private final HistoryWriter history;
  private final EventBusOfficeFeed feed;
  private final OfficeRoutes routes;
  private final OfficeFeedChannel feedChannel;
  private EmbeddedBroker broker;
  private TelemetrySource source;
  private DemoOffice demo;
  private final java.util.List<Long> timers = new java.util.ArrayList<>();
  private String brokerUrl;

  /** The one context the pipeline, rollups and alert state live on. */
  private volatile io.vertx.core.Context pipelineContext;

  private Office(Vertx vertx, Database db, OfficeConfig config, MeterRegistry meters) {
    this.vertx = vertx;
    this.config = config;
    this.registry = new DeviceRegistry(vertx, db);
    this.states = new DeviceStateStore(vertx);
    this.alerts = new AlertEngine(vertx, db, config.bands());
    this.analytics = new AnalyticsService(registry, states, db, config.workHours(), config.bands());
    this.stats = new IngestStats(meters);
    this.history = new HistoryWriter(db, this::timeout, config.rawRetentionDays() > 0);
    this.feed = new EventBusOfficeFeed(vertx, 250);
    Gauge.builder("kaigi.office.rollup.rows.written", history, h -> h.rowsWritten())
        .description("1-minute rollup rows written")
        .register(meters);
    this.routes = new OfficeRoutes(this);
    this.feedChannel =
        new OfficeFeedChannel(
            feed, scope -> states.all().map(l -> snapshot(scope, l)), config.feedMaxRate());
  }

  /**
   * Every registered device of a scope with its state; one that never reported is there too, as
   * offline (a dashboard must show a dead sensor, not leave its desk out).
   */
  private List<JsonObject> snapshot(OfficeFeedChannel.Scope scope, List<JsonObject> all) {
    Map<String, JsonObject> byId = new HashMap<>();
    for (JsonObject s : all) {
      byId.put(s.getString("id"), s);
    }
    List<JsonObject> out = new ArrayList<>();
    for (Device d : registry.cachedAll()) {
      if (scope.site().equals(d.site())
          && (scope.floor() == null || scope.floor().equals(d.floor()))) {
        JsonObject s = byId.get(d.id());
        out.add(s != null ? s : DeviceStateStore.neverSeen(d));
      }
    }
    return out;
  }

  /** Starts everything; with {@code demo}, also provisions and runs the simulated office. */
  public static Future<Office> start(
      Vertx vertx, Database db, OfficeConfig config, MeterRegistry meters, boolean demo) {
    Office o = new Office(vertx, db, config, meters);
    return o.startAll(db).map(o);
  }

  private Future<Void> startAll(Database db) {
    Future<Void> f = registry.start().compose(v -> states.start()).compose(v -> alerts.start());
    if (!config.enabled()) {
      LOG.info("event=office.mqtt.disabled");
      return f;
    }
    // Kaigi's own broker password: configured (so ops tools and benchmarks can subscribe too), or
    // a fresh random one per start.
    String nodePassword = config.mqttPassword().orElseGet(DeviceSecrets::generate);
    if (config.embedded()) {
      BrokerAccess access =
          new BrokerAccess(
              registry::authenticate, id -> registry.cached(id).map(Device::site), nodePassword);
      broker =
          new EmbeddedBroker(
              config.dataDir().resolve("mqtt"),
              config.embeddedHost(),
              config.embeddedPort(),
              access,
              (reason, who) ->
                  stats.rejected(
                      new Rejected(
                          reason.equals("auth-failed")
                              ? RejectReason.AUTH_FAILED
                              : RejectReason.NOT_AUTHORIZED,
                          who,
                          reason.equals("auth-failed")
                              ? "connect refused: unknown device or wrong secret"
                              : "publish or subscribe outside the device's own topics"),
                      "(broker)"));
      f =
          f.compose(
              v ->
                  vertx.executeBlocking(
                      () -> {
                        broker.start();
                        return null;
                      }));
      String host = config.embeddedHost().equals("0.0.0.0") ? "127.0.0.1" : config.embeddedHost();
      brokerUrl = "tcp://" + host + ":" + config.embeddedPort();
    } else {
      brokerUrl = config.mqttUrl().get();
    }
    PahoTelemetrySource.Settings settings =
        new PahoTelemetrySource.Settings(
            brokerUrl,
            config.clientId(),
            config.embedded() ? BrokerAccess.NODE_USER : config.mqttUsername().orElse(null),
            config.embedded()
                ? nodePassword.getBytes(StandardCharsets.UTF_8)
                : config.mqttPassword().map(p -> p.getBytes(StandardCharsets.UTF_8)).orElse(null),
            config.mqttCaFile().orElse(null),
            config.shareGroup(),
            config.sessionExpiry().toSeconds());
    source = new PahoTelemetrySource(vertx, settings);
    TelemetryPipeline pipeline =
        new TelemetryPipeline(
            new TelemetryDecoder(registry::cached, config.maxPayloadBytes()),
            states,
            history,
            alerts,
            feed::publish,
            stats);
    PresenceMonitor presence = new PresenceMonitor(states, registry::cached, this::timeout);
    return f.compose(
        v ->
            vertx
                .deployVerticle(
                    new io.vertx.core.VerticleBase() {
                      @Override
                      public Future<?> start() {
                        pipelineContext = context;
                        timers.add(
                            vertx.setPeriodic(
                                config.rollupFlush().toMillis(),
                                id -> history.flush(System.currentTimeMillis(), false)));
                        timers.add(
                            vertx.setPeriodic(
                                config.presenceCheck().toMillis(),
                                id ->
                                    presence
                                        .check(System.currentTimeMillis())
                                        .onSuccess(
                                            changed ->
                                                changed.forEach(
                                                    s -> {
                                                      registry
                                                          .cached(s.getString("id"))
                                                          .ifPresent(
                                                              d ->
                                                                  alerts.onPresence(
                                                                      d, false, "timeout"));
                                                      feed.publish(s);
                                                    }))));
                        timers.add(
                            vertx.setPeriodic(
                                Duration.ofHours(6).toMillis(),
                                id ->
                                    history
                                        .purge(
                                            config.rollupRetentionDays(), config.rawRetentionDays())
                                        .onSuccess(
                                            n ->
                                                LOG.info("event=office.retention deleted={}", n))));
                        Future<Void> subscribed = source.start(pipeline);
                        if (!config.embedded()) {
                          // An external broker may be down now: start anyway, Paho keeps trying,
                          // and /office/ingest reports brokerConnected.
                          subscribed.onFailure(
                              e ->
                                  LOG.error(
                                      "event=office.mqtt.subscribe_failed error={}", e.toString()));
                          return Future.succeededFuture();
                        }
                        return subscribed;
                      }
                    })
                .mapEmpty());
  }

  /** DEMO mode: provisions and starts the simulated office (after the HTTP server is up). */
  public Future<Void> startDemo() {
    if (!config.enabled() || !config.demoSimulators()) {
      return Future.succeededFuture();
    }
    demo = new DemoOffice(vertx, registry, brokerUrl, config.demoAcceleration());
    // In the background: connecting ~50 simulated devices takes seconds the node need not wait.
    demo.start().onFailure(e -> LOG.warn("event=office.demo.failed error={}", e.toString()));
    return Future.succeededFuture();
  }

  public Duration timeout(DeviceType t) {
    return switch (t) {
      case DESK -> config.deskTimeout();
      case ROOM -> config.roomTimeout();
      case COUNTER -> config.counterTimeout();
      case TABLET -> config.tabletTimeout();
      case GATEWAY -> config.gatewayTimeout();
    };
  }

  public List<RouteContributor> routes() {
    return List.of(routes);
  }

  /** The live feed's message types on the gateway {@code /ws} ({@code office.*}). */
  public OfficeFeedChannel feedChannel() {
    return feedChannel;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public DeviceStateStore states() {
    return states;
  }

  public AlertEngine alerts() {
    return alerts;
  }

  public AnalyticsService analytics() {
    return analytics;
  }

  public IngestStats stats() {
    return stats;
  }

  public OfficeConfig config() {
    return config;
  }

  public boolean sourceConnected() {
    return source != null && source.connected();
  }

  /** The broker URL the node uses (embedded: tcp://127.0.0.1:port). */
  public Optional<String> brokerUrl() {
    return Optional.ofNullable(brokerUrl);
  }

  /** Writes every pending rollup now (tests, shutdown). */
  public Future<Integer> flushHistory() {
    io.vertx.core.Context ctx = pipelineContext;
    if (ctx == null) {
      return Future.succeededFuture(0);
    }
    io.vertx.core.Promise<Integer> done = io.vertx.core.Promise.promise();
    ctx.runOnContext(v -> history.flush(System.currentTimeMillis(), true).onComplete(done));
    return done.future();
  }

  /** Stops the simulators, the subscription, then the broker (blocking parts on a worker). */
  public Future<Void> close() {
    timers.forEach(vertx::cancelTimer);
    feed.close();
    Future<Void> f = demo != null ? demo.stop() : Future.succeededFuture();
    return f.compose(v -> flushHistory().mapEmpty())
        .recover(e -> Future.succeededFuture())
        .compose(v -> source != null ? source.stop() : Future.<Void>succeededFuture())
        .recover(e -> Future.succeededFuture())
        .compose(
            v ->
                broker == null
                    ? Future.<Void>succeededFuture()
                    : vertx.executeBlocking(
                        () -> {
                          broker.stop();
                          return null;
                        }));
  }
}
