// Builds of the content script side by side on the pages with nothing to
// do (bench/quiet-pages.mjs), in one run: this tree's and other copies'
// (an older commit's `extension/` and `tools/`, e.g. from `git archive`, or
// a variant), with the empty-script base, page by page and load by load in
// turn, so the machine's load weighs on all alike. CPU as in
// bench/extension-perf.mjs (thread time of the trace events that run an
// extension script). Not a test; needs the engine built (`make dist`).
//
//   git archive COMMIT extension tools | tar -x -C /tmp/old
//   node bench/quiet-compare.mjs --old /tmp/old [--old /tmp/variant …] [--runs 5]

import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  options: { old: { type: 'string', multiple: true }, runs: { type: 'string', default: '5' }, page: { type: 'string', multiple: true } },
});
if (!args.old) throw new Error('--old DIR: a copy of an older extension/ and tools/ (repeatable)');
const RUNS = Number(args.runs);

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'epure-compare-'));
/** A bench build (`--debug`) of the tree at `root`, with this tree's engine and pre-check data. */
function build(root, out) {
  const target = join(ROOT, 'target');
  execFileSync(
    'node',
    [
      join(root, 'tools', 'build-dist.mjs'),
      ...['--pkg', join(target, 'wasm-pkg'), '--reader-pkg', join(target, 'wasm-reader-pkg')],
      ...['--precheck', join(target, 'precheck.json'), '--only', 'chrome', '--debug', '--out', out],
    ],
    { stdio: 'ignore' },
  );
  return join(out, 'chrome');
}
/** Each build by name: `old` (or `old1`, `old2`… for several), `new`, `base`. */
const builds = {};
args.old.forEach((dir, i) => {
  const name = args.old.length === 1 ? 'old' : `old${i + 1}`;
  builds[name] = build(dir, join(work, name));
});
builds.new = build(ROOT, join(work, 'new'));
// The base: an extension whose content script only leaves the mark waited for.
builds.base = join(work, 'base');
cpSync(builds.new, builds.base, { recursive: true });
const manifest = JSON.parse(readFileSync(join(builds.base, 'manifest.json'), 'utf8'));
manifest.content_scripts[0].js = ['empty.js'];
writeFileSync(join(builds.base, 'manifest.json'), JSON.stringify(manifest));
writeFileSync(
  join(builds.base, 'empty.js'),
  "document.documentElement.dataset.epureCostMs = '0';\ndocument.documentElement.dataset.epureCostParts = '{\"idle\":0}';\n",
);

const server = await serve(FIXTURES);
const contexts = {};
for (const [name, dir] of Object.entries(builds)) {
  const context = await chromium.launchPersistentContext(join(work, `profile-${name}`), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs({ extension: dir }),
  });
  await context.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
  );
  await (context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker'));
  contexts[name] = context;
}

const TOP_LEVEL_RUNS = new Set(['EvaluateScript', 'FunctionCall']);
/**
 * The page's style passes (whoever caused them): the early sheet's selectors
 * cost there, not in our scripts' own time, so each build's is compared with
 * the base's.
 */
const STYLE_PASSES = new Set(['UpdateLayoutTree']);
/** Loads `path` in `context`: the extension scripts' CPU from a trace, content.js's wall time and bytes sent. */
async function measure(context, path) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  try {
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await page.waitForFunction(() => JSON.parse(document.documentElement.dataset.epureCostParts ?? '{}').idle !== undefined);
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.end');
    await complete;
    let micros = 0;
    let styleMicros = 0;
    /** Our scripts' runs (the evaluation, then each callback): each enters the extension's world, a cost of its own. */
    let tasks = 0;
    for (const e of events) {
      if (TOP_LEVEL_RUNS.has(e.name) && (e.args?.data?.url ?? '').startsWith('chrome-extension://')) {
        micros += e.tdur ?? 0;
        tasks += 1;
      }
      if (STYLE_PASSES.has(e.name) && e.ph === 'X') styleMicros += e.tdur ?? 0;
    }
    const record = await page.evaluate(() => ({
      wall: Number(document.documentElement.dataset.epureCostMs),
      bytes: Number(document.documentElement.dataset.epureBytes ?? 0),
    }));
    return { cpu: micros / 1000, style: styleMicros / 1000, tasks, ...record };
  } finally {
    await page.close();
  }
}

try {
  const loadBefore = loadavg()[0];
  const pages = args.page ?? quietPages(FIXTURES);
  for (const context of Object.values(contexts)) await measure(context, pages[0]); // first-time costs
  const rows = [];
  for (const path of pages) {
    const runs = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
    for (let r = 0; r < RUNS; r += 1) {
      for (const name of Object.keys(runs)) runs[name].push(await measure(contexts[name], path));
    }
    const row = { path };
    for (const [name, list] of Object.entries(runs)) {
      row[name] = {
        cpu: median(list.map((x) => x.cpu)),
        style: median(list.map((x) => x.style)),
        wall: median(list.map((x) => x.wall)),
        tasks: median(list.map((x) => x.tasks)),
        bytes: list[0].bytes,
      };
    }
    rows.push(row);
    const f = (x) => x.toFixed(2).padStart(6);
    const hit = (b) => (b.bytes > 0 ? ` (sent ${b.bytes} B)` : '');
    const names = Object.keys(builds);
    const line = (name) => `${name} ${f(row[name].cpu)} (style ${f(row[name].style)}, runs ${row[name].tasks})${hit(row[name])}`;
    console.log(`${names.map(line).join('  ')}  ${path}`);
  }
  // Pages quiet for every build: a pre-check hit is not a quiet page.
  const names = Object.keys(builds).filter((name) => name !== 'base');
  const quiet = rows.filter((r) => names.every((name) => r[name].bytes === 0));
  const over = (name, key) => Number(median(quiet.map((r) => r[name][key])).toFixed(2));
  const summary = { pages: quiet.length, runs: RUNS, quiet_base_ms_median: over('base', 'cpu'), quiet_style_ms_median_base: over('base', 'style') };
  for (const name of names) {
    summary[`quiet_cpu_ms_median_${name}`] = over(name, 'cpu');
    summary[`quiet_wall_ms_median_${name}`] = over(name, 'wall');
    summary[`quiet_style_ms_median_${name}`] = over(name, 'style');
    summary[`quiet_script_runs_median_${name}`] = over(name, 'tasks');
    summary[`hits_${name}`] = rows.filter((r) => r[name].bytes > 0).map((r) => r.path);
    // Paired per page: steadier than the difference of two medians.
    if (name !== 'new') summary[`quiet_cpu_ms_median_${name}_minus_new`] = Number(median(quiet.map((r) => r[name].cpu - r.new.cpu)).toFixed(2));
  }
  summary.load_avg_1m = [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))];
  console.log(JSON.stringify(summary));
} finally {
  for (const context of Object.values(contexts)) await context.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
