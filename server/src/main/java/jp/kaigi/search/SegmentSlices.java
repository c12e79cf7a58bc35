package jp.kaigi.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * Searchers that search one query's segments in parallel: the segments are split into as many
 * slices of about equal size as there are cores, and the slices run on a small pool of ours (the
 * calling thread takes part). Lucene's default slicing puts up to 250,000 pages in one slice, so a
 * 100,000-page index would otherwise always be searched by one thread.
 */
final class SegmentSlices extends SearcherFactory implements AutoCloseable {
  private final int count;
  private final ExecutorService executor;

  SegmentSlices(int count) {
    this.count = Math.max(1, count);
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            this.count,
            r -> {
              Thread t = new Thread(r, "kaigi-search-slice-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
    return new IndexSearcher(reader, executor) {
      @Override
      protected LeafSlice[] slices(List<LeafReaderContext> leaves) {
        return balanced(leaves, count);
      }
    };
  }

  /** Largest segments first, each into the slice with the fewest pages so far. */
  static IndexSearcher.LeafSlice[] balanced(List<LeafReaderContext> leaves, int count) {
    List<LeafReaderContext> bySize = new ArrayList<>(leaves);
    bySize.sort(Comparator.comparingInt((LeafReaderContext c) -> c.reader().maxDoc()).reversed());
    List<List<LeafReaderContext>> groups = new ArrayList<>();
    long[] sizes = new long[Math.min(count, Math.max(1, bySize.size()))];
    for (int i = 0; i < sizes.length; i++) {
      groups.add(new ArrayList<>());
    }
    for (LeafReaderContext leaf : bySize) {
      int smallest = 0;
      for (int i = 1; i < sizes.length; i++) {
        if (sizes[i] < sizes[smallest]) {
          smallest = i;
        }
      }
      groups.get(smallest).add(leaf);
      sizes[smallest] += leaf.reader().maxDoc();
    }
    return groups.stream()
        .filter(g -> !g.isEmpty())
        .map(IndexSearcher.LeafSlice::new)
        .toArray(IndexSearcher.LeafSlice[]::new);
  }

  /** The pool, for other work of one query that splits in two (snippets). */
  java.util.concurrent.Executor executor() {
    return executor;
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
