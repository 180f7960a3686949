// The reader view: the page's own DOM (kept by the background since the
// reader asked) turned into a calm article by the engine, which builds it
// here node by node (src/reader_dom.rs): this page parses no HTML string.
// It loads its own engine (pkg/epure_reader*), which the background's own
// never has (in Firefox, the background keeps an instance of this one for
// the reader pages: reader-open.js), and requests nothing from the network:
// images wait for a click.
//
// When it is done, <html data-state> says `article`, `no-article` or
// `nothing` (no page kept for this tab, e.g. after a reload), `data-engine`
// which engine built it (`own`, or `shared`: Firefox's background's), and
// `data-open-ms` how long it took from the reader's request to the first
// frame painted with the article. Performance marks split it for
// bench/reader-view.mjs: `epure-script` (this module runs), `epure-engine`
// (the engine ready: this page's, or in Firefox the background's), `epure-taken` (the page's copy here), `epure-render`
// (extract and build, with `epure-extract` and `epure-build`), `epure-worded`
// (the page's own words in: from here the browser lays out and paints),
// `epure-rest` (the body past the first screenful, built once that is
// painted; then `data-state` is set).

import './browser-api.js';
import './messages.js';
import initEngine, { renderReader, renderReaderRest } from './pkg/epure_reader.js';

const { epureApi: ext, epureMessages: messages } = globalThis;
performance.mark('epure-script');

/** One press of A−/A+, in CSS pixels. */
const SIZE_STEP = 2;
/** One press of the line-spacing buttons, in multiples of the size. */
const LINE_HEIGHT_STEP = 0.1;

const root = document.querySelector('[data-epure="reader"]');
const notice = document.getElementById('notice');
const html = document.documentElement;

// Started by reader-start.js as the page began: the engine (the background's, or compiled here), the page's copy, the settings.
const started = globalThis.epureReaderStart;
/** `{ renderReader, renderReaderRest }`: the background's engine, else this page's own instance. */
const engine = started.engine
  .then(async (lent) => {
    html.dataset.engine = lent ? 'shared' : 'own';
    if (lent) return lent;
    await initEngine({ module_or_path: await started.module });
    return { renderReader, renderReaderRest };
  })
  .then((ready) => {
    performance.measure('epure-engine');
    return ready;
  });

function localize() {
  html.lang = ext.t('@@ui_locale').replace('_', '-');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = ext.t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', ext.t(el.dataset.i18nLabel));
}

// ---- The look: the settings' `view`, kept by the background ----------------

let view = null;

function showView(next) {
  view = next;
  html.style.setProperty('--size', `${view.size}px`);
  html.style.setProperty('--line-height', String(view.line_height));
  html.dataset.font = view.font;
  html.dataset.width = view.width;
  html.dataset.theme = view.theme;
  for (const key of ['font', 'width', 'theme']) document.getElementById(key).value = view[key];
}

/** Whether `stored` has the view's shape (the engine validated what the background stores; anything may sit in storage). */
const isView = (stored) =>
  stored !== null &&
  typeof stored === 'object' &&
  Number.isFinite(stored.size) &&
  Number.isFinite(stored.line_height) &&
  ['font', 'width', 'theme'].every((key) => typeof stored[key] === 'string');

/** A look stored elsewhere (another reader view, the options page's import) shows here at once. */
function followView() {
  ext.storageChanges.addListener((changes, area) => {
    const stored = area === 'local' ? changes.settings?.newValue?.view : undefined;
    if (isView(stored)) showView(stored);
  });
}

/** Stores `change` in the view; the engine validates it (a size out of range is refused and changes nothing). */
async function changeView(change) {
  const answer = await ext.runtime.sendMessage({ type: 'view-set', view: { ...view, ...change } }).catch(() => null);
  const stored = messages.check(answer, 'settings');
  if (stored) showView(stored.settings.view);
}

function wireControls() {
  const steps = {
    'size-down': () => ({ size: view.size - SIZE_STEP }),
    'size-up': () => ({ size: view.size + SIZE_STEP }),
    'spacing-down': () => ({ line_height: Math.round((view.line_height - LINE_HEIGHT_STEP) * 10) / 10 }),
    'spacing-up': () => ({ line_height: Math.round((view.line_height + LINE_HEIGHT_STEP) * 10) / 10 }),
  };
  for (const [id, change] of Object.entries(steps)) {
    document.getElementById(id).addEventListener('click', () => view && changeView(change()));
  }
  for (const key of ['font', 'width', 'theme']) {
    const select = document.getElementById(key);
    select.addEventListener('change', () => view && changeView({ [key]: select.value }));
  }
  document.getElementById('back').addEventListener('click', () => history.back());
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) history.back();
  });
  // An image is loaded only when the reader asks for it: it is a request to the site.
  root.addEventListener('click', (event) => {
    const button = event.target.closest?.('button[data-epure="image"]');
    if (!button || !event.isTrusted) return;
    const img = document.createElement('img');
    img.referrerPolicy = 'no-referrer';
    img.alt = button.dataset.alt;
    img.src = button.dataset.src;
    button.replaceWith(img);
  });
}

// ---- The article ------------------------------------------------------------

/** Words the image buttons the engine built since the last call. */
function wordImages() {
  for (const button of root.querySelectorAll('button[data-epure="image"]:empty')) {
    const alt = button.dataset.alt;
    button.textContent = alt ? ext.t('loadImageAlt', [alt]) : ext.t('loadImage');
    button.title = ext.t('loadImageFrom', [new URL(button.dataset.src).host]);
  }
}

/** Words what the engine left for the page: reading time, date, image buttons. */
function word(shown) {
  document.title = shown.title ?? ext.t('extName');
  const reading = root.querySelector('[data-epure="reading-time"]');
  if (reading) reading.textContent = ext.t('readingTime', [String(shown.minutes)]);
  const time = root.querySelector('[data-epure="published"]');
  const day = time && new Date(time.textContent);
  if (day && !Number.isNaN(day.getTime())) {
    time.textContent = new Intl.DateTimeFormat(html.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
  }
  wordImages();
}

/** The body past the first screenful (src/reader_dom.rs), built by `built` and worded. */
function buildRest(built) {
  const restStart = performance.now();
  built.renderReaderRest(root);
  wordImages();
  performance.measure('epure-rest', { start: restStart });
}

function say(state, key) {
  notice.textContent = ext.t(key);
  notice.hidden = false;
  html.dataset.state = state;
}

async function start() {
  localize();
  wireControls();
  followView();
  const [taken, known] = await Promise.all([started.page, started.settings]);
  performance.mark('epure-taken');
  const settings = messages.check(known, 'settings')?.settings;
  if (settings) showView(settings.view);
  const page = messages.check(taken, 'reader-page');
  if (!page) {
    say('nothing', 'readerNothing');
    return;
  }
  const built = await engine;
  const rules = settings ? JSON.stringify(settings.rules) : undefined;
  const renderStart = performance.now();
  const shown = built.renderReader(page.html, page.url, rules, root);
  performance.measure('epure-render', { start: renderStart });
  if (!shown) {
    say('no-article', 'readerNoArticle');
    return;
  }
  const extracted = renderStart + shown.ms.extract;
  performance.measure('epure-extract', { start: renderStart, end: extracted });
  performance.measure('epure-build', { start: extracted, duration: shown.ms.build });
  word(shown);
  performance.mark('epure-worded');
  // A task queued from the next frame's callbacks runs once that frame's
  // rendering (with the article's first screenful) is done; the rest is
  // built then.
  requestAnimationFrame(() => {
    const painted = new MessageChannel();
    painted.port1.onmessage = () => {
      if (page.requestedAt !== undefined) {
        html.dataset.openMs = String(Date.now() - page.requestedAt);
        html.dataset.paintedAt = String(performance.now());
        html.dataset.capturedMs = String(page.capturedAt - page.requestedAt);
        if (Number.isFinite(page.serializedMs)) html.dataset.serializedMs = String(page.serializedMs);
      }
      try {
        if (shown.more) buildRest(built);
        html.dataset.state = 'article';
      } catch {
        say('failed', 'readerFailed');
      }
    };
    painted.port2.postMessage(null);
  });
}

start().catch(() => say('failed', 'readerFailed'));
