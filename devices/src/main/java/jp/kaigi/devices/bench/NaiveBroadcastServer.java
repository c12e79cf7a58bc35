package jp.kaigi.devices.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor for the page-sync benchmark: a Vert.x WebSocket server with no auth, no cluster and no
 * state that writes every text message it receives to every connection ({@code writeTextMessage}).
 * {@code java -cp kaigi-devices.jar jp.kaigi.devices.bench.NaiveBroadcastServer <port>
 * [instances]}.
 */
public final class NaiveBroadcastServer extends VerticleBase {
  private static final Set<ServerWebSocket> ALL = ConcurrentHashMap.newKeySet();
  private final int port;

  NaiveBroadcastServer(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .webSocketHandler(
            ws -> {
              ALL.add(ws);
              ws.closeHandler(v -> ALL.remove(ws));
              ws.textMessageHandler(
                  text -> {
                    for (ServerWebSocket other : ALL) {
                      other.writeTextMessage(text);
                    }
                  });
            })
        .listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    vertx
        .deployVerticle(
            () -> new NaiveBroadcastServer(port), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("naive broadcast server on 127.0.0.1:" + port))
        .onFailure(
            e -> {
              System.err.println("cannot start: " + e);
              System.exit(1);
            });
  }
}
