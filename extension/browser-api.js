// The one place that touches the browser's extension APIs. Loaded as a plain
// script by the content script and imported for its effect by the background
// and the popup, so it publishes one global instead of exporting.
//
// Firefox exposes `browser`, Chromium `chrome`; both return promises in MV3.
// Storage reads never throw: a missing, corrupt or foreign value reads as the
// default, so a bad storage state can never stop the extension.

globalThis.epureApi = (() => {
  const api = globalThis.browser ?? globalThis.chrome;

  /** Defaults, in one literal: every site is collapsed unless the reader says no. */
  const DEFAULTS = Object.freeze({ sitesOff: Object.freeze({}) });

  /** Reads `sitesOff` (host -> true for the sites the reader turned off). */
  async function readSitesOff() {
    try {
      const stored = await api.storage.local.get('sitesOff');
      const value = stored?.sitesOff;
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return DEFAULTS.sitesOff;
      }
      const clean = {};
      for (const [host, off] of Object.entries(value)) {
        if (typeof host === 'string' && off === true) clean[host] = true;
      }
      return clean;
    } catch {
      return DEFAULTS.sitesOff;
    }
  }

  /** Whether Épure collapses boxes on `host`. */
  async function isOnFor(host) {
    const sitesOff = await readSitesOff();
    return !Object.hasOwn(sitesOff, host);
  }

  /** Turns Épure on or off for `host`; stores only the exceptions. */
  async function setOnFor(host, on) {
    const sitesOff = { ...(await readSitesOff()) };
    if (on) delete sitesOff[host];
    else sitesOff[host] = true;
    await api.storage.local.set({ sitesOff });
  }

  const t = (key, substitutions) => api.i18n.getMessage(key, substitutions) || key;

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
    t,
    isOnFor,
    setOnFor,
  });
})();
