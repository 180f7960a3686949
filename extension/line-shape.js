// What the content script's early sheet and the line's code (collapse.js,
// summary-line.js, loaded only once the background answers) share: the
// mark on the elements Épure changed, and the space a line takes.

globalThis.epureLineShape = Object.freeze({
  /** The attribute on every element Épure changed (a line, a box collapsed, kept or shown). */
  MARK: 'data-epure',
  /** Elements of ours: lines and boxes (an element merely shown again is the page's). */
  OURS: '[data-epure]:not([data-epure="kept"])',
  /**
   * The line's height with one row of text, in the host's em: also the
   * space the early stylesheet keeps for a tool's box until its line comes
   * (content.js), so that the line takes the box's place without moving
   * the text below.
   */
  ONE_ROW_EM: 2.4,
  /** The line's margin above and below, in em (the same for a box awaiting its line). */
  MARGIN_EM: 0.75,
});
