// The claims layer, as data: each sentence of fixtures/claims.yaml with the claims it makes
// (indicator, value, scope, time, modality, comparator, kind). A claim left out of a case's list must
// not be made; fields left out take their usual value (national, measurement, exact, level).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claimsOf, type Claim } from '../server/src/core/claims';
import { builtinCorpus, fixture } from './helpers';

interface Expected {
  indicator: string;
  value: string;
  time: string | number;
  scope?: string;
  modality?: string;
  comparator?: string;
  kind?: string;
}
interface Case {
  name: string;
  text: string;
  claims: Expected[];
}

function describeClaim(text: string, c: Claim): Required<Expected> {
  const t = c.time;
  return {
    indicator: c.indicator.stats.map((s) => s.id).sort().join('|') || `?${text.slice(c.indicator.start, c.indicator.end)}`,
    value: text.slice(c.start, c.end),
    time: t.kind === 'year' ? t.year : t.kind === 'uncertain' ? `uncertain:${t.why}` : t.kind,
    scope: c.scope,
    modality: c.modality,
    comparator: c.comparator,
    kind: c.kind,
  };
}

/** The one helper: the claims of a sentence, every field, against the table. */
function check(c: Case): void {
  const got = claimsOf(builtinCorpus().index, c.text).map((x) => describeClaim(c.text, x));
  const want = c.claims.map((e) => ({ scope: 'national', modality: 'measurement', comparator: 'exact', kind: 'level', ...e, indicator: e.indicator.split('|').sort().join('|') }));
  assert.deepEqual(got, want);
  // offsets are the figure as written
  for (const x of claimsOf(builtinCorpus().index, c.text)) assert.equal(c.text.slice(x.start, x.end), x.text);
}

describe('claims: what each figure claims', () => {
  const cases = fixture<Case[]>('claims.yaml');
  test('the table covers every pattern', () => assert.ok(cases.length >= 60, `${cases.length}`));
  for (const c of cases) test(c.name, () => check(c));
});
