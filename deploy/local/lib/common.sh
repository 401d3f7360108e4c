# shellcheck shell=bash disable=SC2034
# (SC2034: the variables below are used by the scripts that source this file.)
# Shared by deploy/local/{up,down,status,test,token,check-tokens}; sourced, never executed.
# Every path is derived from this file's location so the scripts work from any cwd and any clone path.

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
ROOT=$(cd "$LOCAL_DIR/../.." && pwd -P)
RUN_DIR=$LOCAL_DIR/.run          # git-ignored: all state, data, logs and PID files live here
LOG_DIR=$RUN_DIR/logs
PID_DIR=$RUN_DIR/pids
MVNW=$ROOT/mvnw

# Optional local overrides (git-ignored). Read here for the TOUSEI_* ports; exported only into the
# services' environment (see up): Keycloak is a Quarkus app too and would obey QUARKUS_* lines meant for them.
ENV_FILE=$LOCAL_DIR/.env
if [[ -f $ENV_FILE ]]; then
  # shellcheck disable=SC1090
  . "$ENV_FILE"
fi

PG_PORT=${TOUSEI_PG_PORT:-15432}
KAFKA_PORT=${TOUSEI_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${TOUSEI_KAFKA_CONTROLLER_PORT:-9093}
KEYCLOAK_PORT=${TOUSEI_KEYCLOAK_PORT:-8180}
KEYCLOAK_MGMT_PORT=${TOUSEI_KEYCLOAK_MGMT_PORT:-9180}
# Demo sinks (started by up with the services): a webhook receiver and a GreenMail mailbox.
WEBHOOK_SINK_PORT=${TOUSEI_WEBHOOK_SINK_PORT:-8090}
SMTP_PORT=${TOUSEI_SMTP_PORT:-3025}
IMAP_PORT=${TOUSEI_IMAP_PORT:-3143}
MAILBOX_API_PORT=${TOUSEI_MAILBOX_API_PORT:-8025}

KAFKA_VERSION=4.4.0
KEYCLOAK_VERSION=26.7.3
GREENMAIL_VERSION=2.1.13
REALM=tousei
KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT
ISSUER=$KEYCLOAK_URL/realms/$REALM
TOKEN_URL=$ISSUER/protocol/openid-connect/token

PG_DIR=$RUN_DIR/postgres
PG_DATA=$PG_DIR/data
PG_LOG=$LOG_DIR/postgres.log
# The unix socket path is limited to ~107 bytes, so it lives in /tmp under a name unique to this clone.
PG_SOCKET_DIR=/tmp/tousei-pg-$(printf '%s' "$RUN_DIR" | md5sum | cut -c1-8)

KAFKA_DIR=$RUN_DIR/kafka
KAFKA_LOG=$LOG_DIR/kafka.log
KEYCLOAK_DIR=$RUN_DIR/keycloak
KEYCLOAK_HOME=$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION
KEYCLOAK_LOG=$LOG_DIR/keycloak.log

# Webhook sink: deploy/local/demo/WebhookSink.java run from source; what it receives goes to a JSON-lines file.
WEBHOOK_SINK_SRC=$LOCAL_DIR/demo/WebhookSink.java
WEBHOOK_SINK_LOG=$LOG_DIR/webhook-sink.log
WEBHOOK_SINK_FILE=$RUN_DIR/webhook-sink/received.jsonl
WEBHOOK_SINK_URL=http://127.0.0.1:$WEBHOOK_SINK_PORT
# Signing key of the demo webhook (notification-service's NOTIFICATION_WEBHOOK_SECRET): local development only.
WEBHOOK_SINK_SECRET=tousei-local-demo-webhook-key
# Mailbox: GreenMail standalone (SMTP, IMAP and a REST API to read mail), its jar resolved by Maven.
MAILBOX_DIR=$RUN_DIR/greenmail
MAILBOX_JAR=$MAILBOX_DIR/greenmail-standalone-$GREENMAIL_VERSION.jar
MAILBOX_LOG=$LOG_DIR/mailbox.log
MAILBOX_API_URL=http://127.0.0.1:$MAILBOX_API_PORT

# Service modules in start order, with the HTTP port their application.properties use.
SERVICES=(catalog-service:8081 evidence-collector:8082 assessment-service:8083 notification-service:8084)

# ---------------------------------------------------------------------------------------------- logging
TAG=${TAG:-local}

log() { printf '[%s] %s\n' "$TAG" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$TAG" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$TAG" "$*" >&2
  exit 1
}

# Microseconds since the epoch; EPOCHREALTIME's separator follows the locale.
now_us() { printf '%s' "${EPOCHREALTIME//[.,]/}"; }

# Seconds with one decimal since the given now_us value.
elapsed_since() {
  local d=$(($(now_us) - $1))
  printf '%d.%d' $((d / 1000000)) $((d / 100000 % 10))
}

STEP_NAME=
STEP_START=0
STEP_TICKING=0

# A step reports "[up] <name> … <outcome> (<seconds> s)".
step_begin() {
  STEP_NAME=$1
  STEP_START=$(now_us)
  STEP_TICKING=0
}

_end_ticks() {
  if ((STEP_TICKING)); then
    printf '\n'
    STEP_TICKING=0
  fi
}

# A line about the current step that is not its outcome (e.g. "installing postgresql").
step_note() {
  _end_ticks
  printf '[%s] %s … %s\n' "$TAG" "$STEP_NAME" "$*"
}

# One dot on a "waiting" line, so slow starts visibly make progress.
step_tick() {
  if ((!STEP_TICKING)); then
    printf '[%s] %s … waiting ' "$TAG" "$STEP_NAME"
    STEP_TICKING=1
  fi
  printf '.'
}

step_done() {
  _end_ticks
  printf '[%s] %s … %s (%s s)\n' "$TAG" "$STEP_NAME" "$*" "$(elapsed_since "$STEP_START")"
}

# Fail the current step: say what failed, show the tail of its log and where the log is.
die_with_log() {
  local component=$1 logfile=$2
  shift 2
  _end_ticks
  printf '[%s] %s … FAILED: %s\n' "$TAG" "$component" "$*" >&2
  if [[ -s $logfile ]]; then
    printf -- '----- last 30 lines of %s -----\n' "$logfile" >&2
    tail -n 30 "$logfile" >&2
    printf -- '----- end of log (full log: %s) -----\n' "$logfile" >&2
  else
    printf '(log %s is empty or missing)\n' "$logfile" >&2
  fi
  exit 1
}

# ------------------------------------------------------------------------------------------ processes
is_root() { [[ $(id -u) -eq 0 ]]; }

# True when PID is alive and its command line contains PATTERN, so a recycled PID is never mistaken for ours.
pid_matches() {
  local pid=$1 pattern=$2 cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  pid_alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$pattern"* ]]
}

# kill -0 also succeeds for a zombie (exited, not yet reaped by init), which must count as stopped.
pid_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

pid_file() { printf '%s/%s.pid' "$PID_DIR" "$1"; }

# Prints the PID of component NAME if its PID file points at a live process matching PATTERN;
# a stale PID file is removed.
running_pid() {
  local name=$1 pattern=$2 file pid
  file=$(pid_file "$name")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  if pid_matches "$pid" "$pattern"; then
    printf '%s' "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# Start a command detached in its own session (so Ctrl-C on `up` or the end of a CI step does not kill it,
# and `down` can signal the whole process group), stdout+stderr appended to LOGFILE.
# Sets SPAWNED_PID. The child writes its own PID, which stays correct even if setsid has to fork.
spawn() {
  local name=$1 logfile=$2
  shift 2
  local file
  file=$(pid_file "$name")
  mkdir -p "$PID_DIR" "$(dirname "$logfile")"
  rm -f "$file"
  # shellcheck disable=SC2016 # $$, $0 and $@ are expanded by the inner bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$file" "$@" </dev/null >>"$logfile" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $file ]] && break
    sleep 0.1
  done
  [[ -s $file ]] || die_with_log "$name" "$logfile" "process did not start"
  SPAWNED_PID=$(<"$file")
}

# Keep the previous run's log as <log>.1 so readiness checks only look at this run's output.
rotate_log() {
  local logfile=$1
  mkdir -p "$(dirname "$logfile")"
  if [[ -e $logfile ]]; then mv -f "$logfile" "$logfile.1"; fi
  : >"$logfile"
}

# Stop a process we started: TERM to its process group (it is a session leader, see spawn),
# KILL after TIMEOUT seconds. Refuses PIDs that do not match PATTERN.
stop_pid() {
  local pid=$1 pattern=$2 timeout=${3:-30} pgid i
  pid_matches "$pid" "$pattern" || return 0
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
  if [[ $pgid == "$pid" ]]; then
    kill -TERM -- "-$pid" 2>/dev/null || true
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
  for ((i = 0; i < timeout * 5; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.2
  done
  warn "PID $pid did not stop within ${timeout}s; sending KILL"
  if [[ $pgid == "$pid" ]]; then
    kill -KILL -- "-$pid" 2>/dev/null || true
  else
    kill -KILL "$pid" 2>/dev/null || true
  fi
  sleep 0.5
}

# -------------------------------------------------------------------------------------------- probes
tcp_open() {
  # shellcheck disable=SC2016 # $0 is expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

# True if a Kafka broker answers on PORT: an ApiVersions v0 request must come back with our correlation id.
kafka_api_probe() {
  # shellcheck disable=SC2016 # $0 is expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "\x00\x00\x00\x0a\x00\x12\x00\x00\x00\x00\x00\x01\xff\xff" >&3
    head -c 8 <&3 | od -An -tx1' "$1" 2>/dev/null | tr -d ' \n' | grep -q '^........00000001$'
}

# A tousei-compatible server that this clone did not start (e.g. another clone's stack) may hold a port.
# up uses it instead of failing; down never touches it. These checks are strict enough to avoid
# mistaking an unrelated program for it.
keycloak_realm_served() {
  curl -s -m 3 "$ISSUER/.well-known/openid-configuration" 2>/dev/null | grep -qF "\"issuer\":\"$ISSUER\""
}

postgres_dbs_served() { # postgres_dbs_served PSQL: every role can log in to both of its databases
  local r db
  for r in catalog evidence assessment notification; do
    for db in "$r" "${r}_test"; do
      PGPASSWORD=$r PGCONNECT_TIMEOUT=3 "$1" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$r" -d "$db" -Atc 'select 1' \
        >/dev/null 2>&1 || return 1
    done
  done
}

http_code() {
  curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true
}

http_ok() { [[ $(http_code "$1") == 200 ]]; }

# wait_for TIMEOUT_S PID TICK CMD...: poll CMD until it succeeds (0), PID dies (2) or TIMEOUT_S passes (1).
# PID may be empty (nothing to watch); TICK=1 prints a dot every 2 s on the current step.
wait_for() {
  local timeout=$1 pid=$2 tick=$3
  shift 3
  local start last_tick now
  start=$(now_us)
  last_tick=$start
  while true; do
    if "$@"; then return 0; fi
    if [[ -n $pid ]] && ! pid_alive "$pid"; then return 2; fi
    now=$(now_us)
    if ((now - start > timeout * 1000000)); then return 1; fi
    if ((tick && now - last_tick >= 2000000)); then
      step_tick
      last_tick=$now
    fi
    sleep 0.25
  done
}

wait_tcp() { wait_for "$1" "${3:-}" "${4:-0}" tcp_open "$2"; }
wait_http() { wait_for "$1" "${3:-}" "${4:-0}" http_ok "$2"; }

# ------------------------------------------------------------------------------- component lookups
# Newest installed PostgreSQL major's bin folder (Debian layout), or the one the cluster was created with.
pg_bin_dir() {
  local v
  if [[ -f $PG_DATA/PG_VERSION ]]; then
    v=$(<"$PG_DATA/PG_VERSION")
    if [[ -x /usr/lib/postgresql/$v/bin/pg_ctl ]]; then
      printf '/usr/lib/postgresql/%s/bin' "$v"
      return 0
    fi
    return 1
  fi
  local d
  d=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1) || return 1
  [[ -n $d ]] || return 1
  dirname "$d"
}

# Run a PostgreSQL server binary as the cluster owner: initdb/postgres refuse to run as root.
as_pg_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# ensure_database DB ROLE: the database exists, owned by ROLE (the benchmarks' own databases, next to up's *_test and
# *_e2e). Created like up creates those, over the cluster's local socket as postgres, only when ROLE cannot log in to
# it yet. The socket folder is this clone's, or BENCH_PG_SOCKET_DIR, or the one of the clone whose up started the
# server.
ensure_database() {
  local db=$1 role=$2 socket_dir dir psql_bin
  if PGPASSWORD=$role PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$role" -d "$db" \
    -Atc 'select 1' >/dev/null 2>&1; then
    return 0
  fi
  socket_dir=${BENCH_PG_SOCKET_DIR:-}
  if [[ -z $socket_dir ]]; then
    for dir in "$PG_SOCKET_DIR" /tmp/tousei-pg-*; do
      if [[ -S $dir/.s.PGSQL.$PG_PORT ]]; then socket_dir=$dir; break; fi
    done
  fi
  [[ -n $socket_dir ]] || die "database $db is missing and no PostgreSQL socket for port $PG_PORT was found (set BENCH_PG_SOCKET_DIR)"
  psql_bin=$(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)
  psql_bin=${psql_bin:-psql}
  printf '%s\n' "SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db')\\gexec" \
    "ALTER DATABASE $db OWNER TO $role;" |
    as_pg_owner "$psql_bin" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$PG_PORT" -U postgres -d postgres ||
    die "could not create database $db through $socket_dir"
  log "database $db created (owner $role)"
}

# postmaster.pid line 1 is the postmaster PID; its command line contains our data folder.
postgres_pid() {
  local pid
  [[ -f $PG_DATA/postmaster.pid ]] || return 1
  pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
  pid_matches "$pid" "$PG_DATA" || return 1
  printf '%s' "$pid"
}

# Our Kafka runs with our server.properties; our Keycloak from our unpacked home; services from our jars.
KAFKA_PATTERN=$KAFKA_DIR/server.properties
KEYCLOAK_PATTERN=$KEYCLOAK_HOME
kafka_pid() { running_pid kafka "$KAFKA_PATTERN"; }
keycloak_pid() { running_pid keycloak "$KEYCLOAK_PATTERN"; }
service_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar' "$ROOT" "$1"; }
service_pid() { running_pid "$1" "$(service_jar "$1")"; }
service_log() { printf '%s/%s.log' "$LOG_DIR" "$1"; }
webhook_sink_pid() { running_pid webhook-sink "$WEBHOOK_SINK_SRC"; }
mailbox_pid() { running_pid mailbox "$MAILBOX_JAR"; }

# ---------------------------------------------------------------------------------------------- tokens
# POST form fields (name=value ...) to the realm's token endpoint; prints the JSON answer and
# returns non-zero on an HTTP error, leaving the error JSON on stdout for the caller to show.
token_request() {
  local -a args=()
  local kv
  for kv in "$@"; do args+=(--data-urlencode "$kv"); done
  local body code
  body=$(curl -s -m 15 -w '\n%{http_code}' "${args[@]}" "$TOKEN_URL") || {
    printf '{"error":"connection_failed","error_description":"no answer from %s"}' "$TOKEN_URL"
    return 1
  }
  code=${body##*$'\n'}
  printf '%s' "${body%$'\n'*}"
  [[ $code == 200 ]]
}

# Access token from a token endpoint JSON answer, without needing jq.
json_access_token() { sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'; }

# Decoded payload (claims JSON) of a JWT: base64url without padding, so translate and pad first.
jwt_payload() {
  local p
  p=$(cut -d. -f2 <<<"$1" | tr '_-' '/+')
  while ((${#p} % 4)); do p+='='; done
  base64 -d <<<"$p"
}
