package jp.kaigi.sync.internal;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads an {@code ack} message without a JSON parser: every tablet acks every page, so at 1,000
 * tablets this is the most frequent incoming frame. Only the exact compact shape is recognised — a
 * flat object with the keys {@code type} ({@code "ack"}), {@code meeting}, {@code seq} and {@code
 * page}, each once, in any order, integer values without sign, no whitespace (what the tablet
 * simulator and the browser's {@code JSON.stringify} send). Anything else returns null and goes
 * through the full parser, so errors and edge cases behave exactly as before.
 */
public record AckFrame(long meeting, long seq, long page) {
  private static final int MAX_DIGITS = 18; // fits a long without overflow checks
  private static final int MIN_LENGTH = 40;
  private static final int MAX_LENGTH = 120;

  /**
   * The ack in a text frame's UTF-8 bytes, or null. Read as Latin-1, one char per byte: a plain ack
   * is ASCII, and any byte above 0x7f becomes a char that no key or digit matches.
   */
  public static AckFrame parse(ByteBuf utf8) {
    int n = utf8.readableBytes();
    if (n < MIN_LENGTH || n > MAX_LENGTH) {
      return null;
    }
    return parse(utf8.toString(StandardCharsets.ISO_8859_1));
  }

  /** The ack in {@code text}, or null when it is not of the plain shape. */
  public static AckFrame parse(String text) {
    int n = text.length();
    if (n < MIN_LENGTH || n > MAX_LENGTH || text.charAt(0) != '{' || text.charAt(n - 1) != '}') {
      return null;
    }
    long meeting = -1;
    long seq = -1;
    long page = -1;
    boolean type = false;
    int i = 1;
    while (true) {
      int keyStart = i + 1;
      if (text.charAt(i) != '"') {
        return null;
      }
      int keyEnd = text.indexOf('"', keyStart);
      if (keyEnd < 0 || keyEnd + 2 >= n || text.charAt(keyEnd + 1) != ':') {
        return null;
      }
      int v = keyEnd + 2;
      int key = key(text, keyStart, keyEnd);
      int end;
      if (key == TYPE) {
        if (type || !text.startsWith("\"ack\"", v)) {
          return null;
        }
        type = true;
        end = v + 5;
      } else {
        end = v;
        long value = 0;
        while (end < n && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
          value = value * 10 + (text.charAt(end) - '0');
          end++;
        }
        if (end == v || end - v > MAX_DIGITS || (text.charAt(v) == '0' && end - v > 1)) {
          return null;
        }
        switch (key) {
          case MEETING -> {
            if (meeting >= 0) {
              return null;
            }
            meeting = value;
          }
          case SEQ -> {
            if (seq >= 0) {
              return null;
            }
            seq = value;
          }
          case PAGE -> {
            if (page >= 0) {
              return null;
            }
            page = value;
          }
          default -> {
            return null;
          }
        }
      }
      if (end == n - 1) {
        break;
      }
      if (text.charAt(end) != ',') {
        return null;
      }
      i = end + 1;
    }
    return type && meeting >= 0 && seq >= 0 && page >= 0 ? new AckFrame(meeting, seq, page) : null;
  }

  private static final int OTHER = 0;
  private static final int TYPE = 1;
  private static final int MEETING = 2;
  private static final int SEQ = 3;
  private static final int PAGE = 4;

  private static int key(String text, int start, int end) {
    return switch (end - start) {
      case 4 ->
          text.startsWith("type", start) ? TYPE : text.startsWith("page", start) ? PAGE : OTHER;
      case 3 -> text.startsWith("seq", start) ? SEQ : OTHER;
      case 7 -> text.startsWith("meeting", start) ? MEETING : OTHER;
      default -> OTHER;
    };
  }
}
