// Opening a corpus: load the folders, build the segmenter with the corpus terms as user dictionary,
// and build the knowledge index. Used by the CLI and the language server alike.
// A warm start takes the loaded corpus and the segmenter's answers from the on-disk cache (cache.ts)
// and loads jieba only if a text needs cutting that the cache cannot answer. The built-in corpus alone
// comes from the index prebuilt with Tifa (prebuilt.ts) when its files are as shipped, so even the
// first start after an install needs no cache; with user folders and no cache, the built-in folder's
// entries still come from it and only the user folders are read from their YAML.
import * as path from 'node:path';
import { buildIndex, type KnowledgeIndex } from '../core/index';
import type { Segmenter } from '../core/segmenter';
import type { Knowledge } from '../core/types';
import { createJiebaSegmenter } from '../segmenter/jieba';
import { CorpusCache, takeCacheNotes } from './cache';
import { cachedSegmenter, PairCollector, recordingSegmenter, storedSegmentation, wholePairs, type Segmentation } from './segmentation';
import { loadCorpus, type CorpusFolder, type Problem } from './load';
import { PREBUILT_NAME, readPrebuilt } from './prebuilt';

export interface OpenCorpus {
  index: KnowledgeIndex;
  problems: Problem[];
  files: string[];
  folders: CorpusFolder[];
  /**
   * where the loaded corpus came from: the index prebuilt with Tifa, the on-disk cache, the corpus files,
   * or the prebuilt index for the built-in folder and the files for the user folders
   */
  from: 'prebuilt' | 'cache' | 'files' | 'prebuilt+files';
  /**
   * With `deferCache`: writes the on-disk cache for this load, working in slices with `pause()` between
   * them (call it when idle; safe to skip).
   */
  persist?: (pause: () => Promise<void>) => Promise<void>;
}

/** The corpus shipped with Tifa: `corpus/` beside `dist/` (bundle) or the repository root (sources). */
export function builtinCorpusPath(): string {
  const here = __dirname;
  for (const up of ['..', '../..', '../../..']) {
    const p = path.resolve(here, up, 'corpus');
    if (require('node:fs').existsSync(path.join(p, 'kb'))) return p;
  }
  return path.resolve(here, '..', 'corpus');
}

export function userWords(k: Knowledge): string[] {
  return [
    ...k.terms.flatMap((t) => [t.term, ...t.aliases]),
    ...k.formulations.map((f) => f.right),
    ...k.quotations.flatMap((q) => q.keywords),
    ...k.statistics.flatMap((s) => [s.name, ...s.aliases]),
  ];
}

let segmenterFor: { key: string; segmenter: Segmenter } | undefined;

/** jieba with these user words (one instance kept for the last word list). */
function jiebaFor(words: string[]): Segmenter {
  const key = words.join('\n');
  if (segmenterFor?.key !== key) segmenterFor = { key, segmenter: createJiebaSegmenter(words) };
  return segmenterFor.segmenter;
}

export function openCorpus(extra: CorpusFolder[] = [], options: { builtin?: boolean; deferCache?: boolean } = {}): OpenCorpus {
  const withBuiltin = options.builtin !== false;
  const folders = [...(withBuiltin ? [{ name: 'built-in', path: builtinCorpusPath() }] : []), ...extra];
  const prebuilt = () => (withBuiltin ? readPrebuilt(path.join(__dirname, PREBUILT_NAME), folders[0].path) : undefined);
  if (withBuiltin && folders.length === 1) {
    const pre = prebuilt();
    if (pre) {
      const loaded = loadCorpus(folders, pre.first);
      const words = userWords(loaded.knowledge);
      const segmenter = cachedSegmenter(storedSegmentation(pre.segmentation, words), () => jiebaFor(words));
      return { index: buildIndex(loaded.knowledge, segmenter), problems: loaded.problems, files: loaded.files, folders, from: 'prebuilt' };
    }
  }
  const cache = CorpusCache.for(folders);
  const hit = cache?.read(userWords);
  if (hit) {
    const words = userWords(hit.knowledge);
    const segmenter = cachedSegmenter(hit.segmentation, () => jiebaFor(words));
    return { index: buildIndex(hit.knowledge, segmenter), problems: hit.problems, files: hit.files, folders, from: 'cache' };
  }
  const before = cache?.snapshot();
  // with user folders: the built-in folder's entries from the prebuilt index, the user folders from their YAML
  const pre = folders.length > 1 ? prebuilt() : undefined;
  const loaded = loadCorpus(folders, pre?.first);
  const words = userWords(loaded.knowledge);
  const jieba = jiebaFor(words);
  const recorder = recordingSegmenter(jieba);
  const index = buildIndex(loaded.knowledge, recorder);
  recorder.stop();
  const opened: OpenCorpus = { index, problems: loaded.problems, files: loaded.files, folders, from: pre ? 'prebuilt+files' : 'files' };
  if (cache && before) {
    if (options.deferCache) {
      opened.persist = async (pause) => {
        const pairs = new PairCollector(jieba, words);
        while (!pairs.step(2)) await pause();
        cache.write(before, loaded, words, recorder.cuts, pairs.result());
      };
    } else cache.write(before, loaded, words, recorder.cuts, wholePairs(jieba, words));
  }
  return opened;
}

/**
 * A corpus loaded but not indexed: what the language server's corpus worker (./worker.ts) sends back
 * to the message loop, which then builds the index from it without jieba (the segmenter's answers
 * about the corpus come with it).
 */
export interface CorpusData {
  knowledge: Knowledge;
  problems: Problem[];
  files: string[];
  folders: CorpusFolder[];
  from: OpenCorpus['from'];
  segmentation: Segmentation;
  /** what the server should log about the load (a cache folder refused) */
  notes: string[];
}

/**
 * Loads the built-in corpus and `extra` folders as openCorpus() does (on-disk cache, prebuilt index
 * for the built-in folder), without building the index that is kept; writes the on-disk cache after a
 * load from the files. Runs in the corpus worker: all of it is off the server's message loop.
 */
export function loadCorpusData(extra: CorpusFolder[]): CorpusData {
  const folders = [{ name: 'built-in', path: builtinCorpusPath() }, ...extra];
  const cache = CorpusCache.for(folders);
  const hit = cache?.read(userWords);
  if (hit)
    return {
      knowledge: hit.knowledge,
      problems: hit.problems,
      files: hit.files,
      folders,
      from: 'cache',
      segmentation: hit.segmentation,
      notes: takeCacheNotes(),
    };
  const before = cache?.snapshot();
  const pre = folders.length > 1 ? readPrebuilt(path.join(__dirname, PREBUILT_NAME), folders[0].path) : undefined;
  const loaded = loadCorpus(folders, pre?.first);
  const words = userWords(loaded.knowledge);
  const jieba = jiebaFor(words);
  // the index is built here only to ask jieba what the index asks it (the message loop builds its own)
  const recorder = recordingSegmenter(jieba);
  buildIndex(loaded.knowledge, recorder);
  recorder.stop();
  const pairs = wholePairs(jieba, words);
  if (cache && before) cache.write(before, loaded, words, recorder.cuts, pairs);
  return { ...loaded, folders, from: pre ? 'prebuilt+files' : 'files', segmentation: { cuts: [...recorder.cuts], pairs }, notes: takeCacheNotes() };
}

/** The index of a corpus loaded by loadCorpusData(); jieba is loaded only if a text needs cutting that the load did not record. */
export function indexCorpusData(data: CorpusData): OpenCorpus {
  const words = userWords(data.knowledge);
  const segmenter = cachedSegmenter(data.segmentation, () => jiebaFor(words));
  return { index: buildIndex(data.knowledge, segmenter), problems: data.problems, files: data.files, folders: data.folders, from: data.from };
}
