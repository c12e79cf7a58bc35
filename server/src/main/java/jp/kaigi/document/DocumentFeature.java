package jp.kaigi.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
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

  private final LuceneDocumentIndex index;
  private final List<RouteContributor> routes;
  private final DocumentAudiences audiences;

  private DocumentFeature(
      LuceneDocumentIndex index, List<RouteContributor> routes, DocumentAudiences audiences) {
    this.index = index;
    this.routes = routes;
    this.audiences = audiences;
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
                      index,
                      List.of(
                          new DocumentRoutes(service, config, blobs.tmpDir().resolve("uploads")),
                          new SearchRoutes(search)),
                      service);
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
    return audiences;
  }

  @Override
  public void close() {
    try {
      index.close();
    } catch (Exception e) {
      LOG.warn("event=index.close_failed error={}", e.toString());
    }
  }
}
