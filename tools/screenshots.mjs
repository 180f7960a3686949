// Writes the README's pictures: the seed demo article in headless Chromium,
// once without Épure and once with dist/chrome loaded, framed on the same
// part of the page (the first two consent boxes); then one summary line as
// the extension draws it on a light page, on a dark page, and expanded.
// Run after `make dist`: node tools/screenshots.mjs

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
const SEED = '/fixtures/seed/article.html';
const VIEWPORT = { width: 900, height: 800 };
/** The paragraphs that frame the picture: the one before the first box, the one after the second. */
const FROM = 'Alors que les talibans';
const TO = 'Si une reconquête';

/** The page made dark the way a site's dark theme does it: its own colours, nothing of ours. */
function darken() {
  document.body.style.setProperty('background', '#16181c', 'important');
  document.body.style.setProperty('color', '#e7e9ea', 'important');
  for (const el of document.querySelectorAll('main, article, .layout, .layout__main')) {
    el.style.setProperty('background', 'transparent', 'important');
    el.style.setProperty('color', 'inherit', 'important');
  }
}

/** The third seed line (a quoted post), framed with a margin; `expand` clicks its More first. */
async function shootLine(page, file, { expand = false } = {}) {
  const line = await page.evaluateHandle(() => document.querySelectorAll('[data-epure="summary"]')[2]);
  if (expand) {
    const more = await page.evaluateHandle((host) => host.shadowRoot.querySelector('button.more'), line);
    await more.click();
    await page.waitForFunction((host) => host.shadowRoot.querySelector('button.more').getAttribute('aria-expanded') === 'true', line);
  }
  await line.evaluate((host) => host.scrollIntoView({ block: 'center' }));
  const box = await line.boundingBox();
  const margin = 12;
  await page.screenshot({
    path: join(OUT, file),
    clip: { x: 0, y: Math.max(0, box.y - margin), width: page.viewportSize().width, height: box.height + 2 * margin },
  });
}

async function shoot(server, withExtension, file) {
  const profile = mkdtempSync(join(tmpdir(), 'epure-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: VIEWPORT,
    args: chromiumArgs({ extension: withExtension ? EXTENSION : null }),
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}${SEED}`);
    if (withExtension) {
      await page.waitForFunction(() => document.querySelectorAll('[data-epure="summary"]').length >= 3);
    }
    const clip = await page.evaluate(([from, to]) => {
      const paragraphs = [...document.querySelectorAll('p')];
      const first = paragraphs.find((p) => p.textContent.startsWith(from));
      const last = paragraphs.find((p) => p.textContent.startsWith(to));
      const top = first.getBoundingClientRect().top + scrollY - 16;
      const bottom = last.getBoundingClientRect().bottom + scrollY + 16;
      return { x: 0, y: top, width: document.documentElement.clientWidth, height: bottom - top };
    }, [FROM, TO]);
    await page.screenshot({ path: join(OUT, file), fullPage: true, clip });
    if (withExtension) {
      await shootLine(page, 'line-light.png');
      await page.evaluate(darken);
      await shootLine(page, 'line-dark.png');
      // Narrow, so that the post is cut at three lines, then expanded in place.
      await page.setViewportSize({ width: 480, height: 800 });
      await page.reload();
      await page.waitForFunction(() => document.querySelectorAll('[data-epure="summary"]').length >= 3);
      await shootLine(page, 'line-expanded.png', { expand: true });
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const server = await serve(join(ROOT, 'www'), { mounts: PLAYGROUND_MOUNTS });
try {
  await shoot(server, false, 'seed-before.png');
  await shoot(server, true, 'seed-after.png');
} finally {
  await server.close();
}
