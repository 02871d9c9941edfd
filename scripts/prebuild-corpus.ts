// Build step (run by scripts/build.mjs, bundled like the product): reads the built-in corpus folder,
// builds its index with jieba recording its answers, and writes dist/builtin-corpus.json (server/src/corpus/prebuilt.ts),
// so that the first start after an install needs neither the YAML load nor jieba.
//   node dist/.prebuild-corpus.js CORPUS_DIR OUT_FILE
import { recordingSegmenter, wholePairs } from '../server/src/corpus/segmentation';
import { loadCorpus, readFirstFolder } from '../server/src/corpus/load';
import { userWords } from '../server/src/corpus/open';
import { writePrebuilt } from '../server/src/corpus/prebuilt';
import { buildIndex } from '../server/src/core/index';
import { createJiebaSegmenter } from '../server/src/segmenter/jieba';

const [root, out] = process.argv.slice(2);
const folder = { name: 'built-in', path: root };
const first = readFirstFolder(folder);
const loaded = loadCorpus([folder], first);
const errors = loaded.problems.filter((p) => p.severity === 'error');
if (errors.length) {
  for (const p of errors) process.stderr.write(`${p.file}:${p.line}:${p.column}: error: ${p.message}\n`);
  process.stderr.write(`the built-in corpus has ${errors.length} problem(s): no prebuilt index written\n`);
  process.exit(1);
}
const words = userWords(loaded.knowledge);
const jieba = createJiebaSegmenter(words);
const recorder = recordingSegmenter(jieba);
buildIndex(loaded.knowledge, recorder);
recorder.stop();
writePrebuilt(out, root, first, words, recorder.cuts, wholePairs(jieba, words));
