package jp.kaigi;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.config.NodeConfig;
import jp.kaigi.document.DocumentService;
import jp.kaigi.search.LuceneDocumentIndex;
import jp.kaigi.store.Database;
import jp.kaigi.store.StoreConfig;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * {@code java -jar kaigi.jar reindex} ({@code ops/kaigi reindex}): rebuilds {@code <dataDir>/index}
 * from the page text in SQL. Run it with the node stopped (the index is locked while it runs).
 */
final class Reindex {
  private Reindex() {}

  static int run(ConfigSource source) {
    NodeConfig node;
    StoreConfig store;
    try {
      node = NodeConfig.from(source);
      store = StoreConfig.from(source, node.dataDir());
    } catch (ConfigException e) {
      System.err.println("Kaigi cannot reindex: invalid configuration: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Database db = Database.open(vertx, store);
    Path dir = node.dataDir().resolve("index");
    try (LuceneDocumentIndex index = LuceneDocumentIndex.open(dir)) {
      db.migrate();
      long started = System.nanoTime();
      int documents = DocumentService.syncIndex(db, index, true);
      System.out.printf(
          "Reindexed %d documents into %s in %d ms%n",
          documents, dir, (System.nanoTime() - started) / 1_000_000);
      return 0;
    } catch (LockObtainFailedException e) {
      System.err.println("The index is in use: stop the Kaigi node first, then run reindex again.");
      return 1;
    } catch (Exception e) {
      System.err.println("Reindex failed: " + e);
      return 1;
    } finally {
      db.close();
      vertx.close();
    }
  }
}
