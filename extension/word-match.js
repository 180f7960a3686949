// Which texts hold one of a list of words (the pre-check's control words and
// phrases, folded by the engine; substrings, as the engine's pre-check reads
// them). Cold, on a page that runs it once, a loop over chars in script
// costs more than the browser's native search: each word is searched once
// over all the texts joined, so a page pays per word, not per text and word.
// Past a few pages of text, one pattern of all the words (compiled once, a
// millisecond or so) reads it in one pass instead (bench/README.md, "sixth pass").

globalThis.epureWordMatch = (() => {
  /** Between joined texts: no word holds it (text-fold.js). */
  const { SEPARATOR } = globalThis.epureFold;
  /** Text past which one compiled pattern costs less than a native search per word. */
  const JOINED_MAX_CHARS = 16 * 1024;
  const escape = (word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

  /**
   * A test of `texts` (folded) for `all` words (an empty one names
   * nothing): for each text, whether it holds one. The pattern is compiled
   * on the first large batch only.
   */
  return (all) => {
    /** Read on the first test, not at injection: most pages test no text. */
    let words = null;
    let pattern = null;
    return (texts) => {
      words ??= all.filter((word) => word !== '');
      let chars = 0;
      for (const text of texts) chars += text.length + 1;
      if (chars > JOINED_MAX_CHARS) {
        pattern ??= new RegExp(words.map(escape).join('|'), 'u');
        return texts.map((text) => pattern.test(text));
      }
      const held = texts.map(() => false);
      const joined = texts.join(SEPARATOR);
      /** Where each text starts in `joined`. */
      const starts = [];
      let at = 0;
      for (const text of texts) {
        starts.push(at);
        at += text.length + 1;
      }
      const textAt = (position) => {
        let [low, high] = [0, starts.length - 1];
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if (starts[mid] <= position) low = mid;
          else high = mid - 1;
        }
        return low;
      };
      for (const word of words) {
        for (let found = joined.indexOf(word); found >= 0; ) {
          const i = textAt(found);
          held[i] = true;
          // The rest of that text is settled: search on from the next one.
          found = i + 1 < starts.length ? joined.indexOf(word, Math.max(found + 1, starts[i + 1])) : -1;
        }
      }
      return held;
    };
  };
})();
