package jp.kaigi.office.registry;

import java.util.Locale;
import java.util.Optional;

/** What a device is; decides which readings it sends and how long its silence is tolerated. */
public enum DeviceType {
  DESK,
  ROOM,
  COUNTER,
  TABLET,
  GATEWAY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DeviceType> parse(String s) {
    for (DeviceType t : values()) {
      if (t.wire().equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
