#!/usr/bin/env bash
# Transactions (issue 14): Tributary against Apache Kafka 4.4, side by side on this machine.
#
#   bench/txn-compare.sh [--records N] [--rounds R]    defaults: 2,000,000 records, 3 rounds (~5 minutes on 2 cores)
#
# For each round, Kafka then Tributary (Tributary first in even rounds), each a fresh single-node broker on a fresh
# data dir and fresh ports, started and stopped as bench/compare.sh does (bench/lib/brokers.sh), then:
#
#   warm-up  WARM_RECORDS (default min(N, 1,000,000)) produced as below to another topic and read back read_committed,
#            so that neither JVM is timed while its transaction paths are still interpreted (results not counted);
#   produce  N records of 100 B into a 6-partition topic by ONE transactional producer (bench/TxnBenchClient.java,
#            kafka-clients 4.3.1, acks=all, linger.ms=5, batch.size=65536 as compare.sh's (b)), committing every
#            1,000 records: beginTransaction, 1,000 sends (record i -> partition i % 6, so every transaction writes
#            every partition), flush, commitTransaction. Kafka's ProducerPerformance commits on a timer
#            (--transaction-duration-ms), not every N records, hence the small client. Reports records/s, MB/s,
#            transactions/s and how each transaction's time splits into send / flush (Produce acknowledged) /
#            commit (EndTxn answered), with the commit's p50/p99; the broker's CPU (utime+stime) during it;
#   consume  Kafka's ConsumerPerformance, isolation.level=read_committed, fresh classic group, reads the N records
#            from the beginning (nMsg.sec, and fetch.nMsg.sec without the group join); the broker's CPU during it;
#   memory   the broker's peak resident set (VmHWM) after the consume.
#
# Prints medians, ratios Tributary / Kafka and issue 14's target (>= 1.5x throughput), and the per-round figures.
# Everything goes to bench/target/runs/txn-<date-time>/ (report.txt, raw.txt with one key=value line per round,
# broker and workload, and round<N>-<broker>/ with the broker's and each tool's log).
#
# Settings (environment):
#   PER_TXN=1000      records per transaction
#   PARTITIONS=6      partitions of the topic (records spread round-robin over all of them)
#   RECORD_SIZE=100   bytes per record value (no key)
#   WARMUP=1          0: no warm-up before the timed workloads
#   WARM_RECORDS      records of the warm-up (default min(N, 1000000))
#   PERF=0            1: afterwards, one more Tributary with the produce under Linux perf (not in the medians)
#   SKIP_BUILD=0      1: do not run Maven on Tributary first (use broker/target as it is)
#   SNAPSHOT=1        0: run Tributary from broker/target itself instead of a copy taken after the build (the copy
#                     keeps a rebuild in the checkout, by someone else, from swapping the jars in the middle of a run)
#   KEEP_DATA=0       1: keep each broker's data dir after it stops
#   BENCH_WORK=bench/target   where jars, compiled helpers and runs/ go
set -euo pipefail
export LC_ALL=C   # decimal points, sort order and awk number parsing must not depend on the user's locale

RECORDS=2000000
ROUNDS=3
usage() { echo "usage: $0 [--records N] [--rounds R]   (--help: settings)" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --records) RECORDS=${2:?--records needs a number}; shift 2 ;;
    --records=*) RECORDS=${1#*=}; shift ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) usage ;;
  esac
done
PER_TXN=${PER_TXN:-1000}
PARTITIONS=${PARTITIONS:-6}
RECORD_SIZE=${RECORD_SIZE:-100}
WARMUP=${WARMUP:-1}
WARM_RECORDS=${WARM_RECORDS:-$(( RECORDS < 1000000 ? RECORDS : 1000000 ))}
PERF=${PERF:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
SNAPSHOT=${SNAPSHOT:-1}
KEEP_DATA=${KEEP_DATA:-0}
for v in RECORDS ROUNDS PER_TXN PARTITIONS RECORD_SIZE WARM_RECORDS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive number (got '${!v}')" >&2; exit 2; }
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/txn-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt          # one line per (round, broker, workload): the data behind the table
REPORT=$RUN_DIR/report.txt    # the table as printed

# Kafka and Tributary start-up and teardown, tools, /proc sampling, result lines, the table, the run's steps (main):
# shared with compare.sh.
source "$BENCH/lib/brokers.sh"

# Producer settings of both brokers' runs: compare.sh's (b) (acks=all and idempotence, which transactions imply).
PRODUCER_PROPS=(acks=all linger.ms=5 batch.size=65536)
READ_COMMITTED=(--command-property isolation.level=read_committed)

# ------------------------------------------------------------------------------------------------ preparation

machine_info() {
  machine_info_common
  echo "build:     ${SNAPSHOT_INFO:-broker/target of the checkout}"
  echo "settings:  --records $RECORDS --rounds $ROUNDS, PER_TXN=$PER_TXN PARTITIONS=$PARTITIONS RECORD_SIZE=$RECORD_SIZE WARMUP=$WARMUP WARM_RECORDS=$WARM_RECORDS PERF=$PERF"
  echo "producer:  TxnBenchClient, ${PRODUCER_PROPS[*]}, record i -> partition i % $PARTITIONS, explicit flush before each commit"
  echo "consumer:  ConsumerPerformance, isolation.level=read_committed, group.protocol=classic"
}

# ------------------------------------------------------------------------------------------------ workloads

create_topics() {
  tool BenchClient create-topics "$BOOTSTRAP" "bench-txn:$PARTITIONS" "bench-txn-warm:$PARTITIONS" \
      >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

# TxnBenchClient produce, with the broker's CPU ticks sampled right before and after (the tool JVM's start and
# initTransactions included, for both brokers alike).
txn_produce() { # workload topic records
  local wl=$1 out=$RDIR/$1.log ticks0 ticks1 start rc=0 line
  need_broker "$wl" || return 0
  ticks0=$(cpu_ticks "$BROKER_PID"); start=$(now_us)
  tool TxnBenchClient produce "$BOOTSTRAP" "$2" "$3" "$PER_TXN" "$RECORD_SIZE" "$PARTITIONS" "bench-$wl-$ROUND" \
      "${PRODUCER_PROPS[@]}" >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  ticks1=$(cpu_ticks "$BROKER_PID")
  line=$(grep '^TXN ' "$out" || true)
  if [ -z "$line" ]; then failed "$wl" "$out" "no-result(rc=$rc)"; return; fi
  raw "workload=$wl status=ok bytes=$(( $3 * RECORD_SIZE )) ${line#TXN }" \
      "cpu_s=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}')" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS) load1=$(load1)"
}

warm_up() {
  [ "$WARMUP" = 1 ] || return 0
  log "$KIND: warm-up, $WARM_RECORDS x $RECORD_SIZE B in transactions of $PER_TXN, then read back read_committed"
  tool TxnBenchClient produce "$BOOTSTRAP" bench-txn-warm "$WARM_RECORDS" "$PER_TXN" "$RECORD_SIZE" "$PARTITIONS" \
      bench-warm "${PRODUCER_PROPS[@]}" >"$RDIR/warmup-produce.log" 2>&1 \
    || log "warning: warm-up produce failed, see $RDIR/warmup-produce.log"
  tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic bench-txn-warm \
      --num-records "$WARM_RECORDS" --group bench-warm --timeout 30000 --command-property group.protocol=classic \
      "${READ_COMMITTED[@]}" >"$RDIR/warmup-consume.log" 2>&1 \
    || log "warning: warm-up consume failed, see $RDIR/warmup-consume.log"
}

# Fresh ports and data dir -> start -> topics -> warm-up -> transactional produce -> read_committed consume -> peak
# RSS -> stop, delete data.
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
    log "$KIND: produce $RECORDS x $RECORD_SIZE B in transactions of $PER_TXN, $PARTITIONS partitions"
    txn_produce txn_produce bench-txn "$RECORDS"
    log "$KIND: $(awk '/ workload=txn_produce /' "$RAW" | tail -1 | grep -o 'records_per_s=[^ ]*\|txns_per_s=[^ ]*\|commit_p50_ms=[^ ]*\|status=FAILED' | tr '\n' ' ')"
    log "$KIND: consume the $RECORDS records read_committed"
    consume rc_consume bench-txn "$RECORDS" "bench-txn-c-$ROUND" "${READ_COMMITTED[@]}"
    if alive "$BROKER_PID"; then
      raw "workload=memory status=ok peak_rss_kb=$(status_kb "$BROKER_PID" VmHWM) rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
    fi
  fi
  stop_broker
  sync   # the next broker should not pay for writing back this one's dirty pages
}

# ------------------------------------------------------------------------------------------------ the table

# Broker CPU seconds per GB produced, per round, then the median.
cpu_per_gb() { # broker
  awk -v b="$1" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["broker"] == b && v["status"] == "ok" && v["workload"] == "txn_produce" { printf "%.2f\n", v["cpu_s"] / (v["bytes"] / 1e9) }' "$RAW" \
  | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

target() { # label kafka tributary
  awk -v label="$1" -v k="$2" -v t="$3" 'BEGIN {
    if (k == "n/a" || t == "n/a" || k + 0 <= 0) { printf "  %-34s n/a\n", label; exit }
    r = t / k; printf "  %-34s %.2fx  %s\n", label, r, (r >= 1.5) ? "met" : "MISSED" }'
}

report() {
  local pk pt ck ct
  echo "$MACHINE_INFO"
  echo "load:      $LOAD_AT_END (1/5/15 min, at the end)"
  echo
  table_head
  pk=$(median kafka txn_produce records_per_s) pt=$(median tributary txn_produce records_per_s)
  ck=$(median kafka rc_consume records_per_s) ct=$(median tributary rc_consume records_per_s)
  row "txn produce ${RECORDS}x${RECORD_SIZE}B p$PARTITIONS, rec/s" "$pk" "$pt" higher 1 "%.0f"
  row "  same, MB/s" \
      "$(median kafka txn_produce mb_per_s)" "$(median tributary txn_produce mb_per_s)" higher 1 "%.1f"
  row "  transactions/s ($PER_TXN records each)" \
      "$(median kafka txn_produce txns_per_s)" "$(median tributary txn_produce txns_per_s)" higher 1 "%.0f"
  row "  per txn: send (client), ms" \
      "$(median kafka txn_produce send_avg_ms)" "$(median tributary txn_produce send_avg_ms)" lower 1 "%.3f"
  row "  per txn: flush (Produce acked), ms" \
      "$(median kafka txn_produce flush_avg_ms)" "$(median tributary txn_produce flush_avg_ms)" lower 1 "%.3f"
  row "  per txn: commit (EndTxn), avg ms" \
      "$(median kafka txn_produce commit_avg_ms)" "$(median tributary txn_produce commit_avg_ms)" lower 1 "%.3f"
  row "  commit (EndTxn) p50, ms" \
      "$(median kafka txn_produce commit_p50_ms)" "$(median tributary txn_produce commit_p50_ms)" lower 1 "%.3f"
  row "  commit (EndTxn) p99, ms" \
      "$(median kafka txn_produce commit_p99_ms)" "$(median tributary txn_produce commit_p99_ms)" lower 1 "%.3f"
  row "  whole transaction p99, ms" \
      "$(median kafka txn_produce txn_p99_ms)" "$(median tributary txn_produce txn_p99_ms)" lower 1 "%.3f"
  row "  initTransactions, ms" \
      "$(median kafka txn_produce init_ms)" "$(median tributary txn_produce init_ms)" lower 1 "%.0f"
  row "  broker CPU during the produce, s" \
      "$(median kafka txn_produce cpu_s)" "$(median tributary txn_produce cpu_s)" lower 1 "%.2f"
  row "  broker CPU per GB produced, s/GB" "$(cpu_per_gb kafka)" "$(cpu_per_gb tributary)" lower 1 "%.2f"
  row "read_committed consume, rec/s" "$ck" "$ct" higher 1 "%.0f"
  row "  fetch only (no group join), rec/s" \
      "$(median kafka rc_consume fetch_records_per_s)" "$(median tributary rc_consume fetch_records_per_s)" higher 1 "%.0f"
  row "  broker CPU during the consume, s" \
      "$(median kafka rc_consume cpu_s)" "$(median tributary rc_consume cpu_s)" lower 1 "%.2f"
  row "broker peak RSS (VmHWM), start..consume, MiB" \
      "$(median kafka memory peak_rss_kb)" "$(median tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f"
  row "start to 'started' logged, ms" \
      "$(median kafka startup ready_ms)" "$(median tributary startup ready_ms)" lower 1 "%.0f"
  echo
  echo "Target of issue 14 (>= 1.5x throughput):"
  target "transactional produce, rec/s" "$pk" "$pt"
  target "read_committed consume, rec/s" "$ck" "$ct"
  echo
  echo "transaction.version finalized (per round): kafka $(per_round kafka txn_produce tv) | tributary $(per_round tributary txn_produce tv)"
  echo "Per round (kafka | tributary):"
  echo "  produce rec/s:    $(per_round kafka txn_produce records_per_s) | $(per_round tributary txn_produce records_per_s)"
  echo "  transactions/s:   $(per_round kafka txn_produce txns_per_s %.1f) | $(per_round tributary txn_produce txns_per_s %.1f)"
  echo "  commit p50 ms:    $(per_round kafka txn_produce commit_p50_ms %.2f) | $(per_round tributary txn_produce commit_p50_ms %.2f)"
  echo "  flush avg ms:     $(per_round kafka txn_produce flush_avg_ms %.2f) | $(per_round tributary txn_produce flush_avg_ms %.2f)"
  echo "  consume rec/s:    $(per_round kafka rc_consume records_per_s) | $(per_round tributary rc_consume records_per_s)"
  echo "  fetch-only rec/s: $(per_round kafka rc_consume fetch_records_per_s) | $(per_round tributary rc_consume fetch_records_per_s)"
  echo "  peak RSS kB:      $(per_round kafka memory peak_rss_kb) | $(per_round tributary memory peak_rss_kb)"
  echo "  load (1 min) after the produce: $(per_round kafka txn_produce load1 %s) | $(per_round tributary txn_produce load1 %s)"
  report_failures_and_paths
}

# ------------------------------------------------------------------------------------------------ main

main() {
  mkdir -p "$RUN_DIR"
  warn_if_busy
  prepare_run BenchClient TxnBenchClient
  snapshot_tributary
  write_raw_header
  run_alternating_rounds run_broker
  PERF_REPORT=""
  if [ "$PERF" = 1 ]; then
    profile_perf_with tributary-txn "the transactional produce" "the produce" txn_produce txn_produce bench-txn "$RECORDS"
  fi
  print_report "$PERF_REPORT"
}

main "$@"
