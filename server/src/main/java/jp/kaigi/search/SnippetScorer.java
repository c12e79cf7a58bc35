package jp.kaigi.search;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageScorer;
import org.apache.lucene.util.BytesRef;

/**
 * Lucene's passage score (BM25 over the passage, then its position norm), computed the same way but
 * without a fresh {@code BytesRefHash} per passage: that hash allocates a 32 KB block for every
 * sentence scored, about a third of what a search allocated, and so of its garbage collection
 * pauses. A passage has a handful of matches, so its distinct terms are found by a linear scan.
 */
final class SnippetScorer extends PassageScorer {
  @Override
  public float score(Passage passage, int contentLength) {
    int matches = passage.getNumMatches();
    BytesRef[] terms = new BytesRef[matches];
    int[] inPassage = new int[matches];
    int[] inDocument = new int[matches];
    int distinct = 0;
    for (int i = 0; i < matches; i++) {
      BytesRef term = passage.getMatchTerms()[i];
      int t = 0;
      while (t < distinct && !terms[t].bytesEquals(term)) {
        t++;
      }
      if (t == distinct) {
        terms[distinct++] = term;
        inDocument[t] = passage.getMatchTermFreqsInDoc()[i];
      }
      inPassage[t]++;
    }
    double score = 0;
    for (int t = 0; t < distinct; t++) {
      score += tf(inPassage[t], passage.getLength()) * weight(contentLength, inDocument[t]);
    }
    return (float) (score * norm(passage.getStartOffset()));
  }
}
