// What the content script's two parts and the summary line share: the
// attribute that marks Épure's own elements, and the space a line takes
// (which the early stylesheet keeps for a tool's box until its line comes,
// so that the line takes the box's place without moving the text below).

globalThis.epureMarks = (() => {
  const MARK = 'data-epure';
  /** Elements of ours: lines and boxes (an element merely shown again is the page's). */
  const OURS = `[${MARK}]:not([${MARK}="kept"])`;
  /** The line's height with one row of text, in the host's em. */
  const ONE_ROW_EM = 2.4;
  /** The host's margin above and below, in em (the same for a box awaiting its line). */
  const MARGIN_EM = 0.75;
  return Object.freeze({ MARK, OURS, ONE_ROW_EM, MARGIN_EM });
})();
