// Word comments read back by another office suite: `tifa check --annotate` writes a copy of a .docx
// (a table, a footnote, a header, tracked changes, a quotation split over runs); LibreOffice (Debian's
// libreoffice-writer-nogui, headless) opens it and converts it to flat ODF, and this test reads each
// comment back: its author, its text (message, official wording, source) and the text it is anchored on.
// Env: TIFA_E2E_REQUIRE=1 (fail instead of skip when soffice or dist/cli.js is missing).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { REPO, ARTIFACTS, mkTmp, missing } from './lib/env.mjs';
import { makeDocx } from '../lib/make-docx.mjs';

const SOFFICE = process.env.TIFA_E2E_SOFFICE || spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
const CLI = path.join(REPO, 'dist', 'cli.js');
/** @type {string | false} */
let skip = false;
if (!SOFFICE || missing(SOFFICE).length) skip = 'soffice missing: run scripts/e2e/setup.sh (Debian package libreoffice-writer-nogui)';
else if (missing(CLI).length) skip = 'dist/cli.js missing: npm run build';
if (skip && process.env.TIFA_E2E_REQUIRE === '1') throw new Error(`TIFA_E2E_REQUIRE=1 but ${skip}`);

const unescapeXml = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const plain = (xml) => unescapeXml(xml.replace(/<text:s\/>/g, ' ').replace(/<[^>]+>/g, ''));

describe('Word comments written by tifa check --annotate, read back by LibreOffice', { skip, timeout: 180000 }, () => {
  it('opens the annotated copy and finds one comment per finding, on its text, with wording and source', () => {
    const dir = mkTmp('word');
    const original = path.join(dir, 'report.docx');
    fs.writeFileSync(
      original,
      makeDocx({
        body: [
          '学习心得',
          ['习近平总书记强调：“发展新质生产力是推动高质量发展的内在要求和重', { text: '要抓', bold: true }, '手”。', { footnote: 1 }],
          {
            table: [
              ['指标', '说明'],
              ['全要素生产力', '不断提高'],
            ],
          },
          ['我们要', { ins: '深刻领会二十大三中全会精神' }, { del: '新质皮产力' }, '。'],
        ],
        footnotes: { 1: '参见新质2产力的相关论述。' },
        header: '学习材料',
      }),
    );
    const annotated = path.join(dir, '批注版.docx');
    const r = spawnSync(process.execPath, [CLI, 'check', '--annotate', annotated, original], {
      encoding: 'utf8',
      timeout: 60000,
      env: { ...process.env, TIFA_TODAY: '2026-11-22' },
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /4 条批注已写入/);

    const out = path.join(dir, 'lo');
    const lo = spawnSync(
      SOFFICE,
      [
        `-env:UserInstallation=${pathToFileURL(path.join(dir, 'lo-profile')).href}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'fodt',
        '--outdir',
        out,
        annotated,
      ],
      { encoding: 'utf8', timeout: 150000 },
    );
    const fodt = path.join(out, '批注版.fodt');
    assert.ok(fs.existsSync(fodt), `LibreOffice could not open the annotated copy: ${lo.stdout}\n${lo.stderr}`);
    const xml = fs.readFileSync(fodt, 'utf8');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.copyFileSync(fodt, path.join(ARTIFACTS, 'word-annotated.fodt'));

    // <office:annotation office:name="N">…</office:annotation>ANCHORED TEXT<office:annotation-end office:name="N"/>
    const comments = [
      ...xml.matchAll(
        /<office:annotation\b[^>]*office:name="([^"]+)"[^>]*>([\s\S]*?)<\/office:annotation>([\s\S]*?)<office:annotation-end office:name="\1"\/>/g,
      ),
    ].map((m) => ({
      author: plain(/<dc:creator>([\s\S]*?)<\/dc:creator>/.exec(m[2])?.[1] ?? ''),
      text: [...m[2].matchAll(/<text:p\b[^>]*>([\s\S]*?)<\/text:p>/g)].map((p) => plain(p[1])).join('\n'),
      anchor: plain(m[3]),
    }));
    assert.equal(comments.length, 4, JSON.stringify(comments, null, 1));
    for (const c of comments) assert.equal(c.author, 'Tifa 提法');
    const by = (anchor) => comments.find((c) => c.anchor === anchor);
    // the misquote is anchored on its differing words, which span three runs (one of them bold)
    const mq = by('重要抓手');
    assert.ok(mq, `the misquote comment spans the three runs: ${JSON.stringify(comments.map((c) => c.anchor))}`);
    assert.match(mq.text, /引文与官方原文不符（“重要抓手”应为“重要着力点”）。原文：“发展新质生产力是推动高质量发展的内在要求和重要着力点”/);
    assert.match(mq.text, /新华社，2024年2月1日/);
    assert.match(by('全要素生产力').text, /“全要素生产力”应为“全要素生产率”/);
    assert.match(by('二十大三中全会').text, /应为“二十届三中全会”/);
    const note = comments.find((c) => c.text.includes('脚注 1'));
    assert.ok(note, 'the footnote finding is a comment on its reference mark');
    assert.match(note.text, /（脚注 1： 参见【新质2产力】的相关论述。）.*“新质2产力”疑为“新质生产力”之误/s);
    // the original stays as it was: no comments in it
    const orig = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', original], { encoding: 'utf8' });
    assert.equal(JSON.parse(orig.stdout).files[0].diagnostics.length, 4);
  });
});
