// The writer's language: every message exists in Chinese (the source of truth) and English, the core
// speaks the language it is asked for (and never mixes cached results of two), and corpus problems are
// explained in a writer's words at their file:line:column.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { DOCUMENT_TEXT_KEYS, resolveLocale, t } from '../server/src/core/i18n';
import { parseTemplates } from '../server/src/core/hover';
import { problemText } from '../server/src/corpus/explain';
import { loadCorpus } from '../server/src/corpus/load';
import { builtinCorpus, ROOT, TODAY, tmpDir } from './helpers';

const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages in Chinese and English', () => {
  const { $comment, ...entries } = JSON.parse(read('server/src/core/messages.json')) as Record<string, { zh: string; en?: string; document?: boolean }>;

  test('messages.json: every message has its Chinese and its English (whoever adds a key adds both), or is document text', () => {
    assert.match(String($comment), /zh/);
    for (const [k, v] of Object.entries(entries)) {
      assert.deepEqual(Object.keys(v).sort(), v.document ? ['document', 'zh'] : ['en', 'zh'], k);
      assert.match(v.zh.replace(/\{\w+\}/g, ''), /\p{Script=Han}|^[^A-Za-z]*$/u, `${k}: Chinese first`);
    }
  });

  test('each English message fills the same placeholders as its Chinese one (the segmenter notes, shown side by side, give the reason once)', () => {
    const sideBySide = ['segmenter.wasm', 'segmenter.none'];
    for (const [k, v] of Object.entries(entries)) {
      if (v.document) continue;
      if (sideBySide.includes(k))
        assert.deepEqual(
          placeholders(v.en ?? ''),
          placeholders(v.zh).filter((p) => p !== 'reason'),
          k,
        );
      else assert.deepEqual(placeholders(v.en ?? ''), placeholders(v.zh), k);
    }
  });

  test('text that goes into the writer’s document is Chinese in every locale', () => {
    assert.deepEqual([...DOCUMENT_TEXT_KEYS].sort(), [
      'quote.lead.other',
      'quote.lead.xi',
      'quote.plainCitation',
      'stat.fix.latest',
      'stat.rank',
      'stat.sentence',
    ]);
    for (const k of DOCUMENT_TEXT_KEYS) assert.equal(t('en', k, {}), t('zh', k, {}), k);
  });

  test('hover templates: the same sections and placeholders in hover.md and hover.en.md', () => {
    const a = parseTemplates(read('server/src/core/hover.md'));
    const b = parseTemplates(read('server/src/core/hover.en.md'));
    assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
    for (const k of Object.keys(a)) assert.deepEqual(placeholders(b[k]), placeholders(a[k]), k);
  });

  test('corpus problem texts: every one in both languages, English filling no placeholder Chinese lacks; loader patterns compile', () => {
    const data = JSON.parse(read('server/src/corpus/problems.json'));
    for (const group of ['where', 'keyword', 'pattern', 'field', 'value']) {
      for (const [k, v] of Object.entries(data[group] as Record<string, { zh: string; en: string }>)) {
        assert.ok(v.zh && v.en, `${group}.${k}`);
        // (a language may leave one out: English names a field once where Chinese gives label and key)
        for (const name of placeholders(v.en)) assert.ok(placeholders(v.zh).includes(name), `${group}.${k}: {${name}}`);
      }
    }
    for (const l of data.loader) assert.doesNotThrow(() => new RegExp(l.match), l.match);
  });

  test('the locale of a tag: English for en…, Chinese for everything else', () => {
    assert.equal(resolveLocale('en'), 'en');
    assert.equal(resolveLocale('en-US'), 'en');
    assert.equal(resolveLocale('en_GB.UTF-8'), 'en');
    assert.equal(resolveLocale('zh-cn'), 'zh');
    assert.equal(resolveLocale('zh_CN.UTF-8'), 'zh');
    assert.equal(resolveLocale('C.UTF-8'), 'zh');
    assert.equal(resolveLocale(undefined), 'zh');
    assert.equal(resolveLocale('de'), 'zh');
    assert.equal(resolveLocale('eng'), 'zh');
  });
});

describe('the core speaks the locale it is given', () => {
  const text =
    '习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重要抓手”。\n2024年，全社会研发经费投入强度为2.5%。\n目前，全社会研发经费投入强度为2.68%。\n';

  test('one checker, Chinese then English then Chinese: each result in its own language (the locale is part of the cache key)', () => {
    const checker = new Checker(builtinCorpus().index);
    const zh1 = checker.check(text, { markdown: false, today: TODAY });
    const en = checker.check(text, { markdown: false, today: TODAY, locale: 'en' });
    const zh2 = checker.check(text, { markdown: false, today: TODAY, locale: 'zh' });
    const mis = (r: typeof zh1) => r.findings.find((f) => f.code === 'misquote')!;
    assert.match(mis(zh1).message, /^引文与官方原文不符（“重要抓手”应为“重要着力点”）/);
    assert.match(mis(en).message, /^The quotation differs from the official wording \(“重要抓手” should be “重要着力点”\)/);
    // dates and sources as the corpus cites them, in every language (quick fixes write them into the document)
    assert.match(mis(en).message, /2024年1月31日/);
    assert.equal(mis(en).fixes[0].title, 'Restore the official wording');
    assert.deepEqual(
      zh2.findings.map((f) => f.message),
      zh1.findings.map((f) => f.message),
    );
    const stat = en.findings.find((f) => f.code === 'stat-mismatch');
    assert.ok(stat, JSON.stringify(en.findings.map((f) => f.code)));
    assert.match(stat.message, /is not among the official figures/);
    assert.ok(
      en.findings.some((f) => f.code === 'stat-outdated'),
      'a fix that writes a date and a source',
    );
    // the fixes insert document text: the same in both languages
    assert.deepEqual(
      en.findings.map((f) => f.fixes.map((x) => x.text)),
      zh1.findings.map((f) => f.fixes.map((x) => x.text)),
    );
  });
});

describe('corpus problems in a writer’s words', () => {
  test('a bad date, a misspelt field, a missing source and a wrong type: where and what to write, in both languages', () => {
    const dir = tmpDir('explain');
    const file = path.join(dir, 'quotations.yaml');
    fs.writeFileSync(
      file,
      [
        'kind: quotations',
        'entries:',
        '  - id: q-demo',
        '    text: 这是一段只用于测试的文字，不是任何人的原话。',
        '    speaker: 测试',
        '    occasion: plenum-20-3',
        '    date: 2025/3/5',
        '    sorce: { title: 测试, publisher: 测试, date: "2025-03" }',
        '    tests: { pass: [] }',
        '',
      ].join('\n'),
    );
    const r = loadCorpus([{ name: dir, path: dir }]);
    const mine = r.problems.filter((p) => p.file === file);
    const zh = mine.map((p) => `${p.line}:${p.column} ${problemText(p, 'zh')}`);
    const en = mine.map((p) => `${p.line}:${p.column} ${problemText(p, 'en')}`);
    assert.ok(zh.includes('7:11 第 1 条（q-demo）的“日期”（date）：日期应写成 2025-03-05 或 2025-03（用英文引号括起来），这里写的是“2025/3/5”'), zh.join('\n'));
    assert.ok(zh.includes('8:5 第 1 条（q-demo）有不认识的字段“sorce”，是不是“source”？'), zh.join('\n'));
    assert.ok(zh.includes('3:5 第 1 条（q-demo）缺少“出处”（source:）'), zh.join('\n'));
    assert.ok(en.includes('7:11 entry 1 (q-demo), “date”: a date is written 2025-03-05 or 2025-03 (in quotes) (here: “2025/3/5”)'), en.join('\n'));
    assert.ok(en.includes("8:5 entry 1 (q-demo): unknown property 'sorce' (did you mean 'source'?)"), en.join('\n'));
    // nothing of ajv's wording reaches the writer
    for (const s of [...zh, ...en]) assert.doesNotMatch(s, /must match pattern|must have required property|\^\\d/);
  });

  test('the loader’s own messages are translated by pattern; an unknown one is shown as it is', () => {
    assert.equal(problemText({ message: 'corpus folder does not exist' }, 'zh'), '语料文件夹不存在（请检查设置 tifa.corpus.paths）');
    assert.equal(problemText({ message: "duplicate id 'a' (terms); first defined at /x.yaml:3" }, 'zh'), '编号“a”重复（terms）；第一次出现在 /x.yaml:3');
    assert.equal(problemText({ message: 'corpus folder does not exist' }, 'en'), 'corpus folder does not exist');
    assert.equal(problemText({ message: 'something new' }, 'zh'), 'something new');
  });
});
