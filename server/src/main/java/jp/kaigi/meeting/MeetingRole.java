package jp.kaigi.meeting;

import java.util.Locale;
import java.util.Optional;

/** A participant's role in one meeting. {@code HOST} may run page sync for that meeting. */
public enum MeetingRole {
  HOST,
  MEMBER,
  OBSERVER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MeetingRole> parse(String s) {
    for (MeetingRole k : values()) {
      if (k.wire().equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** When a user is in a meeting twice (directly and through a group), the stronger role counts. */
  public static MeetingRole stronger(MeetingRole a, MeetingRole b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
