// What a reader sees and does, as helpers named for the domain: load a page
// with the extension, read the summary lines, click their control, flip the
// popup's switch, read the toolbar badge. Each waits on a signal the
// extension emits (a data-epure mark, the content script's settled state, the
// badge), never on a fixed sleep.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
const WAIT_MS = 20_000;

/**
 * Waits until `fn(arg)` is truthy in `page`. Playwright and puppeteer order
 * the arguments of waitForFunction differently; this is the one place that knows.
 */
export async function waitFor(page, fn, arg) {
  const isPlaywright = typeof page.context === 'function';
  try {
    return await (isPlaywright ? page.waitForFunction(fn, arg, { timeout: WAIT_MS, polling: POLL_MS }) : pollFromHere(page, fn, arg));
  } catch (error) {
    // Say what was awaited: the drivers only say that waiting failed.
    throw new Error(`waiting for ${fn.toString().slice(0, 160)} (${JSON.stringify(arg)}): ${error.message}`);
  }
}

const POLL_MS = 50;

/**
 * Firefox (puppeteer): asks the page from here every POLL_MS. A poll kept
 * in the page runs on the page's timers, which Firefox defers in a hidden
 * tab (an article behind the options page) past any deadline.
 */
async function pollFromHere(page, fn, arg) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    // A realm replaced under the evaluation (a navigation) rejects it: ask again.
    const result = await page.evaluate(fn, arg).catch(() => undefined);
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`${WAIT_MS} ms exceeded`);
    await new Promise((next) => setTimeout(next, POLL_MS));
  }
}

/** Every consent fixture with its expectations, by name. */
export function consentFixtures(folder = 'consent') {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      return { name, path: `/${folder}/${name}.html`, expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) };
    });
}

export function seedFixture() {
  return { name: 'seed', path: '/seed/article.html', expected: JSON.parse(readFileSync(join(FIXTURES, 'seed', 'expected.json'), 'utf8')) };
}

/**
 * Runs in the page before its own scripts: keeps the body as the parser left
 * it (before the content script changes it), records CSP violations, times
 * late insertions against the summary lines, and, every animation frame from
 * the first, notes whether a consent box's wording was on screen and how
 * much the page's content moved (its layout shift).
 */
function pageProbe() {
  /** The seed's box wording (tests/fixtures/seed/article.html): on screen, the box is. */
  const BOX_WORDING = 'Ce contenu externe ne peut pas être affiché';
  /** Frames watched: a few seconds, long past the lines' arrival. */
  const MAX_FRAMES = 600;
  const probe = { before: null, violations: [], lastForeignInsert: 0, lineTimes: [], boxFrames: 0, frames: 0, shift: 0 };
  window.epureProbe = probe;
  document.addEventListener('securitypolicyviolation', (e) => {
    probe.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
  });
  document.addEventListener(
    'DOMContentLoaded',
    () => {
      probe.before = document.body.outerHTML;
    },
    { once: true },
  );
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.getAttribute('data-epure') === 'summary') probe.lineTimes.push(now);
        else probe.lastForeignInsert = now;
      }
    }
  }).observe(document, { childList: true, subtree: true });

  // The browser's own layout-shift score where it has one (Chromium); else
  // (Firefox) the same formula over the paragraphs: the fraction of the
  // viewport the moved ones cover, times the largest move over the
  // viewport's larger side, per frame.
  const native = PerformanceObserver.supportedEntryTypes?.includes('layout-shift');
  if (native) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) probe.shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  }
  let tops = new Map();
  function measureShift() {
    const now = new Map();
    const [width, height] = [innerWidth, innerHeight];
    let area = 0;
    let distance = 0;
    for (const p of document.querySelectorAll('p')) {
      const rect = p.getBoundingClientRect();
      if (rect.height === 0) continue;
      const top = rect.top + scrollY;
      now.set(p, top);
      const was = tops.get(p);
      const inView = rect.bottom > 0 && rect.top < height;
      if (was === undefined || was === top || !inView) continue;
      const moved = Math.abs(top - was);
      area += Math.min(rect.height + moved, height) * Math.min(rect.width, width);
      distance = Math.max(distance, moved);
    }
    tops = now;
    if (area > 0) probe.shift += Math.min(area / (width * height), 1) * (distance / Math.max(width, height));
  }

  function frame() {
    probe.frames += 1;
    for (const p of document.querySelectorAll('p')) {
      if (p.textContent.includes(BOX_WORDING) && p.getClientRects().length > 0 && getComputedStyle(p).visibility === 'visible') {
        probe.boxFrames += 1;
        break;
      }
    }
    if (!native && document.body) measureShift();
    if (probe.frames < MAX_FRAMES) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}

/** The summary lines' accessible parts: the group's name, the link's name and whether its arrow is hidden, the buttons. */
export function lineNames(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-epure="summary"]')].map((host) => {
      const root = host.shadowRoot;
      const link = root.querySelector('a');
      return {
        group: root.querySelector('[role="group"]')?.getAttribute('aria-label') ?? null,
        lang: root.querySelector('[role="group"]')?.lang ?? null,
        link: link?.getAttribute('aria-label') ?? null,
        // The arrow (drawn, or a glyph): there, and hidden.
        arrowHidden: [...(link?.querySelectorAll('[aria-hidden="true"]') ?? [])].some(
          (el) => el.classList.contains('arrow') || el.textContent.includes('↗'),
        ),
        linkText: link?.textContent ?? null,
        buttons: [...root.querySelectorAll('button')].map((b) => b.textContent),
      };
    }),
  );
}

/** Opens `url` in a new tab of `browser`, with the probe installed. */
export async function openArticle(browser, url) {
  const page = await browser.newPage();
  await browser.beforeLoad(page, pageProbe);
  return goToArticle(page, url);
}

/** Loads `url` in `page` (a tab from openArticle: its probe runs in every page it loads). */
export async function goToArticle(page, url) {
  // Firefox may fail the navigation itself when a live frame of the page
  // asks for an address outside 127.0.0.1 ("Address rejected", the tests'
  // dead proxy; see tidy.mjs): the page is there all the same, so wait for it.
  await page.goto(url, { waitUntil: 'load' }).catch(() => {});
  const loaded = (href) => location.href === href && document.readyState === 'complete';
  // Asked once first: polling costs a driver round trip more, and the page is usually there.
  if (!(await page.evaluate(loaded, url).catch(() => false))) await waitFor(page, loaded, url);
  return page;
}

/** Waits until the page shows `count` summary lines. */
export async function waitForLines(page, count) {
  await waitFor(page, (n) => document.querySelectorAll('[data-epure="summary"]').length === n, count);
}

/** What each summary line shows: its text, link and control, and the box it stands for. */
export function readLines(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-epure="summary"]')].map((host) => {
      const root = host.shadowRoot;
      const link = root?.querySelector('a');
      const box = host.nextElementSibling;
      return {
        text: root?.textContent ?? '',
        summaryText: root?.querySelector('span[dir="auto"]')?.textContent ?? '',
        href: link ? link.getAttribute('href') : null,
        rel: link?.getAttribute('rel') ?? null,
        target: link?.getAttribute('target') ?? null,
        tags: root ? [...root.querySelectorAll('*')].map((el) => el.localName) : [],
        control: root?.querySelector('button.toggle')?.textContent ?? null,
        platformName: root?.querySelector('.mark')?.title || null,
        lineHeight: host.getBoundingClientRect().height,
        hostMarkup: host.outerHTML,
        boxMark: box?.getAttribute('data-epure') ?? null,
        boxDisplay: box ? getComputedStyle(box).display : null,
      };
    }),
  );
}

/** Clicks the show/collapse control of line `index`, as the reader would. */
export async function clickControl(page, index) {
  const button = await page.evaluateHandle(
    (i) => document.querySelectorAll('[data-epure="summary"]')[i].shadowRoot.querySelector('button.toggle'),
    index,
  );
  await button.click();
  await button.dispose();
}

/** The probe's records. */
export const probe = (page) => page.evaluate(() => window.epureProbe);
export const bodyNow = (page) => page.evaluate(() => document.body.outerHTML);

/**
 * An extension page (the popup as a tab) from which the tests use the real
 * extension APIs: find the article's tab, read its badge, flip its switch.
 */
export async function extensionConsole(browser) {
  const page = await browser.openExtPage('popup.html');
  return {
    page,
    /**
     * The tab whose content script answers, with its settled state. Polls
     * until one answers having scanned the whole page once: its first scan
     * waits for the browser's idle time, which may come after the load event.
     */
    async articleTab() {
      return page.evaluate(async (waitMs) => {
        const api = globalThis.browser ?? globalThis.chrome;
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline) {
          for (const tab of await api.tabs.query({})) {
            // The popup's own call (browser-api.js): null with no content script in that tab (yet).
            const state = await globalThis.epureApi.inTab(tab.id, 'state');
            if (state?.type === 'state' && state.scanned) return { id: tab.id, ...state };
          }
          await new Promise((next) => setTimeout(next, 50));
        }
        return null;
      }, WAIT_MS);
    },
    /**
     * Which parts of the content script the page's tab holds once its first
     * scan is done (content-start.js): `{ scanned: true, rest }`, `rest`
     * whether the second part (content-rest.js) was loaded. Read without
     * asking the page anything that would load it.
     */
    async contentParts() {
      return page.evaluate(async (waitMs) => {
        const api = globalThis.browser ?? globalThis.chrome;
        const deadline = Date.now() + waitMs;
        while (Date.now() < deadline) {
          for (const tab of await api.tabs.query({ url: ['http://*/*', 'https://*/*'] })) {
            const [first] = await api.scripting
              .executeScript({
                target: { tabId: tab.id },
                func: () => ({ scanned: globalThis.epureStart?.scannedYet() === true, rest: globalThis.epureRestLoaded === true }),
              })
              .catch(() => [null]);
            if (first?.result?.scanned) return first.result;
          }
          await new Promise((next) => setTimeout(next, 50));
        }
        return null;
      }, WAIT_MS);
    },
    badge(tabId) {
      return page.evaluate((id) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id }), tabId);
    },
    async waitForBadge(tabId, text) {
      await waitFor(
        page,
        async ({ id, want }) => (await (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId: id })) === want,
        { id: tabId, want: text },
      );
    },
  };
}

/** Opens the popup for `tabId` and flips its one switch. */
export async function flipSiteSwitch(browser, tabId) {
  const popup = await browser.openExtPage(`popup.html?tab=${tabId}`);
  await waitFor(popup, () => !document.getElementById('site-switch').disabled);
  const before = await popup.evaluate(() => document.getElementById('site-switch').checked);
  await popup.click('#site-switch');
  await waitFor(
    popup,
    (was) => document.getElementById('site-switch').checked !== was && !document.getElementById('site-switch').disabled,
    before,
  );
  await popup.close();
  return !before;
}

/** A link as the expected files compare them (see tests/fixtures/README.md). */
export function comparableUrl(raw) {
  const url = new URL(raw);
  url.hostname = url.hostname.toLowerCase();
  for (const key of [...url.searchParams.keys()]) {
    if (['ref_src', 'igshid', 'refer', 'src', 'feature'].includes(key) || key.startsWith('utm_')) url.searchParams.delete(key);
  }
  url.search = url.searchParams.toString(); // one spelling of the query: `!` and `%21` alike
  url.hash = '';
  return url.href.replace(/\/$/, '').replace(/\/\?/, '?');
}
