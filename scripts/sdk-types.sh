#!/usr/bin/env bash
# The SDK's types (libs/sdk/src/generated/openapi.ts) are generated from the committed openapi.json.
#   scripts/sdk-types.sh generate   writes them (npm run sdk:generate)
#   scripts/sdk-types.sh check      fails when the committed file differs from what the spec yields, or when
#                                   a body is typed `unknown` (scripts/count-sdk-unknowns.js) (npm run sdk:check, CI)
# One place for the generator's options, so both modes produce the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

target=libs/sdk/src/generated/openapi.ts
generate() {
  # defaultNonNullable false (in sdk-types.mjs): a property with a default (e.g. ttlSeconds) stays optional in request bodies.
  node scripts/sdk-types.mjs "$1"
}

case "${1:-}" in
  generate)
    generate "$target"
    echo "wrote $target"
    ;;
  check)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    generate "$tmp/openapi.ts"
    if ! diff -u "$target" "$tmp/openapi.ts" >"$tmp/diff"; then
      head -n 60 "$tmp/diff" >&2
      echo >&2
      echo "$target is out of date with openapi.json." >&2
      echo "Fix: npm run sdk:generate, then commit $target." >&2
      exit 1
    fi
    echo "$target matches openapi.json"
    # Issue 18: no documented body may be typed `unknown` (response-header maps excepted).
    node scripts/count-sdk-unknowns.js "$target"
    ;;
  *)
    echo "usage: $0 generate|check" >&2
    exit 2
    ;;
esac
