// The claims layer, as data: each sentence of fixtures/claims.yaml with the claims it makes
// (indicator, value, scope, time, modality, comparator, kind). A claim left out of a case's list must
// not be made; fields left out take their usual value (national, measurement, exact, level). Then what
// the stat messages say: what the data is current to, each official value once, and in English no
// Chinese but the official names, wording, dates and figures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { claimsOf, type Claim } from '../server/src/core/claims';
import { formatDate } from '../server/src/core/i18n';
import units from '../server/src/core/units.json';
import { builtinCorpus, findings, fixture, TODAY } from './helpers';

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
    indicator:
      c.indicator.stats
        .map((s) => s.id)
        .sort()
        .join('|') || `?${text.slice(c.indicator.start, c.indicator.end)}`,
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
  const want = c.claims.map((e) => ({
    scope: 'national',
    modality: 'measurement',
    comparator: 'exact',
    kind: 'level',
    ...e,
    indicator: e.indicator.split('|').sort().join('|'),
  }));
  assert.deepEqual(got, want);
  // offsets are the figure as written
  for (const x of claimsOf(builtinCorpus().index, c.text)) assert.equal(c.text.slice(x.start, x.end), x.text);
}

describe('claims: what each figure claims', () => {
  const cases = fixture<Case[]>('claims.yaml');
  test('the table covers every pattern', () => assert.ok(cases.length >= 60, `${cases.length}`));
  for (const c of cases) test(c.name, () => check(c));
});

describe('stat-outdated says what the data is current to', () => {
  // the newest publication of the series' values released by the document's date, worked out here from the corpus
  const cases = [
    { text: '目前我国研发经费投入强度为2.65%。', date: '2025-06-01', entry: 'rd-intensity' },
    { text: '目前我国研发经费投入强度为2.54%。', date: '2024-03-01', entry: 'rd-intensity' },
    { text: '当前高技术制造业增加值占规模以上工业增加值比重为15.7%。', date: '2026-11-22', entry: 'hightech-mfg-share' },
  ];
  for (const c of cases) {
    test(`${c.date} ${c.text}`, () => {
      const index = builtinCorpus().index;
      const stat = index.statistics.get(c.entry)!;
      const newest = stat.values
        .map((v) => v.released)
        .filter((r) => r <= c.date)
        .sort()
        .pop()!;
      const f = findings(c.text, { date: c.date }).find((x) => x.code === 'stat-outdated');
      assert.ok(f, 'expected stat-outdated');
      assert.ok(f.message.includes(`据语料（数据截至${formatDate(newest)}）`), f.message);
      // "latest" is never later than what the corpus holds as of the document's date
      assert.ok(!stat.values.some((v) => v.released > c.date && f.message.includes(`${formatDate(v.released)}发布`)), f.message);
    });
  }
});

describe('stat-mismatch says what the data is current to', () => {
  test('2025年研发经费投入强度写成2.9%', () => {
    const date = '2026-06-01';
    const stat = builtinCorpus().index.statistics.get('rd-intensity')!;
    const newest = stat.values
      .map((v) => v.released)
      .filter((r) => r <= date)
      .sort()
      .pop()!;
    const f = findings('2025年，我国研发经费投入强度为2.9%。', { date }).find((x) => x.code === 'stat-mismatch');
    assert.ok(f, 'expected stat-mismatch');
    assert.ok(f.message.includes(`（据语料，数据截至${formatDate(newest)}）`), f.message);
  });
});

describe('stat messages list each official value once', () => {
  test('a year whose value two releases give (the January release and the 统计公报): once, with the newer release', () => {
    const stat = builtinCorpus().index.statistics.get('gdp')!;
    const year = Math.max(...stat.values.map((v) => v.year));
    const ofYear = stat.values.filter((v) => v.year === year);
    // (the corpus holds the same value twice for the year: else this test proves nothing)
    assert.ok(ofYear.length >= 2 && new Set(ofYear.map((v) => v.value)).size < ofYear.length, JSON.stringify(ofYear));
    const f = findings(`${year}年，我国国内生产总值为100万亿元。`).find((x) => x.code === 'stat-mismatch');
    assert.ok(f, 'expected stat-mismatch');
    const values = [...new Set(ofYear.map((v) => v.value))];
    for (const value of values) {
      const text = `${Number((value / 10000).toFixed(6))}万亿元`;
      const newest = ofYear
        .filter((v) => v.value === value)
        .map((v) => v.released)
        .sort()
        .pop()!;
      assert.equal(f.message.split(`${text}（`).length - 1, 1, f.message);
      assert.ok(f.message.includes(`${text}（`) && f.message.includes(formatDate(newest)), f.message);
      for (const v of ofYear) if (v.value === value && v.released !== newest) assert.ok(!f.message.includes(formatDate(v.released)), f.message);
    }
    assert.equal(f.fixes.length, values.length, JSON.stringify(f.fixes));
    assert.equal(new Set(f.fixes.map((x) => x.text)).size, f.fixes.length);
  });
});

describe('stat messages in English', () => {
  const index = builtinCorpus().index;
  const UNITS = Object.values(units as Record<string, Record<string, number>>)
    .flatMap((u) => Object.keys(u))
    .filter(Boolean);
  /** What may stay Chinese in an English message: quoted words, titles, the series' names, publishers and documents, dates, figures with their units. */
  function prose(message: string): string {
    let rest = message.replace(/“[^”]*”/g, '').replace(/《[^》]*》/g, '');
    const names = [...index.statistics.values()].flatMap((s) => [s.name, ...s.values.flatMap((v) => [v.document, ...v.publisher.split('、'), v.publisher])]);
    for (const n of names.sort((a, b) => b.length - a.length)) rest = rest.split(n).join('');
    rest = rest.replace(/\d{4}年(\d{1,2}月(\d{1,2}日)?)?/g, '');
    for (const u of UNITS.sort((a, b) => b.length - a.length)) rest = rest.split(u).join('');
    return rest.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/g)?.join(' ') ?? '';
  }
  const cases = [
    // a bound among the official values (超过3.92万亿元), and the year's newest release as the source
    { text: '2025年，全社会研发经费投入为3.5万亿元。', code: 'stat-mismatch', says: 'more than 3.92万亿元' },
    // years it was the value of, and the latest value's release
    { text: '目前，我国研发经费投入强度为2.5%。', code: 'stat-outdated', says: 'it is the value for 20' },
    { text: '2025年，我国国内生产总值为130万亿元。', code: 'stat-mismatch', says: 'Official values for 2025' },
  ];
  for (const c of cases) {
    test(c.text, () => {
      const run = (locale: 'zh' | 'en') => new Checker(index).check(c.text, { markdown: false, today: TODAY, locale }).findings.find((f) => f.code === c.code);
      const en = run('en');
      const zh = run('zh');
      assert.ok(en && zh, `expected ${c.code}`);
      assert.ok(en.message.includes(c.says), en.message);
      assert.equal(prose(en.message), '', en.message);
      assert.equal(prose(en.source ?? ''), '', en.source);
      // (a fix's title names the text it writes, which is Chinese)
      for (const fix of en.fixes) assert.equal(prose(fix.title.split(fix.text).join('')), '', fix.title);
      // what a fix writes into the document, and the official wording expected, stay Chinese
      assert.deepEqual(
        en.fixes.map((x) => x.text),
        zh.fixes.map((x) => x.text),
      );
      assert.equal(en.expected, zh.expected);
      // (and the Chinese message is what it was: the bound in Chinese)
      if (c.says.startsWith('more than')) assert.ok(zh.message.includes('超过3.92万亿元'), zh.message);
    });
  }
});
