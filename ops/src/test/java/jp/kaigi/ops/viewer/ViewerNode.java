package jp.kaigi.ops.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One demo node (H2, temp data dir) and Chromium for a viewer test class, started before its tests
 * and closed after: {@code @RegisterExtension static final ViewerNode viewer = new
 * ViewerNode(Map.of());}.
 */
final class ViewerNode implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> config;
  private Path dataDir;
  private TestNode node;
  private BrowserSession browsers;

  ViewerNode(Map<String, String> config) {
    this.config = config;
  }

  TestNode node() {
    return node;
  }

  BrowserSession browsers() {
    return browsers;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    browsers = BrowserSession.start();
    dataDir = Files.createTempDirectory("kaigi-viewer-");
    node = TestNode.start(TestDatabase.H2, dataDir, KaigiNode.Mode.DEMO, config);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (browsers != null) {
      browsers.close();
    }
    if (node != null) {
      node.close();
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
