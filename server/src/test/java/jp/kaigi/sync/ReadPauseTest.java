package jp.kaigi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadPauseTest {
  static final long PAUSE_MS = 60;
  static final long SENT = TimeUnit.SECONDS.toNanos(100);

  static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  @DisplayName("not paused for the page: late when the ack came a pause or more after it")
  void notPaused() {
    assertThat(ReadPause.ackedAfter(SENT, 0, SENT + ms(5), PAUSE_MS)).isFalse();
    assertThat(ReadPause.ackedAfter(SENT, 0, SENT + ms(59), PAUSE_MS)).isFalse();
    assertThat(ReadPause.ackedAfter(SENT, 0, SENT + ms(60), PAUSE_MS)).isTrue();
    // reads restarted before this page was written: a pause of an earlier page
    assertThat(ReadPause.ackedAfter(SENT, SENT - ms(10), SENT + ms(90), PAUSE_MS)).isTrue();
    assertThat(ReadPause.ackedAfter(SENT, SENT - ms(10), SENT + ms(20), PAUSE_MS)).isFalse();
  }

  @Test
  @DisplayName("paused for the page: an ack read in the burst after the restart is on receipt")
  void paused() {
    long restarted = SENT + ms(50);
    // waited in the kernel and read right after the restart, though 70 ms after the page
    assertThat(ReadPause.ackedAfter(SENT, restarted, restarted + ms(20), PAUSE_MS)).isFalse();
    assertThat(ReadPause.ackedAfter(SENT, restarted, restarted + ms(30), PAUSE_MS)).isFalse();
    // sent after the pause had ended
    assertThat(ReadPause.ackedAfter(SENT, restarted, restarted + ms(31), PAUSE_MS)).isTrue();
  }
}
