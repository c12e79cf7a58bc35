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
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.config.NodeConfig;
import jp.kaigi.demo.DemoData;
import jp.kaigi.document.DocumentFeature;
import jp.kaigi.http.HealthRoutes;
import jp.kaigi.http.HttpServer;
import jp.kaigi.http.ProblemHandler;
import jp.kaigi.http.RouteContributor;
import jp.kaigi.meeting.MeetingRoutes;
import jp.kaigi.meeting.MeetingService;
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
  private final List<AutoCloseable> closeables;

  private KaigiNode(
      Vertx vertx,
      Database db,
      NodeConfig config,
      Optional<String> generatedAdminPassword,
      List<AutoCloseable> closeables) {
    this.vertx = vertx;
    this.db = db;
    this.config = config;
    this.generatedAdminPassword = generatedAdminPassword;
    this.closeables = closeables;
  }

  /** Validates config (throws {@link ConfigException} naming the key), then starts everything. */
  public static Future<KaigiNode> launch(ConfigSource source, Mode mode) {
    NodeConfig nodeConfig = NodeConfig.from(source);
    StoreConfig storeConfig = StoreConfig.from(source, nodeConfig.dataDir());
    AuthConfig authConfig = AuthConfig.from(source);
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
        .compose(v -> wire(vertx, db, source, nodeConfig, authConfig, registry, mode))
        .recover(
            e -> {
              LOG.error("event=node.start_failed error={}", e.toString(), e);
              db.close();
              return vertx.close().transform(x -> Future.failedFuture(e));
            });
  }

  private static Future<KaigiNode> wire(
      Vertx vertx,
      Database db,
      ConfigSource source,
      NodeConfig config,
      AuthConfig authConfig,
      PrometheusMeterRegistry registry,
      Mode mode) {
    AuditLog audit = new AuditLog(db);
    PasswordHasher hasher = new PasswordHasher();
    return vertx
        .executeBlocking(() -> new AuthService(vertx, db, authConfig, audit, hasher))
        .compose(
            auth -> {
              MeetingService meetings = new MeetingService(db, vertx.eventBus());
              return DocumentFeature.start(vertx, db, meetings, source, config.dataDir())
                  .map(documents -> new Object[] {auth, meetings, documents});
            })
        .compose(
            parts -> {
              AuthService auth = (AuthService) parts[0];
              MeetingService meetings = (MeetingService) parts[1];
              DocumentFeature documents = (DocumentFeature) parts[2];
              List<RouteContributor> features = new ArrayList<>();
              features.add(new MeetingRoutes(meetings));
              features.addAll(documents.routes());
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
                              .map(
                                  id ->
                                      new KaigiNode(
                                          vertx, db, config, generated, List.of(documents))));
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
    return vertx
        .close()
        .onComplete(
            ar -> {
              for (AutoCloseable c : closeables) {
                try {
                  c.close();
                } catch (Exception e) {
                  LOG.warn("event=node.close_failed part={} error={}", c, e.toString());
                }
              }
              db.close();
            });
  }
}
