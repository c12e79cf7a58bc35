package jp.kaigi.sync.internal;

/** A token bucket for one connection's incoming messages; used from that connection's thread. */
public final class RateLimiter {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  public RateLimiter(int perSecond, int burst) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = System.nanoTime();
  }

  public boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
