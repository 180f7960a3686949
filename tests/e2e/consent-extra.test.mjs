// Every page of tests/fixtures/consent-extra/ (tools, languages and box
// styles beyond the first corpus) in both browsers: each box a line with its
// link, each negative page left exactly as it was.

import { BROWSERS, launch } from './browsers.mjs';
import { after, before, describe, test } from 'node:test';
import { bodyNow, consentFixtures, extensionConsole, openArticle, probe, readLines, waitForLines } from './reader.mjs';
import assert from 'node:assert/strict';
import { serve } from '../../tools/serve.mjs';

/**
 * Pages the extension does not handle yet, with the reason; each must still
 * fail its check, so one that starts passing fails the run until it is taken
 * off this list.
 */
const KNOWN_FAILURES = {};

for (const browserName of BROWSERS) {
  describe(`Épure on the wider corpus in ${browserName}`, () => {
    let browser;
    let server;
    let ext;

    before(async () => {
      server = await serve(new URL('../fixtures', import.meta.url).pathname);
      browser = await launch(browserName);
      ext = await extensionConsole(browser);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    /** A negative page: the content script settles with no line and the DOM as parsed. */
    async function leftAlone(page) {
      const tab = await ext.articleTab();
      assert.ok(tab, 'the content script answers once settled');
      assert.equal(tab.count, 0);
      const { before: parsed } = await probe(page);
      assert.equal(await bodyNow(page), parsed, 'DOM unchanged');
    }

    /** A page with boxes: one line each, a link wherever the box kept its original's address. */
    async function collapsed(page, expected) {
      await waitForLines(page, expected.placeholders.length);
      const lines = await readLines(page);
      assert.equal(lines.length, expected.placeholders.length);
      for (const [i, line] of lines.entries()) {
        const want = expected.placeholders[i].url;
        if (want) assert.ok(line.href, `line ${i + 1}: a link to ${want}`);
        if (line.href) assert.match(line.href, /^https?:/);
      }
    }

    for (const { name, path, expected } of consentFixtures('consent-extra')) {
      const kind = expected.page.kind;
      test(`${name}: ${kind === 'negative' ? 'left as it is' : `${expected.placeholders.length} line(s)`}`, async () => {
        const page = await openArticle(browser, `${server.url}${path}`);
        try {
          const check = kind === 'negative' ? leftAlone(page) : collapsed(page, expected);
          if (Object.hasOwn(KNOWN_FAILURES, name)) {
            await assert.rejects(check, `known failure (${KNOWN_FAILURES[name]}) passes now: take it off KNOWN_FAILURES`);
          } else {
            await check;
          }
        } finally {
          await page.close();
        }
      });
    }
  });
}
