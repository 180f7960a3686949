// The reader view's ways in, in the background: the popup's button, the
// keyboard shortcut (`commands`) and the page's context menu. Each asks the
// tab's content script for the page's DOM (capture.js `capture`, through
// `scripting`: browser-api.js `inTab`), keeps it for that
// tab, and opens reader.html in the same tab, so Back returns to the page.
// The reader page then takes the copy (it is kept only until then). On a
// site whose `reader` is `auto`, the page's content script sends its copy
// by itself, and the reader view opens if the engine finds an article.

const { epureApi: ext, epureMessages: messages } = globalThis;

const COMMAND = 'open-reader';
const MENU_ID = 'open-reader';

/** The reader page's own engine (reader-start.js fetches the same file). */
const READER_WASM = 'pkg/epure_reader_bg.wasm';
/**
 * The reader's module, compiled here as the reader is asked for (on the
 * first request only: the background's start does not grow) and kept
 * while the background lives. Begun here, it compiles while the tab's page
 * is captured and the reader page starts.
 *
 * Where the background is a page (Firefox), the reader page, in the same
 * process, can take it, the engine made from it, its page's copy and the
 * settings (reader-start.js, through `extension.getBackgroundPage`: no
 * message, no copy of the page cloned twice between processes). Firefox
 * compiles a whole module before it resolves, and that compile was the
 * reader page's critical part.
 *
 * Chromium's background is a worker (no page to take it from), in the
 * extension's process like the reader pages: V8 keeps one compiled module
 * per process for the same bytes, so the reader page's own compile of the
 * file finds this one, with the code earlier reader views compiled and
 * optimized in it, instead of compiling it again (bench/README.md, "Issue
 * 11, pass of 2026-12-02").
 */
let readerModule = null;
function compileReaderEngine() {
  if (readerModule) return;
  readerModule = WebAssembly.compileStreaming(fetch(ext.runtime.getURL(READER_WASM)));
  readerModule.catch(() => {
    readerModule = null; // the reader page compiles its own
  });
}
const canLend = typeof window !== 'undefined';

/**
 * Firefox: one instance of the reader's engine, kept while this page lives,
 * which every reader page but the first calls (`renderReader`,
 * `renderReaderRest`: it builds the view in the page's own document, the
 * page's root given). Such a page neither instantiates the module nor runs
 * a fresh instance's first, slower calls: its extraction took 8–15 ms
 * against 21–47 (bench/README.md, fifth pass). It is made once the first
 * reader view is done and this process idle (making it sooner delays that
 * view: this page and the reader page share one thread; made as soon as
 * this page was idle, the first view took up to 437 ms against 196). Its
 * memory (grown to the largest page read) goes with this page, when
 * Firefox unloads it once idle. Null until made, and when it could not be.
 */
let readerEngine = null;
/**
 * When the engine is made after the first lend, ms: past the first reader
 * view's paint (under 0.5 s cold on a loaded machine), then at an idle moment.
 */
const MAKE_ENGINE_AFTER_MS = 2_000;
/** Longest wait for an idle moment after that, ms. */
const MAKE_ENGINE_WAIT_MS = 5_000;
let makingEngine = false;
/**
 * `call`, and the engine given up if it trapped (a panic: its memory may
 * be left half changed); reader pages then make their own again. A thrown
 * `JsError` (bad rules, a DOM call refused) leaves it sound.
 */
const guarded = (call) => (...args) => {
  try {
    return call(...args);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) readerEngine = null; // makingEngine stays set: never made again
    throw error;
  }
};
function makeReaderEngineLater() {
  if (makingEngine || readerEngine || !readerModule) return;
  makingEngine = true;
  const make = () =>
    Promise.all([import('./pkg/epure_reader.js'), readerModule])
      .then(async ([glue, compiled]) => {
        await glue.default({ module_or_path: compiled });
        readerEngine = Object.freeze({ renderReader: guarded(glue.renderReader), renderReaderRest: guarded(glue.renderReaderRest) });
      })
      .catch(() => {
        makingEngine = false; // tried again after the next reader view
      });
  setTimeout(() => requestIdleCallback(make, { timeout: MAKE_ENGINE_WAIT_MS }), MAKE_ENGINE_AFTER_MS);
}

/** tab id -> `{ url, html, requestedAt, capturedAt, serializedMs }`, until that tab's reader page takes it. */
const captured = new Map();

/** What the reader page of `tabId` takes: its page's copy (`reader-page`, once) or `reader-none`. */
function take(tabId) {
  const page = captured.get(tabId);
  captured.delete(tabId);
  return page ? { type: 'reader-page', ...page } : { type: 'reader-none' };
}

if (canLend) {
  const views = (globalThis.browser ?? globalThis.chrome).extension;
  /**
   * What the reader page `view` (its window) would ask for by messages,
   * handed over in this process: the engine (`readerEngine`, or null) and
   * else the module (a promise, or null), and when `view` is a kept tab's
   * reader page, its page's copy and the settings (`settings-get`'s answer,
   * a promise); else null for both.
   */
  globalThis.epureReaderLend = (view) => {
    const tabId = [...captured.keys()].find((id) => views.getViews({ type: 'tab', tabId: id }).includes(view));
    const lent = { engine: readerEngine, module: readerModule };
    makeReaderEngineLater();
    if (tabId === undefined || !engine) return { ...lent, page: null, settings: null };
    // A copy: the page never holds the background's own document.
    const settings = engine.settings().then((document) => ({ type: 'settings', settings: structuredClone(document) }));
    return { ...lent, page: take(tabId), settings };
  };
}

/** Keeps `page` for `tabId` and opens the reader view there; false when the tab can't go there. */
async function show(tabId, page, requestedAt) {
  const serializedMs = Number.isFinite(page.serializedMs) ? page.serializedMs : undefined;
  captured.set(tabId, { url: page.url, html: page.html, requestedAt, capturedAt: Date.now(), serializedMs });
  try {
    await ext.tabs.update(tabId, { url: ext.runtime.getURL('reader.html') });
  } catch {
    captured.delete(tabId); // no reader page will come for it
    return false;
  }
  return true;
}

/** Opens the reader view in `tabId`; false when the tab has no content script (a browser page). */
async function openReader(tabId) {
  if (!Number.isInteger(tabId)) return false;
  const requestedAt = Date.now();
  compileReaderEngine();
  const page = messages.check(await ext.inTab(tabId, 'capture'), 'reader-page');
  return page ? show(tabId, page, requestedAt) : false;
}

/** What the background's engine says of a page, and its settings: `{ features(url), pagePlan({ url, html }), settings() }`. */
let engine = null;

/** The reader view opens by itself on pages of `reader: "auto"` sites, as `found` says. */
export function openByItself(found) {
  engine = found;
}

/**
 * A page of its tab (capture.js decided to ask, once per load): the
 * reader view opens there if the site's `reader` is `auto` and the engine
 * finds an article. Returns what was done, as capture.js words it.
 */
async function autoOpen(tabId, page) {
  const requestedAt = Date.now();
  if (!engine || !Number.isInteger(tabId)) return 'failed';
  if ((await engine.features(page.url)).reader !== 'auto') return 'off';
  compileReaderEngine();
  if (!(await engine.pagePlan(page)).article) return 'no-article';
  return (await show(tabId, page, requestedAt)) ? 'opened' : 'failed';
}

const fromOwnPage = (sender) => sender.id === ext.runtime.id && Boolean(sender.url?.startsWith(ext.runtime.getURL('')));

// A content script's page (the sender's own tab and address, never the message's).
ext.runtime.onMessage.addListener((raw, sender, reply) => {
  if (sender.id !== ext.runtime.id || !sender.tab || fromOwnPage(sender)) return false;
  const message = messages.check(raw, 'reader-auto');
  if (!message) return false;
  const page = { url: sender.url ?? message.url, html: message.html };
  autoOpen(sender.tab.id, page).then(
    (decision) => reply({ type: 'reader-auto-done', decision }),
    () => reply({ type: 'reader-auto-done', decision: 'failed' }),
  );
  return true;
});

ext.runtime.onMessage.addListener((raw, sender, reply) => {
  if (!fromOwnPage(sender)) return false;
  const message = messages.check(raw, 'reader-open', 'reader-take');
  if (!message) return false;
  if (message.type === 'reader-open') {
    openReader(message.tabId).then(
      (opened) => reply({ type: 'reader-opened', opened }),
      () => reply({ type: 'reader-opened', opened: false }),
    );
    return true;
  }
  reply(take(sender.tab?.id));
  return false;
});

ext.commands.onCommand.addListener(async (command, tab) => {
  if (command !== COMMAND) return;
  const id = tab?.id ?? (await ext.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  openReader(id);
});

// Menus persist across the background's restarts: made once, at install.
ext.runtime.onInstalled.addListener(() => {
  ext.contextMenus.create(
    {
      id: MENU_ID,
      title: ext.t('readerMenu'),
      contexts: ['page'],
      documentUrlPatterns: ['http://*/*', 'https://*/*'],
    },
    () => void ext.runtime.lastError, // already there after an update: nothing to do
  );
});

ext.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) openReader(tab?.id);
});
