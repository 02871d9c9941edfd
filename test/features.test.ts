// Data-driven feature tests on the core: hover and completion fixtures (cursor marked with $0). Each hover
// is also compared whole with its snapshot in test/snapshots/hover.md (TIFA_UPDATE_SNAPSHOTS=1 rewrites it:
// review the change in the diff).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { complete } from '../server/src/core/complete';
import { hoverAt } from '../server/src/core/hover';
import { pathToUri } from '../server/src/io/paths';
import { builtinCorpus, cursor, fixture, ROOT, TODAY } from './helpers';

interface HoverCase {
  name: string;
  text: string;
  markdown?: boolean;
  locale?: 'zh' | 'en';
  contains?: string[];
  absent?: string[];
  /** the text the hover is for */
  span?: string;
  none?: boolean;
}

const SNAPSHOTS = path.join(ROOT, 'test', 'snapshots', 'hover.md');
const UPDATE = process.env.TIFA_UPDATE_SNAPSHOTS === '1';
const SNAPSHOT_HEAD =
  '# Hover snapshots: what each case of test/fixtures/hover.yaml that has a hover shows, whole (charts as their SVG).\n' +
  '# Written by `TIFA_UPDATE_SNAPSHOTS=1 npm test` (test/features.test.ts); a change here is a change a writer sees.\n';

/** The snapshot file's sections: case name → text. */
function readSnapshots(): Map<string, string> {
  const text = fs.existsSync(SNAPSHOTS) ? fs.readFileSync(SNAPSHOTS, 'utf8') : '';
  const out = new Map<string, string>();
  for (const part of text.split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n');
    out.set(part.slice(0, nl), part.slice(nl + 1).replace(/\n+$/, ''));
  }
  return out;
}

/**
 * A hover as its snapshot shows it: the text it is for, and the markdown with each chart's SVG written out
 * and the checkout's own place in links to corpus documents written as file:///ROOT.
 */
function snapshotOf(text: string, h: { markdown: string; start: number; end: number }): string {
  const md = h.markdown
    .split(pathToUri(ROOT))
    .join('file:///ROOT')
    .replace(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g, (_, b64: string) => `data:image/svg+xml;utf8,${Buffer.from(b64, 'base64').toString('utf8')}`);
  return `\nfor: 「${text.slice(h.start, h.end)}」\n\n~~~~markdown\n${md}\n~~~~`;
}

const snapshots = readSnapshots();
const written = new Map<string, string>();

function checkHover(c: HoverCase): void {
  const { text, offset } = cursor(c.text);
  const index = builtinCorpus().index;
  const result = new Checker(index).check(text, { markdown: c.markdown ?? false, today: TODAY, locale: c.locale });
  const h = hoverAt(index, result, offset, { locale: c.locale, text });
  if (c.none) {
    assert.equal(h, undefined, `expected no hover, got: ${h?.markdown.slice(0, 80)}`);
    return;
  }
  assert.ok(h, 'expected a hover');
  assert.ok(h.start <= offset && offset <= h.end);
  for (const s of c.contains ?? []) assert.ok(h.markdown.includes(s), `hover lacks “${s}”:\n${h.markdown}`);
  for (const s of c.absent ?? []) assert.ok(!h.markdown.includes(s), `hover has “${s}”:\n${h.markdown}`);
  if (c.span !== undefined) assert.equal(text.slice(h.start, h.end), c.span);
  const snap = snapshotOf(text, h);
  written.set(c.name, snap);
  if (!UPDATE)
    assert.equal(snap, snapshots.get(c.name), `the hover differs from its snapshot in test/snapshots/hover.md (TIFA_UPDATE_SNAPSHOTS=1 npm test rewrites it)`);
}

describe('hover', () => {
  const cases = fixture<HoverCase[]>('hover.yaml');
  for (const c of cases) test(c.name, () => checkHover(c));
  test('every snapshot belongs to a case that has a hover', () => {
    if (UPDATE) return;
    const shown = cases.filter((c) => !c.none).map((c) => c.name);
    assert.deepEqual([...snapshots.keys()].sort(), shown.sort());
  });
  after(() => {
    if (!UPDATE) return;
    fs.mkdirSync(path.dirname(SNAPSHOTS), { recursive: true });
    const body = cases.filter((c) => written.has(c.name)).map((c) => `## ${c.name}\n${written.get(c.name)}\n`);
    fs.writeFileSync(SNAPSHOTS, `${SNAPSHOT_HEAD}\n${body.join('\n')}`);
  });
});

interface CompletionCase {
  name: string;
  text: string;
  markdown?: boolean;
  style?: 'lead' | 'footnote';
  labels?: string[];
  inserts?: string[];
  additional?: string[];
  absent?: string[];
  locale?: 'zh' | 'en';
  /** details that must be offered */
  details?: string[];
  /** the text after accepting the first item offered (its edit and additional edits applied) */
  applied?: string;
}

function checkCompletion(c: CompletionCase): void {
  const { text, offset } = cursor(c.text);
  const items = complete(builtinCorpus().index, text, offset, { style: c.style ?? 'lead', markdown: c.markdown ?? false, today: TODAY, locale: c.locale });
  const labels = items.map((i) => i.label);
  for (const l of c.labels ?? []) assert.ok(labels.includes(l), `no “${l}” in ${JSON.stringify(labels)}`);
  for (const ins of c.inserts ?? []) {
    const item = items.find((i) => i.insertText.startsWith(ins));
    assert.ok(item, `no insert starting “${ins}” in ${JSON.stringify(items.map((i) => i.insertText))}`);
    assert.ok(item.start <= offset && item.end === offset);
    for (const a of c.additional ?? [])
      assert.ok(
        item.additionalEdits.some((e) => e.text.includes(a)),
        `no additional edit “${a}”: ${JSON.stringify(item.additionalEdits)}`,
      );
  }
  for (const l of c.absent ?? []) assert.ok(!labels.includes(l) && !items.some((i) => i.insertText.includes(l)), `“${l}” offered`);
  for (const d of c.details ?? [])
    assert.ok(
      items.some((i) => i.detail === d),
      `no detail “${d}” in ${JSON.stringify(items.map((i) => i.detail))}`,
    );
  if (c.applied !== undefined) {
    const first = [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0))[0];
    assert.ok(first, 'nothing offered');
    const edits = [{ start: first.start, end: first.end, text: first.insertText }, ...first.additionalEdits].sort((a, b) => b.start - a.start);
    let out = text;
    for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    assert.equal(out, c.applied);
  }
}

describe('completion', () => {
  for (const c of fixture<CompletionCase[]>('completion.yaml')) test(c.name, () => checkCompletion(c));
});
