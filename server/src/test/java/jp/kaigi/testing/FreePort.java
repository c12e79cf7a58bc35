package jp.kaigi.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port for a server that must be told its port up front.
 *
 * <p>Ports come from below the kernel's ephemeral range: a port the kernel handed out itself
 * ({@code new ServerSocket(0)}) is free again the moment it is closed, and the next outgoing
 * connection of any process (a Hazelcast member dialling a peer, a JDBC pool) may take it as its
 * local port before the server under test binds it. Below the range only a listening server can
 * take it, and this class never hands out the same port twice in one JVM.
 */
public final class FreePort {
  private static final int LOWEST = 10_000;
  private static final int EPHEMERAL_RANGE_START = ephemeralRangeStart();
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePort() {}

  public static synchronized int pick() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_RANGE_START);
      if (!HANDED_OUT.contains(port) && bindable(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port between " + LOWEST + " and " + EPHEMERAL_RANGE_START);
  }

  /** The wildcard address, so a port some process listens on at any address counts as taken. */
  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > LOWEST + 1_000 ? start : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768; // Linux's default range starts here; other systems start higher
    }
  }
}
