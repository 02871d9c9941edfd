// CLI tests: exit codes, the text format and the JSON contract of `tifa check`, and the corpus commands.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { findingLines, ROOT, runCli, tmpDir, write } from './helpers';

describe('tifa check', () => {
  const dir = tmpDir('cli');
  const clean = write(dir, 'clean.md', '# 学习心得\n\n习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要着力点”。\n');
  const bad = write(
    dir,
    'bad.md',
    '---\ndate: 2026-05-01\n---\n𠀀习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\r\n全要素生产力不断提高。\n',
  );
  const warnOnly = write(dir, 'warn.txt', '新质2产力正在形成。\n');

  test('exit 0 for a clean file: no finding lines, only the summary line', () => {
    const r = runCli(['check', clean]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^tifa: 检查了 1 个文件：0 个错误，0 个警告，0 个提示；用时 \d+\.\d\d 秒 \(1 file checked: 0 errors, 0 warnings, 0 notes; \d+\.\d\d s\)\n$/,
    );
  });

  test('exit 1 when a finding has severity error; text lines as compilers print them', () => {
    const r = runCli(['check', bad]);
    assert.equal(r.status, 1, r.stderr);
    const lines = findingLines(r.stdout).trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(r.stdout, /\ntifa: 检查了 1 个文件：1 个错误，1 个警告，0 个提示；.*\(1 file checked: 1 error, 1 warning, 0 notes; /);
    assert.match(lines[0], new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:34: error misquote `));
    assert.match(lines[1], /:5:1: warning term-typo “全要素生产力”应为“全要素生产率”/);
  });

  test('exit 0 when findings are warnings only', () => {
    const r = runCli(['check', warnOnly]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /warn\.txt:1:1: warning term-typo “新质2产力”疑为“新质生产力”之误/);
  });

  test("this round's findings as a writer sees them: a title in quotation marks is silent; a left-out or transposed character is reported", () => {
    const file = write(
      tmpDir('cli-round'),
      'round.txt',
      [
        '国家发展改革委主任作了“积极发展新质生产力扎实推进高质量发展”的专题报告。',
        '为了深入学习关于新质生力方面的重要论述，本报开设专栏。',
        '我们要深刻认识到，新质生产力是创新起主导作用，摆脱传统经济增长方式、生产力发展路径，具有高科技、高效能、高量质特征，符合新发展理念的先进生产力质态。',
        '',
      ].join('\n'),
    );
    const r = runCli(['check', file]);
    assert.equal(r.status, 0, r.stderr);
    const lines = findingLines(r.stdout).trim().split('\n');
    assert.equal(lines.length, 2, r.stdout);
    assert.match(lines[0], /round\.txt:2:9: warning term-typo “新质生力”疑为“新质生产力”之误/);
    assert.match(lines[1], /round\.txt:3:\d+: warning misquote 引文与官方原文不符（“高量质”应为“高质量”）/);
  });

  test('--format json follows the contract: UTF-16 offsets, LSP ranges, expected, source, fixes', () => {
    const r = runCli(['check', '--format', 'json', bad]);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.equal(out.files.length, 1);
    assert.equal(out.files[0].path, bad);
    const text = fs.readFileSync(bad, 'utf8');
    const [mq, typo] = out.files[0].diagnostics;
    assert.deepEqual(Object.keys(mq).sort(), ['code', 'expected', 'fixes', 'message', 'offset', 'range', 'severity', 'source'].sort());
    assert.equal(mq.code, 'misquote');
    assert.equal(mq.severity, 'error');
    // the differing words are underlined; the fix replaces the whole quotation with the official wording
    assert.equal(text.slice(mq.offset.start, mq.offset.end), '重要抓手');
    assert.deepEqual(mq.range, { start: { line: 3, character: 33 }, end: { line: 3, character: 37 } });
    assert.match(mq.message, /“重要抓手”应为“重要着力点”/);
    assert.equal(mq.expected, '发展新质生产力是推动高质量发展的内在要求和重要着力点');
    assert.match(mq.source, /新华社/);
    assert.equal(text.slice(mq.fixes[0].offset.start, mq.fixes[0].offset.end), '发展新质生产力是推动高质量发展的内在要求和重要抓手');
    assert.equal(mq.fixes[0].text, mq.expected);
    assert.equal(typo.code, 'term-typo');
    assert.equal(text.slice(typo.offset.start, typo.offset.end), '全要素生产力');
    assert.deepEqual(typo.range.start, { line: 4, character: 0 });
  });

  test('a directory is walked for .md and .txt files', () => {
    const r = runCli(['check', '--format', 'json', dir]);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.files.map((f: { path: string }) => path.basename(f.path)).sort(), ['bad.md', 'clean.md', 'warn.txt']);
  });

  test('exit 2 with a message on stderr: usage, missing file, binary and invalid UTF-8 files', () => {
    assert.equal(runCli(['check']).status, 2);
    assert.equal(runCli(['frobnicate']).status, 2);
    assert.equal(runCli(['check', '--format', 'xml', clean]).status, 2);
    const missing = runCli(['check', path.join(dir, 'nope.md')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.md: 文件或文件夹不存在/);
    const bin = write(dir, 'odd/binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    const b = runCli(['check', bin]);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /binary\.txt: 这是二进制文件/);
    const broken = write(dir, 'odd/broken.txt', Buffer.concat([Buffer.from('新质生产力发展'), Buffer.from([0xe6, 0x96]), Buffer.from('。\n')]));
    const l = runCli(['check', broken]);
    assert.equal(l.status, 2);
    assert.match(l.stderr, /broken\.txt: 不是有效的 UTF-8 文本（UTF-8 文字中有 2 个损坏的字节/);
    const doc = write(dir, 'odd/old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const d = runCli(['check', doc]);
    assert.equal(d.status, 2);
    assert.match(d.stderr, /old\.doc: 这是旧版 Word 文档（\.doc，Word 97–2003）或已加密的文档。.*“另存为”\.docx 后再检查/);
  });

  test('why a file is not checked: said in Chinese by default and in English with --lang en; the other files are still checked', () => {
    const odd = tmpDir('cli-refused');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const rtf = '{\\rtf1\\ansi 全要素生产力}';
    const xml = (s: string) => new TextEncoder().encode(s);
    const types = xml('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
    const refused: Array<[name: string, bytes: Buffer | string | undefined, zh: string, en: string]> = [
      ['missing.md', undefined, '文件或文件夹不存在', 'no such file or directory'],
      [
        'image.txt',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
        '这是二进制文件，不是文字（含 NUL 字节，第一个在偏移 4 字节处）；已跳过',
        'binary file (contains NUL bytes, the first at byte 4); skipped',
      ],
      [
        'damaged.txt',
        Buffer.concat([Buffer.from('新质生产力发展'), Buffer.from([0xe6, 0x96]), Buffer.from('。\n')]),
        '不是有效的 UTF-8 文本（UTF-8 文字中有 2 个损坏的字节，文件可能已损坏）；已跳过',
        'not valid UTF-8 (2 broken byte(s) among UTF-8 text); skipped',
      ],
      [
        'utf32.txt',
        Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from([0x30, 0x6b, 0, 0])]),
        '这是 UTF-32 编码的文本，暂不支持；已跳过（请“另存为”UTF-8 编码后再检查）',
        'UTF-32 text is not supported; skipped (save it as UTF-8)',
      ],
      [
        'old.doc',
        ole,
        '这是旧版 Word 文档（.doc，Word 97–2003）或已加密的文档。Tifa 读取 .docx：请在 Word 或 WPS 中“另存为”.docx 后再检查',
        'an old-format Word document (.doc, Word 97–2003) or an encrypted one; Tifa reads .docx: open it in Word or WPS and save it as .docx',
      ],
      [
        'encrypted.docx',
        ole,
        '这是旧版 Word 文档（.doc，Word 97–2003）或已加密的文档。Tifa 读取 .docx：请在 Word 或 WPS 中“另存为”.docx 后再检查',
        'an old-format Word document (.doc, Word 97–2003) or an encrypted one; Tifa reads .docx: open it in Word or WPS and save it as .docx',
      ],
      // an RTF file, and one Word saved under a .doc name
      [
        'x.rtf',
        rtf,
        '这是 RTF 格式的文档。Tifa 读取 .docx：请在 Word 或 WPS 中“另存为”.docx 后再检查',
        'an RTF document; Tifa reads .docx: open it in Word or WPS and save it as .docx',
      ],
      [
        'memo.doc',
        rtf,
        '这是 RTF 格式的文档。Tifa 读取 .docx：请在 Word 或 WPS 中“另存为”.docx 后再检查',
        'an RTF document; Tifa reads .docx: open it in Word or WPS and save it as .docx',
      ],
      [
        'renamed.docx',
        'PK not a zip',
        '不是可读取的 .docx 文档：文件可能已损坏，或者并不是 Word 文档（zip：invalid zip data）',
        'not a readable .docx (zip): invalid zip data',
      ],
      [
        'nobody.docx',
        Buffer.from(zipSync({ '[Content_Types].xml': types, 'word/styles.xml': xml(`<w:styles xmlns:w="${W}"/>`) })),
        '不是 Word 文档：文件包里没有正文（word/document.xml）',
        'not a Word document: the package has no word/document.xml',
      ],
      [
        'doctype.docx',
        Buffer.from(
          zipSync({
            '[Content_Types].xml': types,
            'word/document.xml': xml(`<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "甲">]><w:document xmlns:w="${W}"><w:body/></w:document>`),
          }),
        ),
        'Word 文档的 word/document.xml 含有 DOCTYPE 声明，为安全起见不予读取（Word 和 WPS 保存的文档不会有）',
        'word/document.xml: a DOCTYPE is not allowed in a Word document',
      ],
    ];
    const ok = write(odd, 'ok.md', '全要素生产力不断提高。\n');
    const paths = refused.map(([name, bytes]) => (bytes === undefined ? path.join(odd, name) : write(odd, name, bytes)));
    for (const [lang, column] of [
      [[], 2],
      [['--lang', 'en'], 3],
    ] as const) {
      const r = runCli(['check', ...lang, ok, ...paths]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stdout, /ok\.md:1:1: warning term-typo/, 'the other file is still checked');
      assert.deepEqual(
        r.stderr.trim().split('\n'),
        paths.map((p, i) => `tifa: ${p}: ${refused[i][column]}`),
        r.stderr,
      );
    }
  });

  test('--jobs: many files in nested folders give the same output with one thread and several, in path order', () => {
    // more than 1 MB of text, so that --jobs 3 starts worker threads (a thread is started per 512 kB)
    const archive = tmpDir('jobs');
    const docs = fs
      .readdirSync(path.join(ROOT, 'corpus', 'documents'))
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => fs.readFileSync(path.join(ROOT, 'corpus', 'documents', f), 'utf8'));
    let bytes = 0;
    for (let i = 0; i < 20; i++) {
      const text = `---\ndate: 2025-0${1 + (i % 9)}-01\n---\n${docs[i % docs.length]}\n\n${docs[(i + 2) % docs.length]}\n`;
      write(archive, `${2021 + (i % 3)}/${['办公室', '党校'][i % 2]}/材料${String(i).padStart(2, '0')}.${i % 4 === 3 ? 'txt' : 'md'}`, text);
      bytes += Buffer.byteLength(text);
    }
    write(archive, '2022/broken.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    write(archive, '2023/bad.md', '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n');
    assert.ok(bytes > 1024 * 1024, `${bytes} bytes`);
    for (const format of ['json', 'sarif']) {
      const one = runCli(['check', '--format', format, '--jobs', '1', archive]);
      const many = runCli(['check', '--format', format, '--jobs=3', archive]);
      assert.equal(one.status, 2, one.stderr); // the broken file
      assert.equal(many.status, one.status, many.stderr);
      assert.equal(many.stderr, one.stderr);
      assert.match(one.stderr, /broken\.md: /);
      assert.ok(one.stdout.length > 10_000);
      assert.equal(many.stdout, one.stdout, `--format ${format}: --jobs 3 differs from --jobs 1`);
      if (format === 'json') {
        const paths = (JSON.parse(one.stdout) as { files: Array<{ path: string; diagnostics: unknown[] }> }).files.map((f) => path.relative(archive, f.path));
        assert.equal(paths.length, 21);
        assert.deepEqual(
          paths,
          [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
        );
        assert.ok(paths.includes(path.join('2023', 'bad.md')));
      }
    }
    const text1 = runCli(['check', '--jobs', '1', archive]);
    const text3 = runCli(['check', '--jobs', '3', archive]);
    assert.equal(findingLines(text3.stdout), findingLines(text1.stdout));
    assert.match(runCli(['check', '--lang', 'zh', '--jobs', '0', archive]).stderr, /^tifa: --jobs 后面应是 1 到 9999 之间的线程数，不能是“0”\n用法：/);
    assert.match(runCli(['check', '--lang', 'en', '--jobs', '0', archive]).stderr, /^tifa: --jobs needs a number of threads from 1 to 9999, not '0'\nUsage:/);
  });

  test('--help and --version; the help and command-line mistakes in the writer’s language, Chinese unless English', () => {
    assert.match(runCli(['--help']).stdout, /tifa check \[--format text\|json\|sarif\|rdjson\]/);
    const zh = runCli(['--help', '--lang', 'zh']).stdout;
    assert.match(zh, /^用法：\n/);
    assert.match(zh, /--annotate 输出\.docx +只检查一个 \.docx 时：另存一份副本，每个问题写成一条 Word 批注/);
    const en = runCli(['--help', '--lang=en']).stdout;
    assert.match(en, /^Usage:\n/);
    assert.match(en, /--annotate OUT\.docx +with one \.docx PATH: write a copy with each finding as a Word comment/);
    // every option of one help is in the other
    const options = (s: string) => [...s.matchAll(/^ +(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.deepEqual(options(zh), options(en));
    // a mistake is said, then the usage, exit code 2
    const bad = runCli(['check', '--bogus', '--lang', 'zh']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^tifa: 没有 --bogus 这个选项（文件名以 - 开头时，请写在 -- 之后）\n用法：/);
    const none = runCli(['check', '--lang', 'zh']);
    assert.match(none.stderr, /^tifa: tifa check 至少需要一个路径\n/);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(runCli(['--version']).stdout.trim(), pkg.version);
  });
});

describe('tifa corpus', () => {
  test('corpus stats --format json counts the shipped corpus', () => {
    const r = runCli(['corpus', 'stats', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(s), [
      'documents',
      'terms',
      'quotations',
      'statistics',
      'occasions',
      'formulations',
      'entries',
      'sourced',
      'entryTests',
      'loadedFrom',
      'segmenter',
      'dataAsOf',
      'stale',
    ]);
    assert.equal(s.segmenter, 'native', 'this platform has its native segmenter');
    assert.match(s.dataAsOf, /^\d{4}-\d{2}(-\d{2})?$/);
    assert.ok(Array.isArray(s.stale));
    assert.equal(s.loadedFrom, 'prebuilt', 'the built-in corpus comes from the index built with Tifa');
    assert.ok(s.terms >= 60, `terms ${s.terms}`);
    assert.ok(s.quotations >= 40, `quotations ${s.quotations}`);
    assert.ok(s.statistics >= 15, `statistics ${s.statistics}`);
    assert.equal(s.documents, 5);
    assert.equal(s.sourced, s.entries, 'every entry names its source');
    assert.equal(s.entries, s.terms + s.quotations + s.statistics + s.occasions + s.formulations);
  });

  test('corpus check passes on the shipped corpus, every entry test included', () => {
    const r = runCli(['corpus', 'check', '--lang', 'en']);
    assert.equal(r.status, 0, r.stderr);
    const m = /(\d+) of (\d+) entry tests passed/.exec(r.stdout);
    assert.ok(m && m[1] === m[2] && Number(m[2]) > 300, r.stdout);
  });

  test('a failing entry test fails corpus check, naming the entry', () => {
    const dir = tmpDir('corpus-test');
    write(
      dir,
      'terms.yaml',
      `kind: terms
entries:
  - id: bad-test
    term: 测试术语甲
    definition: { kind: explanation, text: 说明, source: { title: 文件, publisher: 发布者, date: "2024-01-01" } }
    tests:
      flag: [ "这句话里没有任何错误。" ]
`,
    );
    const r = runCli(['corpus', 'check', '--corpus', dir, '--lang', 'en']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /terms\.yaml:3:5: error: entry test failed for terms 'bad-test'/);
  });

  test('a corpus file or document text that cannot be read: why, in Chinese by default and in English with --lang en', () => {
    const dir = tmpDir('corpus-unreadable');
    const yaml = write(dir, 'terms.yaml', Buffer.concat([Buffer.from('kind: terms\nentries: []\n'), Buffer.from([0, 1, 2])]));
    const doc = write(dir, 'documents/d.yaml', 'kind: document\nid: d\ntext: d.txt\nquality: clean\n');
    write(dir, 'documents/d.txt', Buffer.from([0xff, 0xfe, 0, 0, 0x30, 0x6b, 0, 0]));
    const lines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith(yaml) || (l.startsWith(doc) && /d\.txt/.test(l)));
    const zh = runCli(['corpus', 'check', '--corpus', dir]);
    assert.equal(zh.status, 2);
    assert.deepEqual(lines(zh.stderr), [
      `${doc}:3:7: error: 无法读取文献正文“d.txt”：这是 UTF-32 编码的文本，暂不支持；已跳过（请“另存为”UTF-8 编码后再检查）`,
      `${yaml}:1:1: error: 无法读取文件：这是二进制文件，不是文字（含 NUL 字节，第一个在偏移 24 字节处）；已跳过`,
    ]);
    const en = runCli(['corpus', 'check', '--corpus', dir, '--lang', 'en']);
    assert.deepEqual(lines(en.stderr), [
      `${doc}:3:7: error: cannot read document text 'd.txt': UTF-32 text is not supported; skipped (save it as UTF-8)`,
      `${yaml}:1:1: error: cannot read file: binary file (contains NUL bytes, the first at byte 24); skipped`,
    ]);
  });

  test('a broken corpus file gives file:line:column errors and exit 2', () => {
    const dir = tmpDir('corpus-bad');
    const f = write(
      dir,
      'formulations.yaml',
      `kind: formulations\nentries:\n  - id: x\n    right: 甲乙丙\n    wrong: [甲乙]\n    status: wrongish\n    reason: 理由\n`,
    );
    const r = runCli(['corpus', 'check', '--corpus', dir]);
    assert.equal(r.status, 2);
    // in the writer's words (Chinese unless asked otherwise), at the place of the error
    assert.ok(
      r.stderr.includes(`${f}:6:13: error: 第 1 条（x）的“状态”（status）只能是 wrong（错误提法）、superseded（已被取代）之一，这里写的是“wrongish”`),
      r.stderr,
    );
    assert.ok(r.stderr.includes(`${f}:3:5: error: 第 1 条（x）缺少“出处”（source:）`), r.stderr);
    const en = runCli(['corpus', 'check', '--corpus', dir, '--lang', 'en']);
    assert.ok(en.stderr.includes(`${f}:6:13: error: entry 1 (x), “status” must be one of wrong, superseded (here: “wrongish”)`), en.stderr);
    const y = write(dir, 'terms.yaml', 'kind: terms\nentries:\n  - id: [unclosed\n');
    const r2 = runCli(['check', '--corpus', dir, y]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, new RegExp(`${y.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: YAML`));
  });
});

// ---------------------------------------------------------------- corpus branch: how current the corpus is
describe('tifa corpus: statistics that are due (next_release)', () => {
  const dir = tmpDir('corpus-stale');
  write(
    dir,
    'statistics.yaml',
    `kind: statistics
entries:
  - id: test-due
    name: 测试指标甲
    unit: "%"
    source: { title: 测试公报, publisher: 测试机构, date: "2025-02-28" }
    next_release: "2026-02-28"
    release_schedule: 每年2月底发布上年数
    values:
      - { year: 2024, value: 1.5, vintage: final, publisher: 测试机构, document: 测试公报, released: "2025-02-28" }
  - id: test-fresh
    name: 测试指标乙
    unit: "%"
    source: { title: 测试公报, publisher: 测试机构, date: "2026-03" }
    next_release: "2026-02-28"
    values:
      - { year: 2025, value: 1.6, vintage: final, publisher: 测试机构, document: 测试公报, released: "2026-03" }
  - id: test-target
    name: 测试指标丙
    unit: 亿元
    source: { title: 测试公报, publisher: 测试机构, date: "2025-02-28" }
    next_release: "2027-02-28"
    values:
      - { year: 2024, value: 100, vintage: final, publisher: 测试机构, document: 测试公报, released: "2025-02-28" }
    targets:
      - { plan: 测试规划, year: 2030, period: 2026—2030, value: 150, unit: 亿元, comparator: at-least, wording: 测试指标丙达到150亿元以上, publisher: 测试机构, document: 测试规划纲要, released: "2026-03" }
    tests:
      # a target is not a measurement: it is neither a value for 2030 nor the latest value
      pass:
        - 2030年测试指标丙为120亿元。
      flag:
        - { text: 目前测试指标丙为150亿元。, code: stat-outdated }
`,
  );

  test('corpus check warns, Chinese first, for a series whose next release has come and is not stored; the exit code stays 0', () => {
    const r = runCli(['corpus', 'check', '--corpus', dir, '--today', '2026-06-01']);
    assert.equal(r.status, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith(dir) && l.includes(': warning: '));
    assert.equal(warnings.length, 1, r.stderr);
    assert.match(
      warnings[0],
      /statistics\.yaml:3:5: warning: 统计序列“测试指标甲”（test-due）的下一期数据应于2026-02-28发布，语料中最新一期发布于2025-02-28：数据可能已过时.*stale since 2026-02-28/,
    );
    assert.match(r.stdout, /问题 0 处；.*；截至 2026-06-01 有 \d+ 个统计序列待更新/);
  });

  test('before the due date nothing is stale (--today and TIFA_TODAY are honoured)', () => {
    const r = runCli(['corpus', 'check', '--corpus', dir, '--today', '2026-02-27']);
    assert.doesNotMatch(r.stderr, /test-due/);
    assert.match(r.stdout, /截至 2026-02-27 有 \d+ 个统计序列待更新/);
    const s = JSON.parse(runCli(['corpus', 'stats', '--format', 'json', '--corpus', dir, '--today', '2026-02-27']).stdout);
    assert.ok(!s.stale.includes('test-due'));
  });

  test('corpus stats --format json lists the stale ids and the newest release date (dataAsOf)', () => {
    const s = JSON.parse(runCli(['corpus', 'stats', '--format', 'json', '--corpus', dir, '--today', '2026-06-01']).stdout);
    assert.ok(s.stale.includes('test-due'));
    assert.ok(!s.stale.includes('test-fresh'), 'a value released in the month the release was due counts as the new release');
    assert.ok(!s.stale.includes('test-target'));
    const builtin = JSON.parse(runCli(['corpus', 'stats', '--format', 'json', '--today', '2026-06-01']).stdout);
    assert.equal(s.dataAsOf, [builtin.dataAsOf, '2026-03'].sort().pop(), 'dataAsOf is the newest release of any statistic value, built-in or user');
  });
});
