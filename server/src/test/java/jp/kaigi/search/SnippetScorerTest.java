package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** SnippetScorer must choose the same sentences as Lucene's scorer: it only allocates less. */
class SnippetScorerTest {
  @Test
  void scoresEveryPassageAsLucenesScorerDoes() {
    Random random = new Random(42);
    String[] words = {"行政", "デジタル", "ペーパ", "レス", "年度", "2023"};
    PassageScorer lucene = new PassageScorer();
    SnippetScorer ours = new SnippetScorer();
    for (int i = 0; i < 2_000; i++) {
      Passage p = new Passage();
      int start = random.nextInt(5_000);
      int length = 1 + random.nextInt(300);
      p.setStartOffset(start);
      p.setEndOffset(start + length);
      int matches = random.nextInt(12);
      for (int m = 0, at = start; m < matches && at < start + length; m++, at++) {
        int w = random.nextInt(words.length);
        // Lucene hands the same term the same frequency in the document
        p.addMatch(at, at + 1, new BytesRef(words[w]), 1 + w * 3);
      }
      int contentLength = start + length + random.nextInt(10_000);
      assertThat(ours.score(p, contentLength)).isEqualTo(lucene.score(p, contentLength));
    }
  }
}
