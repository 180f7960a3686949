// Épure's pages run nothing, in real browsers (issue 8). Each hostile page
// of tests/fixtures/hostile/output-*.html goes through `epure tidy` and
// `epure extract --format html`; each output is served on 127.0.0.1 as a
// saved file would be read (no charset in the HTTP header), once as written
// and once without its CSP meta, so that the markup alone is proved inert. In Chromium and Firefox ESR, nothing
// may then change the title, open a dialog, frame a document, navigate, or
// survive in the browser's own DOM as a handler, frame, refresh, base or
// non-http(s) link; the document must read as UTF-8.
//
// EPURE_BIN=path/to/epure runs another build (e.g. an older one, to see
// these tests fail); by default `cargo run` builds the current one.

import { CHROMIUM_PATH, chromiumArgs } from '../../tools/chromium-flags.mjs';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { tmpdir } from 'node:os';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/hostile');
const PAGES = readdirSync(FIXTURES)
  .filter((f) => /^output-.*\.html$/.test(f))
  .sort();
/** Every hostile page: a lost fixture fails the run. */
const EXPECTED_PAGES = 8;
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/i;
/** Elements a payload might click its way through. */
const ACTIVATABLE = 'svg a, button, input[type=submit], input[type=image]';

/** Épure's outputs: what each writes from a page, by the CLI's arguments. */
const OUTPUTS = {
  tidy: (page, out) => ['tidy', '-o', out, page],
  reader: (page) => ['extract', '--format', 'html', page],
};

function epure(args) {
  const [cmd, all] = process.env.EPURE_BIN
    ? [process.env.EPURE_BIN, args]
    : ['cargo', ['run', '--quiet', '--bin', 'epure', '--', ...args]];
  return execFileSync(cmd, all, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}

/** Writes every output of every hostile page into a temporary folder, as OUTPUT-PAGE. */
function writeAll() {
  const dir = mkdtempSync(join(tmpdir(), 'epure-hostile-output-'));
  for (const page of PAGES) {
    const out = join(dir, `tidy-${page}`);
    epure(OUTPUTS.tidy(join(FIXTURES, page), out));
    writeFileSync(join(dir, `reader-${page}`), epure(OUTPUTS.reader(join(FIXTURES, page))));
  }
  return dir;
}

/** Serves `/as-written/FILE` and `/bare/FILE` (without the CSP meta). */
function serveOutputs(dir) {
  const files = readdirSync(dir);
  const server = createServer((req, res) => {
    const [, variant, name] = new URL(req.url, 'http://127.0.0.1').pathname.split('/');
    if (!files.includes(name) || !['as-written', 'bare'].includes(variant)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let body = readFileSync(join(dir, name), 'utf8');
    if (variant === 'bare') body = body.replace(CSP_META, '');
    // No charset: the browser decides from the page, as for a file on disk.
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      done({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) });
    });
  });
}

function isOutside(url) {
  const { protocol, hostname } = new URL(url);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '127.0.0.1';
}

/** A plain headless browser (no extension); requests leaving 127.0.0.1 are recorded and dropped. */
async function launch(name) {
  if (name === 'chromium') {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs() });
    const ctx = await browser.newContext();
    const outside = [];
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (!isOutside(url)) return route.continue();
      outside.push(url);
      return route.abort('blockedbyclient');
    });
    return { outside, newPage: () => ctx.newPage(), close: () => browser.close() };
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    // Whatever leaves 127.0.0.1 goes to a dead proxy.
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1',
    },
  });
  const outside = [];
  return {
    outside,
    async newPage() {
      const page = await browser.newPage();
      page.on('request', (request) => {
        if (isOutside(request.url())) outside.push(request.url());
      });
      return page;
    },
    close: () => browser.close(),
  };
}

/** What the browser built from the page: everything that could run or leave. */
function inspect() {
  const schemeOf = (value) => {
    try {
      return new URL(value, document.baseURI).protocol;
    } catch {
      return 'invalid:';
    }
  };
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data'];
  const all = [...document.querySelectorAll('*')];
  return {
    title: document.title,
    charset: document.characterSet,
    base: document.baseURI === location.href,
    frames: document.querySelectorAll('iframe, frame, object, embed, portal').length,
    scripts: document.querySelectorAll('script, base, form[action]').length,
    metas: [...document.querySelectorAll('meta[http-equiv]')]
      .map((m) => m.httpEquiv.toLowerCase())
      .filter((h) => h !== 'content-security-policy'),
    attrs: all.flatMap((e) =>
      [...e.attributes]
        .filter((a) => a.name.startsWith('on') || a.name === 'srcdoc'
          || (urlAttrs.includes(a.name) && !['http:', 'https:'].includes(schemeOf(a.value))))
        .map((a) => `<${e.localName} ${a.name}>`),
    ),
    styleInForeign: document.querySelectorAll('svg style, math style').length,
  };
}

/** Loads one output, clicks what a reader might, and lists every sign that script ran. */
async function attack(browser, url, title) {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  try {
    await page.goto(url, { waitUntil: 'load' });
    for (const handle of await page.$$(ACTIVATABLE)) {
      await handle.click({ timeout: 2_000 }).catch(() => {});
    }
    // Let a clicked javascript: URL or submission run its task: two frames, not a fixed delay.
    await page
      .evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))))
      .catch(() => {});
    const problems = [];
    if (page.url() !== url) problems.push(`navigated to ${page.url()}`);
    if (page.frames().length > 1) problems.push(`${page.frames().length - 1} frame(s)`);
    if (dialogs.length) problems.push(`dialogs: ${dialogs.join(', ')}`);
    if (page.url() === url) {
      const seen = await page.evaluate(inspect);
      if (seen.title !== title) problems.push(`title ${JSON.stringify(seen.title)}`);
      if (seen.charset !== 'UTF-8') problems.push(`read as ${seen.charset}`);
      if (!seen.base) problems.push('base URL changed');
      if (seen.frames) problems.push(`${seen.frames} frame element(s)`);
      if (seen.scripts) problems.push(`${seen.scripts} script, base or form[action]`);
      if (seen.metas.length) problems.push(`http-equiv: ${seen.metas.join(', ')}`);
      if (seen.attrs.length) problems.push(`attributes: ${seen.attrs.join(', ')}`);
      if (seen.styleInForeign) problems.push('style inside svg or math');
    }
    return problems;
  } finally {
    await page.close();
  }
}

for (const browserName of ['chromium', 'firefox']) {
  describe(`Épure's output of hostile pages in ${browserName}`, () => {
    let dir;
    let server;
    let browser;

    before(async () => {
      dir = writeAll();
      server = await serveOutputs(dir);
      browser = await launch(browserName);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('should find every hostile page', () => {
      assert.equal(PAGES.length, EXPECTED_PAGES);
    });

    for (const output of Object.keys(OUTPUTS)) {
      for (const name of PAGES) {
        for (const variant of ['as-written', 'bare']) {
          const label = variant === 'bare' ? ' even without its CSP' : '';
          test(`should run nothing from the ${output} of ${name}${label}`, async () => {
            const file = `${output}-${name}`;
            // The title Épure wrote; the payloads try to overwrite it.
            const title = readFileSync(join(dir, file), 'utf8').match(/<title>([^<]*)<\/title>/)?.[1];
            const already = browser.outside.length;
            const problems = await attack(browser, `${server.url}/${variant}/${file}`, title);
            const leaked = browser.outside.slice(already);
            if (leaked.length) problems.push(`requests left 127.0.0.1: ${leaked.join(' ')}`);
            assert.deepEqual(problems, []);
          });
        }
      }
    }
  });
}
