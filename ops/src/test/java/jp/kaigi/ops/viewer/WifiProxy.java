package jp.kaigi.ops.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chamber's Wi-Fi between Chromium and a node, for tests of the offline app shell: a TCP proxy
 * on an ephemeral loopback port (the browser's origin is then {@link #baseUrl()}; the node accepts
 * its WebSocket as a same-host origin, since the {@code Host} header passes through unchanged).
 *
 * <ul>
 *   <li>{@link #up()}: bytes pass both ways (the start);
 *   <li>{@link #cut()}: the network is gone: every open connection is reset, and every new one is
 *       reset as soon as it is taken, so the browser sees a network error at once;
 *   <li>{@link #blackhole()}: the Wi-Fi hangs (packets lost, nothing refused): open connections and
 *       new ones are kept open and never answered; what the browser sends is read and dropped (the
 *       request lines are kept: {@link #unanswered()}).
 * </ul>
 *
 * Plain blocking sockets, two daemon threads per connection: a browser opens a handful.
 */
final class WifiProxy implements AutoCloseable {
  private enum State {
    UP,
    CUT,
    BLACKHOLE
  }

  private static final Pattern REQUEST_LINE =
      Pattern.compile("(?:^|\n)[A-Z]+ (\\S+) HTTP/1\\.[01]\r\n");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ServerSocket server;
  private final int targetPort;
  private final Object lock = new Object();
  private final Set<Link> links = new HashSet<>(); // guarded by lock
  private State state = State.UP; // guarded by lock
  private final List<String> unanswered = new CopyOnWriteArrayList<>();

  private WifiProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** A proxy to the node listening on 127.0.0.1:{@code targetPort}, up. */
  static WifiProxy to(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    WifiProxy proxy = new WifiProxy(server, targetPort);
    daemon("accept", proxy::acceptLoop).start();
    return proxy;
  }

  /** Where the browser goes: {@code http://127.0.0.1:port}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The network is back: new connections reach the node (hung ones are closed first). */
  void up() {
    synchronized (lock) {
      if (state != State.UP) {
        closeAll(false);
      }
      state = State.UP;
    }
  }

  /** The network is gone: every connection is reset, now and until {@link #up()}. */
  void cut() {
    synchronized (lock) {
      state = State.CUT;
      closeAll(true);
    }
  }

  /** The Wi-Fi hangs: nothing is answered any more, nothing is refused, until {@link #up()}. */
  void blackhole() {
    synchronized (lock) {
      state = State.BLACKHOLE;
      for (Link link : links) {
        link.hang();
      }
    }
  }

  /** The paths of the requests the browser sent while the Wi-Fi hung, in order. */
  List<String> unanswered() {
    return List.copyOf(unanswered);
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (lock) {
      state = State.CUT;
      closeAll(true);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (lock) {
        try {
          switch (state) {
            case CUT -> reset(client);
            case BLACKHOLE -> open(new Link(client, null));
            case UP -> {
              Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
              open(new Link(client, upstream));
            }
          }
        } catch (IOException e) {
          reset(client);
        }
      }
    }
  }

  private void open(Link link) throws IOException {
    link.client.setTcpNoDelay(true);
    links.add(link);
    daemon("up", () -> link.pump(link.client, true)).start();
    if (link.upstream != null) {
      link.upstream.setTcpNoDelay(true);
      daemon("down", () -> link.pump(link.upstream, false)).start();
    }
  }

  private void closeAll(boolean reset) {
    for (Link link : new ArrayList<>(links)) {
      link.close(reset);
    }
    links.clear();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // RST, not FIN
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static Thread daemon(String role, Runnable run) {
    Thread t = new Thread(run, "wifi-proxy-" + role + "-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  /** One browser connection and, while the Wi-Fi is up, its connection to the node. */
  private final class Link {
    final Socket client;
    volatile Socket upstream;
    private final StringBuilder dropped = new StringBuilder();

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    /** From now on nothing is forwarded: the node's side goes, the browser's stays open. */
    void hang() {
      Socket up = upstream;
      upstream = null;
      if (up != null) {
        closeQuietly(up);
      }
    }

    /** Copies from one side to the other while forwarding; drops what the browser sends if not. */
    void pump(Socket from, boolean fromBrowser) {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          Socket to = fromBrowser ? upstream : client;
          if (fromBrowser && to == null) {
            drop(buf, n);
          } else if (to != null) {
            try {
              OutputStream out = to.getOutputStream();
              out.write(buf, 0, n);
              out.flush();
            } catch (IOException e) {
              if (!fromBrowser || upstream != null) {
                throw e;
              }
              drop(buf, n); // the Wi-Fi began to hang while these bytes were on their way
            }
          }
        }
      } catch (IOException e) {
        // reset or closed: fall through
      }
      if (fromBrowser || upstream == from) {
        // The browser left, or the node ended a connection it was still answering on.
        remove();
      }
    }

    private void drop(byte[] buf, int n) {
      dropped.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      Matcher m = REQUEST_LINE.matcher(dropped);
      int end = 0;
      while (m.find()) {
        unanswered.add(m.group(1));
        end = m.end();
      }
      dropped.delete(0, end);
    }

    private void remove() {
      synchronized (lock) {
        links.remove(this);
      }
      close(false);
    }

    void close(boolean reset) {
      Socket up = upstream;
      upstream = null;
      if (up != null) {
        closeQuietly(up);
      }
      if (reset) {
        reset(client);
      } else {
        closeQuietly(client);
      }
    }
  }
}
