// Mocha suite that runs INSIDE the VS Code extension host, against the Tifa extension under
// development, through VS Code's own provider commands (what the editor itself calls).
// The workspace folder is a copy of test/e2e/fixtures/workspace (report.md has a misquotation).
'use strict';
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const QUOTE = '发展新质生产力是推动高质量发展的内在要求和重要着力点';
const WRONG = '发展新质生产力是推动高质量发展的内在要求和重要抓手';

async function poll(fn, what, timeoutMs = 30000, intervalMs = 100) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

function hoverText(hovers) {
  return (hovers || [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value || ''))
    .join('\n');
}

function findTifa() {
  return vscode.extensions.all.find((e) => e.packageJSON && e.packageJSON.name === 'tifa' && !e.id.startsWith('vscode.'));
}

function wsFile(name) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function openMarkdown(name, text) {
  const uri = wsFile(name);
  if (text !== undefined) fs.writeFileSync(uri.fsPath, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc, needle, offsetInNeedle = 1) {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} is in ${path.basename(doc.uri.fsPath)}`);
  return doc.positionAt(i + offsetInNeedle);
}

suite('Tifa extension host API', function () {
  this.timeout(60000);
  let report;

  suiteSetup(async () => {
    const ext = await poll(findTifa, 'the Tifa extension to be registered', 30000);
    report = await openMarkdown('report.md');
    await poll(() => ext.isActive, 'Tifa to activate', 30000);
  });

  test('the extension is installed and active', () => {
    const ext = findTifa();
    assert.ok(ext, 'extension with package name tifa');
    assert.ok(ext.isActive);
  });

  test('hover on 新质生产力 gives the official definition with its source', async () => {
    const pos = positionOf(report, '新质生产力是本次调研', 2);
    const text = await poll(async () => {
      const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', report.uri, pos));
      return /创新起主导作用/.test(t) && t;
    }, 'a hover with 创新起主导作用');
    assert.match(text, /新华社/);
    assert.match(text, /2024/);
  });

  test('a misquotation gets a diagnostic', async () => {
    const start = report.getText().indexOf(WRONG);
    const diags = await poll(() => {
      const d = vscode.languages.getDiagnostics(report.uri).filter((x) => /tifa/i.test(String(x.source)));
      return d.length && d;
    }, 'a Tifa diagnostic on report.md');
    const hit = diags.find((d) => {
      const s = report.offsetAt(d.range.start);
      const e = report.offsetAt(d.range.end);
      return s < start + WRONG.length && e > start;
    });
    assert.ok(hit, `a diagnostic overlaps the misquotation; got ${JSON.stringify(diags.map((d) => d.message))}`);
  });

  test('its quick fix restores the official wording', async () => {
    const doc = await openMarkdown('quickfix.md', `习近平总书记强调：“${WRONG}。”\n`);
    const diag = await poll(() => vscode.languages.getDiagnostics(doc.uri).find((x) => /tifa/i.test(String(x.source))), 'a Tifa diagnostic on quickfix.md');
    const actions = await poll(async () => {
      const a = /** @type {any[]} */ (
        await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value)
      );
      return a?.length && a;
    }, 'quick fixes');
    const fix =
      actions.find((a) => a.edit && /着力点/.test(a.title + JSON.stringify(a.edit.entries().map(([, es]) => es.map((e) => e.newText))))) ||
      actions.find((a) => a.edit);
    assert.ok(fix, `a quick fix with an edit; got ${actions.map((a) => a.title).join(' | ')}`);
    const before = doc.getText();
    const described = `${fix.title} ${JSON.stringify(fix.edit.entries().map(([u, es]) => [u.toString(), es.map((e) => [e.range.start.character, e.range.end.character, e.newText])]))}`;
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments || []));
    await poll(() => doc.getText().includes(QUOTE), 'the fixed text', 5000).catch(() => {});
    assert.ok(doc.getText().includes(QUOTE), `after ${described}:\n${before}\n=>\n${doc.getText()}`);
    assert.ok(!doc.getText().includes(WRONG));
    await poll(() => !vscode.languages.getDiagnostics(doc.uri).some((x) => /tifa/i.test(String(x.source))), 'the diagnostic to clear', 15000);
  });

  test('completion on 着力点 offers the vetted quotation with attribution', async () => {
    const doc = await openMarkdown('completion.md', '## 二、下一步工作\n\n着力点');
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const item = await poll(async () => {
      const list = /** @type {any} */ (await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, end));
      return list?.items.find((i) => {
        const label = typeof i.label === 'string' ? i.label : i.label.label;
        const ins = typeof i.insertText === 'string' ? i.insertText : i.insertText?.value || '';
        return (label + ins).includes(QUOTE);
      });
    }, 'a completion item with the quotation');
    const ins =
      typeof item.insertText === 'string' ? item.insertText : item.insertText?.value || (typeof item.label === 'string' ? item.label : item.label.label);
    assert.match(ins, new RegExp(`习近平[^\\n]{0,12}：“${QUOTE}`), `insert text: ${ins}`);
  });

  test('检查 Word 文档: a .docx opens read-only with its findings, each naming its paragraph', async () => {
    // test/lib/make-docx.mjs builds the document (platform, #14)
    const { makeDocx } = await import(require('node:url').pathToFileURL(path.resolve(__dirname, '..', '..', 'lib', 'make-docx.mjs')).href);
    const docx = wsFile('报告.docx');
    fs.writeFileSync(docx.fsPath, makeDocx({ body: ['学习心得', [`习近平总书记强调：“${WRONG}”。`], { table: [['指标'], ['全要素生产力']] }] }));
    await vscode.commands.executeCommand('tifa.checkWordDocument', docx);
    const view = await poll(
      () => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.uri.scheme === 'tifa-word'),
      'the read-only view of the .docx',
    );
    assert.ok(view.getText().includes(WRONG), view.getText());
    const diags = await poll(() => {
      const d = vscode.languages.getDiagnostics(view.uri);
      return d.length >= 2 && d;
    }, 'diagnostics on the Word view');
    const mq = diags.find((d) => d.code === 'misquote');
    assert.ok(mq, JSON.stringify(diags.map((d) => d.code)));
    // the underline covers the differing words of the quotation
    assert.equal(view.getText(mq.range), '重要抓手');
    assert.match(mq.message, /（第 2 段：/);
    assert.ok(
      diags.some((d) => d.code === 'term-typo' && /第 4 段/.test(d.message)),
      'the table cell is paragraph 4',
    );
  });

  test('Tifa contributes commands', async () => {
    const cmds = await vscode.commands.getCommands(true);
    const mine = cmds.filter((c) => /^tifa\./i.test(c));
    assert.ok(mine.length > 0, 'at least one tifa.* command');
    assert.ok(mine.includes('tifa.checkWordDocument'), 'the Word command');
  });
});
