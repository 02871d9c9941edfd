// Opening a corpus: load the folders, build the segmenter with the corpus terms as user dictionary,
// and build the knowledge index. Used by the CLI and the language server alike.
import * as path from 'node:path';
import { buildIndex, type KnowledgeIndex } from '../core/index';
import type { Segmenter } from '../core/segmenter';
import type { Knowledge } from '../core/types';
import { createJiebaSegmenter } from '../segmenter/jieba';
import { loadCorpus, type CorpusFolder, type Problem } from './load';

export interface OpenCorpus {
  index: KnowledgeIndex;
  problems: Problem[];
  files: string[];
  folders: CorpusFolder[];
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

export function openCorpus(extra: CorpusFolder[] = [], options: { builtin?: boolean } = {}): OpenCorpus {
  const folders = [...(options.builtin === false ? [] : [{ name: 'built-in', path: builtinCorpusPath() }]), ...extra];
  const { knowledge, problems, files } = loadCorpus(folders);
  const words = userWords(knowledge);
  const key = words.join('\n');
  if (segmenterFor?.key !== key) segmenterFor = { key, segmenter: createJiebaSegmenter(words) };
  return { index: buildIndex(knowledge, segmenterFor.segmenter), problems, files, folders };
}
