package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class KatakanaSubstringsTest {
  private static List<String> tokens(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (KatakanaSubstrings analyzer = new KatakanaSubstrings();
        var stream = analyzer.tokenStream("f", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.toString());
      }
      stream.end();
    }
    return out;
  }

  @Test
  void everySubstringOfEveryRun() throws IOException {
    assertThat(tokens("ア市のデータを、サーバーへ。"))
        .containsExactly("デー", "データ", "ータ", "サー", "サーバ", "サーバー", "ーバ", "ーバー", "バー");
  }

  @Test
  void middleDotAndOtherScriptsEndARun() throws IOException {
    assertThat(tokens("オン・ラインAIタブ")).containsExactly("オン", "ライ", "ライン", "イン", "タブ");
  }

  @Test
  void longRunsStopAtTheMaximumLength() throws IOException {
    String run = "ア".repeat(KatakanaSubstrings.MAX_LENGTH + 5);
    List<String> t = tokens(run);
    assertThat(t)
        .allSatisfy(s -> assertThat(s.length()).isBetween(2, KatakanaSubstrings.MAX_LENGTH));
    // from each start, lengths 2..MAX while they fit in the run
    int n = run.length();
    int expected = 0;
    for (int start = 0; start < n; start++) {
      expected += Math.max(0, Math.min(KatakanaSubstrings.MAX_LENGTH, n - start) - 1);
    }
    assertThat(t).hasSize(expected);
    assertThat(tokens("")).isEmpty();
    assertThat(tokens("ア")).isEmpty();
  }

  @Test
  void coversOnlyKatakanaWordsOfTwoToMaximumLength() {
    assertThat(KatakanaSubstrings.covers("デジタル")).isTrue();
    assertThat(KatakanaSubstrings.covers("サーバー")).isTrue();
    assertThat(KatakanaSubstrings.covers("ア")).isFalse();
    assertThat(KatakanaSubstrings.covers("デジタル化")).isFalse();
    assertThat(KatakanaSubstrings.covers("オン・ライン")).isFalse();
    assertThat(KatakanaSubstrings.covers("ア".repeat(KatakanaSubstrings.MAX_LENGTH + 1))).isFalse();
  }
}
