// Whether the content script's check (tidy-in-place.js `mayHaveArticle`,
// which decides whether a page's markup is sent to the engine for tidy and
// the reader's auto mode) says yes wherever the engine finds an article,
// and no on pages without one, measured in real headless Chromium on the
// fixture sets (not a test: it prints numbers and asserts nothing). Needs
// `make dist` (its wasm and pre-check data) and the CLI (`cargo build --release`).
//
//   node bench/article-check.mjs [--epure target/release/epure]
//
// For each page (served on 127.0.0.1, tidy on): the check's answer and
// its main-thread time (a bench build records it), against the CLI's
// `epure extract` (exit 3: no article). A "missed" page is one the engine
// finds an article in and the check never sends.

import { CHROMIUM_PATH, chromiumArgs } from '../tools/chromium-flags.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '../tools/serve.mjs';
import { tmpdir } from 'node:os';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const { values: args } = parseArgs({ options: { epure: { type: 'string', default: join(ROOT, 'target', 'release', 'epure') } } });
/** How long a page's content script may take to answer. */
const WAIT_MS = 15_000;

/** set name -> [page name, source file] */
function sets() {
  const folderPages = (dir) =>
    readdirSync(join(FIXTURES, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => [d.name, ['source.html', 'source.html.gz'].map((f) => join(FIXTURES, dir, d.name, f)).find(existsSync)])
      .filter(([, file]) => file);
  const files = (dir, match) =>
    readdirSync(join(FIXTURES, dir))
      .filter((f) => match.test(f))
      .map((f) => [f.replace(/\.html(\.gz)?$/, ''), join(FIXTURES, dir, f)]);
  return {
    extract: folderPages('extract'),
    tune: folderPages('extract-dev/tune'),
    'held-out': folderPages('extract-dev/held-out'),
    annotated: files('extract-annotated/html', /\.html\.gz$/),
    'no-article': files('no-article', /\.html$/),
    'consent negatives': [...files('consent', /negative.*\.html$/), ...files('consent-extra', /negative.*\.html$/)],
  };
}

const work = mkdtempSync(join(tmpdir(), 'epure-check-bench-'));
execFileSync('node', [join(ROOT, 'tools', 'build-dist.mjs'), '--only', 'chrome', '--debug', '--out', work], { stdio: 'ignore' });
const served = join(work, 'pages');
const all = Object.entries(sets()).flatMap(([set, pages]) => pages.map(([name, file]) => ({ set, name, file })));
for (const [i, page] of all.entries()) {
  page.path = `/${i}/source.html`;
  mkdirSync(join(served, String(i)), { recursive: true });
  const bytes = readFileSync(page.file);
  page.html = join(served, String(i), 'source.html');
  writeFileSync(page.html, page.file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}
const server = await serve(served);
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: CHROMIUM_PATH,
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: chromiumArgs({ extension: join(work, 'chrome') }),
});
await context.route('**/*', (route) =>
  new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
);
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const control = await context.newPage();
await control.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
await control.evaluate(async (waitMs) => {
  await chrome.runtime.sendMessage({ type: 'defaults-set', defaults: { collapse: true, tidy: true, reader: 'off' } });
  // Pages read their settings at load once the background has registered them (pages-with-settings.js).
  const deadline = Date.now() + waitMs;
  while ((await chrome.scripting.getRegisteredContentScripts()).length === 0 && Date.now() < deadline) {
    await new Promise((next) => setTimeout(next, 50));
  }
}, WAIT_MS);

/** The check's answer in the page at `url` and its time (NaN from a build that does not record it), once the content script has looked. */
async function answer(url) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' }).catch(() => {});
    const says = await control.evaluate(
      async ({ href, waitMs }) => {
        const tab = (await chrome.tabs.query({})).find((t) => t.url === href);
        const deadline = Date.now() + waitMs;
        while (tab && Date.now() < deadline) {
          const [first] = await chrome.scripting.executeScript({
            target: { tabId: tab.id },
            func: () => (typeof globalThis.epureMayHaveArticle === 'function' ? globalThis.epureMayHaveArticle() : null),
          });
          if (first.result !== null) return first.result;
          await new Promise((next) => setTimeout(next, 50));
        }
        return null;
      },
      { href: url, waitMs: WAIT_MS },
    );
    const ms = Number(await page.evaluate(() => document.documentElement.dataset.epureMayHaveMs));
    return { says, ms };
  } finally {
    await page.close();
  }
}

const rows = [];
for (const page of all) {
  const { says, ms } = await answer(`${server.url}${page.path}`);
  const engine = spawnSync(args.epure, ['extract', '--format', 'text', page.html], { stdio: 'ignore' }).status !== 3;
  rows.push({ ...page, says, ms, engine });
}
await context.close();
await server.close();
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log('| set | pages | engine: article | check says yes | missed (engine: article, check: no) | both say no | check: yes, engine: no | no answer | check ms, median (max) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const set of [...new Set(rows.map((r) => r.set))]) {
  const of = rows.filter((r) => r.set === set);
  const count = (f) => of.filter(f).length;
  const ms = of.map((r) => r.ms).filter(Number.isFinite);
  const time = ms.length ? `${median(ms).toFixed(2)} (${Math.max(...ms).toFixed(2)})` : '';
  console.log(
    `| ${set} | ${of.length} | ${count((r) => r.engine)} | ${count((r) => r.says === true)} | ${count((r) => r.engine && r.says === false)} | ${count((r) => !r.engine && r.says === false)} | ${count((r) => !r.engine && r.says === true)} | ${count((r) => r.says === null)} | ${time} |`,
  );
}
for (const r of rows.filter((r) => (r.engine && r.says === false) || r.says === null)) console.log(`${r.says === null ? 'no answer' : 'missed'}: ${r.set} ${r.name}`);
for (const r of rows.filter((r) => !r.engine)) console.log(`engine: no article: ${r.set} ${r.name}, check: ${r.says}`);
