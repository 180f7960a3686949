// The closed set of messages the extension's parts exchange. Every receiver
// checks a message's whole shape with `epureMessages.check` and drops
// anything else: a page can't send here, but a bug or an old tab can.

globalThis.epureMessages = (() => {
  /** Upper bound on the HTML one page may send in one request (the engine's own cap). */
  const MAX_REQUEST_CHARS = 8 * 1024 * 1024;
  /** Upper bound on regions per request (a page of boxes, not a page of elements). */
  const MAX_REGIONS = 64;

  const isCount = (n) => Number.isInteger(n) && n >= 0 && n < 100_000;
  const isString = (s) => typeof s === 'string';

  /** type -> predicate over the whole message. */
  const SHAPES = Object.freeze({
    // content -> background: analyze these regions (outerHTML) of page `url`.
    analyze: (m) =>
      isString(m.url) &&
      Array.isArray(m.regions) &&
      m.regions.length > 0 &&
      m.regions.length <= MAX_REGIONS &&
      m.regions.every(isString) &&
      m.regions.reduce((sum, r) => sum + r.length, 0) <= MAX_REQUEST_CHARS,
    // background -> content: one plan per region, in order, and the summary
    // line's words in the reader's language (see summary-line.js).
    plans: (m) =>
      Array.isArray(m.plans) &&
      m.labels !== null &&
      typeof m.labels === 'object' &&
      Object.values(m.labels).every(isString),
    // content -> background: this tab now shows `count` summary lines.
    collapsed: (m) => isCount(m.count),
    // popup -> content: what is this page's state?
    'get-state': () => true,
    // popup -> content: the reader flipped this site's switch (already stored).
    'set-on': (m) => typeof m.on === 'boolean',
    // content -> popup: the answer.
    state: (m) => isString(m.host) && typeof m.on === 'boolean' && isCount(m.count),
    // background -> content: the engine failed; the page stays as it is.
    failed: (m) => isString(m.reason),
  });

  /** The message if it has a known type and that type's shape, else null. */
  function check(message, ...allowedTypes) {
    if (!message || typeof message !== 'object') return null;
    const { type } = message;
    if (!allowedTypes.includes(type) || !Object.hasOwn(SHAPES, type)) return null;
    return SHAPES[type](message) ? message : null;
  }

  return Object.freeze({ check, MAX_REQUEST_CHARS, MAX_REGIONS });
})();
