// Protocol tests: the built `tifa-lsp --stdio`, driven with LSP messages as any editor would.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspClient, positionOf } from './helpers';

describe('language server over stdio', () => {
  let lsp: LspClient;
  before(async () => {
    lsp = new LspClient();
    const init = await lsp.initialize();
    assert.equal(init.serverInfo.name, 'tifa');
    assert.ok(init.capabilities.hoverProvider);
  });
  after(() => lsp.kill());

  test('the corpus load is reported as LSP progress and as a status notification', async () => {
    assert.ok(lsp.notifications.some((n) => n.method === 'window/workDoneProgress/create'));
    const begin = lsp.notifications.find((n) => n.method === '$/progress' && n.params.value.kind === 'begin');
    assert.match(begin!.params.value.title, /Tifa/);
    await lsp.waitFor((n) => n.method === '$/progress' && n.params.value.kind === 'end', 10_000, 'progress end');
    const status = lsp.notifications.find((n) => n.method === 'tifa/status' && n.params.state === 'ready');
    assert.match(status!.params.message, /语料已加载/);
    assert.ok(status!.params.entries > 150);
  });

  test('hover on 新质生产力 shows the 2024-01-31 definition and its source', async () => {
    const uri = 'file:///tmp/hover.md';
    const text = '# 学习心得\n\n加快发展新质生产力，扎实推进高质量发展。\n';
    lsp.open(uri, text);
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '新质生产力', 2) });
    const md = hover.contents.value as string;
    assert.match(md, /创新起主导作用，摆脱传统经济增长方式、生产力发展路径/);
    assert.match(md, /本质是先进生产力/);
    assert.match(md, /习近平/);
    assert.match(md, /二十届中央政治局第十一次集体学习/);
    assert.match(md, /2024年1月31日/);
    assert.match(md, /新华社/);
    assert.deepEqual(hover.range, { start: positionOf(text, '新质生产力'), end: positionOf(text, '新质生产力', 5) });
  });

  test('a misquotation is published as a diagnostic and its quick fix restores the official wording', async () => {
    const uri = 'file:///tmp/misquote.md';
    const text = '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n';
    lsp.open(uri, text, 'markdown', 3);
    const diags = await lsp.diagnostics(uri, 3);
    const d = diags.find((x) => x.code === 'misquote');
    assert.ok(d, JSON.stringify(diags));
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'tifa');
    assert.match(d.message, /“重要抓手”应为“重要着力点”/);
    const actions = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    const edit = fix.edit.changes[uri][0];
    const lines = text.split('\n');
    const fixed = lines[0].slice(0, edit.range.start.character) + edit.newText + lines[0].slice(edit.range.end.character);
    assert.equal(fixed, '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要着力点”。');
    const disable = actions.find((a) => /停用/.test(a.title));
    assert.equal(disable.edit.changes[uri][0].newText, '<!-- tifa-disable-next-line misquote -->\n');
  });

  test('pinyin left by a mirror page in many key terms: one action removes it all (𠀀, CRLF)', async () => {
    const uri = 'file:///tmp/pinyin-all.txt';
    const text = '𠀀加快发展新質(zhì)生產(chǎn)力。\r\n提高全要素生產(chǎn)率，\r\n𠀀𠀀培育新質(zhì)生產(chǎn)力。\r\n';
    lsp.open(uri, text, 'plaintext', 1);
    const diags = (await lsp.diagnostics(uri, 1)).filter((x) => /注音/.test(x.message));
    assert.equal(diags.length, 3, JSON.stringify(diags));
    const actions = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[1].range, context: { diagnostics: [diags[1]] } });
    const all = actions.find((a) => a.title === '删去本文全部 3 处网页注音残留');
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    // apply the edits as an editor would: UTF-16 positions, from the end
    const lines = text.split('\r\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 2, 0) + p.character;
    let fixed = text;
    for (const e of [...all.edit.changes[uri]].sort((a: any, b: any) => offset(b.range.start) - offset(a.range.start))) {
      fixed = fixed.slice(0, offset(e.range.start)) + e.newText + fixed.slice(offset(e.range.end));
    }
    assert.equal(fixed, '𠀀加快发展新質生產力。\r\n提高全要素生產率，\r\n𠀀𠀀培育新質生產力。\r\n');
    // with one annotated term, its own fix is enough
    const one = 'file:///tmp/pinyin-one.txt';
    lsp.open(one, '加快发展新質(zhì)生產(chǎn)力。\n', 'plaintext', 1);
    const [d] = (await lsp.diagnostics(one, 1)).filter((x) => /注音/.test(x.message));
    const acts = await lsp.request<any[]>('textDocument/codeAction', { textDocument: { uri: one }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(acts.some((a) => a.title === '删去注音'));
    assert.ok(!acts.some((a) => /全部/.test(a.title)), acts.map((a) => a.title).join(' | '));
  });

  test('positions count UTF-16 code units: 𠀀 before a term, CRLF line breaks', async () => {
    const uri = 'file:///tmp/astral.txt';
    const text = '第一行𠀀\r\n𠀀𠀀全要素生产力的提升\r\n';
    lsp.open(uri, text, 'plaintext', 1);
    const diags = await lsp.diagnostics(uri, 1);
    const d = diags.find((x) => x.code === 'term-typo');
    assert.ok(d, JSON.stringify(diags));
    // line 1, after two astral characters (4 UTF-16 units)
    assert.deepEqual(d.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } });
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } });
    assert.equal(hover, null, 'a typo is not a term');
  });

  test('incremental edits: the last diagnostics match the final text', async () => {
    const uri = 'file:///tmp/edits.md';
    const text = '目前。\n';
    lsp.open(uri, text, 'markdown', 1);
    await lsp.diagnostics(uri, 1);
    lsp.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, text: '新质2产力' }],
    });
    const diags = await lsp.diagnostics(uri, 2);
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.character, d.range.end.character]),
      [['term-typo', 2, 7]],
    );
  });

  test('completion offers a vetted quotation by keyword, inserted with attribution', async () => {
    const uri = 'file:///tmp/complete.md';
    const text = '我们要深刻认识到，着力点';
    lsp.open(uri, text, 'markdown', 1);
    const { items } = await lsp.request<{ items: any[] }>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '着力点', 3) });
    const item = items.find((i) => i.textEdit?.newText?.includes('发展新质生产力是推动高质量发展的内在要求和重要着力点'));
    assert.ok(item, JSON.stringify(items.map((i) => i.label)));
    assert.match(item.textEdit.newText, /^习近平总书记强调：“/);
    assert.deepEqual(item.textEdit.range.start, positionOf(text, '着力点'));
    assert.match(item.documentation.value, /新华社/);
  });

  test('commands run in the server: search the corpus and report its status', async () => {
    const hits = await lsp.request<any[]>('workspace/executeCommand', { command: 'tifa.server.search', arguments: ['先质生产力形态'] });
    const doc = hits.find((h) => h.kind === 'document');
    assert.ok(doc, JSON.stringify(hits));
    assert.match(doc.uri, /^file:.*003-liaocheng-lilun\.txt$/);
    assert.match(doc.context, /【先质生产力形态】/);
    const status = await lsp.request<any>('workspace/executeCommand', { command: 'tifa.server.status', arguments: [] });
    assert.ok(status.terms >= 60 && status.quotations >= 40, JSON.stringify(status));
  });

  test('insert a quotation: the server applies the edit with attribution', async () => {
    const uri = 'file:///tmp/insert.md';
    lsp.open(uri, '开头\n', 'markdown', 1);
    const list = await lsp.request<any[]>('workspace/executeCommand', { command: 'tifa.server.listQuotations', arguments: ['zld'] });
    const q = list.find((x) => x.text.startsWith('发展新质生产力是推动高质量发展的内在要求和重要着力点'));
    assert.ok(q, JSON.stringify(list.map((x) => x.text.slice(0, 20))));
    const r = await lsp.request<any>('workspace/executeCommand', {
      command: 'tifa.server.insertQuotation',
      arguments: [{ uri, position: { line: 1, character: 0 }, id: q.id }],
    });
    assert.equal(r.applied, true);
    const edit = lsp.appliedEdits.at(-1)!.edit.changes[uri][0];
    assert.match(edit.newText, /^习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要着力点/);
  });

  test('a request for a document never opened is answered, and unknown methods get an LSP error', async () => {
    const hover = await lsp.request('textDocument/hover', { textDocument: { uri: 'file:///never-opened.md' }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    await assert.rejects(lsp.request('tifa/noSuchMethod', {}), (e: any) => e.code === -32601);
  });
});

test('the server shuts down cleanly on shutdown + exit', async () => {
  const lsp = new LspClient();
  await lsp.initialize();
  const code = await lsp.shutdown();
  assert.equal(code, 0);
});

test('tifa.severity: a value that is no severity ("warn") or a name that is no code is said in the log and ignored; the valid entries apply', async () => {
  const lsp = new LspClient();
  try {
    lsp.configuration = {
      corpus: { paths: [] },
      quotation: { insertStyle: 'lead' },
      severity: { misquote: 'warn', 'no-such-code': 'off', 'term-typo': 'hint' },
    };
    await lsp.initialize();
    const uri = 'file:///tmp/severity.md';
    lsp.open(uri, '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n\n要加快发展新质2产力。\n');
    const diags = await lsp.diagnostics(uri, 1);
    // misquote keeps its default (error), term-typo takes the valid setting (hint)
    assert.deepEqual(diags.map((d) => `${d.code} ${d.severity}`).sort(), ['misquote 1', 'term-typo 4']);
    const logs = lsp.notifications.filter((n) => n.method === 'window/logMessage').map((n) => String(n.params.message));
    assert.ok(
      logs.some((m) => /tifa\.severity 中 misquote 的值 "warn" 不是严重程度（可用：error, warning, information, hint, off）：已忽略/.test(m)),
      logs.join('\n'),
    );
    assert.ok(
      logs.some((m) => /tifa\.severity 中的 "no-such-code" 不是检查代码/.test(m)),
      logs.join('\n'),
    );
  } finally {
    lsp.kill();
  }
});
