package jp.kaigi.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.tika.Tika;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/** {@link TextExtractor} on Apache Tika (the standard parsers package). */
public final class TikaTextExtractor implements TextExtractor {
  private volatile Tika tika;

  /** Built on first use (on a worker): loading every parser takes seconds. */
  private Tika tika() {
    Tika t = tika;
    if (t == null) {
      synchronized (this) {
        if (tika == null) {
          tika = new Tika();
        }
        t = tika;
      }
    }
    return t;
  }

  @Override
  public String detect(Path file) throws IOException {
    // No file name in the metadata: a renamed .exe must not pass as .pdf.
    try (InputStream in = TikaInputStream.get(file)) {
      return tika().getDetector().detect(in, new Metadata()).getBaseType().toString();
    }
  }

  @Override
  public String extract(Path file, int maxChars) throws IOException {
    try (InputStream in = TikaInputStream.get(file)) {
      return tika().parseToString(in, new Metadata(), maxChars);
    } catch (TikaException e) {
      throw new IOException("text extraction failed: " + e.getMessage(), e);
    }
  }
}
