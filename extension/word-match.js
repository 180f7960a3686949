// Whether folded text holds any of a list of folded words (the pre-check's
// control words and phrases, as substrings, as the engine's pre-check reads
// them). A regular expression of a few hundred alternatives costs a page
// about a millisecond to compile before its first test; an index of the
// words' first three chars costs a few microseconds to build, and a test
// looks up each position of the text once.

globalThis.epureWordMatch = (() => {
  /** Chars a word is indexed by: shorter words are few and tested one by one. */
  const KEY_CHARS = 3;
  /** Three UTF-16 units as one exact number (below 2^48): no string made per position. */
  const keyAt = (text, i) => text.charCodeAt(i) * 2 ** 32 + text.charCodeAt(i + 1) * 2 ** 16 + text.charCodeAt(i + 2);

  function indexOf(words) {
    const short = words.filter((word) => word.length > 0 && word.length < KEY_CHARS);
    const byKey = new Map();
    for (const word of words) {
      if (word.length < KEY_CHARS) continue;
      const key = keyAt(word, 0);
      const list = byKey.get(key);
      if (list) list.push(word);
      else byKey.set(key, [word]);
    }
    return { short, byKey };
  }

  /**
   * A test of whether `folded` text holds one of `words` (folded, as the
   * engine folds them); the index is built on the first test, so a page
   * that never tests a word never builds it.
   */
  return (words) => {
    let index = null;
    return (folded) => {
      const { short, byKey } = (index ??= indexOf(words));
      for (const word of short) {
        if (folded.includes(word)) return true;
      }
      for (let i = 0; i + KEY_CHARS <= folded.length; i += 1) {
        const list = byKey.get(keyAt(folded, i));
        if (list && list.some((word) => folded.startsWith(word, i))) return true;
      }
      return false;
    };
  };
})();
