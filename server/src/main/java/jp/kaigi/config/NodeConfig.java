package jp.kaigi.config;

import java.nio.file.Path;
import java.util.Optional;

/** The node itself: where it listens and where it keeps its data. */
public record NodeConfig(
    String httpHost,
    int httpPort,
    Path dataDir,
    int httpInstances,
    Optional<String> adminPassword,
    boolean secureCookies) {

  public static NodeConfig from(ConfigSource src) {
    String host = src.string("KAIGI_HTTP_HOST", "0.0.0.0");
    int port = src.integer("KAIGI_HTTP_PORT", 8080, 0, 65535);
    Path dataDir = Path.of(src.string("KAIGI_DATA_DIR", "data")).toAbsolutePath().normalize();
    int instances =
        src.integer(
            "KAIGI_HTTP_INSTANCES", Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64);
    Optional<String> admin = src.get("KAIGI_ADMIN_PASSWORD");
    admin.ifPresent(
        p -> {
          if (p.length() < 10) {
            throw new ConfigException("KAIGI_ADMIN_PASSWORD", "must be at least 10 characters");
          }
        });
    boolean secure = src.bool("KAIGI_SECURE_COOKIES", false);
    return new NodeConfig(host, port, dataDir, instances, admin, secure);
  }
}
