// The closed set of messages the extension's parts exchange. Every receiver
// checks a message's whole shape with `epureMessages.check` and drops
// anything else: a page can't send here, but a bug or an old tab can.

globalThis.epureMessages = (() => {
  /** Upper bound on the HTML one page may send in one request (the engine's own cap). */
  const MAX_REQUEST_CHARS = 8 * 1024 * 1024;
  /** Upper bound on regions per request (a page of boxes, not a page of elements). */
  const MAX_REGIONS = 64;

  /** Upper bound on an imported file's text (the engine's own cap on a settings document). */
  const MAX_IMPORT_CHARS = 5 * 1024 * 1024;

  /** Upper bound on one picked selector: a picked selector is a few compounds, never a page. */
  const MAX_SELECTOR_CHARS = 1024;
  /** Upper bound on the selectors one rule test or rule apply sends (a rule's lists together). */
  const MAX_TEST_SELECTORS = 256;

  const isCount = (n) => Number.isInteger(n) && n >= 0 && n < 100_000;
  const isString = (s) => typeof s === 'string';
  const isObject = (o) => o !== null && typeof o === 'object' && !Array.isArray(o);
  const isSiteKey = (s) => isString(s) && s.length > 0 && s.length <= 253;

  /** type -> predicate over the whole message. */
  const SHAPES = Object.freeze({
    // content -> background: analyze these regions (outerHTML) of page `url`,
    // with the page's data scripts (outerHTML) beside them, if it has any.
    analyze: (m) =>
      isString(m.url) &&
      Array.isArray(m.regions) &&
      m.regions.length > 0 &&
      m.regions.length <= MAX_REGIONS &&
      m.regions.every(isString) &&
      (m.data === undefined || (Array.isArray(m.data) && m.data.every(isString))) &&
      [...m.regions, ...(m.data ?? [])].reduce((sum, r) => sum + r.length, 0) <= MAX_REQUEST_CHARS,
    // background -> content: one plan per region, in order, the summary
    // line's words per language, with the browser's `language` (see
    // summary-line.js), and whether the reader's settings collapse boxes on the page.
    plans: (m) =>
      Array.isArray(m.plans) &&
      typeof m.collapse === 'boolean' &&
      isObject(m.labels) &&
      Object.values(m.labels).every((words) => isObject(words) && Object.values(words).every(isString)) &&
      isString(m.language),
    // content -> background: inject the content script's rest into this frame (content-start.js).
    'load-content': () => true,
    // background -> content: it is in (or could not be: the page then stays as it is).
    'content-loaded': (m) => typeof m.loaded === 'boolean',
    // content -> background: this tab now shows `count` summary lines.
    collapsed: (m) => isCount(m.count),
    // content -> popup (the popup's calls `state` and `setOn`, browser-api.js `inTab`): this page's state.
    state: (m) => isString(m.host) && typeof m.on === 'boolean' && isCount(m.count) && typeof m.scanned === 'boolean',
    // background -> content: the engine failed; the page stays as it is.
    failed: (m) => isString(m.reason),
    // content -> background: what do the reader's settings say for page `url`?
    features: (m) => isString(m.url),
    // background -> content: the answer (`site` is null for a page without one).
    'site-features': (m) =>
      (m.site === null || isString(m.site)) &&
      typeof m.collapse === 'boolean' &&
      typeof m.tidy === 'boolean' &&
      (m.reader === 'off' || m.reader === 'auto'),
    // content -> background: the plan for the whole page `url` (its outerHTML), to tidy it in place.
    'analyze-page': (m) => isString(m.url) && isString(m.html) && m.html.length <= MAX_REQUEST_CHARS,
    // background -> content: the article (null when the page has none) and the clutter around it.
    'page-plan': (m) => (m.article === null || isObject(m.article)) && Array.isArray(m.clutter),
    // extension pages -> background: the settings (and the site of `url`, the
    // repair notice once when `notice`); the answer is `settings`.
    'settings-get': (m) => (m.url === undefined || isString(m.url)) && (m.notice === undefined || typeof m.notice === 'boolean'),
    // the engine validates every edit; a refused one changes nothing.
    'site-set': (m) => isSiteKey(m.site) && (m.features === null || isObject(m.features)),
    'rule-set': (m) => isSiteKey(m.site) && (m.rule === null || isObject(m.rule)),
    'defaults-set': (m) => isObject(m.defaults),
    'view-set': (m) => isObject(m.view),
    'rules-set': (m) => isString(m.text) && m.text.length <= MAX_IMPORT_CHARS,
    'rules-check': (m) => isString(m.text) && m.text.length <= MAX_IMPORT_CHARS,
    'settings-check': (m) => isObject(m.document),
    'import-preview': (m) => isString(m.text) && m.text.length <= MAX_IMPORT_CHARS,
    import: (m) => isString(m.text) && m.text.length <= MAX_IMPORT_CHARS && (m.mode === 'merge' || m.mode === 'replace'),
    export: () => true,
    // background -> extension pages: the answers.
    settings: (m) => isObject(m.settings),
    checked: (m) => m.error === null || isString(m.error),
    preview: (m) => isObject(m.merge) && isObject(m.replace),
    exported: (m) => isObject(m.document),
    refused: (m) => isString(m.reason),
    // content (the popup's call, see browser-api.js `inTab`) -> popup: the picker is on.
    picking: () => true,
    // content (picker) -> background: add `selector` to this page's site rule
    // (`boxes` or `clutter`); the site is the sender tab's, never the message's.
    'pick-rule': (m) => (m.kind === 'boxes' || m.kind === 'clutter') && isString(m.selector) && m.selector.length > 0 && m.selector.length <= MAX_SELECTOR_CHARS,
    // background -> content (picker): stored for `site`.
    'rule-added': (m) => isSiteKey(m.site),
    // content -> options (its call `testRule`): how many elements the rule's selectors match on a page of its site.
    'rule-tested': (m) => isCount(m.count) && isString(m.host),
    // popup -> background: open the reader view in tab `tabId`; the answer is `reader-opened`.
    'reader-open': (m) => Number.isInteger(m.tabId) && m.tabId >= 0,
    'reader-opened': (m) => typeof m.opened === 'boolean',
    // content (the background's call `capture`) -> background, then background -> reader page (with `requestedAt` and
    // `capturedAt`, ms since the epoch: when the reader was asked for, when the copy came).
    'reader-page': (m) =>
      isString(m.url) &&
      isString(m.html) &&
      m.html.length <= MAX_REQUEST_CHARS &&
      (m.requestedAt === undefined || Number.isFinite(m.requestedAt)) &&
      (m.capturedAt === undefined || Number.isFinite(m.capturedAt)),
    // reader page -> background: the page kept for this tab (answer: `reader-page` or `reader-none`).
    'reader-take': () => true,
    'reader-none': () => true,
    // content -> background: this page of a `reader: "auto"` site, to open in
    // the reader view if the engine finds an article (answer: `reader-auto-done`).
    'reader-auto': (m) => isString(m.url) && isString(m.html) && m.html.length <= MAX_REQUEST_CHARS,
    // background -> content, and content -> extension pages (their call `autoDecision`): what the page did by itself.
    'reader-auto-done': (m) => ['off', 'restored', 'no-article', 'opened', 'failed'].includes(m.decision),
  });

  /** The message if it has a known type and that type's shape, else null. */
  function check(message, ...allowedTypes) {
    if (!message || typeof message !== 'object') return null;
    const { type } = message;
    if (!allowedTypes.includes(type) || !Object.hasOwn(SHAPES, type)) return null;
    return SHAPES[type](message) ? message : null;
  }

  return Object.freeze({ check, MAX_REQUEST_CHARS, MAX_REGIONS, MAX_IMPORT_CHARS, MAX_TEST_SELECTORS });
})();
