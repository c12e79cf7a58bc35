package jp.kaigi.office.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BrokerAccessTest {
  final BrokerAccess access =
      new BrokerAccess(
          (id, secret) -> id.equals("d1") && secret.equals("s1"),
          id -> id.equals("d1") ? Optional.of("dx") : Optional.empty(),
          "node-pw");

  @Test
  @DisplayName("a device logs in with its secret and publishes only its own two topics")
  void deviceRules() {
    assertThat(access.authenticate("c1", "d1", "wrong")).isFalse();
    assertThat(access.authenticate("c1", "ghost", "s1")).isFalse();
    assertThat(access.authenticate("c1", "d1", null)).isFalse();
    assertThat(access.authenticate("c1", "d1", "s1")).isTrue();
    assertThat(access.mayPublish("c1", "kaigi/dx/devices/d1/telemetry")).isTrue();
    assertThat(access.mayPublish("c1", "kaigi/dx/devices/d1/status")).isTrue();
    assertThat(access.mayPublish("c1", "kaigi/dx/devices/d2/telemetry")).isFalse();
    assertThat(access.mayPublish("c1", "kaigi/other/devices/d1/telemetry")).isFalse();
    assertThat(access.mayPublish("c1", "kaigi/dx/devices/d1/telemetry/x")).isFalse();
    assertThat(access.maySubscribe("c1")).isFalse();
    access.disconnected("c1");
    assertThat(access.mayPublish("c1", "kaigi/dx/devices/d1/telemetry")).isFalse();
  }

  @Test
  @DisplayName("only Kaigi's own client may subscribe")
  void nodeRules() {
    assertThat(access.authenticate("k", BrokerAccess.NODE_USER, "nope")).isFalse();
    assertThat(access.authenticate("k", BrokerAccess.NODE_USER, "node-pw")).isTrue();
    assertThat(access.maySubscribe("k")).isTrue();
  }
}
