package jp.kaigi.devices.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import jp.kaigi.devices.tablet.FrameFields;
import jp.kaigi.devices.tablet.TabletSimulator;

/**
 * Page-sync latency (host {@code page} sent → tablet received) for N simulated tablets, against
 * Kaigi (one or more nodes; tablets log in, join, ack) or the naive broadcast floor. Runs in its
 * own JVM. Prints one {@code result ...} line with p50/p99/max in ms.
 *
 * <pre>
 * PageSyncBench kaigi  http://127.0.0.1:8081[,http://...] tablets pages intervalMs [holdMs]
 * PageSyncBench naive  http://127.0.0.1:9000 tablets pages intervalMs [holdMs]
 * </pre>
 *
 * {@code holdMs}: after all tablets are connected, it prints {@code connected} and waits (so the
 * runner can measure the server's heap) before turning pages. {@code -Dkaigi.bench.renderMs=N}:
 * Kaigi tablets ack each page after a simulated render time of 0.5–1.5 × N ms instead of on receipt
 * (see {@link TabletSimulator#renderMillis}); -1: no acks at all (a diagnosis only: the protocol
 * has tablets ack). {@code -Dkaigi.bench.deflate=true}: Kaigi tablets ask for permessage-deflate in
 * the handshake, as browsers do. {@code -Dkaigi.bench.warmupIntervalMs=N}: the warm-up pages'
 * interval (default: {@code intervalMs}), so a human page pace can be measured without a long
 * warm-up. {@code -Dkaigi.bench.settleMs=N}: the pause between the warm-up and the measured pages
 * (default 3000). {@code -Dkaigi.bench.tabletsOnHostNode=true}: with several nodes, tablets on
 * every node, the host's too (default: on every node but the host's).
 */
public final class PageSyncBench {
  private static final String PASSWORD =
      System.getenv().getOrDefault("KAIGI_BENCH_PASSWORD", "kaigi-demo-2026");
  private static final long RENDER_MS = Long.getLong("kaigi.bench.renderMs", 0);
  // Kaigi tablets ask for permessage-deflate, as browsers do
  private static final boolean DEFLATE = Boolean.getBoolean("kaigi.bench.deflate");
  // With several nodes the tablets go to every node but the host's (every delivery crosses the
  // event bus); true: to every node, the host's too, as a load balancer would spread them.
  private static final boolean TABLETS_ON_HOST_NODE =
      Boolean.getBoolean("kaigi.bench.tabletsOnHostNode");
  // warm-up pages (numbered after the measured ones), sent before the measured ones
  private static final int WARMUP_PAGES = Integer.getInteger("kaigi.bench.warmup", 30);
  // the warm-up's page interval (default: the measured one); warm-up is for the JIT, not the pace
  private static final long WARMUP_INTERVAL_MS = Long.getLong("kaigi.bench.warmupIntervalMs", -1);
  // a pause between the warm-up and the measured pages (see turnPages)
  private static final long SETTLE_MS = Long.getLong("kaigi.bench.settleMs", 3000);
  private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private final Vertx vertx;
  private final ConcurrentHashMap<Integer, Long> sentAt = new ConcurrentHashMap<>();
  // every page frame received, warm-up included: the runner divides server CPU by this
  private final LongAdder frames = new LongAdder();
  private long cpuAtFirstPage;
  private long cpuAtEnd;

  /**
   * Every page received, warm-up and measured alike, in one record: one code path with no branch on
   * which kind of page it is. (With a branch, the JIT compiled the measured side as never taken
   * during the warm-up and deoptimised on the first measured pages, which then came out slow.)
   */
  private final Recorder received;

  // measured pages are 1..pages, warm-up pages above (they are told apart when reporting)
  private volatile int measuredPages = Integer.MAX_VALUE;

  /** Latencies with their page, in the order they arrived, and a count per page. */
  private static final class Recorder {
    final long[] latencies;
    final int[] pages;
    final AtomicLong index = new AtomicLong();
    final AtomicIntegerArray perPage;

    Recorder(int capacity, int maxPage) {
      latencies = new long[capacity];
      pages = new int[capacity];
      perPage = new AtomicIntegerArray(maxPage + 1);
    }

    void add(int page, long latency) {
      long i = index.getAndIncrement();
      if (i < latencies.length) {
        latencies[(int) i] = latency;
        pages[(int) i] = page;
      }
      if (page >= 0 && page < perPage.length()) {
        perPage.incrementAndGet(page);
      }
    }

    int count() {
      return (int) Math.min(index.get(), latencies.length);
    }

    /** Deliveries of pages 1..last. */
    long deliveries(int last) {
      long n = 0;
      for (int p = 1; p <= Math.min(last, perPage.length() - 1); p++) {
        n += perPage.get(p);
      }
      return n;
    }
  }

  private PageSyncBench(Vertx vertx, int capacity, int maxPage) {
    this.vertx = vertx;
    this.received = new Recorder(capacity, maxPage);
  }

  private void record(int page, long receivedNanos) {
    frames.increment();
    Long sent = sentAt.get(page);
    if (sent == null) {
      return;
    }
    received.add(page, receivedNanos - sent);
  }

  /** The measured pages' latencies, and their pages, in the order they arrived. */
  private record Measured(long[] latencies, int[] pages) {}

  private Measured measured() {
    int n = received.count();
    long[] l = new long[n];
    int[] p = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (received.pages[i] <= measuredPages) {
        l[k] = received.latencies[i];
        p[k++] = received.pages[i];
      }
    }
    return new Measured(Arrays.copyOf(l, k), Arrays.copyOf(p, k));
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    List<URI> nodes = Arrays.stream(args[1].split(",")).map(URI::create).toList();
    int tablets = Integer.parseInt(args[2]);
    int pages = Integer.parseInt(args[3]);
    long interval = Long.parseLong(args[4]);
    long hold = args.length > 5 ? Long.parseLong(args[5]) : 0;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS));
    PageSyncBench bench =
        new PageSyncBench(vertx, tablets * (pages + WARMUP_PAGES), pages + WARMUP_PAGES + 2);
    try {
      if (mode.equals("kaigi")) {
        bench.runKaigi(nodes, tablets, pages, interval, hold);
      } else {
        bench.runNaive(nodes.get(0), tablets, pages, interval, hold);
      }
      bench.report(mode, nodes.size(), tablets, pages);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private void runKaigi(List<URI> nodes, int tablets, int pages, long interval, long hold)
      throws Exception {
    String host = await(TabletSimulator.login(vertx, nodes.get(0), "chair", PASSWORD));
    String m1 = await(TabletSimulator.login(vertx, nodes.get(0), "member1", PASSWORD));
    String m2 = await(TabletSimulator.login(vertx, nodes.get(0), "member2", PASSWORD));
    long meeting = meetingId(nodes.get(0), host);
    // Page sync points tablets only at real documents: one with a page for every page turned.
    String clerk = await(TabletSimulator.login(vertx, nodes.get(0), "clerk", PASSWORD));
    long document =
        await(BenchDocument.upload(vertx, nodes.get(0), clerk, meeting, pages + WARMUP_PAGES + 1));
    List<TabletSimulator> all = new ArrayList<>();
    List<Future<Void>> started = new ArrayList<>();
    List<Context> loops = eventLoops();
    for (int i = 0; i < tablets; i++) {
      int node =
          nodes.size() == 1 || TABLETS_ON_HOST_NODE ? i % nodes.size() : 1 + i % (nodes.size() - 1);
      TabletSimulator t =
          new TabletSimulator(vertx, nodes, node, meeting, RENDER_MS >= 0, DEFLATE)
              .renderMillis(RENDER_MS)
              .keepPages(false)
              .listener((tab, p) -> record(p.page(), p.receivedNanos()));
      all.add(t);
      String token = i % 2 == 0 ? m1 : m2;
      started.add(on(loops.get(i % loops.size()), () -> t.start(token)));
      if (i % 50 == 49) {
        await(Future.all(started));
      }
    }
    await(Future.all(started));
    holdForHeap(hold);
    TabletSimulator hostTablet = new TabletSimulator(vertx, nodes, 0, meeting, false);
    await(hostTablet.start(host));
    int base = 1;
    turnPages(pages, interval, p -> hostTablet.sendPage(document, 1, base + p), base);
    awaitDeliveries((long) tablets * pages);
    hostTablet.stop();
    for (TabletSimulator t : all) {
      t.stop();
    }
  }

  private void runNaive(URI node, int tablets, int pages, long interval, long hold)
      throws Exception {
    WebSocketClient client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(tablets + 10));
    List<Future<WebSocket>> conns = new ArrayList<>();
    List<Context> loops = eventLoops();
    WebSocketConnectOptions o =
        new WebSocketConnectOptions().setHost(node.getHost()).setPort(node.getPort()).setURI("/");
    for (int i = 0; i < tablets; i++) {
      conns.add(
          on(loops.get(i % loops.size()), () -> client.connect(o))
              .onSuccess(
                  ws ->
                      ws.textMessageHandler(
                          t -> {
                            long now = System.nanoTime();
                            record((int) FrameFields.number(t, "page"), now);
                          })));
      if (i % 50 == 49) {
        await(Future.all(conns));
      }
    }
    await(Future.all(conns));
    holdForHeap(hold);
    WebSocket host = await(client.connect(o));
    host.textMessageHandler(t -> {});
    int base = 1;
    turnPages(
        pages,
        interval,
        p ->
            host.writeTextMessage(
                new JsonObject()
                    .put("type", "page")
                    .put("meeting", 1)
                    .put("document", 1)
                    .put("version", 1)
                    .put("page", base + p)
                    .encode()),
        base);
    awaitDeliveries((long) tablets * pages);
    client.close();
  }

  /**
   * One context on each of the generator's event loops. A connection stays on the event loop it was
   * opened from, and connections opened from the main thread all share one: the clients of both
   * kinds are spread over every loop, as 1,000 real tablets do not wait for each other.
   */
  private List<Context> eventLoops() throws Exception {
    List<Context> out = Collections.synchronizedList(new ArrayList<>());
    await(
        vertx.deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    out.add(context);
                    return Future.succeededFuture();
                  }
                },
            new DeploymentOptions().setInstances(EVENT_LOOPS)));
    return List.copyOf(out);
  }

  /** Runs {@code action} on {@code context} (where a connection it opens then lives). */
  private static <T> Future<T> on(Context context, Supplier<Future<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }

  /** Until every measured page reached every tablet (or 30 s: then the shortfall is reported). */
  private void awaitDeliveries(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (received.deliveries(measuredPages) < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    cpuAtEnd = processCpuNanos();
    // the runner reads the servers' CPU at this line (it polls every 50 ms), before the teardown
    System.out.println("measured");
    System.out.flush();
    Thread.sleep(300);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void holdForHeap(long hold) throws InterruptedException {
    System.out.println("connected");
    System.out.flush();
    if (hold > 0) {
      Thread.sleep(hold);
    }
  }

  private void turnPages(int pages, long interval, java.util.function.IntConsumer send, int base)
      throws InterruptedException {
    // warm-up pages are sent and recorded apart from the measured ones, so the JIT has compiled
    // the paths before the clock runs
    cpuAtFirstPage = processCpuNanos();
    measuredPages = base + pages - 1;
    for (int p = 0; p < WARMUP_PAGES; p++) {
      sentAt.put(base + pages + 1 + p, System.nanoTime());
      send.accept(pages + 1 + p);
      Thread.sleep(WARMUP_INTERVAL_MS >= 0 ? WARMUP_INTERVAL_MS : interval);
    }
    // Before the clock runs, the warm-up's tail settles: its last acks (a render time late), and
    // the compilations it queued, which run for seconds after a warm-up at ten pages a second.
    Thread.sleep(SETTLE_MS);
    // the runner reads the servers' CPU here too, for the measured pages alone, and is done with
    // that (a few processes) before the first measured page
    System.out.println("measuring");
    System.out.flush();
    Thread.sleep(500);
    for (int p = 0; p < pages; p++) {
      int page = base + p;
      sentAt.put(page, System.nanoTime());
      send.accept(p);
      Thread.sleep(interval);
    }
  }

  private long meetingId(URI node, String token) throws Exception {
    var http = vertx.createHttpClient();
    try {
      String body =
          await(
              http.request(
                      new io.vertx.core.http.RequestOptions()
                          .setHost(node.getHost())
                          .setPort(node.getPort())
                          .setURI("/api/v1/meetings")
                          .putHeader("Authorization", "Bearer " + token))
                  .compose(req -> req.send().compose(r -> r.body()))
                  .map(Object::toString));
      return new io.vertx.core.json.JsonArray(body).getJsonObject(0).getLong("id");
    } finally {
      http.close();
    }
  }

  private void report(String mode, int nodes, int tablets, int pages) {
    Measured m = measured();
    int n = m.latencies().length;
    if (Boolean.getBoolean("kaigi.bench.perPage")) {
      reportPages(m, pages);
    }
    long[] l = m.latencies().clone();
    Arrays.sort(l);
    long expected = (long) tablets * pages;
    System.out.printf(
        "result mode=%s nodes=%d tablets=%d pages=%d render_ms=%s deliveries=%d expected=%d"
            + " p50_ms=%.2f p99_ms=%.2f max_ms=%.2f first_p50_ms=%.2f frames=%d"
            + " gen_cpu_us_per_frame=%.1f%n",
        mode,
        nodes,
        tablets,
        pages,
        !mode.equals("kaigi") ? "-" : RENDER_MS < 0 ? "noack" : Long.toString(RENDER_MS),
        received.deliveries(pages),
        expected,
        n == 0 ? Double.NaN : l[n / 2] / 1e6,
        n == 0 ? Double.NaN : l[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
        n == 0 ? Double.NaN : l[n - 1] / 1e6,
        firstDeliveryMedian(m, pages) / 1e6,
        frames.sum(),
        (cpuAtEnd - cpuAtFirstPage) / 1e3 / Math.max(1, frames.sum()));
  }

  /**
   * The median over pages of each page's first delivery: the server's time from receiving the
   * host's {@code page} to writing it out, plus one delivery (fixed cost, before any fan-out).
   */
  private static long firstDeliveryMedian(Measured m, int pages) {
    long[] first = new long[pages + 2];
    Arrays.fill(first, Long.MAX_VALUE);
    for (int i = 0; i < m.pages().length; i++) {
      int p = m.pages()[i];
      first[p] = Math.min(first[p], m.latencies()[i]);
    }
    long[] seen = Arrays.stream(first, 1, pages + 1).filter(v -> v != Long.MAX_VALUE).toArray();
    Arrays.sort(seen);
    return seen.length == 0 ? 0 : seen[seen.length / 2];
  }

  /** The pages in order of their slowest delivery: is the p99 one bad page or all of them? */
  private static void reportPages(Measured m, int pages) {
    long[] worst = new long[pages + 2];
    long[] sum = new long[pages + 2];
    int[] count = new int[pages + 2];
    for (int i = 0; i < m.pages().length; i++) {
      int p = m.pages()[i];
      worst[p] = Math.max(worst[p], m.latencies()[i]);
      sum[p] += m.latencies()[i];
      count[p]++;
    }
    java.util.stream.IntStream.rangeClosed(1, pages)
        .boxed()
        .sorted((a, b) -> Long.compare(worst[b], worst[a]))
        .limit(10)
        .forEach(
            p ->
                System.out.printf(
                    "page %d max_ms=%.1f mean_ms=%.1f%n",
                    p, worst[p] / 1e6, count[p] == 0 ? 0 : sum[p] / 1e6 / count[p]));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
