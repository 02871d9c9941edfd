// The segmenter: jieba with jieba's dictionary and the corpus terms as user dictionary, so that
// 新质生产力 or 全要素生产率 stay one token. Two back ends give the same tokens (tested):
//   native — @node-rs/jieba's prebuilt N-API binary for this platform (dist/native/jieba.<target>.node,
//            or the @node-rs/jieba-<target> package in development);
//   wasm   — jieba-wasm (WebAssembly, every platform), used when no native binary loads.
// If neither loads, every character is its own token (word-boundary checks weaker, never an error).
// TIFA_SEGMENTER=wasm skips the native binary (for tests and diagnosis).
// Why these and not nodejieba or @node-rs/jieba-wasm32-wasi: see README "Design notes" and bench/results.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Segmenter } from '../core/segmenter';
import { characterSegmenter } from '../core/segmenter';
import { t } from '../core/i18n';

/** Frequency given to each corpus word in the user dictionary (high: the word is kept whole). */
const USER_FREQ = 100000;

export type SegmenterBackend = 'native' | 'wasm' | 'none';

export interface SegmenterStatus {
  /** the back end in use, or that would be used (probed without loading a dictionary) */
  backend: SegmenterBackend;
  /** the native target looked for, e.g. linux-x64-gnu */
  target: string;
  /** why the native binary was not used, when it was not */
  reason?: string;
}

/** The @node-rs/jieba package suffixes for this platform, most likely first. */
export function nativeTargets(platform: string = process.platform, arch: string = process.arch): string[] {
  const key = `${platform}-${arch}`;
  switch (key) {
    case 'win32-x64':
    case 'win32-arm64':
    case 'win32-ia32':
      return [`${key}-msvc`];
    case 'darwin-x64':
    case 'darwin-arm64':
    case 'freebsd-x64':
      return [key];
    case 'linux-x64':
    case 'linux-arm64':
      return [`${key}-gnu`, `${key}-musl`];
    case 'linux-arm':
      return ['linux-arm-gnueabihf'];
    case 'android-arm64':
      return ['android-arm64'];
    default:
      return [];
  }
}

/** A file inside an installed package (development and tests; the bundle has its own copies). */
function resolvePackageFile(id: string, file?: string): string {
  try {
    const p = require.resolve(id);
    return file ? path.join(path.dirname(p), file) : p;
  } catch {
    return '';
  }
}

function findFile(candidates: Array<() => string>): string | undefined {
  for (const c of candidates) {
    try {
      const p = c();
      if (p && fs.existsSync(p)) return p;
    } catch {
      /* not there */
    }
  }
  return undefined;
}

/** jieba's dictionary: the copy beside the bundle, or the package's in development. */
export function dictionaryPath(): string | undefined {
  return findFile([() => path.join(__dirname, 'jieba', 'dict.txt'), () => resolvePackageFile('@node-rs/jieba/dict.txt')]);
}

function dictionary(): Buffer {
  const p = dictionaryPath();
  if (!p) throw new Error('jieba dictionary not found (dist/jieba/dict.txt)');
  return fs.readFileSync(p);
}

type NativeJieba = typeof import('@node-rs/jieba').Jieba;
let native: { Jieba?: NativeJieba; target: string; reason?: string } | undefined;

/** Loads this platform's native binary once; its failure is remembered, never thrown. */
function loadNative(): NonNullable<typeof native> {
  if (native) return native;
  const targets = nativeTargets();
  const target = targets[0] ?? `${process.platform}-${process.arch}`;
  if (process.env.TIFA_SEGMENTER === 'wasm') return (native = { target, reason: 'TIFA_SEGMENTER=wasm' });
  if (!targets.length) return (native = { target, reason: `no native jieba binary is built for ${process.platform}-${process.arch}` });
  const errors: string[] = [];
  for (const t of targets) {
    const file = findFile([() => path.join(__dirname, 'native', `jieba.${t}.node`), () => resolvePackageFile(`@node-rs/jieba-${t}`)]);
    if (!file) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as { Jieba?: NativeJieba };
      if (typeof mod.Jieba?.withDict !== 'function') throw new Error('not a jieba binding');
      return (native = { Jieba: mod.Jieba, target: t });
    } catch (e) {
      errors.push(`${path.basename(file)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return (native = { target, reason: errors.length ? `native binary did not load (${errors.join('; ')})` : `no native binary for ${target} in this package` });
}

type WasmModule = typeof import('jieba-wasm/web');
let wasm: { mod?: WasmModule; reason?: string } | undefined;
/** the user-word list the wasm module's one global jieba was last set up with */
let wasmWords: string | undefined;

/** The WebAssembly file: beside the bundle, or the package's in development. */
export function wasmPath(): string | undefined {
  return findFile([() => path.join(__dirname, 'jieba', 'jieba_rs_wasm_bg.wasm'), () => resolvePackageFile('jieba-wasm/web', 'jieba_rs_wasm_bg.wasm')]);
}

function loadWasm(): NonNullable<typeof wasm> {
  if (wasm) return wasm;
  try {
    const file = wasmPath();
    if (!file) throw new Error('jieba_rs_wasm_bg.wasm not found');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('jieba-wasm/web') as WasmModule;
    mod.initSync({ module: fs.readFileSync(file) });
    return (wasm = { mod });
  } catch (e) {
    return (wasm = { reason: `WebAssembly segmenter did not load: ${(e as Error).message.split('\n')[0]}` });
  }
}

let used: SegmenterBackend | undefined;

/** The back end that has segmented in this process, if any has. */
export function segmenterUsed(): SegmenterBackend | undefined {
  return used;
}

/** Which back end segments (native, else wasm, else none), without loading a dictionary. */
export function segmenterStatus(): SegmenterStatus {
  const n = loadNative();
  // the WebAssembly module is not loaded just to say so: it is there in every package
  const backend: SegmenterBackend = used ?? (n.Jieba ? 'native' : 'wasm');
  const reason = backend === 'native' ? undefined : [n.reason, backend === 'none' ? wasm?.reason : undefined].filter(Boolean).join('; ');
  return { backend, target: n.target, ...(reason ? { reason } : {}) };
}

function filterWords(userWords: Iterable<string>): string[] {
  return [...new Set(userWords)].filter((w) => w.length > 1 && !/\s/.test(w));
}

export function createJiebaSegmenter(userWords: Iterable<string>): Segmenter {
  const words = filterWords(userWords);
  const n = loadNative();
  if (n.Jieba) {
    try {
      const jieba = n.Jieba.withDict(dictionary());
      if (words.length) jieba.loadDict(Buffer.from(words.map((w) => `${w} ${USER_FREQ} n`).join('\n') + '\n'));
      used = 'native';
      return { cut: (text: string) => (text ? jieba.cut(text, false) : []) };
    } catch (e) {
      n.reason = `native segmenter failed: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  const w = loadWasm();
  if (w.mod) {
    const mod = w.mod;
    const key = words.join('\n');
    let dict: string | undefined;
    // the module holds one jieba: set it up again if another word list was loaded since
    const ready = () => {
      if (wasmWords === key) return;
      dict ??= dictionary().toString('utf8');
      mod.with_dict(dict);
      for (const word of words) mod.add_word(word, USER_FREQ, 'n');
      wasmWords = key;
    };
    try {
      ready();
      used = 'wasm';
      return {
        cut: (text: string) => {
          if (!text) return [];
          ready();
          return mod.cut(text, false);
        },
      };
    } catch (e) {
      w.reason = `WebAssembly segmenter failed: ${(e as Error).message.split('\n')[0]}`;
    }
  }
  used = 'none';
  return characterSegmenter;
}

/** What the status item says about segmentation: nothing when the native binary is in use. */
export function segmenterNote(st: SegmenterStatus = segmenterStatus()): string | undefined {
  if (st.backend === 'native') return undefined;
  const key = st.backend === 'wasm' ? 'segmenter.wasm' : 'segmenter.none';
  // (Chinese, then English: the status item and the CLI's warning say both)
  return `${t('zh', key, { reason: st.reason ?? t('zh', 'segmenter.unknownReason') })}${t('en', key)}`;
}
