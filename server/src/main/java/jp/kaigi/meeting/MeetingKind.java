package jp.kaigi.meeting;

import java.util.Locale;
import java.util.Optional;

/** 本会議 (plenary), 委員会 (committee), 庁内会議 (internal). */
public enum MeetingKind {
  PLENARY,
  COMMITTEE,
  INTERNAL;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MeetingKind> parse(String s) {
    for (MeetingKind k : values()) {
      if (k.wire().equals(s)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
