// The CLI on huge and strange input: it reports each bad file on stderr, checks the good ones, keeps
// its JSON valid, exits with 2, and never hangs or dies with a stack trace.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { builtinCorpus, CLI, ROOT, TODAY, tmpDir, write } from './helpers';

/** The CLI with a bound: a hang fails the test instead of stalling the run. */
function cli(args: string[], timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, TIFA_TODAY: TODAY },
  });
  assert.equal(r.signal, null, `tifa ${args.join(' ')} did not finish within ${timeoutMs} ms`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const seedText = () => fs.readFileSync(path.join(ROOT, 'corpus', 'documents', '004-yantao-fayan-10pian.txt'), 'utf8');

describe('tifa check on strange files', () => {
  const dir = tmpDir('cli-strange');
  const good = write(dir, 'a-good.md', seedText());
  const invalid = write(
    dir,
    'b-invalid.txt',
    Buffer.concat([Buffer.from('新质生产力'), Buffer.from([0xe6, 0x96]), Buffer.from('。\n'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80])]),
  );
  const gbk = write(dir, 'c-gbk.txt', Buffer.from([0xd0, 0xc2, 0xd6, 0xca, 0xc9, 0xfa, 0xb2, 0xfa, 0xc1, 0xa6, 0x0a]));
  const late = write(dir, 'd-late-nul.txt', Buffer.concat([Buffer.from('新质生产力。'.repeat(3000)), Buffer.from([0]), Buffer.from('尾')]));
  const utf16 = write(dir, 'e-utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('新质生产力', 'utf16le')]));
  const png = write(dir, 'f-image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  const bom = write(dir, 'g-bom.txt', '\ufeff全要素生产力不断提高。\n');
  const empty = write(dir, 'h-empty.md', '');

  test('a folder with good, invalid UTF-8, GBK, binary, UTF-16, BOM and empty files: each bad one reported, the good ones checked, JSON valid, exit 2', () => {
    const r = cli(['check', '--format', 'json', dir]);
    assert.equal(r.status, 2);
    const out = JSON.parse(r.stdout);
    const checked = out.files.map((f: { path: string }) => path.basename(f.path));
    // GBK and UTF-16 with BOM are decoded (platform, #14); broken UTF-8 and binary files are refused
    assert.deepEqual(checked, ['a-good.md', 'c-gbk.txt', 'e-utf16.txt', 'g-bom.txt', 'h-empty.md']);
    assert.ok(out.files[0].diagnostics.length >= 5);
    assert.deepEqual(
      out.files[3].diagnostics.map((d: { code: string; range: unknown }) => [d.code, d.range]),
      [['term-typo', { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } }]],
    );
    const err = r.stderr;
    assert.match(err, new RegExp(`${esc(invalid)}: 不是有效的 UTF-8 文本`));
    assert.match(err, new RegExp(`${esc(late)}: 这是二进制文件`));
    assert.match(err, new RegExp(`${esc(png)}: 这是二进制文件`));
    void gbk;
    void utf16;
    void good;
    void bom;
    void empty;
  });

  test('a 10 MB file and a 50,000-line file are checked in bounded time; the text output has one line per finding', () => {
    const big = write(
      dir,
      'big/ten.md',
      Array.from({ length: 700 }, (_, i) => `${i}. ${seedText()}`)
        .join('\n\n')
        .slice(0, 3_500_000),
    );
    const lines = Array.from({ length: 50_000 }, (_, i) => (i % 500 === 0 ? '全要素生产力不断提高。' : `第${i}行。`));
    const many = write(dir, 'big/lines.txt', lines.join('\r\n'));
    const r = cli(['check', many]);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('tifa: 检查了'));
    assert.equal(out.length, 100);
    assert.match(out[1], new RegExp(`^${esc(many)}:501:1: warning term-typo `));
    assert.match(out[99], new RegExp(`^${esc(many)}:49501:1: warning term-typo `));
    const t = cli(['check', '--format', 'json', big], 90_000);
    const json = JSON.parse(t.stdout);
    const text = fs.readFileSync(big, 'utf8');
    const core = new Checker(builtinCorpus().index).check(text, { markdown: true, today: TODAY }).findings;
    assert.equal(json.files[0].diagnostics.length, core.length);
    // exit 1 exactly when a finding is an error
    assert.equal(t.status, core.some((f) => f.severity === 'error') ? 1 : 0, t.stderr);
  });

  test('files over the size limit, devices, FIFOs and symlink loops: refused or skipped at once, never a hang', () => {
    const odd = tmpDir('cli-odd');
    const huge = path.join(odd, 'huge.md');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 65 * 1024 * 1024);
    write(odd, 'tree/ok.md', '全要素生产力。\n');
    fs.symlinkSync('..', path.join(odd, 'tree', 'loop'));
    fs.symlinkSync(path.join(odd, 'tree'), path.join(odd, 'tree', 'self'));
    fs.symlinkSync('/dev/zero', path.join(odd, 'tree', 'zero.md'));
    const fifo = path.join(odd, 'tree', 'pipe.md');
    spawnSync('mkfifo', [fifo]); // where mkfifo exists: a FIFO in a folder must not block the walk
    const r = cli(['check', '--format', 'json', huge, '/dev/zero', path.join(odd, 'tree')], 20_000);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /huge\.md: 文件有 65\.0 MB，超过 64 MB 的上限；已跳过/);
    assert.match(r.stderr, /\/dev\/zero: 超过 64 MB（可能是没有尽头的设备或管道）；已跳过/);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.files.map((f: { path: string }) => path.basename(f.path)),
      ['ok.md'],
      'the FIFO, the device link and the loops are skipped in a folder',
    );
  });

  test('output into a closed pipe (tifa check … | head -1) ends quietly', async () => {
    const many = write(dir, 'pipe/many.txt', '全要素生产力。\n'.repeat(20_000));
    const child = spawn(process.execPath, [CLI, 'check', many], { env: { ...process.env, TIFA_TODAY: TODAY } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    assert.equal(signal, null);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
  });

  test('a missing corpus folder and a corpus path that is a file: file:line:column problems and exit 2', () => {
    const r = cli(['check', '--corpus', path.join(dir, 'no-such-folder'), good]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no-such-folder:1:1: error: 语料文件夹不存在/);
    const f = cli(['corpus', 'check', '--corpus', good]);
    assert.equal(f.status, 2);
    assert.match(f.stderr, /a-good\.md:1:1: error: 无法读取文件夹：/);
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
