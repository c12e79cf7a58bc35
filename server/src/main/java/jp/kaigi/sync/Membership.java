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

  String role() {
    return access.role().map(r -> r.wire()).orElse(access.manager() ? "manager" : "member");
  }
}
