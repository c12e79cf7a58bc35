package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;
import jp.kaigi.meeting.MeetingAccess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Acks held for a part of {@code ackSpreadMs}: the delay presence shows, and the setting. */
class AckSpreadTest {
  private static final long MS = 1_000_000;

  private static Membership sentPage(long seq, long sentNanos) {
    Membership m = new Membership(1, new MeetingAccess(null, false, Optional.empty()));
    m.lastPageSeq = seq;
    m.lastPageSentNanos = sentNanos;
    return m;
  }

  @Test
  @DisplayName("the ack delay leaves out what the tablet held the ack for")
  void heldTimeLeftOut() {
    Membership m = sentPage(7, 1_000 * MS);
    m.acked(7, 3, 200, 1_500 * MS);
    assertThat(m.ackDelayMillis).isEqualTo(300);
    assertThat(m.ackPage).isEqualTo(3);

    Membership atOnce = sentPage(7, 1_000 * MS);
    atOnce.acked(7, 3, 0, 1_040 * MS);
    assertThat(atOnce.ackDelayMillis).isEqualTo(40);
  }

  @Test
  @DisplayName("a hold longer than the time since the page never makes the delay negative")
  void neverNegative() {
    Membership m = sentPage(7, 1_000 * MS);
    m.acked(7, 3, 60_000, 1_100 * MS);
    assertThat(m.ackDelayMillis).isZero();
  }

  @Test
  @DisplayName("a held ack of an older page that arrives after a newer one changes nothing")
  void olderAckIgnored() {
    Membership m = sentPage(8, 1_000 * MS);
    m.acked(8, 4, 0, 1_030 * MS);
    m.acked(7, 3, 10, 1_200 * MS);
    assertThat(m.ackSeq).isEqualTo(8);
    assertThat(m.ackPage).isEqualTo(4);
    assertThat(m.ackDelayMillis).isEqualTo(30);
  }

  @Test
  @DisplayName("KAIGI_SYNC_ACK_SPREAD_MS: 250 by default, at most half the lag threshold")
  void setting() {
    assertThat(SyncConfig.from(ConfigSource.of(Map.of())).ackSpreadMillis()).isEqualTo(250);
    assertThat(
            SyncConfig.from(ConfigSource.of(Map.of("KAIGI_SYNC_ACK_SPREAD_MS", "0")))
                .ackSpreadMillis())
        .isZero();
    assertThatThrownBy(
            () ->
                SyncConfig.from(
                    ConfigSource.of(
                        Map.of("KAIGI_SYNC_ACK_SPREAD_MS", "2000", "KAIGI_SYNC_LAG_MS", "3000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("KAIGI_SYNC_ACK_SPREAD_MS")
        .hasMessageContaining("KAIGI_SYNC_LAG_MS");
  }
}
