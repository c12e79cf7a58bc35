package jp.kaigi.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.kaigi.KaigiNode;
import jp.kaigi.config.ConfigSource;

/**
 * A Kaigi node running in the test JVM on a free loopback port, with its own data dir and database.
 */
public final class TestNode implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "test-admin-password";

  private final KaigiNode node;
  private final int port;

  private TestNode(KaigiNode node, int port) {
    this.node = node;
    this.port = port;
  }

  public static TestNode start(
      TestDatabase db, Path dataDir, KaigiNode.Mode mode, Map<String, String> extra) {
    int port = FreePort.pick();
    Map<String, String> cfg = new HashMap<>(db.create(dataDir));
    cfg.put("KAIGI_HTTP_HOST", "127.0.0.1");
    cfg.put("KAIGI_HTTP_PORT", String.valueOf(port));
    cfg.put("KAIGI_DATA_DIR", dataDir.toString());
    cfg.put("KAIGI_ADMIN_PASSWORD", ADMIN_PASSWORD);
    cfg.put("KAIGI_HTTP_INSTANCES", "2");
    // The embedded MQTT broker costs ~2 s per node; tests of the office turn it on (free port).
    cfg.put("KAIGI_MQTT_ENABLED", "false");
    // Tests upload the documents they assert on; the demo's agenda pack would add hits.
    cfg.put("KAIGI_DEMO_DOCUMENTS", "false");
    cfg.putAll(extra);
    try {
      KaigiNode node =
          KaigiNode.launch(ConfigSource.of(cfg), mode)
              .toCompletionStage()
              .toCompletableFuture()
              .get(2, TimeUnit.MINUTES);
      return new TestNode(node, port);
    } catch (Exception e) {
      throw new IllegalStateException("test node did not start", e);
    }
  }

  public static TestNode start(TestDatabase db, Path dataDir, KaigiNode.Mode mode) {
    return start(db, dataDir, mode, Map.of());
  }

  public KaigiNode node() {
    return node;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public ApiClient client() {
    return new ApiClient(baseUrl());
  }

  /** A client logged in as the given user (bearer token). */
  public ApiClient login(String login, String password) {
    ApiClient c = client();
    c.login(login, password);
    return c;
  }

  public ApiClient admin() {
    return login("admin", ADMIN_PASSWORD);
  }

  @Override
  public void close() throws Exception {
    node.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }
}
