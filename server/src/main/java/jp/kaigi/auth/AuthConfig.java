package jp.kaigi.auth;

import java.time.Duration;
import jp.kaigi.config.ConfigSource;

/** Session lifetime and the login throttle. */
public record AuthConfig(
    Duration sessionTtl, int maxFailedLogins, Duration lockout, Duration failureDelayStep) {

  public static AuthConfig from(ConfigSource src) {
    return new AuthConfig(
        Duration.ofMinutes(src.integer("KAIGI_SESSION_TTL_MINUTES", 12 * 60, 5, 30 * 24 * 60)),
        src.integer("KAIGI_LOGIN_MAX_FAILURES", 5, 1, 100),
        Duration.ofSeconds(src.integer("KAIGI_LOGIN_LOCKOUT_SECONDS", 15 * 60, 1, 24 * 3600)),
        Duration.ofMillis(src.integer("KAIGI_LOGIN_FAILURE_DELAY_MS", 250, 0, 10_000)));
  }
}
