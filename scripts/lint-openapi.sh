#!/usr/bin/env bash
# `npm run lint:openapi`: lints the committed openapi.json with Redocly's recommended ruleset
# (redocly.yaml, .redocly.lint-ignore.yaml). Redocly itself fails only on errors; here a warning
# fails too, so the document stays at zero of both.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
# Redocly exits 1 on errors; the totals below decide either way.
report=$(npx --no-install redocly lint openapi.json --format=json 2>/dev/null || true)
node -e '
  const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const p of report.problems) {
    const where = (p.location[0] && p.location[0].pointer) || "";
    console.log(`${p.severity === "error" ? "error  " : "warning"} ${p.ruleId}  ${where}\n        ${p.message}`);
  }
  const { errors, warnings, ignored } = report.totals;
  console.log(`openapi.json: ${errors} errors, ${warnings} warnings (${ignored} explicitly ignored)`);
  process.exit(errors + warnings > 0 ? 1 : 0);
' <<<"$report"
