package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import jp.kaigi.testing.UiWords;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every reason a version's processing can fail with has words in the web app's both dictionaries
 * ({@code docs.failure.<code>}), so a clerk reads it in Japanese, not the English detail.
 */
class DocumentFailuresTranslatedTest {
  @Test
  @DisplayName("every document failure code has Japanese and English words in the UI")
  void everyCodeHasWords() {
    List<String> keys =
        Arrays.stream(DocumentFailure.values()).map(f -> "docs.failure." + f.code()).toList();
    assertThat(keys).hasSize(4);
    UiWords words = UiWords.load();
    assertThat(words.ja())
        .as("docs.failure.<code> in ja")
        .containsAll(keys)
        .contains("docs.failed");
    assertThat(words.en())
        .as("docs.failure.<code> in en")
        .containsAll(keys)
        .contains("docs.failed");
  }

  @Test
  @DisplayName("the codes on the wire are the documented ones")
  void codes() {
    assertThat(Arrays.stream(DocumentFailure.values()).map(DocumentFailure::code))
        .containsExactly("file-missing", "extract-failed", "index-failed", "processing-failed");
  }
}
