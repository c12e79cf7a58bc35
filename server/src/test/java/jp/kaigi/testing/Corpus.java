package jp.kaigi.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus of real Japanese municipal PDFs and DOCX files ({@code shared/corpus} beside
 * the repository). Found by {@code KAIGI_CORPUS_DIR}, else by walking up from the working
 * directory, else at the development machine's {@code /work/shared/corpus}.
 */
public final class Corpus {
  private Corpus() {}

  public static Path dir() {
    String env = System.getenv("KAIGI_CORPUS_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path c = p.resolve("shared").resolve("corpus");
      if (Files.isRegularFile(c.resolve("higashiomi-dx-plan.pdf"))) {
        return c;
      }
    }
    return Path.of("/work/shared/corpus");
  }

  /** A corpus file; skips (or fails under CI) when the corpus is not there. */
  public static Path file(String name) {
    Path file = dir().resolve(name);
    Requirements.require(Files.isRegularFile(file), "the test corpus file " + file);
    return file;
  }
}
