// Text folded as the engine folds it (src/text.rs `fold`), from the
// chars the engine lists (`epure precheck`, `fold`): invisible formatting
// dropped, apostrophes made ', runs of Unicode white space (Rust's, not
// JS's `\s`) made one space, none at either end, lower case char by char
// (Rust's `char::to_lowercase`: no final-sigma rule). A few regular
// expressions over the whole text: a loop per char costs more on every
// control of every page. tests/e2e/fold.test.mjs feeds both the same strings.

globalThis.epureFold = (() => {
  const { apostrophes, whitespace, invisible } = globalThis.epurePrecheck.fold;
  const charClass = (chars) => `[${Array.from(chars, (c) => `\\u{${c.codePointAt(0).toString(16)}}`).join('')}]`;
  const INVISIBLE = new RegExp(charClass(invisible), 'gu');
  const APOSTROPHES = new RegExp(charClass(apostrophes), 'gu');
  const SPACES = new RegExp(`${charClass(whitespace)}+`, 'gu');
  /** The one letter whose lower case JS picks by context (final sigma); Rust does not. */
  const FINAL_SIGMA = 'ς';

  function lower(text) {
    const lowered = text.toLowerCase();
    if (!lowered.includes(FINAL_SIGMA)) return lowered;
    return Array.from(text, (c) => c.toLowerCase()).join('');
  }

  return (text) => {
    const spaced = text.replace(INVISIBLE, '').replace(APOSTROPHES, "'").replace(SPACES, ' ');
    const start = spaced.startsWith(' ') ? 1 : 0;
    const end = spaced.length > start && spaced.endsWith(' ') ? spaced.length - 1 : spaced.length;
    return lower(spaced.slice(start, end));
  };
})();
