// One segmenter library in a fresh process: startup with the corpus terms as user dictionary,
// resident memory after loading, and speed on a 1 MB string (no HMM, as Tifa uses it).
//   node --import tsx bench/tasks/jieba.ts nodejieba|@node-rs/jieba|jieba-wasm WORDS_FILE TEXT_FILE
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { peerPath } from '../lib/deps';

const [lib, wordsFile, textFile] = process.argv.slice(2);
const words = fs.readFileSync(wordsFile, 'utf8').split('\n').filter(Boolean);
const text = fs.readFileSync(textFile, 'utf8');
const baseRss = process.memoryUsage().rss;

let cut: (s: string) => string[];
const t0 = performance.now();
if (lib === 'nodejieba') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodejieba = require(peerPath('nodejieba'));
  const userDict = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tifa-bench-')), 'user.dict.utf8');
  fs.writeFileSync(userDict, words.map((w) => `${w} 100000 n`).join('\n') + '\n');
  nodejieba.load({ userDict });
  cut = (s) => nodejieba.cut(s, false);
} else if (lib === 'jieba-wasm') {
  // the WebAssembly fallback as Tifa loads it: jieba's dictionary from @node-rs/jieba, then the user words
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('jieba-wasm/web') as typeof import('jieba-wasm/web');
  mod.initSync({ module: fs.readFileSync(path.join(path.dirname(require.resolve('jieba-wasm/web')), 'jieba_rs_wasm_bg.wasm')) });
  mod.with_dict(fs.readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8'));
  for (const w of words) mod.add_word(w, 100000, 'n');
  cut = (s) => mod.cut(s, false);
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Jieba } = require(peerPath('@node-rs', 'jieba'));
  const jieba = Jieba.withDict(fs.readFileSync(peerPath('@node-rs', 'jieba', 'dict.txt')));
  jieba.loadDict(Buffer.from(words.map((w) => `${w} 100000 n`).join('\n') + '\n'));
  cut = (s) => jieba.cut(s, false);
}
const probe = cut('关于新质生产力的思考：全要素生产率与战略性新兴产业。');
const startupMs = performance.now() - t0;
(globalThis as { gc?: () => void }).gc?.();
const loadedRss = process.memoryUsage().rss;

const bytes = Buffer.byteLength(text);
const speeds: number[] = [];
let tokens = 0;
for (let i = 0; i < 6; i++) {
  const t = performance.now();
  tokens = cut(text).length;
  const dt = performance.now() - t;
  if (i > 0) speeds.push(bytes / 1048576 / (dt / 1000));
}
const kept = ['新质生产力', '全要素生产率', '战略性新兴产业'].filter((w) => probe.includes(w));
process.stdout.write(JSON.stringify({ lib, startupMs, baseRss, loadedRss, speeds, tokens, kept, probe }) + '\n');
