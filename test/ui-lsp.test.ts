// Protocol tests of the writer-facing side (#15): the server speaks the editor's language (initialize's
// locale), and "加入本单位语料" works over LSP for any editor: a new corpus folder, a quotation added with
// its generated tests, used by the next check. Also the commands behind search results and read-only
// reference documents.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspClient, positionOf, runCli, tmpDir } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MISQUOTE = '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n';

/** What a writer sees in one language: status, diagnostics, quick fixes, hover, completion, corpus problems. */
async function seen(locale: string | undefined): Promise<Json> {
  const bad = tmpDir('locale-corpus');
  fs.writeFileSync(
    path.join(bad, 'occasions.yaml'),
    'kind: occasions\nentries:\n  - id: x\n    name: 测试场合\n    type: meeting\n    date: 2025/3/5\n    source: { title: 测试, publisher: 测试, date: "2025-03" }\n',
  );
  const lsp = new LspClient();
  try {
    lsp.configuration = { corpus: { paths: [bad] }, quotation: { insertStyle: 'lead' }, severity: {} };
    await lsp.initialize({}, undefined, locale ? { locale } : {});
    const status = lsp.notifications.filter((n) => n.method === 'tifa/status').at(-1)!.params;
    const progress = lsp.notifications.find((n) => n.method === '$/progress' && n.params.value.kind === 'begin')!.params.value;
    const uri = 'file:///tmp/locale.md';
    lsp.open(uri, MISQUOTE);
    const diags = await lsp.diagnostics(uri, 1);
    const d = diags.find((x) => x.code === 'misquote')!;
    const actions = await lsp.request<Json[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const hover = await lsp.request<Json>('textDocument/hover', { textDocument: { uri }, position: positionOf(MISQUOTE, '抓手') });
    const corpusDiag = await lsp.waitFor(
      (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri.endsWith('occasions.yaml'),
      20_000,
      'corpus problem',
    );
    const completionUri = 'file:///tmp/locale-complete.md';
    lsp.open(completionUri, '着力点');
    const list = await lsp.request<Json>('textDocument/completion', { textDocument: { uri: completionUri }, position: { line: 0, character: 3 } });
    return {
      status: status.message,
      progress: progress.message,
      diagnostic: d.message,
      actions: actions.map((a) => a.title),
      hover: hover.contents.value,
      corpusProblem: corpusDiag.params.diagnostics[0].message,
      details: list.items.map((i: Json) => i.detail),
      inserts: list.items.map((i: Json) => i.textEdit.newText),
    };
  } finally {
    lsp.kill();
  }
}

describe('the server follows the editor’s language (initialize locale)', () => {
  test('locale en: status, progress, findings, quick fixes, hover, completion details and corpus problems in English; inserted text stays Chinese', async () => {
    const s = await seen('en');
    assert.match(s.status, /^The corpus has 1 problem\(s\); the last good corpus stays in use$|^Corpus loaded: \d+ entries$/);
    assert.match(s.progress, /^Loading the corpus \(start\)$/);
    assert.match(s.diagnostic, /^The quotation differs from the official wording \(“重要抓手” should be “重要着力点”\)/);
    assert.ok(s.actions.includes('Restore the official wording'), s.actions.join(' | '));
    assert.ok(s.actions.includes("Turn off Tifa's misquote check for this line"), s.actions.join(' | '));
    assert.match(s.hover, /\*\*Official wording\*\*/);
    assert.match(s.hover, /Tifa built-in corpus/);
    assert.match(s.corpusProblem, /^entry 1 \(x\), “date”: a date is written 2025-03-05 or 2025-03/);
    assert.ok(
      s.details.some((d: string) => d.startsWith('quotation · 习近平')),
      s.details.join(' | '),
    );
    assert.ok(
      s.inserts.some((t: string) => t.startsWith('习近平总书记强调：“发展新质生产力')),
      s.inserts.join(' | '),
    );
  });

  for (const locale of ['zh-cn', undefined]) {
    test(`locale ${locale ?? '(none)'}: the same in Chinese`, async () => {
      const s = await seen(locale);
      assert.match(s.status, /^语料有 1 处问题，沿用上次可用的语料$|^语料已加载：\d+ 条$/);
      assert.match(s.progress, /^正在加载语料（启动）$/);
      assert.match(s.diagnostic, /^引文与官方原文不符（“重要抓手”应为“重要着力点”）/);
      assert.ok(s.actions.includes('改为官方原文'), s.actions.join(' | '));
      assert.ok(s.actions.includes('在本行停用 Tifa 的 misquote 检查'), s.actions.join(' | '));
      assert.match(s.hover, /\*\*官方原文\*\*/);
      assert.match(s.hover, /Tifa 内置语料/);
      assert.match(s.corpusProblem, /^第 1 条（x）的“日期”（date）：日期应写成 2025-03-05 或 2025-03/);
      assert.ok(
        s.details.some((d: string) => d.startsWith('引文 · 习近平')),
        s.details.join(' | '),
      );
    });
  }
});

describe('加入本单位语料 over LSP', () => {
  let lsp: LspClient;
  let root: string;
  let folder: string;
  const ready = (after: number) =>
    lsp.waitFor((n) => n.method === 'tifa/status' && n.params.state === 'ready' && lsp.notifications.indexOf(n) >= after, 30_000, 'corpus reloaded');
  const exec = (command: string, ...args: unknown[]) => lsp.request<Json>('workspace/executeCommand', { command, arguments: args }, 60_000);
  // a real sentence of the 二十届三中全会《决定》 (新华社 2024-07-21) that the built-in corpus does not list as a quotation
  const DECISION = '加强新领域新赛道制度供给，建立未来产业投入增长机制。';
  const SOURCE = { title: '《中共中央关于进一步全面深化改革、推进中国式现代化的决定》', publisher: '新华社', date: '2024-07-21' };

  before(async () => {
    root = tmpDir('add-corpus');
    folder = path.join(root, '本单位语料');
    lsp = new LspClient();
    await lsp.initialize({}, undefined, { locale: 'zh-cn' });
  });
  after(() => lsp.kill());

  test('a new corpus folder: README with a real example of every entry type (not loaded), empty starter files, valid', async () => {
    const r = await exec('tifa.server.createCorpusFolder', { path: folder });
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['README.md', 'occasions.yaml', 'quotations.yaml']);
    const readme = fs.readFileSync(path.join(folder, 'README.md'), 'utf8');
    assert.match(readme, /复制自 Tifa 内置语料/);
    for (const kind of ['terms', 'quotations', 'occasions', 'formulations', 'statistics', 'document'])
      assert.match(readme, new RegExp(`\`\`\`yaml\\n(kind: ${kind}\\n)`), kind);
    // the examples are the built-in entries with their sources
    assert.match(readme, /id: xinzhi-shengchanli/);
    assert.match(readme, /publisher: 新华社/);
    assert.match(readme, /date: "2024-01-31"/);
    const again = await exec('tifa.server.createCorpusFolder', { path: folder });
    assert.equal(again.ok, false, 'a folder with corpus files is not overwritten');
    const check = runCli(['corpus', 'check', '--corpus', folder]);
    assert.equal(check.status, 0, check.stderr);
  });

  test('the folder in the settings; a quotation added with an existing occasion: written, tested, used by the next check', async () => {
    const mark = lsp.notifications.length;
    lsp.configuration = { corpus: { paths: [folder] }, quotation: { insertStyle: 'lead' }, severity: {} };
    lsp.notify('workspace/didChangeConfiguration', { settings: {} });
    await ready(mark);
    const choices = await exec('tifa.server.corpusChoices');
    assert.deepEqual(choices.folders, [{ path: folder, exists: true }]);
    assert.ok(choices.occasions.some((o: Json) => o.id === 'plenum-20-3-decision'));
    assert.ok(choices.speakers.includes('习近平'));

    const before = lsp.notifications.length;
    const r = await exec('tifa.server.addQuotation', {
      folder,
      text: `“${DECISION}”`,
      speaker: '中共中央',
      occasion: { id: 'plenum-20-3-decision' },
      date: '2024-07-18',
      source: SOURCE,
    });
    assert.equal(r.ok, true, `${r.message} ${JSON.stringify(r.problems)}`);
    assert.equal(r.inSettings, true);
    assert.equal(r.file, path.join(folder, 'quotations.yaml'));
    const yaml = fs.readFileSync(r.file, 'utf8');
    assert.equal(yaml.split('\n')[r.line], `  - id: ${r.id}`);
    assert.ok(yaml.includes(`text: "${DECISION}"`), yaml);
    // the generated tests: the exact wording passes, a one-character change is flagged
    assert.deepEqual(r.tests.pass, [`“${DECISION}”`]);
    const flagged = r.tests.flag[0].slice(1, -1);
    assert.equal(flagged.length, DECISION.length);
    assert.equal([...flagged].filter((c, i) => c !== DECISION[i]).length, 1);
    await ready(before);

    const uri = 'file:///tmp/uses-new-entry.md';
    const text = `《决定》提出：“${flagged}”\n\n《决定》提出：“${DECISION}”\n`;
    lsp.open(uri, text);
    const diags = await lsp.diagnostics(uri, 1);
    const mis = diags.filter((d) => d.code === 'misquote');
    assert.equal(mis.length, 1, JSON.stringify(diags));
    assert.equal(mis[0].range.start.line, 0);
    assert.ok(mis[0].message.includes(DECISION.slice(0, -1)), mis[0].message);
    // and the folder passes tifa corpus check, its new entry's tests included
    const check = runCli(['corpus', 'check', '--corpus', folder, '--lang', 'en']);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /0 problem\(s\)/);
  });

  test('a quotation with a new occasion: the occasion is written beside it', async () => {
    const text = '以国家标准提升引领传统产业优化升级';
    const r = await exec('tifa.server.addQuotation', {
      folder,
      text,
      speaker: '中共中央',
      occasion: { name: '《决定》全文发布', date: '2024-07-21', type: 'publication' },
      date: '2024-07-18',
      source: SOURCE,
    });
    assert.equal(r.ok, true, `${r.message} ${JSON.stringify(r.problems)}`);
    const occasions = fs.readFileSync(path.join(folder, 'occasions.yaml'), 'utf8');
    assert.match(occasions, /name: "《决定》全文发布"/);
    assert.match(occasions, /type: publication/);
    const quotations = fs.readFileSync(path.join(folder, 'quotations.yaml'), 'utf8');
    const occasionId = /- id: (occ-[\w.-]+)/.exec(occasions)![1];
    assert.ok(quotations.includes(`occasion: ${occasionId}`), quotations);
    assert.ok(quotations.includes(DECISION), 'the first entry is kept');
    const check = runCli(['corpus', 'check', '--corpus', folder]);
    assert.equal(check.status, 0, check.stderr);
  });

  test('what cannot be added is refused with a reason, and nothing is written', async () => {
    const files = () => ['quotations.yaml', 'occasions.yaml'].map((f) => fs.readFileSync(path.join(folder, f), 'utf8'));
    const was = files();
    const base = { folder, speaker: '中共中央', occasion: { id: 'plenum-20-3-decision' }, date: '2024-07-18', source: SOURCE };
    const short = await exec('tifa.server.addQuotation', { ...base, text: '新质生产力' });
    assert.equal(short.ok, false);
    assert.match(short.message, /太短/);
    const date = await exec('tifa.server.addQuotation', { ...base, text: '健全因地制宜发展新质生产力体制机制的测试句子', date: '2024/7/18' });
    assert.equal(date.ok, false);
    assert.match(date.message, /应写成 2025-03-05 或 2025-03/);
    const known = await exec('tifa.server.addQuotation', {
      ...base,
      text: '发展新质生产力是推动高质量发展的内在要求和重要着力点，必须继续做好创新这篇大文章，推动新质生产力加快发展。',
    });
    assert.equal(known.ok, false);
    assert.match(known.message, /已有这段原文/);
    const noFolder = await exec('tifa.server.addQuotation', { ...base, folder: path.join(root, 'nope'), text: DECISION });
    assert.equal(noFolder.ok, false);
    assert.deepEqual(files(), was);
  });

  test('search results carry ids; a term is described as its hover; a corpus document is served by id for a read-only view', async () => {
    const hits = await exec('tifa.server.search', '新质生产力');
    const term = hits.find((h: Json) => h.kind === 'term');
    assert.ok(term?.id, JSON.stringify(hits.slice(0, 3)));
    const described = await exec('tifa.server.describe', { kind: 'term', id: term.id });
    assert.match(described.markdown, /官方表述|编者说明/);
    const doc = hits.find((h: Json) => h.kind === 'document');
    assert.ok(doc, 'a document hit');
    assert.doesNotMatch(doc.title, /^\d{3}-/, 'a title, not a raw id');
    const served = await exec('tifa.server.documentText', doc.id);
    assert.equal(served.id, doc.id);
    assert.ok(served.text.includes('新质生产力'));
    assert.equal(await exec('tifa.server.documentText', 'no-such-document'), null);
  });
});

test('with referenceLinks: command, hover links open corpus documents through the client’s read-only view', async () => {
  const lsp = new LspClient();
  try {
    await lsp.initialize({ referenceLinks: 'command' });
    const uri = 'file:///tmp/links.md';
    const text = '加快发展新质生产力。';
    lsp.open(uri, text);
    const hover = await lsp.request<Json>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '新质', 1) });
    const links = [...String(hover.contents.value).matchAll(/\]\((command:tifa\.openReference\?[^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 1, hover.contents.value);
    const args = JSON.parse(decodeURIComponent(links[0].slice('command:tifa.openReference?'.length)));
    assert.ok(typeof args[0].id === 'string' && Number.isInteger(args[0].line), JSON.stringify(args));
    assert.doesNotMatch(hover.contents.value, /\]\(file:/);
  } finally {
    lsp.kill();
  }
});

describe('the status item says what the corpus’s figures are current to (#13)', () => {
  const stats = () => JSON.parse(runCli(['corpus', 'stats', '--format', 'json']).stdout) as { dataAsOf: string; stale: string[] };
  const written = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number);
    return `${y}年${m}月${d}日`;
  };

  for (const [locale, line] of [
    ['zh-cn', (date: string) => `据语料，统计数据截至${date}`],
    ['en', (date: string) => `Per the corpus, statistics are current to ${date}`],
  ] as const) {
    test(`locale ${locale}: tifa/status and the status command carry dataAsOf, the stale series and a line for the tooltip`, async () => {
      const expected = stats();
      assert.match(expected.dataAsOf, /^\d{4}-\d{2}-\d{2}$/);
      const lsp = new LspClient();
      try {
        await lsp.initialize({}, undefined, { locale });
        const status = lsp.notifications.filter((n) => n.method === 'tifa/status').at(-1)!.params;
        assert.equal(status.state, 'ready');
        assert.equal(status.dataAsOf, expected.dataAsOf);
        assert.deepEqual(status.stale, expected.stale);
        const lines = (status.currency as string).split('\n');
        assert.equal(lines[0], line(written(expected.dataAsOf)));
        // the same date as the statistic messages and hovers give
        if (expected.stale.length)
          assert.match(
            lines[1],
            locale === 'en'
              ? new RegExp(`^${expected.stale.length} statistic series are due`)
              : new RegExp(`^${expected.stale.length} 个统计序列已到发布新数据的时间`),
          );
        else assert.equal(lines.length, 1);
        const command = await lsp.request<Json>('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] });
        assert.equal(command.dataAsOf, expected.dataAsOf);
        assert.equal(command.currency, status.currency);
      } finally {
        lsp.kill();
      }
    });
  }
});
