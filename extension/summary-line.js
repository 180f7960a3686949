// The line a reader sees instead of a consent box: a platform mark, the
// engine's summary (up to three lines, the rest on demand), a link to the
// original and a control that brings the box back.
//
// It lives in an open shadow root (isolated from the page's CSS, readable by
// screen readers and tests) and is built with textContent only. Its style is
// one constructed stylesheet, made once and adopted by every line's shadow
// root: a page's CSP does not govern constructed sheets (a <style> element
// would be blocked, and reported, on pages with a strict style-src), and the
// page's DOM carries no style of ours.
// Nothing in it loads anything: the mark is CSS, the link opens only on click.
// Platform names, marks and the words naming what was blocked come from the
// engine's data (`epure precheck`); the controls' words, in the summary's
// language, from the background (see `build`).

globalThis.epureSummaryLine = (() => {
  const { platforms, naming, unknown_mark, summary_chars: MAX_SUMMARY_CHARS } = globalThis.epurePrecheck;
  /** Any other platform's mark, unnamed (src/data/platforms.json). */
  const UNKNOWN_MARK = { name: '', kind: '', ...unknown_mark };

  /** Rows of summary text shown before "more": a post's opening words, not the whole column. */
  const SUMMARY_ROWS = 3;
  /** The line's height with one row of text, and its margins (page-marks.js: the early stylesheet keeps that space). */
  const { ONE_ROW_EM, MARGIN_EM } = globalThis.epureMarks;
  /** The summary's narrowest before the controls wrap below it: a few words a row. */
  const SUMMARY_MIN_EM = 16;

  /** A soft border that reads on light and dark pages: a tint of the text colour. */
  const HAIRLINE = '1px solid color-mix(in srgb, currentColor 30%, transparent)';

  /**
   * The line's whole style. `:host` resets everything the page may apply to
   * the host <div>, then takes the page's own text colour and font so the
   * line reads like the page around it (light or dark); `!important` in a
   * shadow root's sheet wins over the page's own `!important` rules for the
   * host. In forced colours (Windows high contrast) the system colours
   * replace ours, and the mark keeps a border so it stays a shape.
   */
  const STYLE = `
:host { all: initial !important; display: block !important; margin: ${MARGIN_EM}em 0 !important;
  color: inherit !important; font-family: inherit !important; font-size: inherit !important; }
/* On a narrow column the controls go below the words rather than squeeze them. */
.line { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 0.3em 0.5em; box-sizing: border-box;
  min-height: ${ONE_ROW_EM}em; padding: 0.35em 0.6em; border: ${HAIRLINE}; border-radius: 0.4em;
  line-height: 1.4; }
.mark { display: inline-flex; align-items: center; justify-content: center; flex: none; width: 1.4em;
  height: 1.4em; border-radius: 0.3em; color: #ffffff; font-size: 0.85em; font-weight: 700;
  forced-color-adjust: none;
  /* No font of its own (the page's is inherited): one would cost the first line a font lookup. */
  /* A faint light ring (currentColor is the mark's white) keeps a dark mark visible on a dark page. */
  box-shadow: 0 0 0 1px color-mix(in srgb, currentColor 35%, transparent); }
/* Right-to-left text and stray bidi controls in a post stay inside the summary. */
.summary { flex: 1 1 ${SUMMARY_MIN_EM}em; min-width: 0; font-size: 0.9em; unicode-bidi: isolate; overflow-wrap: anywhere; }
.summary[data-clamped] { display: -webkit-box; -webkit-box-orient: vertical;
  -webkit-line-clamp: ${SUMMARY_ROWS}; line-clamp: ${SUMMARY_ROWS}; overflow: hidden; }
.actions { display: flex; flex-wrap: wrap; gap: 0.3em 0.5em; align-items: baseline; margin-inline-start: auto;
  font-size: 0.9em; }
a { color: inherit; text-decoration: underline; }
/* The link's arrow (↗), drawn: a corner of two borders and a diagonal across it. */
.arrow { display: inline-block; box-sizing: border-box; width: 0.55em; height: 0.55em; margin-inline-start: 0.35em;
  border-top: 0.1em solid; border-right: 0.1em solid; forced-color-adjust: none;
  background: linear-gradient(to bottom right, transparent calc(50% - 0.05em), currentColor calc(50% - 0.05em)
    calc(50% + 0.05em), transparent calc(50% + 0.05em)); }
button { font: inherit; color: inherit; background: transparent; border: ${HAIRLINE};
  border-radius: 0.3em; padding: 0 0.5em; cursor: pointer; }
button.more { border-style: dotted; }
@media (forced-colors: active) {
  .line, button { border-color: CanvasText; }
  .mark { background: Canvas !important; color: CanvasText; border: 1px solid CanvasText; box-shadow: none; }
  a { color: LinkText; }
  button { color: ButtonText; background: ButtonFace; border-color: ButtonText; }
}
`;

  let sheet = null;
  /** The shared sheet, built on the first line. */
  function lineSheet() {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    return sheet;
  }

  function element(tag, className) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    return el;
  }

  /** The link's address if it is http(s), else null (javascript:, data:… give no link). */
  function safeLink(raw) {
    if (typeof raw !== 'string') return null;
    try {
      const url = new URL(raw);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch {
      return null;
    }
  }

  /** Chars of `text` (white space made single), at most MAX_SUMMARY_CHARS: the engine's own bound. */
  function chars(text) {
    const all = Array.from(typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '');
    return all.slice(0, MAX_SUMMARY_CHARS);
  }

  /** What was blocked, in `language` ("X post by @h"), from the engine's words; null if nothing is known. */
  function head(placeholder, language) {
    const words = naming[language] ?? naming.en;
    const platform = platforms[placeholder.platform];
    if (!words || !platform) return null;
    const what = (words.kinds[platform.kind] ?? '').replace('{platform}', platform.name);
    if (!what) return null;
    const author = typeof placeholder.author === 'string' ? placeholder.author : '';
    return author ? words.by.replace('{what}', what).replace('{author}', author) : what;
  }

  /** `template` with `$HEAD$` filled (the _locales placeholder of the line's words). */
  const fill = (template, value) => template.replace('$HEAD$', value);

  /**
   * Where to cut `text`, shown whole in `summary`, so that it and an
   * ellipsis fit in `rows` rows: after the last whole word that ends on
   * those rows, one word earlier to leave the ellipsis room. Positions are
   * read with one range, so the page is laid out once, whatever the length.
   */
  function cutAt(summary, text, rows) {
    const node = summary.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) return text.length;
    const rowHeight = parseFloat(getComputedStyle(summary).lineHeight);
    const limit = summary.getBoundingClientRect().top + rows * rowHeight;
    const range = document.createRange();
    const bottomOf = (offset) => {
      range.setStart(node, offset - 1);
      range.setEnd(node, offset);
      return range.getBoundingClientRect().bottom;
    };
    const spaces = [];
    for (let i = text.indexOf(' '); i > 0; i = text.indexOf(' ', i + 1)) spaces.push(i);
    let fitting = -1;
    let low = 0;
    let high = spaces.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (bottomOf(spaces[mid]) <= limit + 1) {
        fitting = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return fitting > 0 ? spaces[fitting - 1] : (spaces[0] ?? text.length);
  }

  /**
   * Builds the line's host element for `placeholder`, worded with `words`
   * (message key -> text, in `language`, the summary's language when Épure
   * has words for it, else the browser's). The background reads them from
   * _locales and sends them with the plans: in a Chromium content script,
   * `i18n.getMessage` first fetches the whole message bundle from the
   * browser process, which measured 5–15 ms of main thread before the first
   * line (bench/README.md), and it only knows the browser's language.
   * `onToggle()` runs when the reader clicks the box control; `setShown(bool)`
   * updates it. `measure()`, once the line is in the page, says how to cut a long summary.
   */
  function build(placeholder, words, language, onToggle) {
    const t = (key) => words[key] ?? key;
    const host = document.createElement('div');
    host.setAttribute('data-epure', 'summary');
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [lineSheet()];

    const platform = platforms[placeholder.platform] ?? UNKNOWN_MARK;
    const what = head(placeholder, language);
    const line = element('div', 'line');
    line.lang = language;
    line.setAttribute('role', 'group');
    line.setAttribute('aria-label', what ? fill(t('lineLabel'), what) : t('lineLabelUnknown'));

    const mark = element('span', 'mark');
    mark.style.background = platform.colour;
    mark.textContent = platform.mark;
    mark.setAttribute('aria-hidden', 'true');
    if (platform.name) mark.title = platform.name;

    const full = chars(placeholder.summary);
    const summary = element('span', 'summary');
    summary.dir = 'auto';
    summary.textContent = full.join('');
    line.append(mark, summary);

    const actions = element('span', 'actions');
    const href = safeLink(placeholder.url);
    if (href) {
      const link = element('a');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.setAttribute('aria-label', what ? fill(t('openLabel'), what) : t('openLabelUnknown'));
      // Drawn, not a glyph: "↗" is in few page fonts, and looking up a
      // fallback font cost the first line's layout about 0.6 ms of main
      // thread (bench/README.md). Hidden: the link's name says where it goes.
      const arrow = element('span', 'arrow');
      arrow.setAttribute('aria-hidden', 'true');
      link.append(t('openOriginal'), arrow);
      actions.append(link);
    }

    const trusted = (run) => (event) => {
      // Only the reader's own click: a page script can't flip it.
      if (event.isTrusted) run();
    };
    const control = element('button', 'toggle');
    control.type = 'button';
    control.addEventListener('click', trusted(onToggle));
    actions.append(control);
    line.append(actions);
    root.append(line);

    function setShown(shown) {
      control.textContent = shown ? t('collapseAgain') : t('showOriginal');
      control.setAttribute('aria-expanded', String(shown));
    }
    setShown(false);

    /**
     * Reads whether the summary runs past SUMMARY_ROWS and where to cut it
     * (no change to the page, so lines measured one after another share
     * one layout); returns what to do about it: cut it on a word, with the
     * rest offered in place.
     */
    function measure() {
      const rowHeight = parseFloat(getComputedStyle(summary).lineHeight);
      if (!(summary.getBoundingClientRect().height > SUMMARY_ROWS * rowHeight + 1)) return () => {};
      const text = full.join('');
      const short = `${text.slice(0, cutAt(summary, text, SUMMARY_ROWS)).trimEnd()}…`;
      return () => {
        const more = element('button', 'more');
        more.type = 'button';
        const setOpen = (open) => {
          summary.toggleAttribute('data-clamped', !open);
          summary.textContent = open ? text : short;
          more.textContent = open ? t('lessText') : t('moreText');
          more.setAttribute('aria-expanded', String(open));
        };
        more.addEventListener('click', trusted(() => setOpen(more.getAttribute('aria-expanded') !== 'true')));
        actions.prepend(more);
        setOpen(false);
      };
    }
    return { host, setShown, measure };
  }

  return Object.freeze({ build, safeLink });
})();
