// Real-editor test: the packaged extension (.vsix) in a real VS Code (code-server 4, VS Code 1.139)
// driven through headless Chromium by playwright-core. Checks what a user sees.
//
//   bash scripts/e2e/setup.sh && npm run package && node --test test/e2e/code-server.test.mjs
//
// Env: TIFA_VSIX (default: newest tifa-*.vsix at the repo root), TIFA_E2E_REQUIRE=1 (fail instead
// of skip when prerequisites or the .vsix are missing), TIFA_E2E_ARTIFACTS (screenshot folder).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, FIXTURES, mkTmp, copyDir } from './lib/env.mjs';
import { poll, stopAll } from './lib/procs.mjs';
import { codeServerTestSetup, startCodeServer } from './lib/codeserver.mjs';
import { launchBrowser, shot, editorLines, openFile, textRect, hoverText, focusEditor, settle, STATUSBAR } from './lib/workbench.mjs';

const QUOTE = '发展新质生产力是推动高质量发展的内在要求和重要着力点';
const WRONG = '发展新质生产力是推动高质量发展的内在要求和重要抓手';
const FILE = 'report.md';

const { vsix, skip } = codeServerTestSetup();

describe('Tifa in code-server (VS Code web) via Chromium', { skip, timeout: 600000 }, () => {
  let cs;
  let browser;
  let page;
  let ws;
  const consoleErrors = [];
  const diskText = () => fs.readFileSync(path.join(ws, FILE), 'utf8');

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ws = copyDir(path.join(FIXTURES, 'workspace'), path.join(mkTmp('ws'), 'workspace'));
    cs = await startCodeServer({ vsix, workspace: ws, logDir: ARTIFACTS, settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(30000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(cs.folderUrl(ws), { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).waitFor({ timeout: 60000 });
    await openFile(page, FILE, { timeoutMs: 60000 });
  });

  after(async () => {
    if (consoleErrors.length) fs.writeFileSync(path.join(ARTIFACTS, 'browser-console-errors.txt'), consoleErrors.join('\n'));
    if (page) await shot(page, 'zz-final').catch(() => {});
    await browser?.close().catch(() => {});
    await cs?.stop();
    await stopAll();
  });

  it('shows the Tifa status bar item with the corpus', async () => {
    const item = page.locator(`${STATUSBAR} .statusbar-item`, { hasText: 'Tifa' }).first();
    await item.waitFor({ state: 'visible', timeout: 60000 });
    const text = (await item.innerText()).trim();
    assert.match(text, /Tifa/);
    await shot(page, '01-status-bar');
  });

  it('hovering 新质生产力 shows the official definition and its source', async () => {
    const rect = await poll(() => textRect(page, '新质生产力', { lineIncludes: '本次调研' }), { what: '新质生产力 in the editor' });
    let text = '';
    // Move onto the word; if the hover does not come (a mouse move swallowed while the extension
    // host was still starting), nudge the mouse and try again, within a bounded total time.
    await poll(
      async () => {
        await page.mouse.move(rect.x - 30, rect.y + 40);
        await page.mouse.move(rect.x, rect.y, { steps: 3 });
        text = await poll(
          async () => {
            const t = await hoverText(page);
            return /创新起主导作用/.test(t) && t;
          },
          { timeoutMs: 5000, what: 'hover with the definition' },
        ).catch(() => '');
        return text;
      },
      { timeoutMs: 45000, intervalMs: 100, what: 'hover on 新质生产力 showing 创新起主导作用' },
    );
    assert.match(text, /创新起主导作用/);
    assert.match(text, /新华社/);
    assert.match(text, /2024/);
    await settle(page, '.monaco-hover:not(.hidden)');
    await shot(page, '02-hover-definition');
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');
  });

  it('completion on 着力点 offers the vetted quotation and inserts it with attribution', async () => {
    await page.keyboard.press('Escape');
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('着力点');
    await poll(async () => (await editorLines(page)).some((l) => l === '着力点'), { timeoutMs: 10000, what: 'typed keyword' });
    const item = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: '内在要求和重要着力点' }).first();
    await poll(
      async () => {
        if (await item.isVisible()) return true;
        await page.keyboard.press('Control+Space');
        return item.waitFor({ state: 'visible', timeout: 3000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 45000, intervalMs: 100, what: 'suggestion with the quotation' },
    );
    await settle(page, '.suggest-widget.visible');
    await shot(page, '05-completion');
    await item.click();
    const want = new RegExp(`习近平[^\\n]{0,12}强调：“${QUOTE}`);
    await poll(async () => want.test((await editorLines(page)).join('\n')), { timeoutMs: 15000, what: 'inserted quotation' });
    await page.keyboard.press('Escape');
    await shot(page, '06-completion-inserted');
    await page.keyboard.press('Control+S');
    await poll(() => want.test(diskText()), { timeoutMs: 15000, what: 'saved quotation on disk' });
    assert.doesNotMatch(diskText(), /^着力点$/m);
  });
  it('lists the misquotation in the Problems panel and its quick fix restores the official wording', async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    // a marker row (not the file row) whose source is Tifa
    const markerRow = panel.locator('.monaco-list-row', { has: page.locator('.marker-source', { hasText: /tifa/i }) }).first();
    await markerRow.waitFor({ state: 'visible', timeout: 60000 });
    const rowText = await markerRow.innerText();
    await shot(page, '03-problems-panel');

    // Select the problem (reveals it in the editor), click into the misquoted words, Ctrl+. for quick fixes.
    await markerRow.click();
    const r = await textRect(page, '抓手');
    assert.ok(r, `the misquotation is visible in the editor (problem: ${rowText})`);
    await page.mouse.click(r.x, r.y);
    await page.keyboard.press('Control+.');
    const widget = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    await widget.waitFor({ state: 'visible', timeout: 15000 });
    const rows = widget.locator('.monaco-list-row.action');
    await rows.first().waitFor({ state: 'visible', timeout: 15000 });
    // the fix that names the official wording, else one that says it restores the original, else the first
    const titles = await rows.allInnerTexts();
    let idx = titles.findIndex((t) => t.includes('着力点'));
    if (idx < 0) idx = titles.findIndex((t) => /原文|原话|改为|替换|更正|修正/.test(t));
    const fix = rows.nth(Math.max(idx, 0));
    await settle(page, '.action-widget');
    await shot(page, '04-quick-fix');
    await fix.click();
    await poll(
      async () => {
        const l = (await editorLines(page)).join('\n');
        return !l.includes(WRONG);
      },
      { timeoutMs: 15000, what: `the quick fix (${titles.join(' | ')}) to change the misquotation` },
    );
    const fixed = (await editorLines(page)).find((l) => l.startsWith('习近平总书记强调'));
    assert.ok(fixed.includes(`“${QUOTE}`), `quick fix "${titles[Math.max(idx, 0)]}" should restore the official wording; line is now: ${fixed}`);
    await page.keyboard.press('Control+S');
    await poll(() => diskText().includes(QUOTE) && !diskText().includes(WRONG), { timeoutMs: 15000, what: 'saved fix on disk' });
    // and the problem goes away
    await markerRow.waitFor({ state: 'detached', timeout: 30000 });
  });
});
