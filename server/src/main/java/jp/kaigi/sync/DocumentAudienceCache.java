package jp.kaigi.sync;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.document.DocumentAudience;
import jp.kaigi.document.DocumentAudiences;

/**
 * The documents a host turns pages in, remembered briefly so a page turn costs no SQL read. Every
 * node drops an entry when a document event for it arrives (published, replaced, withdrawn); the
 * short TTL bounds how long any other change (a participant removed) can go unseen.
 */
final class DocumentAudienceCache {
  private static final long TTL_NANOS = 5_000_000_000L;

  private record Entry(long at, Optional<DocumentAudience> audience) {}

  private final DocumentAudiences audiences;
  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

  DocumentAudienceCache(DocumentAudiences audiences) {
    this.audiences = audiences;
  }

  Future<Optional<DocumentAudience>> get(long documentId) {
    Entry e = entries.get(documentId);
    long now = System.nanoTime();
    if (e != null && now - e.at() < TTL_NANOS) {
      return Future.succeededFuture(e.audience());
    }
    return audiences
        .audience(documentId)
        .onSuccess(
            a -> {
              if (entries.size() > 10_000) {
                entries.clear();
              }
              entries.put(documentId, new Entry(now, a));
            });
  }

  void forget(long documentId) {
    entries.remove(documentId);
  }
}
