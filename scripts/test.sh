#!/usr/bin/env bash
# Runs every check CI runs: lint, types, DB-type drift, unit + integration tests with coverage, e2e.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
step "lint"; pnpm lint
step "typecheck"; pnpm typecheck
step "database types match migrations"; pnpm db:codegen:check
step "unit + integration tests (coverage enforced)"
mkdir -p artifacts
status=0
pnpm test:all --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json || status=$?
# One plain summary line for CI: "N passed, N failed".
node -e 'const r=require("./artifacts/vitest.json");console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""))' || true
exit "$status"
