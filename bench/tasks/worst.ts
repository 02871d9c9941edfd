// Worst-case material for the robustness section of the bench (issue #18): inputs that used to make
// Tifa quadratic, or hold the server, scaled up to the documented limits. Writes into DIR and prints
// what it wrote. Everything is made up (test inputs, not facts): the "quotations" of the hostile
// corpora repeat a few characters and cite 测试文件 as their source.
//   node bench/tasks/worst.ts DIR
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });
const SOURCE = '{ title: 测试文件, publisher: 测试单位, date: "2025-01-01" }';
const OCCASION = `kind: occasions\nentries:\n  - id: test-occasion\n    name: 测试会议\n    type: meeting\n    date: "2025-01-01"\n    source: ${SOURCE}\n    tests: {}\n`;
const quotation = (id: string, text: string) =>
  `  - id: ${id}\n    text: ${text}\n    speaker: 测试者\n    occasion: test-occasion\n    date: "2025-01-01"\n    source: ${SOURCE}\n    tests: {}\n`;

function folder(name: string): string {
  const p = path.join(dir, name);
  fs.rmSync(p, { recursive: true, force: true });
  fs.mkdirSync(p, { recursive: true });
  return p;
}

/** Made-up prose: n characters from a small set, deterministic. */
function prose(n: number, seed: number): string {
  const chars = '发展创新科技产业经济社会建设改革开放质量效益结构动能要素市场体系制度治理能力现代化';
  let out = '';
  let x = seed >>> 0;
  while (out.length < n) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += chars[(x >>> 16) % chars.length];
  }
  return out;
}

// 1. Markdown with every construct left unclosed, to the 20,000,000-character check limit
const MD_CHARS = 20_000_000;
const unit = `文${'`'.repeat(300)}\n\n${']('.repeat(150)}\n\n${'<a:'.repeat(100)}\n\n${'[注\r'.repeat(50)}\n\n我们要持续提高全要素生产力。\n\n`;
const tail = '\n\n<!-- 草稿\n\n全要素生产力。\n';
const markdown = unit.repeat(Math.ceil(MD_CHARS / unit.length)).slice(0, MD_CHARS - tail.length) + tail;
fs.writeFileSync(path.join(dir, 'markdown-hostile.md'), markdown);

// 2. YAML aliases: five files each with 99 aliases to one 600,000-character quotation (the issue's case,
//    60 million characters each once expanded), and two of distinct 19,000-character quotations that
//    reach the limit of 1,000,000 characters of entry text per load; 13 MB of YAML in all
const aliases = folder('corpus-aliases');
fs.writeFileSync(path.join(aliases, 'occasions.yaml'), OCCASION);
for (let f = 0; f < 5; f++) {
  const refs = Array.from({ length: 99 }, () => '*q').join(', ');
  fs.writeFileSync(
    path.join(aliases, `bomb-${f}.yaml`),
    `kind: quotations\nentries:\n${quotation(`bomb-${f}`, `&q "${prose(600_000, f + 1)}"`)}  - id: bomb-${f}-aliases\n    text: 甲乙丙丁戊己庚辛\n    speaker: 测试者\n    occasion: test-occasion\n    date: "2025-01-01"\n    source: ${SOURCE}\n    variants: [${refs}]\n    tests: {}\n`,
  );
}
for (let f = 0; f < 2; f++) {
  const entries = Array.from({ length: 35 }, (_, i) => quotation(`long-${f}-${i}`, prose(19_000, 100 * f + i + 7))).join('');
  fs.writeFileSync(path.join(aliases, `long-${f}.yaml`), `kind: quotations\nentries:\n${entries}`);
}

// 3. Empty entries: eight files just under the 100,000-node limit (800,000 nodes: the per-load limit)
//    and six of 600,000 (the issue's case, refused before parsing): 12 MB of YAML
const empty = folder('corpus-empty');
const emptyFile = (n: number) => `kind: terms\nentries: [${Array.from({ length: n }, () => '{}').join(',')}]\n`;
for (let f = 0; f < 8; f++) fs.writeFileSync(path.join(empty, `under-${f}.yaml`), emptyFile(49_990));
for (let f = 0; f < 6; f++) fs.writeFileSync(path.join(empty, `over-${f}.yaml`), emptyFile(600_000));

// 5. A corpus folder with a 4 GB file beside its YAML (sparse: no disk used), touched before each run
const video = folder('corpus-video');
fs.writeFileSync(
  path.join(video, 'terms.yaml'),
  `kind: terms\nentries:\n  - id: video-term\n    term: 甲乙丙丁\n    definition: { kind: explanation, text: 测试说明, source: ${SOURCE} }\n    tests: {}\n`,
);
const videoFile = path.join(video, 'lecture.mp4');
fs.writeFileSync(videoFile, '');
fs.truncateSync(videoFile, 4 * 1024 ** 3);

// 6. Paragraphs that cannot be cut at a sentence end, all different (the block cache does not help):
//    (a) 4,000-character blocks repeating an official clause of the shipped corpus;
//    (b) the same against a user corpus of five 19,600-character wordings (the per-entry limit) that
//        repeat one 4-character unit, the paragraphs repeating it too
const PARAGRAPHS = 64;
const clause = '积极培育新能源、新材料、先进制造、电子信息等战略性新兴产业，';
const paragraphs = (body: string) =>
  Array.from({ length: PARAGRAPHS }, (_, i) => `${i}、${body.repeat(Math.ceil(4000 / body.length)).slice(0, 3990)}`).join('\n\n') + '\n';
fs.writeFileSync(path.join(dir, 'paragraphs-builtin.md'), paragraphs(clause));
const UNIT = '甲乙丙丁';
fs.writeFileSync(path.join(dir, 'paragraphs-long.md'), paragraphs(UNIT));
const long = folder('corpus-long-wordings');
fs.writeFileSync(path.join(long, 'occasions.yaml'), OCCASION);
const wordings = Array.from({ length: 5 }, (_, i) => {
  const t = UNIT.repeat(4900);
  const k = 1000 + 400 * i;
  return quotation(`long-wording-${i}`, `"${t.slice(0, k)}戊${t.slice(k + 1)}"`);
});
fs.writeFileSync(path.join(long, 'quotations.yaml'), `kind: quotations\nentries:\n${wordings.join('')}`);

process.stdout.write(
  JSON.stringify({
    markdown: { file: 'markdown-hostile.md', chars: markdown.length },
    aliases: { folder: 'corpus-aliases', bytes: fs.readdirSync(aliases).reduce((n, f) => n + fs.statSync(path.join(aliases, f)).size, 0) },
    empty: { folder: 'corpus-empty', bytes: fs.readdirSync(empty).reduce((n, f) => n + fs.statSync(path.join(empty, f)).size, 0) },
    video: { folder: 'corpus-video', file: 'lecture.mp4' },
    paragraphs: { builtin: 'paragraphs-builtin.md', long: 'paragraphs-long.md', corpus: 'corpus-long-wordings', paragraphs: PARAGRAPHS },
  }) + '\n',
);
