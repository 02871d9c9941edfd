// Real-editor test of the writer-facing side (#15): VS Code (code-server 4) in Chinese, driven through
// headless Chromium. What a writer sees: the command palette in Chinese (found by typing 提法), Tifa's
// completion appearing while typing in Markdown (no Ctrl+Space), "加入本单位语料" writing an entry that the
// next check uses, an inconsistent figure with its related place in Problems, a statistic hover with its
// chart in view, and a reference document of the corpus opened read-only with nothing added to Problems.
//
//   TIFA_E2E_CACHE=… node --test test/e2e/ui.test.mjs
//
// The display language: code-server reads it from --locale and its user-data languagepacks.json, which a
// language pack extension fills in when installed. Microsoft's Chinese pack cannot be downloaded here, so
// the test writes a stand-in entry for zh-cn with no translations of VS Code's own strings: VS Code's
// chrome stays English, and everything Tifa contributes (package.nls.zh-cn.json, l10n bundle, the
// server's messages) shows as a Chinese user sees it.
//
// Env: TIFA_VSIX, TIFA_E2E_REQUIRE=1, TIFA_E2E_ARTIFACTS (as the other tests); TIFA_E2E_SCREENSHOTS=DIR
// also copies the screenshots the docs use into DIR (docs/screenshots).
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, FIXTURES, mkTmp, copyDir } from './lib/env.mjs';
import { poll, stopAll } from './lib/procs.mjs';
import { codeServerTestSetup, startCodeServer } from './lib/codeserver.mjs';
import { launchBrowser, shot, editorLines, openFile, textRect, hoverText, focusEditor, settle, STATUSBAR } from './lib/workbench.mjs';

const { vsix, skip } = codeServerTestSetup();

const DOCS = process.env.TIFA_E2E_SCREENSHOTS;
/** A screenshot into the artifacts, and (TIFA_E2E_SCREENSHOTS) into the docs under `docName`. */
async function docShot(page, name, docName) {
  const file = await shot(page, name);
  if (DOCS && docName) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS, `${docName}.png`));
  }
}

/** The stand-in zh-cn language pack entry (see the header). */
function chineseDisplayLanguage({ userData }) {
  const translations = path.join(userData, 'zh-cn-stand-in.i18n.json');
  fs.writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  fs.writeFileSync(
    path.join(userData, 'languagepacks.json'),
    JSON.stringify({
      'zh-cn': {
        hash: 'tifa-e2e-stand-in',
        label: '中文(简体)',
        extensions: [{ extensionIdentifier: { id: 'tifa-e2e.zh-cn-stand-in' }, version: '0.0.0' }],
        translations: { vscode: translations },
      },
    }),
  );
}

const QUICK_INPUT = '.quick-input-widget';
const INPUT = `${QUICK_INPUT} .quick-input-box input`;
// a real sentence of the 二十届三中全会《决定》 (新华社, 2024-07-21) that the built-in corpus does not list as a quotation
const DECISION = '加强新领域新赛道制度供给，建立未来产业投入增长机制。';

describe('Tifa in Chinese in code-server: palette, completion while typing, 加入本单位语料, hovers, reference documents', { skip, timeout: 900000 }, () => {
  let cs;
  let browser;
  let page;
  let ws;
  const consoleErrors = [];

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    ws = copyDir(path.join(FIXTURES, 'workspace'), path.join(mkTmp('ui-ws'), 'workspace'));
    fs.writeFileSync(path.join(ws, 'draft.md'), `# 学习心得\n\n《决定》提出：${DECISION}\n\n`);
    fs.writeFileSync(path.join(ws, 'stats.md'), '# 数据\n\n2024年，全社会研发经费投入强度为2.68%，创历史新高。\n');
    // made-up local figures (a test input): the corpus cannot judge them, the report contradicts itself
    fs.writeFileSync(
      path.join(ws, 'local.md'),
      '# 调研报告\n\n一、我市研发经费投入强度为2.9%，高于全省平均水平。\n\n三、创新能力。我市研发经费投入强度达到3.1%。\n',
    );
    cs = await startCodeServer({
      vsix,
      workspace: ws,
      logDir: ARTIFACTS,
      extraArgs: ['--locale', 'zh-cn'],
      prepare: chineseDisplayLanguage,
      settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'editor.quickSuggestionsDelay': 10, 'editor.hover.delay': 150 },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    page.setDefaultTimeout(30000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(cs.folderUrl(ws), { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'report.md' }).waitFor({ timeout: 60000 });
    await openFile(page, 'report.md', { timeoutMs: 60000 });
    // the server is up once the status item shows the corpus
    await page
      .locator(`${STATUSBAR} .statusbar-item`, { hasText: /Tifa \d+ 条/ })
      .first()
      .waitFor({ timeout: 90000 });
  });

  after(async () => {
    if (consoleErrors.length) fs.writeFileSync(path.join(ARTIFACTS, 'ui-browser-console-errors.txt'), consoleErrors.join('\n'));
    if (page) await shot(page, 'ui-zz-final').catch(() => {});
    await browser?.close().catch(() => {});
    await cs?.stop();
    await stopAll();
  });

  afterEach(async (t) => {
    if (page) await shot(page, `ui-after-${t.name.slice(0, 24).replace(/[^\w\u4e00-\u9fff]+/g, '_')}`).catch(() => {});
  });

  /** Opens the palette and types `>text`; resolves with the row texts shown. */
  async function palette(text, { keepSelection = false } = {}) {
    // (Escape in the editor would also drop its selection)
    if (!keepSelection) await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator(INPUT).waitFor({ state: 'visible' });
    await page.locator(INPUT).fill(`>${text}`);
    const rows = page.locator(`${QUICK_INPUT} .monaco-list-row`);
    await rows.first().waitFor({ state: 'visible' });
    return rows.allInnerTexts();
  }

  /** Waits for a quick input step whose title or prompt matches, types `value` (when given) and accepts. */
  /** @param {RegExp} matcher @param {string} [value] @param {{ pick?: string, docName?: string }} [opts] */
  async function step(matcher, value, { pick, docName } = {}) {
    const widget = page.locator(QUICK_INPUT);
    const shown = async () =>
      `${await widget.innerText().catch(() => '')}\n${await page
        .locator(INPUT)
        .getAttribute('placeholder')
        .catch(() => '')}`;
    await poll(async () => matcher.test(await shown()) && (await page.locator(INPUT).isVisible()), { timeoutMs: 30000, what: `the step ${matcher}` }).catch(
      async (e) => {
        await shot(page, `ui-failed-step-${String(matcher).replace(/\W+/g, '_').slice(0, 30)}`);
        throw new Error(`${e.message}; the quick input shows: ${await shown()}`);
      },
    );
    if (value !== undefined) await page.locator(INPUT).fill(value);
    if (pick) {
      const row = widget.locator('.monaco-list-row', { hasText: pick }).first();
      await row.waitFor({ state: 'visible' });
      if (docName) {
        await settle(page, QUICK_INPUT);
        await docShot(page, `ui-step-${docName}`, docName);
      }
      await row.click();
    } else await page.keyboard.press('Enter');
    // the next step replaces this one
    await poll(async () => !matcher.test(await shown()) || !(await widget.isVisible()), { timeoutMs: 30000, what: `the step after ${matcher}` });
  }

  it('the command palette in Chinese: typing 提法 finds every Tifa command, typing 语料 the corpus ones', async () => {
    const rows = await palette('提法');
    const text = rows.join('\n');
    for (const title of ['提法: 加入本单位语料', '提法: 搜索语料', '提法: 插入引文', '提法: 新建本单位语料文件夹', '提法: 查看语料状态'])
      assert.ok(text.includes(title), `${title} in:\n${text}`);
    await settle(page, QUICK_INPUT);
    await docShot(page, 'ui-01-palette', 'palette-zh');
    const corpusRows = (await palette('语料')).join('\n');
    assert.match(corpusRows, /加入本单位语料/);
    assert.match(corpusRows, /搜索语料/);
    await page.keyboard.press('Escape');
  });

  it('查看语料状态 says what the statistics are current to, as the status item’s tooltip does', async () => {
    await palette('查看语料状态');
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: '据语料，统计数据截至' }).first();
    await toast.waitFor({ state: 'visible', timeout: 30000 });
    const text = await toast.innerText();
    assert.match(text, /据语料，统计数据截至\d{4}年\d{1,2}月\d{1,2}日/, text);
    assert.match(text, /术语 \d+，引文 \d+/, text);
    await shot(page, 'ui-corpus-status');
    // out of the way of the next tests: the toast's own clear button
    await toast.hover();
    await toast
      .locator('.codicon-notifications-clear')
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
  });

  it('completion appears while typing in Markdown (no Ctrl+Space) and completes a quotation from its opening words', async () => {
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    // an input method commits Chinese characters as one insertion
    await page.keyboard.insertText('我们要牢记：“发展新质生产力是推动');
    const item = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: '高质量发展的内在要求和重要着力点' }).first();
    await item.waitFor({ state: 'visible', timeout: 30000 });
    await settle(page, '.suggest-widget.visible');
    await docShot(page, 'ui-02-completion-while-typing', 'completion-while-typing');
    await page.keyboard.press('Enter');
    const want = '我们要牢记：“发展新质生产力是推动高质量发展的内在要求和重要着力点';
    await poll(async () => (await editorLines(page)).some((l) => l.startsWith(want)), { timeoutMs: 15000, what: 'the rest of the quotation inserted' });
    const line = (await editorLines(page)).find((l) => l.startsWith('我们要牢记'));
    assert.equal((line.match(/发展新质生产力是推动/g) ?? []).length, 1, `typed words not doubled: ${line}`);
    assert.match(line, /”$/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Z');
    await poll(async () => !(await editorLines(page)).some((l) => l.startsWith(want)), { timeoutMs: 10000, what: 'undo' });
  });

  it('加入本单位语料: a selected sentence becomes an entry of a new corpus folder, and the next check uses it', async () => {
    await openFile(page, 'draft.md');
    const r = await poll(() => textRect(page, DECISION.slice(0, 6)), { what: 'the sentence in draft.md' });
    await page.mouse.click(r.x, r.y);
    // select the sentence on its line: from after “：” to the end of the line
    await page.keyboard.press('End');
    for (let i = 0; i < DECISION.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await palette('加入本单位语料', { keepSelection: true });
    await page.keyboard.press('Enter');
    // no corpus folder yet: Tifa offers to create one in the workspace
    await step(/语料文件夹放在哪里/, undefined, { pick: '在此工作区中新建' });
    await step(/讲话人或作者/, '中共中央', { pick: '中共中央' });
    await step(/在什么场合/, '进一步全面深化改革', { pick: '中共中央关于进一步全面深化改革、推进中国式现代化的决定', docName: 'add-to-corpus-occasion' });
    await step(/讲话或发表的日期/);
    await step(/正式刊发的文件或媒体/, '《中共中央关于进一步全面深化改革、推进中国式现代化的决定》');
    await step(/发布机构/, '新华社');
    await step(/发布日期/, '2024-07-21');
    await step(/网址/);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: '已加入本单位语料' }).first();
    await toast.waitFor({ state: 'visible', timeout: 60000 });
    await settle(page, '.notifications-toasts');
    await docShot(page, 'ui-03-added-to-corpus', 'add-to-corpus-added');
    const yaml = fs.readFileSync(path.join(ws, '本单位语料', 'quotations.yaml'), 'utf8');
    assert.ok(yaml.includes(`text: "${DECISION}"`), yaml);
    assert.match(yaml, /flag:\n\s+- text: "“/);
    const settings = JSON.parse(fs.readFileSync(path.join(ws, '.vscode', 'settings.json'), 'utf8'));
    assert.deepEqual(settings['tifa.corpus.paths'], ['本单位语料']);
    assert.ok(fs.existsSync(path.join(ws, '本单位语料', 'README.md')));

    // the next check uses it: a one-character change of the sentence, in quotation marks, is flagged
    await page.keyboard.press('Escape');
    await openFile(page, 'draft.md');
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('《决定》强调：“加强新领域新赛道制度供给，建立未来产业投资增长机制。”');
    await page.keyboard.press('Control+Shift+M');
    const marker = page.locator('.markers-panel .monaco-list-row', { hasText: '新领域新赛道' }).first();
    await marker.waitFor({ state: 'visible', timeout: 60000 });
    const text = await marker.innerText();
    assert.match(text, /“[^”]*投资[^”]*”应为“[^”]*投入[^”]*”/);
    assert.match(text, /中共中央/);
    await settle(page, '.markers-panel');
    await docShot(page, 'ui-04-new-entry-used', 'add-to-corpus-used');
    await page.keyboard.press('Control+Shift+M');
  });

  it('hovering the figure of a statistic shows its series with the chart in view', async () => {
    await openFile(page, 'stats.md');
    await page.mouse.move(5, 400);
    const r = await poll(() => textRect(page, '2.68', { lineIncludes: '研发经费' }), { what: '2.68 in stats.md' });
    let text = '';
    await poll(
      async () => {
        await page.mouse.move(r.x - 40, r.y + 60);
        await page.mouse.move(r.x, r.y, { steps: 3 });
        text = await poll(
          async () => {
            const t = await hoverText(page);
            return /研发经费投入强度/.test(t) && t;
          },
          { timeoutMs: 5000, what: 'the series hover' },
        ).catch(() => '');
        return text;
      },
      { timeoutMs: 45000, intervalMs: 100, what: 'hover on 2.68 showing 研发经费投入强度' },
    );
    assert.match(text, /2024/);
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: '研发经费投入强度' }).first();
    const img = hover.locator('img[src^="data:image/svg+xml"]').first();
    await img.waitFor({ state: 'visible' });
    await poll(() => img.evaluate((e) => e.complete && e.naturalWidth > 0), { timeoutMs: 10000, what: 'the chart image loaded' });
    const [h, c] = [await hover.boundingBox(), await img.boundingBox()];
    // the whole chart is inside the hover as first shown, without scrolling or cutting
    assert.ok(c.y >= h.y && c.y + c.height <= h.y + h.height + 1, `chart ${JSON.stringify(c)} inside hover ${JSON.stringify(h)}`);
    assert.ok(c.x >= h.x && c.x + c.width <= h.x + h.width + 1, `chart ${JSON.stringify(c)} inside hover ${JSON.stringify(h)}`);
    assert.doesNotMatch(text, /国家统计局国家统计局/);
    await settle(page, '.monaco-hover:not(.hidden)');
    await docShot(page, 'ui-05-statistic-hover', 'hover-statistic');
    await page.mouse.move(5, 400);
    await page.keyboard.press('Escape');
  });

  it('a report that gives one figure two ways: each place is in Problems with the other place as related information', async () => {
    await openFile(page, 'local.md');
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    const rows = panel.locator('.monaco-list-row', { hasText: '本文前后不一致' });
    await poll(async () => (await rows.count()) >= 2, { timeoutMs: 60000, what: 'two inconsistent findings in Problems' });
    const texts = await rows.allInnerTexts();
    assert.ok(
      texts.some((t) => /此处为“2\.9%”，另有1处为“3\.1%”/.test(t)),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => /此处为“3\.1%”，另有1处为“2\.9%”/.test(t)),
      texts.join('\n'),
    );
    // the related place is a row of its own under each finding, naming the other line of local.md
    // (VS Code writes it as local.md[Ln 5, Col 20]: 另一处：…)
    const related = panel.locator('.monaco-list-row', { hasText: /local\.md\s*\[\D*[35]\D+\d+\]\s*[:：]\s*另一处/ });
    await poll(async () => (await related.count()) >= 1, { timeoutMs: 30000, what: 'a related-information row naming the other line' });
    await settle(page, '.markers-panel');
    await docShot(page, 'ui-07-inconsistent-related', 'inconsistent-related');
    await page.keyboard.press('Control+Shift+M');
  });

  it('a link in a term hover opens the corpus document read-only at its use', async () => {
    await page.locator('.tab', { hasText: 'report.md' }).first().click();
    await page.locator('.tab.active', { hasText: 'report.md' }).waitFor();
    const r = await poll(() => textRect(page, '新质生产力', { lineIncludes: '本次调研' }), { what: '新质生产力 in report.md' });
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: '语料中共' }).first();
    await poll(
      async () => {
        await page.mouse.move(r.x - 30, r.y + 40);
        await page.mouse.move(r.x, r.y, { steps: 3 });
        return hover.waitFor({ state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 45000, intervalMs: 100, what: 'the term hover with its uses in the corpus' },
    );
    const link = hover.locator('a', { hasText: '关于新质生产力的哲学思考' }).first();
    await link.waitFor({ state: 'visible' });
    assert.doesNotMatch(await hover.innerText(), /002-xinzhi|Tifa 语料：built-in/, 'titles, not ids; the corpus named in words');
    await settle(page, '.monaco-hover:not(.hidden)');
    await docShot(page, 'ui-hover-term', 'hover-term-zh');
    await link.click();
    await poll(async () => /关于新质生产力的哲学思考/.test(await page.locator('.tab.active').innerText()), {
      timeoutMs: 30000,
      what: 'the document opened from the hover link',
    });
    await poll(async () => (await editorLines(page)).some((l) => l.includes('新质生产力')), { timeoutMs: 15000, what: 'its text' });
    await page.keyboard.press('Escape');
  });

  it('a reference document found by searching the corpus opens read-only, and nothing is added to Problems', async () => {
    await page.locator('.tab', { hasText: 'report.md' }).first().click();
    await page.locator('.tab.active', { hasText: 'report.md' }).waitFor();
    const problemsBefore = await page
      .locator(`${STATUSBAR} #status\\.problems`)
      .innerText()
      .catch(() => '');
    await palette('搜索语料');
    await page.keyboard.press('Enter');
    await step(/在语料中搜索/, '先质生产力形态');
    const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: '文献' }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    const tab = page.locator('.tab.active');
    await poll(async () => /培育新质生产力/.test(await tab.innerText()), { timeoutMs: 30000, what: 'the reference document tab' });
    await poll(async () => (await editorLines(page)).some((l) => l.includes('先质生产力')), { timeoutMs: 15000, what: 'the place of the match in view' });
    // read-only: typing changes nothing
    const before = (await editorLines(page)).join('\n');
    await focusEditor(page);
    await page.keyboard.insertText('甲乙丙');
    const after = (await editorLines(page)).join('\n');
    assert.equal(after, before, 'the reference document cannot be edited');
    // its deliberate errors (先质生产力形态) are not the writer's problems
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    assert.equal(await panel.locator('.monaco-list-row', { hasText: '培育新质生产力' }).count(), 0);
    assert.equal(await panel.locator('.monaco-list-row', { hasText: '先质' }).count(), 0);
    const problemsAfter = await page
      .locator(`${STATUSBAR} #status\\.problems`)
      .innerText()
      .catch(() => '');
    assert.equal(problemsAfter, problemsBefore);
    await settle(page, '.monaco-editor');
    await docShot(page, 'ui-06-reference-read-only', 'reference-read-only');
  });
});
