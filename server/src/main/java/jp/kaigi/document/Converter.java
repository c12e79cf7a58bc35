package jp.kaigi.document;

import java.nio.file.Path;

/** Office documents → PDF (LibreOffice). Blocking; bounded and timed out by the implementation. */
public interface Converter {
  /** False when the converter is not installed on this machine. */
  boolean available();

  /** Converts {@code input} to a PDF at {@code output}. */
  void toPdf(Path input, String mediaType, Path output) throws ConversionException;

  /** Why a conversion failed; {@code timedOut} when it was killed for taking too long. */
  final class ConversionException extends Exception {
    private final boolean timedOut;

    public ConversionException(String message, boolean timedOut) {
      super(message);
      this.timedOut = timedOut;
    }

    public boolean timedOut() {
      return timedOut;
    }
  }
}
