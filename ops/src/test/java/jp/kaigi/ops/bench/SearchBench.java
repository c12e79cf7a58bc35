package jp.kaigi.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kaigi.search.DocumentIndex;
import jp.kaigi.search.LuceneDocumentIndex;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search benchmark (not a timed test; run with {@code ops/kaigi bench-search}): a synthetic corpus
 * of {@code bench.pages} (default 100,000) pages built from the real corpus texts, indexed with the
 * production {@link LuceneDocumentIndex}; then a fixed query set, each query with the caller's
 * visible-document filter and snippets, as the API runs it. Prints indexing pages/s and query
 * latency p50/p99 next to the target.
 */
class SearchBench {
  static final List<String> QUERIES =
      List.of(
          "ペーパーレス",
          "議事録",
          "フリーアドレス",
          "令和5年度",
          "2023年度",
          "\"DX推進計画\"",
          "行政 デジタル",
          "タブレット",
          "テレワーク",
          "窓口 オンライン",
          "AI",
          "RPA");

  @TempDir static Path dir;

  @Test
  void search() throws Exception {
    int pages = Integer.getInteger("bench.pages", 100_000);
    int rounds = Integer.getInteger("bench.rounds", 30);
    int warmup = Integer.getInteger("bench.warmup", 10);
    int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 30);
    List<String> texts = corpusPages();
    // "pages" (default): a real page plus 400 characters of another; "sentences": ~1,200
    // characters of sentences drawn at random from the whole corpus, so fewer pages repeat.
    String corpus = System.getProperty("bench.corpus", "pages");
    List<String> sentences = corpus.equals("sentences") ? sentences(texts) : List.of();
    Random random = new Random(42);
    int pagesPerDoc = 20;
    Set<Long> visible = new HashSet<>();
    long started = System.nanoTime();
    try (LuceneDocumentIndex index = LuceneDocumentIndex.open(dir.resolve("index"))) {
      long docId = 0;
      for (int p = 0; p < pages; p += pagesPerDoc) {
        docId++;
        List<DocumentIndex.Page> docPages = new ArrayList<>();
        for (int i = 0; i < pagesPerDoc && p + i < pages; i++) {
          int n = p + i;
          String text;
          if (corpus.equals("sentences")) {
            StringBuilder drawn = new StringBuilder();
            while (drawn.length() < 1_200) {
              drawn.append(sentences.get(random.nextInt(sentences.size()))).append('\n');
            }
            text = drawn + "第" + n + "号";
          } else {
            // A real page plus part of another, so pages differ while staying realistic text.
            String a = texts.get(n % texts.size());
            String b = texts.get((int) ((n * 7919L) % texts.size()));
            text = a + "\n" + b.substring(0, Math.min(b.length(), 400)) + "\n第" + n + "号";
          }
          docPages.add(new DocumentIndex.Page(i + 1, text));
        }
        long meeting = 1 + docId / 10;
        index.put(
            new DocumentIndex.IndexedDocument(
                meeting,
                1_700_000_000_000L + meeting * 86_400_000L,
                docId,
                1,
                "資料" + docId,
                docPages));
        if (docId % 2 == 0) {
          visible.add(docId); // a caller who may see half of the documents
        }
      }
      index.commit();
      double indexSeconds = (System.nanoTime() - started) / 1e9;

      // First the figure right after a short warm-up (a node that has just started), then, after
      // bench.warmupSeconds of other queries, the steady state the target is about: on 2 cores C2
      // keeps compiling Lucene's search paths for ~15 s of queries, halving p50 on the way. The
      // long warm-up searches words drawn from the corpus, not the measured queries, so no path is
      // compiled for exactly those.
      for (int r = 0; r < warmup; r++) {
        runRound(index, visible, QUERIES);
      }
      Measured early = measure(index, visible, rounds);
      List<String> warmupQueries = warmupQueries(texts, new Random(7));
      long warmingSince = System.nanoTime();
      int warmupQueriesRun = 0;
      while (System.nanoTime() - warmingSince < warmupSeconds * 1_000_000_000L) {
        runRound(index, visible, warmupQueries);
        warmupQueriesRun += warmupQueries.size();
      }
      Measured steady = measure(index, visible, rounds);
      System.out.println();
      System.out.println("=== Kaigi search benchmark ===");
      System.out.printf(
          "cores: %d, corpus: %s, pages: %,d, documents: %,d, visible to caller: %,d%n",
          Runtime.getRuntime().availableProcessors(), corpus, pages, docId, visible.size());
      System.out.printf("%-28s %14s %14s %14s%n", "figure", "just started", "steady", "target");
      System.out.printf(
          "%-28s %14s %14.0f %14s%n", "indexing pages/s", "", pages / indexSeconds, "-");
      System.out.printf(
          "%-28s %14.2f %14.2f %14s%n", "query p50 ms", early.p50(), steady.p50(), "-");
      System.out.printf(
          "%-28s %14.2f %14.2f %14s%n", "query p99 ms", early.p99(), steady.p99(), "<= 20");
      System.out.printf(
          "queries per column: %d (%d distinct x %d rounds); just started: after %d warm-up rounds;"
              + " steady: after %,d queries of %d other words from the corpus (%d s)%n",
          early.sorted().length,
          QUERIES.size(),
          rounds,
          warmup,
          warmupQueriesRun,
          warmupQueries.size(),
          warmupSeconds);
      System.out.printf(
          "mean total/query: %d (totals beyond %,d are lower bounds)%n",
          steady.hits() / steady.sorted().length, DocumentIndex.EXACT_TOTAL_UP_TO);
      System.out.printf("%-28s %10s %10s%n", "per query (steady)", "p50 ms", "max ms");
      steady
          .perQuery()
          .forEach(
              (q, times) -> {
                long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(
                    "%-28s %10.2f %10.2f%n", q, t[t.length / 2] / 1e6, t[t.length - 1] / 1e6);
              });
      System.out.println();
      assertThat(steady.hits()).isPositive();
    }
  }

  /** Latencies of {@code rounds} rounds of the query set, overall and per query. */
  record Measured(long[] sorted, Map<String, List<Long>> perQuery, long hits) {
    double p50() {
      return sorted[sorted.length / 2] / 1e6;
    }

    double p99() {
      return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6;
    }
  }

  private static Measured measure(LuceneDocumentIndex index, Set<Long> visible, int rounds)
      throws Exception {
    List<Long> nanos = new ArrayList<>();
    Map<String, List<Long>> perQuery = new LinkedHashMap<>();
    long hits = 0;
    for (int r = 0; r < rounds; r++) {
      for (String q : QUERIES) {
        long t = System.nanoTime();
        var result = search(index, visible, q);
        long took = System.nanoTime() - t;
        nanos.add(took);
        perQuery.computeIfAbsent(q, k -> new ArrayList<>()).add(took);
        hits += result.total();
      }
    }
    return new Measured(
        nanos.stream().mapToLong(Long::longValue).sorted().toArray(), perQuery, hits);
  }

  private static void runRound(LuceneDocumentIndex index, Set<Long> visible, List<String> queries)
      throws Exception {
    for (String q : queries) {
      search(index, visible, q);
    }
  }

  /** One query as the API runs it: the first page of 20 hits, with snippets. */
  private static DocumentIndex.Result search(LuceneDocumentIndex index, Set<Long> visible, String q)
      throws Exception {
    return index.search(new DocumentIndex.Query(q, null, null, null, 0, 20), visible);
  }

  /**
   * Warm-up queries: kanji and katakana words of the corpus (runs of 2–6 characters), alone, in
   * pairs and quoted, none of them a measured query.
   */
  static List<String> warmupQueries(List<String> pages, Random random) {
    var words = new TreeSet<String>();
    Pattern run = Pattern.compile("[\\p{IsHan}]{2,6}|[\\p{IsKatakana}ー]{3,8}");
    for (String page : pages) {
      Matcher m = run.matcher(page);
      while (m.find()) {
        words.add(m.group());
      }
    }
    List<String> pool = new ArrayList<>(words);
    Collections.shuffle(pool, random);
    pool = pool.subList(0, Math.min(150, pool.size()));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      String w = pool.get(i);
      out.add(
          switch (i % 3) {
            case 0 -> w;
            case 1 -> w + " " + pool.get((i * 31) % pool.size());
            default -> "\"" + w + "\"";
          });
    }
    out.removeAll(QUERIES);
    return out;
  }

  /** The corpus pages' sentences (split after 。 and at line ends), short fragments left out. */
  static List<String> sentences(List<String> pages) {
    List<String> out = new ArrayList<>();
    for (String page : pages) {
      for (String s : page.split("(?<=。)|\\n")) {
        if (s.strip().length() > 3) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  static Path corpusDir() {
    return jp.kaigi.testing.Corpus.dir();
  }

  static List<String> corpusPages() throws Exception {
    Path corpus = corpusDir();
    List<String> out = new ArrayList<>();
    for (String f :
        Arrays.asList(
            "higashiomi-dx-plan.pdf", "katagami-dx-plan.pdf", "toon-digital-master-plan.pdf")) {
      try (PDDocument doc = Loader.loadPDF(corpus.resolve(f).toFile())) {
        PDFTextStripper s = new PDFTextStripper();
        for (int p = 1; p <= doc.getNumberOfPages(); p++) {
          s.setStartPage(p);
          s.setEndPage(p);
          out.add(s.getText(doc));
        }
      }
    }
    return out;
  }
}
