// `make run`: serves www/ (the playground) and tests/fixtures/ on 127.0.0.1
// and opens Chromium with dist/chrome loaded on the seed demo article. With
// a display, the browser stays open until you close it. Without one
// ($DISPLAY empty), it runs headless, waits for the summary lines and
// leaves dist/screenshot.png of the collapsed page.

import { CHROMIUM_PATH, chromiumArgs } from './chromium-flags.mjs';
import { PLAYGROUND_MOUNTS, serve } from './serve.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTENSION = join(ROOT, 'dist', 'chrome');
const SCREENSHOT = join(ROOT, 'dist', 'screenshot.png');
const SEED = '/fixtures/seed/article.html';
/** Boxes on the seed article (tests/fixtures/seed/expected.json). */
const SEED_BOXES = 3;

const headless = !process.env.DISPLAY;
const server = await serve(join(ROOT, 'www'), { mounts: PLAYGROUND_MOUNTS });
const profile = mkdtempSync(join(tmpdir(), 'epure-run-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless,
  viewport: headless ? { width: 1000, height: 800 } : null,
  args: chromiumArgs({ extension: EXTENSION }),
});

const cleanUp = async () => {
  await context.close().catch(() => {});
  await server.close();
  rmSync(profile, { recursive: true, force: true });
};

try {
  const page = context.pages()[0] ?? (await context.newPage());
  console.log(`serving ${server.url}/ — playground at ${server.url}/index.html?demo=seed`);
  await page.goto(`${server.url}${SEED}`);
  if (headless) {
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-epure="summary"]').length >= n,
      SEED_BOXES,
      { timeout: 30_000 },
    );
    // Frame the part of the article that holds the lines, with some text around them.
    const clip = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('[data-epure="summary"]')].map((el) => el.getBoundingClientRect());
      const top = Math.max(0, Math.min(...boxes.map((b) => b.top)) + scrollY - 160);
      const bottom = Math.max(...boxes.map((b) => b.bottom)) + scrollY + 80;
      return { x: 0, y: top, width: document.documentElement.clientWidth, height: bottom - top };
    });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, clip });
    console.log(`no display: wrote ${SCREENSHOT}`);
    await cleanUp();
  } else {
    console.log('close the browser window to stop');
    context.on('close', () => server.close().then(() => rmSync(profile, { recursive: true, force: true })));
  }
} catch (error) {
  await cleanUp();
  throw error;
}
