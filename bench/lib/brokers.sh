# Shared by bench/compare.sh, bench/txn-compare.sh and bench/replication-compare.sh (sourced, not run): starting and
# stopping Apache Kafka 4.4 and Tributary on fresh ports and data dirs, one node or a cluster of several, running
# Kafka's tools against them, sampling the brokers from /proc, recording results as key=value lines, and the
# median/ratio table.
#
# The sourcing script sets, before it sources this file: REPO (the checkout), BENCH ($REPO/bench), WORK (jars,
# compiled helpers, runs), RUN_DIR, RAW and REPORT (this run's directory, raw result file and printed report),
# ROUNDS, SKIP_BUILD and KEEP_DATA. While it runs it sets KIND (kafka|tributary), ROUND, RDIR (this broker's
# directory in RUN_DIR) and BOOTSTRAP, and defines create_topics and warm_up (used by start_warm_tributary),
# machine_info (its report's header: machine_info_common and its own settings) and report (its table). Sourcing
# installs the EXIT/INT/TERM traps that stop whatever tool and broker are running.
#
# A script's main() is then, around its own workloads and rows:
#   mkdir -p "$RUN_DIR"; warn_if_busy; prepare_run [client...]; [snapshot_tributary]; write_raw_header
#   run_alternating_rounds run_broker      # run_broker kind round: one broker (or cluster) through the workloads
#   [profiles]; print_report [profile-summary-file...]
# and its report() ends with report_failures_and_paths.

KAFKA_VERSION=4.4.0
KAFKA_TOOLS_VERSION=4.3.1     # kafka-tools 4.4.0 is not on Maven Central
KAFKA_LIB=$WORK/lib-kafka-$KAFKA_VERSION
TOOLS_LIB=$WORK/lib-kafka-tools-$KAFKA_TOOLS_VERSION
CLASSES=$WORK/classes         # bench/*.java (BenchClient, TxnBenchClient), compiled

TOOL_TIMEOUT=900   # seconds; a tool stuck on an unresponsive broker must not hang the whole run

# Kafka as bin/kafka-server-start.sh starts it: KAFKA_HEAP_OPTS and kafka-run-class.sh's KAFKA_JVM_PERFORMANCE_OPTS.
KAFKA_JVM=(-Xmx1G -Xms1G -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
           -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true)
# The tools as bin/kafka-producer-perf-test.sh starts them (heap 512M, same GC flags), logging warnings only.
TOOL_JVM=(-Xmx512M -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
          -Djava.awt.headless=true "-Dlog4j2.configurationFile=$BENCH/conf/log4j2-tools.properties")

CLK_TCK=$(getconf CLK_TCK)

# ------------------------------------------------------------------------------------------------ small helpers

# Progress goes to the script's own stderr, kept as LOG_FD: a trap can run while a tool's output is redirected.
exec {LOG_FD}>&2
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&"$LOG_FD"; }
die() { log "error: $*"; exit 1; }

# The 1-minute load average now.
load1() { local l _; read -r l _ < /proc/loadavg; echo "$l"; }

# Microseconds since the epoch, without forking (bash 5).
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }

# Sleep without forking a `sleep` process: read with a timeout from a pipe nobody ever writes to. The startup
# poll below runs every millisecond and must not steal CPU from the JVM it is timing.
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# True if something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no fork).
port_open() {
  local fd
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  exec {fd}>&-
}

# Two adjacent free ports (client listener, controller) for a fresh broker, below Linux's ephemeral range
# (32768 and up) where outgoing connections could hold a port that nothing listens on.
pick_ports() {
  local p
  while :; do
    p=$(( 10000 + (RANDOM % 11000) * 2 ))
    if ! port_open "$p" && ! port_open $((p + 1)); then PORT=$p CPORT=$((p + 1)); return; fi
  done
}

# Alive and not a zombie (the broker is our child: until we reap it, kill -0 would still succeed).
alive() {
  local stat
  read -r stat 2>/dev/null < "/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

# CPU time the process has used so far (utime + stime, all threads), in clock ticks. Fields 14 and 15 of
# /proc/PID/stat; the text after the command name's ')' starts at field 3.
cpu_ticks() {
  local stat f
  read -r stat 2>/dev/null < "/proc/$1/stat" || { echo 0; return; }   # exited: the caller finds out with alive
  read -ra f <<< "${stat##*) }"
  echo $(( f[11] + f[12] ))
}

# A /proc/PID/status value in kB: VmRSS (resident now) or VmHWM (the peak resident set so far).
status_kb() {
  local key value _
  while read -r key value _; do
    if [ "$key" = "$2:" ]; then echo "$value"; return; fi
  done 2>/dev/null < "/proc/$1/status"
  echo 0
}

# Bytes the process has made the storage layer read so far (read_bytes of /proc/PID/io: disk reads, page-cache hits
# not counted). Needs to own the process or be root; 0 if unreadable.
disk_read_bytes() {
  local key value
  while read -r key value; do
    if [ "$key" = "read_bytes:" ]; then echo "$value"; return; fi
  done 2>/dev/null < "/proc/$1/io"
  echo 0
}

# ------------------------------------------------------------------------------------------------ processes we own

BROKER_PID=""    # the broker running now (at most one at a time)
BROKER_DATA=""   # its data dir, deleted when it stops
CHILD_PID=""     # the tool running now

# Runs a command in the background and waits for it. `wait` returns as soon as a signal arrives (a foreground
# command would delay our traps until it finished), and background children ignore the terminal's Ctrl-C, so the
# INT/TERM traps below are what stops them.
run_child() {
  local rc=0
  "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

# SIGTERM, then SIGKILL if it is still there after 30 s; then the data dir goes.
stop_broker() {
  [ -n "$BROKER_PID" ] || return 0
  local pid=$BROKER_PID i
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do alive "$pid" || break; nap 0.1; done
    if alive "$pid"; then
      log "broker PID $pid still running 30 s after SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  BROKER_PID=""
  if [ "$KEEP_DATA" != 1 ] && [ -n "$BROKER_DATA" ]; then rm -rf "$BROKER_DATA"; fi
  BROKER_DATA=""
}

PERF_PID=""      # perf record, while PERF=1 profiles

cleanup() {
  if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID" 2>/dev/null || true; fi
  if [ -n "$CHILD_PID" ]; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  stop_broker
  stop_cluster
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ------------------------------------------------------------------------------------------------ preparation

# Both brokers and the tools share this machine's CPUs; anything else running skews the absolute figures (ratios of
# back-to-back runs hold up better, but not against a build that starts halfway through). Sets LOAD_AT_START, for
# the report's header; called before our own build, which raises the load average for a minute.
warn_if_busy() {
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  if awk -v n="$(nproc)" '{ exit !($1 > 0.5 * n) }' /proc/loadavg; then
    log "warning: the machine is busy (load ${LOAD_AT_START%% *} on $(nproc) CPUs); figures will be noisy"
  fi
}

# What every run needs before its first round: Tributary built, Kafka's broker and tools jars, the bench clients
# compiled (compile_client: BenchClient when none is named).
prepare_run() { # [client...]
  build_tributary
  fetch_classpath "$BENCH/maven/kafka-broker" "$KAFKA_LIB" "kafka.version=$KAFKA_VERSION"
  fetch_classpath "$BENCH/maven/kafka-tools" "$TOOLS_LIB" "kafka.tools.version=$KAFKA_TOOLS_VERSION"
  compile_client "$@"
}

build_tributary() {
  if [ "$SKIP_BUILD" = 1 ]; then log "SKIP_BUILD=1: using the Tributary build as it is"; return; fi
  log "building Tributary (./mvnw -B -q -DskipTests package -pl broker -am)"
  (cd "$REPO" && ./mvnw -B -q -DskipTests package -pl broker -am) >"$RUN_DIR/build.log" 2>&1 \
    || { tail -40 "$RUN_DIR/build.log" >&2; die "Tributary build failed, see $RUN_DIR/build.log"; }
}

# Copies a Maven project's run-time class path (bench/maven/<name>/pom.xml) into a directory, once. The marker
# file is written last, so an interrupted download is redone next time.
fetch_classpath() { # pom-dir target-dir version-property=value
  if [ -f "$2/.complete" ]; then return; fi
  log "fetching $(basename "$1") jars from Maven Central into $2"
  rm -rf "$2"
  (cd "$REPO" && ./mvnw -B -q -f "$1/pom.xml" "-Dbench.lib=$2" "-D$3" process-resources) >"$RUN_DIR/fetch.log" 2>&1 \
    || { tail -40 "$RUN_DIR/fetch.log" >&2; die "Maven could not fetch $(basename "$1"), see $RUN_DIR/fetch.log"; }
  touch "$2/.complete"
}

# Compiles bench/<Name>.java (BenchClient when no name is given) against the tools' kafka-clients into $CLASSES,
# unless its class is newer than its source.
compile_client() { # [Name...]
  local name
  for name in "${@:-BenchClient}"; do
    if [ -f "$CLASSES/$name.class" ] && [ "$CLASSES/$name.class" -nt "$BENCH/$name.java" ]; then continue; fi
    mkdir -p "$CLASSES"
    javac -nowarn -cp "$TOOLS_LIB/*" -d "$CLASSES" "$BENCH/$name.java" || die "javac $name.java failed"
  done
}

# With SNAPSHOT=1 (txn-compare.sh, replication-compare.sh): a copy of what bin/tributary runs (bin/tributary,
# broker/target's jar and lib/), taken right after the build, for TRIBUTARY_HOME_DIR, and its class-data sharing
# archive recorded now (bin/tributary records one on the first start of a new build, which would otherwise land in
# round 1's start — or, for a cluster, in every node's start at once). Sets SNAPSHOT_INFO.
snapshot_tributary() {
  [ "$SNAPSHOT" = 1 ] || return 0
  local jar home=$RUN_DIR/tributary-home
  jar=$(ls "$REPO"/broker/target/broker-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
  [ -n "$jar" ] && [ -d "$REPO/broker/target/lib" ] || die "no broker build in $REPO/broker/target (run without SKIP_BUILD=1)"
  mkdir -p "$home/bin" "$home/broker/target"
  cp -p "$REPO/bin/tributary" "$home/bin/"
  cp -p "$jar" "$home/broker/target/"
  cp -rp "$REPO/broker/target/lib" "$home/broker/target/"
  TRIBUTARY_HOME_DIR=$home
  SNAPSHOT_INFO="copy of broker/target as of $(date -r "$jar" '+%F %T') ($(basename "$jar"), $(sha256sum "$jar" | cut -c1-12))"
  log "Tributary runs from $home: $SNAPSHOT_INFO; recording its class-data sharing archive"
  "$home/bin/tributary" usage >"$RUN_DIR/cds.log" 2>&1 || true   # records the archive, then Main refuses 'usage'
}

# The lines of a report's header that do not depend on the script: date, machine, load before the build, Java,
# Tributary's commit, Kafka. LOAD_AT_START is set by the caller.
machine_info_common() {
  local cpu
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  echo "date:      $(date -Is)"
  echo "machine:   $(nproc) CPUs ($cpu), $(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, kernel $(uname -r)"
  echo "load:      $LOAD_AT_START (1/5/15 min, before the build)"
  echo "java:      $(java -version 2>&1 | head -1)"
  echo "tributary: commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)'), bin/tributary's JVM defaults"
  echo "kafka:     $KAFKA_VERSION broker (Maven Central jars, -Xmx1G -Xms1G G1 as kafka-server-start.sh), tools $KAFKA_TOOLS_VERSION"
}

# The script's machine_info, taken once, before the brokers load the machine: MACHINE_INFO for the report, and the
# raw file's first lines (as # comments).
write_raw_header() {
  MACHINE_INFO=$(machine_info)
  sed 's/^/# /' <<< "$MACHINE_INFO" > "$RAW"
  log "run dir $RUN_DIR"
}

# ------------------------------------------------------------------------------------------------ brokers

# The Tributary that start_tributary runs: bin/tributary of this checkout, which runs broker/target. A script may point
# this at a copy (bin/ and broker/target/) so that a rebuild in the checkout cannot swap the jars under a running bench.
TRIBUTARY_HOME_DIR=$REPO

# Each single-node start_* sets BROKER_PID, BROKER_LOG (where to look when something fails), READY_PATTERN (the line the broker
# logs once it serves clients) and T0 (microseconds, taken right before the process is launched).

# A Kafka node's server.properties: KRaft, combined broker + controller, Kafka's shipped config/server.properties on
# fresh ports. A single node (the only voter) also takes that file's replication factor 1 for the internal topics;
# a node of a cluster leaves them at Kafka's defaults (3, min ISR 2), as a user's cluster would.
kafka_properties() { # node-id port controller-port voters data-dir
  local shape="Single-node KRaft (combined broker + controller)"
  [[ "$4" != *,* ]] || shape="Node $1 of a KRaft cluster (combined broker + controller nodes)"
  cat <<PROPS
# $shape, as Kafka's config/server.properties, on fresh ports.
process.roles=broker,controller
node.id=$1
controller.quorum.voters=$4
listeners=PLAINTEXT://127.0.0.1:$2,CONTROLLER://127.0.0.1:$3
advertised.listeners=PLAINTEXT://127.0.0.1:$2
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$5
num.network.threads=3
num.io.threads=8
socket.send.buffer.bytes=102400
socket.receive.buffer.bytes=102400
socket.request.max.bytes=104857600
num.partitions=1
num.recovery.threads.per.data.dir=1
PROPS
  [[ "$4" == *,* ]] || cat <<PROPS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
  cat <<PROPS
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=1073741824
log.retention.check.interval.ms=300000
auto.create.topics.enable=true
PROPS
}

# A Kafka cluster id is 16 random bytes in URL-safe base64 without padding (what `kafka-storage random-uuid`
# prints; Kafka avoids ids starting with '-'). Made here to save a JVM start.
new_kafka_cluster_id() {
  local id=-
  while [ "${id:0:1}" = - ]; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  echo "$id"
}

KAFKA_L4J="-Dlog4j2.configurationFile=$BENCH/conf/log4j2-kafka.properties"

# Kafka refuses to start on an unformatted dir; formatting is a separate tool run, not part of the start time.
format_kafka() { # dir cluster-id: formats the log dir of $dir/server.properties
  run_child java "$KAFKA_L4J" "-Dkafka.logs.dir=$1" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format \
      -t "$2" -c "$1/server.properties" >"$1/format.log" 2>&1 \
    || { cat "$1/format.log" >&2; die "kafka-storage format failed"; }
}

launch_kafka() { # dir: runs $dir/server.properties, logs in $dir (server.log, broker.out); sets LAUNCHED_PID
  java "${KAFKA_JVM[@]}" "$KAFKA_L4J" "-Dkafka.logs.dir=$1" -cp "$KAFKA_LIB/*" kafka.Kafka "$1/server.properties" \
      >"$1/broker.out" 2>&1 </dev/null &
  LAUNCHED_PID=$!
}

# A script may add to both brokers' settings: KAFKA_PROPERTIES_HOOK names a function that edits the written
# server.properties (its path the argument), TRIBUTARY_OVERRIDES holds more `--override key=value` arguments.
KAFKA_PROPERTIES_HOOK=""
TRIBUTARY_OVERRIDES=()

start_kafka() { # dir
  local dir=$1
  kafka_properties 1 "$PORT" "$CPORT" "1@127.0.0.1:$CPORT" "$BROKER_DATA" > "$dir/server.properties"
  if [ -n "$KAFKA_PROPERTIES_HOOK" ]; then "$KAFKA_PROPERTIES_HOOK" "$dir/server.properties"; fi
  format_kafka "$dir" "$(new_kafka_cluster_id)"
  BROKER_LOG=$dir/server.log
  READY_PATTERN='Kafka Server started'
  T0=$(now_us)
  launch_kafka "$dir"
  BROKER_PID=$LAUNCHED_PID
}

# One Tributary node with bin/tributary: group.initial.rebalance.delay.ms=0 as in Kafka's shipped server.properties
# (Tributary's default is Kafka's code default, 3000 ms, which would stall compare.sh's (c) join). The bundled
# schema registry and Connect worker are off: Kafka runs without them, so both brokers are measured alone. Further
# arguments are more overrides (--override key=value). Sets LAUNCHED_PID.
launch_tributary() { # out-file node-id port controller-port data-dir [--override key=value]...
  local out=$1 id=$2 port=$3 cport=$4 data=$5
  shift 5
  "$TRIBUTARY_HOME_DIR/bin/tributary" start \
      --override "node.id=$id" \
      --override "listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport" \
      --override "log.dirs=$data" \
      --override group.initial.rebalance.delay.ms=0 \
      --override schema.registry.listeners= \
      --override connect.listeners= \
      "$@" >"$out" 2>&1 </dev/null &
  LAUNCHED_PID=$!   # bin/tributary execs java: this is the JVM's PID
}

start_tributary() { # dir
  local dir=$1
  BROKER_LOG=$dir/broker.out
  READY_PATTERN='Tributary started'
  # The same single-node shape as Kafka above.
  T0=$(now_us)
  launch_tributary "$dir/broker.out" 1 "$PORT" "$CPORT" "$BROKER_DATA" "${TRIBUTARY_OVERRIDES[@]}"
  BROKER_PID=$LAUNCHED_PID
}

# Start time, two ways: until the client port accepts a TCP connection (polled every millisecond), and until
# the broker logs that it serves clients (Kafka accepts connections a little before it is ready). A broker that
# does not come up is recorded as failed; the run goes on with the other one.
wait_started() { # [workload name of its result line: startup]
  local deadline=$(( $(now_us) + 120000000 )) tcp_ms ready_ms
  until port_open "$PORT"; do
    alive "$BROKER_PID" || { failed "${1:-startup}" "$BROKER_LOG" exited-during-startup; return 1; }
    [ "$(now_us)" -lt "$deadline" ] || { failed "${1:-startup}" "$BROKER_LOG" no-connection-within-120s; return 1; }
    nap 0.001
  done
  tcp_ms=$(( ($(now_us) - T0) / 1000 ))
  until grep -q "$READY_PATTERN" "$BROKER_LOG" 2>/dev/null; do
    alive "$BROKER_PID" || { failed "${1:-startup}" "$BROKER_LOG" exited-during-startup; return 1; }
    [ "$(now_us)" -lt "$deadline" ] || { failed "${1:-startup}" "$BROKER_LOG" "no-'$READY_PATTERN'-within-120s"; return 1; }
    nap 0.005
  done
  ready_ms=$(( ($(now_us) - T0) / 1000 ))
  raw "workload=${1:-startup} status=ok tcp_ms=$tcp_ms ready_ms=$ready_ms rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
  log "$KIND up (PID $BROKER_PID, port $PORT): accepting connections after $tcp_ms ms, ready after $ready_ms ms"
}

# ------------------------------------------------------------------------------------------------ clusters

# Several combined broker+controller nodes of one cluster on this machine (bench/replication-compare.sh). Node i
# (1..N) has node.id=i, the ports NODE_PORT[i] (client) and NODE_CPORT[i] (controller), its logs in $dir/node<i>/
# and its data in $CLUSTER_DATA/node<i>; NODE_PIDS[i] is its JVM, NODE_LOG[i] the log its READY_PATTERN line goes
# to. BOOTSTRAP names every node. Only one broker or one cluster runs at a time.
NODE_PIDS=()
NODE_PORT=()
NODE_CPORT=()
NODE_LOG=()
CLUSTER_DATA=""

# Fresh ports for N nodes; pick_ports hands out pairs starting at even numbers, so two different pairs never overlap.
pick_cluster_ports() { # nodes
  local i j
  NODE_PORT=() NODE_CPORT=()
  for ((i = 1; i <= $1; i++)); do
    while :; do
      pick_ports
      for ((j = 1; j < i; j++)); do [ "$PORT" != "${NODE_PORT[j]}" ] || continue 2; done
      break
    done
    NODE_PORT[i]=$PORT NODE_CPORT[i]=$CPORT
  done
  BOOTSTRAP=""
  for ((i = 1; i <= $1; i++)); do BOOTSTRAP+="${BOOTSTRAP:+,}127.0.0.1:${NODE_PORT[i]}"; done
}

cluster_voters() { # nodes: controller.quorum.voters of the nodes picked by pick_cluster_ports
  local i voters=""
  for ((i = 1; i <= $1; i++)); do voters+="${voters:+,}$i@127.0.0.1:${NODE_CPORT[i]}"; done
  echo "$voters"
}

# N Kafka nodes with one cluster id, each formatted (one tool run each, before T0), then all launched at once.
start_kafka_cluster() { # dir nodes
  local dir=$1 n=$2 i id voters
  voters=$(cluster_voters "$n")
  id=$(new_kafka_cluster_id)
  for ((i = 1; i <= n; i++)); do
    mkdir -p "$dir/node$i"
    kafka_properties "$i" "${NODE_PORT[i]}" "${NODE_CPORT[i]}" "$voters" "$CLUSTER_DATA/node$i" \
        > "$dir/node$i/server.properties"
    format_kafka "$dir/node$i" "$id"
  done
  READY_PATTERN='Kafka Server started' BROKER_LOG="$dir/node<N>/server.log"
  T0=$(now_us)
  for ((i = 1; i <= n; i++)); do
    launch_kafka "$dir/node$i"
    NODE_PIDS[i]=$LAUNCHED_PID NODE_LOG[i]=$dir/node$i/server.log
  done
}

# N Tributary nodes, all voters of the metadata quorum (controller.quorum.voters), launched at once. Extra JVM flags
# come through JAVA_TOOL_OPTIONS, as for start_warm_tributary.
start_tributary_cluster() { # dir nodes
  local dir=$1 n=$2 i voters
  voters=$(cluster_voters "$n")
  READY_PATTERN='Tributary started' BROKER_LOG="$dir/node<N>/broker.out"
  T0=$(now_us)
  for ((i = 1; i <= n; i++)); do
    mkdir -p "$dir/node$i"
    launch_tributary "$dir/node$i/broker.out" "$i" "${NODE_PORT[i]}" "${NODE_CPORT[i]}" "$CLUSTER_DATA/node$i" \
        --override "controller.quorum.voters=$voters"
    NODE_PIDS[i]=$LAUNCHED_PID NODE_LOG[i]=$dir/node$i/broker.out
  done
}

# Until every node has logged READY_PATTERN: ready_ms is launch to the last of them. A node that exits, or a cluster
# not ready within 180 s, is recorded as a failed startup.
wait_cluster_started() {
  local deadline=$(( $(now_us) + 180000000 )) i ready_ms
  for i in "${!NODE_PIDS[@]}"; do
    until grep -q "$READY_PATTERN" "${NODE_LOG[i]}" 2>/dev/null; do
      alive "${NODE_PIDS[i]}" || { failed startup "${NODE_LOG[i]}" "node-$i-exited-during-startup"; return 1; }
      [ "$(now_us)" -lt "$deadline" ] \
        || { failed startup "${NODE_LOG[i]}" "node-$i-not-'$READY_PATTERN'-within-180s"; return 1; }
      nap 0.02
    done
  done
  ready_ms=$(( ($(now_us) - T0) / 1000 ))
  raw "workload=startup status=ok ready_ms=$ready_ms rss_kb=$(cluster_sum status_kb VmRSS)"
  log "$KIND cluster up (PIDs ${NODE_PIDS[*]}, ports ${NODE_PORT[*]}): all ${#NODE_PIDS[@]} nodes ready after $ready_ms ms"
}

cluster_alive() { # how many nodes run
  local pid n=0
  for pid in "${NODE_PIDS[@]}"; do if alive "$pid"; then n=$((n + 1)); fi; done
  echo "$n"
}

# The sum over the running nodes of a per-process figure: cluster_sum cpu_ticks, cluster_sum status_kb VmHWM.
cluster_sum() { # function [argument]
  local pid sum=0
  for pid in "${NODE_PIDS[@]}"; do
    if alive "$pid"; then sum=$(( sum + $("$1" "$pid" ${2:+"$2"}) )); fi
  done
  echo "$sum"
}

# SIGTERM to every node at once (each shuts down in its own controlled way), SIGKILL to any still running 30 s later;
# then the data goes. Records how long the SIGTERMed nodes took.
stop_cluster() {
  [ ${#NODE_PIDS[@]} -gt 0 ] || return 0
  local pid i start
  start=$(now_us)
  for pid in "${NODE_PIDS[@]}"; do if alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi; done
  for ((i = 0; i < 300; i++)); do [ "$(cluster_alive)" != 0 ] || break; nap 0.1; done
  for i in "${!NODE_PIDS[@]}"; do
    if alive "${NODE_PIDS[i]}"; then
      log "node $i (PID ${NODE_PIDS[i]}) still running 30 s after SIGTERM: SIGKILL"
      kill -KILL "${NODE_PIDS[i]}" 2>/dev/null || true
    fi
  done
  for pid in "${NODE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${RAW:-}" ] && [ -n "${KIND:-}" ]; then raw "workload=stop status=ok stop_ms=$(( ($(now_us) - start) / 1000 ))"; fi
  NODE_PIDS=() NODE_LOG=()
  if [ "$KEEP_DATA" != 1 ] && [ -n "$CLUSTER_DATA" ]; then rm -rf "$CLUSTER_DATA"; fi
  CLUSTER_DATA=""
}

# ------------------------------------------------------------------------------------------------ rounds

# ROUNDS rounds of `<function> kafka <round>` and `<function> tributary <round>`: Kafka first in odd rounds,
# Tributary first in even rounds, so that neither always gets the cooler (or hotter) machine.
run_alternating_rounds() { # function
  local round first second
  for ((round = 1; round <= ROUNDS; round++)); do
    if ((round % 2)); then first=kafka second=tributary; else first=tributary second=kafka; fi
    "$1" "$first" "$round"
    "$1" "$second" "$round"
  done
}

# ------------------------------------------------------------------------------------------------ workloads

# One result line of the raw file. ROUND, KIND are set by run_broker.
raw() { echo "round=$ROUND broker=$KIND $*" >> "$RAW"; }

tool() { # class args... : Kafka's tools and BenchClient, same JVM flags for both brokers
  run_child timeout -k 10 "$TOOL_TIMEOUT" java "${TOOL_JVM[@]}" -cp "$TOOLS_LIB/*:$CLASSES" "$@"
}

# Records a failed workload, with what the tool printed last, and whether the broker is still running.
failed() { # workload logfile reason
  local state=running
  if [ ${#NODE_PIDS[@]} -gt 0 ]; then
    state="$(cluster_alive)-of-${#NODE_PIDS[@]}-nodes-running"
  elif ! alive "$BROKER_PID"; then
    state=EXITED
  fi
  raw "workload=$1 status=FAILED reason=$3 broker=$state log=$2 broker_log=$BROKER_LOG"
  log "FAILED: $KIND $1 ($3; broker $state). Last lines of $2:"
  tail -15 "$2" | sed 's/^/    /' >&"$LOG_FD"
}

# A workload on a broker that already died is recorded as failed right away (and /proc/PID is gone).
need_broker() { # workload
  alive "$BROKER_PID" || { failed "$1" "$BROKER_LOG" broker-not-running; return 1; }
}

# The final summary of Kafka's ProducerPerformance ("N records sent, R records/sec (M MB/sec), A ms avg latency, X ms
# max latency, a ms 50th, ...") as "sent=N records_per_s=R mb_per_s=M avg_ms=A p99_ms=P"; nothing if there is none.
producer_perf_summary() { # tool-output-file
  awk '/records sent,/ && /50th/ {line=$0} END {
      if (line == "") exit; gsub(/[(),]/, " ", line); split(line, f, " ");
      printf "sent=%s records_per_s=%s mb_per_s=%s avg_ms=%s p99_ms=%s", f[1], f[4], f[6], f[8], f[22] }' "$1"
}

# Kafka's ProducerPerformance. Samples the broker's CPU ticks right before and after, so CPU per GB is the
# broker's own CPU while this workload ran (tool JVM start-up, when the broker idles, included).
produce() { # workload topic records size producer-props...
  local wl=$1 topic=$2 n=$3 size=$4 out=$RDIR/$1.log ticks0 ticks1 start rc=0
  shift 4
  need_broker "$wl" || return 0
  ticks0=$(cpu_ticks "$BROKER_PID"); start=$(now_us)
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
      --num-records "$n" --record-size "$size" --throughput -1 --command-property "$@" >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  ticks1=$(cpu_ticks "$BROKER_PID")
  local summary
  summary=$(producer_perf_summary "$out")
  if [ -z "$summary" ]; then failed "$wl" "$out" "no-summary(rc=$rc)"; return; fi
  if [ "${summary%% *}" != "sent=$n" ]; then failed "$wl" "$out" "only-${summary%% *}-of-$n(rc=$rc)"; return; fi
  raw "workload=$wl status=ok records=$n bytes=$((n * size)) ${summary#* }" \
      "cpu_s=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}')" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
}

# A JVM broker that just started runs its hot paths interpreted: WARMUP=1 gives both brokers the same warm-up of the
# produce and fetch paths (records x 100 B produced, then consumed in a fresh group) before anything is timed.
# Results go to the logs only.
warm_up_produce_consume() { # topic records
  [ "$WARMUP" = 1 ] || return 0
  log "$KIND: warm-up, $2 x 100 B produced and consumed"
  tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$1" \
      --num-records "$2" --record-size 100 --throughput -1 \
      --command-property acks=1 linger.ms=5 batch.size=65536 >"$RDIR/warmup-produce.log" 2>&1 \
    || log "warning: warm-up produce failed, see $RDIR/warmup-produce.log"
  tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$1" \
      --num-records "$2" --group "$1" --timeout 30000 --command-property group.protocol=classic \
      >"$RDIR/warmup-consume.log" 2>&1 || log "warning: warm-up consume failed, see $RDIR/warmup-consume.log"
}

# Kafka's ConsumerPerformance, from the beginning of the topic, in a fresh classic group. Further arguments go to the
# tool as they are (e.g. --command-property isolation.level=read_committed: one flag per property).
consume() { # workload topic records group [tool-args...]
  local wl=$1 out=$RDIR/$1.log ticks0 ticks1 read0 read1 start rc=0 summary
  need_broker "$wl" || return 0
  ticks0=$(cpu_ticks "$BROKER_PID"); read0=$(disk_read_bytes "$BROKER_PID"); start=$(now_us)
  tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$2" --num-records "$3" \
      --group "$4" --timeout 30000 --command-property group.protocol=classic "${@:5}" >"$out" 2>&1 || rc=$?
  alive "$BROKER_PID" || { failed "$wl" "$out" broker-exited; return; }
  ticks1=$(cpu_ticks "$BROKER_PID"); read1=$(disk_read_bytes "$BROKER_PID")
  # Header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
  # rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec", then one line of values.
  summary=$(awk '/^start.time/ {header=1; next}
      header && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {line=$0; header=0} END {
      if (line == "") exit; split(line, f, /, */);
      printf "got=%s records_per_s=%s mb_per_s=%s fetch_records_per_s=%s rebalance_ms=%s", f[5], f[6], f[4], f[10], f[7] }' "$out")
  if [ -z "$summary" ]; then failed "$wl" "$out" "no-summary(rc=$rc)"; return; fi
  if [ "${summary%% *}" != "got=$3" ]; then failed "$wl" "$out" "only-${summary%% *}-of-$3(rc=$rc)"; return; fi
  raw "workload=$wl status=ok records=$3 ${summary#* }" \
      "cpu_s=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" 'BEGIN {printf "%.2f", t/hz}')" \
      "disk_read_mb=$(awk -v b=$((read1 - read0)) 'BEGIN {printf "%.1f", b/1048576}')" \
      "wall_s=$(awk -v us=$(( $(now_us) - start )) 'BEGIN {printf "%.2f", us/1e6}')" \
      "rss_kb=$(status_kb "$BROKER_PID" VmRSS)"
}

# A Tributary for a profile, outside the measured rounds (its lines in raw.txt have round=<name>): fresh ports and
# data dir under <name>-tributary/, extra JVM flags through JAVA_TOOL_OPTIONS (which, unlike TRIBUTARY_JVM_OPTS,
# keeps bin/tributary's own JVM defaults), topics, warm-up. Returns non-zero, with the broker stopped, if it fails.
start_warm_tributary() { # name jvm-flags
  KIND=tributary ROUND=$1 RDIR=$RUN_DIR/$1-tributary
  mkdir -p "$RDIR"
  BROKER_DATA=$RDIR/data
  pick_ports
  BOOTSTRAP=127.0.0.1:$PORT
  JAVA_TOOL_OPTIONS="$2" start_tributary "$RDIR"
  wait_started && create_topics || { stop_broker; return 1; }
  warm_up
}

# JFR on JDK 17 samples only threads running Java code, and this broker spends most of its CPU elsewhere: in the
# kernel (copies, the scheduler) and, for the first minutes, in the C2 compiler. perf sees all of it. One more
# Tributary, outside the measured rounds: warm-up, then one workload under `perf record -g`; JIT-compiled frames are
# named from the map the JVM writes when it exits (DumpPerfMapAtExit, /tmp/perf-<pid>.map). Sets PERF_REPORT.
profile_perf_with() { # file-stem what(e.g. "workload (a)") short(e.g. "(a)") workload-command...
  local stem=$1 what=$2 short=$3
  shift 3
  command -v perf >/dev/null \
    || { log "warning: PERF=1 but perf is not installed (Debian: apt-get install linux-perf); skipped"; return; }
  local data=$RUN_DIR/perf-tributary/$stem.perf
  log "perf: Tributary with $what under perf record"
  start_warm_tributary perf "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" || return 0
  if [ -n "${PERF_BEFORE:-}" ]; then "$PERF_BEFORE"; fi   # e.g. the data a consume profile reads: not profiled
  thread_ticks "$BROKER_PID" > "$RDIR/threads-before.txt"
  perf record -F 999 -g -p "$BROKER_PID" -o "$data" >"$RDIR/perf-record.log" 2>&1 &
  PERF_PID=$!
  "$@"
  thread_ticks "$BROKER_PID" > "$RDIR/threads-after.txt"
  kill -INT "$PERF_PID" 2>/dev/null || true
  wait "$PERF_PID" 2>/dev/null || true
  PERF_PID=""
  stop_broker   # the JVM writes its perf map as it exits
  [ -s "$data" ] || { log "warning: perf recorded nothing (see $RDIR/perf-record.log)"; return; }
  PERF_REPORT=$RDIR/top-symbols.txt
  {
    echo
    echo "perf profile of Tributary under $what, in a run of its own (not in the medians): $data"
    echo "-- broker CPU during $short by thread (/proc; pools folded: numbers after - or # and at the end -> N), seconds"
    join "$RDIR/threads-before.txt" "$RDIR/threads-after.txt" | awk -v hz="$CLK_TCK" '
        { t = $2; gsub(/-[0-9]+/, "-N", t); gsub(/#[0-9]+/, "#N", t); sub(/[0-9]+$/, "N", t); cpu[t] += ($5 - $3) / hz }
        END { for (t in cpu) if (cpu[t] >= 0.01) printf "%6.2f\t%s\n", cpu[t], t }' | sort -rn
    echo "-- top 30 symbols by self time, all threads (perf report --no-children)"
    perf report -i "$data" --no-children --sort comm,dso,sym --stdio -g none 2>/dev/null \
      | awk '/^ *[0-9.]+%/ && n < 30 { print; n++ }'
  } > "$PERF_REPORT"
  log "perf: report in $PERF_REPORT; browse with: perf report -i $data"
}

# One line per thread of a process: "tid name ticks" (utime + stime; the kernel's 15-character thread name, spaces
# as _), sorted by tid for join.
thread_ticks() { # pid
  local task stat name f
  for task in /proc/"$1"/task/*; do
    read -r stat 2>/dev/null < "$task/stat" || continue
    name=${stat#*(}; name=${name%)*}; name=${name// /_}
    read -ra f <<< "${stat##*) }"
    echo "${task##*/} $name $(( f[11] + f[12] ))"
  done | sort -k1,1
}

# ------------------------------------------------------------------------------------------------ the table

# Every value of one key, over the rounds where that workload succeeded, for one broker.
values() { # broker workload key
  awk -v b="$1" -v w="$2" -v k="$3" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["broker"] == b && v["workload"] == w && v["status"] == "ok" && (k in v) { print v[k] }' "$RAW"
}

median() { # broker workload key
  values "$@" | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

# The value of one key in every round, in order, "-" where the workload failed: numbers in a printf format (whole
# numbers unless one is given), anything else as it is.
per_round() { # broker workload key [format]
  local r v out="" fmt=${4:-%.0f}
  for ((r = 1; r <= ROUNDS; r++)); do
    v=$(awk -v b="$1" -v w="$2" -v k="$3" -v r="$r" -v fmt="$fmt" '
      { split("", f); for (i = 1; i <= NF; i++) { eq = index($i, "="); f[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
      f["round"] == r && f["broker"] == b && f["workload"] == w && f["status"] == "ok" && (k in f) {
        if (f[k] ~ /^-?[0-9.]+$/) printf fmt "\n", f[k]; else print f[k]; exit }' "$RAW")
    out+="${v:--} "
  done
  echo "${out% }"
}

# The table's first lines: what it shows, and the columns row prints.
table_head() {
  echo "Medians over $ROUNDS round(s); ratio = Tributary / Kafka; 'better' says which direction wins."
  printf "%-46s %12s %12s %11s  %-7s %s\n" "metric" "Kafka" "Tributary" "ratio" "better" "ahead"
}

# One row: label, Kafka's and Tributary's medians (scaled and formatted), their ratio, and who is ahead.
row() { # label kafka tributary better(higher|lower) scale printf-format
  awk -v label="$1" -v k="$2" -v t="$3" -v better="$4" -v scale="$5" -v fmt="$6" 'BEGIN {
    ks = (k == "n/a") ? "n/a" : sprintf(fmt, k * scale)
    ts = (t == "n/a") ? "n/a" : sprintf(fmt, t * scale)
    ratio = "n/a"; ahead = ""
    if (k != "n/a" && t != "n/a" && k + 0 > 0) {
      r = t / k; ratio = sprintf("%.2fx", r)
      if (r == 1) ahead = "even"
      else ahead = ((better == "higher") == (r > 1)) ? "Tributary" : "Kafka"
    }
    printf "%-46s %12s %12s %11s  %-7s %s\n", label, ks, ts, ratio, better, ahead }'
}

# The end of every report: the failed workloads (raw lines, not in the medians), and where the raw file and the logs are.
report_failures_and_paths() { # [what else the logs directory holds, e.g. "(node<i>/ per node)"]
  local failures
  failures=$(grep -c 'status=FAILED' "$RAW" || true)
  echo
  if [ "$failures" != 0 ]; then
    echo "FAILED workloads ($failures; not in the medians):"
    grep 'status=FAILED' "$RAW" | sed 's/^/  /'
    echo
  fi
  echo "raw per-round results: $RAW"
  echo "logs: $RUN_DIR/round<N>-<broker>/${1:+ $1}"
}

# The script's report, then any profile summaries (empty names skipped), printed and written to REPORT. Sets
# LOAD_AT_END first, for the report's header.
print_report() { # [summary-file...]
  local f
  LOAD_AT_END=$(cut -d' ' -f1-3 /proc/loadavg)
  { report
    for f in "$@"; do if [ -n "$f" ]; then cat "$f"; fi; done; } | tee "$REPORT"
}
