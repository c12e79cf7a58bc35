package jp.kaigi.config;

/**
 * A configuration value is missing or invalid; the message names the key so the operator can fix
 * it.
 */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
