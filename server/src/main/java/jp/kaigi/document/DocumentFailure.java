package jp.kaigi.document;

/**
 * Why a version's background processing ({@code extract → index → ready}) failed: {@code failure}
 * on the wire, a stable code the web app has words for ({@code docs.failure.<code>} in {@code
 * js/i18n.js}, checked by {@code DocumentFailuresTranslatedTest}). The English {@code
 * failureDetail} beside it is for operators, as a problem's detail is.
 */
public enum DocumentFailure {
  /** The stored file is not in the blob store (lost in a crash, a restore without the blobs). */
  FILE_MISSING("file-missing"),
  /** extract: PDFBox could not read the stored PDF's text. */
  EXTRACT_FAILED("extract-failed"),
  /** index: the search index could not take the pages. */
  INDEX_FAILED("index-failed"),
  /** Anything else (storing the result); also what versions that failed before the codes have. */
  PROCESSING_FAILED("processing-failed");

  private final String code;

  DocumentFailure(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
