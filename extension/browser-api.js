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
   * (tidy, the reader's auto mode). Later changes are read afresh.
   */
  const settingsAtLoad = () =>
    (atLoad ??= api.storage.local.get('settings').then(
      ({ settings }) => settings,
      () => undefined,
    ));

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
    settingsAtLoad,
    t,
  });
})();
