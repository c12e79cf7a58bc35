package jp.kaigi;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kaigi.jar [run|demo]}. Loads config once (defaults → kaigi.json/yaml → env
 * KAIGI_*), starts the node, and stops it gracefully on SIGTERM.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> argList = List.of(args);
    String command = argList.isEmpty() ? "run" : argList.get(0);
    if (command.equals("reindex")) {
      System.exit(Reindex.run(ConfigSource.load(System.getenv(), Path.of(""))));
    }
    if (command.equals("mqtt-config")) {
      // office: a Mosquitto config (passwd, acl) generated from the device registry
      jp.kaigi.office.broker.MosquittoConfigCommand.run(
          ConfigSource.load(System.getenv(), Path.of("")),
          Path.of(argList.size() > 1 ? argList.get(1) : "ops/mqtt/generated"));
      return;
    }
    KaigiNode.Mode mode =
        switch (command) {
          case "run" -> KaigiNode.Mode.RUN;
          case "demo" -> KaigiNode.Mode.DEMO;
          default -> {
            System.err.println("usage: kaigi.jar [run|demo|reindex|mqtt-config [dir]]");
            System.exit(2);
            throw new IllegalStateException();
          }
        };
    ConfigSource source = ConfigSource.load(System.getenv(), Path.of(""));
    KaigiNode node;
    try {
      node =
          KaigiNode.launch(source, mode)
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.MINUTES);
    } catch (ConfigException e) {
      System.err.println("Kaigi cannot start: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        System.err.println("Kaigi cannot start: invalid configuration: " + ce.getMessage());
      } else {
        LOG.error("event=node.start_failed error={}", String.valueOf(cause), cause);
        System.err.println("Kaigi cannot start: " + cause);
      }
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("event=node.stopping");
                  try {
                    node.close()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("event=node.stop_incomplete error={}", e.toString());
                  }
                  LOG.info("event=node.stopped");
                },
                "kaigi-shutdown"));
    int port = node.config().httpPort();
    System.out.println();
    System.out.println("Kaigi is running: http://localhost:" + port + "/");
    node.generatedAdminPassword()
        .ifPresent(
            p ->
                System.out.println(
                    "First start: created login 'admin' with password '"
                        + p
                        + "' (shown only now; change it)."));
    if (mode == KaigiNode.Mode.DEMO) {
      System.out.println(jp.kaigi.demo.DemoData.LOGINS_TEXT);
    }
    System.out.flush();
  }
}
