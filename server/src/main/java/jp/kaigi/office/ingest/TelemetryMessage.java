package jp.kaigi.office.ingest;

/** One MQTT message as received: topic, raw payload, and when this node received it (ms). */
public record TelemetryMessage(String topic, byte[] payload, long receivedAt, boolean retained) {}
