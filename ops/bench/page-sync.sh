#!/usr/bin/env bash
# Page-sync benchmark: Kaigi vs the naive Vert.x broadcast floor, load generator in its own JVM.
#   ops/bench/page-sync.sh                 100 and 1000 tablets on one node, 1000 across 3 nodes
#   TABLETS="100" NODES3=0 ops/bench/page-sync.sh   a quick run (TABLETS3: tablets of the 3-node run)
#   BUILD=0 ...                            skip the build (do it before taking the benchmark lock)
#   KAIGI_BENCH_BASELINE_JAR=/path/kaigi.jar ...   also run that build on one node (before/after)
#   KAIGI_BENCH_BASELINE_ENV="KEY=value ..."  settings of the baseline node only (e.g. the same jar
#                                          with a setting off: KAIGI_BENCH_BASELINE_JAR=server/target/kaigi.jar)
#   SERVER_JAR=/path/kaigi.jar TABLETS=" " ...   the 3-node run with that build (one-node runs
#                                          take KAIGI_BENCH_BASELINE_JAR instead)
#   WARMUP=30 PAGES=50 ...                 warm-up pages before the measured ones (default 150;
#                                          the JIT still compiles rarely run code after it) and
#                                          measured pages (default 60)
#   SETTLE_MS=3000 ...                     the pause between the warm-up and the measured pages
#                                          (default 3 s: the warm-up's last acks and the JIT
#                                          compilations it queued are done before the clock runs)
#   INTERVAL_MS=100 WARMUP_INTERVAL_MS=20 ...  the measured pages' interval (default 1000 ms, a
#                                          page a second, a host's brisk pace; 100: ten a second,
#                                          a stress pace) and the warm-up's (default 100 ms)
#   SERVER_GC=-XX:+UseParallelGC ...       the collector of Kaigi and the floor alike (default G1)
#   SERVER_HEAP="-Xmx1g" ...               their heap alike (default "-Xms1g -Xmx1g": fixed)
#   SERVER_CPUS=0 GEN_CPUS=1 ...           pin the servers (Kaigi and the floor alike) and the
#                                          generator to these CPUs (taskset -c): the simulated
#                                          tablets then no longer take the servers' CPU, as real
#                                          tablets, each with its own, do not (default: unpinned)
#   GEN_JAVA_OPTS=...                      extra JVM options of the generator (e.g. a JFR recording;
#                                          -Dkaigi.bench.deflate=true: Kaigi tablets ask for
#                                          permessage-deflate, as browsers do;
#                                          -Dkaigi.bench.tabletsOnHostNode=true: the 3-node
#                                          run's tablets on every node, the host's too)
#   ACK_DELAY_MS="0 80" ...                every Kaigi run once per value (this is the default):
#                                          0 = tablets ack each page on receipt (the strictest
#                                          case); N = after a simulated render time of 0.5-1.5 x N
#                                          ms, as the web app acks once pdf.js has drawn the page
#                                          (80: its median for a page not drawn before, measured by
#                                          ops/kaigi bench-viewer-render); -1: no acks (diagnosis)
# Three nodes share one PostgreSQL: KAIGI_BENCH_PG_URL (or KAIGI_TEST_PG_URL), a JDBC URL of a
# database the benchmark may create databases in. Results: one "result ..." line per run plus
# server heap and resident memory (RSS, off-heap too) per connection, CPU per delivery and the
# load average, appended to ops/target/bench/page-sync.txt (not committed; KAIGI_BENCH_OUT to
# change). KAIGI_BENCH_JFR=1 also records a JFR profile of the server(s) during each paging phase
# next to it (jfr print/summary).
# The machine is shared: run it as `flock /work/bench.lock ops/bench/page-sync.sh` or alike.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TABLETS="${TABLETS:-100 1000}"
PAGES="${PAGES:-60}"
INTERVAL_MS="${INTERVAL_MS:-1000}"
NODES3="${NODES3:-1}"
TABLETS3="${TABLETS3:-1000}"
ACK_DELAY_MS="${ACK_DELAY_MS:-0 80}"
WARMUP="${WARMUP:-150}"
WARMUP_INTERVAL_MS="${WARMUP_INTERVAL_MS:-100}"
SETTLE_MS="${SETTLE_MS:-3000}"
PG_URL="${KAIGI_BENCH_PG_URL:-${KAIGI_TEST_PG_URL:-}}"
OUT="${KAIGI_BENCH_OUT:-$ROOT/ops/target/bench/page-sync.txt}"
JFR="${KAIGI_BENCH_JFR:-0}"
mkdir -p "$(dirname "$OUT")"
WORK="$(mktemp -d /tmp/kaigi-bench.XXXXXX)"
PIDS=()
# start_kaigi runs in $(...), a subshell: it records its pid in $WORK/pids for the cleanup
cleanup() {
  for p in "${PIDS[@]+"${PIDS[@]}"}" $(cat "$WORK/pids" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '[bench] %s\n' "$*" >&2; }

# BUILD=0: use the jars already built (build first, outside the benchmark lock)
if [[ "${BUILD:-1}" == "1" ]]; then
  (cd "$ROOT" && mvn -B -q -o -Dspotless.check.skip=true -DskipTests -pl server,devices -am package >/dev/null)
fi
(cd "$ROOT" && mvn -B -q -o -pl devices dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
GEN_CP="$ROOT/devices/target/classes:$(cat "$WORK/cp.txt")"
JAR="$ROOT/server/target/kaigi.jar"
# KAIGI_BENCH_BASELINE_JAR: another build's kaigi.jar, run as "baseline-1node" in the same run
BASELINE_JAR="${KAIGI_BENCH_BASELINE_JAR:-}"
read -r -a BASELINE_ENV <<<"${KAIGI_BENCH_BASELINE_ENV:-}"
# SERVER_CPUS / GEN_CPUS: taskset prefixes (empty: no pinning)
SERVER_PIN=(); GEN_PIN=()
if [[ -n "${SERVER_CPUS:-}" ]]; then SERVER_PIN=(taskset -c "$SERVER_CPUS"); fi
if [[ -n "${GEN_CPUS:-}" ]]; then GEN_PIN=(taskset -c "$GEN_CPUS"); fi
# SERVER_GC: the collector of both Kaigi and the floor (the same for both, so the ratio compares code)
SERVER_GC="${SERVER_GC:--XX:+UseG1GC}"
# SERVER_HEAP: the heap of Kaigi and the floor alike. Fixed (-Xms = -Xmx), as a server's is: the
# heap measurement's full GC (jcmd GC.run) otherwise shrinks the heap G1 then pages with, to a few
# tens of MB, and young collections come every few dozen pages instead of every few hundred.
read -r -a SERVER_HEAP <<<"${SERVER_HEAP:--Xms1g -Xmx1g}"
SERVER_OPTS=("${SERVER_HEAP[@]}" "$SERVER_GC" -Dhazelcast.logging.type=slf4j
  --add-modules=java.se --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.management/sun.management=ALL-UNNAMED
  --add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED)

# Below the kernel's ephemeral range (32768 up): a port the kernel handed out may be taken by an outgoing connection.
free_port() { python3 -c 'import random, socket
while True:
    p = random.randrange(20000, 32000); s = socket.socket()
    try: s.bind(("0.0.0.0", p)); print(p); break
    except OSError: pass
    finally: s.close()'; }
wait_http() { for _ in $(seq 1 240); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; say "not ready: $1"; return 1; }
heap_used_kb() { jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }
sum_cpu() { local t=0; for p in "$@"; do t=$((t + $(cpu_ticks "$p"))); done; echo "$t"; }
sum_sys() { local t=0; for p in "$@"; do t=$((t + $(sys_ticks "$p"))); done; echo "$t"; }
# CPU ticks per thread name (Linux cuts names to 15 characters), summed over the given JVMs. One
# cat and one awk, not two processes per thread: this runs as the measured pages start, and a
# hundred process starts on the two shared cores showed up as slow first measured pages, more so
# for Kaigi (more threads) than for the floor.
thread_ticks() {
  local stats=(); for p in "$@"; do stats+=(/proc/"$p"/task/*/stat); done
  cat "${stats[@]}" 2>/dev/null | awk '{
    match($0, /\(.*\)/); name = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "_", name)
    split(substr($0, RSTART + RLENGTH + 1), f, " "); s[name] += f[12] + f[13]
  } END {for (k in s) print k "\t" s[k]}' | sort
}
# the label of a Kaigi run with tablets acking after a render time (none when they ack at once)
ack_label() { case "$1" in 0) ;; -1) echo "-noack" ;; *) echo "-ack$1ms" ;; esac; }

# scrape_stages <mode> <urls> <0|1>: each Kaigi node's /metrics before (0) and after (1) the measured
# pages, for the stage timers (ops/bench/stage-percentiles.py)
scrape_stages() {
  [[ "$1" == kaigi ]] || return 0
  local i=0 u
  for u in ${2//,/ }; do curl -sf -o "$WORK/metrics-$3-$i" "$u/metrics" || true; i=$((i + 1)); done
}
stage_figures() { # <mode> <urls>: "store_p50_ms=... fanout_p99_ms=..." over the measured pages
  [[ "$1" == kaigi ]] || return 0
  local i=0 u files=()
  for u in ${2//,/ }; do files+=("$WORK/metrics-0-$i" "$WORK/metrics-1-$i"); i=$((i + 1)); done
  python3 "$ROOT/ops/bench/stage-percentiles.py" "${files[@]}" 2>/dev/null || echo "stages=unavailable"
}

# run_gen <label> <mode> <urls> <tablets> <server pids...>  (RENDER=ms: the tablets' ack delay)
# cpu_us_per_delivery: server CPU (all server JVMs) over the paging phase / page frames received;
# cpu_us_per_measured: the same over the measured pages only (warm-up excluded: JIT compilation);
# sys_pct: the kernel's share of it (socket reads and writes). The generator's log, with its
# ten slowest pages, is kept as <label>-<tablets>.log next to the results, the server threads'
# CPU ticks during the measured pages as <label>-<tablets>.threads.
run_gen() {
  local label=$1 mode=$2 urls=$3 n=$4; shift 4
  local before after cpu0 cpu1 sys0 sys1 log="$WORK/gen-$label.log"
  local rss0=0 rss1=0
  before=0; for p in "$@"; do before=$((before + $(heap_used_kb "$p"))); rss0=$((rss0 + $(rss_kb "$p"))); done
  # shellcheck disable=SC2086 # GEN_JAVA_OPTS: extra JVM options of the generator (e.g. a JFR recording)
  "${GEN_PIN[@]+"${GEN_PIN[@]}"}" java -Xms1g -Xmx1g ${GEN_JAVA_OPTS:-} -Dkaigi.bench.renderMs="${RENDER:-0}" -Dkaigi.bench.perPage=true -Dkaigi.bench.warmup="$WARMUP" -Dkaigi.bench.warmupIntervalMs="$WARMUP_INTERVAL_MS" -Dkaigi.bench.settleMs="$SETTLE_MS" -cp "$GEN_CP" jp.kaigi.devices.bench.PageSyncBench "$mode" "$urls" "$n" "$PAGES" "$INTERVAL_MS" 6000 >"$log" 2>&1 &
  local gen=$!
  for _ in $(seq 1 600); do grep -q '^connected' "$log" && break; sleep 0.2; done
  sleep 1
  after=0; for p in "$@"; do after=$((after + $(heap_used_kb "$p"))); rss1=$((rss1 + $(rss_kb "$p"))); done
  if [[ "$JFR" == "1" ]]; then
    for p in "$@"; do jcmd "$p" JFR.start name=bench settings=profile >/dev/null; done
  fi
  cpu0=$(sum_cpu "$@"); sys0=$(sum_sys "$@")
  # the measured pages only, after the warm-up (the JIT compiles the paths during the warm-up)
  local cpum=$cpu0
  while kill -0 "$gen" 2>/dev/null && ! grep -q '^measuring' "$log"; do sleep 0.05; done
  cpum=$(sum_cpu "$@"); thread_ticks "$@" >"$WORK/threads0"
  scrape_stages "$mode" "$urls" 0
  local cpue=$cpum
  while kill -0 "$gen" 2>/dev/null && ! grep -q '^measured' "$log"; do sleep 0.05; done
  cpue=$(sum_cpu "$@"); thread_ticks "$@" >"$WORK/threads1"
  scrape_stages "$mode" "$urls" 1
  wait "$gen" || { say "generator failed"; cat "$log" >&2; return 1; }
  cpu1=$(sum_cpu "$@"); sys1=$(sum_sys "$@")
  # which server threads used the CPU during the measured pages (ticks), kept with the log
  join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$WORK/threads0" "$WORK/threads1" |
    awk -F'\t' '$3 - $2 > 0 {print $3 - $2 "\t" $1}' | sort -rn >"$(dirname "$OUT")/$label-$n.threads"
  if [[ "$JFR" == "1" ]]; then
    for p in "$@"; do
      jcmd "$p" JFR.dump name=bench filename="$(dirname "$OUT")/$label-$n-$p.jfr" >/dev/null
    done
  fi
  local result deliveries hz
  # the generator's log (with the ten slowest pages) stays next to the results
  cp "$log" "$(dirname "$OUT")/$label-$n.log"
  result=$(grep '^result' "$log")
  # every page frame received, warm-up pages included (the CPU was measured over those too)
  deliveries=$(echo "$result" | grep -o 'frames=[0-9]*' | cut -d= -f2)
  hz=$(getconf CLK_TCK)
  local line measured
  measured=$(echo "$result" | grep -o ' deliveries=[0-9]*' | cut -d= -f2)
  line="$result heap_per_conn_kb=$(( (after - before) / n )) rss_per_conn_kb=$(( (rss1 - rss0) / n )) cpu_us_per_delivery=$(( (cpu1 - cpu0) * 1000000 / hz / (deliveries > 0 ? deliveries : 1) )) cpu_us_per_measured=$(( (cpue - cpum) * 1000000 / hz / (measured > 0 ? measured : 1) )) sys_pct=$(( (sys1 - sys0) * 100 / (cpu1 > cpu0 ? cpu1 - cpu0 : 1) )) $(stage_figures "$mode" "$urls") load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /) cpus=${SERVER_CPUS:-all}/${GEN_CPUS:-all} interval_ms=$INTERVAL_MS"
  echo "$(date -u +%FT%TZ) $label $line" | tee -a "$OUT"
}

start_kaigi() { # <name> <http port> [env...]
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name"
  env "$@" KAIGI_DATA_DIR="$WORK/$name" KAIGI_HTTP_HOST=127.0.0.1 KAIGI_HTTP_PORT="$port" \
    KAIGI_LOG_LEVEL=WARN KAIGI_WS_RATE=50 KAIGI_MQTT_ENABLED=false \
    "${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" java "${SERVER_OPTS[@]}" -jar "${SERVER_JAR:-$JAR}" demo >"$WORK/$name.log" 2>&1 &
  echo $! >>"$WORK/pids"
  echo $!
}

kaigi_1node() { # <label> <jar> <tablets>: one run per ACK_DELAY_MS value, each on a fresh node
  local port pid d
  for d in $ACK_DELAY_MS; do
    port=$(free_port)
    local settings=()
    if [[ "$1" == baseline ]]; then settings=("${BASELINE_ENV[@]+"${BASELINE_ENV[@]}"}"); fi
    pid=$(SERVER_JAR="$2" start_kaigi "$1-$3-$RANDOM" "$port" "${settings[@]+"${settings[@]}"}")
    wait_http "http://127.0.0.1:$port/ready"
    RENDER="$d" run_gen "$1-1node$(ack_label "$d")" kaigi "http://127.0.0.1:$port" "$3" "$pid"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
}

pass=0
for n in $TABLETS; do
  pass=$((pass + 1))
  # Kaigi, one node (H2); with a baseline build, every other pass runs that one first, so a
  # machine getting busier or quieter during the run does not always favour the same build
  if [[ -n "$BASELINE_JAR" && $((pass % 2)) == 0 ]]; then
    kaigi_1node baseline "$BASELINE_JAR" "$n"
    kaigi_1node kaigi "$JAR" "$n"
  else
    kaigi_1node kaigi "$JAR" "$n"
    if [[ -n "$BASELINE_JAR" ]]; then kaigi_1node baseline "$BASELINE_JAR" "$n"; fi
  fi
  # naive floor
  port=$(free_port)
  "${SERVER_PIN[@]+"${SERVER_PIN[@]}"}" java "${SERVER_HEAP[@]}" "$SERVER_GC" -cp "$GEN_CP" jp.kaigi.devices.bench.NaiveBroadcastServer "$port" >"$WORK/naive-$n.log" 2>&1 &
  pid=$!; PIDS+=("$pid")
  for _ in $(seq 1 100); do grep -q 'naive broadcast' "$WORK/naive-$n.log" && break; sleep 0.1; done
  run_gen "naive" naive "http://127.0.0.1:$port" "$n" "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

if [[ "$NODES3" == "1" ]]; then
  if [[ -z "$PG_URL" ]]; then
    say "no PostgreSQL (KAIGI_BENCH_PG_URL): skipping the 3-node run"
  else
    db="kaigi_bench_$$"
    psql_url="${PG_URL#jdbc:}"
    if command -v psql >/dev/null; then
      psql "$(echo "$psql_url" | sed 's/?user=/?user=/')" -qc "CREATE DATABASE $db" >/dev/null
    else
      say "psql not found: skipping the 3-node run"; exit 0
    fi
    dburl=$(echo "$PG_URL" | sed -E "s#/[^/?]+(\?|$)#/$db\1#")
    hz1=$(free_port); hz2=$(free_port); hz3=$(free_port)
    members="127.0.0.1:$hz1,127.0.0.1:$hz2,127.0.0.1:$hz3"
    p1=$(free_port); p2=$(free_port); p3=$(free_port)
    common=(KAIGI_DB_URL="$dburl" KAIGI_CLUSTER=true KAIGI_CLUSTER_NAME="bench-$$" KAIGI_CLUSTER_MEMBERS="$members")
    pid1=$(start_kaigi n1 "$p1" "${common[@]}" KAIGI_CLUSTER_PORT="$hz1")
    wait_http "http://127.0.0.1:$p1/ready"
    pid2=$(start_kaigi n2 "$p2" "${common[@]}" KAIGI_CLUSTER_PORT="$hz2")
    pid3=$(start_kaigi n3 "$p3" "${common[@]}" KAIGI_CLUSTER_PORT="$hz3")
    wait_http "http://127.0.0.1:$p2/ready"; wait_http "http://127.0.0.1:$p3/ready"
    for d in $ACK_DELAY_MS; do
      RENDER="$d" run_gen "kaigi-3nodes$(ack_label "$d")" kaigi "http://127.0.0.1:$p1,http://127.0.0.1:$p2,http://127.0.0.1:$p3" "$TABLETS3" "$pid1" "$pid2" "$pid3"
    done
    psql "$psql_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
fi
