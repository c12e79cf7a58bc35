package jp.kaigi.search;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Every substring of 2 to {@link #MAX_LENGTH} characters of each katakana run in a text, as tokens:
 * a katakana word is then found with one term lookup instead of a phrase of its bigrams (デジタル is
 * "デジ ジタ タル", three position lists read for every page holding all three).
 *
 * <p>A katakana run is a maximal stretch of katakana letters and the long vowel mark ー (・ and
 * everything else end it). A string made only of such characters occurs in a text exactly when it
 * is a substring of one of its runs, so the term matches the same pages as the bigram phrase.
 */
final class KatakanaSubstrings extends Analyzer {
  /** Longer katakana words (rare: デジタルトランスフォーメーション is 16) fall back to bigrams. */
  static final int MAX_LENGTH = 20;

  /** True when {@code word} is searched as one term of this field. */
  static boolean covers(String word) {
    int n = word.length();
    if (n < 2 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isKatakana(word.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ー and ・ are of the Common script: ー is added, ・ stays out and so ends a run. */
  static boolean isKatakana(char c) {
    return c == 'ー' || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new SubstringTokenizer());
  }

  /** Reads the whole (page-sized) text, then emits run by run, start by start, length by length. */
  private static final class SubstringTokenizer extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final StringBuilder text = new StringBuilder();
    private int runEnd;
    private int start;
    private int length;

    @Override
    public void reset() throws IOException {
      super.reset();
      text.setLength(0);
      char[] buffer = new char[4096];
      for (int n = input.read(buffer); n != -1; n = input.read(buffer)) {
        text.append(buffer, 0, n);
      }
      runEnd = start = 0;
      length = 1;
    }

    @Override
    public boolean incrementToken() {
      clearAttributes();
      while (true) {
        length++;
        if (start + length <= runEnd && length <= MAX_LENGTH) {
          term.setEmpty().append(text, start, start + length);
          return true;
        }
        start++;
        length = 1;
        if (start + 2 > runEnd && !nextRun()) {
          return false;
        }
      }
    }

    /** Moves to the next run of at least two characters; false at the end of the text. */
    private boolean nextRun() {
      int i = runEnd;
      while (i < text.length()) {
        while (i < text.length() && !isKatakana(text.charAt(i))) {
          i++;
        }
        int end = i;
        while (end < text.length() && isKatakana(text.charAt(end))) {
          end++;
        }
        if (end - i >= 2) {
          start = i;
          runEnd = end;
          length = 1;
          return true;
        }
        i = end;
      }
      runEnd = start = text.length();
      return false;
    }
  }
}
