// The playground (www/): the engine's wasm in a page, in both browsers,
// without the extension. Each test waits on the state the page sets on
// <html data-epure-state>, never on a fixed sleep.

import { BROWSERS, launch } from './browsers.mjs';
import { FIXTURES, seedFixture, waitFor } from './reader.mjs';
import { PLAYGROUND_MOUNTS, serve } from '../../tools/serve.mjs';
import { after, before, describe, test } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { join } from 'node:path';

const WWW = new URL('../../www', import.meta.url).pathname;
const ENGINE = join(PLAYGROUND_MOUNTS['/pkg/'], 'epure_reader_bg.wasm');
const HOSTILE = readFileSync(join(FIXTURES, 'consent', 'en-hostile-storm.html'), 'utf8');
/**
 * Appended to the pasted page: each part tells the playground if it ran
 * (a message to the parent) or reached the network (a request off 127.0.0.1).
 */
const PROBE = `<script>parent.postMessage('probe: script ran', '*')</script>
<img src="http://probe.invalid/pixel.png" onerror="parent.postMessage('probe: handler ran', '*')">
<img src="https://203.0.113.9/pixel.png"><iframe src="https://203.0.113.9/frame.html"></iframe>`;

/** Waits until the playground has finished with its input: 'ready', 'error' or 'idle'. */
function settled(page, states) {
  return waitFor(page, (wanted) => wanted.includes(document.documentElement.dataset.epureState), states);
}

/** Types into a field the way a paste does: value, then an `input` event. */
function fill(page, selector, value) {
  return page.evaluate(
    ([sel, text]) => {
      const field = document.querySelector(sel);
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [selector, value],
  );
}

/** Presses Run and waits for the outcome. */
async function runPlayground(page, states = ['ready']) {
  await page.evaluate(() => {
    document.documentElement.dataset.epureState = 'submitted';
    document.querySelector('#input').requestSubmit();
  });
  await settled(page, states);
}

/** What the playground shows, read from its own elements and its previews' documents. */
function readPlayground(page) {
  return page.evaluate(() => {
    const count = (html, selector) => new DOMParser().parseFromString(html, 'text/html').querySelectorAll(selector).length;
    const text = (selector) => document.querySelector(selector).textContent;
    const after = document.querySelector('[data-epure="after"]').srcdoc;
    return {
      plan: JSON.parse(text('[data-epure="plan"]') || 'null'),
      boxes: [...document.querySelectorAll('[data-epure="boxes"] > li > p')].map((p) => p.textContent),
      afterLines: count(after, '.epure-summary'),
      afterSummaries: [...new DOMParser().parseFromString(after, 'text/html').querySelectorAll('.epure-summary')].map(
        (s) => s.textContent,
      ),
      beforeSandbox: document.querySelector('[data-epure="before"]').getAttribute('sandbox'),
      afterSandbox: document.querySelector('[data-epure="after"]').getAttribute('sandbox'),
      previewCsps: ['before', 'after'].map((name) =>
        count(document.querySelector(`[data-epure="${name}"]`).srcdoc, 'head > meta[http-equiv="Content-Security-Policy"]:first-child'),
      ),
      // The reader view as the engine built it, node by node (src/reader_dom.rs), in this document.
      reader: (() => {
        const root = document.querySelector('[data-epure="reader"]');
        return {
          title: root.querySelector('[data-epure="title"]')?.textContent ?? null,
          byline: root.querySelector('[data-epure="byline"]')?.textContent ?? null,
          paragraphs: [...root.querySelectorAll('[data-epure="body"] p:not([data-epure])')].map((p) => p.textContent.replace(/\s+/g, ' ').trim()),
          lines: root.querySelectorAll('[data-epure="body"] [data-epure="summary"] a[href^="http"]').length,
          frames: root.querySelectorAll('iframe, frame, object, embed').length,
        };
      })(),
      timings: text('[data-epure="timings"]'),
      rulesError: document.querySelector('[data-epure="rules-error"]').hidden ? null : text('[data-epure="rules-error"]'),
      html: document.querySelector('#html').value,
      url: document.querySelector('#url').value,
      demo: document.querySelector('#demo').value,
      search: location.search,
      status: text('[data-epure="status"]'),
    };
  });
}

for (const browserName of BROWSERS) {
  describe(`Épure's playground in ${browserName}`, () => {
    let browser;
    let server;

    before(async () => {
      assert.ok(existsSync(ENGINE), `no ${ENGINE}: run \`make wasm-reader\``);
      server = await serve(WWW, { mounts: PLAYGROUND_MOUNTS });
      browser = await launch(browserName, { extension: false });
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Opens the playground at `query`, runs `story(page)`, then checks nothing left 127.0.0.1. */
    async function withPlayground(query, states, story) {
      const already = browser.outside.length;
      const page = await browser.newPage();
      try {
        await page.goto(`${server.url}/index.html${query}`);
        await settled(page, states);
        await story(page);
      } finally {
        await page.close();
      }
      assert.deepEqual(browser.outside.slice(already), [], 'no request may leave 127.0.0.1');
    }

    test('should show three summaries in the plan and three lines in the preview when the seed demo is picked', async () => {
      const { expected } = seedFixture();
      await withPlayground('', ['idle'], async (page) => {
        await page.evaluate(() => {
          const select = document.querySelector('#demo');
          select.value = 'seed';
          select.dispatchEvent(new Event('change'));
        });
        await settled(page, ['ready']);
        const seen = await readPlayground(page);
        assert.equal(seen.search, '?demo=seed');
        assert.equal(seen.plan.placeholders.length, 3);
        assert.equal(seen.boxes.length, 3);
        seen.plan.placeholders.forEach((p, i) => {
          assert.ok(p.summary.length > 0, `box ${i + 1} has a summary`);
          assert.equal(seen.boxes[i], p.summary, `box ${i + 1}: the list shows the plan's summary`);
          assert.equal(p.platform, expected.placeholders[i].platform);
        });
        assert.equal(seen.afterLines, 3, 'three summary lines in the tidied preview');
        seen.plan.placeholders.forEach((p, i) => assert.ok(seen.afterSummaries[i].includes(p.summary), seen.afterSummaries[i]));
        assert.equal(seen.reader.title, expected.article.title);
        assert.equal(seen.reader.byline, expected.article.byline);
        assert.equal(seen.reader.frames, 0, 'the reader view is built in the page, not shown in a frame');
        assert.ok(seen.reader.paragraphs[0].startsWith(expected.article.first_paragraph_starts), seen.reader.paragraphs[0]);
        assert.ok(seen.reader.paragraphs.at(-1).endsWith(expected.article.last_paragraph_ends), seen.reader.paragraphs.at(-1));
        assert.equal(seen.reader.lines, 3, 'the three boxes as summary lines with their links');
        assert.match(seen.timings, /parse \d+\.\d ms · analyze \d+\.\d ms · extract \d+\.\d ms · tidy \d+\.\d ms · reader view \d+\.\d ms/);
        assert.equal(seen.beforeSandbox, '', 'the before preview runs no script');
        assert.equal(seen.afterSandbox, '', 'the after preview runs no script');
        assert.deepEqual(seen.previewCsps, [1, 1], 'both previews open with the preview CSP');
      });
    });

    test('should run no script and load nothing off 127.0.0.1 when a hostile page is pasted', async () => {
      await withPlayground('', ['idle'], async (page) => {
        await page.evaluate(() => {
          window.probeMessages = [];
          addEventListener('message', (event) => window.probeMessages.push(String(event.data)));
        });
        await fill(page, '#html', HOSTILE + PROBE);
        await runPlayground(page);
        const seen = await readPlayground(page);
        assert.ok(seen.plan.placeholders.length > 0, 'the hostile page was analyzed');
        const probed = await page.evaluate(() => document.querySelector('[data-epure="before"]').srcdoc.includes('probe: script ran'));
        assert.ok(probed, 'the probe is in the before preview');
        // A message of our own, posted now, arrives after any the previews posted while loading.
        const messages = await page.evaluate(
          () =>
            new Promise((done) => {
              addEventListener('message', (event) => {
                if (event.data === 'flush') done(window.probeMessages.filter((m) => m !== 'flush'));
              });
              postMessage('flush', '*');
            }),
        );
        assert.deepEqual(messages, [], 'no script ran in a preview');
      });
    });

    test('should show bad rules inline with the place they fail, and take any HTML', async () => {
      await withPlayground('?demo=seed', ['ready'], async (page) => {
        await fill(page, '#rules', '{"version": 1, "sites": {"example.org": {"boxes": [}}}');
        await runPlayground(page, ['error']);
        let seen = await readPlayground(page);
        assert.match(seen.rulesError, /^Site rules refused: .*line 1 column \d+/);

        await fill(page, '#rules', '{"version": 1, "sites": {"example.org": {"boxes": ["div["]}}}');
        await runPlayground(page, ['error']);
        seen = await readPlayground(page);
        assert.match(seen.rulesError, /"example\.org".*"div\["/);

        await fill(page, '#rules', '{"version": 1, "sites": {"example.org": {"boxes": [".embed"]}}}');
        await fill(page, '#html', '<div><p>unclosed <b>tags</i></table><<>>&bogus; \u0000 <svg><p>');
        await runPlayground(page);
        seen = await readPlayground(page);
        assert.equal(seen.rulesError, null, 'sound rules clear the message');
        assert.deepEqual(seen.plan.placeholders, []);
      });
    });

    for (const name of ['seed', 'fr-didomi-crue']) {
      test(`should open the ${name} demo from its ?demo= link`, async () => {
        const path = name === 'seed' ? 'seed/article.html' : `consent/${name}.html`;
        const expectedPath = name === 'seed' ? 'seed/expected.json' : `consent/${name}.expected.json`;
        const { page: want } = JSON.parse(readFileSync(join(FIXTURES, expectedPath), 'utf8'));
        await withPlayground(`?demo=${name}`, ['ready'], async (page) => {
          const seen = await readPlayground(page);
          assert.equal(seen.demo, name);
          assert.equal(seen.html, readFileSync(join(FIXTURES, path), 'utf8'));
          assert.equal(seen.url, want.url);
        });
      });
    }

    test('should say so when ?demo= names no demo', async () => {
      await withPlayground('?demo=no-such-page', ['idle'], async (page) => {
        const seen = await readPlayground(page);
        assert.equal(seen.html, '');
        assert.match(seen.status, /no-such-page/);
      });
    });
  });
}
