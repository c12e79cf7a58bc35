package jp.kaigi.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jp.kaigi.auth.Caller;
import jp.kaigi.http.Problem;

/**
 * ACL-aware search: the caller's visible documents are computed first (from SQL, by the document
 * feature) and the index only ever searches among them, so hits, counts and snippets never reveal a
 * document the caller may not open. Queries run on their own worker pool, apart from indexing.
 */
public final class SearchService {
  private final DocumentIndex index;
  private final SearchAccess access;
  private final WorkerExecutor workers;

  public SearchService(Vertx vertx, DocumentIndex index, SearchAccess access, int threads) {
    this.index = index;
    this.access = access;
    this.workers =
        vertx.createSharedWorkerExecutor(
            "kaigi-search", threads, 60, java.util.concurrent.TimeUnit.SECONDS);
  }

  public Future<DocumentIndex.Result> search(Caller caller, DocumentIndex.Query query) {
    return access
        .searchableDocumentIds(caller)
        .compose(
            ids ->
                workers.executeBlocking(
                    () -> {
                      try {
                        return index.search(query, ids);
                      } catch (DocumentIndex.InvalidQueryException e) {
                        throw Problem.validation("q", e.getMessage());
                      }
                    },
                    false));
  }
}
