// The background: the only place the engine (wasm) runs. Content scripts send
// the regions of a page that may hold consent boxes; the engine answers with
// one plan per region. Chromium runs this as a service worker, Firefox as an
// event page; both load it as a module.
//
// Why here and not in the content script: Chromium refuses to compile wasm in
// a content script on a page whose CSP lacks 'wasm-unsafe-eval', and reports
// the refusal to the site. Extension pages have their own CSP, which allows it.

import './browser-api.js';
import './messages.js';
import initEngine, { analyzeFragment } from './pkg/epure.js';

const { epureApi: ext, epureMessages: messages } = globalThis;

/** The engine, instantiated once, on the first request (not at browser start). */
let engine = null;
function ready() {
  engine ??= initEngine({ module_or_path: new URL('./pkg/epure_bg.wasm', import.meta.url) }).catch(
    (error) => {
      engine = null; // let the next request try again
      throw error;
    },
  );
  return engine;
}

/** One plan per region; a region the engine can't read gets an empty plan. */
async function analyze({ url, regions }) {
  await ready();
  return regions.map((html) => {
    try {
      return analyzeFragment(html, url, undefined);
    } catch {
      return { placeholders: [] };
    }
  });
}

const BADGE_COLOR = '#3b5b7a';

/** The summary line's words, as the content script needs them (it reads no i18n itself). */
const LINE_LABEL_KEYS = ['lineLabel', 'openOriginal', 'showOriginal', 'collapseAgain'];
let labels = null;
function lineLabels() {
  labels ??= Object.fromEntries(LINE_LABEL_KEYS.map((key) => [key, ext.t(key)]));
  return labels;
}

ext.runtime.onMessage.addListener((raw, sender, reply) => {
  // Only our own content scripts and pages talk to us.
  if (sender.id !== ext.runtime.id) return false;
  const message = messages.check(raw, 'analyze', 'collapsed');
  if (!message) return false;

  if (message.type === 'collapsed') {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return false;
    const text = message.count > 0 ? String(message.count) : '';
    ext.action.setBadgeText({ tabId, text }).catch(() => {});
    ext.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(() => {});
    return false;
  }

  analyze(message).then(
    (plans) => reply({ type: 'plans', plans, labels: lineLabels() }),
    (error) => reply({ type: 'failed', reason: String(error?.message ?? error) }),
  );
  return true; // the reply comes later
});
