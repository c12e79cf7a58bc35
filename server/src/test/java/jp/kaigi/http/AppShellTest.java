package jp.kaigi.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AppShellTest {
  static final AppShell SHELL = AppShell.load();

  @Test
  @DisplayName("the shell lists the web app and the PDF.js files the viewer loads, nothing else")
  void assets() {
    List<String> assets = SHELL.assets();
    assertThat(assets)
        .contains("/", "/css/app.css", "/img/favicon.svg", "/js/app.js", "/js/offline.js")
        .contains("/js/views/viewer.js", "/js/views/offline-list.js")
        .doesNotContain("/index.html", "/sw.js")
        .noneMatch(a -> a.startsWith("/office/"))
        .noneMatch(a -> a.startsWith("/api/"))
        .noneMatch(a -> a.endsWith(".map") || a.contains("/legacy/") || a.contains("LICENSE"))
        .doesNotHaveDuplicates();
    String pdfjs = "/webjars/pdfjs-dist/" + viewerPdfjsVersion() + "/";
    assertThat(assets)
        .contains(pdfjs + "build/pdf.mjs", pdfjs + "build/pdf.worker.mjs")
        .anyMatch(a -> a.startsWith(pdfjs + "cmaps/") && a.endsWith(".bcmap"))
        .anyMatch(a -> a.startsWith(pdfjs + "standard_fonts/"))
        .anyMatch(a -> a.startsWith(pdfjs + "wasm/") && a.endsWith(".wasm"));
    // Every other listed file is a file the node serves from the classpath.
    for (String a : assets) {
      String resource =
          a.equals("/")
              ? "webroot/index.html"
              : a.startsWith("/webjars/") ? "META-INF/resources" + a : "webroot" + a;
      assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
    }
  }

  @Test
  @DisplayName("the worker script carries the version and the list; the version follows content")
  void workerScript() {
    assertThat(SHELL.version()).matches("[0-9a-f]{16}");
    assertThat(SHELL.worker())
        .doesNotContain(AppShell.PLACEHOLDER)
        .contains("const SHELL = {\"version\":\"" + SHELL.version() + "\",\"assets\":[")
        .contains("\"/\",", "\"/js/app.js\",")
        .contains("addEventListener('fetch'");
    assertThat(AppShell.load().version()).as("same files, same version").isEqualTo(SHELL.version());
    String template = "// x\n" + AppShell.PLACEHOLDER + "\nrest();\n";
    AppShell a = new AppShell("aaaa", List.of("/"), template);
    assertThat(a.worker())
        .isEqualTo("// x\nconst SHELL = {\"version\":\"aaaa\",\"assets\":[\"/\"]};\nrest();\n");
    assertThatThrownBy(() -> new AppShell("aaaa", List.of("/"), "no placeholder"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("PDF.js: the module, worker, cMaps, fonts, wasm and colour profiles, no licences")
  void pdfjsSelection() {
    assertThat(AppShell.pdfjsNeeds("build/pdf.mjs")).isTrue();
    assertThat(AppShell.pdfjsNeeds("build/pdf.worker.mjs")).isTrue();
    assertThat(AppShell.pdfjsNeeds("cmaps/UniJIS-UCS2-H.bcmap")).isTrue();
    assertThat(AppShell.pdfjsNeeds("wasm/openjpeg.wasm")).isTrue();
    assertThat(AppShell.pdfjsNeeds("wasm/LICENSE_OPENJPEG")).isFalse();
    assertThat(AppShell.pdfjsNeeds("build/pdf.mjs.map")).isFalse();
    assertThat(AppShell.pdfjsNeeds("build/pdf.sandbox.mjs")).isFalse();
    assertThat(AppShell.pdfjsNeeds("legacy/build/pdf.mjs")).isFalse();
    assertThat(AppShell.pdfjsNeeds("web/pdf_viewer.mjs")).isFalse();
  }

  /** The PDF.js version the viewer imports (views/viewer.js); the shell must hold that one. */
  private static String viewerPdfjsVersion() {
    try (InputStream in =
        AppShellTest.class.getClassLoader().getResourceAsStream("webroot/js/views/viewer.js")) {
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("'/webjars/pdfjs-dist/([^']+)'").matcher(js);
      assertThat(m.find()).as("PDFJS constant in viewer.js").isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
