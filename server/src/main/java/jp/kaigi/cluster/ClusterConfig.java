package jp.kaigi.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;

/**
 * Clustered mode: whether the node joins a Vert.x/Hazelcast cluster and how it finds the others.
 *
 * @param host the address Hazelcast and the event bus bind to and advertise (loopback by default)
 * @param members {@code host:port} of the other members (TCP-IP discovery); never port ranges
 */
public record ClusterConfig(
    boolean enabled,
    String name,
    Discovery discovery,
    String host,
    int port,
    int portCount,
    List<String> members,
    int eventBusPort,
    String kubernetesService,
    String kubernetesNamespace) {

  /** How members find each other. */
  public enum Discovery {
    TCP,
    KUBERNETES
  }

  public static ClusterConfig from(ConfigSource src) {
    boolean enabled = src.bool("KAIGI_CLUSTER", false);
    String name = src.string("KAIGI_CLUSTER_NAME", "kaigi");
    Discovery discovery =
        switch (src.string("KAIGI_CLUSTER_DISCOVERY", "tcp").toLowerCase(Locale.ROOT)) {
          case "tcp" -> Discovery.TCP;
          case "kubernetes" -> Discovery.KUBERNETES;
          default ->
              throw new ConfigException("KAIGI_CLUSTER_DISCOVERY", "must be tcp or kubernetes");
        };
    String host = src.string("KAIGI_CLUSTER_HOST", "127.0.0.1");
    int port = src.integer("KAIGI_CLUSTER_PORT", 5701, 1, 65535);
    int portCount = src.integer("KAIGI_CLUSTER_PORT_COUNT", 1, 1, 100);
    List<String> members =
        Arrays.stream(src.string("KAIGI_CLUSTER_MEMBERS", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
    for (String m : members) {
      // Hazelcast throws NumberFormatException on "host:5701-5705"; say so at startup instead.
      if (!m.matches("[A-Za-z0-9_.\\-\\[\\]:]+(:\\d{1,5})?") || m.matches(".*:\\d+-\\d+")) {
        throw new ConfigException(
            "KAIGI_CLUSTER_MEMBERS",
            "'" + m + "' is not host or host:port (no port ranges; use KAIGI_CLUSTER_PORT_COUNT)");
      }
    }
    if (enabled && discovery == Discovery.TCP && members.isEmpty()) {
      throw new ConfigException(
          "KAIGI_CLUSTER_MEMBERS", "needs at least one member (host:port) with tcp discovery");
    }
    int busPort = src.integer("KAIGI_CLUSTER_BUS_PORT", 0, 0, 65535);
    String service = src.string("KAIGI_CLUSTER_K8S_SERVICE", "kaigi-cluster");
    String namespace = src.string("KAIGI_CLUSTER_K8S_NAMESPACE", "");
    return new ClusterConfig(
        enabled, name, discovery, host, port, portCount, members, busPort, service, namespace);
  }
}
