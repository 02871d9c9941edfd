// The user dictionary Tifa gives its segmenter for the shipped corpus (as server/src/segmenter/jieba.ts filters it).
import { openCorpus, userWords } from '../../server/src/corpus/open';

const words = [...new Set(userWords(openCorpus().index.knowledge))].filter((w) => w.length > 1 && !/\s/.test(w));
process.stdout.write(JSON.stringify({ words }) + '\n');
