package jp.kaigi.meeting;

import java.util.Locale;
import java.util.Optional;

/** A meeting's life: draft → published → in_session → closed. Only forward, one step at a time. */
public enum MeetingStatus {
  DRAFT,
  PUBLISHED,
  IN_SESSION,
  CLOSED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MeetingStatus> parse(String s) {
    for (MeetingStatus k : values()) {
      if (k.wire().equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  public boolean canMoveTo(MeetingStatus next) {
    return next.ordinal() == ordinal() + 1;
  }
}
