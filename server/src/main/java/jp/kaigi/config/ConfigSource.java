package jp.kaigi.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Raw configuration: defaults, then a config file ({@code kaigi.json} or {@code kaigi.yaml}), then
 * environment variables {@code KAIGI_*}; later sources win. Every source uses the same keys (e.g.
 * {@code KAIGI_HTTP_PORT}). Feature config records read and validate their own keys from here.
 */
public final class ConfigSource {
  public static final String FILE_KEY = "KAIGI_CONFIG";

  private final Map<String, String> values;

  private ConfigSource(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static ConfigSource of(Map<String, String> values) {
    return new ConfigSource(values);
  }

  /**
   * Loads file then environment. The file is {@code KAIGI_CONFIG} if set, else {@code kaigi.json}
   * or {@code kaigi.yaml} in the working directory if present.
   */
  public static ConfigSource load(Map<String, String> env, Path workDir) {
    Map<String, String> merged = new HashMap<>();
    Optional<Path> file =
        Optional.ofNullable(env.get(FILE_KEY))
            .map(Path::of)
            .or(() -> firstExisting(workDir, "kaigi.json", "kaigi.yaml", "kaigi.yml"));
    file.ifPresent(f -> merged.putAll(readFile(f)));
    env.forEach(
        (k, v) -> {
          if (k.startsWith("KAIGI_")) {
            merged.put(k, v);
          }
        });
    return new ConfigSource(merged);
  }

  private static Optional<Path> firstExisting(Path dir, String... names) {
    for (String name : names) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(FILE_KEY, "config file not found: " + file);
    }
    String name = file.getFileName().toString();
    ObjectMapper mapper =
        name.endsWith(".yaml") || name.endsWith(".yml")
            ? new ObjectMapper(new YAMLFactory())
            : new ObjectMapper();
    JsonNode root;
    try {
      root = mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(FILE_KEY, "cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(FILE_KEY, file + " must hold an object of KAIGI_* keys");
    }
    Map<String, String> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("KAIGI_")) {
        throw new ConfigException(e.getKey(), "unknown key in " + file + " (keys are KAIGI_*)");
      }
      out.put(
          e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
    }
    return out;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key)).map(String::trim).filter(s -> !s.isEmpty());
  }

  public String string(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  public int integer(String key, int fallback, int min, int max) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    int value;
    try {
      value = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "not a whole number: '" + raw.get() + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key, value + " is outside " + min + ".." + max);
    }
    return value;
  }

  public long longValue(String key, long fallback, long min, long max) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "not a whole number: '" + raw.get() + "'");
    }
    if (value < min || value > max) {
      throw new ConfigException(key, value + " is outside " + min + ".." + max);
    }
    return value;
  }

  public boolean bool(String key, boolean fallback) {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return fallback;
    }
    return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(key, "not a boolean: '" + raw.get() + "'");
    };
  }

  /** A copy with some keys replaced; used by tests and the demo launcher. */
  public ConfigSource with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new ConfigSource(merged);
  }
}
