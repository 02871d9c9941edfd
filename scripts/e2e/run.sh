#!/usr/bin/env bash
# Real-editor tests: setup (idempotent), build + package the extension, then every
# test/e2e/*.test.mjs with node's test runner. Exits non-zero when any test fails.
#
#   bash scripts/e2e/run.sh                 # everything
#   bash scripts/e2e/run.sh neovim          # only test/e2e/neovim.test.mjs (name filter)
#   TIFA_E2E_NO_BUILD=1 …                   # test the dist/ and tifa.vsix already there
#   TIFA_E2E_REQUIRE=0 …                    # let tests skip (instead of fail) when something is missing
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO="$PWD"
# the same run whether started as `npm run test:e2e` or `bash scripts/e2e/run.sh` (see clean-env.sh)
source scripts/e2e/clean-env.sh
t0=$(date +%s)

bash scripts/e2e/setup.sh >/dev/null
t1=$(date +%s)

if [[ "${TIFA_E2E_NO_BUILD:-}" != 1 && -f package.json ]]; then
  has_script() { node -e 'process.exit(require("./package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"; }
  if [[ ! -d node_modules ]]; then
    echo "[e2e] npm ci" >&2
    if [[ -f package-lock.json ]]; then npm ci --no-audit --no-fund >&2; else npm install --no-audit --no-fund >&2; fi
  fi
  if has_script build; then echo "[e2e] npm run build" >&2; npm run -s build >&2; fi
  if has_script package; then echo "[e2e] npm run package" >&2; npm run -s package >&2; fi
fi
t2=$(date +%s)

export TIFA_E2E_REQUIRE="${TIFA_E2E_REQUIRE:-1}"
files=()
for f in test/e2e/*.test.mjs; do
  [[ $# -eq 0 || "$f" == *"$1"* ]] && files+=("$f")
done
((${#files[@]})) || { echo "[e2e] no test file matches '$1'" >&2; exit 2; }
rc=0
node --test --test-concurrency=1 "${files[@]}" || rc=$?
t3=$(date +%s)
echo "[e2e] setup $((t1 - t0)) s, build $((t2 - t1)) s, tests $((t3 - t2)) s; artifacts in test/e2e/artifacts/" >&2
exit $rc
