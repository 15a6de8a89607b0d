#!/usr/bin/env bash
# Runs every check CI runs: lint, types, DB-type drift, unit + integration tests with coverage, e2e.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }
step "lint"; pnpm lint
step "typecheck"; pnpm typecheck
step "database types match migrations"; pnpm db:codegen:check
step "unit + frontend + integration tests (coverage enforced)"; pnpm test:all
step "end-to-end in real Chromium"; pnpm test:e2e
