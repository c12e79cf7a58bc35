package jp.kaigi.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Builds the Hazelcast cluster manager from {@link ClusterConfig}. The only place (with the root
 * wiring) that knows Hazelcast: features use {@code vertx.sharedData()} and the event bus.
 */
public final class HazelcastCluster {
  /**
   * Shared maps of features (e.g. {@code kaigi.sync.meetings}); each gets one synchronous backup.
   */
  public static final String KAIGI_MAPS = "kaigi.*";

  private HazelcastCluster() {}

  public static ClusterManager manager(ClusterConfig cfg) {
    return new HazelcastClusterManager(hazelcastConfig(cfg));
  }

  /** The members as the cluster manager sees them (valid once Vert.x has joined). */
  public static NodeDirectory directory(ClusterManager manager) {
    return NodeDirectory.of(manager::getNodeId, manager::getNodes);
  }

  /** Event bus over the same interface as Hazelcast, so loopback-only clusters stay on loopback. */
  public static VertxOptions options(VertxOptions options, ClusterConfig cfg) {
    options
        .getEventBusOptions()
        .setHost(cfg.host())
        .setPort(cfg.eventBusPort())
        .setClusterPublicHost(cfg.host());
    return options;
  }

  static Config hazelcastConfig(ClusterConfig cfg) {
    // Vert.x's default-cluster.xml declares its own maps (subscriptions, node info) with backups.
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cfg.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x leaves the cluster itself on close; Hazelcast's own hook would race it.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    // A killed member is noticed in seconds rather than the default minute.
    hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hz.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
    hz.setProperty("hazelcast.socket.bind.any", "false");
    // Hazelcast's own metrics feed its Management Center (and JMX), which Kaigi does not use; the
    // node's figures are on /metrics. Collecting them every 5 s cost each member 1–2 % of a core
    // (benchmarks.md). -Dhazelcast.metrics.enabled=true turns them back on.
    hz.getMetricsConfig().setEnabled(false);

    NetworkConfig net = hz.getNetworkConfig();
    net.setPort(cfg.port()).setPortCount(cfg.portCount()).setPortAutoIncrement(cfg.portCount() > 1);
    net.getInterfaces().setEnabled(true).addInterface(cfg.host());
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cfg.discovery() == ClusterConfig.Discovery.KUBERNETES) {
      join.getTcpIpConfig().setEnabled(false);
      var k8s = join.getKubernetesConfig().setEnabled(true);
      k8s.setProperty("service-name", cfg.kubernetesService());
      if (!cfg.kubernetesNamespace().isEmpty()) {
        k8s.setProperty("namespace", cfg.kubernetesNamespace());
      }
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(cfg.members());
    }
    hz.addMapConfig(new MapConfig(KAIGI_MAPS).setBackupCount(1).setAsyncBackupCount(0));
    return hz;
  }
}
