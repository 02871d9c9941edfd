// Playwright helpers for the VS Code web workbench served by code-server.
import path from 'node:path';
import fs from 'node:fs';
import { CHROMIUM, CHROMIUM_ARGS, ARTIFACTS, requireTool } from './env.mjs';
import { poll } from './procs.mjs';

export async function launchBrowser() {
  const { chromium } = requireTool('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60000 });
}

export async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export const STATUSBAR = '#workbench\\.parts\\.statusbar';
export const EDITOR = '.editor-instance .monaco-editor';

/** Visible editor lines of the active editor, top to bottom (non-breaking spaces normalised). */
export async function editorLines(page) {
  return page.$$eval(`.editor-group-container.active ${EDITOR} .view-lines .view-line`, (els) =>
    els
      .map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** Quick Open (Ctrl+P) a file by name and wait until its editor has rendered text. */
export async function openFile(page, name, { timeoutMs = 30000 } = {}) {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 5, y: 5 } })
    .catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active:has-text("${name}")`).waitFor({ timeout: timeoutMs });
  await poll(async () => (await editorLines(page)).some((l) => l.trim()), { timeoutMs, what: `editor text of ${name}` });
}

/** Screen rectangle of `needle` (its middle character) in the first rendered editor line containing it. */
/** @param {any} page @param {string} needle @param {{ lineIncludes?: string }} [opts] */
export async function textRect(page, needle, { lineIncludes } = {}) {
  return page.evaluate(
    ({ needle, lineIncludes, sel }) => {
      const lines = [...document.querySelectorAll(sel)];
      for (const line of lines) {
        const lt = line.textContent;
        if (!lt.includes(needle) || (lineIncludes && !lt.includes(lineIncludes))) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = /** @type {Text} */ (n).data.indexOf(needle);
          if (i < 0) continue;
          const r = document.createRange();
          const mid = i + Math.floor(needle.length / 2);
          r.setStart(n, mid);
          r.setEnd(n, mid + 1);
          const b = r.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        }
      }
      return null;
    },
    { needle, lineIncludes, sel: `.editor-group-container.active ${EDITOR} .view-lines .view-line` },
  );
}

/** Text of all visible hover widgets. */
export async function hoverText(page) {
  return page.$$eval('.monaco-hover:not(.hidden)', (els) =>
    els
      .filter((e) => e.getBoundingClientRect().height > 0)
      .map((e) => e.innerText)
      .join('\n'),
  );
}

/** Runs a command through the command palette (F1), matched by its title. */
export async function runCommand(page, title, { timeoutMs = 15000 } = {}) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** Click into the active editor's text (a real click, so the editor's input element has focus). */
export async function focusEditor(page) {
  const lines = page.locator(`.editor-group-container.active ${EDITOR} .view-lines`).first();
  await lines.click({ position: { x: 5, y: 5 } });
  await poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), { timeoutMs: 5000, what: 'editor focus' });
}

/** Wait (bounded) until the widget matched by `selector` has no running CSS animations (fade-ins). */
export async function settle(page, selector, timeoutMs = 3000) {
  await poll(
    () =>
      page.evaluate(
        (sel) => [...document.querySelectorAll(sel)].every((e) => e.getAnimations({ subtree: true }).every((a) => a.playState !== 'running')),
        selector,
      ),
    { timeoutMs, intervalMs: 50, what: `${selector} to settle` },
  ).catch(() => {});
}
