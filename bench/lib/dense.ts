// Dense material for the benchmarks (issue #17): reports recombined from the seed documents' whole
// paragraphs (corpus/documents/*.txt, the repository's copies of the seed documents), so that they are
// as dense in official wording, quotations and figures as the policy writing people really check.
// Nothing is added: no made-up sentence, no mixed-in error; only the order of the paragraphs is new.
// Each block (the text between blank lines, what Tifa checks and memoises as one unit) holds two to
// four seed paragraphs drawn at random, one per line, as a Word export writes them: so a block's text
// is almost never repeated, as in a real report (a block seen twice is checked once, which would
// flatter the figures). Deterministic: the same size and seed give the same text. Generated at bench
// time, never committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORPUS, rng } from './gen';

let paragraphs: string[] | undefined;

/** The seed documents' paragraphs (blocks between blank lines), trimmed, in document order. */
export function seedParagraphs(): string[] {
  if (paragraphs) return paragraphs;
  const docs = fs
    .readdirSync(path.join(CORPUS, 'documents'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  paragraphs = docs.flatMap((f) =>
    fs
      .readFileSync(path.join(CORPUS, 'documents', f), 'utf8')
      .replace(/\r\n?/g, '\n')
      .split(/\n[ \t\u3000]*\n/)
      .map((p) => p.trim())
      .filter((p) => p.length > 0),
  );
  return paragraphs;
}

/** Two to four seed paragraphs drawn at random (with replacement), one per line. */
function block(r: () => number, ps: string[]): string {
  const n = 2 + Math.floor(r() * 3);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(ps[Math.floor(r() * ps.length)]);
  return lines.join('\n');
}

/**
 * A Markdown report of at least `chars` characters (UTF-16 code units): a front matter with its date,
 * then blocks of whole seed paragraphs, each block followed by a blank line.
 */
export function makeDense(chars: number, seed = 17): string {
  const ps = seedParagraphs();
  const r = rng(seed);
  const parts = ['---', 'title: 新质生产力学习材料汇编（基准测试用，由种子文档段落重组）', 'date: "2025-06-30"', '---', ''];
  let length = parts.join('\n').length + 1;
  while (length < chars) {
    const b = block(r, ps);
    parts.push(b, '');
    length += b.length + 2;
  }
  return parts.join('\n');
}

/**
 * An archive of `count` reports of `min`–`max` characters (blocks as in makeDense; a block longer than
 * the room left is skipped) in nested folders (`dir/a/b/report-N.md`, up to three levels). Written once;
 * reused when its manifest matches. Returns the files in sorted path order and their total bytes.
 */
export function makeArchive(dir: string, count = 5000, min = 2000, max = 10000, seed = 1717): { files: string[]; bytes: number } {
  const manifest = path.join(dir, '.bench-manifest.json');
  const want = JSON.stringify({ count, min, max, seed, v: 1 });
  const list = (): { files: string[]; bytes: number } => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.md')) files.push(p);
      }
    };
    walk(dir);
    files.sort();
    return { files, bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0) };
  };
  if (fs.existsSync(manifest) && fs.readFileSync(manifest, 'utf8') === want) return list();
  fs.rmSync(dir, { recursive: true, force: true });
  const ps = seedParagraphs();
  const r = rng(seed);
  const units = ['市委办公室', '区委党校', '发展改革委', '科技局', '工信局', '统计局', '教育局', '宣传部'];
  for (let i = 0; i < count; i++) {
    const size = min + Math.floor(r() * (max - min));
    const depth = 1 + Math.floor(r() * 3);
    const folders = [String(2021 + Math.floor(r() * 5))];
    if (depth > 1) folders.push(units[Math.floor(r() * units.length)]);
    if (depth > 2) folders.push(`第${1 + Math.floor(r() * 4)}季度`);
    const parts = [`# 材料 ${i + 1}`, ''];
    let length = parts.join('\n').length;
    for (let tries = 0; length < size && tries < 200; tries++) {
      const b = block(r, ps);
      if (length + b.length + 2 > max) continue;
      parts.push(b, '');
      length += b.length + 2;
    }
    const d = path.join(dir, ...folders);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, `report-${String(i).padStart(4, '0')}.md`), parts.join('\n'));
  }
  fs.writeFileSync(manifest, want);
  return list();
}
