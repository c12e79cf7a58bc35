package jp.kaigi.sync;

import jp.kaigi.meeting.MeetingAccess;

/**
 * One connection's part in one meeting. Written on the connection's event loop; the presence timer
 * reads the volatile fields from the hub's.
 */
final class Membership {
  final long meetingId;
  final MeetingAccess access;
  volatile boolean following = true;
  volatile long ackSeq;
  // a primitive: a boxed page per ack would be an old-to-young reference for the GC to track
  volatile int ackPage; // 0: no ack yet
  volatile long ackDelayMillis = -1;
  volatile long lastPageSeq;
  volatile long lastPageSentNanos;

  Membership(long meetingId, MeetingAccess access) {
    this.meetingId = meetingId;
    this.access = access;
  }

  /**
   * Feeds presence: the newest ack; the presence timer reads it. The ack delay is the time from
   * writing the page to the page being on screen: what the tablet held the ack for (its part of
   * {@code ackSpreadMs}) does not count. On the connection's event loop.
   */
  void acked(long seq, int page, long heldMs, long nowNanos) {
    if (seq <= ackSeq) {
      return;
    }
    ackSeq = seq;
    ackPage = page;
    if (seq == lastPageSeq && lastPageSentNanos != 0) {
      long sinceSent = (nowNanos - lastPageSentNanos) / 1_000_000;
      ackDelayMillis = Math.max(0, sinceSent - heldMs);
    }
  }

  String role() {
    return access.role().map(r -> r.wire()).orElse(access.manager() ? "manager" : "member");
  }
}
