// The corpus: entry tests, the documents' known defects, user folders overriding the built-in corpus,
// and the server keeping the last good corpus when a corpus file breaks.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { runEntryTests } from '../server/src/core/entryTests';
import { builtinCorpus, LspClient, positionOf, ROOT, runCli, tmpDir, TODAY, findingLines } from './helpers';

describe('the shipped corpus', () => {
  test('loads without problems', () => {
    assert.deepEqual(builtinCorpus().problems, []);
  });

  test('every entry passes its own tests', () => {
    const { run, failures } = runEntryTests(builtinCorpus().index, TODAY);
    assert.ok(run > 300);
    assert.deepEqual(failures, []);
  });

  test('tifa check over corpus/documents finds exactly the known defects listed beside them', () => {
    const r = runCli(['check', '--format', 'json', path.join(ROOT, 'corpus', 'documents')]);
    const out = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; offset: { start: number; end: number } }> }> };
    for (const doc of builtinCorpus().index.knowledge.documents) {
      const file = out.files.find((f) => pathToFileURL(f.path).href === doc.uri);
      assert.ok(file, doc.uri);
      const found = file.diagnostics;
      // every finding is a known defect …
      for (const d of found) {
        const known = doc.defects.some((def) => {
          for (let i = doc.text.indexOf(def.text); i >= 0; i = doc.text.indexOf(def.text, i + 1)) {
            if (def.code === d.code && i < d.offset.end && i + def.text.length > d.offset.start) return true;
          }
          return false;
        });
        assert.ok(known, `${doc.id}: unexpected ${d.code} at “${doc.text.slice(d.offset.start, d.offset.end)}”`);
      }
      // … and every known defect is found
      for (const def of doc.defects) {
        const at = doc.text.indexOf(def.text);
        const hit = found.some((d) => d.code === def.code && at < d.offset.end && at + def.text.length > d.offset.start);
        assert.ok(hit, `${doc.id}: defect not found: ${def.code} “${def.text}”`);
      }
    }
  });

  test('001 (a correct article) raises nothing of severity warning or error', () => {
    const r = runCli(['check', path.join(ROOT, 'corpus', 'documents', '001-zhang-laiming.txt')]);
    assert.equal(r.status, 0);
    assert.equal(findingLines(r.stdout), '');
  });
});

// corpus branch: every built-in series says when its next release is due (so that Tifa knows how current it is)
describe('the shipped statistics: release dates', () => {
  test('every series has next_release and release_schedule, and next_release is after its newest stored release', () => {
    for (const s of builtinCorpus().index.knowledge.statistics) {
      assert.ok(s.nextRelease, `${s.id}: next_release`);
      assert.ok(s.releaseSchedule, `${s.id}: release_schedule`);
      const newest = s.values.reduce((a, v) => (v.released > a ? v.released : a), '');
      assert.ok(s.nextRelease > newest, `${s.id}: next_release ${s.nextRelease} is not after the newest release ${newest}`);
    }
  });
});

describe('user corpus folders', () => {
  test('an entry with the same id overrides the built-in one, and hover names the corpus it came from', async () => {
    const dir = tmpDir('user-corpus');
    fs.writeFileSync(
      path.join(dir, 'terms.yaml'),
      `kind: terms
entries:
  - id: xinzhi-shengchanli
    term: 新质生产力
    definition:
      kind: explanation
      text: 本单位内部学习材料中的说明。
      source: { title: 内部学习材料, publisher: 某单位, date: "2025-01-01" }
    tests: { pass: ["新质生产力"] }
`,
    );
    const lsp = new LspClient();
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize();
      const uri = 'file:///tmp/user.md';
      const text = '发展新质生产力。';
      lsp.open(uri, text);
      const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '新质') });
      assert.match(hover.contents.value, /本单位内部学习材料中的说明/);
      assert.ok(hover.contents.value.includes(`本单位语料（${path.basename(dir)}）`), hover.contents.value);
    } finally {
      lsp.kill();
    }
  });
});

describe('corpus reload in the server', () => {
  test('a broken corpus file shows as diagnostics on that file and the last good corpus stays in use', async () => {
    const dir = tmpDir('reload');
    const file = path.join(dir, 'formulations.yaml');
    const good = `kind: formulations
entries:
  - id: test-formulation
    right: 甲方案乙
    wrong: [丙方案丁]
    status: wrong
    reason: 测试用
    source: { title: 测试文件, publisher: 测试, date: "2025-01-01" }
`;
    fs.writeFileSync(file, good);
    const lsp = new LspClient();
    try {
      lsp.configuration = { corpus: { paths: [dir] }, quotation: { insertStyle: 'lead' }, severity: {} };
      await lsp.initialize();
      const uri = 'file:///tmp/reload.md';
      lsp.open(uri, '采用丙方案丁。\n', 'markdown', 1);
      const first = await lsp.diagnostics(uri, 1);
      assert.deepEqual(
        first.map((d) => d.code),
        ['nonstandard-formulation'],
      );
      // break the file: the server reloads, reports the problem on the corpus file, keeps the good corpus
      const mark = lsp.notifications.length;
      fs.writeFileSync(file, good.replace('status: wrong', 'status: [broken'));
      const corpusDiag = await lsp.waitFor(
        (n) =>
          n.method === 'textDocument/publishDiagnostics' &&
          n.params.uri === pathToFileURL(file).href &&
          n.params.diagnostics.length > 0 &&
          lsp.notifications.indexOf(n) >= mark,
        20_000,
        'corpus diagnostics',
      );
      const d = corpusDiag.params.diagnostics[0];
      assert.equal(d.range.start.line, 6);
      assert.match(d.message, /YAML/);
      const again = await lsp.diagnostics(uri, 1, mark);
      assert.deepEqual(
        again.map((x) => x.code),
        ['nonstandard-formulation'],
        'last good corpus still used',
      );
      // fix it: problems clear
      const mark2 = lsp.notifications.length;
      fs.writeFileSync(file, good);
      await lsp.waitFor(
        (n) =>
          n.method === 'textDocument/publishDiagnostics' &&
          n.params.uri === pathToFileURL(file).href &&
          n.params.diagnostics.length === 0 &&
          lsp.notifications.indexOf(n) >= mark2,
        20_000,
        'corpus diagnostics cleared',
      );
    } finally {
      lsp.kill();
    }
  });
});
