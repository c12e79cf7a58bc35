package jp.kaigi.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What to do when something a test needs (PostgreSQL, Chromium, Mosquitto, LibreOffice) is not on
 * the machine: skip loudly on a developer's machine, fail under CI ({@code CI=true}), where {@code
 * ops/kaigi test} must have installed it.
 */
public final class Requirements {
  private Requirements() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    String message =
        what + " is not available; run the tests with ops/kaigi test, which installs it";
    if (inCi()) {
      Assertions.fail(message + " (CI=true: missing requirements fail the build)");
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
  }
}
