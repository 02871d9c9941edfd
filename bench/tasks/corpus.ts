// Opening a corpus folder in process: the time openCorpus() takes (load, validate, segmenter, index)
// and the resident memory afterwards. TIFA_CACHE_DIR decides whether the on-disk cache is used.
//   node --expose-gc --import tsx bench/tasks/corpus.ts DIR
import { openCorpus } from '../../server/src/corpus/open';

const dir = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const before = process.memoryUsage();
const t = performance.now();
const corpus = openCorpus([{ name: 'bench', path: dir }], { builtin: false });
const ms = performance.now() - t;
const documents = corpus.index.knowledge.documents;
const chars = documents.reduce((n, d) => n + d.text.length, 0);
gc();
const after = process.memoryUsage();
const errors = corpus.problems.filter((p) => p.severity === 'error');
const firstProblem = errors[0]?.message;
process.stdout.write(
  JSON.stringify({
    ms,
    documents: documents.length,
    chars,
    errors: errors.length,
    firstProblem,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapUsed: after.heapUsed,
  }) + '\n',
);
