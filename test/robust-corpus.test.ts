// Corpus faults: broken YAML, wrong types, duplicate ids, prototype keys, huge and strange files, files
// vanishing during a load, symlink loops. Every problem is file:line:column, the good entries and the
// last good corpus stay in use, nothing hangs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { LOAD_LIMITS, loadCorpus, type Problem } from '../server/src/corpus/load';
import { openCorpus } from '../server/src/corpus/open';
import { CLI, TODAY, tmpDir, write } from './helpers';
import { RobustClient } from './robust-client';

const SOURCE = '{ title: 测试文件, publisher: 测试单位, date: "2025-01-01" }';

const term = (id: string, t: string) => `  - id: ${id}
    term: ${t}
    definition: { kind: explanation, text: 测试说明, source: ${SOURCE} }
    tests: { pass: ["${t}"] }
`;

const formulation = (id: string, right: string, wrong: string) => `  - id: ${id}
    right: ${right}
    wrong: [${wrong}]
    status: wrong
    reason: 测试用
    source: ${SOURCE}
`;

function load(dir: string) {
  return loadCorpus([{ name: 'user', path: dir }]);
}

function where(problems: Problem[], file: string): string[] {
  return problems.filter((p) => p.file === file).map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`);
}

/** Every problem names a file and a position; message is one line. */
function wellFormed(problems: Problem[]): void {
  for (const p of problems) {
    assert.ok(p.file && Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1, JSON.stringify(p));
    assert.ok(p.message && !p.message.includes('\n'), JSON.stringify(p));
  }
}

/** `tifa corpus check --corpus dir` in a child process with a bound (a hang is a failure, not a stuck test run). */
function corpusCheck(dir: string, timeoutMs = 15_000) {
  const r = spawnSync(process.execPath, [CLI, 'corpus', 'check', '--corpus', dir, '--lang', 'en'], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, TIFA_TODAY: TODAY },
  });
  assert.equal(r.signal, null, `tifa corpus check did not finish within ${timeoutMs} ms: ${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The problems `tifa corpus check` printed (file:line:column: severity: message). */
function problemsOf(stderr: string): Problem[] {
  const out: Problem[] = [];
  for (const l of stderr.split('\n')) {
    const m = /^(.+):(\d+):(\d+): (error|warning): (.*)$/.exec(l);
    if (m) out.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), severity: m[4] as Problem['severity'], message: m[5] });
  }
  return out;
}

describe('corpus faults: clear file:line:column problems, good entries kept', () => {
  test('invalid YAML and wrong types are reported at their place; the good file still loads', () => {
    const dir = tmpDir('faults');
    const good = write(dir, 'a-good.yaml', `kind: terms\nentries:\n${term('good-term', '甲乙丙丁')}`);
    const unclosed = write(dir, 'b-unclosed.yaml', 'kind: terms\nentries:\n  - id: "unclosed\n');
    const tabs = write(dir, 'c-tabs.yaml', 'kind: terms\nentries:\n\t- id: x\n');
    const notList = write(dir, 'd-notlist.yaml', 'kind: terms\nentries: 这不是列表\n');
    const types = write(
      dir,
      'e-types.yaml',
      `kind: terms
entries:
  - id: 42
    term: [一, 二]
    definition: 字符串
    tests: { pass: ["x"] }
  - null
  - 17
${term('second-good', '戊己庚辛')}`,
    );
    const scalar = write(dir, 'f-scalar.yaml', '就是一句话\n');
    const empty = write(dir, 'g-empty.yaml', '');
    const kind = write(dir, 'h-kind.yaml', 'kind: [terms]\nentries: []\n');
    const r = load(dir);
    wellFormed(r.problems);
    assert.deepEqual(where(r.problems, good), []);
    assert.match(where(r.problems, unclosed).join('\n'), /^\d+:\d+ error YAML: /);
    assert.match(where(r.problems, tabs).join('\n'), /^3:\d+ error YAML: /);
    assert.deepEqual(where(r.problems, notList), ["2:10 error missing 'entries:' list"]);
    const t = where(r.problems, types).join('\n');
    assert.match(t, /^3:9 error entries\.0\.id: must be string/m);
    assert.match(t, /^4:11 error entries\.0\.term: must be string/m);
    assert.match(t, /^5:17 error entries\.0\.definition: must be object/m);
    assert.match(t, /entries\.1: must be object/);
    assert.match(t, /entries\.2: must be object/);
    assert.match(where(r.problems, scalar).join('\n'), /^1:1 error a corpus file is a mapping/);
    assert.match(where(r.problems, empty).join('\n'), /^1:1 error a corpus file is a mapping/);
    assert.match(where(r.problems, kind).join('\n'), /^1:7 error unknown or missing 'kind'/);
    assert.deepEqual(r.knowledge.terms.map((x) => x.id).sort(), ['good-term', 'second-good']);
  });

  test('duplicate ids in one folder and duplicate keys in one mapping are errors naming both places', () => {
    const dir = tmpDir('dups');
    const a = write(dir, 'a.yaml', `kind: terms\nentries:\n${term('same-id', '甲乙丙丁')}`);
    const b = write(dir, 'b.yaml', `kind: terms\nentries:\n${term('other', '戊己庚辛')}${term('same-id', '壬癸子丑')}`);
    const keys = write(
      dir,
      'c.yaml',
      `kind: terms\nentries:\n  - id: k\n    term: 寅卯辰巳\n    term: 午未申酉\n    definition: { kind: explanation, text: 说明, source: ${SOURCE} }\n    tests: {}\n`,
    );
    const r = load(dir);
    wellFormed(r.problems);
    assert.deepEqual(where(r.problems, b), [`7:5 error duplicate id 'same-id' (terms); first defined at ${a}:3`]);
    assert.deepEqual(where(r.problems, keys), ["5:5 error YAML: duplicate key 'term' in one mapping"]);
    assert.equal(r.knowledge.terms.find((t) => t.id === 'same-id')?.term, '甲乙丙丁', 'the first definition is kept');
  });

  test('__proto__, constructor and prototype keys and ids pollute nothing', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const dir = tmpDir('proto');
    write(
      dir,
      'terms.yaml',
      `kind: terms
__proto__: { polluted: yes }
entries:
  - id: constructor
    term: 构造测试
    aliases: [__proto__, constructor, prototype]
    definition: { kind: explanation, text: 说明, source: ${SOURCE} }
    related: [prototype, hasOwnProperty]
    tests: { pass: ["构造测试"] }
  - id: prototype
    term: 原型测试
    __proto__: { polluted: yes }
    constructor: { prototype: { polluted: yes } }
    definition: { kind: explanation, text: 说明, source: ${SOURCE}, __proto__: { polluted: yes } }
    tests: {}
  - id: hasOwnProperty
    term: 自有属性
    definition: { kind: explanation, text: 说明, source: { __proto__: { polluted: yes }, title: 文, publisher: 者, date: "2025-01-01" } }
    tests: {}
  - id: toString
    term: __proto__
    definition: { kind: explanation, text: 说明, source: ${SOURCE} }
    tests: {}
`,
    );
    write(
      dir,
      'stats.yaml',
      `kind: statistics\nentries:\n  - id: __proto__\n    name: 原型统计\n    unit: constructor\n    source: ${SOURCE}\n    values: []\n  - id: valueOf\n    name: 原型统计二\n    unit: "%"\n    source: ${SOURCE}\n    values: []\n`,
    );
    const opened = openCorpus([{ name: 'user', path: dir }]);
    wellFormed(opened.problems);
    const checker = new Checker(opened.index);
    checker.check('构造测试、原型测试、自有属性、__proto__、constructor、原型统计二为5%。', { markdown: false, today: TODAY });
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
    const probe: Record<string, unknown> = {};
    assert.equal(probe.polluted, undefined);
    assert.equal(Object.getPrototypeOf(probe), Object.prototype);
    // the bad entries are reported (unknown property __proto__ / constructor, bad id), the others load
    assert.ok(
      opened.problems.some((p) => /unknown property '__proto__'/.test(p.message)),
      opened.problems.map((p) => p.message).join('\n'),
    );
    assert.ok(opened.index.terms.has('constructor'));
    assert.ok(opened.index.terms.has('toString'));
  });
});

describe('corpus faults: limits and strange files, without hanging', () => {
  test('a 50 MB YAML file is refused at once with file:1:1, and so is one over the per-file limit', () => {
    const dir = tmpDir('huge');
    const huge = path.join(dir, 'huge.yaml');
    fs.writeFileSync(huge, 'kind: terms\nentries:\n');
    fs.truncateSync(huge, 50 * 1024 * 1024);
    const big = write(dir, 'big.yaml', `kind: terms\nentries:\n${term('x', '甲乙丙丁').repeat(1)}# ${'注'.repeat(LOAD_LIMITS.maxYamlBytes / 3 + 10)}\n`);
    write(dir, 'ok.yaml', `kind: terms\nentries:\n${term('fine', '戊己庚辛')}`);
    // refused by its size, before any of it is read (the message is made from the file's size alone)
    const r = load(dir);
    assert.deepEqual(where(r.problems, huge), [
      `1:1 error cannot read file: file is 50.0 MB, over the ${LOAD_LIMITS.maxYamlBytes / 1048576} MB limit for a corpus YAML file; skipped`,
    ]);
    assert.match(where(r.problems, big).join('\n'), /^1:1 error cannot read file: file is 2\.0 MB, over the 2 MB limit/);
    assert.deepEqual(
      r.knowledge.terms.map((t) => t.id),
      ['fine'],
    );
  });

  test('pathological YAML within the size and node limits: 40,000 keys, deep nesting, an alias bomb: loads, few problems', () => {
    const dir = tmpDir('patho');
    const keys = write(dir, 'keys.yaml', 'kind: terms\nentries: []\n' + Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n');
    const dupKeys = write(dir, 'dupkeys.yaml', 'kind: terms\nentries: []\n' + 'k: 1\n'.repeat(20_000));
    const deep = write(dir, 'deep.yaml', 'kind: terms\nentries: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n');
    const bomb = write(
      dir,
      'bomb.yaml',
      'kind: terms\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nentries: []\n',
    );
    const many = write(dir, 'many.yaml', 'kind: terms\nentries:\n' + '  - { id: 1 }\n'.repeat(20_000));
    // in a child process with a bound: exponential work would end as a failed test, not a stuck run
    const run = corpusCheck(dir, 60_000);
    assert.equal(run.status, 2, run.stderr);
    const r = { problems: problemsOf(run.stderr) };
    wellFormed(r.problems);
    for (const f of [keys, dupKeys, deep, bomb, many]) {
      const mine = where(r.problems, f);
      assert.ok(mine.length >= 1 && mine.length <= LOAD_LIMITS.maxProblemsPerFile + 1, `${path.basename(f)}: ${mine.length} problems`);
      assert.match(mine[0], / error /, `${path.basename(f)}: ${mine[0]}`);
    }
    assert.match(where(r.problems, keys)[0], /^3:1 error the file: unknown property 'k0'/);
    assert.match(where(r.problems, dupKeys)[0], /^4:1 error YAML: duplicate key 'k'/);
    assert.match(where(r.problems, deep)[0], /YAML: /);
    assert.match(where(r.problems, bomb).join('\n'), /alias/i);
    assert.match(where(r.problems, many).at(-1)!, /more problems in this file are not shown \(the first 50 are\)/);
  });

  test('a file deleted between listing and reading, and a half-written file: reported, the rest loads', () => {
    const dir = tmpDir('vanish');
    const gone = write(dir, 'a-gone.yaml', `kind: terms\nentries:\n${term('gone', '甲乙丙丁')}`);
    const half = write(dir, 'b-half.yaml', `kind: terms\nentries:\n${term('half', '戊己庚辛')}`.slice(0, 70));
    write(dir, 'c-ok.yaml', `kind: terms\nentries:\n${term('ok', '壬癸子丑')}`);
    // delete a-gone.yaml the moment the loader opens it (after the folder was listed)
    const realFs = require('node:fs') as typeof fs; // eslint-disable-line @typescript-eslint/no-require-imports
    const open = realFs.openSync;
    realFs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
      if (p === gone && realFs.existsSync(gone)) realFs.unlinkSync(gone);
      return (open as (...a: unknown[]) => number)(p, ...rest);
    }) as typeof fs.openSync;
    let r: ReturnType<typeof load>;
    try {
      r = load(dir);
    } finally {
      realFs.openSync = open;
    }
    wellFormed(r.problems);
    assert.deepEqual(where(r.problems, gone), ['1:1 error cannot read file: file no longer exists (deleted while loading?)']);
    assert.ok(where(r.problems, half).length >= 1, 'half-written file reported');
    assert.ok(where(r.problems, half).every((p) => / error /.test(p)));
    assert.deepEqual(
      r.knowledge.terms.map((t) => t.id),
      ['ok'],
    );
  });

  test('symlink loops, a link to a huge tree, a FIFO named .yaml and document texts that are devices or outside the folder: no hang', () => {
    const dir = tmpDir('links');
    write(dir, 'kb/terms.yaml', `kind: terms\nentries:\n${term('linked', '甲乙丙丁')}`);
    fs.symlinkSync('..', path.join(dir, 'kb', 'loop'));
    fs.symlinkSync(dir, path.join(dir, 'kb', 'self'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.yaml'));
    // a tree of 3,000 folders (a corpus path set to a home folder by mistake)
    for (let i = 0; i < 3000; i++) fs.mkdirSync(path.join(dir, 'wide', `d${i}`), { recursive: true });
    const fifo = path.join(dir, 'kb', 'fifo.yaml');
    const mk = spawnSync('mkfifo', [fifo]);
    const hasFifo = mk.status === 0;
    write(dir, 'documents/text-outside.yaml', 'kind: document\nid: outside\ntext: ../../../../../../etc/hostname\nquality: clean\n');
    write(dir, 'documents/text-device.yaml', 'kind: document\nid: device\ntext: zero.txt\nquality: clean\n');
    fs.symlinkSync('/dev/zero', path.join(dir, 'documents', 'zero.txt'));
    if (hasFifo) {
      spawnSync('mkfifo', [path.join(dir, 'documents', 'pipe.txt')]);
      write(dir, 'documents/text-fifo.yaml', 'kind: document\nid: fifo\ntext: pipe.txt\nquality: clean\n');
    }
    const r = corpusCheck(dir);
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    for (const l of lines) assert.match(l, /^(.+):(\d+):(\d+): (error|warning): \S/, l);
    assert.ok(
      lines.some((l) => /symlink loop/.test(l)),
      r.stderr,
    );
    assert.ok(
      lines.some((l) => /dangling\.yaml:1:1: warning: broken symbolic link/.test(l)),
      r.stderr,
    );
    assert.ok(
      lines.some((l) => /more than \d+ folders/.test(l)),
      r.stderr,
    );
    assert.ok(
      lines.some((l) =>
        /text-outside\.yaml:3:7: error: (“text”: must be the name of a \.txt or \.md file|document text .* is outside the corpus folder)/.test(l),
      ),
      r.stderr,
    );
    // (a link out of the folder is refused before its target is looked at)
    assert.ok(
      lines.some((l) => /text-device\.yaml:3:7: error: document text 'zero\.txt' is a symbolic link .* outside the corpus folder; not read/.test(l)),
      r.stderr,
    );
    if (hasFifo) {
      assert.ok(
        lines.some((l) => /fifo\.yaml:1:1: warning: not a regular file/.test(l)),
        r.stderr,
      );
      assert.ok(
        lines.some((l) => /text-fifo\.yaml:3:7: error: cannot read document text 'pipe\.txt': not a regular file/.test(l)),
        r.stderr,
      );
    }
  });
});

describe('corpus faults in the language server: last good corpus kept, no hang', () => {
  test('a corpus folder deleted and a file rewritten half-way many times: problems shown, good corpus kept, the final state wins', async () => {
    const dir = tmpDir('reload-storm');
    const file = path.join(dir, 'formulations.yaml');
    const good = `kind: formulations\nentries:\n${formulation('storm-a', '甲方案乙', '丙方案丁')}`;
    const good2 = `kind: formulations\nentries:\n${formulation('storm-b', '戊方案己', '庚方案辛')}`;
    fs.writeFileSync(file, good);
    const lsp = new RobustClient();
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize();
      const uri = 'file:///tmp/reload-storm.md';
      lsp.open(uri, '采用丙方案丁，还是庚方案辛？\n', 'markdown', 1);
      assert.deepEqual(
        (await lsp.diagnostics(uri, 1)).map((d) => d.code),
        ['nonstandard-formulation'],
      );

      // 1. rewrite the file 30 times in quick succession, half-written every other time, ending with good2
      for (let i = 0; i < 30; i++) fs.writeFileSync(file, i % 2 ? good2.slice(0, 40 + i) : good);
      fs.writeFileSync(file, good2);
      const mark = lsp.notifications.length;
      const status = await lsp.request<any>('workspace/executeCommand', { command: 'tifa.server.reloadCorpus', arguments: [] }, 30_000);
      assert.deepEqual(status, { reloaded: true });
      const after = await lsp.diagnostics(uri, 1, mark);
      assert.deepEqual(
        after.map((d) => lspText(d)),
        ['庚方案辛'],
        'the final file is in use',
      );

      // 2. delete the whole folder: an error on the folder, the last good corpus stays
      const mark2 = lsp.notifications.length;
      fs.rmSync(dir, { recursive: true, force: true });
      await lsp.request('workspace/executeCommand', { command: 'tifa.server.reloadCorpus', arguments: [] }, 30_000);
      const st = await lsp.waitFor(
        (n) => n.method === 'tifa/status' && n.params.state === 'error' && lsp.notifications.indexOf(n) >= mark2,
        20_000,
        'error status',
      );
      assert.match(st.params.message, /沿用上次可用的语料/);
      const folderDiag = await lsp.waitFor(
        (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === pathToFileURL(dir).href && lsp.notifications.indexOf(n) >= mark2,
        20_000,
        'folder problem',
      );
      assert.match(folderDiag.params.diagnostics[0].message, /语料文件夹不存在/);
      const kept = await lsp.diagnostics(uri, 1, mark2);
      assert.deepEqual(
        kept.map((d) => lspText(d)),
        ['庚方案辛'],
        'last good corpus kept',
      );
      const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      assert.ok(hover === null || typeof hover === 'object');
    } finally {
      lsp.kill();
    }
    function lspText(d: any): string {
      return '采用丙方案丁，还是庚方案辛？'.slice(d.range.start.character, d.range.end.character);
    }
  });
});
