package jp.kaigi.sync;

/**
 * A rejected client message; becomes an {@code error {code, message}} frame and the connection
 * stays open.
 */
public final class SyncError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable codes, documented in docs/ws.md. */
  public static final String MALFORMED = "malformed";

  public static final String UNKNOWN_TYPE = "unknown-type";
  public static final String TOO_LARGE = "too-large";
  public static final String INVALID = "invalid";
  public static final String NOT_FOUND = "not-found";
  public static final String UNKNOWN_DOCUMENT = "unknown-document";
  public static final String NOT_JOINED = "not-joined";
  public static final String NOT_HOST = "not-host";
  public static final String FORBIDDEN = "forbidden";
  public static final String FOLLOW_FORCED = "follow-forced";
  public static final String RATE_LIMITED = "rate-limited";
  public static final String BUSY = "busy";
  public static final String INTERNAL = "internal";

  private final String code;

  public SyncError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
