// The element picker and the rule test in a real browser: the reader starts
// the picker from the popup, points at a box (or clutter) that no built-in
// signature knows, confirms, and the rule is stored for the site and applied
// on the open tab; Esc stores nothing; the options page's "test on the open
// tab" counts what a rule matches; popup, options and picker fit a phone's
// width. Run in Chromium and Firefox by picker-*.test.mjs.

import { after, before, describe, test } from 'node:test';
import { extensionConsole, openArticle, waitFor } from './reader.mjs';
import assert from 'node:assert/strict';
import { launch } from './browsers.mjs';
import { serve } from '../../tools/serve.mjs';

const DEMO = '/picker/unknown-box.html';
const SITE = '127.0.0.1';
/** A phone's viewport (CSS pixels of a common 6.1" phone). */
const PHONE = { width: 390, height: 844 };
/** How long a finger rests for a long press: past both browsers' click and context-menu delays (500 ms by default). */
const LONG_PRESS_MS = 800;

/** The stored settings, read from an extension page. */
const stored = (page) =>
  page.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('settings')).settings);

/** Resizes a page's viewport (the drivers name this differently). */
const resize = (page, size) => (typeof page.setViewportSize === 'function' ? page.setViewportSize(size) : page.setViewport(size));

/** Starts the picker on tab `tabId` from the popup, as the reader would, and waits for its panel. */
async function startPicker(browser, tabId, page) {
  const popup = await browser.openExtPage(`popup.html?tab=${tabId}`);
  await waitFor(popup, () => !document.getElementById('pick').disabled);
  // The popup closes itself once the picker runs: the click's own promise may never settle.
  popup.evaluate(() => document.getElementById('pick').click()).catch(() => {});
  await waitFor(page, () => Boolean(document.querySelector('[data-epure-picker]')?.shadowRoot?.querySelector('.panel')));
  if (!popup.isClosed()) await popup.close().catch(() => {});
}

/**
 * A point inside `selector`'s element but off its children (its padding's
 * top-left corner), in viewport pixels, with the element scrolled to the top:
 * the picker's panel sits at the bottom, and a finger's tap near it lands on it.
 */
async function cornerOf(page, selector) {
  return page.evaluate((css) => {
    const el = document.querySelector(css);
    el.scrollIntoView({ block: 'start' });
    const rect = el.getBoundingClientRect();
    return { x: rect.left + 6, y: rect.top + 6 };
  }, selector);
}

/** Rests a finger on point `p` for a long press, then lifts it (Firefox through WebDriver BiDi, Chromium through the DevTools protocol). */
async function longPress(page, p) {
  const rest = () => new Promise((resolve) => setTimeout(resolve, LONG_PRESS_MS));
  if (typeof page.touchscreen.touchStart === 'function') {
    const finger = await page.touchscreen.touchStart(p.x, p.y);
    await rest();
    await finger.end();
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: p.x, y: p.y }] });
  await rest();
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** The centre of an element of the picker's panel, in viewport pixels. */
function panelPoint(page, id) {
  return page.evaluate((which) => {
    const rect = document.querySelector('[data-epure-picker]').shadowRoot.getElementById(which).getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, id);
}

/** What the picker's panel shows. */
const panel = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-epure-picker]')?.shadowRoot;
    return root
      ? { selector: root.getElementById('selector').value, count: root.getElementById('count').textContent, error: root.getElementById('error').textContent }
      : null;
  });

/** Whether the page scrolls sideways. */
const scrollsSideways = (page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

export function definePickerSuite(browserName) {
  describe(`Épure's element picker in ${browserName}`, () => {
    let browser;
    let server;
    let ext;

    before(async () => {
      server = await serve(new URL('../fixtures', import.meta.url).pathname);
      browser = await launch(browserName, { touch: true });
      ext = await extensionConsole(browser);
    });

    /** The demo page in a new tab, closed when test `t` ends (pass or fail): tests find tabs by asking them all. */
    async function openDemo(t) {
      const page = await openArticle(browser, `${server.url}${DEMO}`);
      t.after(() => page.close().catch(() => {}));
      return page;
    }

    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('should store a picked box for the site and collapse it on the open tab', async (t) => {
      const page = await openDemo(t);
      const tab = await ext.articleTab();
      assert.equal(tab.count, 0, 'no built-in signature knows this box');
      assert.equal(await page.evaluate(() => document.querySelector('.media-gate').hasAttribute('data-epure')), false);

      await startPicker(browser, tab.id, page);
      const corner = await cornerOf(page, '.media-gate');
      await page.mouse.click(corner.x, corner.y);
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.getElementById('selector').value !== '');
      const shown = await panel(page);
      assert.equal(shown.selector, '.media-gate', 'a stable class, not a child position');
      assert.match(shown.count, /\b1\b/);

      const confirm = await panelPoint(page, 'confirm');
      await page.mouse.click(confirm.x, confirm.y);
      await waitFor(page, () => document.querySelector('.media-gate').getAttribute('data-epure') === 'collapsed');
      assert.equal(await page.evaluate(() => document.querySelector('[data-epure-picker]')), null, 'the picker is gone');
      assert.equal(await page.evaluate(() => document.querySelectorAll('[data-epure="summary"]').length), 1);
      assert.deepEqual((await stored(ext.page)).rules.sites[SITE], { boxes: ['.media-gate'] });
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.promo-rail')).display), 'block');
    });

    test('should pick with the keyboard alone and store nothing when Esc cancels', async (t) => {
      const page = await openDemo(t);
      const tab = await ext.articleTab();
      const before = await stored(ext.page);
      await startPicker(browser, tab.id, page);
      await cornerOf(page, '.promo-rail');
      // Arrows walk the page from the element at the centre of the view; Enter picks.
      await page.keyboard.press('ArrowUp');
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.querySelector('.frame').style.display === 'block');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.getElementById('selector').value !== '');
      assert.match((await panel(page)).count, /\d/);
      await page.keyboard.press('Escape');
      await waitFor(page, () => document.querySelector('[data-epure-picker]') === null);
      assert.deepEqual(await stored(ext.page), before);
      assert.equal(await page.evaluate(() => document.querySelector('[data-epure-clutter]')), null);
      // The page's own clicks work again once the picker is gone.
      await page.click('.site-header a');
      await waitFor(page, () => location.hash === '#top');
    });

    test('should pick clutter by touch at phone width and hide it at once', async (t) => {
      const page = await openDemo(t);
      await resize(page, PHONE);
      const tab = await ext.articleTab();
      await startPicker(browser, tab.id, page);
      const inside = await panelPoint(page, 'cancel');
      assert.ok(inside.x < PHONE.width, 'the panel fits the phone');

      // Real touch events: Chromium with hasTouch, Firefox through WebDriver
      // BiDi touch actions (desktop Firefox with a phone's width, not Fenix).
      const tap = (p) => page.touchscreen.tap(p.x, p.y);
      // A long press makes no click: the finger's lift picks.
      await longPress(page, await cornerOf(page, '.byline'));
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.getElementById('selector').value !== '');
      assert.equal((await panel(page)).selector, '.byline');
      // The open panel covers the page's foot; the reader moves it to the top and back.
      const panelTop = () => page.evaluate(() => document.querySelector('[data-epure-picker]').shadowRoot.querySelector('.panel').getBoundingClientRect().top);
      const bottomTop = await panelTop();
      await tap(await panelPoint(page, 'move'));
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.querySelector('.panel').getBoundingClientRect().top < 20);
      assert.ok(bottomTop > PHONE.height / 2, `the panel starts at the foot (${bottomTop})`);
      await tap(await panelPoint(page, 'move'));
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.querySelector('.panel').getBoundingClientRect().top > 400);
      await tap(await cornerOf(page, '.promo-rail'));
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.getElementById('selector').value === '.promo-rail');
      await tap(await panelPoint(page, 'kind-clutter'));
      await tap(await panelPoint(page, 'confirm'));
      await waitFor(page, () => document.querySelector('.promo-rail').getAttribute('data-epure-clutter') === 'hidden');
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.promo-rail')).display), 'none');
      assert.deepEqual((await stored(ext.page)).rules.sites[SITE].clutter, ['.promo-rail']);
    });

    test("should count a rule's matches on the site's open tab and outline them", async (t) => {
      const page = await openDemo(t);
      await ext.articleTab();
      // Records every element outlined, whenever the outline comes and goes.
      await page.evaluate(() => {
        window.outlined = new Set();
        new MutationObserver((records) => {
          for (const r of records) if (r.oldValue === null) window.outlined.add(r.target);
        }).observe(document.body, { attributes: true, attributeOldValue: true, attributeFilter: ['data-epure-outline'], subtree: true });
      });
      const options = await browser.openExtPage('options.html');
      await waitFor(options, () => document.body.dataset.ready === 'true');
      await options.evaluate((site) => {
        const form = document.getElementById('rule-form').elements;
        form.site.value = site;
        document.querySelector('#box-rows [name="box-selector"]').value = '.media-gate';
        form.clutter.value = '.promo-rail\np';
      }, SITE);
      const paragraphs = await page.evaluate(() => document.querySelectorAll('p').length);
      await options.click('#rule-test');
      await waitFor(options, () => document.getElementById('rule-test-result').value !== '');
      const result = await options.evaluate(() => document.getElementById('rule-test-result').value);
      // .media-gate, .promo-rail and every <p>.
      const expected = 2 + paragraphs;
      assert.ok(result.includes(String(expected)) && result.includes(SITE), result);
      assert.equal(await page.evaluate(() => window.outlined.size), expected);

      // A site with no open tab says so.
      await options.evaluate(() => {
        document.getElementById('rule-form').elements.site.value = 'paper.example';
      });
      await options.click('#rule-test');
      await waitFor(options, () => document.getElementById('rule-test-result').value.includes('paper.example'));
      await options.close();
    });

    test('should not add a picked box twice when the rule already names it with its platform', async (t) => {
      const setRule = (rule) =>
        ext.page.evaluate(({ site, box }) => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'rule-set', site, rule: box }), { site: SITE, box: rule });
      await setRule(null);
      const page = await openDemo(t);
      const tab = await ext.articleTab();
      assert.equal(tab.count, 0);
      // Stored after the page loaded: the box is still there to be picked.
      const labelled = { boxes: [{ selector: '.media-gate', platform: 'vimeo', words: 'Harbour webcam' }] };
      await setRule(labelled);
      await startPicker(browser, tab.id, page);
      const corner = await cornerOf(page, '.media-gate');
      await page.mouse.click(corner.x, corner.y);
      await waitFor(page, () => document.querySelector('[data-epure-picker]').shadowRoot.getElementById('selector').value === '.media-gate');
      const confirm = await panelPoint(page, 'confirm');
      await page.mouse.click(confirm.x, confirm.y);
      await waitFor(page, () => document.querySelector('.media-gate').getAttribute('data-epure') === 'collapsed');
      assert.deepEqual((await stored(ext.page)).rules.sites[SITE], labelled, 'the labelled box is kept, not doubled');
      const mark = await page.evaluate(() => document.querySelector('[data-epure="summary"]').shadowRoot.querySelector('.mark').title);
      assert.equal(mark, 'Vimeo');
      await setRule(null);
    });

    test('should fit popup and options at phone width without sideways scrolling', async (t) => {
      await openDemo(t);
      const tab = await ext.articleTab();
      const popup = await browser.openExtPage(`popup.html?tab=${tab.id}`);
      await resize(popup, PHONE);
      await waitFor(popup, () => !document.getElementById('pick').disabled);
      assert.equal(await scrollsSideways(popup), false, 'popup');
      const options = await browser.openExtPage('options.html');
      await resize(options, PHONE);
      await waitFor(options, () => document.body.dataset.ready === 'true' && document.querySelector('#sites') !== null);
      assert.equal(await scrollsSideways(options), false, 'options');
      await Promise.all([popup.close(), options.close()]);
    });
  });
}
