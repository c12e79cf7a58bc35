package jp.kaigi.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JapaneseDatesTest {
  @Test
  @DisplayName("era years map to Western years and back")
  void equivalents() {
    assertThat(JapaneseDates.equivalents("令和5年度")).containsExactly("令和5年度", "2023年度");
    assertThat(JapaneseDates.equivalents("2023年度")).containsExactly("2023年度", "令和5年度");
    assertThat(JapaneseDates.equivalents("令和元年")).containsExactly("令和1年", "令和元年", "2019年");
    assertThat(JapaneseDates.equivalents("2019年"))
        .containsExactly("2019年", "令和1年", "令和元年", "平成31年");
    assertThat(JapaneseDates.equivalents("平成30年度")).containsExactly("平成30年度", "2018年度");
    assertThat(JapaneseDates.equivalents("1989年")).contains("平成1年", "平成元年", "昭和64年");
  }

  @Test
  @DisplayName("unquoted dates become OR-groups; quoted phrases stay as typed")
  void expand() {
    assertThat(JapaneseDates.expandQuery("令和5年度 予算")).isEqualTo("(\"令和5年度\" OR \"2023年度\")  予算");
    assertThat(JapaneseDates.expandQuery("\"令和5年度 予算\"")).isEqualTo("\"令和5年度 予算\"");
    // A phrase and the date after it stay two words (they were glued together once).
    assertThat(JapaneseDates.expandQuery("\"DX\" 令和5年度"))
        .isEqualTo("\"DX\"  (\"令和5年度\" OR \"2023年度\")");
    assertThat(JapaneseDates.expandQuery(JapaneseText.normalize("２０２３年度")))
        .isEqualTo("(\"2023年度\" OR \"令和5年度\")");
  }

  @Test
  @DisplayName("dates have one calendar-neutral term, in pages and in unquoted query words")
  void terms() {
    assertThat(JapaneseDates.term("令和5年度")).isEqualTo("fy2023");
    assertThat(JapaneseDates.term("2023年度")).isEqualTo("fy2023");
    assertThat(JapaneseDates.term("平成35年度")).isEqualTo("fy2023");
    assertThat(JapaneseDates.term("令和元年")).isEqualTo("y2019");
    assertThat(JapaneseDates.term("平成31年")).isEqualTo("y2019");
    assertThat(JapaneseDates.term("昭和64年")).isEqualTo("y1989");
    assertThat(JapaneseDates.term("予算")).isNull();
    assertThat(JapaneseDates.termsIn("令和5年度の予算、2024年4月から。平成 30 年度"))
        .isEqualTo("fy2023 y2024 fy2018");
    assertThat(JapaneseDates.toTerms("令和5年度 予算", "dates")).isEqualTo("dates:fy2023  予算");
    assertThat(JapaneseDates.toTerms("\"令和5年度 予算\" 2019年", "dates"))
        .isEqualTo("\"令和5年度 予算\"  dates:y2019");
  }

  @Test
  @DisplayName("PDF line breaks inside Japanese words are joined")
  void joinLines() {
    assertThat(JapaneseText.forIndex("ペーパー\nレス会議\n\nDX\nplan")).isEqualTo("ペーパーレス会議\nDX\nplan");
  }
}
