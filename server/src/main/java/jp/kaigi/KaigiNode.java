package jp.kaigi;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import jp.kaigi.auth.AuditLog;
import jp.kaigi.auth.AuthConfig;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.AuthRoutes;
import jp.kaigi.auth.AuthService;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.PasswordHasher;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.config.NodeConfig;
import jp.kaigi.demo.DemoData;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring: builds Vert.x, the store and every feature, and deploys the HTTP server. {@link Main}
 * runs it as a process; tests run it in-process. Features get their collaborators here and never
 * reach for globals.
 */
public final class KaigiNode {
  private static final Logger LOG = LoggerFactory.getLogger(KaigiNode.class);

  /** How to start: with demo users and a demo meeting, or bare. */
  public enum Mode {
    RUN,
    DEMO
  }

  private final Vertx vertx;
  private final Database db;
  private final NodeConfig config;
  private final Optional<String> generatedAdminPassword;
  private final Office office;

  private KaigiNode(
      Vertx vertx,
      Database db,
      NodeConfig config,
      Optional<String> generatedAdminPassword,
      Office office) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
    this.generatedAdminPassword = generatedAdminPassword;
    this.office = office;
  }

  /** Validates config (throws {@link ConfigException} naming the key), then starts everything. */
  public static Future<KaigiNode> launch(ConfigSource source, Mode mode) {
    NodeConfig nodeConfig = NodeConfig.from(source);
    StoreConfig storeConfig = StoreConfig.from(source, nodeConfig.dataDir());
    AuthConfig authConfig = AuthConfig.from(source);
    OfficeConfig officeConfig = OfficeConfig.from(source, nodeConfig.dataDir());
    try {
      Files.createDirectories(nodeConfig.dataDir());
    } catch (IOException e) {
      throw new ConfigException(
          "KAIGI_DATA_DIR", "cannot create " + nodeConfig.dataDir() + ": " + e.getMessage());
    }

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    Database db = Database.open(vertx, storeConfig);

    return vertx
        .executeBlocking(
            () -> {
              db.migrate();
              return null;
            })
        .compose(v -> wire(vertx, db, nodeConfig, authConfig, officeConfig, registry, mode))
        .recover(
            e -> {
              db.close();
              return vertx.close().transform(x -> Future.failedFuture(e));
            });
  }

  private static Future<KaigiNode> wire(
      Vertx vertx,
      Database db,
      NodeConfig config,
      AuthConfig authConfig,
      OfficeConfig officeConfig,
      PrometheusMeterRegistry registry,
      Mode mode) {
    AuditLog audit = new AuditLog(db);
    PasswordHasher hasher = new PasswordHasher();
    return vertx
        .executeBlocking(() -> new AuthService(vertx, db, authConfig, audit, hasher))
        .compose(
            auth ->
                Office.start(vertx, db, officeConfig, auth, registry, false)
                    .map(office -> new Object[] {auth, office}))
        .compose(
            started -> {
              AuthService auth = (AuthService) started[0];
              Office office = (Office) started[1];
              MeetingService meetings = new MeetingService(db, vertx.eventBus());
              List<RouteContributor> features = new java.util.ArrayList<>();
              features.add(new MeetingRoutes(meetings));
              features.addAll(office.routes());
              ProblemHandler problems =
                  new ProblemHandler(
                      (ctx, problem) -> {
                        if (problem.type().equals("invalid-credentials")) {
                          return; // already audited as login.failed
                        }
                        Caller caller = AuthHandler.callerOrNull(ctx);
                        audit.record(
                            caller != null ? caller.login() : null,
                            AuditLog.DENIED,
                            ctx.request().method() + " " + ctx.request().path(),
                            problem.status() + " " + problem.type(),
                            AuthRoutes.remote(ctx));
                      });
              HealthRoutes health = new HealthRoutes(db::ready, registry);
              var httpFactory =
                  HttpServer.factory(
                      config,
                      health,
                      new AuthRoutes(auth, audit, config.secureCookies()),
                      new AuthHandler(auth),
                      problems,
                      features);
              vertx.setPeriodic(
                  60 * 60_000L,
                  id ->
                      auth.purgeExpiredSessions()
                          .onFailure(
                              e -> LOG.warn("event=session.purge_failed error={}", e.toString())));
              return auth.ensureAdmin(config.adminPassword())
                  .compose(
                      generated ->
                          (mode == Mode.DEMO
                                  ? new DemoData(db, hasher).seed()
                                  : Future.<Void>succeededFuture())
                              .compose(
                                  v ->
                                      vertx.deployVerticle(
                                          httpFactory,
                                          new DeploymentOptions()
                                              .setInstances(config.httpInstances())))
                              .compose(
                                  id ->
                                      mode == Mode.DEMO
                                          ? office.startDemo()
                                          : Future.<Void>succeededFuture())
                              .map(id -> new KaigiNode(vertx, db, config, generated, office)));
            })
        .onSuccess(
            node ->
                LOG.info(
                    "event=node.started port={} dataDir={} database={} mode={}",
                    config.httpPort(),
                    config.dataDir(),
                    db.isPostgres() ? "postgresql" : "h2",
                    mode));
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeConfig config() {
    return config;
  }

  /** The admin password generated on first start (when none was configured), shown once. */
  public Optional<String> generatedAdminPassword() {
    return generatedAdminPassword;
  }

  /** Stops taking requests, lets Vert.x undeploy everything, then closes the store. */
  public Future<Void> close() {
    return office
        .close()
        .recover(e -> Future.succeededFuture())
        .compose(v -> vertx.close())
        .onComplete(ar -> db.close());
  }

  /** The office feature (registry, broker, ingestion, analytics). */
  public Office office() {
    return office;
  }
}
