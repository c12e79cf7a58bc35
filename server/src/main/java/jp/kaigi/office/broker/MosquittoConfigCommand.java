package jp.kaigi.office.broker;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.config.NodeConfig;
import jp.kaigi.office.registry.DeviceSecrets;
import jp.kaigi.office.registry.DeviceStore;
import jp.kaigi.store.Database;
import jp.kaigi.store.StoreConfig;

/**
 * {@code java -jar kaigi.jar mqtt-config [dir]} ({@code ops/kaigi mqtt-config}): writes a Mosquitto
 * config for the registered devices into {@code dir} (default {@code ops/mqtt/generated}). Kaigi's
 * own user is {@code KAIGI_MQTT_USERNAME} / {@code KAIGI_MQTT_PASSWORD}; the listener is {@code
 * KAIGI_MQTT_HOST}:{@code KAIGI_MQTT_PORT}.
 */
public final class MosquittoConfigCommand {
  private MosquittoConfigCommand() {}

  public static Path run(ConfigSource src, Path dir) throws Exception {
    NodeConfig node = NodeConfig.from(src);
    String user =
        src.get("KAIGI_MQTT_USERNAME")
            .orElseThrow(
                () ->
                    new ConfigException("KAIGI_MQTT_USERNAME", "Kaigi's broker user is required"));
    String password =
        src.get("KAIGI_MQTT_PASSWORD")
            .orElseThrow(
                () ->
                    new ConfigException(
                        "KAIGI_MQTT_PASSWORD", "Kaigi's broker password is required"));
    Vertx vertx = Vertx.vertx();
    Database db = Database.open(vertx, StoreConfig.from(src, node.dataDir()));
    try {
      db.migrate();
      List<String[]> rows =
          db.read(c -> new DeviceStore().brokerHashes(c))
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      MosquittoConfig.write(
          dir,
          src.string("KAIGI_MQTT_HOST", "127.0.0.1"),
          src.integer("KAIGI_MQTT_PORT", 1883, 1, 65535),
          new MosquittoConfig.User(user, null, DeviceSecrets.mosquittoHash(password)),
          rows.stream().map(r -> new MosquittoConfig.User(r[0], r[1], r[2])).toList(),
          dir.resolve("data"));
      System.out.println(
          "Wrote "
              + dir.resolve("mosquitto.conf")
              + " ("
              + rows.size()
              + " devices). Run: mosquitto -c "
              + dir.resolve("mosquitto.conf")
              + "   (kill -HUP reloads passwd and acl)");
      return dir;
    } finally {
      db.close();
      vertx.close();
    }
  }
}
