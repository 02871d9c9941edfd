// Data-driven feature tests on the core: hover and completion fixtures (cursor marked with $0).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { complete } from '../server/src/core/complete';
import { hoverAt } from '../server/src/core/hover';
import { builtinCorpus, cursor, fixture, TODAY } from './helpers';

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
}

describe('hover', () => {
  for (const c of fixture<HoverCase[]>('hover.yaml')) test(c.name, () => checkHover(c));
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
