package jp.kaigi.devices.sensor;

import javax.net.SocketFactory;

/** Socket factories for Paho clients of the simulators and load generators. */
public final class MqttDeviceSockets {
  private MqttDeviceSockets() {}

  /** Plain TCP with TCP_NODELAY (STACK.md trap 2). */
  public static SocketFactory noDelay() {
    return new MqttDevice.NoDelay();
  }
}
