// Writes the README's reader-view pictures from the extension itself: the
// seed demo article opened in Épure's reader view in headless Chromium with
// dist/chrome loaded, once light and once dark (the theme chosen in the
// view's own toolbar). Run after `make dist`: node tools/reader-screenshots.mjs

import { PLAYGROUND_MOUNTS, serve } from './serve.mjs';
import { extensionConsole, openArticle, waitFor } from '../tests/e2e/reader.mjs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launch } from '../tests/e2e/browsers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');
const SEED = '/fixtures/seed/article.html';
/** Top of the view: the header and the first paragraphs, with the first summary line. */
const CLIP = { x: 0, y: 0, width: 1280, height: 800 };

const server = await serve(join(ROOT, 'www'), { mounts: PLAYGROUND_MOUNTS });
const browser = await launch('chromium');
try {
  const ext = await extensionConsole(browser);
  const page = await openArticle(browser, `${server.url}${SEED}`);
  await waitFor(page, () => document.querySelectorAll('[data-epure="summary"]').length >= 3);
  const tab = await ext.articleTab();
  await ext.page.evaluate((tabId) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'reader-open', tabId }), tab.id);
  await page.waitForURL(/reader\.html$/);
  for (const theme of ['light', 'dark']) {
    await page.evaluate((value) => {
      const select = document.getElementById('theme');
      select.value = value;
      select.dispatchEvent(new Event('change'));
    }, theme);
    await waitFor(page, (value) => document.documentElement.dataset.state === 'article' && document.documentElement.dataset.theme === value, theme);
    await page.screenshot({ path: join(OUT, `reader-${theme}.png`), clip: CLIP });
  }
} finally {
  await browser.close();
  await server.close();
}
