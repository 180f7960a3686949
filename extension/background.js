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
import * as engineApi from './pkg/epure.js';
import { followSettings } from './pages-with-settings.js';
import { openByItself } from './reader-open.js';
import { settingsStore } from './settings-store.js';

const { default: initEngine, analyzeFragment } = engineApi;
const { epureApi: ext, epureMessages: messages } = globalThis;

/**
 * Start-up steps, each marked once per start of this worker or page
 * (`performance.mark`, bounded: a handful per start). bench/extension-perf.mjs
 * reads them to split a cold start.
 */
const marked = new Set();
function markOnce(name) {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(`epure-${name}`);
}

/** The engine, instantiated once, on the first request (not at browser start). */
let engine = null;
function ready() {
  engine ??= initEngine({ module_or_path: new URL('./pkg/epure_bg.wasm', import.meta.url) }).then(
    (exports) => {
      markOnce('engine');
      return exports;
    },
    (error) => {
      engine = null; // let the next request try again
      throw error;
    },
  );
  return engine;
}

/**
 * The settings, loaded (and repaired or migrated) by the engine on first
 * use. Their storage read starts with the engine's compilation rather than
 * after it: on a cold start both are on the way to the first line.
 */
const followPages = followSettings(ext);
const store = settingsStore(engineApi, ext.storage, (stored) => followPages(stored, true));
// Which pages read the settings at load (pages-with-settings.js), from the
// stored document as it is (no engine needed), when the extension is
// installed or updated and when the browser starts.
const followStored = () => ext.storage.get('settings').then(({ settings }) => followPages(settings, false), () => {});
ext.runtime.onInstalled.addListener(followStored);
ext.runtime.onStartup.addListener(followStored);
async function settings() {
  store.prefetch();
  await ready();
  const loaded = await store.load();
  markOnce('settings');
  return loaded;
}

/**
 * One plan per region; a region the engine can't read gets an empty plan.
 * `data`: the page's data scripts, where a box may find its URL.
 */
async function analyze({ url, regions, data }) {
  // The words of the browser's language and English are read meanwhile.
  lineLabels([]);
  await settings(); // the reader's site rules are the engine's from here on
  return regions.map((html) => {
    try {
      return analyzeFragment(html, url, undefined, data);
    } catch {
      return { placeholders: [] };
    }
  });
}

/** The article and clutter of a whole page, for tidying it in place. */
async function pagePlan({ url, html }) {
  await settings(); // the reader's site rules
  const { article, clutter } = engineApi.analyzePage(html, url);
  return { article: article ?? null, clutter: clutter ?? [] };
}

const BADGE_COLOR = '#3b5b7a';

/**
 * The summary line's words, per language, read from _locales (the content
 * script reads no i18n itself): each line speaks its summary's language
 * when Épure has words for it, else the browser's (summary-line.js).
 */
const LINE_LABEL_KEYS = [
  'lineLabel',
  'lineLabelUnknown',
  'openLabel',
  'openLabelUnknown',
  'openOriginal',
  'showOriginal',
  'collapseAgain',
  'moreText',
  'lessText',
];
/** A language tag that can name a _locales folder. */
const LANGUAGE_TAG = /^[a-z]{2,3}$/;
const lineWords = new Map();
function wordsIn(language) {
  if (!lineWords.has(language)) {
    const words = fetch(new URL(`./_locales/${language}/messages.json`, import.meta.url))
      .then((response) => (response.ok ? response.json() : null))
      .then((bundle) => bundle && Object.fromEntries(LINE_LABEL_KEYS.map((key) => [key, bundle[key]?.message ?? key])))
      .catch(() => null);
    lineWords.set(language, words);
  }
  return lineWords.get(language);
}

/** `{ labels: language -> words, language: the browser's (or en) }` for these plans. */
async function lineLabels(plans) {
  const browser = ext.t('@@ui_locale').split(/[-_]/)[0].toLowerCase();
  const wanted = new Set([browser, 'en', ...plans.map((plan) => plan?.language)]);
  const languages = [...wanted].filter((language) => typeof language === 'string' && LANGUAGE_TAG.test(language));
  // All read at once: on a cold start each is a file read and a parse.
  const found = await Promise.all(languages.map(wordsIn));
  const labels = {};
  languages.forEach((language, i) => {
    if (found[i]) labels[language] = found[i];
  });
  return { labels, language: labels[browser] ? browser : 'en' };
}

/** What a page's settings are: `{ site, collapse, tidy, reader }`. */
async function features(url) {
  await settings();
  return engineApi.featuresFor(url);
}

openByItself({ features, pagePlan, settings });

/** Edits of the settings that the popup and the options page ask for, by message type. */
const EDITS = {
  'site-set': ({ site, features: own }, doc) => {
    if (own === null) delete doc.sites[site];
    else doc.sites[site] = own;
  },
  'rule-set': ({ site, rule }, doc) => {
    if (rule === null) delete doc.rules.sites[site];
    else doc.rules.sites[site] = rule;
  },
  'defaults-set': ({ defaults }, doc) => {
    doc.defaults = defaults;
  },
  'view-set': ({ view }, doc) => {
    doc.view = view;
  },
  // Raw rules JSON from the options page: the engine reads it first (a
  // duplicate key or a bad selector refuses it whole).
  'rules-set': ({ text }, doc) => {
    const error = engineApi.checkRules(text);
    if (error) throw new Error(error);
    doc.rules = JSON.parse(text);
  },
};

/** The settings messages, each answered with `settings` or `refused` (reason: the engine's message). */
async function settingsRequest(message) {
  await settings();
  switch (message.type) {
    case 'settings-get':
      return {
        type: 'settings',
        settings: await store.load(),
        site: message.url ? engineApi.siteOf(message.url) ?? null : null,
        notice: message.notice ? await store.takeNotice() : [],
      };
    case 'rules-check':
      return { type: 'checked', error: engineApi.checkRules(message.text) ?? null };
    case 'settings-check':
      return { type: 'checked', error: engineApi.checkSettings(JSON.stringify(message.document)) ?? null };
    case 'import-preview':
      return { type: 'preview', ...engineApi.previewImport(message.text) };
    case 'import': {
      const { merged, replaced } = engineApi.previewImport(message.text);
      return { type: 'settings', settings: await store.replace(message.mode === 'merge' ? merged : replaced) };
    }
    case 'export':
      return { type: 'exported', document: engineApi.exportSettings() };
    default:
      return { type: 'settings', settings: await store.update((doc) => EDITS[message.type](message, doc)) };
  }
}

const SETTINGS_MESSAGES = [
  'settings-get',
  'settings-check',
  'rules-check',
  'import-preview',
  'import',
  'export',
  ...Object.keys(EDITS),
];

ext.runtime.onMessage.addListener((raw, sender, reply) => {
  // Only our own content scripts and pages talk to us.
  if (sender.id !== ext.runtime.id) return false;
  const message = messages.check(raw, 'analyze', 'analyze-page', 'collapsed', 'features', 'load-content', ...SETTINGS_MESSAGES);
  if (!message) return false;

  if (message.type === 'load-content') {
    // The content script found something to do in this frame: its rest,
    // injected there (browser-api.js), and its first regions, analyzed
    // meanwhile (content-start.js `loadRest`); the answer once both are done.
    const tabId = sender.tab?.id;
    if (tabId === undefined) return false;
    // The frame's first part asked: it is there and the rest is not (one round trip, not two).
    const loaded = ext.injectRest(tabId, sender.frameId ?? 0).then(
      () => true,
      () => false,
    );
    const request = messages.check({ ...message, type: 'analyze' }, 'analyze');
    // Without regions, the engine and the settings are made ready meanwhile: the regions follow.
    const answer = request ? plansFor(request) : settings().then(() => null, () => null);
    Promise.all([answer, loaded]).then(([plans, ok]) => reply(plans ?? { type: 'content-loaded', loaded: ok }));
    return true;
  }

  if (SETTINGS_MESSAGES.includes(message.type)) {
    // Only the extension's own pages change settings, never a content script.
    if (sender.tab && !sender.url?.startsWith(ext.runtime.getURL(''))) return false;
    settingsRequest(message).then(reply, (error) =>
      reply({ type: 'refused', reason: String(error?.message ?? error) }),
    );
    return true;
  }

  if (message.type === 'features') {
    features(message.url).then(
      (found) => reply({ type: 'site-features', ...found }),
      (error) => reply({ type: 'failed', reason: String(error?.message ?? error) }),
    );
    return true;
  }

  if (message.type === 'analyze-page') {
    pagePlan(message).then(
      (plan) => reply({ type: 'page-plan', ...plan }),
      (error) => reply({ type: 'failed', reason: String(error?.message ?? error) }),
    );
    return true;
  }

  if (message.type === 'collapsed') {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return false;
    const text = message.count > 0 ? String(message.count) : '';
    ext.action.setBadgeText({ tabId, text }).catch(() => {});
    ext.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(() => {});
    return false;
  }

  plansFor(message).then(reply);
  return true; // the reply comes later
});

/**
 * The answer to an `analyze` request: one plan per region, the line's
 * words, and the site's switch (one message per page, not two).
 */
function plansFor(message) {
  const collapse = features(message.url).then(
    (found) => found.collapse,
    () => true, // the default, if the page's address can't say
  );
  return analyze(message).then(
    async (plans) => {
      markOnce('analyzed');
      const labels = await lineLabels(plans);
      markOnce('labelled');
      return { type: 'plans', plans, ...labels, collapse: await collapse };
    },
    (error) => ({ type: 'failed', reason: String(error?.message ?? error) }),
  );
}

// The element picker (picker.js): a content script adds one selector to its
// own page's site rule. The site comes from the sender's tab, never from the
// message; the engine validates the whole document before it is stored.
ext.runtime.onMessage.addListener((raw, sender, reply) => {
  if (sender.id !== ext.runtime.id || !sender.tab) return false;
  const message = messages.check(raw, 'pick-rule');
  if (!message) return false;
  pickRule(message, sender.url ?? sender.tab.url ?? '').then(reply, (error) =>
    reply({ type: 'refused', reason: String(error?.message ?? error) }),
  );
  return true;
});

async function pickRule({ kind, selector }, url) {
  await settings();
  const site = engineApi.siteOf(url);
  if (!site) throw new Error(ext.t('unavailable'));
  await store.update((doc) => {
    const rule = (doc.rules.sites[site] ??= {});
    const list = (rule[kind] ??= []);
    // A box may be stored as `{ selector, platform, … }`: the same selector is the same box.
    if (!list.some((entry) => (entry?.selector ?? entry) === selector)) list.push(selector);
  });
  return { type: 'rule-added', site };
}

markOnce('loaded');
