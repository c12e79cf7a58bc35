package jp.kaigi.office.broker;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The access rules of the embedded broker, apart from HiveMQ's API so they can be tested alone: a
 * device logs in with its id and secret and may publish only {@code kaigi/<its site>/devices/<its
 * id>/(telemetry|status)}; only Kaigi's own client (a username no device id can have) may
 * subscribe, to anything.
 */
public final class BrokerAccess {
  /** Kaigi's own username; '$' is not allowed in device ids. */
  public static final String NODE_USER = "$kaigi-node";

  private final BiPredicate<String, String> deviceSecretCheck;
  private final java.util.function.Function<String, Optional<String>> siteOf;
  private final String nodePassword;
  private final Map<String, String> deviceByClientId = new ConcurrentHashMap<>();
  private final Map<String, Boolean> nodeClients = new ConcurrentHashMap<>();

  public BrokerAccess(
      BiPredicate<String, String> deviceSecretCheck,
      java.util.function.Function<String, Optional<String>> siteOf,
      String nodePassword) {
    this.deviceSecretCheck = deviceSecretCheck;
    this.siteOf = siteOf;
    this.nodePassword = nodePassword;
  }

  /** Called on CONNECT; remembers who the client is for later publishes. */
  public boolean authenticate(String clientId, String username, String password) {
    if (username == null || password == null) {
      return false;
    }
    if (NODE_USER.equals(username)) {
      boolean ok =
          java.security.MessageDigest.isEqual(
              nodePassword.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (ok) {
        nodeClients.put(clientId, true);
        deviceByClientId.remove(clientId);
      }
      return ok;
    }
    if (deviceSecretCheck.test(username, password)) {
      deviceByClientId.put(clientId, username);
      nodeClients.remove(clientId);
      return true;
    }
    return false;
  }

  public boolean mayPublish(String clientId, String topic) {
    if (nodeClients.containsKey(clientId)) {
      return true;
    }
    String device = deviceByClientId.get(clientId);
    if (device == null) {
      return false;
    }
    Optional<String> site = siteOf.apply(device);
    if (site.isEmpty()) {
      return false; // deleted since it connected
    }
    String prefix = "kaigi/" + site.get() + "/devices/" + device + "/";
    return topic.equals(prefix + "telemetry") || topic.equals(prefix + "status");
  }

  public boolean maySubscribe(String clientId) {
    return nodeClients.containsKey(clientId);
  }

  public void disconnected(String clientId) {
    deviceByClientId.remove(clientId);
    nodeClients.remove(clientId);
  }
}
