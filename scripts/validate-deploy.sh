#!/usr/bin/env bash
# Validates the deployment artefacts (Dockerfile, docker-compose.yml, deploy/) offline: no container
# engine and no cluster needed. .ci/run calls it; run it yourself after changing any of them.
#   1. docker-compose config -q with the example env file (every ${VAR:?} provided), with and
#      without the simulator profile; and that compose refuses to render without the secrets.
#   2. kubectl kustomize deploy/k8s (when kubectl is on the PATH; otherwise said so, and step 3
#      stands in for it).
#   3. scripts/validate-deploy-offline.js: the Dockerfile's build context and every manifest's
#      structure and cross-references.
#   4. haproxy -c on deploy/haproxy/haproxy.cfg (when haproxy is on the PATH).
# The env semantics (every variable the production config needs is set, no unknown names) are
# checked by test/deploy-artefacts.e2e-spec.ts in `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file=deploy/compose.example.env
if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "validate-deploy: neither docker-compose nor 'docker compose' found (Debian: apt-get install docker-compose)" >&2
  exit 1
fi

echo "validate-deploy: ${compose[*]} config"
"${compose[@]}" -f docker-compose.yml --env-file "$env_file" config -q
"${compose[@]}" -f docker-compose.yml --env-file "$env_file" --profile simulator config -q
# Without the env file (and with none of its secrets in the environment) compose must refuse.
empty_env=$(mktemp)
trap 'rm -f "$empty_env"' EXIT
if out=$(env -u JWT_SECRET -u POSTGRES_PASSWORD -u ADMIN_PASSWORD \
  "${compose[@]}" -f docker-compose.yml --env-file "$empty_env" config -q 2>&1); then
  echo "validate-deploy: docker-compose.yml renders without JWT_SECRET/POSTGRES_PASSWORD/ADMIN_PASSWORD" >&2
  exit 1
fi
grep -q 'set \(JWT_SECRET\|POSTGRES_PASSWORD\|ADMIN_PASSWORD\)' <<<"$out" || {
  echo "validate-deploy: compose refused without secrets, but not with the expected message: $out" >&2
  exit 1
}

if command -v kubectl >/dev/null 2>&1; then
  echo "validate-deploy: kubectl kustomize deploy/k8s"
  kubectl kustomize deploy/k8s >/dev/null
else
  echo "validate-deploy: kubectl not found: kustomize rendering skipped; the offline manifest check below stands in"
fi

node scripts/validate-deploy-offline.js

if command -v haproxy >/dev/null 2>&1; then
  echo "validate-deploy: haproxy -c"
  # The API hosts resolve only inside compose's network: "could not resolve" warnings are expected.
  haproxy -c -q -f deploy/haproxy/haproxy.cfg
else
  echo "validate-deploy: haproxy not found: its configuration check skipped"
fi
echo "validate-deploy: ok"
