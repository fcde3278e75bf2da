#!/usr/bin/env bash
# TLS: Tributary against Apache Kafka 4.4, clients on an SSL listener (issue 19's benchmark).
#
#   bench/tls-compare.sh                        3 rounds of 1,000,000 x 1 KiB (about 6 minutes on 2 cores)
#   QUICK=1 ROUNDS=1 bench/tls-compare.sh       tiny record counts: checks the script, not the brokers
#
# Both brokers get the same TLS: a self-signed RSA 2048 certificate for localhost/127.0.0.1 in a PKCS12 key store
# made with keytool for this run, the JDK's TLS engine on both sides (Kafka's only one; Tributary's through Netty),
# TLSv1.2/1.3 as each enables them by default (both negotiate TLSv1.3). Per round and broker (alternating, each fresh
# as in compare.sh, bench/lib/brokers.sh): a PLAINTEXT listener for the topics and an SSL listener for the clients;
# warm-up over SSL (WARM_RECORDS x 1 KiB produced and consumed, not counted); then
#   (p) ProducerPerformance RECORDS x 1 KiB over SSL, acks=all, idempotent, 6 partitions, linger.ms=5,
#       batch.size=65536 (compare.sh's (b), over TLS);
#   (c) ConsumerPerformance reads them over SSL in a fresh classic group.
# The broker's CPU is sampled around each, so CPU per GB is the broker's CPU over the record bytes moved. Issue 19's
# targets: >= 1.5x Kafka's throughput, <= 0.6x its CPU per GB.
#
# Settings (environment): ROUNDS=3, RECORDS=1000000, QUICK=0, WARMUP=1, SKIP_BUILD=0, KEEP_DATA=0, BENCH_WORK.
set -euo pipefail
export LC_ALL=C

ROUNDS=${ROUNDS:-3}
QUICK=${QUICK:-0}
WARMUP=${WARMUP:-1}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_DATA=${KEEP_DATA:-0}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
WORK=${BENCH_WORK:-$BENCH/target}
RUN_DIR=$WORK/runs/tls-$(date +%Y%m%d-%H%M%S)
RAW=$RUN_DIR/raw.txt
REPORT=$RUN_DIR/report.txt

source "$BENCH/lib/brokers.sh"

SIZE=1024 PARTITIONS=6
if [ "$QUICK" = 1 ]; then
  RECORDS=${RECORDS:-5000} WARM_RECORDS=2000
else
  RECORDS=${RECORDS:-1000000} WARM_RECORDS=300000
fi
STORE_PASSWORD=bench-tls-pass
TLS_DIR=$RUN_DIR/tls
PRODUCER_PROPS=(acks=all enable.idempotence=true linger.ms=5 batch.size=65536)

machine_info() {
  machine_info_common
  echo "settings:  ROUNDS=$ROUNDS RECORDS=$RECORDS x ${SIZE} B, $PARTITIONS partitions, QUICK=$QUICK WARMUP=$WARMUP"
  echo "tls:       self-signed RSA 2048 (keytool, PKCS12), JDK TLS on both brokers and in the tools"
}

# A key store with the brokers' certificate and a trust store with that certificate, for this run.
make_certificates() {
  mkdir -p "$TLS_DIR"
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 7 -dname CN=localhost \
      -ext SAN=dns:localhost,ip:127.0.0.1 -storetype PKCS12 -keystore "$TLS_DIR/broker.p12" \
      -storepass "$STORE_PASSWORD" -keypass "$STORE_PASSWORD" >"$TLS_DIR/keytool.log" 2>&1
  keytool -exportcert -rfc -alias broker -keystore "$TLS_DIR/broker.p12" -storepass "$STORE_PASSWORD" \
      -file "$TLS_DIR/broker.pem" >>"$TLS_DIR/keytool.log" 2>&1
  keytool -importcert -noprompt -alias broker -file "$TLS_DIR/broker.pem" -storetype PKCS12 \
      -keystore "$TLS_DIR/truststore.p12" -storepass "$STORE_PASSWORD" >>"$TLS_DIR/keytool.log" 2>&1
}

# The client side of the SSL listener, as key=value properties.
client_tls=()
set_client_tls() {
  client_tls=(security.protocol=SSL "ssl.truststore.location=$TLS_DIR/truststore.p12" ssl.truststore.type=PKCS12
              "ssl.truststore.password=$STORE_PASSWORD")
}

# Kafka: the SSL listener added to the written server.properties (KAFKA_PROPERTIES_HOOK).
kafka_with_ssl() { # server.properties
  sed -i -e "s|^listeners=.*|listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT,SSL://127.0.0.1:$SSL_PORT|" \
      -e "s|^advertised.listeners=.*|advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SSL://127.0.0.1:$SSL_PORT|" \
      -e "s|^listener.security.protocol.map=.*|listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL|" "$1"
  cat >>"$1" <<PROPS
ssl.keystore.location=$TLS_DIR/broker.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=$STORE_PASSWORD
ssl.key.password=$STORE_PASSWORD
PROPS
}

# Tributary: the same listener and store as --override arguments (TRIBUTARY_OVERRIDES).
tributary_with_ssl() {
  TRIBUTARY_OVERRIDES=(
    --override "listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT,SSL://127.0.0.1:$SSL_PORT"
    --override "advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SSL://127.0.0.1:$SSL_PORT"
    --override "ssl.keystore.location=$TLS_DIR/broker.p12" --override ssl.keystore.type=PKCS12
    --override "ssl.keystore.password=$STORE_PASSWORD" --override "ssl.key.password=$STORE_PASSWORD")
}

# A third free port for the SSL listener, not one of the pair pick_ports chose.
pick_ssl_port() {
  local port=$PORT cport=$CPORT
  while :; do
    pick_ports
    if [ "$PORT" != "$port" ] && [ "$PORT" != "$cport" ] && [ "$CPORT" != "$port" ]; then break; fi
  done
  SSL_PORT=$PORT PORT=$port CPORT=$cport
}

create_topics() {
  tool BenchClient create-topics "127.0.0.1:$PORT" "bench-tls:$PARTITIONS" "bench-tls-warm:$PARTITIONS" \
      >"$RDIR/topics.log" 2>&1 \
    || { failed topics "$RDIR/topics.log" create-topics-failed; return 1; }
}

consume_tls() { # workload topic records group
  local props=() p
  for p in "${client_tls[@]}"; do props+=(--command-property "$p"); done
  consume "$1" "$2" "$3" "$4" "${props[@]}"
}

warm_up() {
  [ "$WARMUP" = 1 ] || return 0
  log "$KIND: warm-up over SSL, $WARM_RECORDS x $SIZE B produced and consumed (not counted)"
  produce warmup_produce bench-tls-warm "$WARM_RECORDS" "$SIZE" "${PRODUCER_PROPS[@]}" "${client_tls[@]}"
  consume_tls warmup_consume bench-tls-warm "$WARM_RECORDS" "bench-tls-warm-$ROUND"
}

run_broker() { # kind round
  KIND=$1 ROUND=$2 RDIR=$RUN_DIR/round$2-$1
  mkdir -p "$RDIR"
  BROKER_DATA=$RDIR/data
  pick_ports
  pick_ssl_port
  KAFKA_PROPERTIES_HOOK=kafka_with_ssl
  tributary_with_ssl
  log "round $ROUND: $KIND (SSL listener on port $SSL_PORT)"
  "start_$KIND" "$RDIR"
  BOOTSTRAP=127.0.0.1:$SSL_PORT
  if wait_started && create_topics; then
    warm_up
    log "$KIND: (p) $RECORDS x $SIZE B over SSL, acks=all, idempotent, $PARTITIONS partitions"
    produce p_produce_tls bench-tls "$RECORDS" "$SIZE" "${PRODUCER_PROPS[@]}" "${client_tls[@]}"
    log "$KIND: (c) consume them over SSL"
    consume_tls c_consume_tls bench-tls "$RECORDS" "bench-tls-c-$ROUND"
    if alive "$BROKER_PID"; then
      raw "workload=memory status=ok peak_rss_kb=$(status_kb "$BROKER_PID" VmHWM)"
    fi
  fi
  stop_broker
  sync
}

# Broker CPU seconds per GB of record bytes (10^9) moved by a workload, per round; the median over rounds.
cpu_per_gb() { # broker workload
  awk -v b="$1" -v w="$2" -v bytes="$((RECORDS * SIZE))" '
    $1 !~ /^round=[0-9]+$/ { next }
    { split("", v); for (i = 1; i <= NF; i++) { eq = index($i, "="); v[substr($i, 1, eq - 1)] = substr($i, eq + 1) } }
    v["broker"] == b && v["workload"] == w && v["status"] == "ok" { printf "%.3f\n", v["cpu_s"] / (bytes / 1e9) }' "$RAW" \
  | sort -g | awk '{ x[NR] = $1 } END {
      if (NR == 0) { print "n/a"; exit }
      print (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2 }'
}

report() {
  echo "$MACHINE_INFO"
  echo
  table_head
  row "(p) produce ${RECORDS}x1KiB SSL acks=all p6, rec/s" \
      "$(median kafka p_produce_tls records_per_s)" "$(median tributary p_produce_tls records_per_s)" higher 1 "%.0f"
  row "(p)   same, MB/s" \
      "$(median kafka p_produce_tls mb_per_s)" "$(median tributary p_produce_tls mb_per_s)" higher 1 "%.1f"
  row "(p)   broker CPU per GB, s/GB" \
      "$(cpu_per_gb kafka p_produce_tls)" "$(cpu_per_gb tributary p_produce_tls)" lower 1 "%.2f"
  row "(c) consume over SSL, rec/s" \
      "$(median kafka c_consume_tls records_per_s)" "$(median tributary c_consume_tls records_per_s)" higher 1 "%.0f"
  row "(c)   fetch only (no group join), rec/s" \
      "$(median kafka c_consume_tls fetch_records_per_s)" "$(median tributary c_consume_tls fetch_records_per_s)" \
      higher 1 "%.0f"
  row "(c)   broker CPU per GB, s/GB" \
      "$(cpu_per_gb kafka c_consume_tls)" "$(cpu_per_gb tributary c_consume_tls)" lower 1 "%.2f"
  row "broker peak RSS (VmHWM), MiB" \
      "$(median kafka memory peak_rss_kb)" "$(median tributary memory peak_rss_kb)" lower 0.0009765625 "%.0f"
  echo
  echo "per round (rec/s)     Kafka                              Tributary"
  printf "(p) produce           %-34s %s\n" "$(per_round kafka p_produce_tls records_per_s)" "$(per_round tributary p_produce_tls records_per_s)"
  printf "(c) consume           %-34s %s\n" "$(per_round kafka c_consume_tls records_per_s)" "$(per_round tributary c_consume_tls records_per_s)"
  echo "issue 19's targets: throughput >= 1.50x, broker CPU per GB <= 0.60x"
  report_failures_and_paths
}

main() {
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number"
  mkdir -p "$RUN_DIR"
  warn_if_busy
  prepare_run
  make_certificates
  set_client_tls
  write_raw_header
  run_alternating_rounds run_broker
  print_report
}

main "$@"
