// One build script, three bundles: the VS Code client (vscode external), the language server and the
// CLI (standalone). The segmenter's native binary and its dictionary are copied beside the bundles.
import * as esbuild from 'esbuild';
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

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  loader: { '.node': 'copy', '.md': 'text' },
  define: { TIFA_VERSION: JSON.stringify(pkg.version) },
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

if (watch) {
  for (const c of contexts) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(contexts.map((c) => esbuild.build(c)));
  for (const f of ['server.js', 'cli.js']) fs.chmodSync(path.join(dist, f), 0o755);
}
