package jp.kaigi.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
  @Test
  @DisplayName("off by default; loopback on 5701")
  void defaults() {
    ClusterConfig c = ClusterConfig.from(ConfigSource.of(Map.of()));
    assertThat(c.enabled()).isFalse();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(5701);
  }

  @Test
  @DisplayName("port ranges in the member list are refused at startup, naming the key")
  void noPortRanges() {
    assertThatThrownBy(
            () ->
                ClusterConfig.from(
                    ConfigSource.of(
                        Map.of(
                            "KAIGI_CLUSTER", "true",
                            "KAIGI_CLUSTER_MEMBERS", "127.0.0.1:5701-5703"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAIGI_CLUSTER_MEMBERS");
  }

  @Test
  @DisplayName("tcp discovery needs members; kubernetes does not")
  void membersRequired() {
    assertThatThrownBy(() -> ClusterConfig.from(ConfigSource.of(Map.of("KAIGI_CLUSTER", "true"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAIGI_CLUSTER_MEMBERS");
    ClusterConfig k8s =
        ClusterConfig.from(
            ConfigSource.of(
                Map.of("KAIGI_CLUSTER", "true", "KAIGI_CLUSTER_DISCOVERY", "kubernetes")));
    assertThat(k8s.discovery()).isEqualTo(ClusterConfig.Discovery.KUBERNETES);
  }

  @Test
  @DisplayName(
      "the Hazelcast config: member list on loopback, no multicast, one backup for kaigi maps, no"
          + " Hazelcast metrics")
  void hazelcastConfig() {
    ClusterConfig c =
        ClusterConfig.from(
            ConfigSource.of(
                Map.of(
                    "KAIGI_CLUSTER", "true",
                    "KAIGI_CLUSTER_PORT", "15701",
                    "KAIGI_CLUSTER_MEMBERS", "127.0.0.1:15701,127.0.0.1:15702")));
    var hz = HazelcastCluster.hazelcastConfig(c);
    var join = hz.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:15701", "127.0.0.1:15702");
    assertThat(hz.getNetworkConfig().getPort()).isEqualTo(15701);
    assertThat(hz.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(hz.getMapConfig("kaigi.sync.meetings").getBackupCount()).isEqualTo(1);
    assertThat(hz.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
    assertThat(hz.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(hz.getMetricsConfig().isEnabled()).isFalse();
  }
}
