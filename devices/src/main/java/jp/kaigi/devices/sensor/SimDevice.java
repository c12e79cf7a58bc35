package jp.kaigi.devices.sensor;

/**
 * A device the simulators play: its registry id, type ({@code desk}, {@code room}, {@code counter},
 * {@code tablet}), site and secret. The wire format is the JSON of docs/mqtt.md; nothing here
 * depends on the server's code.
 */
public record SimDevice(String id, String type, String site, String secret) {
  public String telemetryTopic() {
    return "kaigi/" + site + "/devices/" + id + "/telemetry";
  }

  public String statusTopic() {
    return "kaigi/" + site + "/devices/" + id + "/status";
  }
}
