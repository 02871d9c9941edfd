// npm run package:all — one VS Code package per platform (vsce package --target), each carrying its own
// @node-rs/jieba native binary, and every package carrying the WebAssembly fallback segmenter.
// The per-platform binaries come from the npm registry (`npm pack @node-rs/jieba-<target>@<pinned>`),
// cached in .package-cache/ (rebuildable). Packages are written to dist-vsix/tifa-<target>.vsix, and the
// native files of each are listed (and written to dist-vsix/manifest.json).
//   node scripts/package-all.mjs [--no-build] [--only=win32-x64,linux-x64]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { unzipSync } from 'fflate';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cache = path.join(root, '.package-cache');
const outDir = path.join(root, 'dist-vsix');
const native = path.join(root, 'dist', 'native');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** VS Code target → the @node-rs/jieba package suffix holding its binary. */
export const TARGETS = {
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
};

const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const targets = Object.keys(TARGETS).filter((t) => !only || only.includes(t));
const jiebaPkg = JSON.parse(fs.readFileSync(require.resolve('@node-rs/jieba/package.json'), 'utf8'));
const log = (s) => process.stderr.write(`[package:all] ${s}\n`);

/** The pinned binary package version: the one @node-rs/jieba itself depends on. */
function pinned(suffix) {
  const v = jiebaPkg.optionalDependencies?.[`@node-rs/jieba-${suffix}`];
  if (!v || !/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`@node-rs/jieba ${jiebaPkg.version} pins no exact version of @node-rs/jieba-${suffix}`);
  return v;
}

/** The .node file of one target, from the npm registry (cached). */
function binaryFor(suffix) {
  const version = pinned(suffix);
  const dir = path.join(cache, `jieba-${suffix}-${version}`);
  const file = path.join(dir, `jieba.${suffix}.node`);
  if (fs.existsSync(file)) return { file, version };
  fs.mkdirSync(dir, { recursive: true });
  log(`npm pack @node-rs/jieba-${suffix}@${version}`);
  const out = execFileSync(npm, ['pack', `@node-rs/jieba-${suffix}@${version}`, '--pack-destination', dir, '--silent'], {
    cwd: dir,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const tgz = path.join(dir, out.trim().split('\n').pop());
  execFileSync('tar', ['-xzf', tgz, '-C', dir], { stdio: 'inherit' });
  fs.renameSync(path.join(dir, 'package', `jieba.${suffix}.node`), file);
  fs.rmSync(path.join(dir, 'package'), { recursive: true, force: true });
  fs.rmSync(tgz, { force: true });
  return { file, version };
}

if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
fs.mkdirSync(outDir, { recursive: true });
// keep this machine's own binaries to put back afterwards
/** @type {Array<[string, Buffer]>} */
const saved = fs.existsSync(native) ? fs.readdirSync(native).map((f) => [f, fs.readFileSync(path.join(native, f))]) : [];
const manifest = [];
try {
  for (const target of targets) {
    const suffix = TARGETS[target];
    const { file, version } = binaryFor(suffix);
    fs.rmSync(native, { recursive: true, force: true });
    fs.mkdirSync(native, { recursive: true });
    fs.copyFileSync(file, path.join(native, path.basename(file)));
    const vsix = path.join(outDir, `tifa-${target}.vsix`);
    log(`vsce package --target ${target}`);
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--target',
        target,
        '--no-dependencies',
        '--allow-missing-repository',
        '--skip-license',
        '--no-rewrite-relative-links',
        '-o',
        vsix,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'], cwd: root },
    );
    // what the package holds natively: list it from the package itself
    const files = unzipSync(fs.readFileSync(vsix), { filter: (f) => /\.(node|wasm)$/.test(f.name) });
    const nativeFiles = Object.entries(files).map(([name, data]) => ({ name, bytes: data.length }));
    manifest.push({ target, package: path.relative(root, vsix), bytes: fs.statSync(vsix).size, jieba: `@node-rs/jieba-${suffix}@${version}`, nativeFiles });
  }
} finally {
  fs.rmSync(native, { recursive: true, force: true });
  fs.mkdirSync(native, { recursive: true });
  for (const [f, data] of saved) fs.writeFileSync(path.join(native, f), data);
}
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
for (const m of manifest) {
  process.stdout.write(`${m.package}  ${mb(m.bytes)}  (${m.jieba})\n`);
  for (const f of m.nativeFiles) process.stdout.write(`    ${f.name}  ${mb(f.bytes)}\n`);
}
