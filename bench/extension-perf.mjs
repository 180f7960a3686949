// Benchmark of the extension in real headless Chromium (not a test: it
// prints numbers, it asserts nothing). Needs `make dist` first.
//
//   node bench/extension-perf.mjs [--runs 15] [--seed-only]
//
// --seed-only skips the pages with nothing to do (part 1, most of the run).
// --image-delay MS serves the pages' own images MS late (their load waits).
//
// It builds a bench copy of dist/chrome whose content script records its own
// costs on <html> (data-epure-cost-ms, -shown-ms, -bytes; the shipped build
// never does), serves tests/fixtures on 127.0.0.1, and measures:
//   1. content-script main-thread time on pages with nothing to do (target < 1 ms median):
//      the negative fixtures and the real article pages of tests/fixtures/extract/.
//      CPU is the thread time of the trace events that run our content script
//      (its evaluation, then its callbacks), from injection until the page is
//      loaded and the script has finished; "base" is the same figure for an
//      extension whose content script is one line, i.e. the browser's own cost
//      of injecting any extension script, which we cannot remove;
//   2. on the seed page, time from the page parsed (document_idle) to the
//      three lines shown, background warm and cold (service worker stopped
//      first) (targets 30 ms / 150 ms); how long a consent box was on screen
//      (checked every animation frame from the first; target 16 ms); and
//      Épure's own layout shift, the page's score with the extension minus
//      without (target 0.01);
//   3. bytes sent to the background per page and per region.
// The seed's times are split in steps: the page's moments (parsed, regions
// sent, answer received, lines shown) and, cold, the background's start-up
// marks between them (worker started, modules loaded, engine compiled,
// settings read, regions analyzed, line words read).
// Its last line is one JSON object of the headline figures, with the
// machine's load average beside them (the figures are medians of thread
// time where they can be, but a loaded machine still slows wall times).

import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { quietPages } from './quiet-pages.mjs';
import { serve } from '../tools/serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    'seed-only': { type: 'boolean', default: false },
    'image-delay': { type: 'string', default: '0' },
  },
});
/** Ms before the pages' own images are served (--image-delay): a real page whose images hold its load. */
const IMAGE_DELAY_MS = Number(args['image-delay']);
const IMAGE = /\.(avif|gif|jpe?g|png|svg|webp)$/i;
const RUNS = Number(args.runs);
const SEED = '/seed/article.html';
const SEED_BOXES = 3;

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (x) => x.toFixed(2);

/** Pages with no consent box: the negative fixtures and the extraction corpus (real articles, 25–450 KB). */
const work = mkdtempSync(join(tmpdir(), 'epure-bench-'));
execFileSync('node', [join(ROOT, 'tools', 'build-dist.mjs'), '--only', 'chrome', '--debug', '--out', work], { stdio: 'ignore' });
const extension = join(work, 'chrome');
// The baseline: the same extension whose content script does nothing but
// leave the mark the bench waits for. Its cost is the browser's own for
// injecting any extension script, which no change to ours can remove.
const baseline = join(work, 'baseline');
cpSync(extension, baseline, { recursive: true });
const manifest = JSON.parse(readFileSync(join(baseline, 'manifest.json'), 'utf8'));
for (const file of manifest.content_scripts[0].js) rmSync(join(baseline, file));
manifest.content_scripts[0].js = ['empty.js'];
writeFileSync(join(baseline, 'manifest.json'), JSON.stringify(manifest));
writeFileSync(
  join(baseline, 'empty.js'),
  "document.documentElement.dataset.epureCostMs = '0';\ndocument.documentElement.dataset.epureCostParts = '{\"idle\":0}';\n",
);
const server = await serve(FIXTURES);

/** A Chromium with `dir` loaded, pages limited to 127.0.0.1. */
async function launch(dir, profile) {
  const context = await chromium.launchPersistentContext(join(work, profile), {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: chromiumArgs({ extension: dir }),
});
await context.addInitScript(watchPage);
// Pages load only from 127.0.0.1: their third-party references fail fast.
await context.route('**/*', (route) => {
  const url = new URL(route.request().url());
  if (url.hostname !== '127.0.0.1') return route.abort('blockedbyclient');
  if (IMAGE_DELAY_MS > 0 && IMAGE.test(url.pathname)) {
    return new Promise((done) => setTimeout(done, IMAGE_DELAY_MS)).then(() => route.continue());
  }
  return route.continue();
});
  context.on('serviceworker', (worker) => {
    latestWorker = worker;
  });
  latestWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return context;
}

/** The extension's service worker last started (a cold run starts a new one). */
let latestWorker = null;

/** The background's start-up marks (background.js `markOnce`), ms since the epoch. */
async function backgroundMoments() {
  return latestWorker.evaluate(() => {
    const moments = { started: performance.timeOrigin };
    for (const mark of performance.getEntriesByType('mark')) {
      if (mark.name.startsWith('epure-')) moments[mark.name.slice('epure-'.length)] = performance.timeOrigin + mark.startTime;
    }
    return moments;
  });
}

/**
 * Where the time from the page parsed to the lines shown went: steps
 * between consecutive moments of the page (`ready`, `sent`, `answered`,
 * `shown`) and, on a cold run, of the background in between.
 */
const PAGE_STEPS = ['ready', 'sent', 'answered', 'shown'];
const BACKGROUND_STEPS = ['started', 'loaded', 'engine', 'settings', 'analyzed', 'labelled'];
function split(page, background) {
  const moments = background
    ? [...PAGE_STEPS.slice(0, 2), ...BACKGROUND_STEPS, ...PAGE_STEPS.slice(2)].map((name) => [name, page[name] ?? background[name]])
    : PAGE_STEPS.map((name) => [name, page[name]]);
  const steps = {};
  for (let i = 1; i < moments.length; i += 1) {
    const [name, at] = moments[i];
    const [prior, since] = moments[i - 1];
    if (at !== undefined && since !== undefined) steps[`${prior}→${name}`] = at - since;
  }
  return steps;
}

/** Per step, the median over runs. */
function medianSteps(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(names.map((name) => [name, Number(fmt(median(runs.filter((r) => name in r).map((r) => r[name]))))]));
}

/**
 * Runs in every page before its scripts: from the first animation frame,
 * adds up the time a consent box's wording was on screen (the seed's boxes
 * say it), and Chromium's layout-shift score.
 */
function watchPage() {
  const BOX_WORDING = 'Ce contenu externe ne peut pas être affiché';
  const MAX_FRAMES = 300;
  const watch = { boxMs: 0, shift: 0 };
  window.epureWatch = watch;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) watch.shift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  let frames = 0;
  let last = null;
  let shown = false;
  function frame(now) {
    if (shown && last !== null) watch.boxMs += now - last;
    shown = [...document.querySelectorAll('p')].some(
      (p) => p.textContent.includes(BOX_WORDING) && p.getClientRects().length > 0 && getComputedStyle(p).visibility === 'visible',
    );
    last = now;
    frames += 1;
    if (frames < MAX_FRAMES) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}

const loadBefore = loadavg()[0];
let context = await launch(baseline, 'profile-baseline');

let browserSession = null;

/** Stops the extension's service worker: the next message starts it and the engine from scratch. */
async function stopBackground() {
  const { targetInfos } = await browserSession.send('Target.getTargets', { filter: [{}] });
  for (const t of targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'))) {
    await browserSession.send('Target.closeTarget', { targetId: t.targetId });
  }
}

/**
 * What a trace records: script runs (the content script's cost), the
 * main thread's tasks (the seed's steps) and the navigation's start (to
 * line the page's moments up with the trace's clock).
 */
const TRACE_CATEGORIES = 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,blink.user_timing';

/** Trace events that are our content scripts running: their thread (CPU) time is the cost. */
const TOP_LEVEL_RUNS = new Set(['EvaluateScript', 'FunctionCall']);
function contentScriptCpuMs(events) {
  let micros = 0;
  for (const e of events) {
    const url = e.args?.data?.url ?? '';
    if (TOP_LEVEL_RUNS.has(e.name) && url.startsWith('chrome-extension://')) micros += e.tdur ?? 0;
  }
  return micros / 1000;
}

/**
 * The page's main-thread CPU per step of the seed (`ready→sent`,
 * `sent→answered`, `answered→shown`): the thread time of its tasks that
 * overlap the step (a task that spans two steps counts in both). Unlike the
 * steps' wall times, it hardly moves with the machine's load. `moments` are
 * ms since the epoch, `origin` the page's `performance.timeOrigin`, `url` the page's.
 */
function stepCpuMs(events, url, moments, origin) {
  const navigation = events.find((e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL === url);
  const script = events.find((e) => TOP_LEVEL_RUNS.has(e.name) && (e.args?.data?.url ?? '').startsWith('chrome-extension://'));
  if (!navigation || !script) return {};
  const at = (epochMs) => navigation.ts + (epochMs - origin) * 1000;
  const tasks = events.filter((e) => e.name === 'RunTask' && e.pid === script.pid && e.tid === script.tid && e.ph === 'X');
  const steps = {};
  for (let i = 1; i < PAGE_STEPS.length; i += 1) {
    const [from, to] = [moments[PAGE_STEPS[i - 1]], moments[PAGE_STEPS[i]]];
    if (from === undefined || to === undefined) continue;
    const [start, end] = [at(from), at(to)];
    const micros = tasks.filter((t) => t.ts < end && t.ts + t.dur > start).reduce((sum, t) => sum + (t.tdur ?? 0), 0);
    steps[`${PAGE_STEPS[i - 1]}→${PAGE_STEPS[i]}`] = micros / 1000;
  }
  return steps;
}

/**
 * Loads `path`, waits for the content script's records (and `lines` lines),
 * returns them. With `trace`, also the content scripts' main-thread CPU time
 * from a Chromium trace: unlike wall time, it does not grow when the machine
 * is busy with other work.
 */
async function measure(path, lines = 0, { trace = false } = {}) {
  const page = await context.newPage();
  const cdp = trace ? await context.newCDPSession(page) : null;
  const events = [];
  try {
    if (cdp) {
      cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
      await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
    }
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await page.waitForFunction(
      (n) =>
        JSON.parse(document.documentElement.dataset.epureCostParts ?? '{}').idle !== undefined &&
        document.querySelectorAll('[data-epure="summary"]').length >= n,
      lines,
      { timeout: 30_000 },
    );
    if (cdp) {
      const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
      await cdp.send('Tracing.end');
      await complete;
    }
    // A few frames more: a box shown, or text moved, after the lines.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const record = await page.evaluate(() => {
      const d = document.documentElement.dataset;
      return {
        boxMs: window.epureWatch.boxMs,
        shift: window.epureWatch.shift,
        regions: (d.epureRegionBytes ?? '').split(',').filter(Boolean).map(Number),
        cost: Number(d.epureCostMs),
        shown: d.epureShownMs === undefined ? null : Number(d.epureShownMs),
        moments: JSON.parse(d.epureMoments ?? '{}'),
        bytes: Number(d.epureBytes ?? 0),
        html: document.documentElement.outerHTML.length,
        origin: performance.timeOrigin,
      };
    });
    return {
      ...record,
      cpu: cdp ? contentScriptCpuMs(events) : null,
      stepCpu: cdp ? stepCpuMs(events, page.url(), record.moments, record.origin) : null,
    };
  } finally {
    await page.close();
  }
}

try {
  console.log(`Épure extension benchmark — Chromium, ${RUNS} runs per figure, medians\n`);

  console.log('1. Content-script main-thread time, pages with nothing to do');
  console.log('   CPU: our content script, from a trace (base: an empty content script, the browser\'s own cost);');
  console.log('   wall: the content script\'s own work (content-start.js), performance.now()');
  const baselineCpu = new Map();
  const quietPaths = args['seed-only'] ? [] : quietPages(FIXTURES);
  for (const path of quietPaths) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push((await measure(path, 0, { trace: true })).cpu);
    baselineCpu.set(path, median(runs));
  }
  const baselineSeed = [];
  for (let i = 0; i < RUNS; i += 1) baselineSeed.push(await measure(SEED));
  await context.close();
  context = await launch(extension, 'profile');
  browserSession = await context.browser().newBrowserCDPSession();
  const quiet = [];
  for (const path of quietPaths) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await measure(path, 0, { trace: true }));
    const sent = runs[0].bytes;
    const base = baselineCpu.get(path);
    quiet.push({ path, cpu: median(runs.map((r) => r.cpu)), base, cost: median(runs.map((r) => r.cost)), sent, size: runs[0].html });
  }
  for (const q of quiet) {
    const note = q.sent > 0 ? `  (pre-check hit: sent ${q.sent} B)` : '';
    console.log(`   CPU ${fmt(q.cpu).padStart(6)} ms  base ${fmt(q.base).padStart(5)} ms  wall ${fmt(q.cost).padStart(6)} ms  ${String(Math.round(q.size / 1024)).padStart(4)} KB  ${q.path}${note}`);
  }
  const idle = quiet.filter((q) => q.sent === 0);
  const over = (xs) =>
    xs.length === 0 ? 'none' : `${fmt(median(xs))} ms (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
  console.log(`   medians over ${idle.length} pages with no pre-check hit: CPU ${over(idle.map((q) => q.cpu))},` +
    ` empty-script base ${over(idle.map((q) => q.base))}, CPU minus base ${over(idle.map((q) => q.cpu - q.base))},` +
    ` wall ${over(idle.map((q) => q.cost))}\n`);

  console.log('2. Seed page: page parsed (document_idle) to three lines shown');
  await measure(SEED, SEED_BOXES); // warm the engine up
  const warm = [];
  for (let i = 0; i < RUNS; i += 1) warm.push(await measure(SEED, SEED_BOXES, { trace: true }));
  const cold = [];
  const coldSteps = [];
  for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 2)); i += 1) {
    await stopBackground();
    const run = await measure(SEED, SEED_BOXES);
    cold.push(run);
    coldSteps.push(split(run.moments, await backgroundMoments()));
  }
  const warmSteps = medianSteps(warm.map((r) => split(r.moments)));
  const restIn = warm.filter((r) => r.moments.rest !== undefined).map((r) => r.moments.rest - r.moments.ready);
  const warmStepsCpu = medianSteps(warm.map((r) => r.stepCpu));
  console.log(`   warm background: ${fmt(median(warm.map((r) => r.shown)))} ms (min ${fmt(Math.min(...warm.map((r) => r.shown)))}, max ${fmt(Math.max(...warm.map((r) => r.shown)))})`);
  console.log(`   cold background: ${fmt(median(cold.map((r) => r.shown)))} ms (min ${fmt(Math.min(...cold.map((r) => r.shown)))}, max ${fmt(Math.max(...cold.map((r) => r.shown)))}; ${cold.length} runs)`);
  console.log(`   content-script main-thread time on the seed page: ${fmt(median(warm.map((r) => r.cost)))} ms`);
  const steps = (medians) => Object.entries(medians).map(([name, ms]) => `${name} ${fmt(ms)}`).join(', ');
  console.log(`   warm, step medians (ms): ${steps(warmSteps)}`);
  if (restIn.length > 0) console.log(`   warm, the content script's rest in ${fmt(median(restIn))} ms after the page was parsed (negative: before)`);
  console.log(`   warm, the page's main-thread CPU per step (ms, medians): ${steps(warmStepsCpu)}`);
  console.log(`   cold, step medians (ms): ${steps(medianSteps(coldSteps))}\n`);

  const seedRuns = [...warm, ...cold];
  const boxMs = median(seedRuns.map((r) => r.boxMs));
  const cls = median(seedRuns.map((r) => r.shift)) - median(baselineSeed.map((r) => r.shift));
  console.log(`   consent box on screen: ${fmt(boxMs)} ms (max ${fmt(Math.max(...seedRuns.map((r) => r.boxMs)))})`);
  console.log(`   layout shift: ${cls.toFixed(4)} (with Épure ${median(seedRuns.map((r) => r.shift)).toFixed(4)}, without ${median(baselineSeed.map((r) => r.shift)).toFixed(4)})\n`);

  console.log('3. Bytes sent to the background per page');
  console.log(`   seed page: ${warm[0].bytes} B of a ${warm[0].html} B page`);
  const regions = [...warm[0].regions];
  for (const name of readdirSync(join(FIXTURES, 'consent')).filter((f) => f.endsWith('.html') && !f.includes('late'))) {
    const r = await measure(`/consent/${name}`);
    regions.push(...r.regions);
    console.log(`   ${name}: ${r.bytes} B of ${r.html} B (${r.regions.length} regions)`);
  }
  console.log(JSON.stringify({
    quiet_cpu_ms_median: idle.length > 0 ? Number(fmt(median(idle.map((q) => q.cpu)))) : null,
    quiet_base_ms_median: idle.length > 0 ? Number(fmt(median(idle.map((q) => q.base)))) : null,
    seed_warm_ms: Number(fmt(median(warm.map((r) => r.shown)))),
    seed_cold_ms: Number(fmt(median(cold.map((r) => r.shown)))),
    seed_box_visible_ms: Number(fmt(boxMs)),
    // Épure's own: with minus without (negative: the page shifts less with Épure).
    seed_cls: Number(cls.toFixed(4)),
    seed_cls_with: Number(median(seedRuns.map((r) => r.shift)).toFixed(4)),
    seed_cls_without: Number(median(baselineSeed.map((r) => r.shift)).toFixed(4)),
    // The content script's rest in (content-rest.js, injected on demand), ms after the page was parsed (negative: before).
    seed_rest_in_ms: restIn.length > 0 ? Number(fmt(median(restIn))) : null,
    seed_warm_steps_ms: warmSteps,
    seed_warm_steps_cpu_ms: warmStepsCpu,
    seed_cold_steps_ms: medianSteps(coldSteps),
    bytes_per_region_median: regions.length > 0 ? median(regions) : null,
    runs: RUNS,
    image_delay_ms: IMAGE_DELAY_MS,
    load_avg_1m: [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))],
  }));
} finally {
  await context.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
