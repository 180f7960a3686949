// The reader view in a real browser, one story per test: a fixture page is
// served on 127.0.0.1, the reader view is opened from the popup's button in
// the page's own tab, and what it shows is read through its marks
// (`data-epure`). Every wait is on a signal the reader page gives
// (<html data-state>) or on the page coming back, never on a fixed sleep.
// Run in Chromium and Firefox by reader-view-*.test.mjs.

import { FIXTURES, extensionConsole, openArticle, seedFixture, waitFor, waitForLines } from './reader.mjs';
import { LOOPBACK, launch } from './browsers.mjs';
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { serve } from '../../tools/serve.mjs';

/** An extract fixture with a title and a byline in its expected metadata. */
const ARTICLE = 'lemonde-1';
const NO_ARTICLE = '/no-article/home-page.html';
const WAIT_MS = 20_000;
/** How far down the page is read before the reader view opens (px). */
const SCROLLED_TO = 900;

const collapse = (text) => text.replace(/\s+/g, ' ').trim();

/** What a fixture of tests/fixtures/extract/ expects: metadata, and the expected body's HTML. */
function extractFixture(name) {
  const dir = join(FIXTURES, 'extract', name);
  return {
    path: `/extract/${name}/source.html`,
    metadata: JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')),
    expectedHtml: readFileSync(join(dir, 'expected.html'), 'utf8'),
  };
}

/**
 * Polls `fn` in `page` until it returns a truthy value, across the page's
 * navigations (the tab moves to the reader page and back): an evaluation
 * cut by a navigation is simply asked again.
 */
async function settle(page, fn, arg) {
  const deadline = Date.now() + WAIT_MS;
  let last = null;
  while (Date.now() < deadline) {
    try {
      last = await page.evaluate(fn, arg);
      if (last) return last;
    } catch {
      // the document changed under the evaluation; ask the new one
    }
    await new Promise((next) => setImmediate(next));
  }
  throw new Error(`waiting for ${fn.toString().slice(0, 120)}: last ${JSON.stringify(last)}`);
}

/** Waits for the reader page in `page` to be done; returns its state. */
const readerState = (page) =>
  settle(page, () => /-extension:$/.test(location.protocol) && document.documentElement.dataset.state);

/** Everything a test checks in the reader view, read at once. */
function readView(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-epure="reader"]');
    const text = (sel) => root.querySelector(sel)?.textContent ?? null;
    const all = [...document.querySelectorAll('*')];
    return {
      title: text('[data-epure="title"]'),
      byline: text('[data-epure="byline"]'),
      body: root.querySelector('[data-epure="body"]')?.textContent ?? '',
      paragraphs: [...root.querySelectorAll('[data-epure="body"] p')].map((p) => p.textContent),
      lines: [...root.querySelectorAll('[data-epure="summary"]')].map((line) => ({
        text: line.textContent,
        href: line.querySelector('a')?.getAttribute('href') ?? null,
      })),
      readingTime: text('[data-epure="reading-time"]'),
      code: root.querySelectorAll('script, iframe, frame, object, embed, style, link, form, template').length,
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      loadedImages: root.querySelectorAll('img').length,
      requested: performance.getEntriesByType('resource').map((r) => r.name).filter((url) => /^https?:/.test(url)),
      imageButtons: root.querySelectorAll('button[data-epure="image"]').length,
      notice: document.getElementById('notice').hidden ? null : document.getElementById('notice').textContent,
    };
  });
}

export function defineReaderViewSuite(browserName) {
  describe(`Épure's reader view in ${browserName}`, () => {
    let browser;
    let server;
    let ext;

    before(async () => {
      server = await serve(FIXTURES);
      browser = await launch(browserName);
      ext = await extensionConsole(browser);
    });

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    // Every tab a test opened is closed, even when it failed: a tab left
    // behind would answer the next test's search for the article's tab.
    let opened = [];
    afterEach(async () => {
      await Promise.all(opened.map((page) => page.close().catch(() => {})));
      opened = [];
    });

    /**
     * The popup for `tabId`, as a tab. Its load is awaited with `settle`,
     * which outlives the about:blank -> extension page switch that makes
     * Firefox's driver drop a plain wait now and then.
     */
    async function openPopup(tabId, { on = browser, extConsole = ext } = {}) {
      const url = `${await extConsole.page.evaluate(() => location.origin)}/popup.html?tab=${tabId}`;
      const popup = await on.newPage();
      opened.push(popup);
      popup.goto(url).catch(() => {}); // never resolves for moz-extension:// under BiDi
      await settle(popup, (want) => location.href === want && document.readyState === 'complete', url);
      return popup;
    }

    /**
     * Opens `path`, scrolled down, then its reader view by the popup's
     * button. Returns the tab's page, the reader's state, and `outside()`:
     * the requests that left 127.0.0.1 since the page had loaded (the
     * page's own loads are over by then; what follows is the reader's).
     * `on` and `extConsole`: another browser than the suite's, and its console.
     */
    async function openReader(path, { lines = 0, on = browser, extConsole = ext } = {}) {
      const page = await openArticle(on, `${server.url}${path}`);
      opened.push(page);
      if (lines > 0) await waitForLines(page, lines); // the reader reads the live, collapsed DOM
      const from = on.outside.length;
      await page.evaluate((y) => window.scrollTo(0, y), SCROLLED_TO);
      const tab = await extConsole.articleTab();
      assert.ok(tab, 'the content script answers');
      const popup = await openPopup(tab.id, { on, extConsole });
      await popup.click('#open-reader');
      const state = await readerState(page);
      return { page, state, outside: () => on.outside.slice(from) };
    }

    test('should show the article title, byline, first and last paragraph, without any code, from the popup button', async () => {
      const { path, metadata, expectedHtml } = extractFixture(ARTICLE);
      const { page, state, outside } = await openReader(path);
      assert.equal(state, 'article');
      const view = await readView(page);
      assert.equal(view.title, metadata.title);
      assert.equal(view.byline, metadata.byline);
      const expected = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'text/html');
        return [...doc.querySelectorAll('p')].map((p) => p.textContent).filter((t) => t.trim().length > 0);
      }, expectedHtml);
      const body = collapse(view.body);
      assert.ok(body.includes(collapse(expected[0])), `first paragraph: ${expected[0]}`);
      assert.ok(body.includes(collapse(expected.at(-1))), `last paragraph: ${expected.at(-1)}`);
      assert.match(view.readingTime, /\d/);
      assert.equal(view.code, 0, 'no script, iframe, style or form in the article');
      assert.deepEqual(view.scripts, ['reader-start.js', 'reader.js'], 'only the reader page own scripts');
      assert.deepEqual(view.handlers, [], 'no inline event handler');
      assert.equal(view.loadedImages, 0, 'no image loaded before a click');
      assert.ok(view.imageButtons > 0, 'images wait behind a button');
      assert.deepEqual(view.requested, [], 'the reader page requested nothing from the web');
      assert.deepEqual(outside(), [], 'nothing left 127.0.0.1 since the page loaded');

      // A click asks for one image, and only then is it requested.
      const src = await page.evaluate(() => document.querySelector('button[data-epure="image"]').dataset.src);
      await page.click('button[data-epure="image"]');
      // The image settles (loaded or, offline here, failed): it was asked for.
      await waitFor(page, (url) => document.querySelector(`[data-epure="reader"] img[src="${url}"]`)?.complete, src);
    });

    test('should show the seed page three boxes as summary lines with their links', async () => {
      const { path, expected } = seedFixture();
      const { page, state, outside } = await openReader(path, { lines: 3 });
      assert.equal(state, 'article');
      const { lines, handlers, code } = await readView(page);
      assert.equal(lines.length, 3);
      lines.forEach((line, i) => {
        const want = expected.placeholders[i];
        const allowed = [want.url, ...(want.url_also ?? [])];
        assert.ok(allowed.includes(line.href), `line ${i + 1}: ${line.href}`);
        if (want.author) assert.ok(line.text.includes(want.author), line.text);
      });
      assert.equal(code, 0);
      assert.deepEqual(handlers, []);
      assert.deepEqual(outside(), []);
    });

    test('should return to the page at the same scroll position on Back, and on Esc', async () => {
      const { path } = seedFixture();
      const { page, state } = await openReader(path, { lines: 3 });
      assert.equal(state, 'article');
      // The navigation starts after the evaluation has returned: one begun inside it may destroy its context first.
      await page.evaluate(() => setTimeout(() => history.back()));
      const back = await settle(page, () => location.protocol.startsWith('http') && document.readyState === 'complete' && Math.round(scrollY));
      assert.equal(back, SCROLLED_TO, 'Back: same scroll position');

      await page.evaluate(() => setTimeout(() => history.forward()));
      await settle(page, () => /-extension:$/.test(location.protocol) && document.readyState === 'complete');
      await page.keyboard.press('Escape');
      await settle(page, () => location.protocol.startsWith('http'));
    });

    test('should say there is no article on a page without one, instead of an empty reader', async () => {
      const { page, state } = await openReader(NO_ARTICLE);
      assert.equal(state, 'no-article');
      const view = await readView(page);
      assert.ok(view.notice, 'a notice');
      assert.equal(view.title, null);
      assert.equal(view.body, '');
    });

    /** What the content script of `tabId` did about the reader view by itself, once it has decided. */
    const autoDecision = (tabId) =>
      settle(
        ext.page,
        (id) => globalThis.epureApi.inTab(id, 'autoDecision').then((answer) => answer?.decision ?? null),
        tabId,
      );

    /** Loads `url` in `page` (the same tab); the load may be cut short by the reader view opening by itself. */
    const goTo = (page, url) => page.goto(url, { waitUntil: 'domcontentloaded' }).catch(() => {});

    test('should open the reader view by itself on an article of an auto site only, and stay on the page after Back', async () => {
      const other = await serve(FIXTURES, { host: LOOPBACK[1] });
      const { path, metadata } = extractFixture(ARTICLE);
      try {
        const page = await openArticle(browser, `${server.url}${NO_ARTICLE}`);
        opened.push(page);
        const tab = await ext.articleTab();
        assert.equal(await autoDecision(tab.id), 'off', 'not asked before the switch');

        // The popup's switch: this site's articles open in the reader view.
        const popup = await openPopup(tab.id);
        await waitFor(popup, () => !document.getElementById('reader-switch').disabled);
        assert.equal(await popup.evaluate(() => document.getElementById('reader-switch').checked), false);
        await popup.click('#reader-switch');
        await waitFor(popup, () => document.getElementById('reader-switch').checked && !document.getElementById('reader-switch').disabled);
        const stored = await ext.page.evaluate(
          async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('settings')).settings.sites,
        );
        assert.equal(stored['127.0.0.1']?.reader, 'auto');
        await popup.close();

        // A page of the site without an article: the engine says so, the page stays.
        await goTo(page, `${server.url}${NO_ARTICLE}?again`);
        assert.equal(await autoDecision(tab.id), 'no-article');
        assert.match(await page.evaluate(() => location.href), /no-article/);

        // An article of another site (127.0.0.2): not asked.
        await goTo(page, `${other.url}${path}`);
        assert.equal(await autoDecision(tab.id), 'off');
        assert.equal(await page.evaluate(() => location.hostname), LOOPBACK[1]);

        // An article of the auto site: the reader view, by itself.
        await goTo(page, `${server.url}${path}`);
        assert.equal(await readerState(page), 'article');
        assert.equal((await readView(page)).title, metadata.title);

        // Back: the page, and it stays there (restored from the history, not asked again).
        await page.evaluate(() => setTimeout(() => history.back()));
        await settle(page, (want) => location.href === want && document.readyState === 'complete', `${server.url}${path}`);
        assert.equal(await autoDecision(tab.id), 'restored');
        assert.equal(await page.evaluate(() => location.href), `${server.url}${path}`, 'still on the page');
      } finally {
        await ext.page.evaluate(
          (site) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'site-set', site, features: null }),
          '127.0.0.1',
        );
        await other.close();
      }
    });

    test('should keep summary lines and image buttons outlined in forced-colors mode', async () => {
      // Firefox turns forced colours on for a whole profile only: a browser of its own.
      const own = browserName === 'firefox' ? await launch(browserName, { forcedColors: true }) : null;
      try {
        const on = own ?? browser;
        const extConsole = own ? await extensionConsole(own) : ext;
        const { page } = await openReader(seedFixture().path, { lines: 3, on, extConsole });
        if (!own) await on.forceColors(page);
        await waitFor(page, () => matchMedia('(forced-colors: active)').matches);
        const boxes = await page.evaluate(() =>
          [...document.querySelectorAll('[data-epure="summary"], button[data-epure="image"]')].map((el) => {
            const style = getComputedStyle(el);
            return { style: style.borderTopStyle, width: style.borderTopWidth, color: style.color, background: style.backgroundColor };
          }),
        );
        assert.ok(boxes.length >= 3);
        for (const box of boxes) {
          assert.equal(box.style, 'solid', 'a border the system colours keep');
          assert.notEqual(box.width, '0px');
          assert.notEqual(box.color, box.background, 'text readable on its background');
        }
      } finally {
        await own?.close();
      }
    });

    test('should keep the chosen theme and size in the settings view', async () => {
      const { path } = seedFixture();
      const { page } = await openReader(path);
      const font = () => page.evaluate(() => getComputedStyle(document.querySelector('main')).fontFamily);
      assert.match(await font(), /Georgia/, 'serif by default');
      const before = await page.evaluate(() => getComputedStyle(document.querySelector('main')).fontSize);
      await page.click('#size-up');
      await waitFor(page, (was) => getComputedStyle(document.querySelector('main')).fontSize !== was, before);
      for (const [id, value] of [['theme', 'dark'], ['font', 'sans']]) {
        await page.evaluate(
          ({ select, choice }) => {
            const field = document.getElementById(select);
            field.value = choice;
            field.dispatchEvent(new Event('change'));
          },
          { select: id, choice: value },
        );
        await waitFor(page, ({ key, want }) => document.documentElement.dataset[key] === want, { key: id, want: value });
      }
      assert.match(await font(), /sans-serif/);
      const view = await page.evaluate(
        async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('settings')).settings.view,
      );
      assert.equal(view.theme, 'dark');
      assert.equal(view.font, 'sans');
      assert.equal(`${view.size}px`, await page.evaluate(() => getComputedStyle(document.querySelector('main')).fontSize));

      // A reload finds no page kept for the tab: a notice, in the stored look.
      await page.evaluate(() => {
        window.epureOldDocument = true;
        location.reload();
      });
      assert.equal(await settle(page, () => !window.epureOldDocument && document.documentElement.dataset.state), 'nothing');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    });

    test('should build the whole article of two reader views opened at once', async () => {
      // In Firefox, once a first view is done, the background's one engine
      // builds every reader page's view: two at once must not mix their rests.
      await openReader(seedFixture().path);
      if (browserName === 'firefox') {
        await waitFor(ext.page, async () => Boolean((await globalThis.browser.runtime.getBackgroundPage()).epureReaderLend(window).engine));
      }
      const articles = ['lemonde-1', 'wapo-1'].map(extractFixture);
      const urls = articles.map(({ path }) => `${server.url}${path}`);
      const pages = await Promise.all(urls.map((url) => openArticle(browser, url)));
      opened.push(...pages);
      const tabIds = await ext.page.evaluate(
        async ({ wanted, waitMs }) => {
          const api = globalThis.browser ?? globalThis.chrome;
          const deadline = Date.now() + waitMs;
          while (Date.now() < deadline) {
            const tabs = await api.tabs.query({});
            const ids = await Promise.all(
              wanted.map(async (url) => {
                const tab = tabs.find((t) => t.url === url);
                const state = tab && (await globalThis.epureApi.inTab(tab.id, 'state'));
                return state?.type === 'state' ? tab.id : null;
              }),
            );
            if (ids.every((id) => id !== null)) return ids;
            await new Promise((next) => setTimeout(next, 50));
          }
          return null;
        },
        { wanted: urls, waitMs: WAIT_MS },
      );
      assert.ok(tabIds, 'both content scripts answer');
      await ext.page.evaluate(
        (ids) => Promise.all(ids.map((tabId) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'reader-open', tabId }))),
        tabIds,
      );
      for (const [i, page] of pages.entries()) {
        assert.equal(await readerState(page), 'article');
        const expected = await page.evaluate((source) => {
          const doc = new DOMParser().parseFromString(source, 'text/html');
          return [...doc.querySelectorAll('p')].map((p) => p.textContent).filter((t) => t.trim().length > 0);
        }, articles[i].expectedHtml);
        const { body, title } = await readView(page);
        assert.equal(title, articles[i].metadata.title);
        assert.ok(collapse(body).includes(collapse(expected.at(-1))), `${urls[i]}: last paragraph: ${expected.at(-1)}`);
        const engine = await page.evaluate(() => document.documentElement.dataset.engine);
        assert.equal(engine, browserName === 'firefox' ? 'shared' : 'own');
      }

      // The same, in one order that mixes them: both first screenfuls built
      // before either rest, by one instance (Firefox: the background's own;
      // Chromium: an instance in the console page).
      const sources = articles.map(({ path }, i) => ({
        html: readFileSync(join(FIXTURES, path), 'utf8'),
        url: urls[i],
        expected: articles[i].expectedHtml,
      }));
      const mixed = await ext.page.evaluate(async (given) => {
        const api = globalThis.browser ?? globalThis.chrome;
        const background = api.runtime.getManifest().background?.scripts ? await api.runtime.getBackgroundPage() : null;
        let engine = background?.epureReaderLend(window).engine;
        if (!engine) {
          engine = await import('./pkg/epure_reader.js');
          await engine.default();
        }
        const roots = given.map(() => document.body.appendChild(document.createElement('main')));
        given.forEach(({ html, url }, i) => engine.renderReader(html, url, undefined, roots[i]));
        roots.forEach((root) => engine.renderReaderRest(root));
        const lastOf = (source) => {
          const ps = [...new DOMParser().parseFromString(source, 'text/html').querySelectorAll('p')];
          return ps.map((p) => p.textContent).filter((t) => t.trim().length > 0).at(-1);
        };
        const found = roots.map((root, i) => ({ body: root.textContent, last: lastOf(given[i].expected) }));
        for (const root of roots) root.remove();
        return { shared: Boolean(background), found };
      }, sources);
      assert.equal(mixed.shared, browserName === 'firefox');
      for (const [i, { body, last }] of mixed.found.entries()) {
        assert.ok(collapse(body).includes(collapse(last)), `${urls[i]}, built mixed: last paragraph: ${last}`);
      }
    });

    test('should show a look chosen in one reader view in another open one at once', async () => {
      const { page: first } = await openReader(seedFixture().path);
      const { page: second } = await openReader(extractFixture(ARTICLE).path);
      const look = (page) => page.evaluate(() => ({ ...document.documentElement.dataset, size: getComputedStyle(document.querySelector('main')).fontSize }));
      const was = await look(second);
      await first.evaluate(() => {
        const field = document.getElementById('theme');
        field.value = field.value === 'sepia' ? 'light' : 'sepia';
        field.dispatchEvent(new Event('change'));
      });
      await first.click('#size-up');
      const chosen = await settle(first, (size) => {
        const now = getComputedStyle(document.querySelector('main')).fontSize;
        return now !== size && { theme: document.documentElement.dataset.theme, size: now };
      }, was.size);
      assert.notEqual(chosen.theme, was.theme);
      const followed = await settle(second, (want) => {
        const now = { theme: document.documentElement.dataset.theme, size: getComputedStyle(document.querySelector('main')).fontSize };
        return now.theme === want.theme && now.size === want.size && now;
      }, chosen);
      assert.deepEqual(followed, chosen, 'the other reader view shows the new look without a reload');
      assert.equal(await second.evaluate(() => document.getElementById('theme').value), chosen.theme, 'and its controls say so');
    });
  });
}
