package jp.kaigi;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.kaigi.auth.AuditLog;
import jp.kaigi.auth.AuthConfig;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.AuthRoutes;
import jp.kaigi.auth.AuthService;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.PasswordHasher;
import jp.kaigi.cluster.ClusterConfig;
import jp.kaigi.cluster.HazelcastCluster;
import jp.kaigi.cluster.NodeDirectory;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.config.NodeConfig;
import jp.kaigi.demo.DemoData;
import jp.kaigi.document.DocumentFeature;
import jp.kaigi.http.AppShell;
import jp.kaigi.http.HealthRoutes;
import jp.kaigi.http.HttpServer;
import jp.kaigi.http.ProblemHandler;
import jp.kaigi.http.RouteContributor;
import jp.kaigi.meeting.MeetingRoutes;
import jp.kaigi.meeting.MeetingService;
import jp.kaigi.office.Office;
import jp.kaigi.office.OfficeConfig;
import jp.kaigi.store.Database;
import jp.kaigi.store.StoreConfig;
import jp.kaigi.sync.SyncConfig;
import jp.kaigi.sync.SyncRoutes;
import jp.kaigi.sync.SyncService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring: builds Vert.x (clustered or not), the store and every feature, and deploys the HTTP
 * server. {@link Main} runs it as a process; tests run it in-process. Features get their
 * collaborators here and never reach for globals.
 */
public final class KaigiNode {
  private static final Logger LOG = LoggerFactory.getLogger(KaigiNode.class);

  /** How to start: with demo users and a demo meeting, or bare. */
  public enum Mode {
    RUN,
    DEMO
  }

  /** Every config record, validated before anything starts. */
  private record Configs(
      ConfigSource source,
      NodeConfig node,
      StoreConfig store,
      AuthConfig auth,
      ClusterConfig cluster,
      SyncConfig sync,
      OfficeConfig office) {

    static Configs from(ConfigSource source) {
      NodeConfig node = NodeConfig.from(source);
      return new Configs(
          source,
          node,
          StoreConfig.from(source, node.dataDir()),
          AuthConfig.from(source),
          ClusterConfig.from(source),
          SyncConfig.from(source),
          OfficeConfig.from(source, node.dataDir()));
    }
  }

  /** The features, built one after another by {@link #wire}. */
  private record Features(
      AuditLog audit,
      PasswordHasher hasher,
      AuthService auth,
      MeetingService meetings,
      DocumentFeature documents,
      SyncService sync,
      Office office) {

    List<RouteContributor> routes(Configs configs) {
      List<RouteContributor> routes = new ArrayList<>();
      routes.add(new MeetingRoutes(meetings));
      routes.addAll(documents.routes());
      routes.add(new SyncRoutes(sync, auth, configs.sync()));
      routes.addAll(office.routes());
      return routes;
    }
  }

  private final Vertx vertx;
  private final Database db;
  private final NodeConfig config;
  private final Optional<String> generatedAdminPassword;
  private final Features features;

  private KaigiNode(
      Vertx vertx,
      Database db,
      NodeConfig config,
      Optional<String> generatedAdminPassword,
      Features features) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
    this.generatedAdminPassword = generatedAdminPassword;
    this.features = features;
  }

  /** Validates config (throws {@link ConfigException} naming the key), then starts everything. */
  public static Future<KaigiNode> launch(ConfigSource source, Mode mode) {
    Configs configs = Configs.from(source);
    try {
      Files.createDirectories(configs.node().dataDir());
    } catch (IOException e) {
      throw new ConfigException(
          "KAIGI_DATA_DIR", "cannot create " + configs.node().dataDir() + ": " + e.getMessage());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return buildVertx(configs.cluster(), registry)
        .compose(vertx -> start(vertx, configs, registry, mode));
  }

  private static Future<Vertx> buildVertx(ClusterConfig cluster, PrometheusMeterRegistry registry) {
    VertxOptions options =
        new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    var builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    if (!cluster.enabled()) {
      return Future.succeededFuture(builder.with(options).build());
    }
    return builder
        .with(HazelcastCluster.options(options, cluster))
        .withClusterManager(HazelcastCluster.manager(cluster))
        .buildClustered();
  }

  private static Future<KaigiNode> start(
      Vertx vertx, Configs configs, PrometheusMeterRegistry registry, Mode mode) {
    Database db = Database.open(vertx, configs.store());
    return vertx
        .executeBlocking(
            () -> {
              db.migrate();
              return null;
            })
        .compose(v -> wire(vertx, db, configs, registry))
        .compose(features -> serve(vertx, db, configs, registry, features, mode))
        .onSuccess(
            node ->
                LOG.info(
                    "event=node.started port={} dataDir={} database={} mode={} clustered={}",
                    configs.node().httpPort(),
                    configs.node().dataDir(),
                    db.isPostgres() ? "postgresql" : "h2",
                    mode,
                    vertx.isClustered()))
        .recover(
            e -> {
              LOG.error("event=node.start_failed error={}", e.toString(), e);
              db.close();
              // Answer at once: a continuation on a Vert.x that is closing may never run, and the
              // caller (Main) must exit with the error rather than wait.
              vertx.close();
              return Future.failedFuture(e);
            });
  }

  /** Builds the features in dependency order. */
  private static Future<Features> wire(
      Vertx vertx, Database db, Configs configs, PrometheusMeterRegistry registry) {
    AuditLog audit = new AuditLog(db);
    PasswordHasher hasher = new PasswordHasher();
    MeetingService meetings = new MeetingService(db, vertx.eventBus());
    NodeDirectory nodes =
        vertx.isClustered()
            ? HazelcastCluster.directory(((VertxInternal) vertx).clusterManager())
            : NodeDirectory.single();
    return vertx
        .executeBlocking(() -> new AuthService(vertx, db, configs.auth(), audit, hasher))
        .compose(
            auth ->
                DocumentFeature.start(
                        vertx, db, meetings, configs.source(), configs.node().dataDir())
                    .compose(
                        documents ->
                            Office.start(vertx, db, configs.office(), registry, false)
                                .map(
                                    office -> {
                                      SyncService sync =
                                          new SyncService(
                                              vertx,
                                              db,
                                              meetings,
                                              documents.audiences(),
                                              configs.sync(),
                                              nodes,
                                              registry);
                                      // the live office feed rides on the one gateway /ws
                                      sync.register(office.feedChannel());
                                      return new Features(
                                          audit, hasher, auth, meetings, documents, sync, office);
                                    })));
  }

  /** Admin account, demo data, background jobs, then the HTTP server. */
  private static Future<KaigiNode> serve(
      Vertx vertx,
      Database db,
      Configs configs,
      PrometheusMeterRegistry registry,
      Features f,
      Mode mode) {
    NodeConfig config = configs.node();
    ProblemHandler problems =
        new ProblemHandler(
            (ctx, problem) -> {
              if (problem.type().equals("invalid-credentials")) {
                return; // already audited as login.failed
              }
              Caller caller = AuthHandler.callerOrNull(ctx);
              f.audit()
                  .record(
                      caller != null ? caller.login() : null,
                      AuditLog.DENIED,
                      ctx.request().method() + " " + ctx.request().path(),
                      problem.status() + " " + problem.type(),
                      AuthRoutes.remote(ctx));
            });
    var health = new HealthRoutes(db::ready, registry);
    var authRoutes = new AuthRoutes(f.auth(), f.audit(), config.secureCookies());
    var authHandler = new AuthHandler(f.auth());
    vertx.setPeriodic(
        60 * 60_000L,
        id ->
            f.auth()
                .purgeExpiredSessions()
                .onFailure(e -> LOG.warn("event=session.purge_failed error={}", e.toString())));
    return f.auth()
        .ensureAdmin(config.adminPassword())
        .compose(
            generated ->
                (mode == Mode.DEMO
                        ? new DemoData(db, f.hasher())
                            .seed()
                            .compose(seeded -> seedDemoDocuments(configs, f, seeded))
                        : Future.<Void>succeededFuture())
                    .compose(v -> f.sync().start())
                    .compose(v -> vertx.executeBlocking(AppShell::load))
                    .compose(
                        shell ->
                            vertx.deployVerticle(
                                HttpServer.factory(
                                    config,
                                    health,
                                    authRoutes,
                                    authHandler,
                                    problems,
                                    f.routes(configs),
                                    shell),
                                new DeploymentOptions().setInstances(config.httpInstances())))
                    // the simulated office needs the HTTP side up only for people to watch it
                    .compose(
                        id ->
                            mode == Mode.DEMO
                                ? f.office().startDemo()
                                : Future.<Void>succeededFuture())
                    .map(id -> new KaigiNode(vertx, db, config, generated, f)));
  }

  /** The demo meeting's agenda pack, unless KAIGI_DEMO_DOCUMENTS=false (tests bring their own). */
  private static Future<Void> seedDemoDocuments(
      Configs configs, Features f, DemoData.Seeded seeded) {
    if (!configs.source().bool("KAIGI_DEMO_DOCUMENTS", true)) {
      return Future.succeededFuture();
    }
    return f.documents()
        .seedDemo(seeded.meetingId(), seeded.clerk(), DemoData.AGENDA_TITLE, DemoData.AGENDA_PDF)
        .recover(
            e -> {
              // A demo without its sample document still runs.
              LOG.warn("event=demo.document_failed error={}", e.toString());
              return Future.succeededFuture();
            });
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeConfig config() {
    return config;
  }

  /** The office feature (registry, broker, ingestion, analytics). */
  public Office office() {
    return features.office();
  }

  /** The admin password generated on first start (when none was configured), shown once. */
  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }

  /**
   * Flushes what needs the store (sync checkpoints) while the worker pools still run, lets Vert.x
   * undeploy everything, then closes the index and the store.
   */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    features
        .office()
        .close()
        .recover(
            e -> {
              LOG.warn("event=office.close_failed error={}", e.toString());
              return Future.succeededFuture();
            })
        .compose(v -> features.sync().flush())
        .recover(
            e -> {
              LOG.warn("event=node.flush_failed error={}", e.toString());
              return Future.succeededFuture();
            })
        .onComplete(x -> closeVertx(closed));
    return closed.future();
  }

  /**
   * Closes Vert.x from a thread of its own. Called on an event loop (where the steps above may end:
   * the demo office's simulators stop on a worker, and the chain goes on on a fresh event loop),
   * {@code vertx.close()} would tie its answer to that loop, which it has just shut down: the
   * answer was refused ({@code RejectedExecutionException}) and {@link #close()} never completed.
   * {@code closed} has no context either, so it completes on the thread that finishes the close.
   */
  private void closeVertx(Promise<Void> closed) {
    Thread t =
        new Thread(
            () ->
                vertx
                    .close()
                    .onComplete(
                        ar -> {
                          // Each step runs, and the close completes, whatever a step throws.
                          try {
                            features.documents().close();
                          } finally {
                            try {
                              db.close();
                            } finally {
                              closed.handle(ar);
                            }
                          }
                        }),
            "kaigi-node-close");
    t.setDaemon(false);
    t.start();
  }
}
