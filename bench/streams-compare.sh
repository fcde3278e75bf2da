#!/usr/bin/env bash
# streams-lite (io.tributary.streams, this checkout) against Apache Kafka Streams 4.4.0, side by side on one Tributary
# broker: the same topologies, the same input, one fresh application JVM per run.
#
#   bench/streams-compare.sh [--lines N] [--rounds R] [--variants LIST] [--workloads LIST]
#       defaults: 1,000,000 lines, 3 rounds, all five variants, both workloads (roughly 30-45 minutes on 2 cores)
#   bench/streams-compare.sh --lines 100000 --rounds 1     checks the script in a few minutes
#
# Starts ONE Tributary broker (bin/tributary start, no registry, no bundled Connect worker) on free ports and a fresh
# data dir under the run's directory, shared by every run. Before the timed runs, StreamsBenchClient (bench/
# StreamsBenchClient.java) produces the input once into two 6-partition topics and writes down the true results:
#   N lines of 6-10 words (8 on average) from a Zipf-skewed vocabulary of 10,000 pseudo-words, fixed seed;
#   streams-lines   no key: the word count's input;
#   streams-keyed   the same lines keyed by their first word, record timestamps spread over 30 minutes, 3 % of them
#                   up to 120 s early (out of order): the windowed count's input.
#
# Workloads (the applications: bench/StreamsBenchKafkaApp.java, bench/StreamsBenchLiteApp.java, the same DSL calls):
#   wordcount  split -> groupBy(word) (through a repartition topic) -> count() -> output topic (word, Long count)
#   windowed   groupByKey -> windowedBy(TimeWindows.ofSizeWithNoGrace(1 min)) -> count() -> output topic
#              ("word@windowStartMs", Long count). Records of a window that has already closed in their partition
#              are dropped, as Kafka Streams does with no grace period; the expected counts account for it.
#              streams-lite's side runs only when its jar has io.tributary.streams.TimeWindows and
#              bench/StreamsBenchLiteWindowedApp.java exists; otherwise it is reported as skipped.
#
# Variants (--variants, comma-separated; "lite/kafka" in the table compares the first two, the issue's targets):
#   kafka          Kafka Streams as it comes: RocksDB stores, record cache 10 MiB (statestore.cache.max.bytes default)
#   lite           streams-lite as it comes: in-memory stores, record cache 10 MiB (the same setting and default)
#   kafka-nocache  Kafka Streams with statestore.cache.max.bytes=0: every count update is output
#   lite-nocache   streams-lite with statestore.cache.max.bytes=0: the same
#   lite-rocksdb   streams-lite with default.dsl.store=rocksDB (record cache as it comes)
#
# Every run: a fresh application.id (bench-<workload>-<variant>-r<round>), a fresh output topic (6 partitions),
# state.dir under the run's directory (deleted afterwards), at_least_once, one stream thread,
# commit.interval.ms=COMMIT_MS for both (1000 by default: "all input processed" is only visible at a commit, so the
# commit interval bounds how precisely the end is seen; Kafka Streams' at-least-once default, 30 s, would swamp
# it). The application runs in its own JVM: java APP_HEAP (-Xmx512m by default, the heap of Kafka's tool scripts
# and bench/compare.sh's tools: ample for either library here, and the same for both so that the heap limit does
# not decide the resident set) with G1 as those tools, Log4j 2 at WARN for both. In each round, each workload
# runs every variant once, Kafka Streams' variants first in odd rounds and streams-lite's first in even rounds.
# A watcher JVM (StreamsBenchClient watch, started and ready before the launch) polls every 50 ms:
#   first output     the output topic's end offsets first above 0;
#   done             the application's committed offsets of the input topic reach its end offsets, and those of
#                    its repartition topics theirs (at least once, the producer is flushed before each commit: every
#                    output record is then written);
# and the script samples, right at "done", the application JVM's peak resident set (VmHWM) and CPU time
# (utime+stime, launch to done), then stops it (SIGTERM) and checks its output: StreamsBenchClient verify reads the
# whole output topic and takes each key's LAST value, its final count, which must equal the true count for every
# word (word@window); a run with a wrong, missing or extra key is FAILED and stays out of the medians, and so is one
# whose output grew after "done" (records written at close: "done" was seen too early, its times would be wrong).
#
# The table (medians over the rounds; ratios streams-lite / Kafka Streams, time ratios lower is better):
#   RUNNING, ms                JVM launch to the application's first state change to RUNNING (its stream thread
#                              has its tasks and starts processing; the app prints the time with the state)
#   first output, ms           JVM launch to the first record on the output topic   target lite/kafka <= 0.5x
#   all input processed, ms    JVM launch to "done"
#   throughput, lines/s        N / (done - RUNNING): the processing rate, start-up excluded (the rows above measure
#                              it), the same clock for both libraries whether or not a record cache holds back
#                              the output. If anything it flatters Kafka Streams: its client reports RUNNING
#                              after its stream thread, which may have begun processing  target lite/kafka >= 1.5x
#   after 1st output           N / (done - first output): not the headline, because with a record cache the first
#                              output waits for the first commit, so processing time before it is not counted (at
#                              small N the whole input may be processed before the first output);
#   throughput from launch     N / (done - launch): start-up included
#   peak RSS, MiB              VmHWM of the application JVM at "done"             target lite/kafka <= 0.5x
#   CPU, s                     utime+stime of the application JVM, launch to done
#   output records             records the application wrote to the output topic (the -nocache variants write every
#                              update; a record cache folds a key's updates between commits)
#
# Everything goes to bench/target/runs/streams-<date-time>/: report.txt, raw.txt (one key=value line per run:
# round= workload= variant= status= running_ms= first_output_ms= input_done_ms= done_ms= lines_per_s=
# after_first_lines_per_s= launch_lines_per_s=
# peak_rss_kb= cpu_s= output_records= samples=key:expected/final,...), generate.log, broker.out, and one directory
# per run (app.out, watch.out, verify.out).
#
# Options:
#   --lines N         input lines (default 1000000)
#   --rounds R        rounds (default 3)
#   --variants LIST   default kafka,lite,kafka-nocache,lite-nocache,lite-rocksdb
#   --workloads LIST  default wordcount,windowed
# Settings (environment):
#   COMMIT_MS=1000    commit.interval.ms of both libraries
#   APP_HEAP=-Xmx512m heap flags of the application JVMs
#   SKIP_BUILD=0      1: do not run Maven on Tributary first (broker/target, streams-lite/target as they are)
#   MAVEN_OFFLINE=1   0: let Maven go online (the build and streams-lite's dependency list use -o by default)
#   KEEP_DATA=0       1: keep the broker's data dir and the applications' state dirs
#   BENCH_WORK=bench/target   where jars, compiled helpers and runs/ go
set -euo pipefail
export LC_ALL=C

LINES=1000000
ROUNDS=3
VARIANTS=kafka,lite,kafka-nocache,lite-nocache,lite-rocksdb
WORKLOADS=wordcount,windowed
usage="usage: $0 [--lines N] [--rounds R] [--variants kafka,lite,kafka-nocache,lite-nocache,lite-rocksdb] [--workloads wordcount,windowed]"
while [ $# -gt 0 ]; do
  case $1 in
    --lines|--rounds|--variants|--workloads) [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; } ;;&
    --lines) LINES=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --workloads) WORKLOADS=$2; shift 2 ;;
    --lines=*) LINES=${1#*=}; shift ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    --variants=*) VARIANTS=${1#*=}; shift ;;
    --workloads=*) WORKLOADS=${1#*=}; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
[[ "$LINES" =~ ^[1-9][0-9]*$ ]] || { echo "--lines must be a positive number" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be a positive number" >&2; exit 2; }
IFS=, read -ra VARIANT_LIST <<< "$VARIANTS"
IFS=, read -ra WORKLOAD_LIST <<< "$WORKLOADS"
for v in "${VARIANT_LIST[@]}"; do
  case $v in kafka|lite|kafka-nocache|lite-nocache|lite-rocksdb) ;; *) echo "unknown variant '$v'; $usage" >&2; exit 2 ;; esac
done
for w in "${WORKLOAD_LIST[@]}"; do
  case $w in wordcount|windowed) ;; *) echo "unknown workload '$w'; $usage" >&2; exit 2 ;; esac
done

COMMIT_MS=${COMMIT_MS:-1000}
APP_HEAP=${APP_HEAP:--Xmx512m}
SKIP_BUILD=${SKIP_BUILD:-0}
MAVEN_OFFLINE=${MAVEN_OFFLINE:-1}
KEEP_DATA=${KEEP_DATA:-0}
MVN_O=(); [ "$MAVEN_OFFLINE" = 1 ] && MVN_O=(-o)

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/streams-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt
REPORT=$RUN_DIR/report.txt
PARTITIONS=6
LINES_TOPIC=streams-lines
KEYED_TOPIC=streams-keyed

# Helpers shared with the other scripts (log, nap, alive, cpu_ticks, status_kb, pick_ports, launch_tributary,
# stop_broker, fetch_classpath, machine_info_common, write_raw_header); their traps are replaced below.
source "$BENCH/lib/brokers.sh"

STREAMS_VERSION=4.4.0
STREAMS_LIB=$WORK/lib-kafka-streams-$STREAMS_VERSION   # kafka-streams, its kafka-clients, Log4j 2 (Maven Central)
LITE_LIB=$RUN_DIR/lib-streams-lite                      # per run: streams-lite's jar as built, its dependencies, Log4j 2
KAFKA_CLASSES=$RUN_DIR/classes-kafka                    # StreamsBenchClient, StreamsBenchKafkaApp
LITE_CLASSES=$RUN_DIR/classes-lite                      # StreamsBenchLiteApp (and the windowed one, when it can be)
LITE_WINDOWS=0                                          # 1: streams-lite has TimeWindows and the windowed app compiled
LITE_WINDOWS_WHY="no io.tributary.streams.TimeWindows in its jar"
APP_JVM=($APP_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
         -Djava.awt.headless=true "-Dlog4j2.configurationFile=$BENCH/conf/log4j2-tools.properties")
HELPER_JVM=(-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Dlog4j2.configurationFile=$BENCH/conf/log4j2-tools.properties")

APP_PID="" WATCH_PID=""

stop_pid() { # pid what: SIGTERM, SIGKILL after 30 s
  local pid=$1 i
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do alive "$pid" || break; nap 0.1; done
    if alive "$pid"; then log "$2 (PID $pid) still running 30 s after SIGTERM: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup_streams() {
  if [ -n "$WATCH_PID" ]; then kill -KILL "$WATCH_PID" 2>/dev/null || true; wait "$WATCH_PID" 2>/dev/null || true; fi
  stop_pid "$APP_PID" application; APP_PID=""
  cleanup   # brokers.sh's: the tool (CHILD_PID) and the broker
}
trap cleanup_streams EXIT

# ------------------------------------------------------------------------------------------------ preparation

build() {
  if [ "$SKIP_BUILD" = 1 ]; then log "SKIP_BUILD=1: using broker/target and streams-lite/target as they are"; return; fi
  log "building Tributary (./mvnw -B ${MVN_O[*]} -q -DskipTests package -pl broker,streams-lite -am)"
  (cd "$REPO" && ./mvnw -B "${MVN_O[@]}" -q -DskipTests package -pl broker,streams-lite -am) >"$RUN_DIR/build.log" 2>&1 \
    || { tail -40 "$RUN_DIR/build.log" >&2; die "Tributary build failed, see $RUN_DIR/build.log"; }
}

# streams-lite's class path for this run: its jar as built (copied, so a rebuild during the run cannot change it), its
# run-time dependencies as Maven resolves them in this checkout, and Kafka Streams' Log4j 2 jars (the same logging).
lite_classpath() {
  local jar
  jar=$(ls "$REPO"/streams-lite/target/streams-lite-*.jar 2>/dev/null | grep -v -e sources -e tests -e javadoc | head -n 1 || true)
  [ -n "$jar" ] || die "no streams-lite build in $REPO/streams-lite/target (run without SKIP_BUILD=1)"
  mkdir -p "$LITE_LIB"
  (cd "$REPO" && ./mvnw -B "${MVN_O[@]}" -q -pl streams-lite \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime "-DoutputDirectory=$LITE_LIB") >"$RUN_DIR/lite-classpath.log" 2>&1 \
    || { tail -40 "$RUN_DIR/lite-classpath.log" >&2; die "Maven could not list streams-lite's dependencies, see $RUN_DIR/lite-classpath.log"; }
  cp -p "$jar" "$LITE_LIB/"
  cp -p "$STREAMS_LIB"/log4j-api-*.jar "$STREAMS_LIB"/log4j-core-*.jar "$STREAMS_LIB"/log4j-slf4j2-impl-*.jar "$LITE_LIB/"
  LITE_INFO="$(basename "$jar") as of $(date -r "$jar" '+%F %T') ($(sha256sum "$jar" | cut -c1-12)), kafka-clients $(ls "$LITE_LIB" | sed -n 's/^kafka-clients-\(.*\)\.jar$/\1/p')"
  if unzip -Z1 "$jar" io/tributary/streams/TimeWindows.class >/dev/null 2>&1 && [ -f "$BENCH/StreamsBenchLiteWindowedApp.java" ]; then
    LITE_WINDOWS=1
  fi
}

compile_apps() {
  mkdir -p "$KAFKA_CLASSES" "$LITE_CLASSES"
  javac -nowarn -cp "$STREAMS_LIB/*" -d "$KAFKA_CLASSES" "$BENCH/StreamsBenchClient.java" "$BENCH/StreamsBenchKafkaApp.java" \
    || die "javac StreamsBenchClient.java StreamsBenchKafkaApp.java failed"
  javac -nowarn -cp "$LITE_LIB/*" -d "$LITE_CLASSES" "$BENCH/StreamsBenchLiteApp.java" || die "javac StreamsBenchLiteApp.java failed"
  if [ "$LITE_WINDOWS" = 1 ] && ! javac -nowarn -cp "$LITE_LIB/*:$LITE_CLASSES" -d "$LITE_CLASSES" \
      "$BENCH/StreamsBenchLiteWindowedApp.java" >"$RUN_DIR/javac-lite-windowed.log" 2>&1; then
    log "warning: StreamsBenchLiteWindowedApp.java does not compile against this streams-lite (see $RUN_DIR/javac-lite-windowed.log): its windowed runs are skipped"
    LITE_WINDOWS=0 LITE_WINDOWS_WHY="StreamsBenchLiteWindowedApp.java does not compile against it, see $RUN_DIR/javac-lite-windowed.log"
  fi
}

machine_info() {
  machine_info_common | grep -v -e '^kafka:' -e '^tributary:'
  echo "tributary: commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)'); broker: bin/tributary's JVM defaults"
  echo "streams:   Kafka Streams $STREAMS_VERSION (Maven Central, kafka-clients $(ls "$STREAMS_LIB" | sed -n 's/^kafka-clients-\(.*\)\.jar$/\1/p')); streams-lite $LITE_INFO"
  echo "apps:      java ${APP_JVM[*]:0:5}; at_least_once, 1 stream thread, commit.interval.ms=$COMMIT_MS"
  echo "settings:  --lines $LINES --rounds $ROUNDS --variants $VARIANTS --workloads $WORKLOADS; streams-lite windows: $([ "$LITE_WINDOWS" = 1 ] && echo yes || echo 'no (skipped)')"
}

start_the_broker() {
  pick_ports
  BOOTSTRAP=127.0.0.1:$PORT BROKER_DATA=$RUN_DIR/broker-data
  mkdir -p "$BROKER_DATA"
  log "starting the Tributary broker on $BOOTSTRAP"
  launch_tributary "$RUN_DIR/broker.out" 1 "$PORT" "$CPORT" "$BROKER_DATA"
  BROKER_PID=$LAUNCHED_PID
  local deadline=$(( $(now_us) + 180000000 ))
  until grep -q 'Tributary started' "$RUN_DIR/broker.out" 2>/dev/null && port_open "$PORT"; do
    alive "$BROKER_PID" || { tail -30 "$RUN_DIR/broker.out" >&2; die "the broker exited during start-up"; }
    [ "$(now_us)" -lt "$deadline" ] || { tail -30 "$RUN_DIR/broker.out" >&2; die "the broker did not start within 180 s"; }
    nap 0.05
  done
  log "broker up (PID $BROKER_PID)"
}

generate_input() {
  log "producing $LINES lines into $LINES_TOPIC and $KEYED_TOPIC ($PARTITIONS partitions each), counting the truth"
  run_child java "${HELPER_JVM[@]}" -cp "$KAFKA_CLASSES:$STREAMS_LIB/*" StreamsBenchClient generate "$BOOTSTRAP" \
      "$LINES" "$PARTITIONS" "$LINES_TOPIC" "$KEYED_TOPIC" "$RUN_DIR/expected" >"$RUN_DIR/generate.log" 2>&1 \
    || { tail -20 "$RUN_DIR/generate.log" >&2; die "generating the input failed, see $RUN_DIR/generate.log"; }
  GENERATED=$(grep '^GENERATED' "$RUN_DIR/generate.log")
  log "${GENERATED#GENERATED }"
}

# ------------------------------------------------------------------------------------------------ one run

raw() { echo "round=$ROUND workload=$WL variant=$VARIANT $*" >> "$RAW"; }
failed() { # reason
  raw "status=FAILED reason=$1 log=$RDIR/app.out"
  log "FAILED: $WL $VARIANT round $ROUND: $1. Last lines of $RDIR/app.out:"
  tail -15 "$RDIR/app.out" 2>/dev/null | sed 's/^/    /' >&"$LOG_FD"
}

launch_app() { # sets T0 (right before the launch) and APP_PID
  local input=$LINES_TOPIC args
  [ "$WL" = windowed ] && input=$KEYED_TOPIC
  args=("$BOOTSTRAP" "$APP_ID" "$input" "$OUTPUT" "$RDIR/state" "$COMMIT_MS")
  case $VARIANT in
    kafka) set -- "$KAFKA_CLASSES:$STREAMS_LIB/*" StreamsBenchKafkaApp "$WL" "${args[@]}" default ;;
    kafka-nocache) set -- "$KAFKA_CLASSES:$STREAMS_LIB/*" StreamsBenchKafkaApp "$WL" "${args[@]}" 0 ;;
    lite|lite-nocache|lite-rocksdb)
      local main=StreamsBenchLiteApp store=default cache=default
      [ "$WL" = windowed ] && main=StreamsBenchLiteWindowedApp
      [ "$VARIANT" = lite-rocksdb ] && store=rocksDB
      [ "$VARIANT" = lite-nocache ] && cache=0
      set -- "$LITE_CLASSES:$LITE_LIB/*" "$main" "$WL" "${args[@]}" "$store" "$cache" ;;
  esac
  T0=$(now_us)
  java "${APP_JVM[@]}" -cp "$@" >"$RDIR/app.out" 2>&1 </dev/null &
  APP_PID=$!
}

ms_since_t0() { echo $(( ($1 - T0) / 1000 )); }
per_s() { awk -v n="$1" -v us="$2" 'BEGIN { if (us <= 0) print "n/a"; else printf "%.0f", n / (us / 1e6) }'; }

run_app() { # workload variant round
  WL=$1 VARIANT=$2 ROUND=$3
  APP_ID=bench-$WL-$VARIANT-r$ROUND OUTPUT=bench-$WL-$VARIANT-r$ROUND-out RDIR=$RUN_DIR/r$ROUND-$WL-$VARIANT
  if [ "$WL" = windowed ] && [[ "$VARIANT" == lite* ]] && [ "$LITE_WINDOWS" != 1 ]; then
    raw "status=skipped reason=streams-lite-has-no-windows-yet"
    log "round $ROUND: $WL $VARIANT skipped: streams-lite has no windows yet ($LITE_WINDOWS_WHY)"
    return
  fi
  mkdir -p "$RDIR"
  log "round $ROUND: $WL, $VARIANT"
  local input=$LINES_TOPIC first_us done_us input_us running_us at_done records ticks hwm rc=0 verify timeout_s=$(( 300 + LINES / 2000 ))
  [ "$WL" = windowed ] && input=$KEYED_TOPIC
  java "${HELPER_JVM[@]}" -cp "$KAFKA_CLASSES:$STREAMS_LIB/*" StreamsBenchClient watch "$BOOTSTRAP" "$APP_ID" "$input" \
      "$OUTPUT" "$PARTITIONS" "$timeout_s" >"$RDIR/watch.out" 2>"$RDIR/watch.err" </dev/null &
  WATCH_PID=$!
  until grep -q '^ready' "$RDIR/watch.out" 2>/dev/null; do
    alive "$WATCH_PID" || { failed "watcher-failed(see-$RDIR/watch.err)"; wait "$WATCH_PID" || true; WATCH_PID=""; return; }
    nap 0.05
  done
  launch_app
  # until the watcher sees "done" (or gives up); the application must live until then
  until grep -q '^done' "$RDIR/watch.out" 2>/dev/null; do
    if ! alive "$WATCH_PID"; then rc=1; break; fi
    if ! alive "$APP_PID"; then rc=2; break; fi
    nap 0.05
  done
  ticks=$(cpu_ticks "$APP_PID"); hwm=$(status_kb "$APP_PID" VmHWM)
  if [ "$rc" = 2 ]; then kill -KILL "$WATCH_PID" 2>/dev/null || true; fi
  wait "$WATCH_PID" 2>/dev/null || true; WATCH_PID=""
  stop_pid "$APP_PID" application; APP_PID=""
  [ "$KEEP_DATA" = 1 ] || rm -rf "$RDIR/state"
  case $rc in
    1) failed "not-done($(tail -1 "$RDIR/watch.out" | tr ' ' ','))"; return ;;
    2) failed application-exited; return ;;
  esac
  first_us=$(awk '$1 == "first_output" { print $2 }' "$RDIR/watch.out")
  input_us=$(awk '$1 == "input_done" { print $2 }' "$RDIR/watch.out")
  done_us=$(awk '$1 == "done" { print $2 }' "$RDIR/watch.out")
  at_done=$(awk '$1 == "done" { sub(/output_end=/, "", $3); print $3 }' "$RDIR/watch.out")
  running_us=$(awk '$1 == "STREAMS" && $2 == "STATE" && $3 == "RUNNING" { print $5; exit }' "$RDIR/app.out")
  [ -n "$running_us" ] || { failed no-RUNNING-state-line; return; }
  run_child java "${HELPER_JVM[@]}" -cp "$KAFKA_CLASSES:$STREAMS_LIB/*" StreamsBenchClient verify "$BOOTSTRAP" "$OUTPUT" \
      "$RUN_DIR/expected/$WL.tsv" >"$RDIR/verify.out" 2>&1 || true
  verify=$(grep '^VERIFY' "$RDIR/verify.out" | tail -1 || true)
  if [[ "$verify" != "VERIFY status=ok "* ]]; then
    failed "wrong-output($(echo "${verify:-no-VERIFY-line}" | grep -o 'wrong=[0-9]* missing=[0-9]* unexpected=[0-9]*\|reason=[^ ]*' | tr ' ' ','))"
    return
  fi
  records=$(sed 's/.* output_records=\([0-9]*\).*/\1/' <<< "$verify")
  if [ "$records" != "$at_done" ]; then
    failed "output-grew-after-done($at_done-at-done,$records-in-the-end)"
    return
  fi
  raw "status=ok running_ms=$(ms_since_t0 "$running_us") first_output_ms=$(ms_since_t0 "$first_us")" \
      "input_done_ms=$(ms_since_t0 "$input_us") done_ms=$(ms_since_t0 "$done_us")" \
      "lines_per_s=$(per_s "$LINES" $(( done_us - running_us )))" \
      "after_first_lines_per_s=$(per_s "$LINES" $(( done_us - first_us )))" \
      "launch_lines_per_s=$(per_s "$LINES" $(( done_us - T0 )))" "peak_rss_kb=$hwm" \
      "cpu_s=$(awk -v t="$ticks" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" \
      "output_records=$records" \
      "output_keys=$(sed 's/.* output_keys=\([0-9]*\).*/\1/' <<< "$verify")" \
      "samples=$(sed 's/.* samples=//' <<< "$verify")" "load1=$(load1)"
  log "$WL $VARIANT: first output after $(ms_since_t0 "$first_us") ms, done after $(ms_since_t0 "$done_us") ms; peak RSS $(( hwm / 1024 )) MiB, CPU $(awk -v t="$ticks" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }') s; output verified"
}

# Kafka Streams' variants first in odd rounds, streams-lite's first in even rounds (each group in the given order).
run_rounds() {
  local round wl v kafkas=() lites=()
  for v in "${VARIANT_LIST[@]}"; do if [[ "$v" == kafka* ]]; then kafkas+=("$v"); else lites+=("$v"); fi; done
  for ((round = 1; round <= ROUNDS; round++)); do
    for wl in "${WORKLOAD_LIST[@]}"; do
      if ((round % 2)); then
        for v in "${kafkas[@]}" "${lites[@]}"; do run_app "$wl" "$v" "$round"; done
      else
        for v in "${lites[@]}" "${kafkas[@]}"; do run_app "$wl" "$v" "$round"; done
      fi
    done
  done
}

# ------------------------------------------------------------------------------------------------ the table

values() { # workload variant key
  awk -v w="$1" -v b="$2" -v k="$3" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["workload"] == w && v["variant"] == b && v["status"] == "ok" && (k in v) && v[k] != "n/a" { print v[k] }' "$RAW"
}
median() {
  values "$@" | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}
all_of() { values "$@" | tr '\n' ' ' | sed 's/ $//'; }
has() { local v; for v in "${VARIANT_LIST[@]}"; do [ "$v" = "$1" ] && return 0; done; return 1; }

# One row: the variants' medians, then lite/kafka (with the target), lite-nocache/kafka-nocache, lite-rocksdb/kafka.
ALL_VARIANTS="kafka lite kafka-nocache lite-nocache lite-rocksdb"
row() { # workload label key better scale format [target]
  local wl=$1 label=$2 key=$3 better=$4 scale=$5 fmt=$6 target=${7:-} v vals=""
  for v in $ALL_VARIANTS; do vals+="$(median "$wl" "$v" "$key") "; done
  awk -v label="$label" -v vals="$vals" -v better="$better" -v scale="$scale" -v fmt="$fmt" -v target="$target" \
      -v shown="$VARIANTS" -v all="$ALL_VARIANTS" 'BEGIN {
    split(vals, x, " "); n = split(all, names, " ")
    for (i = 1; i <= n; i++) { val[names[i]] = x[i]; on[names[i]] = index("," shown ",", "," names[i] ",") > 0 }
    line = sprintf("%-38s", label)
    for (i = 1; i <= n; i++) {
      v = names[i]; s = !on[v] ? "-" : (val[v] == "n/a" ? "n/a" : sprintf(fmt, val[v] * scale))
      line = line sprintf(" %8s", s)
    }
    line = line sprintf("  %8s %8s %8s  %-6s", ratio("lite", "kafka"), ratio("lite-nocache", "kafka-nocache"),
                        ratio("lite-rocksdb", "kafka"), better)
    if (target != "" && on["lite"] && on["kafka"] && val["lite"] != "n/a" && val["kafka"] != "n/a" && val["kafka"] + 0 > 0) {
      r = val["lite"] / val["kafka"]; op = substr(target, 1, 2); goal = substr(target, 3) + 0
      ok = (op == "<=") ? (r <= goal) : (r >= goal)
      line = line sprintf("  lite/kafka %s %sx: %s", op, substr(target, 3), ok ? "met" : "MISSED")
    }
    print line }
    function ratio(a, b) {
      if (!on[a] || !on[b] || val[a] == "n/a" || val[b] == "n/a" || val[b] + 0 == 0) return "-"
      return sprintf("%.2fx", val[a] / val[b]) }'
}

report() {
  local wl title v
  echo "$MACHINE_INFO"
  echo "input:     ${GENERATED#GENERATED }"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  for wl in "${WORKLOAD_LIST[@]}"; do
    case $wl in
      wordcount) title="word count: $LINES lines -> split -> groupBy(word) -> count() -> output" ;;
      windowed) title="windowed count: $LINES lines keyed by word -> 1-minute tumbling windows, no grace -> count() -> output" ;;
    esac
    echo
    echo "($wl) $title; medians over $ROUNDS round(s)"
    printf "%-38s %8s %8s %8s %8s %8s  %8s %8s %8s  %-6s  %s\n" metric kafka lite kafka-nc lite-nc lite-rdb \
        lite/kafka nc/nc rdb/kafka better target
    row "$wl" "RUNNING (from launch), ms" running_ms lower 1 "%.0f"
    row "$wl" "first output (from launch), ms" first_output_ms lower 1 "%.0f" "<=0.5"
    row "$wl" "all input processed, ms" done_ms lower 1 "%.0f"
    row "$wl" "throughput from RUNNING, lines/s" lines_per_s higher 1 "%.0f" ">=1.5"
    row "$wl" "throughput after 1st output, lines/s" after_first_lines_per_s higher 1 "%.0f"
    row "$wl" "throughput from launch, lines/s" launch_lines_per_s higher 1 "%.0f"
    row "$wl" "peak RSS (VmHWM), MiB" peak_rss_kb lower 0.0009765625 "%.0f" "<=0.5"
    row "$wl" "CPU, launch to done, s" cpu_s lower 1 "%.2f"
    row "$wl" "output records" output_records lower 1 "%.0f"
    if [ "$wl" = windowed ] && [ "$LITE_WINDOWS" != 1 ]; then
      echo "  streams-lite: skipped: streams-lite has no windows yet ($LITE_WINDOWS_WHY)"
    fi
    echo "  per round (first output ms / done ms / peak RSS kB / output records; runs verified correct):"
    for v in "${VARIANT_LIST[@]}"; do
      if [ "$wl" = windowed ] && [[ "$v" == lite* ]] && [ "$LITE_WINDOWS" != 1 ]; then
        printf '    %-14s skipped: streams-lite has no windows yet\n' "$v"
        continue
      fi
      printf '    %-14s %s / %s / %s / %s; %s of %s\n' "$v" "$(all_of "$wl" "$v" first_output_ms)" "$(all_of "$wl" "$v" done_ms)" \
          "$(all_of "$wl" "$v" peak_rss_kb)" "$(all_of "$wl" "$v" output_records)" \
          "$(values "$wl" "$v" done_ms | wc -l)" "$ROUNDS"
    done
    echo "  sampled final counts (key:true/final), last run of lite and kafka:"
    for v in kafka lite; do
      has "$v" && [ -n "$(values "$wl" "$v" samples)" ] || continue
      printf '    %-6s %s\n' "$v" "$(values "$wl" "$v" samples | tail -1)"
    done
  done
  local failures
  failures=$(grep -c 'status=FAILED' "$RAW" || true)
  echo
  if [ "$failures" != 0 ]; then
    echo "FAILED runs ($failures; not in the medians):"
    grep 'status=FAILED' "$RAW" | sed 's/^/  /'
    echo
  fi
  echo "columns: kafka-nc, lite-nc = kafka-nocache, lite-nocache (statestore.cache.max.bytes=0); lite-rdb = lite-rocksdb."
  echo "ratios: streams-lite / Kafka Streams: lite/kafka (as they come; the targets), nc/nc (both without record cache),"
  echo "rdb/kafka (streams-lite with RocksDB stores against Kafka Streams); 'better' is the direction that wins."
  echo "raw per-run results: $RAW; per-run logs: $RUN_DIR/r<round>-<workload>-<variant>/"
}

# ------------------------------------------------------------------------------------------------ main

main() {
  mkdir -p "$RUN_DIR"
  warn_if_busy
  build
  fetch_classpath "$BENCH/maven/kafka-streams" "$STREAMS_LIB" "kafka.streams.version=$STREAMS_VERSION"
  lite_classpath
  compile_apps
  [ "$LITE_WINDOWS" = 1 ] || log "skipped: streams-lite has no windows yet ($LITE_WINDOWS_WHY): its windowed runs are skipped"
  write_raw_header
  start_the_broker
  generate_input
  run_rounds
  report | tee "$REPORT"
  ! grep -q 'status=FAILED' "$RAW"
}

main "$@"
