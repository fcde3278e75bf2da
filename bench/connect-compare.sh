#!/usr/bin/env bash
# Tributary's Kafka Connect worker against Apache Kafka's (4.3.1), side by side on one Tributary broker (issue 13).
#
#   bench/connect-compare.sh [--lines N] [--rounds R]     defaults: 2,000,000 lines, 3 rounds (~5 minutes on 2 cores)
#
# Starts ONE Tributary broker (bin/tributary start, no registry, no bundled worker) on free ports and a temp data
# dir, shared by every worker of the run. Then, for each round, Apache's worker and ours, one after the other
# (Apache first in odd rounds, ours first in even rounds), each as a fresh distributed-mode process with its own
# group.id, internal topics, connector names and topic:
#
#   (a) start: from the launch of the worker process until GET / answers 200 (polled every 20 ms), and until it
#       has joined its group and runs work: a probe connector (FileStreamSource on an empty file) POSTed as soon as
#       REST answers, retried every 20 ms until accepted, and its connector and task both RUNNING;
#   (b) throughput: FileStreamSink and FileStreamSource POSTed (in that order) with a pre-written file of N lines
#       of 100 bytes (+ '\n') -> topic (1 partition, created beforehand) -> sink file. Timed from the first POST
#       until the sink file holds all N lines (end to end), until the topic's end offset reaches N (source only),
#       and until the first record reaches the topic (what assigning and starting the tasks takes); a small watcher
#       JVM (kafka-clients) polls the end offset and the file's size every 20 ms and logs both once a second
#       (<worker>-r<N>/watch.out);
#   (c) the worker JVM's peak resident set (VmHWM) at the end of the run, and its CPU (utime+stime) during (b).
#
# Apache's worker runs as bin/connect-distributed.sh runs it: -Xms256M -Xmx2G and kafka-run-class.sh's
# KAFKA_JVM_PERFORMANCE_OPTS, Log4j 2 to stdout at WARN, plugin.discovery=service_load. Ours runs as
# `bin/tributary connect distributed worker.properties` with bin/tributary's defaults. Both get the same worker
# settings otherwise (below). Prints medians, the ratios Tributary / Apache and the targets of issue 13.
#
# Both workers get: bootstrap.servers (the broker), group.id and config/offset/status.storage.topic fresh per run,
# replication factors 1, StringConverter for keys and values, offset.flush.interval.ms=10000, plugin.path = the
# connect-file plugin of compat-tests/connect-plugins, a REST listener on a free loopback port. The FileStreamSource
# gets batch.size=2000 (connect-file's default). The probe connector stays, idle, through (b).
#
# The machine should be otherwise quiet: on 2 cores, workers, broker and watcher are CPU-bound together, and any
# other load moves the absolute figures (and, less, the ratios); the report notes the load.
#
# Settings (environment):
#   SKIP_BUILD=0    1: do not run Maven on Tributary first
#   WARMUP=1        0: do not warm the broker up (1,000,000 x 100 B produced and consumed) before round 1
#   PERF=0          1: afterwards, one more run of our worker with (b) under Linux perf (not in the medians)
#   KEEP_DATA=0     1: keep the input file, sink files and the broker's data dir
#   CONNECT_BENCH_TMP=${TMPDIR:-/tmp}   where the run's temp dir (logs, raw.txt, report.txt) is made
#   LINE_BYTES=100  bytes per line of the input file, newline not counted
#   TRIBUTARY_CONNECT_HEAP_OPTS, TRIBUTARY_JVM_OPTS   passed on to bin/tributary (the latter reaches the broker too),
#                   e.g. TRIBUTARY_CONNECT_HEAP_OPTS="-Xms256m -Xmx512m" to try our worker with a smaller heap
set -euo pipefail
export LC_ALL=C

LINES=2000000
ROUNDS=3
while [ $# -gt 0 ]; do
  case $1 in
    --lines) LINES=${2:?--lines needs a number}; shift 2 ;;
    --lines=*) LINES=${1#*=}; shift ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
    --rounds=*) ROUNDS=${1#*=}; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "usage: $0 [--lines N] [--rounds R]" >&2; exit 2 ;;
  esac
done
[[ "$LINES" =~ ^[1-9][0-9]*$ ]] || { echo "--lines must be a positive number" >&2; exit 2; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be a positive number" >&2; exit 2; }

SKIP_BUILD=${SKIP_BUILD:-0}
WARMUP=${WARMUP:-1}
PERF=${PERF:-0}
KEEP_DATA=${KEEP_DATA:-0}
LINE_BYTES=${LINE_BYTES:-100}
[ "$LINE_BYTES" -ge 12 ] || { echo "LINE_BYTES must be 12 or more" >&2; exit 2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PLUGINS_TARGET=$REPO/compat-tests/connect-plugins/target
APACHE_LIB=$PLUGINS_TARGET/apache-connect/lib
FILE_PLUGIN=$PLUGINS_TARGET/plugins/file
WORK=$(mktemp -d "${CONNECT_BENCH_TMP:-${TMPDIR:-/tmp}}/connect-compare.XXXXXX")
RAW=$WORK/raw.txt
REPORT=$WORK/report.txt
INPUT=$WORK/input.txt
EMPTY=$WORK/empty.txt
CLK_TCK=$(getconf CLK_TCK)
SINK_BYTES=$(( LINES * (LINE_BYTES + 1) ))

# Apache's worker as bin/connect-distributed.sh starts it: its KAFKA_HEAP_OPTS, kafka-run-class.sh's
# KAFKA_JVM_PERFORMANCE_OPTS.
APACHE_JVM=(-Xms256M -Xmx2G -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
            -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true)
# The watcher / warm-up helper: small, and quick to start.
HELPER_JVM=(-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)

# ------------------------------------------------------------------------------------------------ small helpers

exec {LOG_FD}>&2
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&"$LOG_FD"; }
die() { log "error: $*"; exit 1; }
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

port_open() {
  local fd
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  exec {fd}>&-
}
free_port() { # sets the named variable to a free port, below the ephemeral range; never one handed out already
  local p
  while :; do
    p=$(( 10000 + RANDOM % 22000 ))
    [[ " $TAKEN_PORTS " == *" $p "* ]] && continue
    port_open "$p" || break
  done
  TAKEN_PORTS="$TAKEN_PORTS $p"
  printf -v "$1" '%s' "$p"
}
TAKEN_PORTS=""

alive() {
  local stat
  read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}
cpu_ticks() {
  local stat f
  read -r stat 2>/dev/null < "/proc/$1/stat" || { echo 0; return; }
  read -ra f <<< "${stat##*) }"
  echo $(( f[11] + f[12] ))
}
status_kb() {
  local key value _
  while read -r key value _; do
    if [ "$key" = "$2:" ]; then echo "$value"; return; fi
  done 2>/dev/null < "/proc/$1/status"
  echo 0
}
# "tid name ticks" per thread of a process, sorted by tid (for join).
thread_ticks() {
  local task stat name f
  for task in /proc/"$1"/task/*; do
    read -r stat 2>/dev/null < "$task/stat" || continue
    name=${stat#*(}; name=${name%)*}; name=${name// /_}
    read -ra f <<< "${stat##*) }"
    echo "${task##*/} $name $(( f[11] + f[12] ))"
  done | sort -k1,1
}
# CPU seconds per thread between two thread_ticks files (threads started in between count from 0), pools folded
# (numbers after - or # and at the end -> N), largest first.
thread_cpu() { # before after
  awk -v hz="$CLK_TCK" '
      FNR == NR { before[$1] = $3; next }
      { t = $2; gsub(/-[0-9]+/, "-N", t); gsub(/#[0-9]+/, "#N", t); sub(/[0-9]+$/, "N", t)
        cpu[t] += ($3 - (($1 in before) ? before[$1] : 0)) / hz }
      END { for (t in cpu) if (cpu[t] >= 0.05) printf "%7.2f  %s\n", cpu[t], t }' "$1" "$2" | sort -rn
}
secs() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }

# HTTP/1.0 over bash's /dev/tcp (no fork: the start-up poll must not steal CPU from the JVM it times). Sets
# HTTP_STATUS (0 if nothing answered) and HTTP_BODY.
http() { # method port path [json-body]
  local fd resp="" head
  HTTP_STATUS=0 HTTP_BODY=""
  { exec {fd}<>"/dev/tcp/127.0.0.1/$2"; } 2>/dev/null || return 1
  if [ $# -ge 4 ]; then
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
      "$1" "$3" "$2" "${#4}" "$4" >&"$fd" 2>/dev/null || { exec {fd}>&-; return 1; }
  else
    printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nAccept: application/json\r\n\r\n' "$1" "$3" "$2" >&"$fd" 2>/dev/null \
      || { exec {fd}>&-; return 1; }
  fi
  IFS= read -r -d '' -t 120 -u "$fd" resp 2>/dev/null || true   # HTTP/1.0: the server closes after its answer
  exec {fd}>&-
  head=${resp%%$'\r'*}
  [[ "$head" =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] || return 1
  HTTP_STATUS=${BASH_REMATCH[1]}
  HTTP_BODY=${resp#*$'\r\n\r\n'}
}

# ------------------------------------------------------------------------------------------------ processes we own

BROKER_PID="" WORKER_PID="" HELPER_PID="" PERF_PID=""

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

cleanup() {
  if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID" 2>/dev/null || true; wait "$PERF_PID" 2>/dev/null || true; fi
  if [ -n "$HELPER_PID" ]; then kill -KILL "$HELPER_PID" 2>/dev/null || true; wait "$HELPER_PID" 2>/dev/null || true; fi
  stop_pid "$WORKER_PID" worker; WORKER_PID=""
  stop_pid "$BROKER_PID" broker; BROKER_PID=""
  if [ "$KEEP_DATA" != 1 ]; then
    rm -rf "$WORK/broker-data" "$INPUT" "$WORK"/*/sink.txt 2>/dev/null || true
  fi
  [ -d "$WORK" ] && log "logs and results kept in $WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ------------------------------------------------------------------------------------------------ preparation

build() {
  if [ "$SKIP_BUILD" = 1 ]; then
    log "SKIP_BUILD=1: using the Tributary build as it is"
  else
    log "building Tributary (./mvnw -B -q -DskipTests package -pl broker,connect-runtime -am)"
    (cd "$REPO" && ./mvnw -B -q -DskipTests package -pl broker,connect-runtime -am) >"$WORK/build.log" 2>&1 \
      || { tail -40 "$WORK/build.log" >&2; die "Tributary build failed, see $WORK/build.log"; }
  fi
  if [ ! -d "$APACHE_LIB" ] || [ ! -d "$FILE_PLUGIN" ]; then
    log "laying out Apache's Connect worker and plugins (./mvnw -B -q -pl compat-tests/connect-plugins generate-resources)"
    (cd "$REPO" && ./mvnw -B -q -pl compat-tests/connect-plugins generate-resources) >"$WORK/plugins.log" 2>&1 \
      || { tail -40 "$WORK/plugins.log" >&2; die "could not lay out Apache's worker, see $WORK/plugins.log"; }
  fi
  ls "$APACHE_LIB"/connect-runtime-*.jar >/dev/null 2>&1 || die "no Apache connect-runtime jar in $APACHE_LIB"
  ls "$FILE_PLUGIN"/connect-file-*.jar >/dev/null 2>&1 || die "no connect-file jar in $FILE_PLUGIN"
}

# The watcher / warm-up helper, compiled against Apache's kafka-clients (kept in this script: one file to own).
compile_helper() {
  mkdir -p "$WORK/helper"
  cat > "$WORK/helper/ConnectBench.java" <<'JAVA'
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** warm BOOTSTRAP TOPIC RECORDS SIZE | watch BOOTSTRAP TOPIC RECORDS SINK_FILE SINK_BYTES TIMEOUT_S */
public class ConnectBench {
    static long nowUs() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", "false",
                "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName()));
    }

    public static void main(String[] a) throws Exception {
        String bootstrap = a[1], topic = a[2];
        long records = Long.parseLong(a[3]);
        TopicPartition tp = new TopicPartition(topic, 0);
        createTopic(bootstrap, topic);
        if (a[0].equals("warm")) {
            byte[] value = new byte[Integer.parseInt(a[4])];
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                    "acks", "1", "linger.ms", "5", "batch.size", "65536",
                    "key.serializer", ByteArraySerializer.class.getName(),
                    "value.serializer", ByteArraySerializer.class.getName()))) {
                for (long i = 0; i < records; i++) p.send(new ProducerRecord<>(topic, value));
            }
            long got = 0, deadline = System.nanoTime() + 300_000_000_000L;
            try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                while (got < records && System.nanoTime() < deadline) {
                    ConsumerRecords<byte[], byte[]> r = c.poll(Duration.ofMillis(500));
                    got += r.count();
                }
            }
            System.out.println("warm produced=" + records + " consumed=" + got);
            System.exit(got >= records ? 0 : 3);
        }
        // watch: the topic's end offset and the sink file's size, every 20 ms, until both reach their targets
        Path sink = Path.of(a[4]);
        long sinkBytes = Long.parseLong(a[5]);
        long deadline = System.nanoTime() + Long.parseLong(a[6]) * 1_000_000_000L;
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            long end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            System.out.println("ready " + nowUs() + " end=" + end);
            System.out.flush();
            long sourceDone = -1, sinkDone = -1, size = 0, firstRecord = -1;
            long nextProgress = System.nanoTime() + 1_000_000_000L;
            while (sourceDone < 0 || sinkDone < 0) {
                if (sourceDone < 0) {
                    end = c.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
                    if (firstRecord < 0 && end > 0) {
                        firstRecord = nowUs();
                        System.out.println("first_record " + firstRecord + " end=" + end);
                    }
                    if (end >= records) {
                        sourceDone = nowUs();
                        System.out.println("source_done " + sourceDone + " end=" + end);
                        System.out.flush();
                    }
                }
                if (sinkDone < 0) {
                    size = Files.exists(sink) ? Files.size(sink) : 0;
                    if (size >= sinkBytes) {
                        sinkDone = nowUs();
                        System.out.println("sink_done " + sinkDone + " bytes=" + size);
                        System.out.flush();
                    }
                }
                long now = System.nanoTime();
                if (now >= nextProgress) {   // once a second, for the log: how far source and sink are
                    System.out.println("progress " + nowUs() + " end=" + end + " sink_bytes="
                            + (Files.exists(sink) ? Files.size(sink) : 0));
                    nextProgress = now + 1_000_000_000L;
                }
                if (now > deadline) {
                    System.out.println("timeout end=" + end + " sink_bytes=" + size);
                    System.exit(3);
                }
                Thread.sleep(20);
            }
        }
    }
}
JAVA
  local clients
  clients=$(ls "$APACHE_LIB"/kafka-clients-*.jar | head -1)
  javac -nowarn -cp "$clients" -d "$WORK/helper" "$WORK/helper/ConnectBench.java" >"$WORK/helper/javac.log" 2>&1 \
    || { cat "$WORK/helper/javac.log" >&2; die "javac ConnectBench.java failed"; }
}

# The helper's class path: itself, kafka-clients and slf4j-api (no binding: it logs nothing), the jars Apache's worker has.
helper_cp() {
  local jars=("$APACHE_LIB"/kafka-clients-*.jar "$APACHE_LIB"/slf4j-api-*.jar)
  local IFS=:
  echo "$WORK/helper:${jars[*]}"
}

# N lines of LINE_BYTES bytes each (a 10-digit line number, then filler), newline-terminated.
write_input() {
  log "writing $LINES lines of $LINE_BYTES B to $INPUT"
  awk -v n="$LINES" -v w="$LINE_BYTES" 'BEGIN {
      s = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. 0123456789 "
      while (length(s) < w) s = s s
      fill = substr(s, 1, w - 11)
      for (i = 0; i < n; i++) printf "%010d %s\n", i, fill }' > "$INPUT"
  : > "$EMPTY"
  local size
  size=$(stat -c %s "$INPUT")
  [ "$size" = "$SINK_BYTES" ] || die "input file is $size bytes, expected $SINK_BYTES"
}

machine_info() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "date:      $(date -Is)"
  echo "machine:   $(nproc) CPUs ($cpu), $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)"
  echo "load:      $LOAD_AT_START (1/5/15 min, before the build); other busy processes then: ${OTHERS_AT_START:-none}"
  echo "java:      $(java -version 2>&1 | head -1)"
  echo "tributary: commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)'); worker: bin/tributary connect's JVM defaults"
  echo "apache:    connect-runtime $(basename "$(ls "$APACHE_LIB"/connect-runtime-*.jar | head -1)" .jar | sed 's/connect-runtime-//') (${APACHE_JVM[*]}, Log4j 2 WARN to stdout)"
  echo "settings:  --lines $LINES --rounds $ROUNDS, LINE_BYTES=$LINE_BYTES WARMUP=$WARMUP PERF=$PERF"
}

# Other processes using CPU right now (not ours): "name(%cpu)" of the top few, from ps.
busy_others() {
  ps -eo pid=,pcpu=,comm= --sort=-pcpu 2>/dev/null | awk -v me=$$ '$1 != me && $2 >= 20 { printf "%s%s(%s%%)", sep, $3, $2; sep = ", " }' | head -c 300
}

# ------------------------------------------------------------------------------------------------ the broker

start_broker() {
  local port cport
  free_port port; free_port cport
  BOOTSTRAP=127.0.0.1:$port
  mkdir -p "$WORK/broker-data"
  log "starting the Tributary broker on $BOOTSTRAP"
  "$REPO/bin/tributary" start \
      --override node.id=1 \
      --override "listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport" \
      --override "log.dirs=$WORK/broker-data" \
      --override group.initial.rebalance.delay.ms=0 \
      --override schema.registry.listeners= \
      --override connect.listeners= \
      >"$WORK/broker.out" 2>&1 </dev/null &
  BROKER_PID=$!
  local deadline=$(( $(now_us) + 180000000 ))
  until grep -q 'Tributary started' "$WORK/broker.out" 2>/dev/null && port_open "$port"; do
    alive "$BROKER_PID" || { tail -30 "$WORK/broker.out" >&2; die "the broker exited during start-up"; }
    [ "$(now_us)" -lt "$deadline" ] || { tail -30 "$WORK/broker.out" >&2; die "the broker did not start within 180 s"; }
    nap 0.05
  done
  log "broker up (PID $BROKER_PID)"
}

warm_broker() {
  [ "$WARMUP" = 1 ] || return 0
  log "warm-up: 1,000,000 x 100 B produced and consumed through the broker"
  java "${HELPER_JVM[@]}" -cp "$(helper_cp)" ConnectBench warm "$BOOTSTRAP" bench-warm 1000000 100 \
      >"$WORK/warmup.log" 2>&1 || log "warning: warm-up failed, see $WORK/warmup.log"
}

# ------------------------------------------------------------------------------------------------ one worker run

raw() { echo "round=$ROUND worker=$KIND $*" >> "$RAW"; }
failed() { # reason
  raw "status=FAILED reason=$1 log=$RDIR/worker.out"
  log "FAILED: $KIND round $ROUND: $1. Last lines of $RDIR/worker.out:"
  tail -20 "$RDIR/worker.out" 2>/dev/null | sed 's/^/    /' >&"$LOG_FD"
}

write_worker_properties() { # file rest-port
  cat > "$1" <<PROPS
bootstrap.servers=$BOOTSTRAP
group.id=bench-$ID
config.storage.topic=bench-$ID-configs
offset.storage.topic=bench-$ID-offsets
status.storage.topic=bench-$ID-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
offset.flush.interval.ms=10000
plugin.path=$FILE_PLUGIN
listeners=http://127.0.0.1:$2
rest.advertised.host.name=127.0.0.1
rest.advertised.port=$2
rest.advertised.listener=http
PROPS
  if [ "$KIND" = apache ]; then echo "plugin.discovery=service_load" >> "$1"; fi
}

launch_worker() { # uses KIND, RDIR; sets T0 (right before the launch) and WORKER_PID
  if [ "$KIND" = apache ]; then
    cat > "$RDIR/log4j2.properties" <<'L4J'
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.target = SYSTEM_OUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n
rootLogger.level = WARN
rootLogger.appenderRef.stdout.ref = STDOUT
L4J
    T0=$(now_us)
    java "${APACHE_JVM[@]}" "-Dlog4j2.configurationFile=file:$RDIR/log4j2.properties" -cp "$APACHE_LIB/*" \
        org.apache.kafka.connect.cli.ConnectDistributed "$RDIR/worker.properties" \
        >"$RDIR/worker.out" 2>&1 </dev/null &
  else
    T0=$(now_us)
    "$REPO/bin/tributary" connect distributed "$RDIR/worker.properties" >"$RDIR/worker.out" 2>&1 </dev/null &
  fi
  WORKER_PID=$!   # bin/tributary execs java: the JVM's PID either way
}

# POSTs a connector until the worker accepts it (201; 409 = rebalancing or not yet joined: retried every 20 ms).
post_connector() { # json deadline-us
  while :; do
    if http POST "$REST" /connectors "$1"; then
      [ "$HTTP_STATUS" = 201 ] && return 0
      # an earlier attempt went through after all (its answer came too late)
      [ "$HTTP_STATUS" = 409 ] && [[ "$HTTP_BODY" == *"already exists"* ]] && return 0
    fi
    alive "$WORKER_PID" || return 1
    [ "$(now_us)" -lt "$2" ] || return 1
    nap 0.02
  done
}

# Connector and its (first) task both RUNNING.
running() { # name
  local c t
  http GET "$REST" "/connectors/$1/status" && [ "$HTTP_STATUS" = 200 ] || return 1
  c=${HTTP_BODY#*\"connector\":}; c=${c%%\}*}
  t=${HTTP_BODY#*\"tasks\":}; t=${t%%\]*}
  [[ "$c" == *'"state":"RUNNING"'* && "$t" == *'"state":"RUNNING"'* ]]
}

run_worker() { # kind round [perf]
  KIND=$1 ROUND=$2 ID=$1-r$2 RDIR=$WORK/$1-r$2
  local perf=${3:-0} rest rest_ms joined_ms deadline t1 line src_us sink_us first_us ticks0 ticks1 bticks0 bticks1 lines rc=0
  mkdir -p "$RDIR"
  free_port rest; REST=$rest
  write_worker_properties "$RDIR/worker.properties" "$REST"
  log "round $ROUND: $KIND worker (REST port $REST)"
  if [ "$perf" = 1 ]; then
    # JAVA_TOOL_OPTIONS keeps bin/tributary's own JVM defaults (TRIBUTARY_JVM_OPTS would replace them); the JVM
    # writes /tmp/perf-<pid>.map, which names JIT-compiled frames, as it exits
    JAVA_TOOL_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer" launch_worker
  else
    launch_worker
  fi

  # (a) start: GET / answers 200, polled every 20 ms
  deadline=$(( T0 + 180000000 ))
  until http GET "$REST" / && [ "$HTTP_STATUS" = 200 ]; do
    alive "$WORKER_PID" || { failed exited-during-start; stop_worker; return; }
    [ "$(now_us)" -lt "$deadline" ] || { failed no-REST-within-180s; stop_worker; return; }
    nap 0.02
  done
  rest_ms=$(( ($(now_us) - T0) / 1000 ))
  # ... and joined: a probe connector accepted and RUNNING with its task
  post_connector "{\"name\":\"probe-$ID\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"tasks.max\":\"1\",\"file\":\"$EMPTY\",\"topic\":\"probe-$ID\"}}" "$deadline" \
    || { failed "probe-connector-not-accepted(last-HTTP-$HTTP_STATUS)"; stop_worker; return; }
  until running "probe-$ID"; do
    alive "$WORKER_PID" || { failed exited-during-start; stop_worker; return; }
    [ "$(now_us)" -lt "$deadline" ] || { failed probe-not-RUNNING-within-180s; stop_worker; return; }
    nap 0.02
  done
  joined_ms=$(( ($(now_us) - T0) / 1000 ))
  raw "workload=start status=ok rest_ms=$rest_ms joined_ms=$joined_ms rss_kb=$(status_kb "$WORKER_PID" VmRSS) load1=$(cut -d' ' -f1 /proc/loadavg)"
  log "$KIND: REST answers after $rest_ms ms; joined, probe RUNNING after $joined_ms ms"

  # (b) throughput: the watcher first (it creates the topic and reports ready), then both connectors
  local topic=bench-$ID sink=$RDIR/sink.txt timeout_s=$(( 300 + LINES / 2000 ))
  java "${HELPER_JVM[@]}" -cp "$(helper_cp)" ConnectBench watch "$BOOTSTRAP" "$topic" "$LINES" "$sink" "$SINK_BYTES" \
      "$timeout_s" >"$RDIR/watch.out" 2>"$RDIR/watch.err" </dev/null &
  HELPER_PID=$!
  until grep -q '^ready' "$RDIR/watch.out" 2>/dev/null; do
    alive "$HELPER_PID" || { failed "watcher-failed(see-$RDIR/watch.err)"; HELPER_PID=""; stop_worker; return; }
    nap 0.05
  done
  thread_ticks "$WORKER_PID" > "$RDIR/threads-before.txt"
  ticks0=$(cpu_ticks "$WORKER_PID"); bticks0=$(cpu_ticks "$BROKER_PID")
  if [ "$perf" = 1 ]; then
    perf record -F 499 -g -p "$WORKER_PID" -o "$RDIR/worker.perf" >"$RDIR/perf-record.log" 2>&1 &
    PERF_PID=$!
  fi
  t1=$(now_us)
  deadline=$(( t1 + 60000000 ))
  post_connector "{\"name\":\"sink-$ID\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\",\"tasks.max\":\"1\",\"file\":\"$sink\",\"topics\":\"$topic\"}}" "$deadline" \
    || { failed "sink-not-accepted(last-HTTP-$HTTP_STATUS)"; stop_worker; return; }
  post_connector "{\"name\":\"source-$ID\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"tasks.max\":\"1\",\"file\":\"$INPUT\",\"topic\":\"$topic\",\"batch.size\":\"2000\"}}" "$deadline" \
    || { failed "source-not-accepted(last-HTTP-$HTTP_STATUS)"; stop_worker; return; }
  log "$KIND: connectors posted after $(( ($(now_us) - t1) / 1000 )) ms; waiting for $LINES lines"
  wait "$HELPER_PID" || rc=$?
  HELPER_PID=""
  ticks1=$(cpu_ticks "$WORKER_PID"); bticks1=$(cpu_ticks "$BROKER_PID")
  thread_ticks "$WORKER_PID" > "$RDIR/threads-after.txt"
  if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID" 2>/dev/null || true; wait "$PERF_PID" 2>/dev/null || true; PERF_PID=""; fi
  src_us=$(awk '$1 == "source_done" { print $2 }' "$RDIR/watch.out")
  sink_us=$(awk '$1 == "sink_done" { print $2 }' "$RDIR/watch.out")
  first_us=$(awk '$1 == "first_record" { print $2 }' "$RDIR/watch.out")
  if [ "$rc" != 0 ] || [ -z "$src_us" ] || [ -z "$sink_us" ] || [ -z "$first_us" ]; then
    failed "throughput-not-complete(rc=$rc:$(tail -1 "$RDIR/watch.out" | tr ' ' ','))"; stop_worker; return
  fi
  lines=$(wc -l < "$sink")
  raw "workload=throughput status=ok lines=$LINES sink_lines=$lines" \
      "e2e_s=$(secs $(( sink_us - t1 )))" "source_s=$(secs $(( src_us - t1 )))" \
      "e2e_lines_per_s=$(awk -v n="$LINES" -v us=$(( sink_us - t1 )) 'BEGIN { printf "%.0f", n / (us / 1e6) }')" \
      "source_lines_per_s=$(awk -v n="$LINES" -v us=$(( src_us - t1 )) 'BEGIN { printf "%.0f", n / (us / 1e6) }')" \
      "first_record_ms=$(( (first_us - t1) / 1000 ))" \
      "steady_source_lines_per_s=$(awk -v n="$LINES" -v us=$(( src_us - first_us )) 'BEGIN { printf "%.0f", n / (us / 1e6) }')" \
      "sink_lag_s=$(secs $(( sink_us - src_us )))" \
      "worker_cpu_s=$(awk -v t=$(( ticks1 - ticks0 )) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" \
      "broker_cpu_s=$(awk -v t=$(( bticks1 - bticks0 )) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')" \
      "load1=$(cut -d' ' -f1 /proc/loadavg)"
  [ "$lines" = "$LINES" ] || log "warning: $KIND round $ROUND: the sink file has $lines lines, not $LINES (duplicates?)"
  raw "workload=memory status=ok peak_rss_kb=$(status_kb "$WORKER_PID" VmHWM) rss_kb=$(status_kb "$WORKER_PID" VmRSS)"
  thread_cpu "$RDIR/threads-before.txt" "$RDIR/threads-after.txt" > "$RDIR/threads-cpu.txt"
  log "$KIND: $LINES lines end to end in $(secs $(( sink_us - t1 ))) s, source done after $(secs $(( src_us - t1 ))) s; worker CPU $(awk -v t=$(( ticks1 - ticks0 )) -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }') s, peak RSS $(( $(status_kb "$WORKER_PID" VmHWM) / 1024 )) MiB"
  stop_worker
  if [ "$KEEP_DATA" != 1 ]; then rm -f "$sink"; fi
}

stop_worker() {
  if [ -n "$HELPER_PID" ]; then kill -KILL "$HELPER_PID" 2>/dev/null || true; wait "$HELPER_PID" 2>/dev/null || true; HELPER_PID=""; fi
  if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID" 2>/dev/null || true; wait "$PERF_PID" 2>/dev/null || true; PERF_PID=""; fi
  stop_pid "$WORKER_PID" "$KIND worker"
  WORKER_PID=""
  sync
}

# ------------------------------------------------------------------------------------------------ the table

values() { # worker workload key
  awk -v b="$1" -v w="$2" -v k="$3" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["worker"] == b && v["workload"] == w && v["status"] == "ok" && (k in v) { print v[k] }' "$RAW"
}
median() {
  values "$@" | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}
all_of() { values "$@" | tr '\n' ' ' | sed 's/ $//'; }

row() { # label apache tributary better scale format [target: "<=0.5" or ">=1.5"]
  awk -v label="$1" -v a="$2" -v t="$3" -v better="$4" -v scale="$5" -v fmt="$6" -v target="${7:-}" 'BEGIN {
    as = (a == "n/a") ? "n/a" : sprintf(fmt, a * scale)
    ts = (t == "n/a") ? "n/a" : sprintf(fmt, t * scale)
    ratio = "n/a"; met = ""
    if (a != "n/a" && t != "n/a" && a + 0 > 0) {
      r = t / a; ratio = sprintf("%.2fx", r)
      if (target != "") {
        op = substr(target, 1, 2); goal = substr(target, 3) + 0
        ok = (op == "<=") ? (r <= goal) : (r >= goal)
        met = sprintf("%s %sx: %s", op == "<=" ? "<=" : ">=", substr(target, 3), ok ? "met" : "MISSED")
      }
    }
    printf "%-44s %11s %11s %8s  %-6s  %s\n", label, as, ts, ratio, better, met }'
}

report() {
  echo "$MACHINE_INFO"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Medians over $ROUNDS round(s); ratio = Tributary / Apache; targets of issue 13."
  printf "%-44s %11s %11s %8s  %-6s  %s\n" metric Apache Tributary ratio better target
  row "start to REST ready (GET / 200), ms" "$(median apache start rest_ms)" "$(median tributary start rest_ms)" lower 1 "%.0f" "<=0.5"
  row "start to joined (probe connector RUNNING), ms" "$(median apache start joined_ms)" "$(median tributary start joined_ms)" lower 1 "%.0f"
  row "end to end, file -> topic -> file, lines/s" "$(median apache throughput e2e_lines_per_s)" "$(median tributary throughput e2e_lines_per_s)" higher 1 "%.0f" ">=1.5"
  row "  same, seconds for $LINES lines" "$(median apache throughput e2e_s)" "$(median tributary throughput e2e_s)" lower 1 "%.2f"
  row "source only (end offset = N), lines/s" "$(median apache throughput source_lines_per_s)" "$(median tributary throughput source_lines_per_s)" higher 1 "%.0f"
  row "  POSTs to the first record in the topic, ms" "$(median apache throughput first_record_ms)" "$(median tributary throughput first_record_ms)" lower 1 "%.0f"
  row "  source from its first record on, lines/s" "$(median apache throughput steady_source_lines_per_s)" "$(median tributary throughput steady_source_lines_per_s)" higher 1 "%.0f"
  row "  sink lag: source done to sink done, s" "$(median apache throughput sink_lag_s)" "$(median tributary throughput sink_lag_s)" lower 1 "%.2f"
  row "worker CPU during the transfer, s" "$(median apache throughput worker_cpu_s)" "$(median tributary throughput worker_cpu_s)" lower 1 "%.2f"
  row "broker CPU during the transfer, s" "$(median apache throughput broker_cpu_s)" "$(median tributary throughput broker_cpu_s)" lower 1 "%.2f"
  row "worker RSS once joined, MiB" "$(median apache start rss_kb)" "$(median tributary start rss_kb)" lower 0.0009765625 "%.0f"
  row "worker peak RSS (VmHWM) at the end, MiB" "$(median apache memory peak_rss_kb)" "$(median tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f" "<=0.5"
  echo
  echo "Per round (apache | tributary):"
  echo "  REST ready ms:   $(all_of apache start rest_ms) | $(all_of tributary start rest_ms)"
  echo "  joined ms:       $(all_of apache start joined_ms) | $(all_of tributary start joined_ms)"
  echo "  e2e lines/s:     $(all_of apache throughput e2e_lines_per_s) | $(all_of tributary throughput e2e_lines_per_s)"
  echo "  source lines/s:  $(all_of apache throughput source_lines_per_s) | $(all_of tributary throughput source_lines_per_s)"
  echo "  first record ms: $(all_of apache throughput first_record_ms) | $(all_of tributary throughput first_record_ms)"
  echo "  worker CPU s:    $(all_of apache throughput worker_cpu_s) | $(all_of tributary throughput worker_cpu_s)"
  echo "  peak RSS kB:     $(all_of apache memory peak_rss_kb) | $(all_of tributary memory peak_rss_kb)"
  echo "  load (1 min) at the end of each transfer: $(all_of apache throughput load1) | $(all_of tributary throughput load1)"
  local k last r
  for k in apache tributary; do
    last=""
    for ((r = ROUNDS; r >= 1; r--)); do [ -s "$WORK/$k-r$r/threads-cpu.txt" ] && { last=$WORK/$k-r$r; break; }; done
    if [ -n "$last" ]; then
      echo
      echo "$k worker CPU during the transfer by thread, $(basename "$last") (s; digits folded to N):"
      head -12 "$last/threads-cpu.txt" | sed 's/^/  /'
    fi
  done
  local failures
  failures=$(grep -c 'status=FAILED' "$RAW" || true)
  echo
  if [ "$failures" != 0 ]; then
    echo "FAILED runs ($failures; not in the medians):"
    grep 'status=FAILED' "$RAW" | sed 's/^/  /'
    echo
  fi
  echo "raw per-run results: $RAW; worker logs: $WORK/<apache|tributary>-r<N>/worker.out"
}

perf_run() {
  command -v perf >/dev/null || { log "warning: PERF=1 but perf is not installed; skipped"; return; }
  log "perf: one more run of our worker with the transfer under perf record"
  run_worker tributary perf 1
  local data=$WORK/tributary-rperf/worker.perf
  [ -s "$data" ] || { log "warning: perf recorded nothing"; return; }
  {
    echo
    echo "perf profile of our worker during the transfer, a run of its own (not in the medians): $data"
    grep 'workload=throughput' "$RAW" | grep 'round=perf' | sed 's/^/  /'
    echo "-- CPU by thread (s)"
    sed 's/^/  /' "$WORK/tributary-rperf/threads-cpu.txt"
    echo "-- top 40 symbols by self time (perf report --no-children)"
    perf report -i "$data" --no-children --sort comm,dso,sym --stdio -g none 2>/dev/null \
      | awk '/^ *[0-9.]+%/ && n < 40 { print; n++ }'
  } > "$WORK/perf-report.txt"
}

# ------------------------------------------------------------------------------------------------ main

main() {
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  OTHERS_AT_START=$(busy_others)
  if awk -v n="$(nproc)" '{ exit !($1 > 0.5 * n) }' /proc/loadavg; then
    log "warning: the machine is busy (load ${LOAD_AT_START%% *} on $(nproc) CPUs); figures will be noisy"
  fi
  log "run dir $WORK"
  build
  compile_helper
  write_input
  MACHINE_INFO=$(machine_info)
  sed 's/^/# /' <<< "$MACHINE_INFO" > "$RAW"
  start_broker
  warm_broker
  local round first second
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then first=apache second=tributary; else first=tributary second=apache; fi
    run_worker "$first" "$round"
    run_worker "$second" "$round"
  done
  if [ "$PERF" = 1 ]; then perf_run; fi
  { report
    if [ -s "$WORK/perf-report.txt" ]; then cat "$WORK/perf-report.txt"; fi; } | tee "$REPORT"
}

main "$@"
