package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A katakana word is searched as one term of the katakana-substring field instead of a phrase of
 * bigrams; this checks the claim that both find the same pages, against the plain truth: the pages
 * whose text contains the word. Texts and words are random (fixed seed) over a small alphabet, so
 * words occur inside longer runs, across ・, next to kanji, hiragana and Latin letters, and twice.
 */
class KatakanaSearchTest {
  private static final String[] TEXT_PARTS = "アイカタンーー・会のA ".split("");
  private static final String[] WORD_PARTS = "アイカタンー".split("");

  @Test
  void aKatakanaWordFindsExactlyThePagesContainingIt(@TempDir Path dir) throws Exception {
    Random random = new Random(20261127);
    List<DocumentIndex.Page> pages = RandomText.pages(random, TEXT_PARTS, 300, 40);
    try (LuceneDocumentIndex index = LuceneDocumentIndex.open(dir.resolve("index"))) {
      index.put(new DocumentIndex.IndexedDocument(1, 1000, 7, 1, "資料", pages));
      index.commit();
      int checked = 0;
      int found = 0;
      for (int i = 0; i < 300; i++) {
        String word = RandomText.of(random, WORD_PARTS, 2 + random.nextInt(4));
        // a final ー brings Kuromoji's stemmed spelling in (サーバー also finds サーバ): another rule
        if (!KatakanaSubstrings.covers(word) || word.endsWith("ー")) {
          continue;
        }
        Set<Integer> expected = new TreeSet<>();
        for (DocumentIndex.Page p : pages) {
          if (JapaneseText.forIndex(p.text()).contains(word)) {
            expected.add(p.page());
          }
        }
        DocumentIndex.Result r =
            index.search(new DocumentIndex.Query(word, null, null, null, 0, 300), Set.of(7L));
        Set<Integer> actual = new TreeSet<>();
        r.hits().forEach(h -> actual.add(h.page()));
        assertThat(actual).as("pages with %s", word).isEqualTo(expected);
        assertThat(r.total()).isEqualTo(expected.size());
        checked++;
        found += expected.isEmpty() ? 0 : 1;
      }
      // the random words must exercise both outcomes, or the comparison proves little
      assertThat(checked).isGreaterThan(100);
      assertThat(found).isBetween(20, checked - 20);
    }
  }
}
