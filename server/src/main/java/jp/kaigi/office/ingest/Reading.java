package jp.kaigi.office.ingest;

import io.vertx.core.json.JsonObject;
import jp.kaigi.office.registry.Device;

/**
 * A validated telemetry message of one device. Known readings are typed (null when absent); {@code
 * values} holds the whole object, unknown keys included, for state and raw storage.
 */
public record Reading(
    Device device,
    long ts,
    Boolean occupied,
    Double co2,
    Double temperature,
    Double humidity,
    Double noise,
    Long count,
    Double battery,
    JsonObject values) {}
