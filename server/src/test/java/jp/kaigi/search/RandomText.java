package jp.kaigi.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random texts for the tests that check a query rewrite against brute force: drawn from a few
 * parts, so words recur, sit inside longer runs and cross separators. Callers fix the seed.
 */
final class RandomText {
  private RandomText() {}

  /** {@code count} parts drawn at random, joined. */
  static String of(Random random, String[] parts, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < count; i++) {
      s.append(parts[random.nextInt(parts.length)]);
    }
    return s.toString();
  }

  /** Pages 1 to {@code pages}, each of {@code partsPerPage} random parts. */
  static List<DocumentIndex.Page> pages(
      Random random, String[] parts, int pages, int partsPerPage) {
    List<DocumentIndex.Page> out = new ArrayList<>(pages);
    for (int p = 1; p <= pages; p++) {
      out.add(new DocumentIndex.Page(p, of(random, parts, partsPerPage)));
    }
    return out;
  }
}
