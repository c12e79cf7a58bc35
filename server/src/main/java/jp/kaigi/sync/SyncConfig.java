package jp.kaigi.sync;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jp.kaigi.config.ConfigException;
import jp.kaigi.config.ConfigSource;

/**
 * Page sync and the WebSocket gateway.
 *
 * @param allowedOrigins browser origins allowed besides the node's own (e.g. a reverse proxy's)
 * @param maxMessageBytes larger client messages get an {@code error too-large} frame
 * @param ratePerSecond client messages per second per connection (token bucket refill)
 * @param burst token bucket size
 * @param abuseLimit rate-limited messages within 10 s after which the connection is closed
 * @param queueFrames frames queued for a slow connection before it is closed (pages coalesce)
 * @param writeQueueBytes bytes in flight per connection before frames queue up
 * @param logSize events kept per meeting for resume by {@code lastSeq}
 * @param presenceMillis how often presence is published and pushed to hosts
 * @param lagMillis a following tablet that has not shown the current page after this is lagging
 * @param checkpointMillis how often changed meeting states are written to SQL (coalesced)
 * @param revalidateSeconds how often an open connection's session and memberships are checked
 * @param readPauseMillis how long an event loop stops reading tablets after writing them a page
 *     (their acks wait in the kernel meanwhile; 0: never stops), see {@link ReadPause}
 */
public record SyncConfig(
    List<String> allowedOrigins,
    int maxMessageBytes,
    int ratePerSecond,
    int burst,
    int abuseLimit,
    int queueFrames,
    int writeQueueBytes,
    int logSize,
    int presenceMillis,
    int lagMillis,
    int checkpointMillis,
    int revalidateSeconds,
    int readPauseMillis) {

  public static SyncConfig from(ConfigSource src) {
    List<String> origins =
        Arrays.stream(src.string("KAIGI_WS_ALLOWED_ORIGINS", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT))
            .toList();
    for (String o : origins) {
      if (!o.matches("https?://[^/\\s]+")) {
        throw new ConfigException(
            "KAIGI_WS_ALLOWED_ORIGINS", "'" + o + "' is not an origin like https://host:port");
      }
    }
    return new SyncConfig(
        origins,
        src.integer("KAIGI_WS_MAX_MESSAGE_BYTES", 8192, 256, 60_000),
        src.integer("KAIGI_WS_RATE", 20, 1, 10_000),
        src.integer("KAIGI_WS_BURST", 40, 1, 100_000),
        src.integer("KAIGI_WS_ABUSE_LIMIT", 100, 1, 1_000_000),
        src.integer("KAIGI_WS_QUEUE_FRAMES", 256, 8, 100_000),
        src.integer("KAIGI_WS_WRITE_QUEUE_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
        src.integer("KAIGI_SYNC_LOG_SIZE", 100, 1, 10_000),
        src.integer("KAIGI_SYNC_PRESENCE_MS", 1000, 50, 60_000),
        src.integer("KAIGI_SYNC_LAG_MS", 3000, 100, 600_000),
        src.integer("KAIGI_SYNC_CHECKPOINT_MS", 2000, 100, 600_000),
        src.integer("KAIGI_WS_REVALIDATE_SECONDS", 300, 1, 86_400),
        src.integer("KAIGI_SYNC_READ_PAUSE_MS", 60, 0, 10_000));
  }
}
