#!/usr/bin/env bash
# A local single-node Apache Kafka broker (KRaft combined mode) for vsplesk's tests and CI.
# The jars come from Maven Central through scripts/kafka/pom.xml; only Java 17+ and Maven are needed.
#
#   scripts/kafka.sh up                      fetch the jars (once), format fresh storage, start, wait until it answers
#   scripts/kafka.sh down                    stop it (SIGTERM, then SIGKILL) and delete its data
#   scripts/kafka.sh status                  say whether it runs (exit 0 running, 3 not running)
#   scripts/kafka.sh topic NAME PARTITIONS   create a topic (no-op when it exists)
#   scripts/kafka.sh fetch                   only fetch the jars (e.g. to warm a CI cache)
#   scripts/kafka.sh run CLASS [ARGS...]     run a Kafka tool main class on the broker's classpath
#
# Environment (see docs/kafka.md):
#   VSPLESK_KAFKA_HOME     cache + state dir (default $HOME/.cache/vsplesk-kafka)
#   KAFKA_PORT             client (PLAINTEXT) port, default 9092
#   KAFKA_CONTROLLER_PORT  KRaft controller port, default 9093
#   KAFKA_HEAP_OPTS        broker heap, default "-Xms256m -Xmx512m"
#   KAFKA_START_TIMEOUT    seconds to wait for the broker in `up`, default 60
#   KAFKA_VERSION          override the pom's Kafka version (kafka_2.13 and kafka-tools must exist)
#   JAVA                   java binary (default: $JAVA_HOME/bin/java, else java on PATH)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"

KHOME="${VSPLESK_KAFKA_HOME:-${HOME:-/root}/.cache/vsplesk-kafka}"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
HOST=127.0.0.1
BOOTSTRAP="$HOST:$PORT"

RUN_DIR="$KHOME/run"          # config, pid file, logs of the current broker
DATA_DIR="$KHOME/data"        # KRaft metadata + topic data; deleted by `down` and before each fresh `up`
PID_FILE="$RUN_DIR/kafka.pid"
LOG_DIR="$RUN_DIR/logs"
PROPS="$RUN_DIR/server.properties"

# Seconds since the epoch with a fraction (bash 5's EPOCHREALTIME), for "took N s" messages.
now() { echo "${EPOCHREALTIME:-$(date +%s)}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { printf 'kafka.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2
}

# --- prerequisites ------------------------------------------------------------------------------

find_java() {
  if [ -n "${JAVA:-}" ]; then :
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then JAVA="$(command -v java)"
  else die "java not found: install a JDK 17+ (Debian: apt-get install openjdk-17-jre-headless) or set JAVA/JAVA_HOME"
  fi
  local ver major
  ver="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  major="${ver#1.}"; major="${major%%.*}"
  [[ "$major" =~ ^[0-9]+$ ]] || die "cannot tell the version of $JAVA"
  [ "$major" -ge 17 ] || die "Kafka 4.x needs Java 17+, but $JAVA is Java $ver (set JAVA or JAVA_HOME)"
}

# The jar dir is keyed by the pom's content and the version override, so editing the pom refetches.
lib_dir() {
  local key
  key="$( { cat "$POM"; printf '%s' "${KAFKA_VERSION:-}"; } | sha256sum | cut -c1-12)"
  LIB_DIR="$KHOME/lib-$key"
}

fetch() {
  [ -f "$POM" ] || die "missing $POM"
  lib_dir
  if [ -f "$LIB_DIR/.complete" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (Debian: apt-get install maven) to fetch the Kafka jars"
  mkdir -p "$KHOME"
  local tmp="$LIB_DIR.tmp.$$" started; started="$(now)"
  rm -rf "$tmp"
  log "fetching Kafka jars from Maven Central into $LIB_DIR (first run only)…"
  local args=(-q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies
              -DoutputDirectory="$tmp" -DincludeScope=runtime)
  [ -n "${KAFKA_VERSION:-}" ] && args+=(-Dkafka.version="$KAFKA_VERSION")
  if ! mvn "${args[@]}" >"$KHOME/mvn.log" 2>&1; then
    rm -rf "$tmp"
    tail -n 30 "$KHOME/mvn.log" >&2 || true
    die "Maven could not fetch the Kafka jars (full log: $KHOME/mvn.log)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "Maven ran but no kafka_2.13 jar arrived in $tmp"; }
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  touch "$LIB_DIR/.complete"
  log "fetched $(find "$LIB_DIR" -name '*.jar' | wc -l) jars in $(since "$started") s"
}

kafka_version() { local j; for j in "$LIB_DIR"/kafka_2.13-*.jar; do j="${j##*/kafka_2.13-}"; echo "${j%.jar}"; return; done; }

write_tools_log4j() {
  mkdir -p "$RUN_DIR"
  cat >"$RUN_DIR/tools-log4j2.properties" <<'EOF'
status = error
appender.err.type = Console
appender.err.name = STDERR
appender.err.target = SYSTEM_ERR
appender.err.layout.type = PatternLayout
appender.err.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.err.ref = STDERR
EOF
}

# Run a Kafka main class (a CLI tool) with a small, fast-starting client JVM.
run_class() {
  local cls="$1"; shift
  write_tools_log4j
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$RUN_DIR/tools-log4j2.properties" \
    -cp "$LIB_DIR/*" "$cls" "$@"
}

# --- process state ------------------------------------------------------------------------------

broker_pid() {
  # Prints the pid of our running broker, if any (guards against a stale pid file and pid reuse).
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# --- commands -----------------------------------------------------------------------------------

random_cluster_id() {
  # A Kafka Uuid: 16 random bytes, base64url without padding (22 chars); Kafka avoids a leading '-'.
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [ "${id:0:1}" != "-" ] && [ "${#id}" -eq 22 ] && { echo "$id"; return; }
  done
}

write_config() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  cat >"$PROPS" <<EOF
# Written by scripts/kafka.sh: single-node KRaft (combined broker+controller) for local tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CPORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CPORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR/kraft-logs
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=24
EOF
  # shutdownHook = disable: otherwise log4j stops logging before Kafka's own shutdown hook is done.
  cat >"$RUN_DIR/log4j2.properties" <<EOF
status = error
shutdownHook = disable
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $LOG_DIR/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.raft.name = org.apache.kafka.raft
logger.raft.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

cmd_up() {
  find_java
  fetch
  local pid
  if pid="$(broker_pid)"; then
    log "already running (pid $pid) on $BOOTSTRAP"
    return 0
  fi
  for p in "$PORT" "$CPORT"; do
    if port_open "$p"; then
      die "port $p on $HOST is already in use by another process (not this script's broker); stop it, or pick other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT"
    fi
  done
  local started; started="$(now)"
  rm -rf "$DATA_DIR" "$LOG_DIR" "$PID_FILE"
  mkdir -p "$DATA_DIR"
  write_config

  local cid; cid="$(random_cluster_id)"
  if ! run_class kafka.tools.StorageTool format --cluster-id "$cid" --config "$PROPS" --ignore-formatted \
        >"$LOG_DIR/format.log" 2>&1; then
    cat "$LOG_DIR/format.log" >&2
    die "formatting the KRaft storage failed (log: $LOG_DIR/format.log)"
  fi

  # setsid + nohup: the broker outlives this shell (CI steps, no TTY) and ignores its hangups.
  # The inner shell writes its own pid and then execs java, so the pid file names the JVM itself
  # (setsid may fork, which makes $! useless).
  local heap; read -r -a heap <<<"$HEAP"
  # shellcheck disable=SC2016
  setsid nohup bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$PID_FILE" \
    "$JAVA" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" -Dlog4j2.configurationFile="$RUN_DIR/log4j2.properties" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS" \
    </dev/null >"$LOG_DIR/kafka.out" 2>&1 9>&- &
  local i
  for ((i = 0; i < 50; i++)); do [ -s "$PID_FILE" ] && break; sleep 0.1; done
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || die "the broker process did not start (see $LOG_DIR/kafka.out)"

  log "starting Kafka $(kafka_version) (pid $pid) on $BOOTSTRAP, controller $HOST:$CPORT; waiting up to ${TIMEOUT}s…"
  local deadline=$((SECONDS + TIMEOUT))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$LOG_DIR/kafka.out" "$LOG_DIR/server.log" >&2 2>/dev/null || true
      rm -f "$PID_FILE"
      die "the broker exited during startup (logs: $LOG_DIR)"
    fi
    # "Kafka Server started" is logged once the broker has caught up with the metadata log and
    # unfenced, i.e. it can serve metadata, produce and fetch requests.
    if port_open "$PORT" && grep -q 'Kafka Server started' "$LOG_DIR/server.log" 2>/dev/null; then
      break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 40 "$LOG_DIR/kafka.out" "$LOG_DIR/server.log" >&2 2>/dev/null || true
      stop_broker "$pid"
      die "the broker did not come up within ${TIMEOUT}s (logs: $LOG_DIR; raise KAFKA_START_TIMEOUT?)"
    fi
    sleep 0.5
  done
  log "up in $(since "$started") s: bootstrap $BOOTSTRAP (log: $LOG_DIR/server.log)"
}

stop_broker() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 60; i++)); do   # up to 30 s for a clean shutdown
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  log "broker (pid $pid) ignored SIGTERM for 30 s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  die "could not kill the broker (pid $pid)"
}

cmd_down() {
  local pid
  if pid="$(broker_pid)"; then
    log "stopping broker (pid $pid)…"
    stop_broker "$pid"
    log "stopped"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
  rm -rf "$DATA_DIR"
}

cmd_status() {
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$PORT"; then
      echo "running: pid $pid, bootstrap $BOOTSTRAP, logs $LOG_DIR"
    else
      echo "starting or unhealthy: pid $pid is alive but $BOOTSTRAP does not accept connections (logs $LOG_DIR)"
    fi
    return 0
  fi
  echo "not running"
  return 3
}

require_running() {
  broker_pid >/dev/null || die "the broker is not running: start it with scripts/kafka.sh up"
  find_java
  lib_dir
  [ -f "$LIB_DIR/.complete" ] || die "Kafka jars missing in $LIB_DIR: run scripts/kafka.sh up"
}

cmd_topic() {
  [ $# -eq 2 ] || die "usage: scripts/kafka.sh topic NAME PARTITIONS"
  local name="$1" parts="$2"
  [[ "$name" =~ ^[A-Za-z0-9._-]{1,249}$ ]] || die "invalid topic name '$name' (letters, digits, '.', '_', '-'; at most 249)"
  [[ "$parts" =~ ^[1-9][0-9]*$ ]] || die "PARTITIONS must be a positive integer, got '$parts'"
  require_running
  run_class org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --create --if-not-exists --topic "$name" --partitions "$parts" --replication-factor 1
  # --if-not-exists leaves an existing topic as it is; say so when its partition count differs.
  local have
  have="$(run_class org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --describe --topic "$name" \
          | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n1)"
  if [ -n "$have" ] && [ "$have" != "$parts" ]; then
    log "note: topic '$name' already existed with $have partitions (asked for $parts); left unchanged"
  fi
  echo "topic $name: ${have:-$parts} partitions on $BOOTSTRAP"
}

cmd_run() {
  [ $# -ge 1 ] || die "usage: scripts/kafka.sh run CLASS [ARGS...]"
  find_java
  fetch
  run_class "$@"
}

# up/down/fetch of one VSPLESK_KAFKA_HOME are serialized (parallel CI steps, two terminals).
lock() {
  mkdir -p "$KHOME"
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$KHOME/.lock"
  flock -w 300 9 || die "another scripts/kafka.sh holds $KHOME/.lock for over 300 s"
}

main() {
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    up)      [ $# -eq 0 ] || die "usage: scripts/kafka.sh up"; lock; cmd_up ;;
    down)    [ $# -eq 0 ] || die "usage: scripts/kafka.sh down"; lock; cmd_down ;;
    status)  [ $# -eq 0 ] || die "usage: scripts/kafka.sh status"; cmd_status ;;
    topic)   cmd_topic "$@" ;;
    fetch)   find_java; lock; fetch; lib_dir; echo "$LIB_DIR" ;;
    run)     cmd_run "$@" ;;
    -h|--help|help) usage ;;
    "")      usage; exit 2 ;;
    *)       log "unknown command '$cmd'"; usage; exit 2 ;;
  esac
}

main "$@"
