// The reader's settings in a real browser: the options page, per-site
// choices applied to open tabs at once, export and import, and storage that
// survives damage. Run in Chromium and Firefox by settings-*.test.mjs.

import { LOOPBACK, launch } from './browsers.mjs';
import { after, before, describe, test } from 'node:test';
import { bodyNow, extensionConsole, openArticle, probe, seedFixture, waitFor, waitForLines } from './reader.mjs';
import assert from 'node:assert/strict';
import { serve } from '../../tools/serve.mjs';

/** The stored settings, read from an extension page. */
const stored = (page) =>
  page.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('settings')).settings);

/** Opens the options page once it has drawn the stored settings. */
async function openOptions(browser) {
  const page = await browser.openExtPage('options.html');
  await waitFor(page, () => document.body.dataset.ready === 'true');
  return page;
}

/** Types `value` into a field, as one input event (the same in both drivers). */
function setField(page, selector, value) {
  return page.evaluate(
    ({ css, text }) => {
      const field = document.querySelector(css);
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    },
    { css: selector, text: value },
  );
}

/** Picks `text` as the file of the import input, as a reader choosing a file would. */
function chooseImport(page, text) {
  return page.evaluate((content) => {
    const input = document.getElementById('import-file');
    const files = new DataTransfer();
    files.items.add(new File([content], 'backup.json', { type: 'application/json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
  }, text);
}

export function defineSettingsSuite(browserName) {
  describe(`Épure's settings in ${browserName}`, () => {
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

    test('should turn a site off from the options page, on the open tab at once and after a reload', async () => {
      const page = await openArticle(browser, `${server.url}${seedFixture().path}`);
      await waitForLines(page, 3);
      const options = await openOptions(browser);
      await setField(options, '#site-name', '127.0.0.1');
      await options.click('#site-add button[type="submit"]');
      await waitFor(options, () => document.querySelector('#sites tbody th')?.textContent === '127.0.0.1');
      assert.deepEqual((await stored(options)).sites, { '127.0.0.1': { collapse: false } });

      await waitFor(page, () => document.querySelectorAll('[data-epure]').length === 0);
      const { before: parsed } = await probe(page);
      assert.equal(await bodyNow(page), parsed, 'the open tab is restored exactly');

      await page.reload({ waitUntil: 'load' });
      const tab = await ext.articleTab();
      assert.equal(tab.on, false);
      assert.equal(tab.count, 0);

      // Another site (another loopback host) is unaffected.
      const other = await serve(new URL('../fixtures', import.meta.url).pathname, { host: LOOPBACK[1] });
      try {
        const elsewhere = await openArticle(browser, `${other.url}${seedFixture().path}`);
        await waitForLines(elsewhere, 3);
        await elsewhere.close();
      } finally {
        await other.close();
      }

      // Reset: the site follows the defaults again, and the open tab collapses.
      await options.click('#sites tbody button');
      await waitFor(options, () => document.querySelectorAll('#sites tbody tr').length === 0);
      await waitForLines(page, 3);
      await page.close();
      await options.close();
    });

    test('should refuse an invalid site rule with the engine reason and save nothing', async () => {
      const options = await openOptions(browser);
      const before = await stored(options);
      await setField(options, '#rule-form input[name="site"]', 'paper.example');
      await setField(options, '#rule-form textarea[name="boxes"]', 'div[');
      await waitFor(options, () => document.getElementById('rule-error').value.includes('div['));
      await options.click('#rule-form button[type="submit"]');
      await waitFor(options, () => document.getElementById('rule-error').value.includes('selector'));
      assert.deepEqual(await stored(options), before);

      await setField(options, '#rule-form textarea[name="boxes"]', '.blocked-embed');
      await waitFor(options, () => document.getElementById('rule-error').value === '');
      await setField(options, '#rule-form input[name="site"]', 'co.uk');
      await waitFor(options, () => document.getElementById('rule-error').value.includes('co.uk'));
      assert.deepEqual(await stored(options), before);

      await setField(options, '#rule-form input[name="site"]', 'paper.example');
      await waitFor(options, () => document.getElementById('rule-error').value === '');
      await options.click('#rule-form button[type="submit"]');
      await waitFor(options, () => document.querySelector('#rule-list button')?.textContent === 'paper.example');
      assert.deepEqual((await stored(options)).rules.sites, { 'paper.example': { boxes: ['.blocked-embed'] } });
      await options.close();
    });

    test('should export, clear, import and get identical settings; bad files change nothing', async () => {
      const options = await openOptions(browser);
      await setField(options, '#site-name', 'lemonde.fr');
      await options.click('#site-add button[type="submit"]');
      await waitFor(options, () => [...document.querySelectorAll('#sites tbody th')].some((th) => th.textContent === 'lemonde.fr'));
      const saved = await stored(options);
      const exported = await options.evaluate(async () => {
        const answer = await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'export' });
        return JSON.stringify(answer.document);
      });
      assert.ok(!exported.includes('"view"'), 'an export holds only what differs from the defaults');

      const bad = [
        ['truncated', exported.slice(0, exported.length / 2)],
        ['wrong type', exported.replace('"version":1', '"version":"1"')],
        ['duplicate key', exported.replace('{', '{"epure":"settings",')],
        ['public suffix', JSON.stringify({ epure: 'settings', version: 1, sites: { com: { collapse: false } } })],
        ['html in a name', JSON.stringify({ epure: 'settings', version: 1, sites: { '<img src=x onerror=alert(1)>': {} } })],
        ['__proto__', '{"epure":"settings","version":1,"sites":{"__proto__":{"collapse":false}}}'],
        ['deep', `{"epure":"settings","version":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
        ['endless selector', JSON.stringify({ epure: 'settings', version: 1, rules: { version: 1, sites: { 'a.example': { boxes: [':is('.repeat(5000)] } } } })],
        ['not settings', '{"hello":"world"}'],
      ];
      for (const [why, text] of bad) {
        await chooseImport(options, text);
        await waitFor(options, () => document.getElementById('import-error').value !== '').catch((error) => {
          throw new Error(`${why}: ${error.message}`);
        });
        assert.equal(await options.evaluate(() => document.getElementById('import-preview').hidden), true, why);
        assert.deepEqual(await stored(options), saved, `${why}: nothing changed`);
        await options.evaluate(() => {
          document.getElementById('import-error').value = '';
        });
      }

      // Clear, then import the export: identical settings.
      await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({
        type: 'import',
        text: '{"epure":"settings","version":1}',
        mode: 'replace',
      }));
      await waitFor(options, () => document.querySelectorAll('#sites tbody tr').length === 0);
      await chooseImport(options, exported);
      await waitFor(options, () => !document.getElementById('import-preview').hidden);
      const changes = await options.evaluate(() => document.getElementById('import-changes').textContent);
      assert.ok(changes.includes('lemonde.fr'), changes);
      await options.click('#import-replace');
      await waitFor(options, () => document.getElementById('import-preview').hidden);
      assert.deepEqual(await stored(options), saved);
      await options.close();
    });

    test('should repair damaged stored settings at start, say so once, and still collapse boxes', async () => {
      // A fresh browser: the background reads the settings on its first
      // request, so damage written before it is what it finds at start.
      const fresh = await launch(browserName);
      try {
        const control = await extensionConsole(fresh);
        const damaged = {
          epure: 'settings',
          version: 1,
          defaults: { collapse: true, tidy: 'sometimes' },
          sites: { 'lemonde.fr': { collapse: false }, com: { collapse: false } },
          view: { size: 10_000 },
        };
        await control.page.evaluate(
          (doc) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: doc }),
          damaged,
        );

        const page = await openArticle(fresh, `${server.url}${seedFixture().path}`);
        await waitForLines(page, 3);
        const options = await openOptions(fresh);
        const shown = await options.evaluate(
          () => !document.getElementById('notice').hidden && document.getElementById('notice').textContent,
        );
        assert.ok(shown && shown.includes('view.size') && shown.includes('com'), `notice: ${shown}`);
        const repaired = await stored(options);
        assert.deepEqual(repaired.sites, { 'lemonde.fr': { collapse: false } });
        assert.equal(repaired.view.size, 20);
        assert.equal(repaired.defaults.collapse, true);
        await options.close();

        // Said once: the next visit shows no notice.
        const later = await openOptions(fresh);
        assert.equal(await later.evaluate(() => document.getElementById('notice').hidden), true);
      } finally {
        await fresh.close();
      }
    });

    test('should fall back to the last good settings when the stored document is unreadable', async () => {
      const fresh = await launch(browserName);
      try {
        const control = await extensionConsole(fresh);
        const good = { epure: 'settings', version: 1, sites: { 'lemonde.fr': { collapse: false } } };
        await control.page.evaluate(
          (doc) => (globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: '{"epure":"sett', settingsPrevious: doc }),
          good,
        );
        const options = await openOptions(fresh);
        assert.deepEqual((await stored(options)).sites, good.sites);
        const shown = await options.evaluate(() => document.getElementById('notice').textContent);
        assert.ok(shown.length > 0, 'the reader is told');
      } finally {
        await fresh.close();
      }
    });
  });
}
