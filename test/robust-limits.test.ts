// Corpora and protocol messages that used to cost minutes or gigabytes, or to read outside the
// corpus folder (issue #18, items 2, 3, 4 and 9): limits on the data as loaded (aliases expanded),
// validation that stops early, loading off the server's message loop, files reached through links
// refused, a second initialize refused, huge values cut in messages. Driven through the CLI and the
// language server; a hang is caught by a child process's or a request's time-out.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, TODAY, tmpDir, write } from './helpers';
import { RobustClient } from './robust-client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SOURCE = '{ title: 测试文件, publisher: 测试单位, date: "2025-01-01" }';

/** `tifa …` in a child process with a bound (a hang is a failure, not a stuck test run). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TIFA_TODAY: TODAY, TIFA_CACHE_DIR: 'off', LC_ALL: 'en_US.UTF-8', ...env },
  }); // (problem texts in English)
  assert.equal(r.signal, null, `tifa ${args.join(' ')} did not finish within ${timeoutMs} ms`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const occasion = `kind: occasions\nentries:\n  - id: test-occasion\n    name: 测试会议\n    type: meeting\n    date: "2025-01-01"\n    source: ${SOURCE}\n    tests: {}\n`;

function quotation(id: string, text: string): string {
  return `  - id: ${id}\n    text: ${text}\n    speaker: 测试者\n    occasion: test-occasion\n    date: "2025-01-01"\n    source: ${SOURCE}\n    tests: {}\n`;
}

/** Made-up writing, n characters, no two sentences alike. */
function prose(n: number, seed: number): string {
  const chars = '发展创新科技产业经济社会建设改革开放质量效益结构动能要素市场体系制度治理能力现代化';
  let out = '';
  let x = seed;
  while (out.length < n) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += chars[(x >>> 16) % chars.length];
  }
  return out;
}

describe('corpus data limits, counted after YAML aliases are expanded (CLI)', () => {
  test('99 aliases to one long quotation: the file is refused by its expanded size; the on-disk cache stays small', () => {
    const dir = tmpDir('alias-text');
    write(dir, 'occasions.yaml', occasion);
    const long = prose(200_000, 1);
    const aliases = Array.from({ length: 99 }, () => '*q').join(', ');
    const file = write(
      dir,
      'quotations.yaml',
      `kind: quotations\nentries:\n${quotation('alias-host', `&q "${long}"`)}  - id: alias-many\n    text: 甲乙丙丁戊己庚辛\n    speaker: 测试者\n    occasion: test-occasion\n    date: "2025-01-01"\n    source: ${SOURCE}\n    variants: [${aliases}]\n    tests: {}\n`,
    );
    const cache = tmpDir('alias-cache');
    const r = cli(['corpus', 'stats', '--format', 'json', '--corpus', dir], { TIFA_CACHE_DIR: cache });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: error: more than 1000000 characters of text once its YAML aliases are expanded`),
    );
    const sizes = fs.readdirSync(cache).map((f) => fs.statSync(path.join(cache, f)).size);
    assert.ok(
      sizes.every((s) => s < 4 * 1024 * 1024),
      `cache files of ${sizes.join(', ')} bytes`,
    );
  });

  test('an entry over 20,000 characters is refused at its place; entries together over 1,000,000 characters are refused from where they pass it', () => {
    const dir = tmpDir('chars');
    write(dir, 'occasions.yaml', occasion);
    const big = write(dir, 'a-big.yaml', `kind: quotations\nentries:\n${quotation('too-long', prose(25_000, 2))}${quotation('fine', '甲乙丙丁戊己庚辛')}`);
    // two files of 40 entries, each entry an alias of one 19,000-character text: 1.5 million characters in all
    const many = (name: string, seed: number) =>
      write(
        dir,
        name,
        `kind: quotations\nentries:\n${quotation(`${name}-0`, `&t "${prose(19_000, seed)}"`)}${Array.from({ length: 39 }, (_, i) => quotation(`${name.replace('.yaml', '')}-${i + 1}`, '*t')).join('')}`,
      );
    many('b-many.yaml', 3);
    const second = many('c-many.yaml', 4);
    const r = cli(['corpus', 'stats', '--format', 'json', '--corpus', dir]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /a-big\.yaml:3:5: error: entries\.0: more than 20000 characters of text in one entry/);
    const over = r.stderr.split('\n').filter((l) => /together exceed 1000000 characters/.test(l));
    assert.equal(over.length, 1, r.stderr);
    assert.ok(over[0].startsWith(second), over[0]);
    assert.match(over[0], /and the \d+ after it skipped/);
    void big;
  });
});

describe('many empty entries: validation stops early, loading never holds the server (CLI and LSP)', () => {
  test('eight files of 600,000 empty entries are refused before parsing; one of 45,000 stops after 50 problems', () => {
    const dir = tmpDir('empty-entries');
    const huge = 'kind: terms\nentries: [' + Array.from({ length: 600_000 }, () => '{}').join(',') + ']\n';
    for (let i = 0; i < 8; i++) write(dir, `huge-${i}.yaml`, huge);
    const r = cli(['corpus', 'check', '--corpus', dir]);
    assert.equal(r.status, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(
      lines.filter((l) => /huge-\d\.yaml:1:1: error: about \d+ YAML nodes, over the limit of 100000 for one corpus file/.test(l)).length,
      8,
      r.stderr,
    );
    const dir2 = tmpDir('empty-entries-2');
    write(dir2, 'many.yaml', 'kind: terms\nentries: [' + Array.from({ length: 45_000 }, () => '{}').join(',') + ']\n');
    const r2 = cli(['corpus', 'check', '--corpus', dir2]);
    assert.equal(r2.status, 2);
    const mine = r2.stderr
      .trim()
      .split('\n')
      .filter((l) => l.includes('many.yaml'));
    assert.equal(mine.length, 51, r2.stderr.slice(0, 2000));
    assert.match(mine[50], /more problems in this file are not shown \(the first 50 are\); the \d+ entries after them were not checked/);
  });

  test('a reload of a large corpus runs off the message loop: hovers are answered with the last good corpus meanwhile', async () => {
    const dir = tmpDir('reload-large');
    write(
      dir,
      'terms.yaml',
      `kind: terms\nentries:\n  - id: user-term\n    term: 甲乙丙丁\n    definition: { kind: explanation, text: 测试说明, source: ${SOURCE} }\n    tests: {}\n`,
    );
    const lsp = new RobustClient(['--stdio'], { TIFA_CACHE_DIR: 'off' });
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize();
      const uri = 'file:///tmp/reload-large.md';
      lsp.open(uri, '加快发展新质生产力。\n');
      await lsp.diagnosticsWithin(uri, 1, 20_000);
      // three files just under the node limit: seconds of parsing (each entry reported, up to 50 per file)
      for (let i = 0; i < 3; i++) write(dir, `many-${i}.yaml`, 'kind: terms\nentries: [' + Array.from({ length: 45_000 }, () => '{}').join(',') + ']\n');
      let done = false;
      const reload = lsp.request('workspace/executeCommand', { command: 'tifa.server.reloadCorpus', arguments: [] }, 120_000).then(() => (done = true));
      let answered = 0;
      while (!done) {
        const h = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } }, 20_000);
        assert.match(h?.contents?.value ?? '', /创新起主导作用/, 'hover from the last good corpus');
        if (!done) answered++;
      }
      await reload;
      assert.ok(answered >= 3, `only ${answered} hover(s) answered while the corpus was loading`);
      const status = await lsp.request<Json>('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] });
      assert.deepEqual(
        status.folders.map((f: Json) => f.path),
        [status.folders[0].path, dir],
      );
    } finally {
      lsp.kill();
    }
  });
});

describe('files reached through symbolic links out of a corpus folder are not read (CLI)', () => {
  test('a document text linked to a file outside, a linked YAML file and a linked folder: refused with file and line; nothing of them leaks', () => {
    const outside = tmpDir('outside');
    const secret = write(outside, 'secret.txt', 'SECRET-TOKEN-12345 这是语料文件夹之外的内容。\n');
    write(
      outside,
      'terms.yaml',
      `kind: terms\nentries:\n  - id: outside-term\n    term: 外部术语\n    definition: { kind: explanation, text: 测试说明, source: ${SOURCE} }\n    tests: {}\n`,
    );
    const dir = tmpDir('links-out');
    const doc = write(
      dir,
      'documents/leak.yaml',
      'kind: document\nid: leak\ntitle: 泄露测试\nquality: clean\ntext: leak.txt\ndefects:\n  - text: SECRET-TOKEN-12345\n    code: misquote\n',
    );
    fs.symlinkSync(secret, path.join(dir, 'documents', 'leak.txt'));
    fs.symlinkSync(path.join(outside, 'terms.yaml'), path.join(dir, 'linked.yaml'));
    fs.symlinkSync(outside, path.join(dir, 'linked-folder'));
    const r = cli(['corpus', 'check', '--corpus', dir]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `${doc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:7: error: document text 'leak\\.txt' is a symbolic link .* outside the corpus folder; not read`,
      ),
    );
    assert.match(r.stderr, /linked\.yaml:1:1: error: symbolic link to a file outside the corpus folder/);
    assert.match(r.stderr, /linked-folder:1:1: error: symbolic link to a folder outside the corpus folder/);
    assert.doesNotMatch(r.stderr + r.stdout, /外部术语|outside-term|defect text not found/);
    const stats = cli(['corpus', 'stats', '--format', 'json', '--corpus', dir]);
    assert.equal(stats.status, 2);
    assert.doesNotMatch(stats.stdout, /leak|外部术语/);
    // a link inside the folder is fine
    const ok = tmpDir('links-in');
    write(ok, 'texts/real.txt', '语料文件夹之内的文字。\n');
    write(ok, 'documents/in.yaml', 'kind: document\nid: inside\ntitle: 内部\nquality: clean\ntext: alias.txt\n');
    fs.symlinkSync(path.join(ok, 'texts', 'real.txt'), path.join(ok, 'documents', 'alias.txt'));
    const r2 = cli(['corpus', 'check', '--corpus', ok]);
    assert.doesNotMatch(r2.stderr, /symbolic link/, r2.stderr);
  });
});

describe('protocol edges', () => {
  test('a second initialize is refused with InvalidRequest; the first settings (trusted: false) stay', async () => {
    const dir = tmpDir('second-init');
    write(
      dir,
      'terms.yaml',
      `kind: terms\nentries:\n  - id: user-term\n    term: 甲乙丙丁\n    definition: { kind: explanation, text: 测试说明, source: ${SOURCE} }\n    tests: {}\n`,
    );
    const lsp = new RobustClient();
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize({ trusted: false });
      await assert.rejects(
        lsp.request(
          'initialize',
          { processId: 999_999_999, rootUri: null, capabilities: {}, initializationOptions: { trusted: true, today: '2030-01-01' } },
          10_000,
        ),
        (e: Json) => e.code === -32600,
      );
      await lsp.request('workspace/executeCommand', { command: 'tifa.server.reloadCorpus', arguments: [] }, 30_000);
      const status = await lsp.request<Json>('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] });
      assert.deepEqual(
        status.folders.map((f: Json) => f.name),
        ['built-in'],
      );
      assert.ok(lsp.alive);
    } finally {
      lsp.kill();
    }
  });

  test('a 1.5 MB YAML key and long values are cut in problem messages', () => {
    const dir = tmpDir('huge-key');
    const key = '键'.repeat(500_000);
    write(
      dir,
      'terms.yaml',
      `kind: terms\nentries:\n  - id: k\n    term: 甲乙丙丁\n    ? "${key}"\n    : 1\n    definition: { kind: explanation, text: 说明, source: ${SOURCE} }\n    tests: {}\n`,
    );
    write(dir, 'documents/t.txt', '正文。\n');
    write(
      dir,
      'documents/d.yaml',
      `kind: document\nid: d\ntitle: 标题\nquality: clean\ntext: t.txt\ndefects:\n  - text: ${'缺'.repeat(15_000)}\n    code: misquote\n`,
    );
    const r = cli(['corpus', 'check', '--corpus', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown property '键{80}… \(500000 characters\)'/);
    assert.match(r.stderr, /defect text not found in t\.txt: 缺{80}… \(15000 characters\)/);
    assert.ok(r.stderr.length < 5000, `${r.stderr.length} characters of problems`);
  });
});

describe('the on-disk cache: only corpus files are read, a shared cache folder is not trusted (CLI and LSP)', () => {
  const userFolder = () => {
    const dir = tmpDir('cache-user');
    write(
      dir,
      'terms.yaml',
      `kind: terms\nentries:\n  - id: user-term\n    term: 甲乙丙丁\n    definition: { kind: explanation, text: 测试说明, source: ${SOURCE} }\n    tests: {}\n`,
    );
    return dir;
  };
  const loadedFrom = (dir: string, cache: string) => {
    const r = cli(['corpus', 'stats', '--format', 'json', '--corpus', dir], { TIFA_CACHE_DIR: cache });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).loadedFrom as string;
  };

  test('a 3 GB file just written beside the corpus files is neither read nor hashed: the cache is written and used', () => {
    const dir = userFolder();
    const video = path.join(dir, 'lecture.mp4');
    fs.writeFileSync(video, '');
    fs.truncateSync(video, 3 * 1024 ** 3); // sparse: no disk used; reading it whole would need 3 GB
    const cache = tmpDir('cache-video');
    const now = new Date();
    fs.utimesSync(video, now, now); // changed "just now": a file the cache would have hashed
    assert.equal(loadedFrom(dir, cache), 'prebuilt+files');
    assert.equal(loadedFrom(dir, cache), 'cache');
    // the video changing does not make the corpus stale, a corpus file changing does
    fs.appendFileSync(video, 'x');
    assert.equal(loadedFrom(dir, cache), 'cache');
    fs.appendFileSync(path.join(dir, 'terms.yaml'), '# changed\n');
    assert.equal(loadedFrom(dir, cache), 'prebuilt+files');
  });

  test('a cache folder others can write is refused unless sticky and the user’s; cache files are created 0600', async () => {
    const dir = userFolder();
    const open = tmpDir('cache-open');
    fs.chmodSync(open, 0o777);
    assert.equal(loadedFrom(dir, open), 'prebuilt+files');
    assert.equal(loadedFrom(dir, open), 'prebuilt+files', 'no cache in a folder others can write');
    assert.deepEqual(fs.readdirSync(open), []);
    const sticky = tmpDir('cache-sticky');
    fs.chmodSync(sticky, 0o1777);
    assert.equal(loadedFrom(dir, sticky), 'prebuilt+files');
    assert.equal(loadedFrom(dir, sticky), 'cache', 'a sticky folder of the user’s is used');
    const files = fs.readdirSync(sticky);
    assert.equal(files.length, 1);
    assert.equal(fs.statSync(path.join(sticky, files[0])).mode & 0o777, 0o600);
    // a cache file others could have written is not read
    fs.chmodSync(path.join(sticky, files[0]), 0o666);
    assert.equal(loadedFrom(dir, sticky), 'prebuilt+files');
    // the language server says why it uses no cache
    const lsp = new RobustClient(['--stdio'], { TIFA_CACHE_DIR: open });
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize();
      await lsp.waitFor(
        (n) => n.method === 'window/logMessage' && /can be written by other users and is not sticky.*not using a cache/.test(n.params.message),
        20_000,
        'log line',
      );
    } finally {
      lsp.kill();
    }
  });
});
