#!/usr/bin/env bash
# Consume throughput, Tributary against Apache Kafka 4.4, from the page cache and from disk after a restart.
#
#   bench/consume-compare.sh                           3 rounds of 10,000,000 x 100 B (about 12 minutes on 2 cores)
#   QUICK=1 ROUNDS=1 bench/consume-compare.sh          tiny record counts: checks the script, not the brokers
#   PERF=1 bench/consume-compare.sh                    and one more Tributary's warm consume under Linux perf
#
# Per round and broker (they alternate, as in compare.sh): fresh broker, fresh data dir; warm-up (1,000,000 x 100 B
# produced and consumed on another topic); RECORDS x 100 B produced to one partition (acks=1, linger.ms=5,
# batch.size=65536, as compare.sh's (a)); then
#   (w) warm:  Kafka's ConsumerPerformance reads them all, fresh classic group — the data is in the page cache;
#   restart:   the broker is stopped (SIGTERM), every file of its data dir is dropped from the page cache
#              (`dd iflag=nocache count=0`, what `fincore` confirms), and the same broker starts again on the same
#              data dir and ports; one warm-up consume of the warm-up topic (so the JIT is warm again: the next figure
#              is about the disk and the index path, not the interpreter — it reads from disk too);
#   (k) cold:  the RECORDS are read again, fresh group: every segment, index and time-index is read from disk.
# Each consume records the broker's CPU and what it read from the disk (/proc/PID/io read_bytes), so a "cold" round
# that found its data cached shows it.
#
# Settings (environment): ROUNDS=3, RECORDS=10000000, QUICK=0, WARMUP=1, PERF=0, SKIP_BUILD=0, KEEP_DATA=0 and
# BENCH_WORK=bench/target, as compare.sh.
set -euo pipefail
export LC_ALL=C

ROUNDS=${ROUNDS:-3}
QUICK=${QUICK:-0}
WARMUP=${WARMUP:-1}
PERF=${PERF:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_DATA=${KEEP_DATA:-0}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/consume-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt
REPORT=$RUN_DIR/report.txt

source "$BENCH/lib/brokers.sh"

SIZE=100
if [ "$QUICK" = 1 ]; then
  RECORDS=${RECORDS:-20000} WARM_RECORDS=10000
else
  RECORDS=${RECORDS:-10000000} WARM_RECORDS=1000000
fi

machine_info() {
  machine_info_common
  echo "settings:  ROUNDS=$ROUNDS RECORDS=$RECORDS QUICK=$QUICK WARMUP=$WARMUP PERF=$PERF"
}

create_topics() {
  tool BenchClient create-topics "$BOOTSTRAP" bench-consume:1 bench-warm:1 >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

warm_up() { warm_up_produce_consume bench-warm "$WARM_RECORDS"; }

produce_records() {
  produce p_produce bench-consume "$RECORDS" "$SIZE" acks=1 linger.ms=5 batch.size=65536
}

# Drops every file of the data dir from the page cache and records how much of it was still cached before and after
# (fincore, util-linux), so the report can show that the cold read really was cold.
evict_data_dir() {
  local before after
  sync
  before=$(cached_mb "$BROKER_DATA")
  find "$BROKER_DATA" -type f -exec dd if={} iflag=nocache count=0 status=none \;
  after=$(cached_mb "$BROKER_DATA")
  raw "workload=evict status=ok cached_before_mb=$before cached_after_mb=$after"
  log "$KIND: data dir dropped from the page cache ($before MiB cached before, $after MiB after)"
}

cached_mb() { # dir: MiB of its files in the page cache, "n/a" without fincore
  command -v fincore >/dev/null || { echo n/a; return; }
  find "$1" -type f -print0 | xargs -0 -r fincore --bytes --noheadings --output RES 2>/dev/null \
    | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'
}

# Stops the broker, keeping its data dir, drops the data from the page cache and starts the same broker again on
# the same data dir and ports. Its logs go to $RDIR/restart/.
restart_cold() {
  local data=$BROKER_DATA dir=$RDIR/restart
  BROKER_DATA=""; stop_broker; BROKER_DATA=$data   # stop_broker deletes BROKER_DATA when it is set
  evict_data_dir
  mkdir -p "$dir"
  if [ "$KIND" = kafka ]; then
    cp "$RDIR/server.properties" "$dir/"
    BROKER_LOG=$dir/server.log
    T0=$(now_us)
    launch_kafka "$dir"
  else
    BROKER_LOG=$dir/broker.out
    T0=$(now_us)
    launch_tributary "$dir/broker.out" 1 "$PORT" "$CPORT" "$BROKER_DATA"
  fi
  BROKER_PID=$LAUNCHED_PID
  wait_started restart || return 1
  # What the start itself read back (log recovery, indexes): data a cold consume then finds cached.
  raw "workload=restart_io status=ok cached_mb=$(cached_mb "$BROKER_DATA")" \
      "disk_read_mb=$(awk -v b="$(disk_read_bytes "$BROKER_PID")" 'BEGIN {printf "%.1f", b/1048576}')"
}

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
    log "$KIND: $RECORDS x $SIZE B produced, acks=1, 1 partition"
    produce_records
    log "$KIND: (w) warm consume of $RECORDS records"
    consume w_consume_warm bench-consume "$RECORDS" "bench-w-$ROUND"
    log "$KIND: restart with the data dir out of the page cache"
    if restart_cold; then
      consume restart_warm_up bench-warm "$WARM_RECORDS" "bench-warm-again-$ROUND"
      log "$KIND: (k) cold consume of $RECORDS records"
      consume k_consume_cold bench-consume "$RECORDS" "bench-k-$ROUND"
    fi
  fi
  stop_broker
  sync
}

report() {
  echo "$MACHINE_INFO"
  echo
  table_head
  row "produce ${RECORDS}x${SIZE}B acks=1 p1, rec/s" \
      "$(median kafka p_produce records_per_s)" "$(median tributary p_produce records_per_s)" higher 1 "%.0f"
  row "(w) warm consume, rec/s" \
      "$(median kafka w_consume_warm records_per_s)" "$(median tributary w_consume_warm records_per_s)" higher 1 "%.0f"
  row "(w)   fetch only (no group join), rec/s" \
      "$(median kafka w_consume_warm fetch_records_per_s)" "$(median tributary w_consume_warm fetch_records_per_s)" higher 1 "%.0f"
  row "(w)   broker CPU, s" \
      "$(median kafka w_consume_warm cpu_s)" "$(median tributary w_consume_warm cpu_s)" lower 1 "%.2f"
  row "(w)   read from disk, MiB" \
      "$(median kafka w_consume_warm disk_read_mb)" "$(median tributary w_consume_warm disk_read_mb)" lower 1 "%.1f"
  row "restart on the data, to 'started', ms" \
      "$(median kafka restart ready_ms)" "$(median tributary restart ready_ms)" lower 1 "%.0f"
  row "restart: read from disk by 'started', MiB" \
      "$(median kafka restart_io disk_read_mb)" "$(median tributary restart_io disk_read_mb)" lower 1 "%.1f"
  row "restart: data dir cached at 'started', MiB" \
      "$(median kafka restart_io cached_mb)" "$(median tributary restart_io cached_mb)" lower 1 "%.1f"
  row "(k) cold consume after restart, rec/s" \
      "$(median kafka k_consume_cold records_per_s)" "$(median tributary k_consume_cold records_per_s)" higher 1 "%.0f"
  row "(k)   fetch only (no group join), rec/s" \
      "$(median kafka k_consume_cold fetch_records_per_s)" "$(median tributary k_consume_cold fetch_records_per_s)" higher 1 "%.0f"
  row "(k)   broker CPU, s" \
      "$(median kafka k_consume_cold cpu_s)" "$(median tributary k_consume_cold cpu_s)" lower 1 "%.2f"
  row "(k)   read from disk, MiB" \
      "$(median kafka k_consume_cold disk_read_mb)" "$(median tributary k_consume_cold disk_read_mb)" lower 1 "%.1f"
  echo
  echo "per round (rec/s)     Kafka                              Tributary"
  printf "(w) warm consume      %-34s %s\n" "$(per_round kafka w_consume_warm records_per_s)" "$(per_round tributary w_consume_warm records_per_s)"
  printf "(k) cold consume      %-34s %s\n" "$(per_round kafka k_consume_cold records_per_s)" "$(per_round tributary k_consume_cold records_per_s)"
  printf "data cached at (k), MiB %-32s %s\n" "$(per_round kafka evict cached_after_mb %.1f)" "$(per_round tributary evict cached_after_mb %.1f)"
  report_failures_and_paths "(restart/ holds the second start's logs)"
}

# The warm consume of one more Tributary under Linux perf (profile_perf_with, brokers.sh); the records it reads are
# produced before the recording starts.
profile_perf() {
  PERF_BEFORE=produce_records profile_perf_with tributary-w "the warm consume (w)" "(w)" \
      consume w_consume_warm bench-consume "$RECORDS" bench-w-perf
}

main() {
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"
  mkdir -p "$RUN_DIR"
  warn_if_busy
  prepare_run
  write_raw_header
  run_alternating_rounds run_broker
  PERF_REPORT=""
  if [ "$PERF" = 1 ]; then profile_perf; fi
  print_report "$PERF_REPORT"
}

main "$@"
