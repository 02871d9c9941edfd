// The one small interface behind which word segmentation sits. Implementations live outside the
// core (server/src/segmenter/), loaded with the corpus terms as their user dictionary.
import { isHan } from './normalize';
import { detached } from './text';

export interface Segmenter {
  /** Cuts text into words; the concatenation of the result equals the input. */
  cut(text: string): string[];
}

/** A segmenter that knows no words: every character is its own token (segmenter/jieba.ts's last resort, when neither jieba loads). */
export const characterSegmenter: Segmenter = {
  cut: (text) => [...text],
};

const dictionaryWords = new WeakMap<Segmenter, Map<string, boolean>>();

/** Words remembered per segmenter; beyond this the memo starts again (a long session must not grow it without end). */
const MAX_REMEMBERED_WORDS = 20_000;

/** Is this string one word for the segmenter, i.e. a dictionary word (memoised per segmenter, bounded)? */
export function isDictionaryWord(segmenter: Segmenter, word: string): boolean {
  let cache = dictionaryWords.get(segmenter);
  if (!cache) dictionaryWords.set(segmenter, (cache = new Map()));
  let known = cache.get(word);
  if (known === undefined) {
    known = word.length > 1 && segmenter.cut(word).length === 1;
    if (cache.size >= MAX_REMEMBERED_WORDS) cache.clear();
    // a copy of the word: a slice of the writer's text would keep the whole document alive
    cache.set(detached(word), known);
  }
  return known;
}

/**
 * Is this a two-character Han word of the dictionary (我国, 新型, 尚未)? Asked only of two Han
 * characters, which the corpus index answers from its stored pair list without loading the segmenter's
 * dictionary (corpus/segmentation.ts); anything else is no.
 */
export function isTwoCharacterWord(segmenter: Segmenter, word: string): boolean {
  return word.length === 2 && isHan(word[0]) && isHan(word[1]) && isDictionaryWord(segmenter, word);
}
