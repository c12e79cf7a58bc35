package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A phrase of bigrams is searched as a phrase of bigram pairs; this checks the claim that both find
 * the same pages, against the bigram phrase itself run on the same index. Texts and phrases are
 * random (fixed seed) over a few kanji, a Latin word, a space and punctuation, so phrases occur
 * inside longer runs, across runs and twice, and most share all their bigrams with pages that do
 * not hold them in order.
 */
class BigramPairsSearchTest {
  private static final String[] TEXT_PARTS = {
    "推", "進", "計", "画", "会", "議", "市", "推", "計", "DX", " ", "、"
  };
  private static final String[] PHRASE_PARTS = {"推", "進", "計", "画", "会", "議", "市", "DX"};

  @Test
  void aPhraseOfPairsFindsExactlyThePagesOfTheBigramPhrase(@TempDir Path dir) throws Exception {
    Random random = new Random(20261127);
    List<DocumentIndex.Page> pages = RandomText.pages(random, TEXT_PARTS, 400, 30);
    Path path = dir.resolve("index");
    try (LuceneDocumentIndex index = LuceneDocumentIndex.open(path)) {
      index.put(new DocumentIndex.IndexedDocument(1, 1000, 7, 1, "資料", pages));
      index.commit();
      QueryParser bigrams =
          new QueryParser(LuceneDocumentIndex.BIGRAM, LuceneDocumentIndex.analyzer());
      bigrams.setSplitOnWhitespace(true);
      bigrams.setAutoGeneratePhraseQueries(true);
      int checked = 0;
      int found = 0;
      try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(path))) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (int i = 0; i < 300; i++) {
          String phrase = RandomText.of(random, PHRASE_PARTS, 3 + random.nextInt(4));
          String query = random.nextBoolean() ? "\"" + phrase + "\"" : phrase;
          var reference = bigrams.parse(QueryParser.escape(phrase));
          if (!(reference instanceof PhraseQuery p) || p.getTerms().length < 2) {
            continue;
          }
          Set<Integer> expected = new TreeSet<>();
          for (ScoreDoc d : searcher.search(reference, 1000).scoreDocs) {
            expected.add(
                searcher.storedFields().document(d.doc).getField("page").numericValue().intValue());
          }
          DocumentIndex.Result r =
              index.search(new DocumentIndex.Query(query, null, null, null, 0, 400), Set.of(7L));
          Set<Integer> actual = new TreeSet<>();
          r.hits().forEach(h -> actual.add(h.page()));
          assertThat(actual).as("pages with %s (%s)", query, reference).isEqualTo(expected);
          checked++;
          found += expected.isEmpty() ? 0 : 1;
        }
      }
      // the random phrases must exercise both outcomes, or the comparison proves little
      assertThat(checked).isGreaterThan(150);
      assertThat(found).isBetween(20, checked - 20);
    }
  }

  @Test
  void phrasesBecomePairs() {
    PhraseQuery.Builder b = new PhraseQuery.Builder();
    for (String t : new String[] {"dx", "推進", "進計", "計画"}) {
      b.add(new org.apache.lucene.index.Term(LuceneDocumentIndex.BIGRAM, t));
    }
    assertThat(LuceneDocumentIndex.inPairs(b.build()))
        .hasToString("text_bigram_pairs:\"dx 推進 ? 進計 計画\"");
  }
}
