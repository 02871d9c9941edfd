// One build script, three bundles: the VS Code client (vscode external), the language server and the
// CLI (standalone). The segmenter's native binary and its dictionary are copied beside the bundles.
// Then the built-in corpus is loaded once and its index written to dist/builtin-corpus.json
// (server/src/corpus/prebuilt.ts), tied to this build by TIFA_BUILD_ID.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const extra = process.argv.includes('--tests');

fs.mkdirSync(path.join(dist, 'jieba'), { recursive: true });
fs.copyFileSync(require.resolve('@node-rs/jieba/dict.txt'), path.join(dist, 'jieba', 'dict.txt'));

/**
 * Identifies what a prebuilt corpus index depends on: the server sources (loader, index, schemas
 * compiled in), the corpus schemas, the version, and the segmenter's package and dictionary.
 */
function buildId() {
  const h = crypto.createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  walk(path.join(root, 'server', 'src'));
  walk(path.join(root, 'corpus', 'schema'));
  files.sort();
  files.push(require.resolve('@node-rs/jieba/package.json'), require.resolve('@node-rs/jieba/dict.txt'));
  h.update(pkg.version);
  for (const f of files) h.update(`\0${path.relative(root, f)}\0`).update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 32);
}
const BUILD_ID = watch ? '' : buildId(); // a watch build changes under us: no prebuilt index for it

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.node': 'copy', '.md': 'text' },
  define: { TIFA_VERSION: JSON.stringify(pkg.version), TIFA_BUILD_ID: JSON.stringify(BUILD_ID) },
  absWorkingDir: root,
};

const contexts = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: dist, external: ['vscode'] },
  {
    ...common,
    entryPoints: { server: 'server/src/lsp/server.ts', cli: 'server/src/cli/cli.ts' },
    outdir: dist,
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (extra) {
  const tests = fs.readdirSync(path.join(root, 'test')).filter((f) => f.endsWith('.test.ts'));
  contexts.push({
    ...common,
    entryPoints: Object.fromEntries(tests.map((t) => [t.replace(/\.ts$/, ''), `test/${t}`])),
    outdir: path.join(root, 'dist-test'),
    external: ['fast-check'],
    define: { ...common.define, TIFA_ROOT: JSON.stringify(root) },
  });
}

const prebuilt = path.join(dist, 'builtin-corpus.json');
fs.rmSync(prebuilt, { force: true });
if (watch) {
  for (const c of contexts) await (await esbuild.context(c)).watch();
} else {
  contexts.push({ ...common, entryPoints: { '.prebuild-corpus': 'scripts/prebuild-corpus.ts' }, outdir: dist, sourcemap: false });
  await Promise.all(contexts.map((c) => esbuild.build(c)));
  for (const f of ['server.js', 'cli.js']) fs.chmodSync(path.join(dist, f), 0o755);
  const step = path.join(dist, '.prebuild-corpus.js');
  try {
    execFileSync(process.execPath, [step, path.join(root, 'corpus'), prebuilt], { stdio: 'inherit' });
  } finally {
    fs.rmSync(step, { force: true });
  }
}
