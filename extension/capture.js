// The page as the reader view shows it: when the background asks (the
// reader was asked for from the popup, the shortcut or the menu), the live
// DOM is serialized and handed over. The reader page builds its view from
// this copy alone and requests nothing from the network.
//
// Opening by itself (`reader: "auto"` for the site): once the page is
// parsed, the copy goes to the background, whose engine opens the reader
// view only if the page has an article. The rule against loops: the reader
// opens by itself once per load of a page, and never on a page the reader
// came back to (Back, Esc or Forward: a page restored from the history,
// whole from the back-forward cache or loaded again). A reload asks anew.

(() => {
  if (globalThis.epureCaptureLoaded) return;
  globalThis.epureCaptureLoaded = true;
  const { epureApi: ext, epureMessages: messages } = globalThis;

  /**
   * The page's DOM as the engine reads it: no more than its bound, the rest
   * would only cost the copy. `serializedMs`: what the serialization took
   * (bench/reader-view.mjs).
   */
  function capture() {
    const start = performance.now();
    const html = document.documentElement.outerHTML.slice(0, messages.MAX_REQUEST_CHARS);
    return { url: location.href, html, serializedMs: performance.now() - start };
  }

  /**
   * Whether the stored settings open the reader by itself anywhere (by
   * default or for a site): else a page does not wake the background.
   */
  async function autoAnywhere() {
    const settings = await ext.settingsAtLoad();
    if (!settings || typeof settings !== 'object') return false;
    const sites = settings.sites && typeof settings.sites === 'object' ? Object.values(settings.sites) : [];
    return settings.defaults?.reader === 'auto' || sites.some((site) => site?.reader === 'auto');
  }

  /** A page reached through the history (Back, Forward), not by a new navigation. */
  const fromHistory = () => performance.getEntriesByType('navigation')[0]?.type === 'back_forward';

  async function decide() {
    if (window.top !== window) return 'off';
    // Settings that open the reader nowhere (most pages: no storage read,
    // see settingsAtLoad) end it before any look at the page.
    if (!(await autoAnywhere())) return 'off';
    // Too little prose for the engine's smallest article: no history entry read, no message.
    if (!globalThis.epureMayHaveArticle()) return 'no-article';
    if (fromHistory()) return 'restored';
    const features = await ext.runtime.sendMessage({ type: 'features', url: location.href }).catch(() => null);
    if (messages.check(features, 'site-features')?.reader !== 'auto') return 'off';
    const { url, html } = capture();
    const request = { type: 'reader-auto', url, html };
    if (!messages.check(request, 'reader-auto')) return 'failed';
    const answer = await ext.runtime.sendMessage(request).catch(() => null);
    return messages.check(answer, 'reader-auto-done')?.decision ?? 'failed';
  }

  const decideOnce = () => decide().catch(() => 'failed');
  /**
   * What this page did about the reader view by itself: `off` (not asked
   * here), `restored` (came back from the history), `no-article`, `opened`
   * or `failed`. Extension pages may ask (`autoDecision`).
   */
  let decided =
    document.readyState === 'loading'
      ? new Promise((done) => document.addEventListener('DOMContentLoaded', () => done(decideOnce()), { once: true }))
      : decideOnce();
  // Whole from the back-forward cache: the reader was here already.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) decided = Promise.resolve('restored');
  });

  // Asked by the background and the extension's pages (browser-api.js `inTab`): no listener waits on every page.
  ext.offer({
    /** The reader view was asked for: the page's DOM. */
    capture: () => ({ type: 'reader-page', ...capture() }),
    autoDecision: () => decided.then((decision) => ({ type: 'reader-auto-done', decision })),
  });
})();
