// The one line a reader sees instead of a consent box: a platform mark, the
// engine's summary, a link to the original and a show/collapse control.
//
// It lives in an open shadow root (isolated from the page's CSS, readable by
// screen readers and tests) and is built with textContent only. Its style is
// one constructed stylesheet, made once and adopted by every line's shadow
// root: a page's CSP does not govern constructed sheets (a <style> element
// would be blocked, and reported, on pages with a strict style-src), and the
// page's DOM carries no style of ours. (Inline `all: initial` expanded into
// every CSS property, 11 KB of style attribute per line.)
// Nothing in it loads anything: the mark is CSS, the link opens only on click.

globalThis.epureSummaryLine = (() => {
  /** A summary longer than this is clipped: the line must stay one line. */
  const MAX_SUMMARY_CHARS = 280;

  /** platform -> [mark glyph, mark colour, name]. Brand names are not translated. */
  const PLATFORMS = Object.freeze({
    x: ['X', '#14171a', 'X'],
    instagram: ['◎', '#c13584', 'Instagram'],
    youtube: ['▶', '#cc0000', 'YouTube'],
    tiktok: ['♪', '#111111', 'TikTok'],
    facebook: ['f', '#1877f2', 'Facebook'],
    vimeo: ['▶', '#1a7fa6', 'Vimeo'],
    datawrapper: ['▥', '#1d81a2', 'Datawrapper'],
    flourish: ['▥', '#a03e8c', 'Flourish'],
    infogram: ['▥', '#d0491f', 'Infogram'],
    spotify: ['♫', '#1a8f4a', 'Spotify'],
    soundcloud: ['♫', '#e2570f', 'SoundCloud'],
    podcast: ['♫', '#7646a8', 'Podcast'],
    'google-maps': ['⌖', '#2f8a46', 'Google Maps'],
    openstreetmap: ['⌖', '#5f8a2f', 'OpenStreetMap'],
  });
  const UNKNOWN_PLATFORM = ['•', '#5f6b76', ''];

  /** A soft border that reads on light and dark pages: a tint of the text colour. */
  const HAIRLINE = '1px solid color-mix(in srgb, currentColor 30%, transparent)';

  /**
   * The line's whole style. `:host` resets everything the page may apply to
   * the host <div>, then takes the page's own text colour and font so the
   * line reads like the page around it; `!important` in a shadow root's
   * sheet wins over the page's own `!important` rules for the host.
   */
  const STYLE = `
:host { all: initial !important; display: block !important; margin: 0.75em 0 !important;
  color: inherit !important; font-family: inherit !important; font-size: inherit !important; }
.line { display: flex; align-items: center; gap: 0.5em; box-sizing: border-box; height: 2.4em;
  padding: 0 0.6em; border: ${HAIRLINE}; border-radius: 0.4em; font-size: 0.9em; line-height: 1.4;
  white-space: nowrap; overflow: hidden; }
.mark { display: inline-flex; align-items: center; justify-content: center; flex: none; width: 1.5em;
  height: 1.5em; border-radius: 0.3em; color: #ffffff; font-family: system-ui, sans-serif;
  font-size: 0.85em; font-weight: 700;
  /* A faint light ring (currentColor is the mark's white) keeps a dark mark visible on a dark page. */
  box-shadow: 0 0 0 1px color-mix(in srgb, currentColor 35%, transparent); }
/* Right-to-left text and stray bidi controls in a post stay inside the summary. */
.summary { flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; unicode-bidi: isolate; }
a { flex: none; color: inherit; text-decoration: underline; }
button { flex: none; font: inherit; color: inherit; background: transparent; border: ${HAIRLINE};
  border-radius: 0.3em; padding: 0 0.5em; cursor: pointer; }
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

  function clip(text) {
    const chars = Array.from(typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '');
    return chars.length > MAX_SUMMARY_CHARS
      ? `${chars.slice(0, MAX_SUMMARY_CHARS - 1).join('')}…`
      : chars.join('');
  }

  /**
   * Builds the line's host element for `placeholder`, worded with `labels`
   * (message key -> text, in the reader's language). The background
   * translates them and sends them with the plans (LINE_LABEL_KEYS in
   * background.js): in a Chromium content script, `i18n.getMessage` first
   * fetches the whole message bundle from the browser process, which
   * measured 5–15 ms of main thread before the first line (bench/README.md).
   * `onToggle()` runs when the reader clicks the control; `setShown(bool)`
   * updates its label.
   */
  function build(placeholder, labels, onToggle) {
    const t = (key) => labels[key] ?? key;
    const host = document.createElement('div');
    host.setAttribute('data-epure', 'summary');
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [lineSheet()];

    const [glyph, colour, name] = PLATFORMS[placeholder.platform] ?? UNKNOWN_PLATFORM;
    const line = element('div', 'line');
    line.setAttribute('role', 'group');
    line.setAttribute('aria-label', t('lineLabel'));

    const mark = element('span', 'mark');
    mark.style.background = colour;
    mark.textContent = glyph;
    mark.setAttribute('aria-hidden', 'true');
    if (name) mark.title = name;

    const summary = element('span', 'summary');
    summary.dir = 'auto';
    summary.textContent = clip(placeholder.summary);
    line.append(mark, summary);

    const href = safeLink(placeholder.url);
    if (href) {
      const link = element('a');
      link.href = href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = t('openOriginal');
      line.append(link);
    }

    const control = element('button');
    control.type = 'button';
    control.addEventListener('click', (event) => {
      // Only the reader's own click: a page script can't flip it.
      if (event.isTrusted) onToggle();
    });
    line.append(control);
    root.append(line);

    function setShown(shown) {
      control.textContent = shown ? t('collapseAgain') : t('showOriginal');
      control.setAttribute('aria-expanded', String(shown));
    }
    setShown(false);
    return { host, setShown };
  }

  return Object.freeze({ build, safeLink });
})();
