// The popup: one switch, "collapse consent boxes on this site", remembered
// per site in the settings document. It asks the page's content script for
// its state (`scripting`, browser-api.js `inTab`), has the background store the
// choice for the site (every open tab of the site follows the stored
// document) and tells this page at once, which collapses its boxes or puts
// itself back exactly. Its "Reader view" button opens the reader view in
// the page's tab (reader-open.js); a third switch opens the site's articles
// in the reader view by itself (`reader: "auto"`, capture.js).

import './browser-api.js';
import './messages.js';

const { epureApi: ext, epureMessages: messages } = globalThis;

const toggle = document.getElementById('site-switch');
const tidyToggle = document.getElementById('tidy-switch');
const siteLine = document.getElementById('site');
const status = document.getElementById('status');

for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = ext.t(el.dataset.i18n);
document.documentElement.lang = ext.t('@@ui_locale').replace('_', '-');

/** The tab this popup is about: `?tab=ID` when opened as a page (tests), else the active tab. */
async function targetTab() {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function showCount(state) {
  status.textContent = state.on ? ext.t('collapsedCount', [String(state.count)]) : ext.t('siteOff');
}

async function start() {
  const tabId = await targetTab();
  // Null where no content script runs: a browser page, a store, a file.
  const state = messages.check(await ext.inTab(tabId, 'state'), 'state');
  if (!state) {
    status.textContent = ext.t('unavailable');
    return;
  }
  const known = messages.check(
    await ext.runtime.sendMessage({ type: 'settings-get', url: `https://${state.host}/` }),
    'settings',
  );
  if (!known?.site) {
    status.textContent = ext.t('unavailable');
    return;
  }
  const { site, settings } = known;
  siteLine.textContent = site;
  toggle.checked = state.on;
  toggle.disabled = false;
  showCount(state);
  toggle.addEventListener('change', async () => {
    toggle.disabled = true;
    const on = toggle.checked;
    // Back to the defaults when the switch agrees with them: no exception kept.
    const own = { ...settings.sites[site] };
    if (on === settings.defaults.collapse) delete own.collapse;
    else own.collapse = on;
    const features = Object.keys(own).length > 0 ? own : null;
    const stored = messages.check(await ext.runtime.sendMessage({ type: 'site-set', site, features }), 'settings');
    if (stored) settings.sites = stored.settings.sites;
    const now = messages.check(await ext.inTab(tabId, 'setOn', on), 'state');
    if (now) showCount(now);
    toggle.disabled = false;
  });
  // Tidy: the page follows the stored settings by itself (tidy-in-place.js).
  tidyToggle.checked = settings.sites[site]?.tidy ?? settings.defaults.tidy;
  tidyToggle.disabled = false;
  tidyToggle.addEventListener('change', async () => {
    tidyToggle.disabled = true;
    const own = { ...settings.sites[site] };
    if (tidyToggle.checked === settings.defaults.tidy) delete own.tidy;
    else own.tidy = tidyToggle.checked;
    const features = Object.keys(own).length > 0 ? own : null;
    const stored = messages.check(await ext.runtime.sendMessage({ type: 'site-set', site, features }), 'settings');
    if (stored) settings.sites = stored.settings.sites;
    tidyToggle.disabled = false;
  });
  followReader(site, settings);
}

/**
 * "Open in reader view automatically" for the site: `reader: "auto"`, or
 * back to the defaults when the switch agrees with them. The next page of
 * the site that has an article opens in the reader view (capture.js).
 */
function followReader(site, settings) {
  const toggle = document.getElementById('reader-switch');
  const auto = (own) => (own?.reader ?? settings.defaults.reader) === 'auto';
  toggle.checked = auto(settings.sites[site]);
  toggle.disabled = false;
  toggle.addEventListener('change', async () => {
    toggle.disabled = true;
    const own = { ...settings.sites[site] };
    if (toggle.checked === (settings.defaults.reader === 'auto')) delete own.reader;
    else own.reader = toggle.checked ? 'auto' : 'off';
    const features = Object.keys(own).length > 0 ? own : null;
    const stored = messages.check(await ext.runtime.sendMessage({ type: 'site-set', site, features }), 'settings');
    if (stored) settings.sites = stored.settings.sites;
    toggle.checked = auto(settings.sites[site]);
    toggle.disabled = false;
  });
}

document.getElementById('open-options').addEventListener('click', () => {
  ext.runtime.openOptionsPage();
  window.close();
});

// The reader view opens in the page's own tab (the background captures the page first).
document.getElementById('open-reader').addEventListener('click', async () => {
  const answer = await ext.runtime.sendMessage({ type: 'reader-open', tabId: await targetTab() }).catch(() => null);
  if (messages.check(answer, 'reader-opened')?.opened) window.close();
  else status.textContent = ext.t('readerNotOpened');
});

start();

// The element picker: it runs in the page (picker.js); the popup only starts
// it, once the page's content script has answered, then gets out of the way.
const pickButton = document.getElementById('pick');
(async () => {
  const tabId = await targetTab();
  if (!messages.check(await ext.inTab(tabId, 'state'), 'state')) return;
  pickButton.disabled = false;
  pickButton.addEventListener('click', async () => {
    pickButton.disabled = true;
    const started = messages.check(await ext.inPicker(tabId, 'pick'), 'picking');
    if (started) window.close();
    else pickButton.disabled = false;
  });
})();
