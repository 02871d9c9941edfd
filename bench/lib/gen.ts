// Synthetic test material for the benchmarks. Nothing here is a new fact: reports and corpora are
// recombinations of the seed documents' sentences (corpus/documents/*.txt) and of the knowledge
// base's own wording (quotations, terms, indicator names, and the entries' own flag/pass test texts,
// which supply the mixed-in errors). Deterministic: the same seed gives the same text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './stats';

export { ROOT };
export const CORPUS = path.join(ROOT, 'corpus');

/** mulberry32: a small deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)];

interface Material {
  /** sentences of the seed documents, each ending with its terminator */
  sentences: string[];
  /** correct passages built from the knowledge base (quotations with a lead, definitions, terms) */
  correct: string[];
  /** texts the entries' own tests say must be flagged */
  errors: string[];
  /** texts the entries' own tests say must pass */
  passes: string[];
  terms: string[];
  quotations: Array<{ text: string }>;
}

let material: Material | undefined;

/** Cuts text into sentences at 。！？ (keeping the terminator) and at line ends. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.match(/[^。！？]+[。！？」”]*|[。！？]+/g) ?? [];
    for (const p of parts) {
      const s = p.trim();
      if (s.length >= 8 && s.length <= 300) out.push(s);
    }
  }
  return out;
}

export function loadMaterial(): Material {
  if (material) return material;
  const docs = fs
    .readdirSync(path.join(CORPUS, 'documents'))
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const sentences = docs.flatMap((f) => sentencesOf(fs.readFileSync(path.join(CORPUS, 'documents', f), 'utf8')));
  const kb = (name: string) => (parse(fs.readFileSync(path.join(CORPUS, 'kb', `${name}.yaml`), 'utf8')) as { entries: Array<Record<string, any>> }).entries; // eslint-disable-line @typescript-eslint/no-explicit-any
  const errors: string[] = [];
  const passes: string[] = [];
  const correct: string[] = [];
  const terms: string[] = [];
  const quotations: Array<{ text: string }> = [];
  for (const kind of ['terms', 'quotations', 'formulations', 'statistics', 'occasions']) {
    for (const e of kb(kind)) {
      for (const t of e.tests?.flag ?? []) if (!t.date) errors.push(typeof t === 'string' ? t : t.text);
      for (const t of e.tests?.pass ?? []) if (typeof t === 'string' || !t.date) passes.push(typeof t === 'string' ? t : t.text);
      if (kind === 'terms') {
        terms.push(e.term);
        if (e.definition?.kind === 'official') correct.push(`${e.term}，${e.definition.text}`);
      }
      if (kind === 'quotations') {
        quotations.push({ text: e.text });
        correct.push(`${e.speaker === '习近平' ? '习近平总书记强调' : '会议指出'}：“${e.text}”`);
      }
      if (kind === 'formulations') correct.push(`要${e.right}。`);
    }
  }
  material = { sentences, correct, errors, passes, terms, quotations };
  return material;
}

export interface Report {
  text: string;
  /** how many error texts were mixed in */
  errors: number;
}

/**
 * A synthetic markdown report of about `size` characters (or bytes): headings and paragraphs of seed-document
 * sentences, with correct KB passages and (at `errorRate` per paragraph) the entries' flag texts.
 */
export function makeReport(size: number, seed = 1, errorRate = 0.3, unit: 'chars' | 'bytes' = 'chars'): Report {
  const measure = unit === 'bytes' ? (s: string) => Buffer.byteLength(s) : (s: string) => s.length;
  const m = loadMaterial();
  const r = rng(seed);
  const parts: string[] = ['---', 'title: 学习新质生产力重要论述的调研报告（基准测试用合成文本）', 'date: "2025-06-30"', '---', ''];
  let length = measure(parts.join('\n'));
  let errors = 0;
  let section = 0;
  while (length < size) {
    if (section === 0 || r() < 0.12) {
      const h = `## ${++section}. ${pick(r, m.terms)}`;
      parts.push(h, '');
      length += measure(h) + 2;
    }
    const n = 3 + Math.floor(r() * 6);
    const para: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.06) para.push(pick(r, m.correct));
      else if (x < 0.1) para.push(pick(r, m.passes));
      else para.push(pick(r, m.sentences));
    }
    if (r() < errorRate) {
      para.splice(Math.floor(r() * para.length), 0, pick(r, m.errors));
      errors++;
    }
    const p = para.join('');
    parts.push(p, '');
    length += measure(p) + 2;
  }
  return { text: parts.join('\n'), errors };
}

/** Plain text of about `bytes` UTF-8 bytes (for corpus documents and throughput runs). */
export function makePlain(bytes: number, seed: number, errorRate = 0.2): string {
  const m = loadMaterial();
  const r = rng(seed);
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = 3 + Math.floor(r() * 6);
    const para: string[] = [];
    for (let i = 0; i < n; i++) para.push(r() < 0.05 ? pick(r, m.correct) : pick(r, m.sentences));
    if (r() < errorRate) para.push(pick(r, m.errors));
    const p = para.join('') + '\n\n';
    out.push(p);
    size += Buffer.byteLength(p);
  }
  return out.join('');
}

/**
 * A synthetic corpus folder: the shipped knowledge base (kb/, schema/) plus documents recombined from
 * the seed sentences, `totalBytes` of text in files of about `docBytes`. Written once; reused when the
 * manifest says it has the same size.
 */
export function makeCorpus(dir: string, totalBytes: number, docBytes = 1 << 20): { dir: string; files: number } {
  const manifest = path.join(dir, '.bench-manifest.json');
  const want = JSON.stringify({ totalBytes, docBytes, v: 2 });
  if (fs.existsSync(manifest) && fs.readFileSync(manifest, 'utf8') === want) {
    return { dir, files: fs.readdirSync(path.join(dir, 'documents')).length };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'documents'), { recursive: true });
  fs.cpSync(path.join(CORPUS, 'kb'), path.join(dir, 'kb'), { recursive: true });
  fs.cpSync(path.join(CORPUS, 'schema'), path.join(dir, 'schema'), { recursive: true });
  const count = Math.max(1, Math.round(totalBytes / docBytes));
  for (let i = 0; i < count; i++) {
    const id = `syn-${String(i).padStart(4, '0')}`;
    fs.writeFileSync(path.join(dir, 'documents', `${id}.txt`), makePlain(docBytes, 1000 + i));
    fs.writeFileSync(
      path.join(dir, 'documents', `${id}.yaml`),
      `kind: document\nid: ${id}\ntitle: 合成文档 ${i}（由种子文档句子重组，仅供基准测试）\ntext: ${id}.txt\nquality: clean\ndefects: []\n`,
    );
  }
  fs.writeFileSync(manifest, want);
  return { dir, files: count * 2 };
}
