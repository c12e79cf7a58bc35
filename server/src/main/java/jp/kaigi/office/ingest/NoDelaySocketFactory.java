package jp.kaigi.office.ingest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY. Paho leaves Nagle on, and Nagle plus delayed ACK caps a QoS 1
 * subscriber near 1.1k msg/s on loopback (STACK.md trap 2).
 */
public final class NoDelaySocketFactory extends SocketFactory {
  private final SocketFactory plain = SocketFactory.getDefault();

  private static Socket tune(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }

  @Override
  public Socket createSocket() throws IOException {
    return tune(plain.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return tune(plain.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return tune(plain.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return tune(plain.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return tune(plain.createSocket(address, port, localAddress, localPort));
  }
}
