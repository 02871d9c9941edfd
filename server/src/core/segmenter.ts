// The one small interface behind which word segmentation sits. Implementations live outside the
// core (server/src/segmenter/), loaded with the corpus terms as their user dictionary.

export interface Segmenter {
  /** Cuts text into words; the concatenation of the result equals the input. */
  cut(text: string): string[];
}

/** A segmenter that knows no words: every character is its own token. For tests of the core only. */
export const characterSegmenter: Segmenter = {
  cut: (text) => [...text],
};
