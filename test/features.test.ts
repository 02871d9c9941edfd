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
  contains?: string[];
  none?: boolean;
}

function checkHover(c: HoverCase): void {
  const { text, offset } = cursor(c.text);
  const index = builtinCorpus().index;
  const result = new Checker(index).check(text, { markdown: c.markdown ?? false, today: TODAY });
  const h = hoverAt(index, result, offset);
  if (c.none) {
    assert.equal(h, undefined, `expected no hover, got: ${h?.markdown.slice(0, 80)}`);
    return;
  }
  assert.ok(h, 'expected a hover');
  assert.ok(h.start <= offset && offset <= h.end);
  for (const s of c.contains ?? []) assert.ok(h.markdown.includes(s), `hover lacks “${s}”:\n${h.markdown}`);
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
}

function checkCompletion(c: CompletionCase): void {
  const { text, offset } = cursor(c.text);
  const items = complete(builtinCorpus().index, text, offset, { style: c.style ?? 'lead', markdown: c.markdown ?? false, today: TODAY });
  const labels = items.map((i) => i.label);
  for (const l of c.labels ?? []) assert.ok(labels.includes(l), `no “${l}” in ${JSON.stringify(labels)}`);
  for (const ins of c.inserts ?? []) {
    const item = items.find((i) => i.insertText.startsWith(ins));
    assert.ok(item, `no insert starting “${ins}” in ${JSON.stringify(items.map((i) => i.insertText))}`);
    assert.ok(item.start <= offset && item.end === offset);
    for (const a of c.additional ?? []) assert.ok(item.additionalEdits.some((e) => e.text.includes(a)), `no additional edit “${a}”: ${JSON.stringify(item.additionalEdits)}`);
  }
  for (const l of c.absent ?? []) assert.ok(!labels.includes(l) && !items.some((i) => i.insertText.includes(l)), `“${l}” offered`);
}

describe('completion', () => {
  for (const c of fixture<CompletionCase[]>('completion.yaml')) test(c.name, () => checkCompletion(c));
});
