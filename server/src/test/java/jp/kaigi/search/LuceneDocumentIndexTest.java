package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real Lucene index on the real corpus text: Japanese analysis, dates, phrases, filters. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LuceneDocumentIndexTest {
  static final long HIGASHIOMI = 1;
  static final long KATAGAMI = 2;
  static final long TOON = 3;

  @TempDir static Path dir;
  LuceneDocumentIndex index;

  @BeforeAll
  void build() throws Exception {
    index = LuceneDocumentIndex.open(dir.resolve("index"));
    put(HIGASHIOMI, 10, "higashiomi-dx-plan.pdf");
    put(KATAGAMI, 10, "katagami-dx-plan.pdf");
    put(TOON, 20, "toon-digital-master-plan.pdf");
    index.commit();
  }

  @AfterAll
  void close() throws Exception {
    index.close();
  }

  static Path corpus() {
    return jp.kaigi.testing.Corpus.dir();
  }

  void put(long id, long meeting, String file) throws Exception {
    List<DocumentIndex.Page> pages = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(corpus().resolve(file).toFile())) {
      PDFTextStripper s = new PDFTextStripper();
      s.setSortByPosition(true);
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        s.setStartPage(p);
        s.setEndPage(p);
        pages.add(new DocumentIndex.Page(p, s.getText(doc)));
      }
    }
    index.put(new DocumentIndex.IndexedDocument(meeting, meeting * 1000, id, 1, file, pages));
  }

  TreeSet<Integer> pages(String q, long doc) throws Exception {
    TreeSet<Integer> out = new TreeSet<>();
    for (var h :
        index
            .search(
                new DocumentIndex.Query(q, null, null, null, 0, 500),
                Set.of(HIGASHIOMI, KATAGAMI, TOON))
            .hits()) {
      if (h.documentId() == doc) {
        out.add(h.page());
      }
    }
    return out;
  }

  @Test
  @DisplayName("ペーパーレス is found as one word on the pages that contain it")
  void paperless() throws Exception {
    // katagami p.16 has ペー|パーレス split over two lines of a table cell (pdftotext misses it).
    assertThat(pages("ペーパーレス", HIGASHIOMI)).containsExactly(4, 8, 9, 11);
    assertThat(pages("ペーパーレス", KATAGAMI))
        .containsExactly(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 26);
    assertThat(pages("ペーパーレス", TOON)).containsExactly(6, 12, 17);
  }

  @Test
  @DisplayName("議事録 and フリーアドレス hit exactly their pages")
  void words() throws Exception {
    assertThat(pages("議事録", KATAGAMI)).containsExactly(17);
    assertThat(pages("議事録", TOON)).containsExactly(15);
    assertThat(pages("議事録", HIGASHIOMI)).isEmpty();
    assertThat(pages("フリーアドレス", TOON)).containsExactly(15, 21);
    assertThat(pages("フリーアドレス", HIGASHIOMI)).containsExactly(11);
  }

  @Test
  @DisplayName("令和5年度 ⇔ 2023年度, full-width digits alike")
  void dates() throws Exception {
    assertThat(pages("令和5年度", HIGASHIOMI)).containsExactly(1, 2, 5);
    assertThat(pages("令和5年度", TOON)).containsExactly(3, 8);
    for (String q : List.of("2023年度", "２０２３年度", "令和５年度")) {
      for (long d : List.of(HIGASHIOMI, KATAGAMI, TOON)) {
        assertThat(pages(q, d)).as(q + " in " + d).isEqualTo(pages("令和5年度", d));
      }
    }
  }

  @Test
  @DisplayName("a version with no pages replaces the document's pages with none; the index closes")
  void versionWithoutPages(@TempDir Path other) throws Exception {
    LuceneDocumentIndex small = LuceneDocumentIndex.open(other.resolve("index"));
    small.put(
        new DocumentIndex.IndexedDocument(
            1, 1000, 60, 1, "資料", List.of(new DocumentIndex.Page(1, "ペーパーレス会議を導入する。"))));
    small.commit();
    small.put(new DocumentIndex.IndexedDocument(1, 1000, 60, 2, "資料", List.of()));
    small.commit();
    assertThat(
            small
                .search(new DocumentIndex.Query("ペーパーレス", null, null, null, 0, 10), Set.of(60L))
                .hits())
        .isEmpty();
    assertThat(small.indexedVersions()).doesNotContainKey(60L);
    // Lucene's own assertions (on in tests) checked its memory accounting here: an update with no
    // documents left it off.
    small.close();
  }

  @Test
  @DisplayName(
      "Kuromoji still finds what the bigrams miss: base forms, katakana variants, stop-word gaps")
  void kuromojiBeyondBigrams(@TempDir Path other) throws Exception {
    try (LuceneDocumentIndex small = LuceneDocumentIndex.open(other.resolve("index"))) {
      small.put(
          new DocumentIndex.IndexedDocument(
              1,
              1000,
              50,
              1,
              "資料",
              List.of(
                  new DocumentIndex.Page(1, "庁内のサーバの更新を行った。"),
                  new DocumentIndex.Page(2, "本会議の議事録が公開された。"),
                  new DocumentIndex.Page(3, "平成35年度までに整備する。"),
                  new DocumentIndex.Page(4, "ペーパレス会議を導入する。"),
                  new DocumentIndex.Page(5, "デジタルトランスフォーメーションを進める。"),
                  new DocumentIndex.Page(6, "オン・ラインではなく窓口で。"))));
      small.commit();
      java.util.function.Function<String, List<Integer>> pagesOf =
          q -> {
            try {
              return small
                  .search(new DocumentIndex.Query(q, null, null, null, 0, 10), Set.of(50L))
                  .hits()
                  .stream()
                  .map(DocumentIndex.Hit::page)
                  .sorted()
                  .toList();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          };
      assertThat(pagesOf.apply("サーバー")).containsExactly(1);
      assertThat(pagesOf.apply("ペーパーレス会議")).containsExactly(4);
      assertThat(pagesOf.apply("行う")).containsExactly(1);
      assertThat(pagesOf.apply("議事録の公開")).containsExactly(2);
      assertThat(pagesOf.apply("\"議事録の公開\"")).containsExactly(2);
      // 平成35年度, as plans written before 2019 say, is 2023年度.
      assertThat(pagesOf.apply("2023年度")).containsExactly(3);
      assertThat(pagesOf.apply("令和5年度 整備")).containsExactly(3);
      assertThat(pagesOf.apply("令和6年度")).isEmpty();
      // Katakana words are one term of their own field: found inside longer katakana words as
      // the bigram phrase finds them, and not across a ・ or other characters.
      assertThat(pagesOf.apply("トランス")).containsExactly(5);
      assertThat(pagesOf.apply("デジタル 進める")).containsExactly(5);
      assertThat(pagesOf.apply("オンライン")).isEmpty();
      assertThat(pagesOf.apply("ライン 窓口")).containsExactly(6);
    }
  }

  @Test
  @DisplayName("a query with broken syntax searches its words literally instead of failing")
  void brokenSyntax() throws Exception {
    assertThat(pages("(ペーパーレス AND", HIGASHIOMI)).containsExactly(4, 8, 9, 11);
    assertThat(pages("議事録 \"", KATAGAMI)).containsExactly(17);
  }

  @Test
  @DisplayName("hits outside the visible set are never returned nor counted")
  void acl() throws Exception {
    var r = index.search(new DocumentIndex.Query("ペーパーレス", null, null, null, 0, 100), Set.of(TOON));
    assertThat(r.total()).isEqualTo(3);
    assertThat(r.hits()).allMatch(h -> h.documentId() == TOON);
    assertThat(
            index
                .search(new DocumentIndex.Query("ペーパーレス", null, null, null, 0, 10), Set.of())
                .total())
        .isZero();
  }

  @Test
  @DisplayName("the visible-document filter follows the caller's set and index changes")
  void visibleSetChanges() throws Exception {
    assertThat(pages("議事録", KATAGAMI)).containsExactly(17);
    var onlyToon =
        index.search(new DocumentIndex.Query("議事録", null, null, null, 0, 100), Set.of(TOON));
    assertThat(onlyToon.hits()).extracting(DocumentIndex.Hit::documentId).containsOnly(TOON);
    var onlyKatagami =
        index.search(new DocumentIndex.Query("議事録", null, null, null, 0, 100), Set.of(KATAGAMI));
    assertThat(onlyKatagami.hits())
        .extracting(DocumentIndex.Hit::documentId)
        .containsOnly(KATAGAMI);

    // A new document lands in a new segment; then it is replaced and finally deleted.
    long extra = 99;
    Set<Long> withExtra = Set.of(TOON, extra);
    index.put(
        new DocumentIndex.IndexedDocument(
            30, 30_000, extra, 1, "extra", List.of(new DocumentIndex.Page(1, "臨時の議事録です"))));
    index.commit();
    assertThat(
            index
                .search(new DocumentIndex.Query("議事録", null, null, null, 0, 100), withExtra)
                .hits())
        .extracting(DocumentIndex.Hit::documentId)
        .containsOnly(TOON, extra);
    index.put(
        new DocumentIndex.IndexedDocument(
            30, 30_000, extra, 2, "extra", List.of(new DocumentIndex.Page(1, "差し替え後"))));
    index.commit();
    assertThat(
            index
                .search(new DocumentIndex.Query("議事録", null, null, null, 0, 100), withExtra)
                .hits())
        .extracting(DocumentIndex.Hit::documentId)
        .containsOnly(TOON);
    index.delete(extra);
    index.commit();
    assertThat(
            index
                .search(new DocumentIndex.Query("差し替え後", null, null, null, 0, 100), withExtra)
                .total())
        .isZero();
  }

  @Test
  @DisplayName("totals are exact up to 1,000 hits; beyond, a lower bound with the right top hits")
  void totalsBeyondTheExactLimit(@TempDir Path other) throws Exception {
    try (LuceneDocumentIndex big = LuceneDocumentIndex.open(other.resolve("index"))) {
      Set<Long> visible = new java.util.HashSet<>();
      for (long doc = 1; doc <= 300; doc++) {
        List<DocumentIndex.Page> pages = new ArrayList<>();
        for (int p = 1; p <= 5; p++) {
          // Page 1 of document 300 mentions the word most often: the best hit.
          String text = "予算".repeat(doc == 300 && p == 1 ? 5 : 1) + "の審議 第" + doc + "号 " + p;
          pages.add(new DocumentIndex.Page(p, text));
        }
        big.put(new DocumentIndex.IndexedDocument(doc, doc * 1000, doc, 1, "資料", pages));
        visible.add(doc);
      }
      big.commit();
      var few = big.search(new DocumentIndex.Query("予算", 7L, null, null, 0, 10), visible);
      assertThat(few.total()).isEqualTo(5);
      assertThat(few.totalExact()).isTrue();
      var many = big.search(new DocumentIndex.Query("予算", null, null, null, 0, 10), visible);
      assertThat(many.totalExact()).isFalse();
      assertThat(many.total()).isBetween((long) DocumentIndex.EXACT_TOTAL_UP_TO, 1_500L);
      assertThat(many.hits()).hasSize(10);
      assertThat(many.hits().get(0).documentId()).isEqualTo(300);
      assertThat(many.hits().get(0).page()).isEqualTo(1);
      // Equal scores: the newest meeting first.
      for (int i = 2; i < many.hits().size(); i++) {
        var before = many.hits().get(i - 1);
        var hit = many.hits().get(i);
        if (hit.score() == before.score()) {
          assertThat(hit.meetingId()).isLessThanOrEqualTo(before.meetingId());
        }
      }
      assertThat(many.hits().get(9).meetingId()).isLessThan(300);
    }
  }

  @Test
  @DisplayName("snippets mark the match and are HTML-escaped; newer meetings first on equal score")
  void snippets() throws Exception {
    var r =
        index.search(
            new DocumentIndex.Query("議事録", null, null, null, 0, 10),
            Set.of(HIGASHIOMI, KATAGAMI, TOON));
    assertThat(r.hits()).isNotEmpty();
    assertThat(r.hits().get(0).snippet()).contains("<mark>");
    // Kuromoji splits ペーパーレス into two words; the snippet marks the word as one.
    var paperless =
        index.search(
            new DocumentIndex.Query("ペーパーレス", null, null, null, 0, 10),
            Set.of(HIGASHIOMI, KATAGAMI, TOON));
    assertThat(paperless.hits())
        .isNotEmpty()
        .allSatisfy(h -> assertThat(h.snippet()).contains("<mark>ペーパーレス</mark>"));
    assertThat(index.indexedVersions()).containsEntry(KATAGAMI, 1);
  }
}
