// A hostile page for the content script's idle scan, in both browsers:
// thousands of frames parked out of sight (`display: none`, the address only in
// `data-src`, as a blocking tool keeps them), then one real box past them.
//
// The design (extension/content-start.js): the idle scan looks at the first
// MAX_FRAMES frames of a pass and hands at most MAX_CANDIDATES candidates
// per pass, parked frames before the blocks around consent controls. So the
// page's work is bounded whatever its frame count, and a box past the bound
// is left as the page drew it: shown (never kept out of sight), no line.
// The frames themselves are no box (a parked frame alone shows no control):
// the page keeps every one as it was.
//
// "Bounded" is checked by signals, not by time: the first scan settles
// (the content script answers, having scanned), the page's own button then
// still works, and the page's DOM outside what Épure marks is as parsed.

import { BROWSERS, launch } from './browsers.mjs';
import { after, before, describe, test } from 'node:test';
import { extensionConsole, openArticle, probe, waitFor } from './reader.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serve } from '../../tools/serve.mjs';
import { tmpdir } from 'node:os';

/**
 * Parked frames before the box, far past MAX_FRAMES (400) and
 * MAX_CANDIDATES (200). Firefox makes a browsing context of every frame,
 * shown or not: without Épure it took 17.5 s to load 1,000 such frames
 * here and did not load 5,000 in three minutes, so its page has fewer,
 * still past both bounds (the test is of Épure, not of Firefox).
 */
const FRAMES = { chromium: 5_000, firefox: 600 };

/** A box the engine finds on its own (checked below on a page without the frames). */
const BOX =
  '<div class="gate"><p>Allow YouTube content?</p><p>We ask for your permission before anything is loaded.</p>' +
  '<button type="button">Allow and continue</button> <a href="https://www.youtube.com/watch?v=Rb7kM2pQ9sX">Watch on YouTube</a></div>';

/** The page, with `frames` parked frames before the box. */
function pageWith(frames) {
  const slots = Array.from(
    { length: frames },
    (_, i) =>
      `<div class="slot"><iframe data-src="https://www.youtube.com/embed/Pk${String(i).padStart(9, '0')}" style="display:none" title="Clip ${i}"></iframe></div>`,
  ).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour clips</title></head>
<body><main><article>
<h1>Every clip of the harbour festival</h1>
<p>The festival's clips, each loaded only once the reader has agreed to YouTube's cookies.</p>
<div class="feed">${slots}</div>
<p>The harbour master explains the new timetable:</p>
${BOX}
<p>Ferries run every half hour from the north pier.</p>
<button id="ping" type="button">Ping</button>
<script>document.getElementById('ping').addEventListener('click', () => { document.body.dataset.pinged = String(Number(document.body.dataset.pinged ?? 0) + 1); });</script>
</article></main></body></html>
`;
}

for (const browserName of BROWSERS) {
  const frames = FRAMES[browserName];
  describe(`Épure on a page of ${frames} parked frames in ${browserName}`, () => {
    let dir;
    let server;
    let browser;
    let ext;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'epure-parked-frames-'));
      writeFileSync(join(dir, 'many.html'), pageWith(frames));
      writeFileSync(join(dir, 'few.html'), pageWith(2));
      server = await serve(dir);
      browser = await launch(browserName);
      ext = await extensionConsole(browser);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('the box alone, past a few parked frames, gets its line', async () => {
      const page = await openArticle(browser, `${server.url}/few.html`);
      try {
        await waitFor(page, () => document.querySelectorAll('[data-epure="summary"]').length === 1);
        const href = await page.evaluate(() => document.querySelector('[data-epure="summary"]').shadowRoot.querySelector('a')?.getAttribute('href'));
        assert.equal(href, 'https://www.youtube.com/watch?v=Rb7kM2pQ9sX');
      } finally {
        await page.close();
      }
    });

    test('the scan stays bounded: it settles, the page still answers, the box past the bound is left as drawn', async () => {
      const page = await openArticle(browser, `${server.url}/many.html`);
      try {
        // The first scan settles (a signal: the content script answers having scanned).
        const tab = await ext.articleTab();
        assert.ok(tab, 'the content script answers once settled');
        // The page's own script still runs on the reader's click.
        await page.click('#ping');
        await waitFor(page, () => document.body.dataset.pinged === '1');
        // The frames the pass looked at are no box: no line, and every frame as it was.
        const seen = await page.evaluate(() => ({
          lines: document.querySelectorAll('[data-epure="summary"]').length,
          marked: document.querySelectorAll('[data-epure]').length,
          frames: document.querySelectorAll('iframe[data-src]:not([src])').length,
          boxShown: getComputedStyle(document.querySelector('.gate')).display !== 'none',
        }));
        assert.equal(seen.lines, 0, 'past the bound: no line');
        assert.equal(seen.marked, 0, 'nothing marked, nothing hidden');
        assert.equal(seen.frames, frames, 'every parked frame left parked');
        assert.ok(seen.boxShown, 'the box past the bound is shown as the page drew it');
        assert.equal(tab.count, 0);
        // The page's DOM is as parsed but for the click's own mark.
        const { before: parsed } = await probe(page);
        const now = await page.evaluate(() => document.body.outerHTML.replace(' data-pinged="1"', ''));
        assert.equal(now, parsed, 'DOM unchanged');
      } finally {
        await page.close();
      }
    });
  });
}
