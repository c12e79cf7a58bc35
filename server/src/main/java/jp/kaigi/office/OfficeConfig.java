package jp.kaigi.office;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.office.alert.AlertBands;
import jp.kaigi.office.analytics.UsageReport;

/**
 * The office feature: broker (embedded or external), ingestion limits, presence timeouts, history
 * retention, alert bands and the demo office. Every key is documented in docs/config.md.
 */
public record OfficeConfig(
    boolean enabled,
    Optional<String> mqttUrl,
    String embeddedHost,
    int embeddedPort,
    Optional<String> mqttUsername,
    Optional<String> mqttPassword,
    Optional<Path> mqttCaFile,
    String clientId,
    String shareGroup,
    Duration sessionExpiry,
    int maxPayloadBytes,
    Duration deskTimeout,
    Duration roomTimeout,
    Duration counterTimeout,
    Duration tabletTimeout,
    Duration gatewayTimeout,
    Duration presenceCheck,
    Duration rollupFlush,
    int rawRetentionDays,
    int rollupRetentionDays,
    int feedMaxRate,
    AlertBands bands,
    boolean demoSimulators,
    double demoAcceleration,
    UsageReport.WorkHours workHours,
    Path dataDir) {

  public static OfficeConfig from(ConfigSource src, Path dataDir) {
    Optional<String> url = src.get("KAIGI_MQTT_URL");
    url.ifPresent(
        u -> {
          if (!(u.startsWith("tcp://") || u.startsWith("ssl://"))) {
            throw new ConfigException("KAIGI_MQTT_URL", "must start with tcp:// or ssl://");
          }
        });
    Optional<Path> ca = src.get("KAIGI_MQTT_CA_FILE").map(Path::of);
    ca.ifPresent(
        p -> {
          if (!java.nio.file.Files.isRegularFile(p)) {
            throw new ConfigException("KAIGI_MQTT_CA_FILE", "not a file: " + p);
          }
        });
    // Stable across restarts (host + data dir), so a restarted node resumes its persistent
    // session and gets what the broker queued for it; two nodes never share a data dir.
    String host = "node";
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      // the data dir alone still tells the nodes of one machine apart
    }
    // String.hashCode is specified, so the same data dir gives the same id on every JVM.
    String dirHash =
        String.format("%08x", dataDir.toAbsolutePath().normalize().toString().hashCode());
    String clientId = src.string("KAIGI_MQTT_CLIENT_ID", "kaigi-" + host + "-" + dirHash);
    if (clientId.length() > 64) {
      clientId = clientId.substring(0, 64);
    }
    return new OfficeConfig(
        src.bool("KAIGI_MQTT_ENABLED", true),
        url,
        src.string("KAIGI_MQTT_HOST", "127.0.0.1"),
        src.integer("KAIGI_MQTT_PORT", 1883, 0, 65535),
        src.get("KAIGI_MQTT_USERNAME"),
        src.get("KAIGI_MQTT_PASSWORD"),
        ca,
        clientId,
        shareGroup(src),
        seconds(src, "KAIGI_MQTT_SESSION_EXPIRY_S", 600),
        src.integer("KAIGI_MQTT_MAX_PAYLOAD", 4096, 64, 262_144),
        seconds(src, "KAIGI_OFFICE_TIMEOUT_DESK_S", 900),
        seconds(src, "KAIGI_OFFICE_TIMEOUT_ROOM_S", 300),
        seconds(src, "KAIGI_OFFICE_TIMEOUT_COUNTER_S", 300),
        seconds(src, "KAIGI_OFFICE_TIMEOUT_TABLET_S", 600),
        seconds(src, "KAIGI_OFFICE_TIMEOUT_GATEWAY_S", 180),
        Duration.ofMillis(src.integer("KAIGI_OFFICE_PRESENCE_CHECK_MS", 15_000, 50, 3_600_000)),
        Duration.ofMillis(src.integer("KAIGI_OFFICE_ROLLUP_FLUSH_MS", 10_000, 50, 600_000)),
        src.integer("KAIGI_OFFICE_RAW_RETENTION_DAYS", 0, 0, 3650),
        src.integer("KAIGI_OFFICE_ROLLUP_RETENTION_DAYS", 730, 1, 36500),
        src.integer("KAIGI_OFFICE_FEED_MAX_RATE", 2, 1, 50),
        AlertBands.from(src),
        src.bool("KAIGI_OFFICE_DEMO_SIMULATORS", true),
        src.integer("KAIGI_OFFICE_DEMO_ACCELERATION", 60, 1, 3600),
        workHours(src),
        dataDir);
  }

  /** {@code none}: a plain subscription (one node; see docs/mqtt.md on Mosquitto). */
  private static String shareGroup(ConfigSource src) {
    String g = src.string("KAIGI_MQTT_SHARE_GROUP", "kaigi");
    if (g.equals("none")) {
      return "";
    }
    if (!g.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new ConfigException(
          "KAIGI_MQTT_SHARE_GROUP", "1–32 letters, digits, '_' or '-', or none");
    }
    return g;
  }

  private static UsageReport.WorkHours workHours(ConfigSource src) {
    java.time.ZoneId zone;
    try {
      zone = java.time.ZoneId.of(src.string("KAIGI_OFFICE_TIMEZONE", "Asia/Tokyo"));
    } catch (java.time.DateTimeException e) {
      throw new ConfigException("KAIGI_OFFICE_TIMEZONE", "not a time zone id (e.g. Asia/Tokyo)");
    }
    java.time.LocalTime start = time(src, "KAIGI_OFFICE_WORK_START", "09:00");
    java.time.LocalTime end = time(src, "KAIGI_OFFICE_WORK_END", "18:00");
    if (!start.isBefore(end)) {
      throw new ConfigException("KAIGI_OFFICE_WORK_START", "must be before KAIGI_OFFICE_WORK_END");
    }
    return new UsageReport.WorkHours(zone, start, end, nonWorkingDates(src));
  }

  /**
   * {@code KAIGI_OFFICE_NON_WORKING_DATES}: ISO dates, comma-separated (holidays, closing days).
   */
  static java.util.Set<java.time.LocalDate> nonWorkingDates(ConfigSource src) {
    java.util.Set<java.time.LocalDate> dates = new java.util.TreeSet<>();
    for (String part : src.string("KAIGI_OFFICE_NON_WORKING_DATES", "").split(",")) {
      String d = part.trim();
      if (d.isEmpty()) {
        continue;
      }
      try {
        dates.add(java.time.LocalDate.parse(d));
      } catch (java.time.DateTimeException e) {
        throw new ConfigException(
            "KAIGI_OFFICE_NON_WORKING_DATES",
            "'" + d + "' is not a date like 2026-11-23 (comma-separated list)");
      }
    }
    return dates;
  }

  private static java.time.LocalTime time(ConfigSource src, String key, String fallback) {
    try {
      return java.time.LocalTime.parse(src.string(key, fallback));
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(key, "not a time of day like 09:00");
    }
  }

  private static Duration seconds(ConfigSource src, String key, int fallback) {
    return Duration.ofSeconds(src.integer(key, fallback, 1, 7 * 24 * 3600));
  }

  public boolean embedded() {
    return mqttUrl.isEmpty();
  }
}
