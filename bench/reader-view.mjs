// Reader view: time from the request (what the popup button, the shortcut
// and the context menu all call in the background) to the first frame
// painted with the article (a task queued from that frame's callbacks runs
// once it is rendered), read from the reader page's own stamps
// (<html data-open-ms>, performance marks): medians of the whole and of
// its parts. Prints numbers; not a test.
//
//   node bench/reader-view.mjs [chromium|chromium-unobserved|firefox ...]   (after `make dist`)
//   EPURE_BENCH_BEFORE=/path/to/another/dist node bench/reader-view.mjs ...
//   EPURE_BENCH_COLD_RUNS=8 node bench/reader-view.mjs ...   (more fresh browsers for cold)
//
// With EPURE_BENCH_BEFORE (a copy of an earlier build's dist/), a paired
// run: two browsers side by side, the earlier build's and this one's, each
// page timed in both, in alternating order (cold: fresh browsers
// alternated); prints both medians, the pairs where this build is faster,
// and the load average at the start and end (the machine is shared).
//
// chromium, firefox: driven as the tests drive them (Playwright, puppeteer
//       over WebDriver BiDi), the driver attached to the article's tab;
// chromium-unobserved: Chromium driven over a bare DevTools pipe that
//       attaches only to an extension page of its own, never to the
//       article's tab until its reader view is painted: what a reader
//       gets, with no driver in the reader page as it starts.
// cold: the first reader view after the browser starts (the reader's wasm
//       compiled for the first time), over COLD_RUNS fresh browsers;
// warm: every extract fixture once more after a first pass, median.
// Each article is settled (loaded, its content script answering, Chromium:
// an idle period) before the reader view is asked for, as a reader's page
// is when they ask.

import { BROWSERS, launch } from '../tests/e2e/browsers.mjs';
import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { FIXTURES, extensionConsole, waitFor } from '../tests/e2e/reader.mjs';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from '../tools/serve.mjs';
import { spawn } from 'node:child_process';

/** Fresh browsers for the cold figure (`EPURE_BENCH_COLD_RUNS` to take more). */
const COLD_RUNS = Number(process.env.EPURE_BENCH_COLD_RUNS) || 3;
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
 * Unobserved: the reader page is attached to only this long after the tab
 * says it has loaded (the view is built and painted within tens of ms of
 * that), so that the attach does not delay the paint it reads; a page
 * not done by then is read when it is.
 */
const ATTACH_AFTER_LOAD_MS = 300;
const VIEWPORT = { width: 1280, height: 800 };
const DIST = fileURLToPath(new URL('../dist', import.meta.url));
/** The earlier build's dist/ of a paired run. */
const BEFORE = process.env.EPURE_BENCH_BEFORE;
/** Chromium's flags here: the tests' own, and no host but 127.0.0.1 (the tests' request check is left out). */
const chromiumFlags = (dist) => [
  ...chromiumArgs({ extension: join(dist, 'chrome') }),
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pause = (ms) => new Promise((next) => setTimeout(next, ms));

/**
 * The reader page's own stamps, in ms: `ms` request -> article painted;
 * `serialized` the content script's serialization of the page (part of
 * `captured`); `captured` request -> the page's copy in the background
 * (inject, serialize, message); `toPage` request -> the reader page's
 * navigation starts (plus the tab update); from that start: `unload`,
 * `fetch` and `response` (the navigation's own timing: the article page
 * unloaded, reader.html asked for and read), `start` reader-start.js runs
 * (the page's first script), `compiled` the wasm fetched and compiled,
 * `script` reader.js runs (its imports loaded), `taken` the copy and
 * settings here, `engine` the wasm instantiated; then `extract` and
 * `build` (durations: the engine's extraction, the DOM), `worded` (the
 * page's words in: layout and paint follow), `painted`, and `rest`
 * (duration: the body past the first screenful, built after that paint).
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
    serialized: Math.round(Number(root.dataset.serializedMs)),
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
    rest: lasted('epure-rest'),
  };
}
const PARTS = ['ms', 'serialized', 'captured', 'toPage', 'unload', 'fetch', 'response', 'start', 'compiled', 'script', 'taken', 'engine', 'extract', 'build', 'worded', 'painted', 'rest'];

/** In an extension page: the id of the tab whose content script answers for `href`, once it does. */
async function tabOf({ href, waitMs }) {
  const api = globalThis.browser ?? globalThis.chrome;
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    for (const tab of await api.tabs.query({})) {
      if (tab.url !== href) continue;
      const state = await globalThis.epureApi.inTab(tab.id, 'state');
      if (state?.type === 'state') return tab.id;
    }
    await new Promise((next) => setTimeout(next, 50));
  }
  throw new Error(`no content script answered in ${href}`);
}

/** In an extension page: asks for the reader view of `tabId` as the popup does. */
function askReader(tabId) {
  return (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'reader-open', tabId });
}

// ---- Driven as the tests drive them ----------------------------------------

/**
 * Chromium as the tests start it, less what the tests add to watch it:
 * their request check (a Playwright route) holds every request, the
 * extension's own files included, until Node answers it, and their page
 * probe (an init script) runs in the reader page too. Neither is the
 * reader's; nothing leaves 127.0.0.1 all the same (the host rules).
 */
async function launchChromium(dist) {
  const profile = mkdtempSync(join(tmpdir(), 'epure-bench-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: VIEWPORT,
    args: chromiumFlags(dist),
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

/** A driven browser: `time(url)` opens `url`, asks for its reader view, returns its stamps. */
async function driven(name, dist) {
  // Firefox as the tests start it (its request check only listens); pages opened without the probe.
  const browser = name === 'chromium' ? await launchChromium(dist) : await launch(name, { dist });
  const ext = await extensionConsole(browser);
  return {
    async time(url) {
      const page = await browser.newPage();
      try {
        await page.goto(url, { waitUntil: 'load' }).catch(() => {}); // see tests/e2e/reader.mjs openArticle
        await waitFor(page, (href) => location.href === href && document.readyState === 'complete', url);
        const tabId = await ext.page.evaluate(tabOf, { href: url, waitMs: WAIT_MS });
        if (name === 'chromium') await page.evaluate(() => new Promise((idle) => requestIdleCallback(idle, { timeout: 2000 })));
        await ext.page.evaluate(askReader, tabId);
        const deadline = Date.now() + WAIT_MS;
        for (;;) {
          const done = await page.evaluate(stamps).catch(() => null);
          if (done) return done;
          if (Date.now() > deadline) throw new Error(`no reader view for ${url}`);
          await pause(POLL_MS);
        }
      } finally {
        // One article tab at a time.
        await page.close().catch(() => {});
      }
    },
    close: () => browser.close(),
  };
}

// ---- Chromium unobserved: a bare DevTools connection ------------------------

/**
 * Chromium with the bench's flags, driven over its DevTools pipe (file
 * descriptors 3 and 4, messages ended by NUL): `send(method, params,
 * sessionId)` on flat sessions, `when(accept)` for an event.
 */
function startChromium(profile, dist) {
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...chromiumFlags(dist),
      '--headless',
      `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const [, , , input, output] = child.stdio;
  let next = 0;
  let pending = '';
  const waiting = new Map();
  const listeners = new Set();
  output.on('data', (chunk) => {
    const parts = (pending + chunk.toString('utf8')).split('\0');
    pending = parts.pop();
    for (const part of parts) {
      const message = JSON.parse(part);
      if (message.id === undefined) {
        for (const listener of listeners) listener(message);
        continue;
      }
      const { resolve, reject } = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) reject(new Error(message.error.message));
      else resolve(message.result);
    }
  });
  return {
    child,
    send(method, params = {}, sessionId = undefined) {
      next += 1;
      input.write(`${JSON.stringify({ id: next, method, params, sessionId })}\0`);
      return new Promise((resolve, reject) => waiting.set(next, { resolve, reject }));
    },
    /** The first event `accept` returns something for. */
    when(accept) {
      return new Promise((resolve) => {
        const listener = (message) => {
          const found = accept(message);
          if (found) {
            listeners.delete(listener);
            resolve(found);
          }
        };
        listeners.add(listener);
      });
    },
  };
}

async function unobserved(dist) {
  const profile = mkdtempSync(join(tmpdir(), 'epure-bench-chromium-'));
  const cdp = startChromium(profile, dist);
  const worker = cdp.when((m) => m.method === 'Target.targetCreated' && m.params.targetInfo.type === 'service_worker' && m.params.targetInfo.url.startsWith('chrome-extension://') && m.params.targetInfo);
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const id = new URL((await worker).url).host;
  // The bench's own extension page, the one target it attaches to.
  const { targetId } = await cdp.send('Target.createTarget', { url: `chrome-extension://${id}/popup.html` });
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: true });
  const run = async (fn, ...args) => {
    const { result, exceptionDetails } = await cdp.send(
      'Runtime.evaluate',
      { expression: `(${fn})(...${JSON.stringify(args)})`, awaitPromise: true, returnByValue: true },
      sessionId,
    );
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  const deadline = Date.now() + WAIT_MS;
  while (!(await run(() => document.readyState === 'complete' && Boolean(globalThis.epureApi)).catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the extension page did not load');
    await pause(POLL_MS);
  }
  return {
    async time(url) {
      const article = await cdp.send('Target.createTarget', { url });
      try {
        const tabId = await run(tabOf, { href: url, waitMs: WAIT_MS });
        const loaded = await run(
          (tab, waitMs) =>
            new Promise((resolve) => {
              const api = globalThis.chrome;
              const timer = setTimeout(() => resolve(false), waitMs);
              api.tabs.onUpdated.addListener(function seen(id, change, now) {
                if (id !== tab || !now.url?.startsWith(api.runtime.getURL('reader.html')) || change.status !== 'complete') return;
                api.tabs.onUpdated.removeListener(seen);
                clearTimeout(timer);
                resolve(true);
              });
              api.runtime.sendMessage({ type: 'reader-open', tabId: tab });
            }),
          tabId,
          WAIT_MS,
        );
        if (!loaded) throw new Error(`no reader view for ${url}`);
        await pause(ATTACH_AFTER_LOAD_MS);
        const reader = await cdp.send('Target.attachToTarget', { targetId: article.targetId, flatten: true });
        const until = Date.now() + WAIT_MS;
        for (;;) {
          const { result } = await cdp.send('Runtime.evaluate', { expression: `(${stamps})()`, returnByValue: true }, reader.sessionId);
          if (result.value) return result.value;
          if (Date.now() > until) throw new Error(`no reader view for ${url}`);
          await pause(POLL_MS);
        }
      } finally {
        await cdp.send('Target.closeTarget', { targetId: article.targetId }).catch(() => {});
      }
    },
    async close() {
      const gone = new Promise((exited) => (cdp.child.exitCode === null ? cdp.child.once('exit', exited) : exited()));
      await cdp.send('Browser.close').catch(() => {});
      await gone;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const start = (name, dist) => (name === 'chromium-unobserved' ? unobserved(dist) : driven(name, dist));

// ---- The runs ------------------------------------------------------------------

const server = await serve(FIXTURES);
const fixtures = readdirSync(join(FIXTURES, 'extract')).filter((d) => statSync(join(FIXTURES, 'extract', d)).isDirectory());
const pageUrl = (fixture) => `${server.url}/extract/${fixture}/source.html${SERVED_AS}`;
const parts = (runs) => PARTS.map((key) => `${key} ${median(runs.map((r) => r[key]))}`).join(', ');
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

/** One build alone: cold over fresh browsers, then the warm pass. */
async function single(name) {
  const cold = [];
  for (let run = 0; run < COLD_RUNS; run += 1) {
    const browser = await start(name, DIST);
    cold.push(await browser.time(`${server.url}${COLD_PAGE}`));
    await browser.close();
  }
  const browser = await start(name, DIST);
  const warm = [];
  const noArticle = [];
  const failed = new Set();
  for (const pass of [0, 1]) {
    for (const fixture of fixtures) {
      const timing = await browser.time(pageUrl(fixture)).catch((error) => {
        failed.add(`${fixture} (${error.message.split('\n')[0]})`);
        return null;
      });
      if (!timing) continue;
      if (timing.state !== 'article') noArticle.push(fixture);
      else if (pass === 1) warm.push(timing);
    }
  }
  await browser.close();
  console.log(
    `${name}: cold (${cold.length} fresh browsers, medians) ${parts(cold)}; ` +
      `warm (${warm.length} pages, medians) ${parts(warm)}, max ${Math.max(...warm.map((r) => r.ms))} ms` +
      (noArticle.length ? `; no article: ${[...new Set(noArticle)].join(', ')}` : '') +
      (failed.size ? `; not measured: ${[...failed].join('; ')}` : ''),
  );
}

/**
 * The build in BEFORE against this one, paired: cold, fresh browsers of
 * each in turn; warm, both browsers open, every page timed in both (the
 * order alternating from page to page) after a first pass in each.
 */
async function paired(name) {
  const dists = { before: BEFORE, after: DIST };
  const loadAtStart = load();
  const cold = { before: [], after: [] };
  for (let run = 0; run < COLD_RUNS; run += 1) {
    for (const which of run % 2 ? ['after', 'before'] : ['before', 'after']) {
      const browser = await start(name, dists[which]);
      cold[which].push(await browser.time(`${server.url}${COLD_PAGE}`));
      await browser.close();
    }
  }
  const browsers = { before: await start(name, dists.before), after: await start(name, dists.after) };
  const warm = { before: [], after: [] };
  let faster = 0;
  let pairs = 0;
  for (const pass of [0, 1]) {
    for (const [i, fixture] of fixtures.entries()) {
      const timed = {};
      for (const which of i % 2 ? ['after', 'before'] : ['before', 'after']) {
        timed[which] = await browsers[which].time(pageUrl(fixture)).catch(() => null);
      }
      if (pass === 0 || timed.before?.state !== 'article' || timed.after?.state !== 'article') continue;
      warm.before.push(timed.before);
      warm.after.push(timed.after);
      pairs += 1;
      if (timed.after.ms < timed.before.ms) faster += 1;
    }
  }
  await browsers.before.close();
  await browsers.after.close();
  for (const which of ['before', 'after']) {
    console.log(`${name} ${which}: cold ${parts(cold[which])}; warm (${warm[which].length} pages) ${parts(warm[which])}`);
  }
  const apart = median(warm.after.map((r, i) => r.ms - warm.before[i].ms));
  const toPaint = (runs) => median(runs.map((r) => r.painted - r.worded));
  console.log(
    `${name}: warm total ${median(warm.before.map((r) => r.ms))} -> ${median(warm.after.map((r) => r.ms))} ms, ` +
      `lower in ${faster} of ${pairs} pairs, median of the pairs' differences ${apart} ms; ` +
      `worded -> painted ${toPaint(warm.before)} -> ${toPaint(warm.after)} ms; cold ${median(cold.before.map((r) => r.ms))} -> ${median(cold.after.map((r) => r.ms))} ms; ` +
      `load average (1, 5, 15 min) ${loadAtStart} at the start, ${load()} at the end`,
  );
}

for (const name of process.argv.slice(2).length ? process.argv.slice(2) : [...BROWSERS, 'chromium-unobserved']) {
  await (BEFORE ? paired(name) : single(name));
}
await server.close();
