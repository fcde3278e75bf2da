#!/usr/bin/env bash
# Jakarta Messaging (issue 18 item 5): persistent queues through Tributary's JMS provider (jms-client,
# io.tributary.jms.TributaryConnectionFactory) against Apache ActiveMQ Artemis 2.44.0, side by side on this machine.
#
#   bench/jms-compare.sh                     3 rounds, 200,000 x 1 KiB messages (roughly 40 minutes on 2 cores:
#                                            sync sends run at 1,000-4,000 msg/s here)
#   QUICK=1 ROUNDS=1 bench/jms-compare.sh    small sizes: checks the script in about 3 minutes
#
# For each round, Artemis then Tributary (Tributary first in even rounds), each a fresh single broker on fresh ports
# and a fresh data dir:
#
#   artemis     a standalone broker as the distribution makes one: `artemis create` (artemis-cli 2.44.0 from Maven
#               Central; Central has no bin distribution of 2.44.0) writes a fresh instance (etc/broker.xml with the
#               persistent journal, journal-buffer-timeout tuned by create's own disk sync test, acceptor on
#               127.0.0.1:<port>, anonymous login), then `artemis run` in a JVM of its own with the instance's
#               etc/artemis.profile flags (-Xmx1G through --java-memory) and, as bin/artemis, java.library.path at
#               Artemis's libaio binding (unpacked from activemq-artemis-native). The journal type is create's
#               choice (ASYNCIO where libaio is installed, Debian's libaio1; else NIO) unless ARTEMIS_JOURNAL says
#               otherwise; the report shows which ran. Durable sends are fsynced (journal-datasync, the default);
#               Tributary, like Kafka, leaves fsync to the OS (flush.messages/flush.ms unset).
#   tributary   one node with bin/tributary as bench/compare.sh starts it (bench/lib/brokers.sh), run from a copy of
#               broker/target (SNAPSHOT=1); each queue's topic created first with PARTITIONS partitions (Admin,
#               not timed).
#
# The clients: bench/JmsBenchClient.java, one JVM per workload (-Xmx512M, as the other tools), through
# ActiveMQConnectionFactory (artemis-jakarta-client 2.44.0) or TributaryConnectionFactory (jms-client of this
# checkout), each with its defaults; one Connection per producer and per consumer; non-transacted AUTO_ACKNOWLEDGE
# sessions; TextMessages of SIZE ASCII characters, DeliveryMode PERSISTENT; a fresh queue per workload:
#
#   warm-up   WARM_RECORDS sent (async), then a quarter as many sync, and received as in (a); not counted;
#   (a) sync  PRODUCERS send RECORDS messages with producer.send() (synchronous: JMS's default for persistent) while
#             CONSUMERS competing consumers receive them: messages/s end to end, first send to last receive (the
#             target figure), and the send rate during it;
#   (a) sync, phased: the same but all sent first (send-only rate), then the consumers created (receive-only rate,
#             from the first createConsumer to the last receive);
#   (a) async, and async phased (ASYNC=1): the same with send(message, CompletionListener) (at most 10,000
#             unconfirmed per producer); skipped, not failed, when the provider refuses async sends;
#   (b) latency  one producer sends one message at a time (sync) and waits until the one consumer has it:
#             send -> receive p50/p90/p99/p99.9 over LAT_MESSAGES (after LAT_WARMUP not counted);
#   memory    the broker's peak resident set (VmHWM) after (b).
#
# Every workload (the warm-up too) checks exactly-once delivery: each id received, none twice, and afterwards a fresh
# consumer finds the queue empty; a workload that fails it is FAILED (not in the medians), and the script then exits
# with status 1 after the report. The broker's CPU (utime+stime) is sampled
# around each workload's client JVM. Prints medians, ratios Tributary / Artemis, issue 18's target (>= 1.5x on (a)
# sync messages/s end to end) and every round's figures. Everything goes to bench/target/runs/jms-<date-time>/
# (report.txt, raw.txt with one key=value line per round, broker and workload, round<N>-<broker>/ with the broker's
# and each client's log).
#
# Settings (environment):
#   ROUNDS=3          rounds; each round runs both brokers once
#   QUICK=0           1: small sizes (RECORDS=20000, WARM_RECORDS=5000, LAT_MESSAGES=500, LAT_WARMUP=100)
#   RECORDS=200000    messages per throughput workload
#   SIZE=1024         characters (= UTF-8 bytes) of each TextMessage's text: 1 KiB, the default message size of
#                     Artemis's own `artemis perf` tool and a typical small business document
#   PRODUCERS=1       producer threads (one Connection each) of (a)
#   CONSUMERS=3       competing consumer threads (one Connection each) of (a)
#   ASYNC=1           0: skip the async-send workloads
#   PHASED=1          0: skip the phased (send-only, then receive-only) workloads
#   LAT_MESSAGES=5000 (b)'s counted messages; LAT_WARMUP=500 before them, not counted
#   WARMUP=1          0: no warm-up; WARM_RECORDS (default min(RECORDS, 20000)) its messages
#   PARTITIONS=3      partitions of each Tributary queue's topic (0: let the provider create it, broker defaults)
#   ARTEMIS_JOURNAL=  nio, aio or mapped: `artemis create --<type>`; empty: create's own choice
#   ONLY=             artemis or tributary: run one broker only (no ratios); for trying the script
#   SKIP_BUILD=0      1: do not run Maven on Tributary first (use broker/target and jms-client/target as they are)
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
  RECORDS=${RECORDS:-20000} WARM_RECORDS=${WARM_RECORDS:-5000} LAT_MESSAGES=${LAT_MESSAGES:-500}
  LAT_WARMUP=${LAT_WARMUP:-100}
fi
RECORDS=${RECORDS:-200000}
SIZE=${SIZE:-1024}
PRODUCERS=${PRODUCERS:-1}
CONSUMERS=${CONSUMERS:-3}
ASYNC=${ASYNC:-1}
PHASED=${PHASED:-1}
LAT_MESSAGES=${LAT_MESSAGES:-5000}
LAT_WARMUP=${LAT_WARMUP:-500}
WARMUP=${WARMUP:-1}
WARM_RECORDS=${WARM_RECORDS:-$(( RECORDS < 20000 ? RECORDS : 20000 ))}
PARTITIONS=${PARTITIONS:-3}
ARTEMIS_JOURNAL=${ARTEMIS_JOURNAL:-}
ONLY=${ONLY:-}
SKIP_BUILD=${SKIP_BUILD:-0}
SNAPSHOT=${SNAPSHOT:-1}
KEEP_DATA=${KEEP_DATA:-0}
for v in ROUNDS RECORDS SIZE PRODUCERS CONSUMERS LAT_MESSAGES WARM_RECORDS; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "$v must be a positive number (got '${!v}')" >&2; exit 2; }
done
[[ "$LAT_WARMUP" =~ ^[0-9]+$ ]] || { echo "LAT_WARMUP must be a number (got '$LAT_WARMUP')" >&2; exit 2; }
[[ "$PARTITIONS" =~ ^[0-9]+$ ]] || { echo "PARTITIONS must be a number (got '$PARTITIONS')" >&2; exit 2; }
case "$ONLY" in ""|artemis|tributary) ;; *) echo "ONLY must be artemis or tributary (got '$ONLY')" >&2; exit 2 ;; esac
case "$ARTEMIS_JOURNAL" in ""|nio|aio|mapped) ;; *) echo "ARTEMIS_JOURNAL must be nio, aio or mapped (got '$ARTEMIS_JOURNAL')" >&2; exit 2 ;; esac

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/jms-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt          # one line per (round, broker, workload): the data behind the table
REPORT=$RUN_DIR/report.txt    # the table as printed

# Tributary's start-up and teardown, tools, /proc sampling, result lines, medians: shared with compare.sh and the
# other scripts. This script's own: Artemis, the JMS client, the round order and the table's columns (below).
source "$BENCH/lib/brokers.sh"

ARTEMIS_VERSION=2.44.0
ARTEMIS_BROKER_LIB=$WORK/lib-artemis-broker-$ARTEMIS_VERSION
ARTEMIS_CLIENT_LIB=$WORK/lib-artemis-client-$ARTEMIS_VERSION
# Artemis's libaio binding, out of its jar, where the distribution keeps it (bin/lib/linux-<arch>, its bin/artemis
# passes it as java.library.path): loaded only where libaio itself is installed (Debian: libaio1).
ARTEMIS_NATIVE=$ARTEMIS_BROKER_LIB/bin/lib/linux-$(uname -m)
TRIBUTARY_JMS_LIB=$RUN_DIR/lib-tributary-jms   # per run: jms-client's jar as built, and its dependencies
JMS_CLASSES=$WORK/classes-jms                  # JmsBenchClient, compiled against jakarta.jms-api 3.1 only

# The queues, one per workload (each broker is fresh every round).
QUEUES=(jms-warm jms-a-sync jms-a-sync-phased jms-a-async jms-a-async-phased jms-b-latency)

# ------------------------------------------------------------------------------------------------ preparation

machine_info() {
  machine_info_common | grep -v '^kafka:'
  echo "build:     ${SNAPSHOT_INFO:-broker/target of the checkout}; ${TRIBUTARY_JMS_INFO:-no jms-client (ONLY=artemis)}"
  echo "artemis:   $ARTEMIS_VERSION, standalone: 'artemis create' (artemis-cli from Maven Central) + 'artemis run', instance profile's JVM flags with --java-memory 1G; journal ${ARTEMIS_JOURNAL:-as create chooses}"
  echo "settings:  ROUNDS=$ROUNDS QUICK=$QUICK RECORDS=$RECORDS SIZE=$SIZE PRODUCERS=$PRODUCERS CONSUMERS=$CONSUMERS ASYNC=$ASYNC PHASED=$PHASED LAT_MESSAGES=$LAT_MESSAGES LAT_WARMUP=$LAT_WARMUP WARMUP=$WARMUP WARM_RECORDS=$WARM_RECORDS PARTITIONS=$PARTITIONS${ONLY:+ ONLY=$ONLY}"
  echo "clients:   JmsBenchClient, provider defaults, one Connection per producer/consumer, non-transacted AUTO_ACKNOWLEDGE, PERSISTENT TextMessages"
}

runs_tributary() { [ -z "$ONLY" ] || [ "$ONLY" = tributary ]; }
runs_artemis() { [ -z "$ONLY" ] || [ "$ONLY" = artemis ]; }

# Tributary's broker and its JMS provider (unless SKIP_BUILD=1).
build_tributary_jms() {
  if [ "$SKIP_BUILD" = 1 ]; then log "SKIP_BUILD=1: using the Tributary build as it is (broker/target, jms-client/target)"; return; fi
  log "building Tributary (./mvnw -B -q -DskipTests package -pl broker,jms-client -am)"
  (cd "$REPO" && ./mvnw -B -q -DskipTests package -pl broker,jms-client -am) >"$RUN_DIR/build.log" 2>&1 \
    || { tail -40 "$RUN_DIR/build.log" >&2; die "Tributary build failed, see $RUN_DIR/build.log"; }
}

# The Tributary JMS client's class path, for this run: jms-client/target's jar (copied, so a rebuild during the run
# cannot change it) and its run-time dependencies as Maven resolves them in this checkout, plus the log4j2 binding
# the Artemis client uses (kafka-clients logs through SLF4J). Sets TRIBUTARY_JMS_INFO.
tributary_jms_classpath() {
  local jar
  jar=$(ls "$REPO"/jms-client/target/jms-client-*.jar 2>/dev/null | grep -v -e sources -e tests -e javadoc | head -n 1 || true)
  [ -n "$jar" ] || die "no jms-client build in $REPO/jms-client/target (run without SKIP_BUILD=1, or: ./mvnw -B -q -DskipTests install -pl jms-client)"
  jar tf "$jar" | grep -qx 'io/tributary/jms/TributaryConnectionFactory.class' \
    || die "$jar has no io.tributary.jms.TributaryConnectionFactory (an old build? rebuild jms-client)"
  log "Tributary JMS client: $(basename "$jar") and its dependencies into $TRIBUTARY_JMS_LIB"
  mkdir -p "$TRIBUTARY_JMS_LIB"
  (cd "$REPO" && ./mvnw -B -q -pl jms-client \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime "-DoutputDirectory=$TRIBUTARY_JMS_LIB") >"$RUN_DIR/jms-classpath.log" 2>&1 \
    || { tail -40 "$RUN_DIR/jms-classpath.log" >&2; die "Maven could not list jms-client's dependencies, see $RUN_DIR/jms-classpath.log"; }
  cp -p "$jar" "$TRIBUTARY_JMS_LIB/"
  cp -p "$ARTEMIS_CLIENT_LIB"/log4j-api-*.jar "$ARTEMIS_CLIENT_LIB"/log4j-core-*.jar \
        "$ARTEMIS_CLIENT_LIB"/log4j-slf4j2-impl-*.jar "$TRIBUTARY_JMS_LIB/"
  TRIBUTARY_JMS_INFO="jms-client $(basename "$jar") as of $(date -r "$jar" '+%F %T') ($(sha256sum "$jar" | cut -c1-12)), kafka-clients $(ls "$TRIBUTARY_JMS_LIB" | sed -n 's/^kafka-clients-\(.*\)\.jar$/\1/p')"
}

compile_jms_client() {
  if [ -f "$JMS_CLASSES/JmsBenchClient.class" ] && [ "$JMS_CLASSES/JmsBenchClient.class" -nt "$BENCH/JmsBenchClient.java" ]; then
    return
  fi
  mkdir -p "$JMS_CLASSES"
  javac -nowarn -cp "$(ls "$ARTEMIS_CLIENT_LIB"/jakarta.jms-api-3.*.jar | head -n 1)" -d "$JMS_CLASSES" \
      "$BENCH/JmsBenchClient.java" || die "javac JmsBenchClient.java failed"
}

prepare_jms_run() {
  if runs_tributary; then build_tributary_jms; fi
  fetch_classpath "$BENCH/maven/artemis-client" "$ARTEMIS_CLIENT_LIB" "artemis.version=$ARTEMIS_VERSION"
  if runs_artemis; then
    fetch_classpath "$BENCH/maven/artemis-broker" "$ARTEMIS_BROKER_LIB" "artemis.version=$ARTEMIS_VERSION"
    artemis_native
  fi
  if runs_tributary; then
    fetch_classpath "$BENCH/maven/kafka-tools" "$TOOLS_LIB" "kafka.tools.version=$KAFKA_TOOLS_VERSION"
    compile_client BenchClient   # create-topics
    tributary_jms_classpath
    snapshot_tributary
  fi
  compile_jms_client
}

# ------------------------------------------------------------------------------------------------ Artemis

artemis_native() {
  local jar
  if [ -d "$ARTEMIS_NATIVE" ]; then return; fi
  jar=$(ls "$ARTEMIS_BROKER_LIB"/activemq-artemis-native-*.jar 2>/dev/null | head -n 1 || true)
  [ -n "$jar" ] || { log "warning: no activemq-artemis-native jar: Artemis runs NIO"; return; }
  mkdir -p "$ARTEMIS_BROKER_LIB/bin.tmp"
  (cd "$ARTEMIS_BROKER_LIB/bin.tmp" && jar xf "$jar" lib/) || { log "warning: could not unpack $jar"; return; }
  mv "$ARTEMIS_BROKER_LIB/bin.tmp" "$ARTEMIS_BROKER_LIB/bin"
}

# A fresh broker instance with `artemis create`, as a user of the distribution makes one (not timed): its disk sync
# test sets journal-buffer-timeout; --no-web (no console), anonymous access (the guest role may do everything),
# the main acceptor on 127.0.0.1:$PORT and no per-protocol extra acceptors (fixed ports). Then `artemis run`, with
# the flags the instance's bin/artemis would use: etc/artemis.profile's JAVA_ARGS, the JAAS login config, the
# instance's directories as system properties. Sets BROKER_PID and friends as brokers.sh's start_* do, and
# ARTEMIS_INSTANCE.
start_artemis() { # dir
  local dir=$1 inst=$1/instance jvm_args
  local journal_opt=()
  [ -z "$ARTEMIS_JOURNAL" ] || journal_opt=("--$ARTEMIS_JOURNAL")
  ARTEMIS_INSTANCE=$inst
  BROKER_LOG=$dir/broker.out
  READY_PATTERN='AMQ221007: Server is now active'
  if ! run_child java -Xmx512M "-Dlog4j2.configurationFile=$BENCH/conf/log4j2-tools.properties" \
      "-Djava.library.path=$ARTEMIS_NATIVE" -cp "$ARTEMIS_BROKER_LIB/*" org.apache.activemq.artemis.cli.Artemis create --silent --force --no-web \
      --allow-anonymous --user bench --password bench --host 127.0.0.1 --default-port "$PORT" --java-memory 1G \
      --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor "${journal_opt[@]}" \
      --home "$ARTEMIS_BROKER_LIB" "$inst" >"$dir/create.log" 2>&1; then
    failed startup "$dir/create.log" artemis-create-failed
    return 1
  fi
  BROKER_DATA=$inst/data
  mkdir -p "$inst/tmp"
  jvm_args=$(env -u JAVA_ARGS bash -c '. "$1/etc/artemis.profile" >/dev/null 2>&1; printf %s "$JAVA_ARGS"' _ "$inst")
  [ -n "$jvm_args" ] || { failed startup "$inst/etc/artemis.profile" no-JAVA_ARGS-in-profile; return 1; }
  echo "$jvm_args" > "$dir/jvm-args.txt"
  T0=$(now_us)
  # shellcheck disable=SC2086   # JAVA_ARGS is a list of flags, split as bin/artemis splits it
  java $jvm_args "-Dlog4j2.configurationFile=$inst/etc/log4j2.properties" \
      "-Djava.security.auth.login.config=$inst/etc/login.config" -cp "$inst/etc:$ARTEMIS_BROKER_LIB/*" \
      "-Dartemis.home=$ARTEMIS_BROKER_LIB" "-Dartemis.instance=$inst" "-Djava.library.path=$ARTEMIS_NATIVE" \
      "-Djava.io.tmpdir=$inst/tmp" \
      "-Ddata.dir=$inst/data" "-Dartemis.instance.etc=$inst/etc" \
      org.apache.activemq.artemis.cli.Artemis run >"$BROKER_LOG" 2>&1 </dev/null &
  BROKER_PID=$!
}

# What the instance runs with: the journal type the broker logged (AMQ221013 / AMQ221012 / ...), and what create
# wrote into broker.xml (journal-buffer-timeout from its sync test, datasync, max-io).
artemis_config_line() {
  local xml=$ARTEMIS_INSTANCE/etc/broker.xml journal
  journal=$(grep -o 'Using [A-Za-z]* Journal' "$BROKER_LOG" | head -n 1 | awk '{print $2}')
  raw "workload=artemis_config status=ok journal=${journal:-?}" \
      "configured_journal=$(sed -n 's:.*<journal-type>\(.*\)</journal-type>.*:\1:p' "$xml" | head -n 1)" \
      "buffer_timeout_ns=$(sed -n 's:.*<journal-buffer-timeout>\(.*\)</journal-buffer-timeout>.*:\1:p' "$xml" | head -n 1)" \
      "datasync=$(sed -n 's:.*<journal-datasync>\(.*\)</journal-datasync>.*:\1:p' "$xml" | head -n 1)" \
      "max_io=$(sed -n 's:.*<journal-max-io>\(.*\)</journal-max-io>.*:\1:p' "$xml" | head -n 1)" \
      "sync_writes_per_ms=$(grep -o 'can make [0-9.]* writes per millisecond' "$RDIR/create.log" | awk '{print $3}' | head -n 1)"
}

# ------------------------------------------------------------------------------------------------ workloads

create_queues() {
  [ "$KIND" = tributary ] && [ "$PARTITIONS" -gt 0 ] || return 0
  local specs=() q
  for q in "${QUEUES[@]}"; do specs+=("$q:$PARTITIONS"); done
  tool BenchClient create-topics "$BOOTSTRAP" "${specs[@]}" >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

jms_tool() { # JmsBenchClient args...: the provider's client class path, the tools' JVM flags
  local cp
  if [ "$KIND" = artemis ]; then cp=$ARTEMIS_CLIENT_LIB/*; else cp=$TRIBUTARY_JMS_LIB/*; fi
  run_child timeout -k 10 "$TOOL_TIMEOUT" java "${TOOL_JVM[@]}" -cp "$cp:$JMS_CLASSES" JmsBenchClient "$@"
}

cpu_s_since() { # ticks0
  awk -v t=$(( $(cpu_ticks "$BROKER_PID") - $1 )) -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}'
}

# One JmsBenchClient run (throughput or latency): its JMS line into the raw file, or a FAILED line (a missing,
# duplicate or leftover message included), or status=skipped when the provider does not support async sends.
jms_run() { # workload JmsBenchClient-args...
  local wl=$1 out=$RDIR/$1.log ticks0 start rc=0 line reason
  shift
  need_broker "$wl" || return 0
  ticks0=$(cpu_ticks "$BROKER_PID"); start=$(now_us)
  jms_tool "$@" >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  line=$(grep '^JMS ' "$out" | tail -n 1 || true)
  if [ -z "$line" ]; then failed "$wl" "$out" "no-result(rc=$rc)"; return; fi
  case "$line" in
    "JMS status=unsupported"*)
      raw "workload=$wl status=skipped reason=async-send-unsupported"
      log "$KIND: $wl skipped: the provider does not support send(message, CompletionListener)"
      return ;;
    "JMS status=ok "*)
      [ "$rc" = 0 ] || { failed "$wl" "$out" "exit-$rc"; return; } ;;
    *)
      reason=$(grep -o 'distinct=[^ ]*\|duplicates=[^ ]*\|leftover=[^ ]*\|error=[^ ]*' <<< "$line" | tr '\n' ',' | cut -c1-300)
      failed "$wl" "$out" "${reason%,}"
      return ;;
  esac
  raw "workload=$wl status=ok ${line#JMS status=ok }" "cpu_s=$(cpu_s_since "$ticks0")" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS) load1=$(load1)"
}

throughput() { # workload queue sync|async concurrent|phased
  jms_run "$1" throughput "$KIND" "$CONNECT" "$2" "$RECORDS" "$SIZE" "$PRODUCERS" "$CONSUMERS" "$3" "$4"
}

# Async sends first (quick), then a quarter as many sync ones: the paths of (a) sync, the target's, get compiled too.
# Not timed, but checked as every workload: a message lost or delivered twice is recorded as FAILED.
warm_up() {
  [ "$WARMUP" = 1 ] || return 0
  local sync_records=$(( WARM_RECORDS / 4 > 0 ? WARM_RECORDS / 4 : 1 ))
  log "$KIND: warm-up, $WARM_RECORDS x $SIZE B sent async, then $sync_records sync, and received; not counted"
  warm_up_run warmup_async "$WARM_RECORDS" async
  warm_up_run warmup_sync "$sync_records" sync
}

warm_up_run() { # name records sync|async
  local out=$RDIR/$1.log line
  jms_tool throughput "$KIND" "$CONNECT" "jms-warm" "$2" "$SIZE" "$PRODUCERS" "$CONSUMERS" "$3" concurrent \
      >"$out" 2>&1 && return 0
  line=$(grep '^JMS ' "$out" | tail -n 1 || true)
  case "$line" in
    "JMS status=unsupported"*) return 0 ;;
    "") failed "$1" "$out" no-result ;;
    *) failed "$1" "$out" "$(grep -o 'distinct=[^ ]*\|duplicates=[^ ]*\|leftover=[^ ]*\|error=[^ ]*' <<< "$line" | tr '\n' ',' | cut -c1-300)" ;;
  esac
}

last_result() { # workload: the headline fields of its raw line in this round, for the progress log
  awk -v r="$ROUND" -v b="$KIND" -v w="$1" '$1 == "round=" r && $2 == "broker=" b && $3 == "workload=" w { line = $0 }
    END { n = split(line, f, " "); out = ""
      for (i = 1; i <= n; i++) {
        k = substr(f[i], 1, index(f[i], "=") - 1)
        if (k ~ /^(status|reason|records_per_s|send_per_s|p50_us|p99_us|redelivered|cpu_s)$/ && f[i] != "status=ok") out = out f[i] " "
      }
      print out }' "$RAW"
}

# Fresh ports and data dir -> start -> (Tributary: queue topics) -> warm-up -> (a) -> (b) -> peak RSS -> stop.
run_broker() { # kind round
  KIND=$1 ROUND=$2 RDIR=$RUN_DIR/round$2-$1
  if [ -n "$ONLY" ] && [ "$ONLY" != "$KIND" ]; then return; fi
  mkdir -p "$RDIR"
  pick_ports
  log "round $ROUND: $KIND"
  if [ "$KIND" = artemis ]; then
    CONNECT=tcp://127.0.0.1:$PORT
    start_artemis "$RDIR" || { stop_broker; return; }
  else
    BROKER_DATA=$RDIR/data
    BOOTSTRAP=127.0.0.1:$PORT CONNECT=127.0.0.1:$PORT
    start_tributary "$RDIR"
  fi
  if wait_started && create_queues; then
    if [ "$KIND" = artemis ]; then artemis_config_line; fi
    warm_up
    log "$KIND: (a) sync sends, $PRODUCERS producer(s) and $CONSUMERS consumers at once, $RECORDS x $SIZE B"
    throughput a_sync jms-a-sync sync concurrent
    log "$KIND: (a) sync: $(last_result a_sync)"
    if [ "$PHASED" = 1 ]; then
      log "$KIND: (a) sync sends, phased: send all, then receive"
      throughput a_sync_phased jms-a-sync-phased sync phased
      log "$KIND: (a) sync phased: $(last_result a_sync_phased)"
    fi
    if [ "$ASYNC" = 1 ]; then
      log "$KIND: (a) async sends (CompletionListener), at once"
      throughput a_async jms-a-async async concurrent
      log "$KIND: (a) async: $(last_result a_async)"
      if [ "$PHASED" = 1 ]; then
        log "$KIND: (a) async sends, phased"
        throughput a_async_phased jms-a-async-phased async phased
        log "$KIND: (a) async phased: $(last_result a_async_phased)"
      fi
    fi
    log "$KIND: (b) latency, $LAT_MESSAGES messages one at a time (after $LAT_WARMUP)"
    jms_run b_latency latency "$KIND" "$CONNECT" jms-b-latency "$LAT_MESSAGES" "$SIZE" "$LAT_WARMUP"
    log "$KIND: (b) $(last_result b_latency)"
    if alive "$BROKER_PID"; then
      raw "workload=memory status=ok peak_rss_kb=$(status_kb "$BROKER_PID" VmHWM) rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
    fi
  fi
  stop_broker
  sync   # the next broker should not pay for writing back this one's dirty pages
}

# Artemis first in odd rounds, Tributary first in even rounds (brokers.sh's run_alternating_rounds names Kafka).
run_rounds() {
  local round
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then run_broker artemis "$round"; run_broker tributary "$round"
    else run_broker tributary "$round"; run_broker artemis "$round"; fi
  done
}

# ------------------------------------------------------------------------------------------------ the table

# brokers.sh's table_head and row, with Artemis in Kafka's column.
table_head() {
  echo "Medians over $ROUNDS round(s); ratio = Tributary / Artemis; 'better' says which direction wins."
  printf "%-50s %12s %12s %11s  %-7s %s\n" "metric" "Artemis" "Tributary" "ratio" "better" "ahead"
}

row() { # label artemis tributary better(higher|lower) scale printf-format
  awk -v label="$1" -v k="$2" -v t="$3" -v better="$4" -v scale="$5" -v fmt="$6" 'BEGIN {
    ks = (k == "n/a") ? "n/a" : sprintf(fmt, k * scale)
    ts = (t == "n/a") ? "n/a" : sprintf(fmt, t * scale)
    ratio = "n/a"; ahead = ""
    if (k != "n/a" && t != "n/a" && k + 0 > 0) {
      r = t / k; ratio = sprintf("%.2fx", r)
      if (r == 1) ahead = "even"
      else ahead = ((better == "higher") == (r > 1)) ? "Tributary" : "Artemis"
    }
    printf "%-50s %12s %12s %11s  %-7s %s\n", label, ks, ts, ratio, better, ahead }'
}

# Broker CPU seconds per 100,000 messages of a workload, per round, then the median.
cpu_per_100k() { # broker workload
  awk -v b="$1" -v w="$2" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["broker"] == b && v["status"] == "ok" && v["workload"] == w { printf "%.3f\n", v["cpu_s"] / (v["records"] / 1e5) }' "$RAW" \
  | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

target() { # label artemis tributary
  awk -v label="$1" -v k="$2" -v t="$3" 'BEGIN {
    if (k == "n/a" || t == "n/a" || k + 0 <= 0) { printf "  %-52s n/a\n", label; exit }
    r = t / k; printf "  %-52s %.2fx  %s\n", label, r, (r >= 1.5) ? "met" : "MISSED" }'
}

m() { median "$@"; }   # broker workload key

throughput_rows() { # workload label phased(0|1)
  if [ "$3" = 0 ]; then
    row "$2, msg/s e2e" "$(m artemis "$1" e2e_per_s)" "$(m tributary "$1" e2e_per_s)" higher 1 "%.0f"
    row "  same, MB/s" "$(m artemis "$1" mb_per_s)" "$(m tributary "$1" mb_per_s)" higher 1 "%.2f"
    row "  send rate meanwhile, msg/s" "$(m artemis "$1" send_per_s)" "$(m tributary "$1" send_per_s)" higher 1 "%.0f"
  else
    row "$2, send-only msg/s" "$(m artemis "$1" send_per_s)" "$(m tributary "$1" send_per_s)" higher 1 "%.0f"
    row "  then receive-only, msg/s" "$(m artemis "$1" receive_per_s)" "$(m tributary "$1" receive_per_s)" higher 1 "%.0f"
    row "  receive: createConsumer to first message, ms" \
        "$(m artemis "$1" first_receive_ms)" "$(m tributary "$1" first_receive_ms)" lower 1 "%.0f"
  fi
  if [[ "$1" == a_sync* ]]; then
    row "  send() call p50, us" "$(m artemis "$1" send_p50_us)" "$(m tributary "$1" send_p50_us)" lower 1 "%.0f"
    row "  send() call p99, us" "$(m artemis "$1" send_p99_us)" "$(m tributary "$1" send_p99_us)" lower 1 "%.0f"
  fi
  row "  broker CPU, s" "$(m artemis "$1" cpu_s)" "$(m tributary "$1" cpu_s)" lower 1 "%.2f"
  row "  broker CPU per 100k messages, s" "$(cpu_per_100k artemis "$1")" "$(cpu_per_100k tributary "$1")" lower 1 "%.2f"
}

skipped_note() { # workload
  local s
  s=$(awk -v w="$1" '$3 == "workload=" w && /status=skipped/ { split($2, b, "="); print b[2] }' "$RAW" | sort -u | tr '\n' ' ')
  [ -z "$s" ] || echo "  ($1 skipped on: $s— the provider refused send(message, CompletionListener))"
}

report() {
  local label="${RECORDS}x${SIZE}B, ${PRODUCERS}P/${CONSUMERS}C"
  echo "$MACHINE_INFO"
  echo "load:      $LOAD_AT_END (1/5/15 min, at the end)"
  echo
  table_head
  throughput_rows a_sync "(a) sync send $label" 0
  if [ "$PHASED" = 1 ]; then throughput_rows a_sync_phased "(a) sync, phased" 1; fi
  if [ "$ASYNC" = 1 ]; then
    throughput_rows a_async "(a) async send (CompletionListener)" 0
    if [ "$PHASED" = 1 ]; then throughput_rows a_async_phased "(a) async, phased" 1; fi
  fi
  row "(b) latency send->receive p50, ms" "$(m artemis b_latency p50_us)" "$(m tributary b_latency p50_us)" lower 0.001 "%.3f"
  row "  p90, ms" "$(m artemis b_latency p90_us)" "$(m tributary b_latency p90_us)" lower 0.001 "%.3f"
  row "  p99, ms" "$(m artemis b_latency p99_us)" "$(m tributary b_latency p99_us)" lower 0.001 "%.3f"
  row "  p99.9, ms" "$(m artemis b_latency p999_us)" "$(m tributary b_latency p999_us)" lower 0.001 "%.3f"
  row "  send() call p50, ms" "$(m artemis b_latency send_p50_us)" "$(m tributary b_latency send_p50_us)" lower 0.001 "%.3f"
  row "  broker CPU, s" "$(m artemis b_latency cpu_s)" "$(m tributary b_latency cpu_s)" lower 1 "%.2f"
  row "broker peak RSS (VmHWM), start..(b), MiB" \
      "$(m artemis memory peak_rss_kb)" "$(m tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f"
  row "start to ready logged, ms" "$(m artemis startup ready_ms)" "$(m tributary startup ready_ms)" lower 1 "%.0f"
  echo
  echo "Target of issue 18, item 5 (persistent queue throughput through the JMS provider >= 1.5x Artemis):"
  target "(a) sync send, msg/s end to end" "$(m artemis a_sync e2e_per_s)" "$(m tributary a_sync e2e_per_s)"
  if [ "$PHASED" = 1 ]; then
    target "(a) sync, send-only msg/s" "$(m artemis a_sync_phased send_per_s)" "$(m tributary a_sync_phased send_per_s)"
    target "(a) sync, receive-only msg/s" "$(m artemis a_sync_phased receive_per_s)" "$(m tributary a_sync_phased receive_per_s)"
  fi
  if [ "$ASYNC" = 1 ]; then
    target "(a) async send, msg/s end to end" "$(m artemis a_async e2e_per_s)" "$(m tributary a_async e2e_per_s)"
    skipped_note a_async
  fi
  echo
  echo "Artemis instance (per round): journal $(per_round artemis artemis_config journal %s), journal-buffer-timeout $(per_round artemis artemis_config buffer_timeout_ns) ns (create's sync test: $(per_round artemis artemis_config sync_writes_per_ms %s) writes/ms), datasync $(per_round artemis artemis_config datasync %s)"
  echo "Not the same durability: Artemis answers a durable send after its journal write is fsynced (journal-datasync);"
  echo "Tributary (as Kafka) once the record is in the log, fsync left to the OS (flush.messages/flush.ms unset)."
  echo "Per round (artemis | tributary):"
  echo "  (a) sync e2e msg/s:          $(per_round artemis a_sync e2e_per_s) | $(per_round tributary a_sync e2e_per_s)"
  echo "  (a) sync per consumer:       $(per_round artemis a_sync per_consumer %s) | $(per_round tributary a_sync per_consumer %s)"
  echo "  (a) sync redelivered:        $(per_round artemis a_sync redelivered) | $(per_round tributary a_sync redelivered)"
  if [ "$PHASED" = 1 ]; then
    echo "  (a) sync phased send msg/s:  $(per_round artemis a_sync_phased send_per_s) | $(per_round tributary a_sync_phased send_per_s)"
    echo "  (a) sync phased recv msg/s:  $(per_round artemis a_sync_phased receive_per_s) | $(per_round tributary a_sync_phased receive_per_s)"
  fi
  if [ "$ASYNC" = 1 ]; then
    echo "  (a) async e2e msg/s:         $(per_round artemis a_async e2e_per_s) | $(per_round tributary a_async e2e_per_s)"
    echo "  (a) async send msg/s:        $(per_round artemis a_async send_per_s) | $(per_round tributary a_async send_per_s)"
    if [ "$PHASED" = 1 ]; then
      echo "  (a) async phased send msg/s: $(per_round artemis a_async_phased send_per_s) | $(per_round tributary a_async_phased send_per_s)"
      echo "  (a) async phased recv msg/s: $(per_round artemis a_async_phased receive_per_s) | $(per_round tributary a_async_phased receive_per_s)"
    fi
  fi
  echo "  (b) p50 / p99 us:            $(per_round artemis b_latency p50_us) / $(per_round artemis b_latency p99_us) | $(per_round tributary b_latency p50_us) / $(per_round tributary b_latency p99_us)"
  echo "  peak RSS kB:                 $(per_round artemis memory peak_rss_kb) | $(per_round tributary memory peak_rss_kb)"
  echo "  load (1 min) after (a) sync: $(per_round artemis a_sync load1 %s) | $(per_round tributary a_sync load1 %s)"
  report_failures_and_paths
}

# ------------------------------------------------------------------------------------------------ main

main() {
  mkdir -p "$RUN_DIR"
  warn_if_busy
  if [ "$ONLY" = artemis ]; then SKIP_BUILD=1 SNAPSHOT=0; fi   # no Tributary runs: neither build nor copy it
  prepare_jms_run
  write_raw_header
  run_rounds
  print_report
  # Exactly-once is part of the benchmark: any failed workload (a lost or duplicate message included) fails the run.
  if grep -q 'status=FAILED' "$RAW"; then
    log "FAILED: $(grep -c 'status=FAILED' "$RAW") workload(s), listed above; exit status 1"
    exit 1
  fi
}

main "$@"
