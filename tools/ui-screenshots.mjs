// Writes the README's pictures of Épure's own pages, taken from the
// extension in headless Chromium: the popup on the seed article, the options
// page (sites and a rule), an article tidied in place, the element picker
// and the playground.
// Run after `make dist wasm-reader`: node tools/ui-screenshots.mjs

import { CHROMIUM_PATH, chromiumArgs } from './chromium-flags.mjs';
import { PLAYGROUND_MOUNTS, serve } from './serve.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTENSION = join(ROOT, 'dist', 'chrome');
const OUT = join(ROOT, 'docs', 'screenshots');
const WAIT_MS = 20_000;

const server = await serve(join(ROOT, 'www'), { mounts: PLAYGROUND_MOUNTS });
const profile = mkdtempSync(join(tmpdir(), 'epure-ui-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  viewport: { width: 1000, height: 760 },
  args: chromiumArgs({ extension: EXTENSION }),
});

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: WAIT_MS }));
  const id = new URL(worker.url()).host;
  const extPage = async (file, viewport) => {
    const page = await context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(`chrome-extension://${id}/${file}`);
    return page;
  };
  const send = (page, message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);

  // The popup, about the seed article's tab.
  const article = await context.newPage();
  await article.goto(`${server.url}/fixtures/seed/article.html`);
  await article.waitForFunction(() => document.querySelectorAll('[data-epure="summary"]').length === 3, null, { timeout: WAIT_MS });
  const control = await extPage('popup.html');
  // The popup's own call into a tab's content script (browser-api.js).
  const tabId = await control.evaluate(async () => {
    for (const tab of await chrome.tabs.query({})) {
      const state = await globalThis.epureApi.inTab(tab.id, 'state');
      if (state?.type === 'state') return tab.id;
    }
    return null;
  });
  const popup = await extPage(`popup.html?tab=${tabId}`, { width: 320, height: 300 });
  await popup.waitForFunction(() => !document.getElementById('site-switch').disabled, null, { timeout: WAIT_MS });
  const size = await popup.evaluate(() => ({ width: document.body.scrollWidth, height: document.body.scrollHeight }));
  await popup.screenshot({ path: join(OUT, 'popup.png'), clip: { x: 0, y: 0, ...size } });

  // The options page with a site of its own and a rule.
  await send(control, { type: 'site-set', site: 'lemonde.fr', features: { collapse: false } });
  await send(control, { type: 'rule-set', site: 'paper.example', rule: { boxes: ['div.embed-blocker'], clutter: ['.promo'] } });
  const options = await extPage('options.html', { width: 760, height: 1000 });
  await options.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: WAIT_MS });
  await options.click('#rule-list button');
  await options.fill('#rule-form textarea[name="ignore"]', 'div[');
  await options.waitForFunction(() => document.getElementById('rule-error').value !== '', null, { timeout: WAIT_MS });
  await options.screenshot({ path: join(OUT, 'options.png'), fullPage: true });

  // An article tidied in place (tidy on for the local site).
  await send(control, { type: 'site-set', site: '127.0.0.1', features: { tidy: true } });
  const tidied = await context.newPage();
  await tidied.goto(`${server.url}/fixtures/extract/lemonde-1/source.html`);
  await tidied.waitForFunction(() => document.querySelector('[data-epure="clutter"]'), null, { timeout: WAIT_MS });
  await tidied.screenshot({ path: join(OUT, 'tidy.png') });
  await send(control, { type: 'site-set', site: '127.0.0.1', features: null });

  // The element picker on a page whose box no built-in signature knows:
  // opened from the popup, the box clicked, the proposal shown.
  const picked = await context.newPage();
  await picked.goto(`${server.url}/fixtures/picker/unknown-box.html`);
  const pickTab = await control.evaluate(async () => {
    const [tab] = (await chrome.tabs.query({})).filter((t) => t.active).slice(-1);
    return tab?.id ?? null;
  });
  const pickPopup = await extPage(`popup.html?tab=${pickTab}`);
  await pickPopup.waitForFunction(() => !document.getElementById('pick').disabled, null, { timeout: WAIT_MS });
  pickPopup.evaluate(() => document.getElementById('pick').click()).catch(() => {});
  await picked.bringToFront();
  await picked.waitForFunction(() => document.querySelector('[data-epure-picker]')?.shadowRoot?.querySelector('.panel'), null, { timeout: WAIT_MS });
  const corner = await picked.evaluate(() => {
    const rect = document.querySelector('.media-gate').getBoundingClientRect();
    return { x: rect.left + 6, y: rect.top + 6 };
  });
  await picked.mouse.move(corner.x, corner.y);
  await picked.mouse.click(corner.x, corner.y);
  await picked.waitForFunction(() => document.querySelector('[data-epure-picker]').shadowRoot.querySelector('input')?.value, null, { timeout: WAIT_MS });
  await picked.screenshot({ path: join(OUT, 'picker.png') });

  // The playground on the seed demo.
  const playground = await context.newPage();
  await playground.setViewportSize({ width: 1200, height: 900 });
  await playground.goto(`${server.url}/index.html?demo=seed`);
  await playground.waitForFunction(() => document.documentElement.dataset.epureState === 'ready', null, { timeout: WAIT_MS });
  await playground.screenshot({ path: join(OUT, 'playground.png') });
  console.log(`wrote popup.png, options.png, tidy.png, picker.png and playground.png in ${OUT}`);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
