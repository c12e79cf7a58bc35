package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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
  private static final String TEXT_ALPHABET = "アイカタンーー・会のA ";
  private static final String WORD_ALPHABET = "アイカタンー";

  @Test
  void aKatakanaWordFindsExactlyThePagesContainingIt(@TempDir Path dir) throws Exception {
    Random random = new Random(20261127);
    List<DocumentIndex.Page> pages = new ArrayList<>();
    for (int p = 1; p <= 300; p++) {
      pages.add(new DocumentIndex.Page(p, randomString(random, TEXT_ALPHABET, 40)));
    }
    try (LuceneDocumentIndex index = LuceneDocumentIndex.open(dir.resolve("index"))) {
      index.put(new DocumentIndex.IndexedDocument(1, 1000, 7, 1, "資料", pages));
      index.commit();
      int checked = 0;
      int found = 0;
      for (int i = 0; i < 300; i++) {
        String word = randomString(random, WORD_ALPHABET, 2 + random.nextInt(4));
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

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
