// Where the content script's time goes on pages with nothing to do: a CPU
// profile (V8's sampler through CDP, 20 µs) of every load, our script's
// samples summed per function and per source file of the bundle. Not a
// test, not the headline figures (bench/extension-perf.mjs has those):
// the split, to know what to cut. Needs `make dist` first.
//
//   node bench/extension-profile.mjs [--runs 5] [--top 25] [--lines 0] [--page /seed/article.html]
//
// --lines N also lists the N source lines with the most self samples (V8's
// per-line ticks: where inside a function the time goes, native calls included).
//
// Pages named with --page are profiled whatever they hold (the seed's lines included).
//
// A function's self time includes the browser's native work it calls
// (building an API object, a style recalculation forced by a read).

import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    runs: { type: 'string', default: '5' },
    top: { type: 'string', default: '25' },
    lines: { type: 'string', default: '0' },
    page: { type: 'string', multiple: true },
  },
});
const RUNS = Number(args.runs);
/** V8's sampling interval, µs: small enough for sub-millisecond parts summed over many loads. */
const SAMPLING_US = 20;

/** The same quiet pages as extension-perf.mjs: negative fixtures and the extraction corpus. */
const work = mkdtempSync(join(tmpdir(), 'epure-profile-'));
execFileSync('node', [join(ROOT, 'tools', 'build-dist.mjs'), '--only', 'chrome', '--debug', '--readable', '--out', work], { stdio: 'ignore' });
const extension = join(work, 'chrome');

/** Line (1-based) of the bundle -> the source file it came from (`// ---- FILE` headers). */
const bundleLines = readFileSync(join(extension, 'content-bundle.js'), 'utf8').split('\n');
const fileOfLine = [];
let current = '?';
for (const line of bundleLines) {
  const header = /^\/\/ ---- (\S+)$/.exec(line);
  if (header) current = header[1];
  fileOfLine.push(current);
}

const server = await serve(FIXTURES);
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: chromiumArgs({ extension }),
});
await context.route('**/*', (route) =>
  new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
);
await (context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker'));

/**
 * Lines the browser reports for the bundle are shifted by its wrapper around
 * a content script: found once from a named function's known line.
 */
let lineShift = null;
function calibrate(nodes) {
  for (const { callFrame } of nodes) {
    if (!callFrame.url.endsWith('content-bundle.js') || !/^\w+$/.test(callFrame.functionName)) continue;
    const at = bundleLines.findIndex((line) => new RegExp(`\\bfunction\\*? ?${callFrame.functionName}\\(`).test(line));
    if (at >= 0) return at - callFrame.lineNumber;
  }
  return null;
}

/** µs of self time per "function file:line" and per file, over all loads. */
const byFunction = new Map();
const byFile = new Map();
/** Self samples per bundle line (0-based), from V8's per-line ticks. */
const byLine = new Map();
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
let loads = 0;
/** Pages left out: the pre-check found something there. */
const hits = new Set();

/** Adds one profile's samples whose innermost JS frame is the bundle's (the rest is the page's or the browser's). */
function account(profile) {
  lineShift ??= calibrate(profile.nodes);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A sample in a native frame ("(program)", "(garbage collector)") or a
  // builtin is charged to the nearest JS frame above it that has a URL.
  const owner = new Map();
  const ownerOf = (id) => {
    if (owner.has(id)) return owner.get(id);
    const { callFrame } = nodes.get(id);
    let found = null;
    if (callFrame.url) found = callFrame.url.endsWith('content-bundle.js') ? callFrame : false;
    else if (parent.has(id)) found = ownerOf(parent.get(id));
    owner.set(id, found);
    return found;
  };
  for (const { callFrame, positionTicks } of profile.nodes) {
    if (!callFrame.url.endsWith('content-bundle.js')) continue;
    for (const { line, ticks } of positionTicks ?? []) add(byLine, line - 1 + (lineShift ?? 0), ticks * SAMPLING_US);
  }
  for (let i = 0; i < profile.samples.length; i += 1) {
    const frame = ownerOf(profile.samples[i]);
    if (!frame) continue;
    const us = profile.timeDeltas[i + 1] ?? SAMPLING_US;
    const line = frame.lineNumber + (lineShift ?? 0);
    const file = fileOfLine[line] ?? '?';
    add(byFunction, `${frame.functionName || '(anonymous)'} bundle:${line + 1}:${frame.columnNumber + 1} (${file})`, us);
    add(byFile, file, us);
  }
}

try {
  const pages = args.page ?? quietPages(FIXTURES);
  // One load first: the browser's own first-time costs are not the script's.
  await (await context.newPage()).goto(`${server.url}${pages[0]}`, { waitUntil: 'load' });
  for (const path of pages) {
    for (let r = 0; r < RUNS; r += 1) {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
      await cdp.send('Profiler.start');
      await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      await page.waitForFunction(() => JSON.parse(document.documentElement.dataset.epureCostParts ?? '{}').idle !== undefined);
      // A page with boxes: until its lines are in.
      if (args.page) await page.evaluate(() => new Promise((done) => setTimeout(done, 500)));
      const { profile } = await cdp.send('Profiler.stop');
      // Pages where the pre-check found something are not quiet (as in extension-perf.mjs).
      const sent = await page.evaluate(() => Number(document.documentElement.dataset.epureBytes ?? 0));
      if (sent > 0 && !args.page) hits.add(path);
      else {
        account(profile);
        loads += 1;
      }
      await page.close();
    }
  }
  const ms = (us) => (us / 1000 / loads).toFixed(3).padStart(7);
  console.log(`Content script, CPU profile, ${loads} loads of ${pages.length} pages (load ${loadavg()[0].toFixed(1)}); ms per load\n`);
  if (hits.size > 0) console.log(`left out (pre-check hit): ${[...hits].join(' ')}\n`);
  console.log('per file:');
  for (const [file, us] of [...byFile].sort((a, b) => b[1] - a[1])) console.log(`  ${ms(us)}  ${file}`);
  console.log(`  ${ms([...byFile.values()].reduce((a, b) => a + b, 0))}  total`);
  console.log('\nper function (self time, with the native work it calls):');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
    console.log(`  ${ms(us)}  ${name}`);
  }
  if (Number(args.lines) > 0) {
    console.log('\nper source line (self samples, at the sampling interval):');
    for (const [line, us] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, Number(args.lines))) {
      console.log(`  ${ms(us)}  bundle:${line + 1} (${fileOfLine[line] ?? '?'})  ${(bundleLines[line] ?? '').trim().slice(0, 100)}`);
    }
  }
} finally {
  await context.close();
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
