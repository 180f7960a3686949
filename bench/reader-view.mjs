// Reader view: time from the request (what the popup button, the shortcut
// and the context menu all call in the background) to the first frame
// painted with the article, read from the reader page's own stamp
// (<html data-open-ms>). Prints numbers; not a test.
//
//   node bench/reader-view.mjs [chromium|firefox ...]     (after `make dist`)
//
// cold: the first reader view after the browser starts (the reader's wasm
//       compiled for the first time), over COLD_RUNS fresh browsers;
// warm: every extract fixture once more after a first pass, median.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSERS, launch } from '../tests/e2e/browsers.mjs';
import { FIXTURES, extensionConsole, openArticle } from '../tests/e2e/reader.mjs';
import { serve } from '../tools/serve.mjs';

const COLD_RUNS = 3;
/**
 * Pages are served with `?csp=strict` (tools/serve.mjs): without their
 * inline scripts, no page navigates itself away (some do, to their https
 * site) nor loads remote scripts while the reader view is timed.
 */
const SERVED_AS = '?csp=strict';
const COLD_PAGE = `/extract/lemonde-1/source.html${SERVED_AS}`;
const WAIT_MS = 30_000;

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

async function timeReaderIn(page, ext, url) {
  const tab = await ext.articleTab();
  const sentAt = Date.now();
  await ext.page.evaluate((tabId) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'reader-open', tabId }), tab.id);
  const deadline = Date.now() + WAIT_MS;
  let done = null;
  while (!done && Date.now() < deadline) {
    done = await page
      .evaluate(
        (requested) =>
          /-extension:$/.test(location.protocol) &&
          document.documentElement.dataset.state && {
            state: document.documentElement.dataset.state,
            ms: Number(document.documentElement.dataset.openMs),
            nextFrame: Number(document.documentElement.dataset.nextFrameMs),
            captured: Number(document.documentElement.dataset.capturedMs),
            // Request -> the reader page's navigation starts: capture, message, tab update.
            toPage: Math.round(Number(document.documentElement.dataset.openMs) - Number(document.documentElement.dataset.paintedAt)),
            html: Math.round(performance.getEntriesByType('navigation')[0]?.responseEnd ?? NaN),
            script: Math.round(performance.getEntriesByName('epure-script')[0]?.startTime ?? NaN),
            wasmStart: Math.round(performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.startTime ?? NaN),
            wasmEnd: Math.round(performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd ?? NaN),
            engine: Math.round(performance.getEntriesByName('epure-engine')[0]?.duration ?? NaN),
            taken: Math.round(performance.getEntriesByName('epure-taken')[0]?.startTime ?? NaN),
            extract: Math.round(performance.getEntriesByName('epure-extract')[0]?.duration ?? NaN),
            build: Math.round(performance.getEntriesByName('epure-build')[0]?.duration ?? NaN),
            render: Math.round(performance.getEntriesByName('epure-render')[0]?.duration ?? NaN),
            painted: Math.round(Number(document.documentElement.dataset.paintedAt)),
          },
        sentAt,
      )
      .catch(() => null);
    if (!done) await new Promise((next) => setImmediate(next));
  }
  if (!done) throw new Error(`no reader view for ${url}`);
  return done;
}

const server = await serve(FIXTURES);
const fixtures = readdirSync(join(FIXTURES, 'extract')).filter((d) => statSync(join(FIXTURES, 'extract', d)).isDirectory());
for (const name of process.argv.slice(2).length ? process.argv.slice(2) : BROWSERS) {
  const cold = [];
  for (let run = 0; run < COLD_RUNS; run += 1) {
    const browser = await launch(name);
    const ext = await extensionConsole(browser);
    cold.push(await timeReader(browser, ext, `${server.url}${COLD_PAGE}`));
    await browser.close();
  }
  const browser = await launch(name);
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
    ['ms', 'nextFrame', 'captured', 'toPage', 'html', 'script', 'wasmStart', 'wasmEnd', 'engine', 'taken', 'extract', 'build', 'render', 'painted'].map((key) => `${key} ${median(runs.map((r) => r[key]))}`).join(', ');
  console.log(
    `${name}: cold (${cold.length} fresh browsers, medians) ${parts(cold)}; ` +
      `warm (${warm.length} pages, medians) ${parts(warm)}, max ${Math.max(...warm.map((r) => r.ms))} ms` +
      (noArticle.length ? `; no article: ${[...new Set(noArticle)].join(', ')}` : '') +
      (failed.size ? `; not measured: ${[...failed].join('; ')}` : ''),
  );
}
await server.close();
