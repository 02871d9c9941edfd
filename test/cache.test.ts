// Where a corpus comes from at start-up, driven through the built CLI: the index prebuilt with Tifa
// for the built-in corpus (dist/builtin-corpus.json), the on-disk cache for user corpora, or the
// files themselves. Whichever it is, the findings must be those of a full load, and any change to a
// corpus file must be seen at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Checker } from '../server/src/core/check';
import { problemText } from '../server/src/corpus/explain';
import { loadCorpus } from '../server/src/corpus/load';
import { builtinCorpusPath, openCorpus } from '../server/src/corpus/open';
import { builtinCorpus, CLI, findings, ROOT, TODAY, tmpDir } from './helpers';

/** Runs a tifa CLI bundle with its own cache setting. */
function tifa(cli: string, args: string[], cacheDir: string) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TIFA_TODAY: TODAY, TIFA_CACHE_DIR: cacheDir },
    timeout: 60_000,
  });
  if (r.status === null || r.status > 1) throw new Error(`tifa ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

function loadedFrom(cli: string, cacheDir: string, extra: string[] = []): string {
  return JSON.parse(tifa(cli, ['corpus', 'stats', '--format', 'json', ...extra], cacheDir).stdout).loadedFrom;
}

interface JsonFinding {
  code: string;
  message: string;
  offset: { start: number; end: number };
  fixes: Array<{ text: string }>;
}
function checkJson(cli: string, file: string, cacheDir: string, extra: string[] = []): JsonFinding[] {
  return JSON.parse(tifa(cli, ['check', '--format', 'json', ...extra, file], cacheDir).stdout).files[0].diagnostics;
}

const TEXT = [
  '各地要把提高全要素生产力作为重要抓手，加快发展新质生产力。',
  '习近平总书记指出：“新质生产力是创新起主导作用，摆脱传统经济增长方式、生产力发展路径的先进生产力质态。”',
  '我们要以科技创新引领现代化产业体系建设。',
].join('\n\n');

/** A formulations file of test entries (made up for the test; the source says so). */
function formulations(...entries: Array<{ id: string; right: string; wrong: string; reason: string; code?: string }>): string {
  const item = (e: (typeof entries)[number]) =>
    [
      `  - id: ${e.id}`,
      `    right: ${e.right}`,
      `    wrong: [${e.wrong}]`,
      '    status: wrong',
      ...(e.code ? [`    code: ${e.code}`] : []),
      `    reason: ${e.reason}`,
      `    ${SOURCE}`,
    ].join('\n');
  return `kind: formulations\nentries:\n${entries.map(item).join('\n')}\n`;
}
const SOURCE = 'source: { title: 《测试文件》, publisher: 测试单位, date: "2024-01-01" }';

/** A copy of the installed package's runtime files (dist/ and corpus/) in a new place. */
function installCopy(): { cli: string; corpus: string } {
  const dir = tmpDir('install');
  fs.cpSync(path.join(ROOT, 'corpus'), path.join(dir, 'corpus'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist'));
  for (const f of fs.readdirSync(path.join(ROOT, 'dist'))) {
    if (/\.(map)$/.test(f) || f === 'client.js') continue;
    fs.cpSync(path.join(ROOT, 'dist', f), path.join(dir, 'dist', f), { recursive: true });
  }
  return { cli: path.join(dir, 'dist', 'cli.js'), corpus: path.join(dir, 'corpus') };
}

describe('the prebuilt index of the built-in corpus', () => {
  const textFile = path.join(tmpDir('prebuilt-text'), 'draft.txt');
  fs.writeFileSync(textFile, TEXT);

  test('is shipped, used with no cache at all, and gives the findings of a full load', () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'builtin-corpus.json')), 'the build writes dist/builtin-corpus.json');
    assert.equal(loadedFrom(CLI, 'off'), 'prebuilt');
    const got = checkJson(CLI, textFile, 'off');
    // in process, the test bundle has no prebuilt index beside it: this is a load from the files
    assert.notEqual(builtinCorpus().from, 'prebuilt');
    const want = findings(TEXT);
    assert.deepEqual(
      got.map((f) => [f.code, f.offset.start, f.offset.end, f.message, f.fixes.map((x) => x.text)]),
      want.map((f) => [f.code, f.start, f.end, f.message, f.fixes.map((x) => x.text)]),
    );
    assert.ok(
      got.some((f) => f.code === 'term-typo' && f.fixes[0]?.text === '全要素生产率'),
      JSON.stringify(got),
    );
  });

  test('still applies when the package is installed elsewhere, and not once a corpus file changes', () => {
    const base = checkJson(CLI, textFile, 'off');
    const copy = installCopy();
    assert.equal(loadedFrom(copy.cli, 'off'), 'prebuilt');
    assert.deepEqual(checkJson(copy.cli, textFile, 'off'), base);
    // a change that does not alter any entry still means a load from the files
    fs.appendFileSync(path.join(copy.corpus, 'kb', 'terms.yaml'), '\n# a comment added after installing\n');
    assert.equal(loadedFrom(copy.cli, 'off'), 'files');
    assert.deepEqual(checkJson(copy.cli, textFile, 'off'), base);
    // a change that does: the formulation is gone, and so is its finding
    const f = path.join(copy.corpus, 'kb', 'formulations.yaml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('wrong: [全要素生产力]', 'wrong: [全要素生产量]'));
    assert.equal(loadedFrom(copy.cli, 'off'), 'files');
    const after = checkJson(copy.cli, textFile, 'off');
    assert.ok(!after.some((x) => x.fixes[0]?.text === '全要素生产率'), JSON.stringify(after));
    assert.equal(after.length, base.length - 1);
  });

  test('a file added to the built-in corpus folder also means a load from the files', () => {
    const copy = installCopy();
    fs.writeFileSync(path.join(copy.corpus, 'kb', 'extra.yaml'), 'kind: terms\nentries: []\n');
    assert.equal(loadedFrom(copy.cli, 'off'), 'files');
  });
});

describe('the on-disk cache of a user corpus', () => {
  const formulation = (wrong: string) => formulations({ id: 'user-example', right: '甲乙丙丁提法', wrong, reason: '测试用条目。' });

  test('is written on the first load, used on the next, and never serves a changed file', () => {
    const cache = tmpDir('cache');
    const user = tmpDir('user-corpus');
    const file = path.join(user, 'formulations.yaml');
    fs.writeFileSync(file, formulation('甲乙丙戊提法'));
    const draft = path.join(tmpDir('cache-text'), 'draft.txt');
    fs.writeFileSync(draft, '这里写甲乙丙戊提法，那里写甲乙丙己提法。');
    const flagged = (extra: string[]) => checkJson(CLI, draft, cache, extra).filter((f) => f.fixes[0]?.text === '甲乙丙丁提法');
    const args = ['--corpus', user];

    // the first load: the built-in folder from the prebuilt index, the user folder from its YAML
    assert.equal(loadedFrom(CLI, cache, args), 'prebuilt+files');
    assert.ok(
      fs.readdirSync(cache).some((f) => /^corpus-[0-9a-f]+\.json$/.test(f)),
      'a cache file is written',
    );
    assert.equal(loadedFrom(CLI, cache, args), 'cache');
    assert.deepEqual(
      flagged(args).map((f) => f.offset.start),
      [3],
    );

    // rewritten at once (same size, within the same second): the cache must not answer
    fs.writeFileSync(file, formulation('甲乙丙己提法'));
    assert.equal(loadedFrom(CLI, cache, args), 'prebuilt+files');
    assert.deepEqual(
      flagged(args).map((f) => f.offset.start),
      [13],
    );
    assert.equal(loadedFrom(CLI, cache, args), 'cache');
    assert.deepEqual(
      flagged(args).map((f) => f.offset.start),
      [13],
    );
  });
});

describe('a user corpus over the built-in one, loaded without any cache', () => {
  test('gives the findings of reading every folder from its files: an override and an addition', () => {
    const user = tmpDir('user-over-builtin');
    const builtinYaml = fs.readFileSync(path.join(ROOT, 'corpus', 'kb', 'formulations.yaml'), 'utf8');
    assert.ok(builtinYaml.includes('  - id: quanyaosu-shengchanlv\n'), 'the built-in entry this test overrides');
    fs.writeFileSync(
      path.join(user, 'formulations.yaml'),
      formulations(
        { id: 'quanyaosu-shengchanlv', right: '全要素生产率', wrong: '全要素生产量', code: 'term-typo', reason: '测试用的覆盖条目。' },
        { id: 'user-extra', right: '甲乙丙丁提法', wrong: '甲乙丙戊提法', reason: '测试用条目。' },
      ),
    );
    const draft = path.join(tmpDir('user-over-builtin-text'), 'draft.txt');
    const text = `${TEXT}\n\n这里写甲乙丙戊提法，全要素生产量也要提高。`;
    fs.writeFileSync(draft, text);
    const args = ['--corpus', user];
    assert.equal(loadedFrom(CLI, 'off', args), 'prebuilt+files');
    const got = checkJson(CLI, draft, 'off', args);
    // in process, the test bundle has no prebuilt index: every folder is read from its files
    const opened = openCorpus([{ name: user, path: user }]);
    assert.notEqual(opened.from, 'prebuilt+files');
    const want = new Checker(opened.index).check(text, { markdown: false, today: TODAY }).findings;
    assert.deepEqual(
      got.map((f) => [f.code, f.offset.start, f.offset.end, f.message, f.fixes.map((x) => x.text)]),
      want.map((f) => [f.code, f.start, f.end, f.message, f.fixes.map((x) => x.text)]),
    );
    assert.ok(
      got.some((f) => f.offset.start === text.indexOf('全要素生产量') && f.fixes[0]?.text === '全要素生产率'),
      'the override applies',
    );
    assert.ok(!got.some((f) => f.offset.start === text.indexOf('全要素生产力')), 'the overridden wrong form is gone');
    assert.ok(
      got.some((f) => f.fixes[0]?.text === '甲乙丙丁提法'),
      'the new entry applies',
    );
  });

  test('gives the problems of reading every folder from its files, in the same order', () => {
    const user = tmpDir('user-bad');
    fs.writeFileSync(
      path.join(user, 'formulations.yaml'),
      formulations({ id: 'same-both-ways', right: '甲乙丙丁提法', wrong: '甲乙丙丁提法', reason: '错误形式与规范形式相同（应报错）。' }),
    );
    fs.writeFileSync(path.join(user, 'quotations.yaml'), `kind: quotations\nentries:\n  - id: no-tests\n    text: 这是一段只用于测试的文字。\n    ${SOURCE}\n`);
    const r = spawnSync(process.execPath, [CLI, 'corpus', 'check', '--corpus', user, '--lang', 'en'], {
      encoding: 'utf8',
      env: { ...process.env, TIFA_TODAY: TODAY, TIFA_CACHE_DIR: 'off' },
    });
    assert.equal(r.status, 2, r.stderr);
    const printed = r.stderr.split('\n').filter((l) => /: (error|warning): /.test(l));
    const full = loadCorpus([
      { name: 'built-in', path: builtinCorpusPath() },
      { name: user, path: user },
    ]);
    const expected = full.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${problemText(p, 'en')}`);
    assert.ok(
      expected.some((l) => /wrong form equals the right form/.test(l)),
      expected.join('\n'),
    );
    assert.ok(
      expected.some((l) => /quotations\.yaml:3:5: error: /.test(l)),
      expected.join('\n'),
    );
    assert.deepEqual(printed, expected);
  });
});
