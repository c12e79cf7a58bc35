package jp.kaigi.office.ingest;

/** A message that failed a pipeline step; carried back to the counters and the recent list. */
public final class Rejected extends RuntimeException {
  private final RejectReason reason;
  private final String deviceId;

  public Rejected(RejectReason reason, String deviceId, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
    this.deviceId = deviceId;
  }

  public RejectReason reason() {
    return reason;
  }

  public String deviceId() {
    return deviceId;
  }
}
