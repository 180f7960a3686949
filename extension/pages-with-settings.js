// Which pages read the settings at load. The settings tell a page at load
// only three things: its site rule's boxes (content.js), tidy on
// (tidy-in-place.js) and the reader view by itself (capture.js). So the
// background registers the one-line content script has-settings.js
// (`scripting.registerContentScripts`) for the sites whose settings say one
// of them, all pages when the defaults do, anew whenever the settings are
// stored. Every other page never builds the storage API: on a page with
// nothing to do that is most of what a content script costs.
//
// Open pages follow a change when the background tells them
// (`settingsChanged`, browser-api.js `inTab`): no page listens to storage
// for a change that is almost never about it.

const SCRIPT_ID = 'epure-has-settings';
const EVERY_PAGE = ['http://*/*', 'https://*/*'];
/** An IP address as a URL's host has it: matched as itself, never as `*.` a parent of subdomains. */
const IP_HOST = /^(\d+\.){3}\d+$|^\[/;

/** A site key as a match pattern's host: lower case, ASCII (punycode), no final dot; null if it is not a host. */
function hostForm(key) {
  try {
    return new URL(`https://${key}/`).hostname.replace(/\.+$/, '') || null;
  } catch {
    return null;
  }
}

const isObject = (o) => o !== null && typeof o === 'object' && !Array.isArray(o);

/**
 * Match patterns of the pages whose stored `settings` (the raw document:
 * anything unexpected in it is passed over, as the content scripts do) say
 * something at load; a site key covers its host and every subdomain.
 */
export function pagesWithSettings(settings) {
  if (!isObject(settings)) return [];
  if (settings.defaults?.tidy === true || settings.defaults?.reader === 'auto') return EVERY_PAGE;
  const keys = [];
  for (const [key, own] of Object.entries(isObject(settings.sites) ? settings.sites : {})) {
    if (own?.tidy === true || own?.reader === 'auto') keys.push(key);
  }
  for (const [key, rule] of Object.entries(isObject(settings.rules?.sites) ? settings.rules.sites : {})) {
    if (Array.isArray(rule?.boxes) && rule.boxes.length > 0) keys.push(key);
  }
  const patterns = new Set();
  for (const host of keys.map(hostForm)) {
    if (host) patterns.add(`*://${IP_HOST.test(host) ? host : `*.${host}`}/*`);
  }
  return [...patterns].sort();
}

/** Whether the match patterns `matches` (as `pagesWithSettings` makes them) cover page `url`. */
function covers(matches, url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return matches.some((pattern) => {
    const site = /^[^:]+:\/\/(.*)\/\*$/.exec(pattern)?.[1] ?? '';
    if (site === '*') return true;
    return site.startsWith('*.') ? host === site.slice(2) || host.endsWith(site.slice(1)) : host === site;
  });
}

/**
 * Keeps has-settings.js registered for the pages of `settings` (see above),
 * one change at a time, and tells the open pages to read the settings
 * anew. `ext` is browser-api.js's.
 */
export function followSettings(ext) {
  let queue = Promise.resolve();

  async function register(matches) {
    const [current] = await ext.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (current && current.matches.join() === matches.join()) return;
    if (current) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (matches.length === 0) return;
    const script = { id: SCRIPT_ID, js: ['has-settings.js'], matches, runAt: 'document_start' };
    try {
      await ext.scripting.registerContentScripts([script]);
    } catch {
      // A pattern this browser refuses: every page reads its settings, as it did before.
      await ext.scripting.registerContentScripts([{ ...script, matches: EVERY_PAGE }]);
    }
  }

  /** The pages of `settings` from now on; with `tell`, the open pages read them anew. */
  function follow(settings, tell) {
    queue = queue
      .then(() => register(pagesWithSettings(settings)))
      .catch(() => {})
      .then(async () => {
        if (!tell) return;
        const matches = pagesWithSettings(settings);
        for (const tab of await ext.tabs.query({ url: EVERY_PAGE })) {
          // A page of those sites loads the content script's rest to follow; another only tells a rest it has.
          const tell = covers(matches, tab.url) ? ext.inTab : ext.inLoadedTab;
          tell(tab.id, 'settingsChanged');
        }
      })
      .catch(() => {});
    return queue;
  }
  return follow;
}
