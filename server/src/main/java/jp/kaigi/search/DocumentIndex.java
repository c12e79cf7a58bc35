package jp.kaigi.search;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full-text index of meeting documents: one entry per page of each document's current version.
 * Derived state (rebuilt from SQL); blocking, so callers run it on a worker.
 */
public interface DocumentIndex extends AutoCloseable {

  record Page(int page, String text) {}

  /** One document version, all its pages. */
  record IndexedDocument(
      long meetingId,
      long meetingStartsAtMillis,
      long documentId,
      int version,
      String title,
      List<Page> pages) {}

  /**
   * @param meetingId only this meeting, if set
   * @param fromMillis only meetings starting at or after, if set
   * @param toMillis only meetings starting before, if set
   */
  record Query(
      String text, Long meetingId, Long fromMillis, Long toMillis, int offset, int limit) {}

  /** A (document, page) hit; the snippet is HTML-escaped text with matches in {@code <mark>}. */
  record Hit(
      long meetingId,
      long documentId,
      int version,
      int page,
      String title,
      String snippet,
      float score) {}

  /** Totals up to this many hits are exact; beyond, {@link Result#total} may be a lower bound. */
  int EXACT_TOTAL_UP_TO = 1_000;

  /**
   * @param total the number of hits; exact when {@code totalExact}, otherwise a lower bound (at
   *     least {@link #EXACT_TOTAL_UP_TO}): counting every match of a broad query would mean scoring
   *     every match, and the top hits are found without
   */
  record Result(long total, boolean totalExact, List<Hit> hits) {}

  /** Thrown for a query that cannot be parsed even after escaping. */
  final class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String message) {
      super(message);
    }
  }

  /** Replaces every page of the document (any version) by these; visible after {@link #commit}. */
  void put(IndexedDocument document) throws IOException;

  void delete(long documentId) throws IOException;

  /** Makes changes durable and visible to searches. */
  void commit() throws IOException;

  /** Removes everything (before a rebuild). */
  void clear() throws IOException;

  /** documentId → indexed version, to find what is stale after a restart. */
  Map<Long, Integer> indexedVersions() throws IOException;

  /** Hits among the given documents only; an empty set finds nothing. */
  Result search(Query query, Set<Long> visibleDocumentIds) throws IOException;

  @Override
  void close() throws IOException;
}
