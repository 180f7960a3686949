// The right element, or nothing: pages built to make Épure hide the wrong
// element (www/demo/hostile-*.html), in both browsers. A line may only ever
// stand for a consent box; the article's own text stays visible.

import { BROWSERS, launch } from './browsers.mjs';
import { after, before, describe, test } from 'node:test';
import { extensionConsole, waitFor } from './reader.mjs';
import assert from 'node:assert/strict';
import { serve } from '../../tools/serve.mjs';

/** Feed runs per browser: the race differs from run to run. */
const FEED_RUNS = 3;

/**
 * Runs in the page before its scripts: records every element Épure hides
 * that is not (inside) a demo box, the moment it is hidden.
 */
function wrongHiddenProbe() {
  window.wrongHidden = [];
  new MutationObserver((records) => {
    for (const { target } of records) {
      if (target.getAttribute('data-epure') !== 'collapsed') continue;
      if (!target.closest('[data-demo-box]')) window.wrongHidden.push(target.outerHTML.slice(0, 200));
    }
  }).observe(document, { attributes: true, attributeFilter: ['data-epure'], subtree: true });
}

/** What the reader sees of the page: hidden elements and lines, and the texts still shown. */
function readPage(page) {
  return page.evaluate(() => ({
    wrongHidden: window.wrongHidden,
    lines: document.querySelectorAll('[data-epure="summary"]').length,
    collapsed: [...document.querySelectorAll('[data-epure="collapsed"]')].map((el) => el.closest('[data-demo-box]') !== null),
    boxesCollapsed: [...document.querySelectorAll('[data-demo-box]')].map(
      (el) => el.matches('[data-epure="collapsed"]') || el.querySelector('[data-epure="collapsed"]') !== null,
    ),
    feedAdded: Number(document.documentElement.dataset.feedAdded),
    visible: document.body.innerText,
    articleTexts: [...document.querySelectorAll('p')]
      .map((p) => p.textContent)
      .filter((t) => t.startsWith('Article text') || t.startsWith('Entry text')),
  }));
}

for (const browserName of BROWSERS) {
  describe(`Épure's addresses in ${browserName}`, () => {
    let browser;
    let server;
    let ext;

    before(async () => {
      server = await serve(new URL('../../www', import.meta.url).pathname);
      browser = await launch(browserName);
      ext = await extensionConsole(browser);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Opens a demo page with the probe, waits for `ready` in it and for the content script to settle. */
    async function openSettled(path, ready) {
      const page = await browser.newPage();
      await browser.beforeLoad(page, wrongHiddenProbe);
      await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
      await waitFor(page, ready);
      const tab = await ext.articleTab();
      assert.ok(tab, 'the content script answers once settled');
      return page;
    }

    test('should collapse a box built by script next to look-alikes, and hide no article text, when the markup does not round-trip', async () => {
      const page = await openSettled('/demo/hostile-misnested.html', () =>
        document.documentElement.hasAttribute('data-demo-built'),
      );
      try {
        const seen = await readPage(page);
        assert.deepEqual(seen.wrongHidden, [], 'only boxes are hidden');
        assert.ok(seen.collapsed.every(Boolean), 'every hidden element is a box');
        // The first box comes before anything the parser would rebuild; the
        // others after it, so each is sent again on its own.
        assert.deepEqual(seen.boxesCollapsed, [true, true, true], 'every box is collapsed');
        assert.equal(seen.lines, seen.collapsed.length, 'one line per hidden box');
        assert.equal(seen.articleTexts.length, 9);
        for (const text of seen.articleTexts) {
          assert.ok(seen.visible.includes(text.slice(0, 60)), `article text stays visible: ${text}`);
        }
      } finally {
        await page.close();
      }
    });

    test('should never hide the wrong entry of a feed that grows while its boxes are analyzed', async () => {
      for (let run = 1; run <= FEED_RUNS; run += 1) {
        const page = await openSettled('/demo/hostile-feed.html', () =>
          document.documentElement.hasAttribute('data-feed-done'),
        );
        try {
          const seen = await readPage(page);
          assert.deepEqual(seen.wrongHidden, [], `run ${run}: only boxes are hidden`);
          assert.deepEqual(seen.boxesCollapsed, [true, true], `run ${run}: both boxes collapsed`);
          assert.ok(seen.feedAdded > 0, `run ${run}: the feed grew while the boxes were analyzed`);
          assert.equal(seen.lines, 2, `run ${run}: one line per box`);
          const hiddenEntries = await page.evaluate(
            () => [...document.querySelectorAll('.entry:not([data-demo-box])')].filter((e) => e.offsetParent === null).length,
          );
          assert.equal(hiddenEntries, 0, `run ${run}: every entry without a box is shown`);
        } finally {
          await page.close();
        }
      }
    });
  });
}
