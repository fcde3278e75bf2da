#!/usr/bin/env bash
# Replication (issue 15): a 3-node Tributary cluster against a 3-node Apache Kafka 4.4 cluster on this machine.
#
#   bench/replication-compare.sh                 3 rounds, full sizes (about 12 minutes on 2 cores)
#   QUICK=1 ROUNDS=1 bench/replication-compare.sh   small sizes: checks the script in about 3 minutes
#
# Each round starts a fresh cluster of each kind (Kafka first in odd rounds, Tributary first in even ones): three
# combined broker+controller nodes, every one a voter of the metadata quorum, on fresh ports and data dirs, default
# settings (bench/lib/brokers.sh: Kafka's shipped server.properties and -Xmx1G -Xms1G; bin/tributary's own JVM
# defaults; no session-timeout tuning on either side: the defaults are what is measured). Then, on that cluster:
#
#   topics   repl-tput (PARTITIONS), repl-warm (PARTITIONS), repl-lat (1), repl-fo (1): replication factor 3,
#            min.insync.replicas=2, each with a leader and a full ISR before anything is timed;
#   warm-up  WARM_RECORDS produced as (a) into repl-warm (not counted);
#   (a)      throughput: Kafka's ProducerPerformance, RECORDS x RECORD_SIZE B into repl-tput, acks=all, idempotence,
#            linger.ms=5, batch.size=65536 (compare.sh's (b)); records/s, MB/s, and the three brokers' CPU;
#   (b)      end-to-end latency: BenchClient e2e-latency (compare.sh's (d)) with acks=all on repl-lat: one record of
#            E2E_SIZE B at a time, send -> acknowledged -> polled by a consumer; p50/p99 over E2E_RECORDS;
#   stable?  leaders and ISRs of every topic before the warm-up and after (b), and the brokers fenced so far (from
#            the controllers' logs): under the load of (a) and (b) no leader should move, no ISR shrink, no broker
#            be fenced (a false failover);
#   memory   peak resident set (VmHWM) of the three brokers, summed;
#   (c)      failover: ReplicationBenchClient sends a RECORD_SIZE record every SEND_INTERVAL_MS (acks=all,
#            idempotence, kafka-clients' defaults otherwise) to repl-fo; after STEADY_S s of acknowledgements the
#            script SIGKILLs the node leading repl-fo, the client sends on for AFTER_KILL_S s, then reports the
#            longest gap between consecutive acknowledgements and any failed send. From the survivors' logs: when
#            the controller fenced the dead node and whether the active controller had to move too.
#
# Prints the medians with ratios Tributary / Kafka, issue 15's targets (throughput >= 1.3x, e2e p99 <= 0.5x,
# unavailability <= 0.5x, no false failovers), and every round's figures. Everything goes to
# bench/target/runs/repl-<date-time>/ (report.txt; raw.txt, one key=value line per round, broker and workload;
# round<N>-<broker>/node<i>/ with each node's log, and each tool's log in round<N>-<broker>/).
#
# Settings (environment):
#   ROUNDS=3            rounds; each runs both clusters once
#   QUICK=0             1: small sizes (RECORDS=50000, WARM_RECORDS=20000, E2E_RECORDS=300, AFTER_KILL_S=25)
#   RECORDS=1000000     (a)'s records
#   RECORD_SIZE=1024    bytes per record value in (a), the warm-up and (c)
#   PARTITIONS=6        partitions of repl-tput
#   E2E_RECORDS=5000    (b)'s timed records (after E2E_WARMUP=500 not counted); E2E_SIZE=1024 bytes each
#   WARMUP=1            0: no warm-up; WARM_RECORDS=200000 its records
#   SEND_INTERVAL_MS=5  (c): one send every this many ms
#   STEADY_S=5          (c): seconds of acknowledgements before the kill
#   AFTER_KILL_S=40     (c): seconds of sending after the kill
#   TRIBUTARY_INFO_LOG=1  0: leave Tributary's log at its default level (WARN), which hides the controller's
#                       fencing and election lines (Kafka logs at INFO, its default)
#   SKIP_BUILD=0        1: do not run Maven on Tributary first
#   SNAPSHOT=1          0: run Tributary from broker/target itself instead of a copy taken after the build
#   KEEP_DATA=0         1: keep the nodes' data dirs
#   BENCH_WORK=bench/target   where jars, compiled helpers and runs/ go
set -euo pipefail
export LC_ALL=C   # decimal points, sort order and awk number parsing must not depend on the user's locale

if [ "${1:-}" = -h ] || [ "${1:-}" = --help ]; then
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"
  exit 0
fi
[ $# = 0 ] || { echo "usage: $0   (settings through the environment; --help lists them)" >&2; exit 2; }

ROUNDS=${ROUNDS:-3}
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  RECORDS=${RECORDS:-50000} WARM_RECORDS=${WARM_RECORDS:-20000} E2E_RECORDS=${E2E_RECORDS:-300}
  E2E_WARMUP=${E2E_WARMUP:-50} AFTER_KILL_S=${AFTER_KILL_S:-25}
fi
RECORDS=${RECORDS:-1000000}
RECORD_SIZE=${RECORD_SIZE:-1024}
PARTITIONS=${PARTITIONS:-6}
E2E_RECORDS=${E2E_RECORDS:-5000}
E2E_WARMUP=${E2E_WARMUP:-500}
E2E_SIZE=${E2E_SIZE:-1024}
WARMUP=${WARMUP:-1}
WARM_RECORDS=${WARM_RECORDS:-200000}
SEND_INTERVAL_MS=${SEND_INTERVAL_MS:-5}
STEADY_S=${STEADY_S:-5}
AFTER_KILL_S=${AFTER_KILL_S:-40}
TRIBUTARY_INFO_LOG=${TRIBUTARY_INFO_LOG:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
SNAPSHOT=${SNAPSHOT:-1}
KEEP_DATA=${KEEP_DATA:-0}
for v in ROUNDS RECORDS RECORD_SIZE PARTITIONS E2E_RECORDS E2E_SIZE WARM_RECORDS SEND_INTERVAL_MS STEADY_S AFTER_KILL_S; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive number (got '${!v}')" >&2; exit 2; }
done
[[ "$E2E_WARMUP" =~ ^[0-9]+$ ]] || { echo "E2E_WARMUP must be a number (got '$E2E_WARMUP')" >&2; exit 2; }

NODES=3 REPLICATION_FACTOR=3 MIN_ISR=2   # the shape issue 15 asks for

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/repl-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt          # one line per (round, broker, workload): the data behind the table
REPORT=$RUN_DIR/report.txt    # the table as printed

# Kafka and Tributary nodes and clusters, tools, /proc sampling, result lines, the table, the run's steps (main):
# shared with compare.sh.
source "$BENCH/lib/brokers.sh"

PRODUCER_PROPS=(acks=all enable.idempotence=true linger.ms=5 batch.size=65536)
TOPICS=(repl-tput repl-warm repl-lat repl-fo)

# Tributary's controller logs through slf4j-simple, at WARN by default; at INFO it says when it became the active
# controller and when it fenced a broker whose session expired. Its broker logs through java.util.logging, by default
# in two lines with a timestamp in whole seconds; here in one line with milliseconds, as slf4j's (time of day):
# "HH:MM:SS.mmm LEVEL logger - message". Passed through JAVA_TOOL_OPTIONS, which keeps bin/tributary's JVM defaults.
TRIBUTARY_LOG_OPTS='-Dorg.slf4j.simpleLogger.log.io.tributary=info -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS'
TRIBUTARY_LOG_OPTS+=' -Djava.util.logging.SimpleFormatter.format="%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n"'

machine_info() {
  machine_info_common
  echo "build:     ${SNAPSHOT_INFO:-broker/target of the checkout}"
  echo "clusters:  $NODES combined broker+controller nodes each, all quorum voters; topics replication factor $REPLICATION_FACTOR, min.insync.replicas=$MIN_ISR; default broker settings (Tributary logging io.tributary at INFO: $TRIBUTARY_INFO_LOG)"
  echo "settings:  ROUNDS=$ROUNDS RECORDS=$RECORDS RECORD_SIZE=$RECORD_SIZE PARTITIONS=$PARTITIONS E2E_RECORDS=$E2E_RECORDS E2E_WARMUP=$E2E_WARMUP E2E_SIZE=$E2E_SIZE WARMUP=$WARMUP WARM_RECORDS=$WARM_RECORDS SEND_INTERVAL_MS=$SEND_INTERVAL_MS STEADY_S=$STEADY_S AFTER_KILL_S=$AFTER_KILL_S"
  echo "producer:  (a) ProducerPerformance ${PRODUCER_PROPS[*]}; (b) BenchClient e2e-latency acks=all; (c) ReplicationBenchClient acks=all enable.idempotence=true, defaults otherwise"
}

# ------------------------------------------------------------------------------------------------ helpers

need_cluster() { # workload: every node still runs
  [ "$(cluster_alive)" = "$NODES" ] || { failed "$1" "$BROKER_LOG" "only-$(cluster_alive)-of-$NODES-nodes-running"; return 1; }
}

cpu_s() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}'; }
seconds_since() { awk -v us=$(( $(now_us) - $1 )) 'BEGIN {printf "%.2f", us/1e6}'; }

# Epoch milliseconds of a broker log line's timestamp: Kafka's "[YYYY-MM-DD HH:MM:SS,mmm] ..." (log4j2-kafka.properties)
# or Tributary's "HH:MM:SS.mmm ..." (TRIBUTARY_LOG_OPTS: time of day only, so the date is taken as the one that puts
# it nearest to $2, the kill time).
log_line_ms() { # line reference-epoch-ms
  local line=$1 ref=$2 day t ms s
  if [[ "$line" =~ ^\[([0-9-]+)\ ([0-9:]+),([0-9]+)\] ]]; then
    s=$(date -d "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}" +%s) ms=${BASH_REMATCH[3]}
    echo $(( s * 1000 + 10#$ms ))
  elif [[ "$line" =~ ^([0-9]{2}:[0-9]{2}:[0-9]{2})\.([0-9]{3}) ]]; then
    t=${BASH_REMATCH[1]} ms=${BASH_REMATCH[2]}
    day=$(date -d "@$(( ref / 1000 ))" +%F)
    s=$(( $(date -d "$day $t" +%s) * 1000 + 10#$ms ))
    if (( s - ref > 43200000 )); then s=$(( s - 86400000 )); elif (( ref - s > 43200000 )); then s=$(( s + 86400000 )); fi
    echo "$s"
  else
    echo ""
  fi
}

# The controller's lines in the nodes' logs: fencing a broker, and becoming the active controller. Kafka: "Fencing
# broker 2 at epoch 7 because its session has timed out.", "Becoming the active controller at epoch 3, ...";
# Tributary: "node 1: fencing brokers [2] whose sessions expired" (session timeout), "broker 2 refuses connections on
# HOST:PORT (its process is gone): fencing it now rather than after its session timeout" (its liveness probe,
# broker.GoneBrokerDetector), "node 1: active controller for term 3 ...". Only the active controller logs these.
FENCE_RE='Fencing broker [0-9]+ at epoch|fencing brokers \[[0-9, ]+\] whose sessions expired|broker [0-9]+ refuses connections on .*fencing it now'
ACTIVE_RE='Becoming the active controller at epoch|: active controller for term'

# Every node's log lines matching a regex, as "EPOCH_MS NODE LINE", oldest first.
timed_lines() { # regex reference-epoch-ms
  local i l t
  for i in "${!NODE_LOG[@]}"; do
    while IFS= read -r l; do
      t=$(log_line_ms "$l" "$2")
      if [ -n "$t" ]; then echo "$t $i $l"; fi
    done < <(grep -E "$1" "${NODE_LOG[i]}" 2>/dev/null || true)
  done | sort -s -n -k1,1
}

fenced_ids() { # log lines on stdin -> the broker ids they fence, space-separated
  sed -nE 's/.*Fencing broker ([0-9]+) at epoch.*/\1/p; s/.*fencing brokers \[([0-9, ]+)\].*/\1/p
            s/.*broker ([0-9]+) refuses connections on .*fencing it now.*/\1/p' \
    | tr ',' ' ' | xargs echo
}

# ------------------------------------------------------------------------------------------------ workloads

create_topics() {
  tool ReplicationBenchClient create-topics "$BOOTSTRAP" "$REPLICATION_FACTOR" "$MIN_ISR" "repl-tput:$PARTITIONS" \
      "repl-warm:$PARTITIONS" repl-lat:1 repl-fo:1 >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

describe() { # output-file
  tool ReplicationBenchClient describe "$BOOTSTRAP" "${TOPICS[@]}" >"$1" 2>"$1.err" || true
}

warm_up() {
  [ "$WARMUP" = 1 ] || return 0
  log "$KIND: warm-up, $WARM_RECORDS x $RECORD_SIZE B, acks=all"
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic repl-warm \
      --num-records "$WARM_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
      --command-property "${PRODUCER_PROPS[@]}" >"$RDIR/warmup-produce.log" 2>&1 \
    || log "warning: warm-up produce failed, see $RDIR/warmup-produce.log"
}

# (a) Kafka's ProducerPerformance, with the three brokers' CPU ticks summed right before and after.
throughput() {
  local wl=a_produce out=$RDIR/a_produce.log ticks0 ticks1 start rc=0 summary
  need_cluster "$wl" || return 0
  ticks0=$(cluster_sum cpu_ticks); start=$(now_us)
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic repl-tput \
      --num-records "$RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
      --command-property "${PRODUCER_PROPS[@]}" >"$out" 2>&1 || rc=$?
  need_cluster "$wl" || return 0
  ticks1=$(cluster_sum cpu_ticks)
  summary=$(producer_perf_summary "$out")
  if [ -z "$summary" ]; then failed "$wl" "$out" "no-summary(rc=$rc)"; return; fi
  if [ "${summary%% *}" != "sent=$RECORDS" ]; then failed "$wl" "$out" "only-${summary%% *}-of-$RECORDS(rc=$rc)"; return; fi
  raw "workload=$wl status=ok records=$RECORDS bytes=$((RECORDS * RECORD_SIZE)) ${summary#* }" \
      "cpu_s=$(cpu_s $((ticks1 - ticks0)))" \
      "cpu_s_per_gb=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" -v b=$((RECORDS * RECORD_SIZE)) 'BEGIN {printf "%.2f", t/hz/(b/1e9)}')" \
      "wall_s=$(seconds_since "$start") rss_kb=$(cluster_sum status_kb VmRSS) load1=$(load1)"
  log "$KIND: (a) $(grep -o 'records_per_s=[^ ]*\|mb_per_s=[^ ]*' <<< "$summary" | tr '\n' ' ')"
}

# (b) BenchClient e2e-latency with acks=all: one record at a time, send -> acknowledged -> polled.
latency() {
  local wl=b_e2e_latency out=$RDIR/b_e2e_latency.log rc=0 line
  need_cluster "$wl" || return 0
  tool BenchClient e2e-latency "$BOOTSTRAP" repl-lat "$E2E_RECORDS" "$E2E_WARMUP" "$E2E_SIZE" all >"$out" 2>&1 || rc=$?
  need_cluster "$wl" || return 0
  line=$(grep '^E2E ' "$out" || true)
  if [ -z "$line" ]; then failed "$wl" "$out" "no-result(rc=$rc)"; return; fi
  raw "workload=$wl status=ok ${line#E2E } load1=$(load1)"
  log "$KIND: (b) $(grep -o 'p50_us=[^ ]*\|p99_us=[^ ]*' <<< "$line" | tr '\n' ' ')"
}

# Leaders and ISRs now against those of the snapshot taken before the warm-up, and the brokers fenced so far: with
# nothing killed yet, any of them is a false failover (or a follower that fell out of the ISR under load).
stability() { # snapshot-before
  local wl=stability after=$RDIR/leaders-after-b.txt changes shrunk fences i
  describe "$after"
  if [ ! -s "$1" ] || [ ! -s "$after" ]; then failed "$wl" "$after.err" no-describe; return; fi
  changes=$(join <(awk '{print $1, $2}' "$1") <(awk '{print $1, $2}' "$after") | awk '$2 != $3' | wc -l)
  shrunk=$(awk -v rf="$REPLICATION_FACTOR" '{ split($3, a, "="); n = split(a[2], ids, ","); if (a[2] == "none" || n < rf) c++ }
      END { print c + 0 }' "$after")
  fences=$(for i in "${!NODE_LOG[@]}"; do grep -hE "$FENCE_RE" "${NODE_LOG[i]}" 2>/dev/null || true; done | fenced_ids)
  raw "workload=$wl status=ok leader_changes=$changes isr_shrunk=$shrunk fenced=$(tr ' ' ',' <<< "${fences:-none}")" \
      "fenced_count=$(wc -w <<< "$fences")"
  if [ "$changes$shrunk" != 00 ] || [ -n "$fences" ]; then
    log "$KIND: FALSE FAILOVER? $changes leader(s) moved, $shrunk ISR(s) short, fenced: ${fences:-none} (see $1, $after)"
  fi
}

# (c) The failover client in the background; when it names the leader, SIGKILL that node. Then the client's result,
# and from the nodes' logs: which node was the active controller, whether a survivor took that over, and when the
# controller fenced the dead node.
failover() {
  local wl=c_failover out=$RDIR/c_failover.log rc=0 line leader pid kill_ms deadline t node rest
  local controller_before=? new_controller=none to_controller=n/a to_fence=n/a fenced_after="" gap_start gap_end
  need_cluster "$wl" || return 0
  timeout -k 10 "$TOOL_TIMEOUT" java "${TOOL_JVM[@]}" -cp "$TOOLS_LIB/*:$CLASSES" ReplicationBenchClient failover \
      "$BOOTSTRAP" repl-fo "$RECORD_SIZE" "$SEND_INTERVAL_MS" $((STEADY_S * 1000)) $((AFTER_KILL_S * 1000)) >"$out" 2>&1 &
  CHILD_PID=$!
  deadline=$(( $(now_us) + 120000000 ))
  until line=$(grep -m1 '^LEADER ' "$out" 2>/dev/null); do
    if ! alive "$CHILD_PID" || [ "$(now_us)" -gt "$deadline" ]; then
      kill -TERM "$CHILD_PID" 2>/dev/null || true; wait "$CHILD_PID" 2>/dev/null || true; CHILD_PID=""
      failed "$wl" "$out" no-steady-acks; return
    fi
    nap 0.02
  done
  leader=$(sed -nE 's/.*id=([0-9]+).*/\1/p' <<< "$line")
  if [ -z "$leader" ] || [ -z "${NODE_PIDS[leader]:-}" ]; then
    wait "$CHILD_PID" 2>/dev/null || true; CHILD_PID=""
    failed "$wl" "$out" "leader-unknown($line)"; return
  fi
  pid=${NODE_PIDS[leader]}
  kill -KILL "$pid"
  kill_ms=$(( $(now_us) / 1000 ))
  wait "$pid" 2>/dev/null || true
  unset "NODE_PIDS[leader]"   # reaped: its PID may be reused by an unrelated process, which stop_cluster must not signal
  log "$KIND: (c) SIGKILLed node $leader (PID $pid), the leader of repl-fo; the client sends on for $AFTER_KILL_S s"
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  line=$(grep '^FAILOVER ' "$out" || true)
  if [ -z "$line" ]; then failed "$wl" "$out" "no-result(rc=$rc)"; return; fi
  while read -r t node rest; do
    if (( t < kill_ms )); then
      controller_before=$node
    elif [ "$new_controller" = none ]; then
      new_controller=$node to_controller=$(( t - kill_ms ))
    fi
  done < <(timed_lines "$ACTIVE_RE" "$kill_ms")
  while read -r t node rest; do
    if (( t < kill_ms )); then continue; fi
    fenced_after+="$(fenced_ids <<< "$rest") "
    if [ "$to_fence" = n/a ] && [[ " $(fenced_ids <<< "$rest") " == *" $leader "* ]]; then to_fence=$(( t - kill_ms )); fi
  done < <(timed_lines "$FENCE_RE" "$kill_ms")
  fenced_after=$(xargs echo <<< "$fenced_after")
  gap_start=$(sed -nE 's/.* gap_start_ms=([0-9]+).*/\1/p' <<< "$line")
  gap_end=$(sed -nE 's/.* gap_end_ms=([0-9]+).*/\1/p' <<< "$line")
  raw "workload=$wl status=ok ${line#FAILOVER } killed_node=$leader kill_ms=$kill_ms" \
      "kill_to_ack_ms=$(( gap_end - kill_ms )) last_ack_before_kill_ms=$(( kill_ms - gap_start ))" \
      "kill_to_fence_ms=$to_fence controller_before=$controller_before new_controller=$new_controller" \
      "controller_moved=$([ "$new_controller" = none ] && echo 0 || echo 1) kill_to_new_controller_ms=$to_controller" \
      "fenced_after_kill=$(tr ' ' ',' <<< "${fenced_after:-none}")"
  log "$KIND: (c) longest gap between acknowledgements $(sed -nE 's/.* max_gap_ms=([0-9.]+).*/\1/p' <<< "$line") ms" \
      "(kill -> next ack $(( gap_end - kill_ms )) ms, kill -> fenced $to_fence ms; active controller: node" \
      "$controller_before, after the kill: $new_controller); $(grep -o 'failed=[^ ]*' <<< "$line") sends failed"
}

# ------------------------------------------------------------------------------------------------ one cluster, one round

run_cluster() { # kind round
  KIND=$1 ROUND=$2 RDIR=$RUN_DIR/round$2-$1
  mkdir -p "$RDIR"
  CLUSTER_DATA=$RDIR/data
  pick_cluster_ports "$NODES"
  log "round $ROUND: $KIND cluster, $NODES nodes ($BOOTSTRAP)"
  if [ "$KIND" = tributary ] && [ "$TRIBUTARY_INFO_LOG" = 1 ]; then
    JAVA_TOOL_OPTIONS="$TRIBUTARY_LOG_OPTS" start_tributary_cluster "$RDIR" "$NODES"
  else
    "start_${KIND}_cluster" "$RDIR" "$NODES"
  fi
  if wait_cluster_started && create_topics; then
    describe "$RDIR/leaders-before.txt"
    warm_up
    log "$KIND: (a) $RECORDS x $RECORD_SIZE B, acks=all, $PARTITIONS partitions, replication factor $REPLICATION_FACTOR"
    throughput
    log "$KIND: (b) end-to-end latency, $E2E_RECORDS x $E2E_SIZE B, acks=all"
    latency
    stability "$RDIR/leaders-before.txt"
    if [ "$(cluster_alive)" = "$NODES" ]; then
      # The largest resident sets since start, summed over the nodes: start, warm-up, (a), (b).
      raw "workload=memory status=ok peak_rss_kb=$(cluster_sum status_kb VmHWM) rss_kb=$(cluster_sum status_kb VmRSS)"
    fi
    log "$KIND: (c) failover: a send every $SEND_INTERVAL_MS ms, SIGKILL of the leader after $STEADY_S s"
    failover
  fi
  stop_cluster
  sync   # the next cluster should not pay for writing back this one's dirty pages
}

# ------------------------------------------------------------------------------------------------ the table

total_of() { # broker workload key: the sum over the rounds
  values "$@" | awk '{ s += $1 } END { print s + 0 }'
}

target() { # label kafka tributary higher|lower threshold
  awk -v label="$1" -v k="$2" -v t="$3" -v better="$4" -v x="$5" 'BEGIN {
    if (k == "n/a" || t == "n/a" || k + 0 <= 0) { printf "  %-44s n/a\n", label; exit }
    r = t / k; ok = (better == "higher") ? r >= x : r <= x
    printf "  %-44s %.2fx  %s\n", label, r, ok ? "met" : "MISSED" }'
}

report() {
  local tk tt pk pt gk gt b
  echo "$MACHINE_INFO"
  echo "load:      $LOAD_AT_END (1/5/15 min, at the end)"
  echo
  table_head
  tk=$(median kafka a_produce records_per_s) tt=$(median tributary a_produce records_per_s)
  pk=$(median kafka b_e2e_latency p99_us) pt=$(median tributary b_e2e_latency p99_us)
  gk=$(median kafka c_failover max_gap_ms) gt=$(median tributary c_failover max_gap_ms)
  row "(a) produce ${RECORDS}x${RECORD_SIZE}B acks=all RF3 p$PARTITIONS, rec/s" "$tk" "$tt" higher 1 "%.0f"
  row "(a)   same, MB/s" "$(median kafka a_produce mb_per_s)" "$(median tributary a_produce mb_per_s)" higher 1 "%.1f"
  row "(a)   brokers' CPU (3 nodes) per GB, s/GB" \
      "$(median kafka a_produce cpu_s_per_gb)" "$(median tributary a_produce cpu_s_per_gb)" lower 1 "%.2f"
  row "(b) e2e latency acks=all RF3 p50, ms" \
      "$(median kafka b_e2e_latency p50_us)" "$(median tributary b_e2e_latency p50_us)" lower 0.001 "%.3f"
  row "(b) e2e latency acks=all RF3 p99, ms" "$pk" "$pt" lower 0.001 "%.3f"
  row "(c) leader SIGKILLed: longest ack gap, ms" "$gk" "$gt" lower 1 "%.0f"
  row "(c)   kill -> first ack after it, ms" \
      "$(median kafka c_failover kill_to_ack_ms)" "$(median tributary c_failover kill_to_ack_ms)" lower 1 "%.0f"
  row "(c)   kill -> controller fences it (logs), ms" \
      "$(median kafka c_failover kill_to_fence_ms)" "$(median tributary c_failover kill_to_fence_ms)" lower 1 "%.0f"
  row "brokers' peak RSS (VmHWM) summed, MiB" \
      "$(median kafka memory peak_rss_kb)" "$(median tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f"
  row "cluster start to all nodes 'started', ms" \
      "$(median kafka startup ready_ms)" "$(median tributary startup ready_ms)" lower 1 "%.0f"
  echo
  echo "Targets of issue 15:"
  target "(a) throughput >= 1.3x" "$tk" "$tt" higher 1.3
  target "(b) e2e p99 <= 0.5x" "$pk" "$pt" lower 0.5
  target "(c) unavailability after SIGKILL <= 0.5x" "$gk" "$gt" lower 0.5
  for b in kafka tributary; do
    printf "  %-44s leaders moved %s, ISRs short %s, brokers fenced %s (over %s round(s) with a check)\n" \
        "no false failovers under load, $b:" "$(total_of "$b" stability leader_changes)" \
        "$(total_of "$b" stability isr_shrunk)" "$(total_of "$b" stability fenced_count)" \
        "$(values "$b" stability leader_changes | wc -l)"
  done
  for b in kafka tributary; do
    printf "  %-44s %s failed, %s acknowledged (of %s sent)\n" "(c) sends, $b:" "$(total_of "$b" c_failover failed)" \
        "$(total_of "$b" c_failover acked)" "$(total_of "$b" c_failover sent)"
  done
  echo
  echo "Per round (kafka | tributary):"
  echo "  (a) rec/s:                  $(per_round kafka a_produce records_per_s) | $(per_round tributary a_produce records_per_s)"
  echo "  (a) brokers' CPU, s:        $(per_round kafka a_produce cpu_s %.1f) | $(per_round tributary a_produce cpu_s %.1f)"
  echo "  (a) load (1 min) after:     $(per_round kafka a_produce load1 %s) | $(per_round tributary a_produce load1 %s)"
  echo "  (b) p50 us:                 $(per_round kafka b_e2e_latency p50_us) | $(per_round tributary b_e2e_latency p50_us)"
  echo "  (b) p99 us:                 $(per_round kafka b_e2e_latency p99_us) | $(per_round tributary b_e2e_latency p99_us)"
  echo "  (c) longest gap ms:         $(per_round kafka c_failover max_gap_ms) | $(per_round tributary c_failover max_gap_ms)"
  echo "  (c) kill -> next ack ms:    $(per_round kafka c_failover kill_to_ack_ms) | $(per_round tributary c_failover kill_to_ack_ms)"
  echo "  (c) kill -> fenced ms:      $(per_round kafka c_failover kill_to_fence_ms) | $(per_round tributary c_failover kill_to_fence_ms)"
  echo "  (c) gaps over 1 s:          $(per_round kafka c_failover gaps_over_1s) | $(per_round tributary c_failover gaps_over_1s)"
  echo "  (c) longest send() block ms: $(per_round kafka c_failover max_send_block_ms) | $(per_round tributary c_failover max_send_block_ms)"
  echo "  (c) killed node:            $(per_round kafka c_failover killed_node) | $(per_round tributary c_failover killed_node)"
  echo "  (c) controller moved too:   $(per_round kafka c_failover controller_moved) | $(per_round tributary c_failover controller_moved)"
  echo "  (c) new leader:             $(per_round kafka c_failover leader_after %s) | $(per_round tributary c_failover leader_after %s)"
  echo "  (c) fenced after the kill:  $(per_round kafka c_failover fenced_after_kill %s) | $(per_round tributary c_failover fenced_after_kill %s)"
  echo "  peak RSS summed kB:         $(per_round kafka memory peak_rss_kb) | $(per_round tributary memory peak_rss_kb)"
  echo "  start ms:                   $(per_round kafka startup ready_ms) | $(per_round tributary startup ready_ms)"
  echo "  stop (SIGTERM, 2 nodes) ms: $(per_round kafka stop stop_ms) | $(per_round tributary stop stop_ms)"
  report_failures_and_paths "(node<i>/ per node)"
}

# ------------------------------------------------------------------------------------------------ main

main() {
  mkdir -p "$RUN_DIR"
  warn_if_busy
  prepare_run BenchClient ReplicationBenchClient
  snapshot_tributary
  write_raw_header
  run_alternating_rounds run_cluster
  print_report
}

main "$@"
