package jp.kaigi.devices.tablet;

/**
 * Reads a whole-number field of a compact JSON frame without a parser. The load generator receives
 * thousands of page frames a second and needs only their {@code seq} and {@code page}; the naive
 * floor's clients use the same reader, so both sides of the benchmark do the same work per frame.
 */
public final class FrameFields {
  private FrameFields() {}

  /** The unsigned integer value of {@code "key":} in {@code json}, or -1 when there is none. */
  public static long number(String json, String key) {
    int at = json.indexOf("\"" + key + "\":");
    if (at < 0) {
      return -1;
    }
    int i = at + key.length() + 3;
    long value = 0;
    int start = i;
    while (i < json.length() && json.charAt(i) >= '0' && json.charAt(i) <= '9' && i - start < 18) {
      value = value * 10 + (json.charAt(i) - '0');
      i++;
    }
    return i == start ? -1 : value;
  }
}
