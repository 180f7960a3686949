// The background's own cold start in Chromium, without a page: the
// extension's service worker is stopped, then woken by a message from one
// of the extension's pages (`settings-get`, which needs the engine), over
// and over; its start-up marks (background.js `markOnce`) split each
// start: `started` (the worker's time origin) → `loaded` (its scripts
// evaluated) → `engine` (the wasm fetched, compiled, instantiated) →
// `settings` (read and checked by the engine). Two builds run side by side,
// one browser each, woken alternately, so a busy machine slows both alike.
// Prints medians; not a test.
//
//   node bench/worker-start.mjs [--runs 30] DIST_CHROME [DIST_CHROME_BEFORE]
//   (each an unpacked dist/chrome, e.g. after `make dist`)

import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '30' } }, allowPositionals: true });
const RUNS = Number(values.runs);
const STEPS = ['started', 'loaded', 'engine', 'settings'];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const work = mkdtempSync(join(tmpdir(), 'epure-worker-'));

/** A Chromium with the extension at `dir`, one extension page open to send the messages. */
async function open(dir, name) {
  const context = await chromium.launchPersistentContext(join(work, name), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ extension: dir }),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/popup.html`);
  const session = await context.browser().newBrowserCDPSession();
  return { dir, context, page, session, starts: [] };
}

/** Stops the worker, wakes it with one message, reads its marks. */
async function coldStart(run) {
  const { targetInfos } = await run.session.send('Target.getTargets', { filter: [{}] });
  for (const t of targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'))) {
    await run.session.send('Target.closeTarget', { targetId: t.targetId });
  }
  const answer = await run.page.evaluate(() => chrome.runtime.sendMessage({ type: 'settings-get' }));
  if (answer?.type !== 'settings') throw new Error(`the background answered ${JSON.stringify(answer)}`);
  // The worker just started (Playwright keeps one object for the extension's worker).
  const worker = run.context.serviceWorkers().at(-1);
  const moments = await worker.evaluate(() => {
    const at = { started: 0 };
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('epure-')) at[mark.name.slice('epure-'.length)] = mark.startTime;
    }
    return at;
  });
  const steps = {};
  for (let i = 1; i < STEPS.length; i += 1) steps[`${STEPS[i - 1]}→${STEPS[i]}`] = moments[STEPS[i]] - moments[STEPS[i - 1]];
  steps.total = moments.settings;
  run.starts.push(steps);
}

const loadBefore = loadavg()[0];
const runs = [];
try {
  for (const [i, dir] of positionals.entries()) runs.push(await open(dir, `profile-${i}`));
  for (let i = 0; i < RUNS; i += 1) {
    for (const run of i % 2 ? [...runs].reverse() : runs) await coldStart(run);
  }
  for (const run of runs) {
    const cells = Object.keys(run.starts[0]).map((name) => `${name} ${median(run.starts.map((s) => s[name])).toFixed(1)}`);
    console.log(`${run.dir}: ${cells.join(', ')} (medians of ${run.starts.length} starts, ms)`);
  }
  if (runs.length === 2) {
    const lower = runs[0].starts.filter((s, i) => s.total < runs[1].starts[i].total).length;
    console.log(`${runs[0].dir} ready sooner in ${lower} of ${RUNS} pairs`);
  }
  console.log(`load ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
} finally {
  for (const run of runs) await run.context.close();
  rmSync(work, { recursive: true, force: true });
}
