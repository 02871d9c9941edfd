// Every corpus entry carries its own tests (as prh dictionaries do): texts it must flag and texts it
// must leave alone. This runs them against the whole knowledge base.
import { checkText } from './check';
import { dataAsOf as statisticsDataAsOf } from './rules/statistics';
import type { KnowledgeIndex } from './index';
import type { Code, EntryTests, Origin } from './types';

export interface EntryTestFailure {
  entry: string;
  kind: string;
  origin: Origin;
  text: string;
  expected: string;
  got: string;
}

const DEFAULT_CODE: Record<string, Code> = {
  terms: 'term-typo',
  quotations: 'misquote',
  formulations: 'nonstandard-formulation',
  statistics: 'stat-mismatch',
  occasions: 'misattribution',
};

export function runEntryTests(index: KnowledgeIndex, today: string): { run: number; failures: EntryTestFailure[] } {
  const k = index.knowledge;
  const groups: Array<{ kind: string; id: string; origin: Origin; tests: EntryTests; code?: Code }> = [
    ...k.terms.map((e) => ({ kind: 'terms', id: e.id, origin: e.origin, tests: e.tests })),
    ...k.quotations.map((e) => ({ kind: 'quotations', id: e.id, origin: e.origin, tests: e.tests })),
    ...k.formulations.map((e) => ({ kind: 'formulations', id: e.id, origin: e.origin, tests: e.tests, code: e.code })),
    ...k.statistics.map((e) => ({ kind: 'statistics', id: e.id, origin: e.origin, tests: e.tests })),
    ...k.occasions.map((e) => ({ kind: 'occasions', id: e.id, origin: e.origin, tests: e.tests })),
  ];
  const failures: EntryTestFailure[] = [];
  let run = 0;
  for (const g of groups) {
    for (const t of g.tests.flag) {
      run++;
      const code = t.code ?? g.code ?? DEFAULT_CODE[g.kind];
      const result = checkText(index, t.text, { markdown: false, today: t.date ?? today });
      if (!result.findings.some((f) => f.code === code && (f.entry === g.id || f.group?.includes(g.id)))) {
        failures.push({
          entry: g.id,
          kind: g.kind,
          origin: g.origin,
          text: t.text,
          expected: `${code} from ${g.id}`,
          got: result.findings.map((f) => `${f.code}(${f.entry})`).join(', ') || 'nothing',
        });
      }
    }
    for (const t of g.tests.pass) {
      run++;
      const result = checkText(index, t.text, { markdown: false, today: t.date ?? today });
      const bad = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      if (bad.length) {
        failures.push({
          entry: g.id,
          kind: g.kind,
          origin: g.origin,
          text: t.text,
          expected: 'no warning or error',
          got: bad.map((f) => `${f.code}(${f.entry}): ${f.message}`).join(' | '),
        });
      }
    }
  }
  return { run, failures };
}

export function corpusStats(index: KnowledgeIndex): Record<string, number> {
  const k = index.knowledge;
  const entries = [...k.terms, ...k.quotations, ...k.statistics, ...k.occasions, ...k.formulations];
  const sourced =
    k.terms.filter((t) => t.definition.source).length +
    k.quotations.filter((q) => q.source).length +
    k.statistics.filter((s) => s.source && s.values.every((v) => v.publisher && v.document && v.released)).length +
    k.occasions.filter((o) => o.source).length +
    k.formulations.filter((f) => f.source).length;
  const entryTests = entries.reduce((n, e) => n + e.tests.flag.length + e.tests.pass.length, 0);
  return {
    documents: k.documents.length,
    terms: k.terms.length,
    quotations: k.quotations.length,
    statistics: k.statistics.length,
    occasions: k.occasions.length,
    formulations: k.formulations.length,
    entries: entries.length,
    sourced,
    entryTests,
  };
}

/** A statistic series whose next release is due (as of a date) and not yet in the corpus. */
export interface StaleSeries {
  id: string;
  name: string;
  origin: Origin;
  /** when the next release was due */
  due: string;
  /** the newest release date stored for the series */
  latest: string;
}

/** Compares two corpus dates at the precision of the coarser one ("2026-09" and "2026-09-30" are the same month). */
function onOrAfter(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) >= b.slice(0, n);
}

/**
 * Series whose `next_release` has come (on or before `today`) while no value released on or after
 * that date is stored: the corpus is behind the official releases for them.
 */
export function staleSeries(index: KnowledgeIndex, today: string): StaleSeries[] {
  const out: StaleSeries[] = [];
  for (const s of index.knowledge.statistics) {
    if (!s.nextRelease || !onOrAfter(today, s.nextRelease)) continue;
    if (s.values.some((v) => onOrAfter(v.released, s.nextRelease!))) continue;
    const latest = s.values.reduce((a, v) => (v.released > a ? v.released : a), '');
    out.push({ id: s.id, name: s.name, origin: s.origin, due: s.nextRelease, latest });
  }
  return out;
}

/** The newest release date of any statistic value in the corpus: what the data is current to (as the stat messages say it). */
export function dataAsOf(index: KnowledgeIndex): string | undefined {
  return statisticsDataAsOf(index.knowledge.statistics);
}
