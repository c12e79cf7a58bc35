package jp.kaigi.search;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Text preparation shared by indexing and querying, so both sides see the same characters: NFKC
 * (full-width digits and Latin → half-width, half-width katakana → full-width) and PDF line breaks
 * inside Japanese text joined (a text layer breaks lines mid-word; ペーパー|レス split over two lines
 * would otherwise never be found).
 */
public final class JapaneseText {
  private static final String JA = "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々〆";
  private static final Pattern JA_LINE_BREAK =
      Pattern.compile("(?<=[" + JA + "、，。・])[ \\t\\u3000]*\\R[ \\t\\u3000]*(?=[" + JA + "])");
  private static final Pattern OTHER_BREAKS = Pattern.compile("[ \\t]*(?:\\R[ \\t]*)+");

  private JapaneseText() {}

  /** NFKC only: for queries and titles. */
  public static String normalize(String s) {
    return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /** NFKC, then Japanese line breaks joined and other runs of line breaks collapsed to one. */
  public static String forIndex(String pageText) {
    String n = normalize(pageText);
    n = JA_LINE_BREAK.matcher(n).replaceAll("");
    return OTHER_BREAKS.matcher(n).replaceAll("\n").strip();
  }
}
