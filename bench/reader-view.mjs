// Reader view: time from the request (what the popup button, the shortcut
// and the context menu all call in the background) to the first frame
// painted with the article (a task queued from that frame's callbacks runs
// once it is rendered), read from the reader page's own stamps
// (<html data-open-ms>, performance marks): medians of the whole and of
// its parts. Prints numbers; not a test.
//
//   node bench/reader-view.mjs [chromium|firefox ...]     (after `make dist`)
//
// cold: the first reader view after the browser starts (the reader's wasm
//       compiled for the first time), over COLD_RUNS fresh browsers;
// warm: every extract fixture once more after a first pass, median.

import { BROWSERS, launch } from '../tests/e2e/browsers.mjs';
import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { FIXTURES, extensionConsole, waitFor } from '../tests/e2e/reader.mjs';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from '../tools/serve.mjs';
import { tmpdir } from 'node:os';

const COLD_RUNS = 3;
/**
 * Pages are served with `?csp=strict` (tools/serve.mjs): without their
 * inline scripts, no page navigates itself away (some do, to their https
 * site) nor loads remote scripts while the reader view is timed.
 */
const SERVED_AS = '?csp=strict';
const COLD_PAGE = `/extract/lemonde-1/source.html${SERVED_AS}`;
const WAIT_MS = 30_000;
/** How often the bench looks for the reader page's stamps (each look is a task in that page). */
const POLL_MS = 100;

/**
 * Chromium as the tests start it, less what the tests add to watch it:
 * their request check (a Playwright route) holds every request, the
 * extension's own files included, until Node answers it, and their page
 * probe (an init script) runs in the reader page too. Neither is the
 * reader's; nothing leaves 127.0.0.1 all the same (the host rules).
 */
async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'epure-bench-chromium-'));
  const extension = fileURLToPath(new URL('../dist/chrome', import.meta.url));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...chromiumArgs({ extension }), '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));
  const id = new URL(worker.url()).host;
  return {
    newPage: () => ctx.newPage(),
    async openExtPage(file) {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${id}/${file}`);
      return page;
    },
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Firefox as the tests start it (its request check only listens); pages opened without the probe. */
const start = (name) => (name === 'chromium' ? launchChromium() : launch(name));

/** Opens `url` in a new tab, loaded. */
async function openArticle(browser, url) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' }).catch(() => {}); // see tests/e2e/reader.mjs openArticle
  await waitFor(page, (href) => location.href === href && document.readyState === 'complete', url);
  return page;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Opens `path`, asks for its reader view as the popup does, returns `{ state, ms }`. */
async function timeReader(browser, ext, url) {
  const page = await openArticle(browser, url);
  try {
    return await timeReaderIn(page, ext, url);
  } finally {
    // One article tab at a time: the console finds the tab by its content script's answer.
    await page.close().catch(() => {});
  }
}

/**
 * The reader page's own stamps, in ms: `ms` request -> article painted;
 * `captured` request -> the page's copy in the background (capture,
 * serialize, message); `toPage` request -> the reader page's navigation
 * starts (plus the tab update); from that start: `unload`, `fetch` and
 * `response` (the navigation's own timing: the article page unloaded,
 * reader.html asked for and read), `start` reader-start.js runs, `compiled` the wasm fetched and compiled, `script` reader.js runs
 * (its imports loaded), `taken` the copy and settings here, `engine` the
 * wasm instantiated; then `extract` and `build` (the DOM), `worded` (the
 * page's words in: layout and paint follow), and `painted`.
 * Null until the reader page is done.
 */
function stamps() {
  const root = document.documentElement;
  if (!/-extension:$/.test(location.protocol) || !root.dataset.state) return null; // not there yet
  const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
  const lasted = (name) => Math.round(performance.getEntriesByName(name)[0]?.duration ?? NaN);
  const navigation = performance.getEntriesByType('navigation')[0];
  return {
    state: root.dataset.state,
    ms: Number(root.dataset.openMs),
    captured: Number(root.dataset.capturedMs),
    toPage: Math.round(Number(root.dataset.openMs) - Number(root.dataset.paintedAt)),
    unload: Math.round(navigation?.unloadEventEnd ?? NaN),
    fetch: Math.round(navigation?.fetchStart ?? NaN),
    response: Math.round(navigation?.responseEnd ?? NaN),
    start: at('epure-start'),
    compiled: at('epure-compiled'),
    script: at('epure-script'),
    taken: at('epure-taken'),
    engine: lasted('epure-engine'),
    extract: lasted('epure-extract'),
    build: lasted('epure-build'),
    worded: at('epure-worded'),
    painted: Math.round(Number(root.dataset.paintedAt)),
  };
}
const PARTS = ['ms', 'captured', 'toPage', 'unload', 'fetch', 'response', 'start', 'compiled', 'script', 'taken', 'engine', 'extract', 'build', 'worded', 'painted'];

async function timeReaderIn(page, ext, url) {
  const tab = await ext.articleTab();
  await ext.page.evaluate((tabId) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'reader-open', tabId }), tab.id);
  const deadline = Date.now() + WAIT_MS;
  let done = null;
  while (!done && Date.now() < deadline) {
    done = await page.evaluate(stamps).catch(() => null);
    if (!done) await new Promise((next) => setTimeout(next, POLL_MS));
  }
  if (!done) throw new Error(`no reader view for ${url}`);
  return done;
}

const server = await serve(FIXTURES);
const fixtures = readdirSync(join(FIXTURES, 'extract')).filter((d) => statSync(join(FIXTURES, 'extract', d)).isDirectory());
for (const name of process.argv.slice(2).length ? process.argv.slice(2) : BROWSERS) {
  const cold = [];
  for (let run = 0; run < COLD_RUNS; run += 1) {
    const browser = await start(name);
    const ext = await extensionConsole(browser);
    cold.push(await timeReader(browser, ext, `${server.url}${COLD_PAGE}`));
    await browser.close();
  }
  const browser = await start(name);
  const ext = await extensionConsole(browser);
  const warm = [];
  const noArticle = [];
  const failed = new Set();
  for (const pass of [0, 1]) {
    for (const fixture of fixtures) {
      const timing = await timeReader(browser, ext, `${server.url}/extract/${fixture}/source.html${SERVED_AS}`).catch((error) => {
        failed.add(`${fixture} (${error.message.split('\n')[0]})`);
        return null;
      });
      if (!timing) continue;
      if (timing.state !== 'article') noArticle.push(fixture);
      else if (pass === 1) warm.push(timing);
    }
  }
  await browser.close();
  const parts = (runs) =>
    PARTS.map((key) => `${key} ${median(runs.map((r) => r[key]))}`).join(', ');
  console.log(
    `${name}: cold (${cold.length} fresh browsers, medians) ${parts(cold)}; ` +
      `warm (${warm.length} pages, medians) ${parts(warm)}, max ${Math.max(...warm.map((r) => r.ms))} ms` +
      (noArticle.length ? `; no article: ${[...new Set(noArticle)].join(', ')}` : '') +
      (failed.size ? `; not measured: ${[...failed].join('; ')}` : ''),
  );
}
await server.close();
