// The one small interface behind which word segmentation sits. Implementations live outside the
// core (server/src/segmenter/), loaded with the corpus terms as their user dictionary.

export interface Segmenter {
  /** Cuts text into words; the concatenation of the result equals the input. */
  cut(text: string): string[];
}

/** A segmenter that knows no words: every character is its own token (segmenter/jieba.ts's last resort, when neither jieba loads). */
export const characterSegmenter: Segmenter = {
  cut: (text) => [...text],
};
