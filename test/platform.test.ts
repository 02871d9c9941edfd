// Everywhere writers work (#14) and the CLI's edges (#18 item 8), driven from outside: the built CLI,
// the built server over stdio, and the modules that convert paths, URIs and encodings.
import Ajv04 from 'ajv-draft-04';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { unzipSync } from 'fflate';
import { reasonText, type Reason } from '../server/src/core/i18n';
import { decodeText } from '../server/src/io/decode';
import { displayPath, isInside, pathToUri, uriToPath } from '../server/src/io/paths';
import { nativeTargets } from '../server/src/segmenter/jieba';
import { CLI, findingLines, LspClient, ROOT, TODAY, tmpDir } from './helpers';
import { makeDocx } from './lib/make-docx.mjs';

function write(dir: string, name: string | Buffer, data: string | Uint8Array): string {
  const p = typeof name === 'string' ? path.join(dir, name) : Buffer.concat([Buffer.from(dir + path.sep), name]);
  if (typeof name === 'string') fs.mkdirSync(path.dirname(p as string), { recursive: true });
  fs.writeFileSync(p, data);
  return typeof p === 'string' ? p : p.toString('latin1');
}

/** The CLI with a bound: a hang fails the test instead of stalling the run; never a stack trace. */
function cli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string; cliPath?: string; timeoutMs?: number } = {}) {
  const r = spawnSync(process.execPath, [options.cliPath ?? CLI, ...args], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: { ...process.env, TIFA_TODAY: TODAY, ...options.env },
    input: options.input,
    cwd: options.cwd ?? ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.signal, null, `tifa ${args.join(' ')} did not finish in time`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type JsonDiag = {
  code: string;
  severity: string;
  message: string;
  offset: { start: number; end: number };
  paragraph?: { part: string; number: number; note?: number };
  context?: string;
};
const diagsOf = (stdout: string): JsonDiag[][] => (JSON.parse(stdout) as { files: Array<{ diagnostics: JsonDiag[] }> }).files.map((f) => f.diagnostics);
const essentials = (ds: JsonDiag[]) => ds.map((d) => [d.code, d.severity, d.message, d.offset.start, d.offset.end]);

/** Made-up writing (a test input) with one finding of each common kind. */
const SAMPLE =
  '学习心得\n\n习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n\n全要素生产力不断提高，我们要深刻领会二十大三中全会精神。\n\n各单位要结合实际加快发展新质2产力。\n';

// ------------------------------------------------------------------ paths and URIs

describe('paths and URIs on every platform (io/paths.ts)', () => {
  test('Windows: drive letters, an encoded colon, backslashes, spaces and UNC shares', () => {
    assert.equal(uriToPath('file:///c%3A/Users/%E5%BC%A0/%E6%8A%A5%E5%91%8A%20%E4%B8%80.md', true), 'c:\\Users\\张\\报告 一.md');
    assert.equal(uriToPath('file:///C:/Users/a/x.md', true), 'C:\\Users\\a\\x.md');
    assert.equal(uriToPath('file://server/share/dir/x.md', true), '\\\\server\\share\\dir\\x.md');
    assert.equal(uriToPath('file:///etc/passwd', true), undefined, 'no drive letter: not a Windows path');
    assert.equal(pathToUri('C:\\Users\\张\\报告 一.md', true), 'file:///C:/Users/%E5%BC%A0/%E6%8A%A5%E5%91%8A%20%E4%B8%80.md');
    assert.equal(pathToUri('\\\\server\\share\\x.md', true), 'file://server/share/x.md');
    // the round trip VS Code makes: its URI back to the same file
    assert.equal(uriToPath(pathToUri('D:\\语料\\terms.yaml', true), true), 'D:\\语料\\terms.yaml');
    assert.ok(isInside('C:\\Corpus', 'c:\\corpus\\kb\\terms.yaml', true), 'case-insensitive on Windows');
    assert.ok(!isInside('C:\\Corpus', 'C:\\Corpus2\\x', true));
  });

  test('POSIX: percent-encoding, no UNC, other schemes refused', () => {
    assert.equal(uriToPath('file:///home/a/%E6%8A%A5%E5%91%8A.md', false), '/home/a/报告.md');
    assert.equal(uriToPath('file://server/share/x.md', false), undefined);
    assert.equal(uriToPath('untitled:Untitled-1', false), undefined);
    assert.equal(uriToPath('vscode-remote://ssh/x.md', false), undefined);
    assert.equal(uriToPath('file:///%E0%A4%A', false), undefined, 'a malformed URI is refused, not thrown');
    assert.equal(pathToUri('/home/a/报告 #1.md', false), 'file:///home/a/%E6%8A%A5%E5%91%8A%20%231.md');
    assert.ok(isInside('/a/b', '/a/b/c') && !isInside('/a/b', '/a/bc') && !isInside('/a/b', '/a'));
  });

  test('file names printed on one line: newlines, control characters, invalid bytes and ":1:2:" escaped', () => {
    assert.equal(displayPath('a\nb.md', false), 'a\\x0ab.md');
    assert.equal(displayPath('x.md:1:2: error fake', false), 'x.md\\x3a1\\x3a2: error fake');
    assert.equal(displayPath(Buffer.from([0x67, 0xd6, 0xd0, 0x2e, 0x74, 0x78, 0x74]), false), 'g\\xd6\\xd0.txt');
    assert.equal(displayPath('a\\b', false), 'a\\\\b');
    assert.equal(displayPath('C:\\报告\\a.md', true), 'C:\\报告\\a.md', 'Windows separators and the drive colon are kept');
    assert.equal(displayPath('\u202egpj.md', false), '\\u202egpj.md');
  });
});

// ------------------------------------------------------------------ encodings

describe('encodings (io/decode.ts and the CLI)', () => {
  const dir = tmpDir('platform-enc');
  const utf8 = write(dir, 'utf8.txt', SAMPLE);
  const files = {
    'bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)]),
    'utf16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]),
    'utf16be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(SAMPLE, 'utf16le').swap16()]),
    'gbk.txt': Buffer.from(new Uint8Array(gbkBytes(SAMPLE))),
  };
  for (const [n, b] of Object.entries(files)) write(dir, n, b);

  test('decodeText: UTF-8 with and without BOM, UTF-16 LE/BE with BOM, GB18030; binary refused with its reason', () => {
    assert.deepEqual(decodeText(Buffer.from('新质生产力')), { text: '新质生产力', encoding: 'utf-8', bom: false });
    assert.deepEqual(decodeText(files['bom.txt']), { text: SAMPLE, encoding: 'utf-8', bom: true });
    assert.deepEqual(decodeText(files['utf16le.txt']), { text: SAMPLE, encoding: 'utf-16le', bom: true });
    assert.deepEqual(decodeText(files['utf16be.txt']), { text: SAMPLE, encoding: 'utf-16be', bom: true });
    assert.deepEqual(decodeText(files['gbk.txt']), { text: SAMPLE, encoding: 'gb18030', bom: false });
    // the reason is data (a message key and its values), said in the writer's language by the front end
    const refused = (b: Uint8Array) => (decodeText(b) as { error: Reason }).error;
    const png = refused(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    assert.deepEqual(png, { key: 'read.nul', vars: { byte: 8 } });
    assert.match(reasonText('zh', png), /^这是二进制文件，不是文字（含 NUL 字节，第一个在偏移 8 字节处）；已跳过$/);
    assert.match(reasonText('en', png), /binary file \(contains NUL bytes, the first at byte 8\)/);
    assert.equal(refused(Buffer.from([0xd0, 0xc2, 0x01, 0x02, 0x03])).key, 'read.controlChars');
    // UTF-8 text with one broken byte is damaged UTF-8, not GB18030 nonsense
    assert.deepEqual(refused(Buffer.concat([Buffer.from('新质生产力是先进生产力'), Buffer.from([0xe6])])), { key: 'read.brokenUtf8', vars: { invalid: 1 } });
  });

  test('a GBK, a UTF-16 (LE and BE) and a BOM file give the same findings as their UTF-8 text (UTF-16 offsets of the decoded text)', () => {
    const want = diagsOf(cli(['check', '--format', 'json', utf8]).stdout)[0];
    assert.ok(want.length >= 4, JSON.stringify(want));
    for (const n of Object.keys(files)) {
      const r = cli(['check', '--format', 'json', path.join(dir, n)]);
      assert.equal(r.status, 1, `${n}: ${r.stderr}`);
      assert.deepEqual(essentials(diagsOf(r.stdout)[0]), essentials(want), n);
    }
  });
});

/** GB18030 bytes of a string, by inverting Node's decoder over the two-byte GBK range (no encoder ships with Node). */
function gbkBytes(s: string): number[] {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([a, b]));
      if (!table.has(ch)) table.set(ch, [a, b]);
    }
  const out: number[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const b = table.get(ch);
      if (!b) throw new Error(`no GBK code for ${ch}`);
      out.push(...b);
    }
  }
  return out;
}

// ------------------------------------------------------------------ CLI edges (#18 item 8)

describe('tifa check: edges of the command line', () => {
  const dir = tmpDir('platform-edges');
  const file = write(dir, 'a.md', '全要素生产力不断提高。\n');

  test('a file with a non-UTF-8 (GBK) name inside a folder is checked, its name escaped', () => {
    const named = tmpDir('platform-gbkname');
    write(named, Buffer.from([0xb1, 0xa8, 0xb8, 0xe6, 0x2e, 0x74, 0x78, 0x74]), '全要素生产力不断提高。\n'); // 报告.txt in GBK
    const r = cli(['check', named]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(findingLines(r.stdout), new RegExp(`^${esc(named)}/\\\\xb1\\\\xa8\\\\xb8\\\\xe6\\.txt:1:1: warning term-typo `));
    assert.equal(r.stderr, '');
  });

  test('file names with a newline or ":1:2: error" cannot forge lines of the text output', () => {
    const forged = tmpDir('platform-forge');
    write(forged, 'x.md\n/etc/passwd:1:1: error misquote 伪造.md', '全要素生产力。\n');
    write(forged, 'y.md:9:9: error misquote 伪造.md', '全要素生产力。\n');
    const r = cli(['check', forged]);
    const lines = findingLines(r.stdout).trim().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    for (const l of lines) assert.match(l, new RegExp(`^${esc(forged)}/[^\\n]*?:1:1: warning term-typo `));
    assert.ok(lines[0].includes('x.md\\x0a/etc/passwd\\x3a1\\x3a1: error misquote'), lines[0]);
    assert.ok(lines[1].includes('y.md\\x3a9\\x3a9: error misquote'), lines[1]);
    assert.equal(r.stdout.split('\n').filter((l) => /: error misquote /.test(l) && !/\\x3a/.test(l)).length, 0);
  });

  test('a FIFO named on the command line does not block: reported at once', () => {
    const fifo = path.join(dir, 'pipe.md');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return; // no mkfifo here: nothing to test
    const r = cli(['check', fifo, file], { timeoutMs: 20_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /pipe\.md: 这是命名管道（FIFO），没有程序在向它写入；已跳过/);
    assert.match(r.stdout, /a\.md:1:1: warning term-typo/, 'the other file is still checked');
  });

  test('tifa check DIR does not follow a folder link into /proc, and stays bounded', () => {
    const linked = tmpDir('platform-proclink');
    write(linked, 'ok.md', '全要素生产力。\n');
    fs.symlinkSync('/proc', path.join(linked, 'proc'));
    fs.symlinkSync(linked, path.join(linked, 'self'));
    const r = cli(['check', '--format', 'json', linked], { timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: Array<{ path: string }> };
    assert.ok(out.files.some((f) => f.path.endsWith('ok.md')));
    assert.ok(!out.files.some((f) => f.path.includes('/proc/')), 'nothing under /proc');
  });

  test('--today and TIFA_TODAY must be real dates; --today=DATE, -- and - are accepted', () => {
    for (const bad of ['2025-13-45', '2025-02-30', 'tomorrow']) {
      const r = cli(['check', '--lang', 'en', '--today', bad, file]);
      assert.equal(r.status, 2, bad);
      assert.match(r.stderr, /--today needs a date written YYYY-MM-DD/);
      assert.match(cli(['check', '--lang', 'zh', '--today', bad, file]).stderr, /--today 后面应是写成 YYYY-MM-DD 的日期/);
    }
    const env = cli(['check', '--lang', 'en', file], { env: { TIFA_TODAY: 'garbage' } });
    assert.equal(env.status, 2);
    assert.match(env.stderr, /TIFA_TODAY must be a date written YYYY-MM-DD, not 'garbage'/);
    assert.match(
      cli(['check', '--lang', 'zh', file], { env: { TIFA_TODAY: 'garbage' } }).stderr,
      /环境变量 TIFA_TODAY 应是写成 YYYY-MM-DD 的日期，不能是“garbage”/,
    );
    // a statistic stated as current is judged as of --today=DATE (at the end of 2024 the final 2023 value was the latest)
    const stat = write(dir, 'stat.md', '目前，我国研发经费投入强度为2.65%。\n');
    const then = cli(['check', '--format=json', '--today=2024-12-31', stat]);
    const now = cli(['check', '--format=json', '--today=2026-11-22', stat]);
    assert.equal(then.status, 0, then.stderr);
    assert.equal(diagsOf(then.stdout)[0].length, 0);
    assert.deepEqual(
      diagsOf(now.stdout)[0].map((d) => d.code),
      ['stat-outdated'],
    );
    // -- ends the options: a file named like an option
    const dashed = write(dir, '--format.md', '全要素生产力。\n');
    const dd = cli(['check', '--', dashed.replace(/.*\//, '')], { cwd: dir });
    assert.equal(dd.status, 0, dd.stderr);
    assert.match(dd.stdout, /^--format\.md:1:1: warning term-typo/);
    assert.equal(cli(['check', '-x', file]).status, 2, 'an unknown short option is refused, not taken for a file');
  });

  test('tifa check - reads standard input (--stdin-name names it)', () => {
    const r = cli(['check', '-'], { input: SAMPLE });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^-:3:32: error misquote /m);
    const named = cli(['check', '--format', 'json', '--stdin-name', '材料.md', '-'], { input: Buffer.from(new Uint8Array(gbkBytes(SAMPLE))) });
    const out = JSON.parse(named.stdout);
    assert.equal(out.files[0].path, '材料.md');
    assert.deepEqual(essentials(out.files[0].diagnostics), essentials(diagsOf(cli(['check', '--format', 'json', '-'], { input: SAMPLE }).stdout)[0]));
  });
});

// ------------------------------------------------------------------ CI formats

describe('CI formats: SARIF 2.1.0 and rdjson', () => {
  const dir = tmpDir('platform-ci');
  const a = write(dir, 'report.md', SAMPLE);
  const b = write(dir, 'sub/𠀀notes.txt', '𠀀全要素生产力不断提高。\n');

  test('--format sarif validates against the SARIF 2.1.0 schema; rules have help, results have regions and fixes', () => {
    const r = cli(['check', '--format', 'sarif', 'report.md', 'sub'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }); // the schema's language pattern is not valid with the u flag
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((x: { id: string }) => x.id),
      ['misquote', 'term-typo', 'nonstandard-formulation', 'stat-outdated', 'stat-mismatch', 'misattribution', 'inconsistent'],
    );
    for (const rule of run.tool.driver.rules) assert.ok(rule.help.text.length > 40 && rule.shortDescription.text, rule.id);
    const mq = run.results.find((x: { ruleId: string }) => x.ruleId === 'misquote');
    assert.equal(mq.level, 'error');
    assert.equal(mq.locations[0].physicalLocation.artifactLocation.uri, 'report.md');
    assert.deepEqual(
      (({ startLine, startColumn, endLine, endColumn }) => ({ startLine, startColumn, endLine, endColumn }))(mq.locations[0].physicalLocation.region),
      { startLine: 3, startColumn: 32, endLine: 3, endColumn: 36 },
    );
    assert.equal(mq.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, '发展新质生产力是推动高质量发展的内在要求和重要着力点');
    // UTF-16 columns: the character outside the BMP counts 2
    const typo = run.results.find((x: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      x.locations[0].physicalLocation.artifactLocation.uri.startsWith('sub/'),
    );
    assert.equal(typo.locations[0].physicalLocation.artifactLocation.uri, `sub/${encodeURIComponent('𠀀notes.txt')}`);
    assert.equal(typo.locations[0].physicalLocation.region.startColumn, 3);
    void a;
    void b;
  });

  test('--format rdjson parses as reviewdog diagnostics, columns in UTF-8 bytes, suggestions with the fix', () => {
    const r = cli(['check', '--format', 'rdjson', 'report.md', 'sub'], { cwd: dir });
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.source.name, 'tifa');
    const mq = out.diagnostics.find((d: { code: { value: string } }) => d.code.value === 'misquote');
    assert.equal(mq.severity, 'ERROR');
    assert.equal(mq.location.path, 'report.md');
    // the differing words 重要抓手 are underlined: 31 characters of 3 bytes before them, column 1 + 31×3 = 94
    assert.deepEqual(mq.location.range.start, { line: 3, column: 94 });
    assert.equal(mq.suggestions[0].text, '发展新质生产力是推动高质量发展的内在要求和重要着力点');
    const typo = out.diagnostics.find((d: { location: { path: string } }) => d.location.path.endsWith('notes.txt'));
    assert.deepEqual(typo.location.range.start, { line: 1, column: 5 }, '𠀀 is 4 bytes');
    assert.equal(typo.severity, 'WARNING');
  });

  test('a user corpus with one bad entry: checked with the valid entries, problems on stderr, exit 2', () => {
    const corpus = tmpDir('platform-badentry');
    write(
      corpus,
      'terms.yaml',
      `kind: terms
entries:
  - id: test-good
    term: 数字乡村示范区
    definition: { kind: explanation, text: 测试用条目, source: { title: 测试语料, publisher: Tifa 测试, date: "2024-01-01" } }
    tests: { flag: [], pass: [] }
  - id: test-bad
    term: 另一个测试术语
`,
    );
    const r = cli(['check', '--format', 'json', '--corpus', corpus, a], { env: { TIFA_CACHE_DIR: 'off' } });
    assert.equal(r.status, 2);
    // (corpus problems in the writer's words, Chinese unless --lang en or an English LANG)
    assert.match(r.stderr, /terms\.yaml:7:5: error: 第 2 条（test-bad）缺少“定义”（definition:）/);
    assert.match(r.stderr, /只用其中有效的条目检查/);
    const ds = diagsOf(r.stdout)[0];
    assert.ok(ds.some((d) => d.code === 'misquote') && ds.some((d) => d.code === 'term-typo'), 'the report is not empty');
  });
});

// ------------------------------------------------------------------ Word documents

describe('Word documents (.docx)', () => {
  const dir = tmpDir('platform-docx');
  const spec = {
    body: [
      '学习心得',
      ['习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重', { text: '要抓', bold: true }, '手”。', { footnote: 1 }],
      {
        table: [
          ['指标', '说明'],
          ['全要素生产力', '不断提高'],
        ],
      },
      ['我们要', { ins: '深刻领会二十大三中全会精神' }, { del: '新质皮产力' }, '。'],
    ],
    footnotes: { 1: '参见新质2产力的相关论述。' },
    header: '二十大三中全会学习材料',
  };
  const docx = write(dir, 'report.docx', makeDocx(spec));
  // the same writing as plain text: each Word paragraph a paragraph, body (table cells in order), then notes and headers
  const plain = write(
    dir,
    'report.txt',
    [
      '学习心得',
      '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。',
      '指标',
      '说明',
      '全要素生产力',
      '不断提高',
      '我们要深刻领会二十大三中全会精神。',
      ' 参见新质2产力的相关论述。',
      '二十大三中全会学习材料',
    ].join('\n\n'),
  );

  test('a .docx (table, footnote, header, tracked changes) gives the same findings as its UTF-8 text; deletions are not read', () => {
    const w = cli(['check', '--format', 'json', docx]);
    const t = cli(['check', '--format', 'json', plain]);
    assert.equal(w.status, 1, w.stderr);
    const wd = diagsOf(w.stdout)[0];
    assert.deepEqual(essentials(wd), essentials(diagsOf(t.stdout)[0]));
    assert.deepEqual(
      wd.map((d) => [d.code, d.paragraph]),
      [
        ['misquote', { part: 'body', number: 2 }],
        ['term-typo', { part: 'body', number: 5 }],
        ['nonstandard-formulation', { part: 'body', number: 7 }],
        ['term-typo', { part: 'footnote', number: 1, note: 1 }],
        ['nonstandard-formulation', { part: 'header', number: 1 }],
      ],
    );
    assert.ok(!wd.some((d) => d.message.includes('新质皮产力')), 'a tracked deletion is not text');
    assert.equal(wd[1].context, '【全要素生产力】');
  });

  test('text output names the paragraph and shows the context', () => {
    const r = cli(['check', docx]);
    assert.match(r.stdout, /report\.docx:2:32: error misquote .* —— 第 2 段：…动高质量发展的内在要求和【重要抓手】”。\n/);
    assert.match(r.stdout, /report\.docx:8:4: warning term-typo .* —— 脚注 1： 参见【新质2产力】的相关论述。\n/);
  });

  test('--annotate writes a copy with one Word comment per finding, anchored on its text; the original is untouched', () => {
    const before = fs.readFileSync(docx);
    const out = path.join(dir, 'annotated.docx');
    const r = cli(['check', '--annotate', out, docx]);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(fs.readFileSync(docx).equals(before), 'the original is byte for byte the same');
    assert.match(r.stderr, /4 条批注已写入，1 条在页眉页脚中无法加批注/);
    const files = unzipSync(fs.readFileSync(out));
    const docXml = new TextDecoder().decode(files['word/document.xml']);
    const comments = new TextDecoder().decode(files['word/comments.xml']);
    const anchored = [...docXml.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>(.*?)<w:commentRangeEnd w:id="\1"\/>/g)].map((m) => [
      m[1],
      m[2].replace(/<[^>]+>/g, ''),
    ]);
    assert.deepEqual(
      anchored.map((x) => x[1]),
      ['重要抓手', '', '全要素生产力', '二十大三中全会'],
      'the misquote (its differing words) spans three runs (one bold); the footnote finding sits on its reference mark',
    );
    assert.match(comments, /w:author="Tifa 提法"/);
    assert.match(comments, /【Tifa 提法 · 引文与官方原文不符】引文与官方原文不符（“重要抓手”应为“重要着力点”）/);
    assert.match(comments, /新华社，2024年2月1日/);
    assert.match(comments, /（脚注 1： 参见【新质2产力】的相关论述。）/);
    assert.match(new TextDecoder().decode(files['[Content_Types].xml']), /PartName="\/word\/comments\.xml"/);
    assert.match(new TextDecoder().decode(files['word/_rels/document.xml.rels']), /relationships\/comments" Target="comments\.xml"/);
    // the annotated copy reads back with the same findings
    assert.deepEqual(
      essentials(diagsOf(cli(['check', '--format', 'json', out]).stdout)[0]),
      essentials(diagsOf(cli(['check', '--format', 'json', docx]).stdout)[0]),
    );
    // with --lang en the comments are English, heading and source line included
    const outEn = path.join(dir, 'annotated-en.docx');
    assert.equal(cli(['check', '--lang', 'en', '--annotate', outEn, docx]).status, 1);
    const commentsEn = new TextDecoder().decode(unzipSync(fs.readFileSync(outEn))['word/comments.xml']);
    assert.match(
      commentsEn,
      /【Tifa 提法 · Quotation differs from the official wording】The quotation differs from the official wording \(“重要抓手” should be “重要着力点”\)/,
    );
    assert.match(commentsEn, /【Tifa 提法 · Possible typo in a key term】/);
    assert.doesNotMatch(commentsEn, /引文与官方原文不符|官方表述：|来源：/);
    // never over the original, never without a .docx
    assert.equal(cli(['check', '--annotate', docx, docx]).status, 2);
    assert.equal(cli(['check', '--annotate', out, plain]).status, 2);
  });

  test('a folder includes .docx files; a .doc (or an encrypted .docx) gets a clear message; a broken .docx is refused', () => {
    write(dir, 'old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    write(dir, 'broken.docx', 'PK not really');
    write(dir, 'memo.doc', '{\\rtf1\\ansi 全要素生产力}');
    write(dir, '~$report.docx', Buffer.from([0, 1, 2]));
    const r = cli(['check', '--format', 'json', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /old\.doc: 这是旧版 Word 文档（\.doc，Word 97–2003）或已加密的文档。/);
    assert.match(r.stderr, /broken\.docx: 不是可读取的 \.docx 文档/);
    assert.match(r.stderr, /memo\.doc: 这是 RTF 格式的文档。.*“另存为”\.docx 后再检查/);
    assert.doesNotMatch(r.stderr, /~\$report/, "Word's lock file is not a document");
    const paths = (JSON.parse(r.stdout) as { files: Array<{ path: string }> }).files.map((f) => path.basename(f.path));
    assert.ok(paths.includes('report.docx') && paths.includes('annotated.docx') === fs.existsSync(path.join(dir, 'annotated.docx')));
  });

  test('over LSP: tifa.server.checkWordDocument returns the text and diagnostics naming paragraphs', async () => {
    const lsp = new LspClient();
    try {
      await lsp.initialize();
      const r = await lsp.request<{ text: string; diagnostics: Array<{ code: string; message: string; range: unknown }>; paragraphs: number }>(
        'workspace/executeCommand',
        {
          command: 'tifa.server.checkWordDocument',
          arguments: [pathToUri(docx)],
        },
      );
      assert.equal(r.paragraphs, 9);
      assert.ok(r.text.startsWith('学习心得\n\n习近平总书记强调'));
      assert.deepEqual(
        r.diagnostics.map((d) => d.code),
        ['misquote', 'term-typo', 'nonstandard-formulation', 'term-typo', 'nonstandard-formulation'],
      );
      assert.match(r.diagnostics[0].message, /（第 2 段：/);
      const bad = await lsp.request<{ error: string }>('workspace/executeCommand', {
        command: 'tifa.server.checkWordDocument',
        arguments: [pathToUri(path.join(dir, 'old.doc'))],
      });
      // why not, in the writer's language: Chinese unless the editor is English
      assert.equal(
        bad.error,
        `${path.join(dir, 'old.doc')}: 这是旧版 Word 文档（.doc，Word 97–2003）或已加密的文档。Tifa 读取 .docx：请在 Word 或 WPS 中“另存为”.docx 后再检查`,
      );
      const broken = await lsp.request<{ error: string }>('workspace/executeCommand', {
        command: 'tifa.server.checkWordDocument',
        arguments: [pathToUri(path.join(dir, 'broken.docx'))],
      });
      assert.match(broken.error, /broken\.docx: 不是可读取的 \.docx 文档：文件可能已损坏，或者并不是 Word 文档/);
    } finally {
      lsp.kill();
    }
    const en = new LspClient();
    try {
      await en.initialize({}, undefined, { locale: 'en' });
      const bad = await en.request<{ error: string }>('workspace/executeCommand', {
        command: 'tifa.server.checkWordDocument',
        arguments: [pathToUri(path.join(dir, 'missing.docx'))],
      });
      assert.equal(bad.error, `${path.join(dir, 'missing.docx')}: no such file`);
    } finally {
      en.kill();
    }
  });
});

// ------------------------------------------------------------------ the segmenter without its native binary

describe('segmentation without the native binary (WebAssembly fallback)', () => {
  const corpus = tmpDir('platform-segcorpus');
  // a user corpus: loading it from its YAML needs the segmenter (terms as its user dictionary)
  write(
    corpus,
    'terms.yaml',
    `kind: terms
entries:
  - id: test-shuzi-xiangcun
    term: 数字乡村示范区
    definition: { kind: explanation, text: 测试用条目, source: { title: 测试语料, publisher: Tifa 测试, date: "2024-01-01" } }
    tests: { flag: [], pass: [] }
`,
  );
  const text = SAMPLE + '\n建设数字乡村示范区，数字乡村示范曲要加快推进。\n习近平总书记指出：“质量发展的内在要求和重要着力点”。\n';
  const doc = write(corpus, '../platform-seg-report.md', text);
  let copy = '';

  before(() => {
    // the bundle as another platform gets it when its binary is missing: dist/ without dist/native/
    copy = tmpDir('platform-nonative');
    fs.cpSync(path.join(ROOT, 'dist'), path.join(copy, 'dist'), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}native`) && !src.endsWith('.map'),
    });
    fs.symlinkSync(path.join(ROOT, 'corpus'), path.join(copy, 'corpus'));
    assert.ok(!fs.existsSync(path.join(copy, 'dist', 'native')));
  });

  test('native targets for the six VS Code platforms', () => {
    assert.deepEqual(nativeTargets('win32', 'x64'), ['win32-x64-msvc']);
    assert.deepEqual(nativeTargets('win32', 'arm64'), ['win32-arm64-msvc']);
    assert.deepEqual(nativeTargets('darwin', 'x64'), ['darwin-x64']);
    assert.deepEqual(nativeTargets('darwin', 'arm64'), ['darwin-arm64']);
    assert.deepEqual(nativeTargets('linux', 'x64'), ['linux-x64-gnu', 'linux-x64-musl']);
    assert.deepEqual(nativeTargets('linux', 'arm64'), ['linux-arm64-gnu', 'linux-arm64-musl']);
    assert.deepEqual(nativeTargets('sunos', 'x64'), []);
  });

  test('the CLI from a package without its native binary loads a user corpus and gives the same findings (JSON) as the native run', () => {
    const env = { TIFA_CACHE_DIR: 'off' };
    const native = cli(['check', '--format', 'json', '--corpus', corpus, doc], { env });
    const wasm = cli(['check', '--format', 'json', '--corpus', corpus, doc], { env, cliPath: path.join(copy, 'dist', 'cli.js') });
    assert.equal(native.status, 1, native.stderr);
    assert.equal(wasm.status, 1, wasm.stderr);
    assert.equal(wasm.stderr, '');
    assert.ok(diagsOf(native.stdout)[0].length >= 5);
    assert.equal(wasm.stdout, native.stdout);
    const stats = JSON.parse(cli(['corpus', 'stats', '--format', 'json', '--corpus', corpus], { env, cliPath: path.join(copy, 'dist', 'cli.js') }).stdout);
    assert.equal(stats.segmenter, 'wasm');
    assert.equal(stats.loadedFrom, 'prebuilt+files');
    // the same through the loader's switch
    assert.equal(cli(['check', '--format', 'json', '--corpus', corpus, doc], { env: { ...env, TIFA_SEGMENTER: 'wasm' } }).stdout, native.stdout);
  });

  test('the server with the WebAssembly segmenter: same diagnostics as native, and the status says so', async () => {
    const uri = pathToUri(doc);
    const run = async (env: NodeJS.ProcessEnv) => {
      const lsp = new LspClient(['--stdio'], { TIFA_CACHE_DIR: 'off', ...env });
      try {
        lsp.configuration = { corpus: { paths: [corpus] }, quotation: { insertStyle: 'lead' }, severity: {} };
        await lsp.initialize();
        const ready = await lsp.waitFor(
          (n) => n.method === 'tifa/status' && n.params.state === 'ready' && n.params.folders.length === 2,
          30_000,
          'user corpus loaded',
        );
        lsp.open(uri, text);
        const diags = await lsp.diagnostics(uri, 1);
        assert.doesNotMatch(lsp.stderr, /internal error|Cannot find native binding/);
        return { diags, status: ready.params };
      } finally {
        lsp.kill();
      }
    };
    const native = await run({});
    const wasm = await run({ TIFA_SEGMENTER: 'wasm' });
    assert.ok(native.diags.length >= 5);
    assert.deepEqual(wasm.diags, native.diags);
    assert.equal(native.status.segmenter.backend, 'native');
    assert.equal(native.status.segmenter.note, undefined);
    assert.equal(wasm.status.segmenter.backend, 'wasm');
    assert.match(wasm.status.segmenter.note, /WebAssembly 备用实现/);
  });

  after(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
