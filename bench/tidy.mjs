// Tidy in place, measured in real headless Chromium (not a test: it prints
// numbers and asserts nothing). Needs `make dist` first.
//
//   node bench/tidy.mjs [--set extract] [--page NAME]... [--runs 15]
//
// `--set`: a folder of tests/fixtures/ whose pages each have a source.html
// (or source.html.gz) and an expected.html or expected.txt: extract/ (tuned
// on), extract-dev/tune/, extract-dev/held-out/; or a folder laid out as
// extract-annotated/ (html/ID.html.gz, the article in ground-truth.json's
// `articleBody`). For each page (served on 127.0.0.1) it loads the page with
// tidy off, then on, and compares the page's visible text
// (`document.body.innerText`) with the article's words (the expected text):
//   - article kept: share of the article's words visible with tidy on (and,
//     for reference, with tidy off: words the page itself never shows);
//   - other words lost: share of the words that are not the article's
//     (visible with tidy off) that tidy hides.
// Words are lower-cased runs of letters and digits, counted as multisets.
// A page that hides its body until a script of its own shows it (an
// anti-flicker style waiting on a third-party script, blocked here) is shown
// as that script would, in both runs, and flagged. A page where the engine
// finds no article is left as it was, by design: it is reported, not counted.
// It also reports the main-thread time the content script took to apply
// the plan once it had it (marks only, then with the style and layout they
// cause), from a bench build that records it (tools/build-dist.mjs --debug).

import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '../tools/serve.mjs';
import { tmpdir } from 'node:os';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    set: { type: 'string', default: 'extract' },
    page: { type: 'string', multiple: true },
    runs: { type: 'string', default: '15' },
  },
});
const EXTRACT = join(ROOT, 'tests', 'fixtures', args.set);
/** Pages whose apply time is measured over `--runs` loads: the largest (449 KB) and two busy ones. */
const TIMED = ['schema-org-context-object', 'nytimes-1', 'aktualne'];
/** How long a page may take to be tidied before it counts as not tidied. */
const WAIT_MS = 30_000;

/** The annotated layout: one ground-truth.json for the set, pages in html/. */
const TRUTH = join(EXTRACT, 'ground-truth.json');
const annotated = existsSync(TRUTH) ? JSON.parse(readFileSync(TRUTH, 'utf8')) : null;
const expectedFile = (name) =>
  ['expected.html', 'expected.txt'].map((f) => join(EXTRACT, name, f)).find((f) => existsSync(f));
/** Pages with an expected article (a page of a set may have only its metadata). */
const pages = annotated
  ? Object.keys(annotated).filter((id) => existsSync(join(EXTRACT, 'html', `${id}.html.gz`)))
  : readdirSync(EXTRACT, { withFileTypes: true })
      .filter((d) => d.isDirectory() && expectedFile(d.name))
      .map((d) => d.name);
/** A page's source: its folder's source.html(.gz), or the annotated set's html/ID.html.gz. */
const sourceOf = (name) =>
  annotated
    ? join(EXTRACT, 'html', `${name}.html.gz`)
    : [join(EXTRACT, name, 'source.html'), join(EXTRACT, name, 'source.html.gz')].find((f) => existsSync(f));
const names = (args.page ?? pages).sort();
const work = mkdtempSync(join(tmpdir(), 'epure-tidy-bench-'));
execFileSync('node', [join(ROOT, 'tools', 'build-dist.mjs'), '--only', 'chrome', '--debug', '--out', work], {
  stdio: 'ignore',
});
const dir = join(work, 'chrome');
// The pages, each as its source.html (a compressed one unpacked), served from one folder.
const served = join(work, 'pages');
for (const name of names) {
  const from = sourceOf(name);
  mkdirSync(join(served, name), { recursive: true });
  if (from.endsWith('.gz')) writeFileSync(join(served, name, 'source.html'), gunzipSync(readFileSync(from)));
  else cpSync(from, join(served, name, 'source.html'));
}
const server = await serve(served);
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: CHROMIUM_PATH,
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: chromiumArgs({ extension: dir }),
});
await context.route('**/*', (route) =>
  new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
);
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const control = await context.newPage();
await control.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);

const setTidy = (tidy) =>
  control.evaluate(
    (on) => chrome.runtime.sendMessage({ type: 'defaults-set', defaults: { collapse: true, tidy: on, reader: 'off' } }),
    tidy,
  );

/** Word -> count, for lower-cased runs of letters and digits. */
function words(text) {
  const counts = new Map();
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}
const total = (counts) => [...counts.values()].reduce((a, b) => a + b, 0);
/** Article words found in `visible`, and visible words beyond the article's. */
function split(article, visible) {
  let kept = 0;
  let other = 0;
  for (const [word, n] of visible) {
    const a = article.get(word) ?? 0;
    kept += Math.min(a, n);
    other += Math.max(n - a, 0);
  }
  return { kept, other };
}

async function visit(path, tidy) {
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    const unveiled = await page.evaluate(() => {
      if (getComputedStyle(document.body).visibility !== 'hidden') return false;
      const style = document.createElement('style');
      style.textContent = 'body { visibility: visible !important; }';
      document.head.append(style);
      return true;
    });
    let timing = null;
    if (tidy) {
      const done = await page
        .waitForFunction(() => document.documentElement.dataset.epureTidyLayoutMs !== undefined, null, {
          timeout: WAIT_MS,
          polling: 50,
        })
        .then(() => true, () => false);
      if (!done) return { text: await page.evaluate(() => document.body.innerText), timing: null, unveiled };
      timing = await page.evaluate(() => ({
        apply: Number(document.documentElement.dataset.epureTidyApplyMs),
        layout: Number(document.documentElement.dataset.epureTidyLayoutMs),
        skipped: Number(document.documentElement.dataset.epureTidySkipped),
        clutter: document.querySelectorAll('[data-epure="clutter"]').length,
        marked: document.querySelector('[data-epure-tidy="article"]') !== null,
        bytes: document.documentElement.outerHTML.length,
      }));
    }
    return { text: await page.evaluate(() => document.body.innerText), timing, unveiled };
  } finally {
    await page.close();
  }
}


const expectedText = async (name) => {
  if (annotated) return annotated[name].articleBody;
  const file = expectedFile(name);
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.txt')) return text;
  return control.evaluate((h) => new DOMParser().parseFromString(h, 'text/html').body.textContent, text);
};

await setTidy(false);
const before = new Map();
for (const name of names) before.set(name, (await visit(`/${name}/source.html`, false)).text);
await setTidy(true);
const rows = [];
for (const name of names) {
  const after = await visit(`/${name}/source.html`, true);
  const article = words(await expectedText(name));
  const was = split(article, words(before.get(name)));
  const now = split(article, words(after.text));
  rows.push({
    name,
    tidied: after.timing?.marked === true,
    unveiled: after.unveiled,
    articleWords: total(article),
    keptBefore: was.kept / total(article),
    keptAfter: now.kept / total(article),
    otherBefore: was.other,
    otherAfter: now.other,
    otherLost: was.other > 0 ? 1 - now.other / was.other : 0,
    ...after.timing,
  });
}
const timings = [];
for (const name of TIMED.filter((n) => names.includes(n))) {
  const runs = [];
  for (let i = 0; i < Number(args.runs); i += 1) {
    const { timing } = await visit(`/${name}/source.html`, true);
    if (timing) runs.push(timing);
  }
  timings.push({ name, runs });
}
await setTidy(false);
await context.close();
await server.close();
rmSync(work, { recursive: true, force: true });

const pct = (x) => `${(100 * x).toFixed(1)} %`;
console.log('| page | tidied | article words | article kept (off → on) | other words (off → on) | other lost | clutter | apply ms | + layout ms | page KB |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${annotated ? r.name.slice(0, 12) : r.name}${r.unveiled ? ' (shown)' : ''} | ${r.tidied ? 'yes' : 'no'} | ${r.articleWords} | ${pct(r.keptBefore)} → ${pct(r.keptAfter)} | ${r.otherBefore} → ${r.otherAfter} | ${pct(r.otherLost)} | ${r.clutter ?? ''}${r.skipped > 0 ? ` (${r.skipped} left)` : ''} | ${r.apply?.toFixed(2) ?? ''} | ${r.layout?.toFixed(2) ?? ''} | ${r.bytes ? Math.round(r.bytes / 1024) : ''} |`,
  );
}
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
console.log('\n| page | KB | loads | apply ms median (min) | apply + style and layout ms median (min) |');
console.log('|---|---|---|---|---|');
for (const { name, runs } of timings) {
  const apply = runs.map((r) => r.apply);
  const layout = runs.map((r) => r.layout);
  console.log(
    `| ${name} | ${Math.round((runs[0]?.bytes ?? 0) / 1024)} | ${runs.length} | ${median(apply).toFixed(2)} (${Math.min(...apply).toFixed(2)}) | ${median(layout).toFixed(2)} (${Math.min(...layout).toFixed(2)}) |`,
  );
}
const tidied = rows.filter((r) => r.tidied);
const ok = tidied.filter((r) => r.keptAfter >= 0.98 * r.keptBefore && r.otherLost >= 0.5);
const untouched = rows.filter((r) => !r.tidied);
console.log(`\n${ok.length}/${tidied.length} tidied pages with ≥ 98 % of the visible article words kept and ≥ 50 % of the other words hidden.`);
const least = tidied.filter((r) => r.keptBefore > 0).reduce((a, r) => (a && a.keptAfter / a.keptBefore <= r.keptAfter / r.keptBefore ? a : r), null);
if (least) console.log(`Least article kept (on / off): ${pct(least.keptAfter / least.keptBefore)} (${least.name}).`);
console.log(`Not tidied (no article found, or no plan in ${WAIT_MS / 1000} s): ${untouched.map((r) => r.name).join(', ') || 'none'}.`);
if (rows.some((r) => r.unveiled)) console.log('(shown): the page hides its body until a blocked script of its own runs; shown in both runs.');
