package jp.kaigi.office.history;

/**
 * One (device, minute, metric) aggregate. For {@code occupied}: n/min/max/sum are over the samples
 * (0/1), and occupiedMs/coveredMs are the time-weighted part of the minute known occupied / known.
 */
public record RollupRow(
    String deviceId,
    long minute,
    String metric,
    int n,
    double min,
    double max,
    double sum,
    Integer occupiedMs,
    Integer coveredMs) {}
