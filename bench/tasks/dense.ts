// Writes the dense reports (bench/lib/dense.ts) into a folder, unless already there with the same text:
//   node bench/tasks/dense.ts DIR   → DIR/dense-100k.md, dense-1m.md, dense-10m.md
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeDense, seedParagraphs } from '../lib/dense';

const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });
const out: Record<string, { file: string; chars: number; bytes: number }> = {};
for (const [name, chars] of [
  ['100k', 100_000],
  ['1m', 1_000_000],
  ['10m', 10_000_000],
] as const) {
  const text = makeDense(chars);
  const file = path.join(dir, `dense-${name}.md`);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  out[name] = { file, chars: text.length, bytes: Buffer.byteLength(text) };
}
process.stdout.write(JSON.stringify({ paragraphs: seedParagraphs().length, ...out }) + '\n');
