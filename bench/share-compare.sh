#!/usr/bin/env bash
# Share groups (KIP-932, issue 17 item 4): Tributary against Apache Kafka 4.4, side by side on this machine.
#
#   bench/share-compare.sh                     3 rounds, 1,000,000 records (roughly 10-15 minutes on 2 cores)
#   QUICK=1 ROUNDS=1 bench/share-compare.sh    small sizes: checks the script in about 2 minutes
#
# For each round, Kafka then Tributary (Tributary first in even rounds), each a fresh single-node broker on a fresh
# data dir and fresh ports, started and stopped as bench/compare.sh does (bench/lib/brokers.sh). Kafka 4.4 runs with
# share groups on: a 4.4 storage format finalizes share.version=2 by default (nothing to enable; the client prints the
# finalized level and the report shows it). Then, on each broker:
#
#   topics    bench-share and bench-share-warm, PARTITIONS (3) partitions, replication factor 1;
#   warm-up   WARM_RECORDS produced into bench-share-warm and consumed by a share group as in (a) (not counted);
#   produce   RECORDS x RECORD_SIZE B into bench-share with Kafka's ProducerPerformance (compare.sh's (a): acks=1,
#             linger.ms=5, batch.size=65536); not the benchmark, shown for reference;
#   (a)       share consume, implicit acknowledgement: CONSUMERS (3) KafkaShareConsumers of one fresh share group
#             (bench/ShareBenchClient.java, one thread each, kafka-clients 4.3.1), the group's
#             share.auto.offset.reset=earliest set first as a group config (Admin incrementalAlterConfigs on
#             ConfigResource.Type.GROUP; not timed), consume the RECORDS records. Timed from the first poll (the group
#             join included) until every record has been delivered and every member's final commitSync() has
#             returned; the client counts the acknowledgements the broker confirmed (distinct offsets) and fails
#             unless all RECORDS were acknowledged without error. records/s, MB/s, and without the join;
#   (b)       the same with explicit acknowledgement (EXPLICIT=1): acknowledge(record) for every record and
#             commitSync() after every poll, another fresh group;
#   (c)       cross-check (KAFKA_TOOL=1): Kafka's own ShareConsumerPerformance --threads CONSUMERS, another fresh group
#             (earliest as above). Its clock stops when the last record was *read*: it acknowledges the last polls
#             after stopping the clock, so it is not the target figure;
#   memory    the broker's peak resident set (VmHWM) after (c).
#
# The broker's CPU (utime+stime) is sampled around every consume. Prints medians, ratios Tributary / Kafka, issue
# 17's target (>= 1.5x on (a) records/s) and every round's figures. Everything goes to
# bench/target/runs/share-<date-time>/ (report.txt, raw.txt with one key=value line per round, broker and workload,
# round<N>-<broker>/ with the broker's and each tool's log).
#
# Settings (environment):
#   ROUNDS=3          rounds; each round runs both brokers once
#   QUICK=0           1: small sizes (RECORDS=50000, WARM_RECORDS=20000), to test the script
#   RECORDS=1000000   records produced and then share-consumed (by each of (a), (b), (c))
#   RECORD_SIZE=100   bytes per record value (no key), as compare.sh's (a) and (c)
#   PARTITIONS=3      partitions of the topics
#   CONSUMERS=3       members of each share group (one thread and one KafkaShareConsumer each)
#   WARMUP=1          0: no warm-up; WARM_RECORDS (default min(RECORDS, 500000)) its records
#   EXPLICIT=1        0: skip (b), explicit acknowledgement
#   KAFKA_TOOL=1      0: skip (c), Kafka's ShareConsumerPerformance
#   ONLY=             kafka or tributary: run one broker only (no ratios); for trying the script
#   SKIP_BUILD=0      1: do not run Maven on Tributary first (use broker/target as it is)
#   SNAPSHOT=1        0: run Tributary from broker/target itself instead of a copy taken after the build
#   KEEP_DATA=0       1: keep each broker's data dir after it stops
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
  RECORDS=${RECORDS:-50000} WARM_RECORDS=${WARM_RECORDS:-20000}
fi
RECORDS=${RECORDS:-1000000}
RECORD_SIZE=${RECORD_SIZE:-100}
PARTITIONS=${PARTITIONS:-3}
CONSUMERS=${CONSUMERS:-3}
WARMUP=${WARMUP:-1}
WARM_RECORDS=${WARM_RECORDS:-$(( RECORDS < 500000 ? RECORDS : 500000 ))}
EXPLICIT=${EXPLICIT:-1}
KAFKA_TOOL=${KAFKA_TOOL:-1}
ONLY=${ONLY:-}
SKIP_BUILD=${SKIP_BUILD:-0}
SNAPSHOT=${SNAPSHOT:-1}
KEEP_DATA=${KEEP_DATA:-0}
for v in ROUNDS RECORDS RECORD_SIZE PARTITIONS CONSUMERS WARM_RECORDS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive number (got '${!v}')" >&2; exit 2; }
done
case "$ONLY" in ""|kafka|tributary) ;; *) echo "ONLY must be kafka or tributary (got '$ONLY')" >&2; exit 2 ;; esac

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/share-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt          # one line per (round, broker, workload): the data behind the table
REPORT=$RUN_DIR/report.txt    # the table as printed

# Kafka and Tributary start-up and teardown, tools, /proc sampling, result lines, the table, the run's steps: shared
# with compare.sh, txn-compare.sh and replication-compare.sh.
source "$BENCH/lib/brokers.sh"

# Producer settings of the (untimed) fill: compare.sh's (a).
PRODUCER_PROPS=(acks=1 linger.ms=5 batch.size=65536)
# Kafka's ShareConsumerPerformance stops its consumer threads (and fails) once the whole consume has lasted longer
# than --timeout + 100 ms (it awaits its thread pool that long), so its timeout must exceed the longest consume.
SHARE_TOOL_TIMEOUT_MS=300000

# ------------------------------------------------------------------------------------------------ preparation

machine_info() {
  machine_info_common
  echo "build:     ${SNAPSHOT_INFO:-broker/target of the checkout}"
  echo "settings:  ROUNDS=$ROUNDS QUICK=$QUICK RECORDS=$RECORDS RECORD_SIZE=$RECORD_SIZE PARTITIONS=$PARTITIONS CONSUMERS=$CONSUMERS WARMUP=$WARMUP WARM_RECORDS=$WARM_RECORDS EXPLICIT=$EXPLICIT KAFKA_TOOL=$KAFKA_TOOL${ONLY:+ ONLY=$ONLY}"
  echo "producer:  ProducerPerformance, ${PRODUCER_PROPS[*]} (not timed)"
  echo "consumers: ShareBenchClient, $CONSUMERS KafkaShareConsumer threads, one share group per workload, share.auto.offset.reset=earliest (group config)"
}

# ------------------------------------------------------------------------------------------------ workloads

create_topics() {
  tool BenchClient create-topics "$BOOTSTRAP" "bench-share:$PARTITIONS" "bench-share-warm:$PARTITIONS" \
      >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

# ProducerPerformance into a topic, as compare.sh's (a); recorded, not part of the target.
fill() { # workload topic records
  local wl=$1 out=$RDIR/$1.log ticks0 ticks1 rc=0 summary
  need_broker "$wl" || return 1
  ticks0=$(cpu_ticks "$BROKER_PID")
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$2" \
      --num-records "$3" --record-size "$RECORD_SIZE" --throughput -1 --command-property "${PRODUCER_PROPS[@]}" \
      >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return 1; }
  ticks1=$(cpu_ticks "$BROKER_PID")
  summary=$(producer_perf_summary "$out")
  if [ -z "$summary" ]; then failed "$wl" "$out" "no-summary(rc=$rc)"; return 1; fi
  if [ "${summary%% *}" != "sent=$3" ]; then failed "$wl" "$out" "only-${summary%% *}-of-$3(rc=$rc)"; return 1; fi
  raw "workload=$wl status=ok records=$3 bytes=$(( $3 * RECORD_SIZE )) ${summary#* }" \
      "cpu_s=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
}

cpu_s_since() { # ticks0
  awk -v t=$(( $(cpu_ticks "$BROKER_PID") - $1 )) -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}'
}

# ShareBenchClient consume: CONSUMERS members of a fresh share group read the topic's RECORDS records. The broker's
# CPU ticks are sampled right before and after the tool's JVM (its start, the group config and the join included, for
# both brokers alike).
share_consume() { # workload topic records group implicit|explicit
  local wl=$1 out=$RDIR/$1.log ticks0 start rc=0 line
  need_broker "$wl" || return 0
  ticks0=$(cpu_ticks "$BROKER_PID"); start=$(now_us)
  tool ShareBenchClient consume "$BOOTSTRAP" "$2" "$3" "$4" "$CONSUMERS" "$5" >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  line=$(grep '^SHARE ' "$out" || true)
  if [ -z "$line" ]; then failed "$wl" "$out" "no-result(rc=$rc)"; return; fi
  raw "workload=$wl status=ok ${line#SHARE }" "cpu_s=$(cpu_s_since "$ticks0")" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS) load1=$(load1)"
}

# Kafka's ShareConsumerPerformance --threads CONSUMERS, after setting the group's share.auto.offset.reset=earliest
# with ShareBenchClient group-config (the tool has no option for it). Its summary line: start.time, end.time,
# data.consumed.in.MB, MB.sec, nMsg.sec, data.consumed.in.nMsg, fetch.time.ms (an order of its own).
share_tool() { # workload topic records group
  local wl=$1 out=$RDIR/$1.log ticks0 start rc=0 summary
  need_broker "$wl" || return 0
  tool ShareBenchClient group-config "$BOOTSTRAP" "$4" share.auto.offset.reset=earliest >"$RDIR/$1-config.log" 2>&1 \
    || { failed "$wl" "$RDIR/$1-config.log" group-config-failed; return; }
  ticks0=$(cpu_ticks "$BROKER_PID"); start=$(now_us)
  tool org.apache.kafka.tools.ShareConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$2" \
      --num-records "$3" --group "$4" --threads "$CONSUMERS" --timeout "$SHARE_TOOL_TIMEOUT_MS" >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  if grep -q '^WARNING: Exiting before consuming' "$out"; then failed "$wl" "$out" "timeout(rc=$rc)"; return; fi
  summary=$(awk '/^start.time/ {header=1; next}
      header && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {line=$0; header=0} END {
      if (line == "") exit; split(line, f, /, */);
      printf "got=%s records_per_s=%s mb_per_s=%s elapsed_ms=%s", f[6], f[5], f[4], f[7] }' "$out")
  if [ -z "$summary" ]; then failed "$wl" "$out" "no-summary(rc=$rc)"; return; fi
  local got=${summary%% *}
  got=${got#got=}
  if [ "$got" -lt "$3" ]; then failed "$wl" "$out" "only-$got-of-$3(rc=$rc)"; return; fi
  raw "workload=$wl status=ok records=$3 ${summary}" "cpu_s=$(cpu_s_since "$ticks0")" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS) load1=$(load1)"
}

warm_up() {
  [ "$WARMUP" = 1 ] || return 0
  log "$KIND: warm-up, $WARM_RECORDS x $RECORD_SIZE B produced, then share-consumed by $CONSUMERS members"
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic bench-share-warm \
      --num-records "$WARM_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
      --command-property "${PRODUCER_PROPS[@]}" >"$RDIR/warmup-produce.log" 2>&1 \
    || log "warning: warm-up produce failed, see $RDIR/warmup-produce.log"
  tool ShareBenchClient consume "$BOOTSTRAP" bench-share-warm "$WARM_RECORDS" bench-share-warm "$CONSUMERS" implicit \
      >"$RDIR/warmup-consume.log" 2>&1 || log "warning: warm-up share consume failed, see $RDIR/warmup-consume.log"
}

last_result() { # workload: the headline fields of its raw line in this round, for the progress log
  awk -v r="$ROUND" -v b="$KIND" -v w="$1" '$1 == "round=" r && $2 == "broker=" b && $3 == "workload=" w' "$RAW" \
    | tail -1 | grep -o 'records_per_s=[^ ]*\|first_record_ms=[^ ]*\|redeliveries=[^ ]*\|cpu_s=[^ ]*\|status=FAILED' \
    | tr '\n' ' '
}

# Fresh ports and data dir -> start -> topics -> warm-up -> fill -> (a) (b) (c) -> peak RSS -> stop, delete data.
run_broker() { # kind round
  KIND=$1 ROUND=$2 RDIR=$RUN_DIR/round$2-$1
  if [ -n "$ONLY" ] && [ "$ONLY" != "$KIND" ]; then return; fi
  mkdir -p "$RDIR"
  BROKER_DATA=$RDIR/data
  pick_ports
  BOOTSTRAP=127.0.0.1:$PORT
  log "round $ROUND: $KIND"
  "start_$KIND" "$RDIR"
  if wait_started && create_topics; then
    warm_up
    log "$KIND: produce $RECORDS x $RECORD_SIZE B into $PARTITIONS partitions (not timed)"
    if fill produce bench-share "$RECORDS"; then
      log "$KIND: (a) $CONSUMERS share consumers, implicit acknowledgement"
      share_consume a_share_implicit bench-share "$RECORDS" "bench-share-a-$ROUND" implicit
      log "$KIND: (a) $(last_result a_share_implicit)"
      if [ "$EXPLICIT" = 1 ]; then
        log "$KIND: (b) $CONSUMERS share consumers, explicit acknowledgement, commitSync after every poll"
        share_consume b_share_explicit bench-share "$RECORDS" "bench-share-b-$ROUND" explicit
        log "$KIND: (b) $(last_result b_share_explicit)"
      fi
      if [ "$KAFKA_TOOL" = 1 ]; then
        log "$KIND: (c) Kafka's ShareConsumerPerformance --threads $CONSUMERS"
        share_tool c_share_perf_tool bench-share "$RECORDS" "bench-share-c-$ROUND"
        log "$KIND: (c) $(last_result c_share_perf_tool)"
      fi
    fi
    if alive "$BROKER_PID"; then
      raw "workload=memory status=ok peak_rss_kb=$(status_kb "$BROKER_PID" VmHWM) rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
    fi
  fi
  stop_broker
  sync   # the next broker should not pay for writing back this one's dirty pages
}

# ------------------------------------------------------------------------------------------------ the table

# Broker CPU seconds per million records consumed, per round, then the median.
cpu_per_m() { # broker workload
  awk -v b="$1" -v w="$2" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["broker"] == b && v["status"] == "ok" && v["workload"] == w { printf "%.3f\n", v["cpu_s"] / (v["records"] / 1e6) }' "$RAW" \
  | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

target() { # label kafka tributary
  awk -v label="$1" -v k="$2" -v t="$3" 'BEGIN {
    if (k == "n/a" || t == "n/a" || k + 0 <= 0) { printf "  %-44s n/a\n", label; exit }
    r = t / k; printf "  %-44s %.2fx  %s\n", label, r, (r >= 1.5) ? "met" : "MISSED" }'
}

consume_rows() { # workload label
  row "$2, rec/s" "$(median kafka "$1" records_per_s)" "$(median tributary "$1" records_per_s)" higher 1 "%.0f"
  row "  same, MB/s" "$(median kafka "$1" mb_per_s)" "$(median tributary "$1" mb_per_s)" higher 1 "%.1f"
  if [ "$1" != c_share_perf_tool ]; then
    row "  without the join (first record on), rec/s" \
        "$(median kafka "$1" fetch_records_per_s)" "$(median tributary "$1" fetch_records_per_s)" higher 1 "%.0f"
    row "  join: start to first record, ms" \
        "$(median kafka "$1" first_record_ms)" "$(median tributary "$1" first_record_ms)" lower 1 "%.0f"
  fi
  row "  broker CPU, s" "$(median kafka "$1" cpu_s)" "$(median tributary "$1" cpu_s)" lower 1 "%.2f"
  row "  broker CPU per million records, s" "$(cpu_per_m kafka "$1")" "$(cpu_per_m tributary "$1")" lower 1 "%.2f"
}

report() {
  local ak at
  echo "$MACHINE_INFO"
  echo "load:      $LOAD_AT_END (1/5/15 min, at the end)"
  echo
  table_head
  ak=$(median kafka a_share_implicit records_per_s) at=$(median tributary a_share_implicit records_per_s)
  consume_rows a_share_implicit "(a) share consume ${RECORDS}x${RECORD_SIZE}B, $CONSUMERS members, implicit ack"
  if [ "$EXPLICIT" = 1 ]; then
    consume_rows b_share_explicit "(b) same, explicit ack + commitSync per poll"
  fi
  if [ "$KAFKA_TOOL" = 1 ]; then
    consume_rows c_share_perf_tool "(c) Kafka's ShareConsumerPerformance --threads $CONSUMERS"
  fi
  row "produce (fill, not timed for the target), rec/s" \
      "$(median kafka produce records_per_s)" "$(median tributary produce records_per_s)" higher 1 "%.0f"
  row "broker peak RSS (VmHWM), start..(c), MiB" \
      "$(median kafka memory peak_rss_kb)" "$(median tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f"
  row "start to 'started' logged, ms" \
      "$(median kafka startup ready_ms)" "$(median tributary startup ready_ms)" lower 1 "%.0f"
  echo
  echo "Target of issue 17, item 4 (share-consumer throughput with $CONSUMERS members >= 1.5x Kafka):"
  target "(a) share consume, implicit ack, rec/s" "$ak" "$at"
  target "(a) the same without the join" \
      "$(median kafka a_share_implicit fetch_records_per_s)" "$(median tributary a_share_implicit fetch_records_per_s)"
  echo "  (the whole run includes the group join: Kafka assigns a new share group's partitions only at the members'"
  echo "  second heartbeat, group.share.heartbeat.interval.ms = 5000 ms later, so the second line is the data path's)"
  echo
  echo "share.version finalized (per round): kafka $(per_round kafka a_share_implicit share_version %s) | tributary $(per_round tributary a_share_implicit share_version %s)"
  echo "Per round (kafka | tributary):"
  echo "  (a) implicit rec/s:        $(per_round kafka a_share_implicit records_per_s) | $(per_round tributary a_share_implicit records_per_s)"
  echo "  (a) records per member:    $(per_round kafka a_share_implicit per_consumer %s) | $(per_round tributary a_share_implicit per_consumer %s)"
  echo "  (a) redeliveries:          $(per_round kafka a_share_implicit redeliveries) | $(per_round tributary a_share_implicit redeliveries)"
  echo "  (a) polls (empty):         $(per_round kafka a_share_implicit polls) ($(per_round kafka a_share_implicit empty_polls)) | $(per_round tributary a_share_implicit polls) ($(per_round tributary a_share_implicit empty_polls))"
  if [ "$EXPLICIT" = 1 ]; then
    echo "  (b) explicit rec/s:        $(per_round kafka b_share_explicit records_per_s) | $(per_round tributary b_share_explicit records_per_s)"
    echo "  (b) polls:                 $(per_round kafka b_share_explicit polls) | $(per_round tributary b_share_explicit polls)"
  fi
  if [ "$KAFKA_TOOL" = 1 ]; then
    echo "  (c) tool rec/s:            $(per_round kafka c_share_perf_tool records_per_s) | $(per_round tributary c_share_perf_tool records_per_s)"
  fi
  echo "  produce rec/s:             $(per_round kafka produce records_per_s) | $(per_round tributary produce records_per_s)"
  echo "  peak RSS kB:               $(per_round kafka memory peak_rss_kb) | $(per_round tributary memory peak_rss_kb)"
  echo "  load (1 min) after (a):    $(per_round kafka a_share_implicit load1 %s) | $(per_round tributary a_share_implicit load1 %s)"
  report_failures_and_paths
}

# ------------------------------------------------------------------------------------------------ main

main() {
  mkdir -p "$RUN_DIR"
  warn_if_busy
  if [ "$ONLY" = kafka ]; then SKIP_BUILD=1 SNAPSHOT=0; fi   # no Tributary runs: neither build nor copy it
  prepare_run BenchClient ShareBenchClient
  snapshot_tributary
  write_raw_header
  run_alternating_rounds run_broker
  print_report
}

main "$@"
