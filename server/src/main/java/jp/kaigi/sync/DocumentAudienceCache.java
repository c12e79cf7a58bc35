package jp.kaigi.sync;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.kaigi.document.DocumentAudience;
import jp.kaigi.document.DocumentAudiences;

/**
 * The documents a host turns pages in, remembered briefly so a page turn costs no SQL read. Every
 * node drops an entry when a document event for it arrives (published, replaced, withdrawn); the
 * short TTL bounds how long any other change (a participant removed) can go unseen. An entry in use
 * is read again in the background once it is half that old, so a host paging through a document
 * does not wait for SQL every few seconds.
 */
final class DocumentAudienceCache {
  private static final long TTL_NANOS = 5_000_000_000L;

  private record Entry(long at, Optional<DocumentAudience> audience) {}

  private final DocumentAudiences audiences;
  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Long, Boolean> refreshing = new ConcurrentHashMap<>();
  // bumped by every document event: a read that started before one must not be remembered
  private final AtomicLong generation = new AtomicLong();

  DocumentAudienceCache(DocumentAudiences audiences) {
    this.audiences = audiences;
  }

  Future<Optional<DocumentAudience>> get(long documentId) {
    Entry e = entries.get(documentId);
    long now = System.nanoTime();
    if (e != null && now - e.at() < TTL_NANOS) {
      if (now - e.at() >= TTL_NANOS / 2 && refreshing.putIfAbsent(documentId, true) == null) {
        load(documentId, now).onComplete(ar -> refreshing.remove(documentId));
      }
      return Future.succeededFuture(e.audience());
    }
    return load(documentId, now);
  }

  private Future<Optional<DocumentAudience>> load(long documentId, long now) {
    long before = generation.get();
    return audiences
        .audience(documentId)
        .onSuccess(
            a -> {
              if (entries.size() > 10_000) {
                entries.clear();
              }
              if (generation.get() == before) {
                entries.put(documentId, new Entry(now, a));
              }
            });
  }

  void forget(long documentId) {
    generation.incrementAndGet();
    entries.remove(documentId);
  }
}
