// Text folded as the engine folds it (src/text.rs `fold`), from the
// chars the engine lists (`epure precheck`, `fold`): invisible formatting
// dropped, apostrophes made ', runs of Unicode white space (Rust's, not
// JS's `\s`) made one space, none at either end, lower case char by char
// (Rust's `char::to_lowercase`: no final-sigma rule). A few regular
// expressions over the whole text: a loop per char costs more on every
// control of every page. tests/e2e/fold.test.mjs feeds both the same strings.
// `epureFold.each` folds many texts in one call: they are joined by
// `epureFold.SEPARATOR`, which a page's own text can hold too: then each
// text's own are made spaces (a looser pre-check, never a stricter one: no
// word or phrase holds the separator).

globalThis.epureFold = (() => {
  /** The one letter whose lower case JS picks by context (final sigma); Rust does not. */
  const FINAL_SIGMA = 'ς';
  /** Built on the first fold, not at injection: most pages never fold a word. */
  let patterns = null;

  function compile() {
    const { apostrophes, whitespace, invisible } = globalThis.epurePrecheck.fold;
    const charClass = (chars) => `[${Array.from(chars, (c) => `\\u{${c.codePointAt(0).toString(16)}}`).join('')}]`;
    return {
      invisible: new RegExp(charClass(invisible), 'gu'),
      apostrophes: new RegExp(charClass(apostrophes), 'gu'),
      spaces: new RegExp(`${charClass(whitespace)}+`, 'gu'),
    };
  }

  function lower(text) {
    const lowered = text.toLowerCase();
    if (!lowered.includes(FINAL_SIGMA)) return lowered;
    return Array.from(text, (c) => c.toLowerCase()).join('');
  }

  function fold(text) {
    patterns ??= compile();
    const spaced = text.replace(patterns.invisible, '').replace(patterns.apostrophes, "'").replace(patterns.spaces, ' ');
    const start = spaced.startsWith(' ') ? 1 : 0;
    const end = spaced.length > start && spaced.endsWith(' ') ? spaced.length - 1 : spaced.length;
    return lower(spaced.slice(start, end));
  }

  /** Between texts folded together: the fold keeps it (neither white space nor invisible), and no word holds it. */
  const SEPARATOR = '\u0001';

  /**
   * Each of `texts` folded, in one call of the fold; as many, in the same
   * order, whatever they hold. The fold neither adds nor drops a separator:
   * as many parts as texts means none held one (no per-text cost then).
   */
  function each(texts) {
    if (texts.length === 0) return [];
    const folded = fold(texts.join(SEPARATOR)).split(SEPARATOR);
    if (folded.length === texts.length) return folded;
    return fold(texts.map((text) => text.replaceAll(SEPARATOR, ' ')).join(SEPARATOR)).split(SEPARATOR);
  }

  return Object.assign(fold, { SEPARATOR, each });
})();
