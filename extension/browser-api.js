// The one place that touches the browser's extension APIs. Loaded as a plain
// script by the content script and imported for its effect by the background
// and the popup, so it publishes one global instead of exporting.
//
// Firefox exposes `browser`, Chromium `chrome`; both return promises in MV3.
// Settings are written by the background alone (settings-store.js); pages
// follow their changes.

globalThis.epureApi = (() => {
  const api = globalThis.browser ?? globalThis.chrome;

  const t = (key, substitutions) => api.i18n.getMessage(key, substitutions) || key;

  let atLoad;
  /**
   * The stored settings document as the page found it: one storage read,
   * shared by the content scripts that look at it once the page is parsed
   * (site rules, tidy, the reader's auto mode), and only on the pages the
   * background marked as having settings that say something at load
   * (has-settings.js, pages-with-settings.js); elsewhere, none (undefined:
   * the defaults). Later changes are read afresh.
   */
  /** Whether this page's site has settings that say something at load (has-settings.js ran). */
  const settingsSayAtLoad = () => globalThis.epureHasSettings === true;
  const settingsAtLoad = () =>
    (atLoad ??=
      settingsSayAtLoad()
        ? api.storage.local.get('settings').then(
            ({ settings }) => settings,
            () => undefined,
          )
        : Promise.resolve(undefined));

  /**
   * The content script's second part (content.js, the line, collapse, tidy,
   * capture; joined at build, tools/build-dist.mjs): content-start.js has
   * it injected where there is something to do, and so do the calls below.
   */
  const CONTENT_REST = 'content-rest.js';

  /** The target of frame `frameId` of tab `tabId` (the top frame if none). */
  const frameOf = (tabId, frameId) => (frameId === undefined ? { tabId } : { tabId, frameIds: [frameId] });

  /**
   * Injects the content script's rest into frame `frameId` of tab `tabId`,
   * unasked: for a frame whose first part just called for it. A second
   * injection runs nothing (the bundle guards itself).
   */
  async function injectRest(tabId, frameId) {
    await api.scripting.executeScript({ target: frameOf(tabId, frameId), files: [CONTENT_REST], injectImmediately: true });
  }

  /** Injects the content script's rest into frame `frameId` of tab `tabId` (the top frame if none), if not there yet. */
  async function loadRest(tabId, frameId) {
    const [first] = await api.scripting.executeScript({
      target: frameOf(tabId, frameId),
      func: () => globalThis.epureStart !== undefined && globalThis.epureRestLoaded !== true,
    });
    if (first?.result) await injectRest(tabId, frameId);
  }

  /**
   * Calls `name` of what the top frame of tab `tabId` offers (`epureTab`),
   * with `args`: `{ result }`, or `{ loadable: true }` when nothing offers
   * it there yet but the content script's rest can be loaded.
   */
  async function call(tabId, name, args) {
    const [first] = await api.scripting.executeScript({
      target: { tabId },
      func: (called, values) => {
        const offered = globalThis.epureTab?.[called];
        if (offered) return Promise.resolve(offered(...values)).then((result) => ({ result: result ?? null }));
        return { loadable: globalThis.epureStart !== undefined && globalThis.epureRestLoaded !== true };
      },
      args: [name, args],
    });
    return first?.result ?? {};
  }

  /**
   * Calls `name` of what the page's content script offers (`epureTab`, in
   * its own isolated world) in the top frame of tab `tabId`, with `args`
   * (JSON values), its rest loaded first if it was not; its answer, or null
   * when the tab has no content script (a browser page, a store) or the call
   * failed. The page's scripts offer this instead of a message listener: a
   * listener costs every page the browser's `runtime` object, and almost
   * every page is never asked.
   */
  async function inTab(tabId, name, ...args) {
    try {
      const called = await call(tabId, name, args);
      if (!called.loadable) return called.result ?? null;
      await injectRest(tabId);
      return (await call(tabId, name, args)).result ?? null;
    } catch {
      return null;
    }
  }

  /** `inTab`, but only where the rest is loaded already (a page that never loaded it has nothing to follow). */
  async function inLoadedTab(tabId, name, ...args) {
    try {
      return (await call(tabId, name, args)).result ?? null;
    } catch {
      return null;
    }
  }

  /**
   * The element picker (picker.js, picker.css) is loaded into a page only
   * when asked for (the popup's "pick", the options page's rule test): few
   * pages ever see it, and on every other its parse would cost. Once per
   * page, and only where the content script runs (picker.js builds on its
   * rest).
   */
  async function loadPicker(tabId) {
    await loadRest(tabId);
    const target = { tabId };
    const [first] = await api.scripting.executeScript({
      target,
      func: () => globalThis.epureContentLoaded === true && globalThis.epurePickerLoaded !== true,
    });
    if (!first?.result) return;
    await api.scripting.insertCSS({ target, files: ['picker.css'] });
    await api.scripting.executeScript({ target, files: ['picker.js'] });
  }

  /** `inTab` for the picker's calls: the picker is loaded first if it is not there yet. */
  async function inPicker(tabId, name, ...args) {
    try {
      await loadPicker(tabId);
    } catch {
      return null; // no content script there, or the page went away
    }
    return inTab(tabId, name, ...args);
  }

  /** Whether a page of `host` belongs to site key `site`: the key's host or a subdomain of it (as in src/rules.rs). */
  const isOfSite = (host, site) => host === site || host.endsWith(`.${site}`);

  /** What the content script offers to `inTab`: each part adds its own calls. */
  const offer = (calls) => Object.assign((globalThis.epureTab ??= {}), calls);

  // Getters, not values: the browser builds each API object on first use,
  // which costs a content script on a page with nothing to do.
  return Object.freeze({
    get runtime() {
      return api.runtime;
    },
    get tabs() {
      return api.tabs;
    },
    get action() {
      return api.action;
    },
    get storage() {
      return api.storage.local;
    },
    get storageChanges() {
      return api.storage.onChanged;
    },
    get commands() {
      return api.commands;
    },
    get contextMenus() {
      return api.contextMenus;
    },
    get scripting() {
      return api.scripting;
    },
    settingsAtLoad,
    settingsSayAtLoad,
    injectRest,
    inTab,
    inLoadedTab,
    inPicker,
    isOfSite,
    offer,
    t,
  });
})();
