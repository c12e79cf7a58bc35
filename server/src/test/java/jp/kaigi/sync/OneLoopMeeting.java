package jp.kaigi.sync;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kaigi.KaigiNode;
import jp.kaigi.demo.DemoData;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestDocuments;
import jp.kaigi.testing.TestNode;

/**
 * A demo node with one HTTP event loop (every tablet and the host share it), its first meeting and
 * a ready 5-page document in it: for tests of how one loop serves many tablets.
 */
final class OneLoopMeeting implements AutoCloseable {
  final TestNode node;
  final Vertx clientVertx = Vertx.vertx();
  final long meeting;
  final long document;

  OneLoopMeeting(Path dir, Map<String, String> settings) {
    Map<String, String> config = new HashMap<>(settings);
    config.put("KAIGI_HTTP_INSTANCES", "1");
    node = TestNode.start(TestDatabase.H2, dir, KaigiNode.Mode.DEMO, config);
    ApiClient clerk = node.login("clerk", DemoData.PASSWORD);
    meeting = clerk.get("/api/v1/meetings").array().getJsonObject(0).getLong("id");
    document = TestDocuments.uploadReady(clerk, meeting, "議案", 5, Map.of()).getLong("id");
  }

  /** A tablet of {@code login} that has joined the meeting. */
  WsClient joined(String login) {
    String token = node.login(login, DemoData.PASSWORD).token();
    WsClient c = WsClient.connect(clientVertx, WsClient.options(node.port(), token, null));
    c.send(new JsonObject().put("type", "join").put("meeting", meeting));
    c.next("joined");
    return c;
  }

  /**
   * {@code n} tablets of {@code login} that have joined the meeting (none left open on failure).
   */
  List<WsClient> joined(String login, int n) {
    List<WsClient> tablets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        tablets.add(joined(login));
      }
      return tablets;
    } catch (RuntimeException | AssertionError e) {
      tablets.forEach(WsClient::close);
      throw e;
    }
  }

  /** The host's {@code page} message for the document. */
  JsonObject page(int page) {
    return new JsonObject()
        .put("type", "page")
        .put("meeting", meeting)
        .put("document", document)
        .put("version", 1)
        .put("page", page);
  }

  @Override
  public void close() throws Exception {
    clientVertx.close().toCompletionStage().toCompletableFuture().get();
    node.close();
  }
}
