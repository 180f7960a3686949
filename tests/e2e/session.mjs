// What the page-by-page browser suites share: one browser with the
// extension and the fixtures' server per suite, a page opened and always
// closed around a check, the check that a page was left alone, and known
// failures as data.

import { after, before } from 'node:test';
import { bodyNow, extensionConsole, goToArticle, openArticle, probe } from './reader.mjs';
import assert from 'node:assert/strict';
import { launch } from './browsers.mjs';
import { serve } from '../../tools/serve.mjs';

/**
 * Starts tests/fixtures' server, `browserName` with the extension and its
 * console before the enclosing `describe`'s tests, and closes them after.
 * The returned object's `server`, `browser` and `ext` are set once started.
 */
export function extensionSession(browserName) {
  const session = {
    server: null,
    browser: null,
    ext: null,
    /**
     * Loads the fixture at `path` as an article in the session's tab, as a
     * reader going from page to page does, and runs `story(page)`. A story
     * that fails closes the tab: the next one starts in a fresh one.
     */
    async withPage(path, story) {
      const url = `${session.server.url}${path}`;
      const page = tab ? await goToArticle(tab, url) : await openArticle(session.browser, url);
      tab = null;
      try {
        await story(page);
      } catch (error) {
        await page.close().catch(() => {});
        throw error;
      }
      tab = page;
    },
  };
  /** The tab the stories share, while the last one passed. */
  let tab = null;
  before(async () => {
    session.server = await serve(new URL('../fixtures', import.meta.url).pathname);
    session.browser = await launch(browserName);
    session.ext = await extensionConsole(session.browser);
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/** A page with no box: the content script settles with none and the DOM stays as parsed. */
export async function assertLeftAlone(ext, page) {
  const tab = await ext.articleTab();
  assert.ok(tab, 'the content script answers once settled');
  assert.equal(tab.count, 0);
  const { before: parsed } = await probe(page);
  assert.equal(await bodyNow(page), parsed, 'DOM unchanged');
}

/**
 * Runs `check()` for the page `name`. A page in `known` (name → the reason
 * the extension does not handle it yet) must still fail its check, so one
 * that starts passing fails the run until it is taken off the list.
 */
export async function checkUnlessKnown(known, name, check) {
  if (!Object.hasOwn(known, name)) {
    await check();
    return;
  }
  await assert.rejects(check(), `known failure (${known[name]}) passes now: take ${name} off the known failures`);
}

/** Known failures must name pages that exist: a renamed page's entry would never run. */
export function assertKnownPages(known, fixtures) {
  const names = new Set(fixtures.map((f) => f.name));
  assert.deepEqual(Object.keys(known).filter((name) => !names.has(name)), [], 'known failures of no page');
}
