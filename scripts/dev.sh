#!/usr/bin/env bash
# Runs the whole product (API + worker + web app) with embedded defaults.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
exec pnpm dev
