package jp.kaigi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.kaigi.store.StoreConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
  @TempDir Path dir;

  @Test
  @DisplayName("defaults apply when nothing is configured: port 8080, data/, embedded H2")
  void defaults() {
    ConfigSource src = ConfigSource.load(Map.of(), dir);
    NodeConfig node = NodeConfig.from(src);
    assertThat(node.httpPort()).isEqualTo(8080);
    assertThat(node.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    StoreConfig store = StoreConfig.from(src, node.dataDir());
    assertThat(store.jdbcUrl()).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL");
    assertThat(store.isPostgres()).isFalse();
  }

  @Test
  @DisplayName("environment wins over the file, the file over defaults")
  void precedence() throws Exception {
    Files.writeString(
        dir.resolve("kaigi.yaml"), "KAIGI_HTTP_PORT: 9000\nKAIGI_DATA_DIR: /srv/kaigi\n");
    ConfigSource src = ConfigSource.load(Map.of("KAIGI_HTTP_PORT", "9100", "PATH", "/bin"), dir);
    NodeConfig node = NodeConfig.from(src);
    assertThat(node.httpPort()).isEqualTo(9100);
    assertThat(node.dataDir()).isEqualTo(Path.of("/srv/kaigi"));
  }

  @Test
  @DisplayName("a JSON config file is read too, and KAIGI_CONFIG names another file")
  void jsonFile() throws Exception {
    Path f = dir.resolve("other.json");
    Files.writeString(
        f, "{\"KAIGI_DB_URL\": \"jdbc:postgresql://db:5432/kaigi\", \"KAIGI_HTTP_PORT\": 8181}");
    ConfigSource src = ConfigSource.load(Map.of("KAIGI_CONFIG", f.toString()), dir);
    assertThat(NodeConfig.from(src).httpPort()).isEqualTo(8181);
    assertThat(StoreConfig.from(src, dir).isPostgres()).isTrue();
  }

  @Test
  @DisplayName("a bad value stops startup with a message naming the key")
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> NodeConfig.from(ConfigSource.of(Map.of("KAIGI_HTTP_PORT", "eighty"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAIGI_HTTP_PORT");
    assertThatThrownBy(() -> NodeConfig.from(ConfigSource.of(Map.of("KAIGI_HTTP_PORT", "70000"))))
        .hasMessageContaining("KAIGI_HTTP_PORT")
        .hasMessageContaining("outside");
    assertThatThrownBy(
            () -> StoreConfig.from(ConfigSource.of(Map.of("KAIGI_DB_URL", "mysql://x")), dir))
        .hasMessageContaining("KAIGI_DB_URL");
    assertThatThrownBy(
            () -> NodeConfig.from(ConfigSource.of(Map.of("KAIGI_ADMIN_PASSWORD", "short"))))
        .hasMessageContaining("KAIGI_ADMIN_PASSWORD");
    assertThatThrownBy(
            () ->
                ConfigSource.of(Map.of("KAIGI_SECURE_COOKIES", "maybe"))
                    .bool("KAIGI_SECURE_COOKIES", false))
        .hasMessageContaining("KAIGI_SECURE_COOKIES");
  }

  @Test
  @DisplayName("unknown keys in a config file are rejected, so typos do not pass silently")
  void unknownFileKey() throws Exception {
    Files.writeString(dir.resolve("kaigi.json"), "{\"httpPort\": 1}");
    assertThatThrownBy(() -> ConfigSource.load(Map.of(), dir)).hasMessageContaining("httpPort");
  }
}
