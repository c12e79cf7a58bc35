package jp.kaigi.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import jp.kaigi.auth.Caller;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.http.RouteContributor;
import jp.kaigi.meeting.MeetingService;
import jp.kaigi.search.LuceneDocumentIndex;
import jp.kaigi.search.SearchRoutes;
import jp.kaigi.search.SearchService;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents and search wired together for {@code KaigiNode}: opens the index under {@code
 * <dataDir>/index}, cleans up after a crash, then catches the index up in the background.
 */
public final class DocumentFeature implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentFeature.class);

  private final Vertx vertx;
  private final LuceneDocumentIndex index;
  private final List<RouteContributor> routes;
  private final DocumentService service;
  private final Path uploadsDir;

  private DocumentFeature(
      Vertx vertx,
      LuceneDocumentIndex index,
      List<RouteContributor> routes,
      DocumentService service,
      Path uploadsDir) {
    this.vertx = vertx;
    this.index = index;
    this.routes = routes;
    this.service = service;
    this.uploadsDir = uploadsDir;
  }

  public static Future<DocumentFeature> start(
      Vertx vertx, Database db, MeetingService meetings, ConfigSource source, Path dataDir) {
    DocumentConfig config = DocumentConfig.from(source, dataDir);
    BlobStore blobs = new BlobStore(dataDir);
    return vertx
        .executeBlocking(() -> LuceneDocumentIndex.open(dataDir.resolve("index")))
        .compose(
            index -> {
              DocumentService service =
                  new DocumentService(
                      vertx,
                      db,
                      meetings,
                      config,
                      blobs,
                      new TikaTextExtractor(),
                      new SofficeConverter(
                          config.soffice(),
                          config.convertTimeoutMillis(),
                          config.maxConversions(),
                          blobs.tmpDir().resolve("convert")),
                      index);
              SearchService search = new SearchService(vertx, index, service, 2);
              DocumentFeature feature =
                  new DocumentFeature(
                      vertx,
                      index,
                      List.of(
                          new DocumentRoutes(service, config, blobs.tmpDir().resolve("uploads")),
                          new SearchRoutes(search)),
                      service,
                      blobs.tmpDir().resolve("uploads"));
              return service
                  .recover()
                  .map(
                      v -> {
                        if (index.createdFresh()) {
                          LOG.info("event=index.rebuild reason=missing_or_stale");
                        }
                        service
                            .catchUp()
                            .onFailure(
                                e ->
                                    LOG.error(
                                        "event=index.catch_up_failed error={}", e.toString(), e));
                        return feature;
                      });
            });
  }

  public List<RouteContributor> routes() {
    return routes;
  }

  /** Who may see which document, for page sync. */
  public DocumentAudiences audiences() {
    return service;
  }

  /**
   * Uploads a bundled PDF into a meeting that has no documents yet (the demo's agenda pack), as
   * {@code clerk}, through the normal pipeline. Does nothing once the meeting has any document.
   */
  public Future<Void> seedDemo(long meetingId, Caller clerk, String title, String resource) {
    return service
        .list(clerk, meetingId)
        .compose(
            existing -> {
              if (!existing.isEmpty()) {
                return Future.succeededFuture();
              }
              return vertx
                  .executeBlocking(
                      () -> {
                        Files.createDirectories(uploadsDir);
                        Path tmp = Files.createTempFile(uploadsDir, "demo-", ".pdf");
                        try (InputStream in = DocumentFeature.class.getResourceAsStream(resource)) {
                          if (in == null) {
                            throw new IllegalStateException("missing resource " + resource);
                          }
                          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        }
                        return tmp;
                      })
                  .compose(
                      tmp ->
                          service
                              .upload(
                                  clerk,
                                  meetingId,
                                  new DocumentService.Upload(
                                      tmp, "demo-agenda.pdf", title, null, false, Set.of()))
                              .eventually(
                                  () -> vertx.executeBlocking(() -> Files.deleteIfExists(tmp))))
                  .onSuccess(d -> LOG.info("event=demo.document_seeded meeting={}", meetingId))
                  .mapEmpty();
            });
  }

  @Override
  public void close() {
    try {
      if (!service.awaitProcessingEnded(10_000)) {
        LOG.warn("event=documents.close_waited_too_long");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      index.close();
    } catch (Exception e) {
      LOG.warn("event=index.close_failed error={}", e.toString());
    }
  }
}
