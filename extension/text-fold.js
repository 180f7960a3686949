// Text folded as the engine folds it (src/consent/text.rs `fold`), from the
// chars the engine lists (`epure precheck`, `fold`): invisible formatting
// dropped, apostrophes made ', Unicode white space made one space, each
// char lower-cased on its own (as Rust's `char::to_lowercase`: no final
// sigma). tests/e2e/fold.test.mjs feeds both the same strings.

globalThis.epureFold = (() => {
  const { apostrophes, whitespace, invisible } = globalThis.epurePrecheck.fold;
  const DROPPED = new Set(invisible);
  const APOSTROPHES = new Set(apostrophes);
  const SPACES = new Set(whitespace);

  return (text) => {
    let out = '';
    for (const ch of text) {
      if (DROPPED.has(ch)) continue;
      if (SPACES.has(ch)) {
        if (out !== '' && !out.endsWith(' ')) out += ' ';
      } else {
        out += APOSTROPHES.has(ch) ? "'" : ch.toLowerCase();
      }
    }
    return out.endsWith(' ') ? out.slice(0, -1) : out;
  };
})();
