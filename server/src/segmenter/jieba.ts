// The default segmenter: @node-rs/jieba (prebuilt N-API binary), loaded with jieba's dictionary and
// the corpus terms as user dictionary so that 新质生产力 or 全要素生产率 stay one token.
// Why this one and not nodejieba: see README "Design notes" and bench/results.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Segmenter } from '../core/segmenter';

function findDict(): Buffer {
  const candidates = [path.join(__dirname, 'jieba', 'dict.txt')];
  try {
    candidates.push(require.resolve('@node-rs/jieba/dict.txt'));
  } catch {
    /* not installed beside us: the bundled copy must exist */
  }
  for (const c of candidates) if (fs.existsSync(c)) return fs.readFileSync(c);
  throw new Error(`jieba dictionary not found (looked in ${candidates.join(', ')})`);
}

export function createJiebaSegmenter(userWords: Iterable<string>): Segmenter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const jieba = Jieba.withDict(findDict());
  const words = [...new Set(userWords)].filter((w) => w.length > 1 && !/\s/.test(w));
  if (words.length) jieba.loadDict(Buffer.from(words.map((w) => `${w} 100000 n`).join('\n') + '\n'));
  return { cut: (text: string) => (text ? jieba.cut(text, false) : []) };
}
