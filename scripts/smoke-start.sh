#!/usr/bin/env bash
# Starts the built app the way a newcomer does (no DATABASE_URL: embedded PostgreSQL under a data
# directory), waits until /health/ready answers 200, logs in as the bootstrap admin, opens /docs,
# then stops it with SIGTERM and checks that it shut down cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."

port=$((20000 + RANDOM % 10000))
pg_port=$((30000 + RANDOM % 10000))
data=$(mktemp -d /tmp/kiosk-smoke-XXXXXX)
chmod 755 "$data"
log="$data/app.log"

env -u DATABASE_URL PORT=$port EMBEDDED_PG_PORT=$pg_port EMBEDDED_PG_DIR="$data/postgres" \
  NODE_ENV=development LOG_FORMAT=json ADMIN_USERNAME=smoke-admin ADMIN_PASSWORD=smoke-password-123 \
  node dist/apps/api/main.js --with-worker >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "app exited during start-up:"; cat "$log"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "not ready after 60 s:"; tail -50 "$log"; exit 1; }

curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"smoke-admin","password":"smoke-password-123"}' | grep -q accessToken
curl -fsSL "http://127.0.0.1:$port/docs" | grep -q swagger-ui

kill -TERM "$pid"
for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "app did not stop on SIGTERM"; tail -30 "$log"; exit 1; fi
wait "$pid" && status=0 || status=$?
[ "$status" -eq 0 ] || { echo "app exited with $status after SIGTERM"; tail -30 "$log"; exit 1; }
echo "smoke: built app started on embedded PostgreSQL, served /health/ready, login and /docs, stopped cleanly"
