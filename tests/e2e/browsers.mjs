// Launches a real headless browser with the unpacked extension, behind one
// small interface so that each test runs unchanged in both:
//   chromium: Debian's /usr/bin/chromium driven by playwright-core (CDP)
//   firefox:  Debian's /usr/bin/firefox-esr driven by puppeteer-core (WebDriver BiDi)
// Every request that is not for 127.0.0.1 (or the extension itself) is
// recorded in `outside` and never reaches the network.

import { CHROMIUM_PATH, chromiumArgs } from '../../tools/chromium-flags.mjs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BROWSERS = ['chromium', 'firefox'];
const VIEWPORT = { width: 1280, height: 800 };
/** The test servers' hosts: 127.0.0.1, and 127.0.0.2 as a second site (settings.mjs). */
export const LOOPBACK = ['127.0.0.1', '127.0.0.2'];
/** How long an extension page may take to open in Firefox (slow under load). */
const EXT_PAGE_MS = 15_000;

/** http(s) requests that leave 127.0.0.1 are the ones we record. */
function isOutside(url) {
  const { protocol, hostname } = new URL(url);
  return (protocol === 'http:' || protocol === 'https:') && !LOOPBACK.includes(hostname);
}

/**
 * `touch`: pages take touch events too (the picker on a phone; Chromium only,
 * see picker.mjs). `forcedColors`: Firefox only turns forced colours on for a
 * whole profile (page colours overridden, as its accessibility setting does);
 * Chromium emulates them per page (`forceColors`). `extension: false` starts
 * the browser without Épure (the playground needs no dist/). `profile`: a
 * profile directory to start with and keep on close (a browser restart: the
 * caller makes it, launches twice, and removes it); by default a fresh one,
 * removed on close. `dist`: another build's dist/ (a benchmark's "before").
 */
export function launch(name, { touch = false, forcedColors = false, extension = true, profile, dist = join(ROOT, 'dist') } = {}) {
  return name === 'chromium'
    ? launchChromium(touch, extension, profile, dist)
    : launchFirefox(forcedColors, extension, profile, dist);
}

async function launchChromium(touch, extension, kept, dist) {
  const dir = join(dist, 'chrome');
  const profile = kept ?? mkdtempSync(join(tmpdir(), 'epure-e2e-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: VIEWPORT,
    hasTouch: touch,
    args: chromiumArgs({ extension: extension ? dir : null }),
  });
  const outside = [];
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (!isOutside(url)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const worker = !extension
    ? null
    : (ctx.serviceWorkers()[0] ??
      (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => {
        throw new Error('the extension did not start: run `web-ext lint` on dist/firefox');
      })));
  const id = worker && new URL(worker.url()).host;
  return {
    name: 'chromium',
    outside,
    async newPage() {
      const page = await ctx.newPage();
      return page;
    },
    beforeLoad: (page, fn) => page.addInitScript(fn),
    resize: (page, size) => page.setViewportSize(size),
    forceColors: (page) => page.emulateMedia({ forcedColors: 'active' }),
    /** The accessibility tree as the browser exposes it (YAML). */
    ariaSnapshot: (page) => page.locator('body').ariaSnapshot(),
    async openExtPage(file) {
      const page = await ctx.newPage();
      await page.goto(`chrome-extension://${id}/${file}`);
      return page;
    },
    async close() {
      await ctx.close();
      if (!kept) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** In a page: true once it is a loaded page under `prefix`; false when a page elsewhere goes away. */
function loadedUnder(prefix) {
  return new Promise((resolve) => {
    if (!location.href.startsWith(prefix)) addEventListener('pagehide', () => resolve(false), { once: true });
    else if (document.readyState === 'complete') resolve(true);
    else addEventListener('load', () => resolve(true), { once: true });
  });
}

/**
 * The extension's moz-extension:// host: fresh, or the one a kept profile
 * was first given (its storage is that origin's).
 */
function extensionUuid(kept) {
  if (!kept) return randomUUID();
  const file = join(kept, 'epure-e2e-uuid');
  if (!existsSync(file)) writeFileSync(file, randomUUID());
  return readFileSync(file, 'utf8');
}

async function launchFirefox(forcedColors, extension, kept, dist) {
  const dir = join(dist, 'firefox');
  const geckoId = extension
    ? JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id
    : null;
  const uuid = extensionUuid(kept);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    defaultViewport: VIEWPORT,
    args: ['--remote-allow-system-access'],
    ...(kept ? { userDataDir: kept } : {}),
    extraPrefsFirefox: {
      ...(extension ? { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }) } : {}),
      // Belt and braces: whatever escapes the request check goes to a dead proxy.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': LOOPBACK.join(','),
      // "Override the colours specified by the page: always": forced-colors: active.
      ...(forcedColors ? { 'browser.display.document_color_use': 2 } : {}),
    },
  });
  if (extension) await browser.installExtension(dir);
  const outside = [];
  return {
    name: 'firefox',
    outside,
    async newPage() {
      const page = await browser.newPage();
      page.on('request', (request) => {
        if (isOutside(request.url())) outside.push(request.url());
      });
      return page;
    },
    beforeLoad: (page, fn) => page.evaluateOnNewDocument(fn),
    resize: (page, size) => page.setViewport(size),
    forceColors: async () => {
      if (!forcedColors) throw new Error('Firefox: launch with { forcedColors: true }');
    },
    /** The accessibility tree as the browser exposes it (JSON of puppeteer's snapshot). */
    ariaSnapshot: async (page) => JSON.stringify(await page.accessibility.snapshot({ interestingOnly: false })),
    async openExtPage(file) {
      // goto() of a moz-extension:// page never resolves under BiDi (no
      // navigation event reaches the driver), and a waitForFunction() begun
      // in the blank tab can keep polling its realm after the extension page
      // replaced it (about 1 open in 20 under load). So the page says when
      // it is there: an evaluation in the blank tab ends when it goes, one
      // in the extension page when it has loaded.
      const prefix = `moz-extension://${uuid}/`;
      const page = await browser.newPage();
      page.goto(`${prefix}${file}`, { timeout: EXT_PAGE_MS }).catch(() => {});
      const deadline = Date.now() + EXT_PAGE_MS;
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${file} did not open within ${EXT_PAGE_MS} ms`)), EXT_PAGE_MS);
      });
      try {
        for (;;) {
          // A realm destroyed under the evaluation (the navigation) rejects it: ask the new one.
          const here = page.evaluate(loadedUnder, prefix).catch((error) => {
            if (Date.now() > deadline) throw error;
            return false;
          });
          if (await Promise.race([here, late])) return page;
        }
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => browser.close(),
  };
}
