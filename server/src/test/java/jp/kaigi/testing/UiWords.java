package jp.kaigi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The keys of the web app's two dictionaries ({@code webroot/js/i18n.js}, from viewer-web). */
public final class UiWords {
  private static final Pattern KEY = Pattern.compile("^\\s*'([^']+)':", Pattern.MULTILINE);

  private final Set<String> ja;
  private final Set<String> en;

  private UiWords(Set<String> ja, Set<String> en) {
    this.ja = ja;
    this.en = en;
  }

  public static UiWords load() {
    String i18n = resource("webroot/js/i18n.js");
    int ja = i18n.indexOf("const ja = {");
    int en = i18n.indexOf("const en = {");
    assertThat(ja).isNotNegative().isLessThan(en);
    return new UiWords(keys(i18n.substring(ja, en)), keys(i18n.substring(en)));
  }

  /** Every key of the Japanese dictionary. */
  public Set<String> ja() {
    return ja;
  }

  /** Every key of the English dictionary. */
  public Set<String> en() {
    return en;
  }

  private static Set<String> keys(String dictionary) {
    Set<String> keys = new TreeSet<>();
    Matcher m = KEY.matcher(dictionary);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static String resource(String name) {
    try (InputStream in = UiWords.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
