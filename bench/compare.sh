#!/usr/bin/env bash
# Tributary against Apache Kafka 4.4, side by side on this machine, with Apache Kafka's own perf tools.
#
#   bench/compare.sh                      3 rounds, full workloads (roughly 10 minutes on 2 cores)
#   QUICK=1 ROUNDS=1 bench/compare.sh     tiny record counts: checks the script, not the brokers
#
# Builds Tributary, fetches the Kafka broker and tool jars from Maven Central (through Maven, no tarball), then
# for each round starts each broker on a fresh data dir and fresh ports, runs workloads (a)-(d), samples the
# broker's RSS and CPU from /proc, and stops it. Kafka and Tributary alternate, and which one goes first
# alternates from round to round, so a machine that slows down during the run hurts both alike. At the end it
# prints the medians, side by side, as a table; bench/README.md explains every figure.
#
# Settings (environment):
#   ROUNDS=3       rounds; each round runs both brokers once
#   QUICK=0        1: tiny record counts, to test the script in a minute or two
#   WARMUP=1       0: no warm-up produce+consume before the timed workloads
#   JFR=0          1: afterwards, one more Tributary run with workload (a) under Java Flight Recorder; prints the
#                  top frames (not counted in the medians)
#   PERF=0         1: afterwards, one more Tributary run with workload (a) under Linux perf; prints the broker's
#                  CPU per thread and the top symbols, kernel and JIT compiler included (needs perf)
#   SKIP_BUILD=0   1: do not run Maven on Tributary first (bin/tributary still builds it if it was never built)
#   KEEP_DATA=0    1: keep each broker's data dir after it stops
#   BENCH_WORK=bench/target   where jars, compiled helpers and runs/<timestamp>/ (logs, raw.txt, report.txt) go
set -euo pipefail
export LC_ALL=C   # decimal points, sort order and awk number parsing must not depend on the user's locale

ROUNDS=${ROUNDS:-3}
QUICK=${QUICK:-0}
WARMUP=${WARMUP:-1}
JFR=${JFR:-0}
PERF=${PERF:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_DATA=${KEEP_DATA:-0}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt          # one line per (round, broker, workload): the data behind the table
REPORT=$RUN_DIR/report.txt    # the table as printed

# Brokers, tools, /proc sampling, result lines, the table and the run's steps, shared with bench/txn-compare.sh and
# bench/replication-compare.sh: KAFKA_VERSION, KAFKA_LIB, TOOLS_LIB, CLASSES, KAFKA_JVM, TOOL_JVM, start_kafka,
# start_tributary, stop_broker, tool, consume, row, warn_if_busy, run_alternating_rounds, print_report, ...
source "$BENCH/lib/brokers.sh"

# Workloads: the set of ../shared/bench/README.md. Record sizes stay the same in QUICK mode; only counts shrink.
A_SIZE=100 B_SIZE=1024 D_SIZE=100
if [ "$QUICK" = 1 ]; then
  A_RECORDS=20000 B_RECORDS=5000 D_RECORDS=300 D_WARMUP=50 WARM_RECORDS=10000 IDLE_S=3
else
  A_RECORDS=2000000 B_RECORDS=500000 D_RECORDS=10000 D_WARMUP=1000 WARM_RECORDS=1000000 IDLE_S=5
fi

machine_info() {
  machine_info_common
  echo "settings:  ROUNDS=$ROUNDS QUICK=$QUICK WARMUP=$WARMUP JFR=$JFR PERF=$PERF"
}

# ------------------------------------------------------------------------------------------------ workloads

# BenchClient e2e-latency: one message at a time, producer acks=1 -> consumer poll, µs resolution.
latency() { # workload topic
  local wl=$1 out=$RDIR/$1.log rc=0 line
  need_broker "$wl" || return 0
  tool BenchClient e2e-latency "$BOOTSTRAP" "$2" "$D_RECORDS" "$D_WARMUP" "$D_SIZE" 1 >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  line=$(grep '^E2E ' "$out" || true)
  if [ -z "$line" ]; then failed "$wl" "$out" "no-result(rc=$rc)"; return; fi
  raw "workload=$wl status=ok ${line#E2E } rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
}

# Both brokers get the same warm-up of the produce and fetch paths before anything is timed (brokers.sh).
warm_up() { warm_up_produce_consume bench-warm "$WARM_RECORDS"; }

create_topics() {
  tool BenchClient create-topics "$BOOTSTRAP" bench-a:1 bench-b:6 bench-d:1 bench-warm:1 bench-idle:1 \
      >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

# Broker CPU, as % of one core, over IDLE_S seconds with no client connected.
idle_cpu() {
  need_broker idle_cpu || return 0
  local ticks0
  ticks0=$(cpu_ticks "$BROKER_PID")
  nap "$IDLE_S"
  raw "workload=idle_cpu status=ok cpu_pct=$(awk -v t=$(( $(cpu_ticks "$BROKER_PID") - ticks0 )) -v hz="$CLK_TCK" \
      -v s="$IDLE_S" 'BEGIN {printf "%.1f", 100*t/hz/s}')"
}

# Broker CPU while one consumer that has caught up long-polls an empty topic for IDLE_S seconds: what an idle
# cluster with connected consumers costs. Measured over the tool's whole run, so its JVM start and group join
# (a few hundred ms of broker work) are included, for both brokers alike.
idle_consumer_cpu() {
  local wl=idle_consumer_cpu out=$RDIR/idle_consumer_cpu.log ticks0 start
  need_broker "$wl" || return 0
  ticks0=$(cpu_ticks "$BROKER_PID"); start=$(now_us)
  # It times out on purpose (no records ever come), so its exit status says nothing.
  tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic bench-idle --num-records 1 \
      --group bench-idle --timeout $((IDLE_S * 1000)) --command-property group.protocol=classic >"$out" 2>&1 || true
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  raw "workload=$wl status=ok cpu_pct=$(awk -v t=$(( $(cpu_ticks "$BROKER_PID") - ticks0 )) -v hz="$CLK_TCK" \
      -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.1f", 100*t/hz/(us/1e6)}')" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')"
}

# ------------------------------------------------------------------------------------------------ one broker, one round

# Fresh ports and data dir -> start -> topics -> warm-up -> (a) (b) (c) (d) -> peak RSS -> idle CPU without and
# with a waiting consumer -> stop, delete data.
run_broker() { # kind round
  KIND=$1 ROUND=$2 RDIR=$RUN_DIR/round$2-$1
  mkdir -p "$RDIR"
  BROKER_DATA=$RDIR/data
  pick_ports
  BOOTSTRAP=127.0.0.1:$PORT
  log "round $ROUND: $KIND"
  "start_$KIND" "$RDIR"
  if wait_started && create_topics; then
    warm_up
    log "$KIND: (a) $A_RECORDS x $A_SIZE B, acks=1, 1 partition"
    produce a_produce_100B_acks1 bench-a "$A_RECORDS" "$A_SIZE" acks=1 linger.ms=5 batch.size=65536
    log "$KIND: (b) $B_RECORDS x $B_SIZE B, acks=all, idempotent, 6 partitions"
    produce b_produce_1KiB_acksall_idem bench-b "$B_RECORDS" "$B_SIZE" \
        acks=all enable.idempotence=true linger.ms=5 batch.size=65536
    log "$KIND: (c) consume (a)'s $A_RECORDS records"
    consume c_consume_a bench-a "$A_RECORDS" "bench-c-$ROUND"
    log "$KIND: (d) end-to-end latency, $D_RECORDS x $D_SIZE B"
    latency d_e2e_latency bench-d
    if alive "$BROKER_PID"; then
      # The largest resident set over the broker's life so far: start, warm-up and (a)-(d).
      raw "workload=memory status=ok peak_rss_kb=$(status_kb "$BROKER_PID" VmHWM) rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
    fi
    log "$KIND: idle CPU, ${IDLE_S} s without clients, then ${IDLE_S} s with one consumer waiting"
    idle_cpu
    idle_consumer_cpu
  fi
  stop_broker
  sync   # the next broker should not pay for writing back this one's dirty pages
}

# ------------------------------------------------------------------------------------------------ JFR profile

# One more Tributary, outside the measured rounds: warm-up, then workload (a) inside a JFR recording started and
# stopped with jcmd, so the profile holds (a) only (not start-up, not the warm-up). DebugNonSafepoints makes the
# samples attribute time to the inlined method that was running, not the nearest safepoint.
profile_tributary() {
  local jfr_file=$RUN_DIR/jfr-tributary/tributary-a.jfr
  log "JFR: Tributary with workload (a) under Flight Recorder"
  start_warm_tributary jfr "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" || return 0
  jcmd "$BROKER_PID" JFR.start name=bench-a settings=profile "filename=$jfr_file" >"$RDIR/jcmd.log" 2>&1 \
    || { cat "$RDIR/jcmd.log" >&2; log "warning: jcmd JFR.start failed; no profile"; stop_broker; return; }
  produce a_produce_100B_acks1 bench-a "$A_RECORDS" "$A_SIZE" acks=1 linger.ms=5 batch.size=65536
  jcmd "$BROKER_PID" JFR.stop name=bench-a >>"$RDIR/jcmd.log" 2>&1 || log "warning: jcmd JFR.stop failed"
  stop_broker
  [ -s "$jfr_file" ] || { log "warning: no recording at $jfr_file"; return; }
  JFR_REPORT=$RDIR/top-frames.txt
  summarize_jfr "$jfr_file" > "$JFR_REPORT"
  log "JFR: top frames in $JFR_REPORT"
}

# Where (a)'s CPU time went. JDK 21's `jfr view hot-methods` does this; JDK 17's jfr has no `view`, so the
# execution samples are printed and counted here: the top frame of each sample (self time), every method on the
# stack once per sample (total time, callees included), and the sampled thread (pools folded: digits -> N).
summarize_jfr() { # file
  local samples=${1%.jfr}-samples.txt
  jfr summary "$1" > "${1%.jfr}-summary.txt" 2>&1 || true
  echo
  echo "JFR profile of Tributary under workload (a), in a run of its own (not in the medians): $1"
  echo "(a) under JFR: $(median_jfr_run) records/s; event counts: ${1%.jfr}-summary.txt"
  if jfr view hot-methods "$1" >/dev/null 2>&1; then
    jfr view --width 160 hot-methods "$1"
    return
  fi
  jfr print --events jdk.ExecutionSample --stack-depth 64 "$1" > "$samples"
  awk '
    /^jdk.ExecutionSample/ { n++; depth = -1; split("", seen); next }
    /sampledThread = /     { t = $0; sub(/.*sampledThread = "/, "", t); sub(/".*/, "", t); gsub(/[0-9]+/, "N", t); thread[t]++ }
    /stackTrace = \[/      { depth = 0; next }
    depth >= 0 && /^[[:space:]]*\]/ { depth = -1; next }
    depth >= 0 {
      f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
      if (f == "..." || f == "") next
      if (depth == 0) self[f]++
      if (!(f in seen)) { seen[f] = 1; total[f]++ }
      depth++
    }
    END {
      printf "samples %d\n", n
      for (f in self)   printf "self\t%d\t%5.1f%%\t%s\n", self[f], 100 * self[f] / n, f
      for (f in total)  printf "total\t%d\t%5.1f%%\t%s\n", total[f], 100 * total[f] / n, f
      for (t in thread) printf "thread\t%d\t%5.1f%%\t%s\n", thread[t], 100 * thread[t] / n, t
    }' "$samples" > "$samples.agg"
  head -1 "$samples.agg"
  if grep -q '^samples 0$' "$samples.agg"; then
    echo "(no Java execution samples: the workload was too short, e.g. QUICK=1)"
    return
  fi
  echo "-- top 25 frames by self time (the method running when sampled)"
  top_of self 25 "$samples.agg"
  echo "-- top 25 methods by total time (on the stack: itself and its callees)"
  top_of total 25 "$samples.agg"
  echo "-- samples by thread"
  top_of thread 10 "$samples.agg"
}

top_of() { # kind count aggregate-file: the largest counts of one kind, as "percentage<TAB>name"
  awk -F'\t' -v kind="$1" '$1 == kind' "$3" | sort -t$'\t' -k2,2nr | awk -v n="$2" 'NR <= n' | cut -f3-  # awk, not head: sort must not die of SIGPIPE under pipefail
}

# ------------------------------------------------------------------------------------------------ perf profile

# Workload (a) under Linux perf (profile_perf_with, bench/lib/brokers.sh).
profile_perf() {
  profile_perf_with tributary-a "workload (a)" "(a)" \
      produce a_produce_100B_acks1 bench-a "$A_RECORDS" "$A_SIZE" acks=1 linger.ms=5 batch.size=65536
}

# ------------------------------------------------------------------------------------------------ the table

median_jfr_run() {
  awk '$1 == "round=jfr" && / workload=a_produce/ && / status=ok/ {
      for (i = 1; i <= NF; i++) if ($i ~ /^records_per_s=/) { sub(/^records_per_s=/, "", $i); printf "%.0f", $i } }' "$RAW"
}

# CPU seconds per GB produced, per round: the broker CPU of (a) + (b) over the bytes they produced
# (record values only, 1 GB = 10^9 bytes). Only rounds where both succeeded count.
cpu_per_gb() { # broker
  awk -v b="$1" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["broker"] == b && v["status"] == "ok" && v["workload"] ~ /^[ab]_produce/ { cpu[v["round"]] += v["cpu_s"]; bytes[v["round"]] += v["bytes"]; k[v["round"]]++ }
    END { for (r in k) if (k[r] == 2) printf "%.2f\n", cpu[r] / (bytes[r] / 1e9) }' "$RAW" \
  | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

report() {
  echo "$MACHINE_INFO"
  echo
  table_head
  row "(a) produce ${A_RECORDS}x${A_SIZE}B acks=1 p1, rec/s" \
      "$(median kafka a_produce_100B_acks1 records_per_s)" "$(median tributary a_produce_100B_acks1 records_per_s)" higher 1 "%.0f"
  row "(a)   same, MB/s" \
      "$(median kafka a_produce_100B_acks1 mb_per_s)" "$(median tributary a_produce_100B_acks1 mb_per_s)" higher 1 "%.1f"
  row "(b) produce ${B_RECORDS}x1KiB acks=all idem p6, rec/s" \
      "$(median kafka b_produce_1KiB_acksall_idem records_per_s)" "$(median tributary b_produce_1KiB_acksall_idem records_per_s)" higher 1 "%.0f"
  row "(b)   same, MB/s" \
      "$(median kafka b_produce_1KiB_acksall_idem mb_per_s)" "$(median tributary b_produce_1KiB_acksall_idem mb_per_s)" higher 1 "%.1f"
  row "(c) consume (a), rec/s" \
      "$(median kafka c_consume_a records_per_s)" "$(median tributary c_consume_a records_per_s)" higher 1 "%.0f"
  row "(c)   fetch only (no group join), rec/s" \
      "$(median kafka c_consume_a fetch_records_per_s)" "$(median tributary c_consume_a fetch_records_per_s)" higher 1 "%.0f"
  row "(d) end-to-end latency p50, ms" \
      "$(median kafka d_e2e_latency p50_us)" "$(median tributary d_e2e_latency p50_us)" lower 0.001 "%.3f"
  row "(d) end-to-end latency p99, ms" \
      "$(median kafka d_e2e_latency p99_us)" "$(median tributary d_e2e_latency p99_us)" lower 0.001 "%.3f"
  row "broker peak RSS (VmHWM), start..(d), MiB" \
      "$(median kafka memory peak_rss_kb)" "$(median tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f"
  row "broker CPU per GB produced, (a)+(b), s/GB" \
      "$(cpu_per_gb kafka)" "$(cpu_per_gb tributary)" lower 1 "%.2f"
  row "broker idle CPU, no client, % of a core" \
      "$(median kafka idle_cpu cpu_pct)" "$(median tributary idle_cpu cpu_pct)" lower 1 "%.1f"
  row "broker CPU, 1 consumer waiting, % of a core" \
      "$(median kafka idle_consumer_cpu cpu_pct)" "$(median tributary idle_consumer_cpu cpu_pct)" lower 1 "%.1f"
  row "start to accepting TCP connections, ms" \
      "$(median kafka startup tcp_ms)" "$(median tributary startup tcp_ms)" lower 1 "%.0f"
  row "start to 'started' logged, ms" \
      "$(median kafka startup ready_ms)" "$(median tributary startup ready_ms)" lower 1 "%.0f"
  report_failures_and_paths
}

# ------------------------------------------------------------------------------------------------ main

main() {
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"
  mkdir -p "$RUN_DIR"
  warn_if_busy
  prepare_run
  write_raw_header
  run_alternating_rounds run_broker
  JFR_REPORT="" PERF_REPORT=""
  if [ "$JFR" = 1 ]; then profile_tributary; fi
  if [ "$PERF" = 1 ]; then profile_perf; fi
  print_report "$JFR_REPORT" "$PERF_REPORT"
}

main "$@"
