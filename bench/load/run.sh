#!/usr/bin/env bash
# The load and fault runs of README "Load and faults": the production stack (deploy/Procfile: gunicorn, worker,
# clock) against a PostgreSQL primary with a streaming replica, locust at 50, 200 and 500 users, then 200 users
# while the worker is killed mid-import, while PostgreSQL restarts, and with the replica stopped; after each run
# bench/load/verify.py counts the acknowledged writes in the database. Run it under the bench lock:
#   flock /work/bench.lock bench/load/run.sh
# Needs two local clusters of their own (never the shared 5432 one, which this script restarts otherwise):
#   LOAD_PRIMARY=15/fqprimary on port 5440, LOAD_REPLICA=15/fqreplica on 5441 streaming from it (README shows how),
# and the data set (bench/load/build_city.py) in database fq_load. It installs locust (pinned) in var/locust-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
export PATH="$ROOT/.venv/bin:$PATH"
# locust in a venv of its own (it brings gevent, flask …, nothing the app needs), pinned
LOCUST_VENV="$ROOT/var/locust-venv"
if [ ! -x "$LOCUST_VENV/bin/locust" ]; then
  python -m venv "$LOCUST_VENV" && "$LOCUST_VENV/bin/pip" install -q locust==2.47.0 python-stdnum==2.2
fi
OUT="${LOAD_OUT:-$ROOT/var/load/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
PRIMARY="${LOAD_PRIMARY:-15 fqprimary}"; REPLICA="${LOAD_REPLICA:-15 fqreplica}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5440/fq_load}"
export FENGQIAO_REPLICA_URL="${FENGQIAO_REPLICA_URL:-postgres://postgres@127.0.0.1:5441/fq_load}"
export FENGQIAO_SECRET_KEY=load-run-only FENGQIAO_DEBUG=0 FENGQIAO_PLAIN_HTTP=1 FENGQIAO_BIND=127.0.0.1:8742 FENGQIAO_LOG_FORMAT=json
export FENGQIAO_WORKER_ID=load-1 FENGQIAO_MEDIA_ROOT="$ROOT/var/load-media" FENGQIAO_WEB_WORKERS="${FENGQIAO_WEB_WORKERS:-4}"
HOST="http://127.0.0.1:8742"
LEVELS="${LOAD_LEVELS:-50:120 200:150 500:210}"
FAULTS="${LOAD_FAULTS:-worker postgres replica}"
FAULT_USERS="${LOAD_FAULT_USERS:-200}"

# Clusters restarted from here must not inherit the bench lock's file descriptor (a postgres started under flock
# would hold the lock for everyone until it stops): start them with every descriptor above stderr closed.
detached() { python3 -c 'import os, sys; os.closerange(3, 65536); os.execvp(sys.argv[1], sys.argv[1:])' "$@"; }

STACK=0
start_stack() {
  setsid honcho -f deploy/Procfile -d "$ROOT" start >> "$OUT/stack.log" 2>&1 &
  STACK=$!
  for _ in $(seq 1 60); do curl -sf "$HOST/healthz" >/dev/null && return; sleep 1; done
  echo "stack did not come up" >&2; exit 1
}
stop_stack() { [ "$STACK" -ne 0 ] && kill -TERM -- "-$STACK" 2>/dev/null; wait "$STACK" 2>/dev/null || true; STACK=0; }
trap stop_stack EXIT

# The database worker's pid, found inside our own honcho's process tree (never by name across the machine).
worker_pid() {
  local pids=$STACK next
  for _ in 1 2 3 4 5; do
    next=$(for p in $pids; do pgrep -P "$p" || true; done)
    [ -z "$next" ] && break
    for p in $next; do
      if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q "db_worker --worker-id load-1"; then echo "$p"; return; fi
    done
    pids=$next
  done
}

fault_worker() {  # kill -9 the worker while an import is running, then let respawn + jobs_recover bring it back
  sleep 20
  for _ in $(seq 1 90); do
    running=$(psql "$DATABASE_URL" -Atc "select count(*) from registry_importjob where status='running'")
    [ "$running" -gt 0 ] && break
    sleep 1
  done
  pid=$(worker_pid); echo "$(date +%T) kill -9 worker $pid (imports running: $running)" >> "$OUT/faults.log"
  kill -9 "$pid"
}
fault_postgres() {
  sleep 40
  echo "$(date +%T) restart primary ($PRIMARY)" >> "$OUT/faults.log"
  detached pg_ctlcluster --skip-systemctl-redirect $PRIMARY restart -m fast >> "$OUT/faults.log" 2>&1
  echo "$(date +%T) primary back" >> "$OUT/faults.log"
}
fault_replica() {
  sleep 30
  echo "$(date +%T) stop replica ($REPLICA)" >> "$OUT/faults.log"
  detached pg_ctlcluster --skip-systemctl-redirect $REPLICA stop -m fast >> "$OUT/faults.log" 2>&1
  sleep 60
  echo "$(date +%T) start replica" >> "$OUT/faults.log"
  detached pg_ctlcluster --skip-systemctl-redirect $REPLICA start >> "$OUT/faults.log" 2>&1
}

run() {  # run NAME USERS SECONDS [FAULT]
  local name=$1 users=$2 secs=$3 fault=${4:-}
  echo "== $name: $users users, ${secs}s ${fault:+(fault: $fault)}"
  local fpid=0
  [ -n "$fault" ] && { "fault_$fault" & fpid=$!; }
  LOAD_RUN="$name" LOAD_ACK_FILE="$OUT/$name.acks" "$LOCUST_VENV/bin/locust" -f bench/load/locustfile.py --headless \
    -u "$users" -r "$(( users / 25 + 2 ))" -t "${secs}s" --stop-timeout 30 --host "$HOST" \
    --csv "$OUT/$name" --only-summary > "$OUT/$name.locust.log" 2>&1 || true
  [ "$fpid" -ne 0 ] && wait "$fpid"
  touch "$OUT/$name.acks"
  python bench/load/verify.py "$OUT/$name.acks" > "$OUT/$name.verify.json" || true
  cat "$OUT/$name.verify.json"
}

python manage.py migrate --noinput -v0  # the data set may predate the code's last migration
start_stack
for level in $LEVELS; do run "u${level%%:*}" "${level%%:*}" "${level##*:}"; done
for fault in $FAULTS; do run "fault-$fault" "$FAULT_USERS" "${LOAD_FAULT_SECONDS:-150}" "$fault"; done
stop_stack
python bench/load/summarise.py "$OUT" | tee "$OUT/summary.md"
