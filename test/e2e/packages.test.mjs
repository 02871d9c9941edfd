// The six platform packages (npm run package:all): each .vsix is unpacked and its native segmenter binary
// checked against its target (PE machine for Windows, Mach-O CPU type for macOS, ELF machine for Linux);
// every package carries the WebAssembly fallback; the linux-x64 package's own CLI, unpacked, checks a
// report with a user corpus, and gives the same JSON with its native binary removed.
// Fetches the per-platform @node-rs/jieba packages from the npm registry on first use (.package-cache/).
// Env: TIFA_E2E_REQUIRE=1 (fail instead of skip when dist/ is not built).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { REPO, mkTmp, missing } from './lib/env.mjs';

const { unzipSync } = createRequire(path.join(REPO, 'package.json'))('fflate');
/** @type {string | false} */
let skip = false;
if (missing(path.join(REPO, 'dist', 'cli.js')).length) skip = 'dist/ not built: npm run build';
if (skip && process.env.TIFA_E2E_REQUIRE === '1') throw new Error(`TIFA_E2E_REQUIRE=1 but ${skip}`);

/** What a native binary is built for, from its header. */
function binaryTarget(b) {
  if (b[0] === 0x4d && b[1] === 0x5a) {
    // PE: MZ, then the PE header's machine field
    const pe = b.readUInt32LE(0x3c);
    const machine = b.readUInt16LE(pe + 4);
    return `win32-${{ 34404: 'x64', 43620: 'arm64', 332: 'ia32' }[machine] ?? machine.toString(16)}`;
  }
  if (b.readUInt32LE(0) === 0xfeedfacf) {
    // Mach-O 64-bit
    const cpu = b.readUInt32LE(4);
    return `darwin-${{ 16777223: 'x64', 16777228: 'arm64' }[cpu] ?? cpu.toString(16)}`;
  }
  if (b[0] === 0x7f && b.toString('latin1', 1, 4) === 'ELF') {
    const machine = b.readUInt16LE(18);
    return `linux-${{ 62: 'x64', 183: 'arm64' }[machine] ?? machine}`;
  }
  return 'unknown';
}

describe('platform packages (npm run package:all)', { skip, timeout: 600000 }, () => {
  let manifest;
  before(() => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'package-all.mjs'), '--no-build'], { cwd: REPO, encoding: 'utf8', timeout: 540000 });
    assert.equal(r.status, 0, r.stderr);
    process.stdout.write(r.stdout);
    manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'dist-vsix', 'manifest.json'), 'utf8'));
  });

  it('writes six packages, each with its own platform binary and the WebAssembly fallback', () => {
    assert.deepEqual(
      manifest.map((m) => m.target),
      ['win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64', 'linux-x64', 'linux-arm64'],
    );
    for (const m of manifest) {
      const files = unzipSync(fs.readFileSync(path.join(REPO, m.package)));
      const natives = Object.keys(files).filter((f) => f.endsWith('.node'));
      assert.equal(natives.length, 1, `${m.target}: ${natives}`);
      assert.match(natives[0], /^extension\/dist\/native\/jieba\.[\w-]+\.node$/);
      assert.equal(binaryTarget(Buffer.from(files[natives[0]])), m.target, natives[0]);
      assert.ok(files['extension/dist/jieba/jieba_rs_wasm_bg.wasm']?.length > 1e6, `${m.target}: the WebAssembly fallback`);
      for (const f of [
        'extension/dist/cli.js',
        'extension/dist/server.js',
        'extension/dist/client.js',
        'extension/dist/jieba/dict.txt',
        'extension/dist/builtin-corpus.json',
        'extension/package.json',
      ])
        assert.ok(files[f], `${m.target}: ${f}`);
      const pkg = new TextDecoder().decode(files['extension.vsixmanifest']);
      assert.match(pkg, new RegExp(`TargetPlatform="${m.target}"`));
    }
  });

  it('the unpacked linux-x64 package checks with a user corpus, with and without its native binary, giving the same JSON', () => {
    const dir = mkTmp('pkg');
    const files = unzipSync(fs.readFileSync(path.join(REPO, 'dist-vsix', 'tifa-linux-x64.vsix')));
    for (const [name, data] of Object.entries(files)) {
      if (!name.startsWith('extension/')) continue;
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, data);
    }
    const corpus = path.join(dir, 'my-corpus');
    fs.mkdirSync(corpus);
    fs.writeFileSync(
      path.join(corpus, 'terms.yaml'),
      'kind: terms\nentries:\n  - id: test-term\n    term: 数字乡村示范区\n    definition: { kind: explanation, text: 测试用条目, source: { title: 测试语料, publisher: Tifa 测试, date: "2024-01-01" } }\n    tests: { flag: [], pass: [] }\n',
    );
    const report = path.join(dir, 'report.md');
    fs.writeFileSync(report, '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n\n全要素生产力不断提高。\n');
    const cli = path.join(dir, 'extension', 'dist', 'cli.js');
    const run = () =>
      spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--corpus', corpus, report], {
        encoding: 'utf8',
        env: { ...process.env, TIFA_CACHE_DIR: 'off', TIFA_TODAY: '2026-11-22' },
      });
    const stats = () =>
      JSON.parse(
        spawnSync(process.execPath, [cli, 'corpus', 'stats', '--format', 'json', '--corpus', corpus], {
          encoding: 'utf8',
          env: { ...process.env, TIFA_CACHE_DIR: 'off' },
        }).stdout,
      );
    const native = run();
    assert.equal(native.status, 1, native.stderr);
    assert.equal(stats().segmenter, 'native');
    assert.deepEqual(
      JSON.parse(native.stdout).files[0].diagnostics.map((d) => d.code),
      ['misquote', 'term-typo'],
    );
    fs.rmSync(path.join(dir, 'extension', 'dist', 'native'), { recursive: true });
    const wasm = run();
    assert.equal(wasm.status, 1, wasm.stderr);
    assert.equal(stats().segmenter, 'wasm');
    assert.equal(wasm.stdout, native.stdout);
  });
});
