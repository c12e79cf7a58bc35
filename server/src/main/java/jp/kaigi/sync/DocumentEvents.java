package jp.kaigi.sync;

/**
 * The documents feature's event-bus contract, as sync consumes it. Body: {@code {meetingId,
 * documentId, version, title, pages, sha256, confidential, allowedUserIds (only when
 * confidential)}}. Published by the documents feature; sync turns each into a {@code document}
 * event on the meeting (sequenced, logged, filtered per recipient when confidential).
 */
public final class DocumentEvents {
  public static final String PUBLISHED = "kaigi.document.published";
  public static final String REPLACED = "kaigi.document.replaced";
  public static final String WITHDRAWN = "kaigi.document.withdrawn";

  private DocumentEvents() {}

  /** The {@code event} field of a {@code document} frame for an address. */
  static String kind(String address) {
    return switch (address) {
      case PUBLISHED -> "published";
      case REPLACED -> "replaced";
      case WITHDRAWN -> "withdrawn";
      default -> throw new IllegalArgumentException(address);
    };
  }
}
