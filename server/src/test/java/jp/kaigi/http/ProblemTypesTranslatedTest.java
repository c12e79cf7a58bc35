package jp.kaigi.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.kaigi.testing.UiWords;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every problem {@code type} the server's code can send has words in the web app's both
 * dictionaries ({@code problem.<type>} in {@code webroot/js/i18n.js}), so no user reads the English
 * detail in place of a message (docs/ui.md, Language).
 */
class ProblemTypesTranslatedTest {
  /** The first arguments that carry a problem's type, per way of making one. */
  private static final Pattern[] TYPE_ARGUMENT = {
    Pattern.compile("new Problem\\(\\s*[^,]+,\\s*([^,]+),"),
    Pattern.compile("Problem\\.(?:badRequest|conflict|tooLarge)\\(\\s*([^,]+),"),
    Pattern.compile("unprocessable\\(\\s*([^,]+),"),
    Pattern.compile("BadPdfException\\(\\s*([^,]+),"),
  };

  private static final Pattern QUOTED = Pattern.compile("\"([a-z][a-z0-9-]*[a-z0-9])\"");
  private static final Pattern KEY = Pattern.compile("problem\\.([a-z0-9-]+)");

  /** Made for the log only: the client has gone, nothing is sent. */
  private static final Set<String> NEVER_SENT = Set.of("client-aborted");

  @Test
  @DisplayName("every problem type the server sends has Japanese and English words in the UI")
  void everyTypeHasWords() throws IOException {
    Set<String> types = serverTypes();
    // The scan found the types it should (it would pass on nothing otherwise).
    assertThat(types)
        .contains("validation", "malformed-json", "forbidden", "csrf", "too-large", "corrupt-pdf")
        .contains("body-too-large", "uri-too-long", "headers-too-large", "range-not-satisfiable")
        .contains("conversion-timeout", "conversion-failed", "method-not-allowed", "internal")
        .hasSizeGreaterThan(25);

    UiWords words = UiWords.load();
    Set<String> jaKeys = problemTypes(words.ja());
    Set<String> enKeys = problemTypes(words.en());
    assertThat(jaKeys).as("problem.<type> in ja").containsAll(types).contains("unknown");
    assertThat(enKeys).as("problem.<type> in en").containsAll(types).contains("unknown");
  }

  private static Set<String> serverTypes() throws IOException {
    Set<String> types = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String source = Files.readString(f);
        for (Pattern p : TYPE_ARGUMENT) {
          Matcher m = p.matcher(source);
          while (m.find()) {
            Matcher q = QUOTED.matcher(m.group(1));
            while (q.find()) {
              types.add(q.group(1));
            }
          }
        }
      }
    }
    types.removeAll(NEVER_SENT);
    return types;
  }

  /** The types with words: {@code problem.<type>}, not a field's {@code problem.validation.<f>}. */
  private static Set<String> problemTypes(Set<String> keys) {
    Set<String> types = new TreeSet<>();
    for (String key : keys) {
      Matcher m = KEY.matcher(key);
      if (m.matches()) {
        types.add(m.group(1));
      }
    }
    return types;
  }
}
