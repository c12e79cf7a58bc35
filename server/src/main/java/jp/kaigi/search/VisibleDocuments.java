package jp.kaigi.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSetIterator;
import org.apache.lucene.util.FixedBitSet;

/**
 * The caller's visible-document filter as cached per-segment bit sets. A caller's set of visible
 * documents changes rarely while they search, but as a term query over thousands of ids it was
 * rebuilt and looked up in the terms dictionary on every query; here it is built once per (set of
 * ids, segment) from the document-id doc values and then only intersected.
 *
 * <p>Segments are immutable, so a segment's bits stay right for as long as the segment lives; a
 * merged-away segment's entries are dropped when it closes. Per segment at most {@code maxSets} id
 * sets are kept (least recently used dropped first): at most {@code maxSets} bits per page.
 */
final class VisibleDocuments {
  private final String docValuesField;
  private final int maxSets;
  private final Map<IndexReader.CacheKey, Map<Key, Bits>> segments = new ConcurrentHashMap<>();

  VisibleDocuments(String docValuesField, int maxSets) {
    this.docValuesField = docValuesField;
    this.maxSets = maxSets;
  }

  /** A filter query matching exactly the pages of these documents (constant score). */
  Query filter(Set<Long> documentIds) {
    return new FilterQuery(Key.of(documentIds));
  }

  private record Bits(FixedBitSet bits, int cardinality) {}

  private Bits bits(LeafReader leaf, Key key) throws IOException {
    IndexReader.CacheHelper helper = leaf.getCoreCacheHelper();
    if (helper == null) {
      return build(leaf, key); // a reader without a core key cannot be cached
    }
    Map<Key, Bits> perSet =
        segments.computeIfAbsent(
            helper.getKey(),
            segment -> {
              helper.addClosedListener(segments::remove);
              return lru(maxSets);
            });
    Bits bits;
    synchronized (perSet) {
      bits = perSet.get(key);
    }
    if (bits == null) {
      bits = build(leaf, key);
      synchronized (perSet) {
        perSet.put(key, bits);
      }
    }
    return bits;
  }

  private static Map<Key, Bits> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Bits> eldest) {
        return size() > max;
      }
    };
  }

  private Bits build(LeafReader leaf, Key key) throws IOException {
    FixedBitSet bits = new FixedBitSet(leaf.maxDoc());
    NumericDocValues ids = leaf.getNumericDocValues(docValuesField);
    if (ids != null) {
      for (int doc = ids.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ids.nextDoc()) {
        if (key.contains(ids.longValue())) {
          bits.set(doc);
        }
      }
    }
    return new Bits(bits, bits.cardinality());
  }

  /** A set of document ids, sorted, with a hash computed once. */
  private static final class Key {
    private final long[] ids;
    private final int hash;

    private Key(long[] ids) {
      this.ids = ids;
      this.hash = Arrays.hashCode(ids);
    }

    static Key of(Collection<Long> documentIds) {
      long[] ids = new long[documentIds.size()];
      int i = 0;
      for (Long id : documentIds) {
        ids[i++] = id;
      }
      Arrays.sort(ids);
      return new Key(ids);
    }

    boolean contains(long id) {
      return Arrays.binarySearch(ids, id) >= 0;
    }

    int size() {
      return ids.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.ids, ids);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final class FilterQuery extends Query {
    private final Key key;

    FilterQuery(Key key) {
      this.key = key;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
      return new ConstantScoreWeight(this, boost) {
        @Override
        public Scorer scorer(LeafReaderContext context) throws IOException {
          Bits visible = bits(context.reader(), key);
          if (visible.cardinality() == 0) {
            return null;
          }
          return new ConstantScoreScorer(
              this, score(), scoreMode, new BitSetIterator(visible.bits(), visible.cardinality()));
        }

        @Override
        public boolean isCacheable(LeafReaderContext ctx) {
          return false; // cached here already, per id set
        }
      };
    }

    @Override
    public void visit(QueryVisitor visitor) {
      visitor.visitLeaf(this);
    }

    @Override
    public String toString(String field) {
      return "visibleDocuments(" + key.size() + " documents)";
    }

    @Override
    public boolean equals(Object o) {
      return sameClassAs(o) && key.equals(((FilterQuery) o).key);
    }

    @Override
    public int hashCode() {
      return classHash() ^ key.hashCode();
    }
  }
}
