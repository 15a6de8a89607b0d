#!/usr/bin/env bash
# Runs every check CI runs: lint, types, DB-type drift, unit + integration tests with coverage, e2e.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
step "lint"; pnpm lint
step "typecheck"; pnpm typecheck
step "database types match migrations"; pnpm db:codegen:check
mkdir -p artifacts
status=0
step "unit + frontend + integration tests (coverage enforced)"
pnpm test:all --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json || status=$?
step "end-to-end in real Chromium"
pnpm test:e2e --reporter=default --reporter=json --outputFile.json=artifacts/vitest-e2e.json || status=$?
# One plain summary line for CI: "N passed, N failed".
node -e '
const fs = require("fs");
let p = 0, f = 0, s = 0;
for (const file of ["artifacts/vitest.json", "artifacts/vitest-e2e.json"]) {
  if (!fs.existsSync(file)) { f++; continue; }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests;
}
console.log(`${p} passed, ${f} failed` + (s ? `, ${s} skipped` : ""));
// embedded-postgres registers an exit hook that can swallow the exit code of vitest, so the
// JSON report is the source of truth.
process.exit(f > 0 || p === 0 ? 1 : 0);
' || status=1
exit "$status"
