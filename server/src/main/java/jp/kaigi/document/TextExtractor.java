package jp.kaigi.document;

import java.io.IOException;
import java.nio.file.Path;

/** Content type detection and plain-text extraction (Tika). Blocking. */
public interface TextExtractor {
  /** The media type from the content (magic bytes, container structure), never from the name. */
  String detect(Path file) throws IOException;

  /** The file's text, at most {@code maxChars} characters. */
  String extract(Path file, int maxChars) throws IOException;
}
