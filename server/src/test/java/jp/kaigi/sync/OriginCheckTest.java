package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.kaigi.config.ConfigSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OriginCheckTest {
  final SyncRoutes routes =
      new SyncRoutes(
          null,
          null,
          SyncConfig.from(
              ConfigSource.of(Map.of("KAIGI_WS_ALLOWED_ORIGINS", "https://kaigi.example.jp"))));

  @Test
  @DisplayName("the node's own host (any scheme, default ports) and allowed origins pass")
  void allowed() {
    assertThat(routes.originAllowed("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
    assertThat(routes.originAllowed("https://kaigi.local", "kaigi.local:443")).isTrue();
    assertThat(routes.originAllowed("https://KAIGI.example.jp", "10.0.0.1:8080")).isTrue();
  }

  @Test
  @DisplayName("other hosts, ports, schemes and junk are refused")
  void refused() {
    assertThat(routes.originAllowed("http://127.0.0.1:9999", "127.0.0.1:8080")).isFalse();
    assertThat(routes.originAllowed("https://evil.example.com", "kaigi.local")).isFalse();
    assertThat(routes.originAllowed("null", "kaigi.local")).isFalse();
    assertThat(routes.originAllowed("file://kaigi.local", "kaigi.local")).isFalse();
    assertThat(routes.originAllowed("http://kaigi.local", null)).isFalse();
  }
}
