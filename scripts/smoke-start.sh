#!/usr/bin/env bash
# Starts the built app the way a newcomer does: no DATABASE_URL (embedded PostgreSQL under a data
# directory) and no Redis at REDIS_URL (a redis-server from the PATH is started for the session).
# Waits for /health/ready, logs in as the bootstrap admin, opens /docs, creates a second admin with
# the CLI, starts the worker as its own process, then stops everything with SIGTERM and checks that
# each process shut down cleanly and the Redis it started is gone.
set -euo pipefail
cd "$(dirname "$0")/.."

port=$((20000 + RANDOM % 10000))
pg_port=$((30000 + RANDOM % 10000))
redis_port=$((40000 + RANDOM % 10000))
data=$(mktemp -d /tmp/kiosk-smoke-XXXXXX)
chmod 755 "$data"
export PORT=$port EMBEDDED_PG_PORT=$pg_port EMBEDDED_PG_DIR="$data/postgres" \
  REDIS_URL="redis://127.0.0.1:$redis_port" NODE_ENV=development LOG_FORMAT=json \
  ADMIN_USERNAME=smoke-admin ADMIN_PASSWORD=smoke-password-123
unset DATABASE_URL

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$data"; }
trap cleanup EXIT
fail() { echo "smoke: $1"; for f in "$data"/*.log; do echo "--- $f"; tail -40 "$f"; done; exit 1; }

stop_cleanly() { # pid name
  kill -TERM "$1"
  for _ in $(seq 1 40); do kill -0 "$1" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$1" 2>/dev/null && fail "$2 did not stop on SIGTERM"
  wait "$1" && status=0 || status=$?
  [ "$status" -eq 0 ] || fail "$2 exited with $status after SIGTERM"
}

node dist/apps/api/main.js --with-worker >"$data/api.log" 2>&1 &
api=$!; pids+=("$api")
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$api" 2>/dev/null || fail "the app exited during start-up"
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || fail "not ready after 60 s"
grep -q "starting redis-server on port $redis_port" "$data/api.log" || fail "the app did not start its own redis-server"

login() {
  curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" | grep -q accessToken
}
login smoke-admin smoke-password-123 || fail "the bootstrap admin cannot log in"
curl -fsSL "http://127.0.0.1:$port/docs" | grep -q swagger-ui || fail "/docs does not serve Swagger UI"

node dist/apps/cli/main.js create-admin --username cli-admin --password cli-password-123 >"$data/cli.log" 2>&1 \
  || fail "cli create-admin failed"
login cli-admin cli-password-123 || fail "the admin created by the CLI cannot log in"

node dist/apps/worker/main.js >"$data/worker.log" 2>&1 &
worker=$!; pids+=("$worker")
for _ in $(seq 1 30); do grep -q "worker started" "$data/worker.log" && break; sleep 0.5; done
grep -q "worker started" "$data/worker.log" || fail "the worker did not start"

stop_cleanly "$worker" worker
stop_cleanly "$api" api
redis-cli -p "$redis_port" ping >/dev/null 2>&1 && fail "the redis-server started for the session is still running"
echo "smoke: built api+worker started on embedded PostgreSQL and a session redis-server; login, /docs, cli create-admin, separate worker, clean SIGTERM"
