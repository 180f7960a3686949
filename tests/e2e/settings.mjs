// The reader's settings in a real browser: the options page, per-site
// choices applied to open tabs at once, export and import, and storage that
// survives damage. Run in Chromium and Firefox by settings-*.test.mjs.

import { LOOPBACK, launch } from './browsers.mjs';
import { bodyNow, extensionConsole, openArticle, probe, seedFixture, waitFor, waitForLines } from './reader.mjs';
import { describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { extensionSession } from './session.mjs';
import { join } from 'node:path';
import { serve } from '../../tools/serve.mjs';
import { tmpdir } from 'node:os';

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

/** The first box row's fields in the options page's rule form. */
const BOX_SELECTOR = '#box-rows [name="box-selector"]';
const BOX_PLATFORM = '#box-rows [name="box-platform"]';
const BOX_WORDS = '#box-rows [name="box-words"]';
const BOX_ERROR = () => document.querySelector('#box-rows .box-error').value;

/** The picker's demo: a box that no built-in signature knows (tests/fixtures/picker/). */
const DEMO = '/picker/unknown-box.html';

/** Picks `value` in a select, as one input event. */
function choose(page, selector, value) {
  return page.evaluate(
    ({ css, choice }) => {
      const field = document.querySelector(css);
      field.value = choice;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { css: selector, choice: value },
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
    const session = extensionSession(browserName);

    test('should turn a site off from the options page, on the open tab at once and after a reload', async () => {
      const page = await openArticle(session.browser, `${session.server.url}${seedFixture().path}`);
      await waitForLines(page, 3);
      const options = await openOptions(session.browser);
      await setField(options, '#site-name', '127.0.0.1');
      await options.click('#site-add button[type="submit"]');
      await waitFor(options, () => document.querySelector('#sites tbody th')?.textContent === '127.0.0.1');
      assert.deepEqual((await stored(options)).sites, { '127.0.0.1': { collapse: false } });

      await waitFor(page, () => document.querySelectorAll('[data-epure]').length === 0);
      const { before: parsed } = await probe(page);
      assert.equal(await bodyNow(page), parsed, 'the open tab is restored exactly');

      await page.reload({ waitUntil: 'load' });
      const tab = await session.ext.articleTab();
      assert.equal(tab.on, false);
      assert.equal(tab.count, 0);

      // Another site (another loopback host) is unaffected.
      const other = await serve(new URL('../fixtures', import.meta.url).pathname, { host: LOOPBACK[1] });
      try {
        const elsewhere = await openArticle(session.browser, `${other.url}${seedFixture().path}`);
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
      const options = await openOptions(session.browser);
      const before = await stored(options);
      await setField(options, '#rule-form input[name="site"]', 'paper.example');
      await setField(options, BOX_SELECTOR, 'div[');
      // A box's fault is shown beside its row.
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value.includes('div['));
      assert.equal(await options.evaluate(() => document.getElementById('rule-error').value), '');
      await options.click('#rule-form button[type="submit"]');
      await waitFor(options, () => document.getElementById('rule-error').value.includes('selector'));
      assert.deepEqual(await stored(options), before);

      await setField(options, BOX_SELECTOR, '.blocked-embed');
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value === '');
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

    test("should show a box rule's platform and words in the line on the open tab, as text, and refuse bad ones beside the box", async () => {
      const page = await openArticle(session.browser, `${session.server.url}${DEMO}`);
      const tab = await session.ext.articleTab();
      assert.equal(tab.count, 0, 'no built-in signature knows this box');
      const options = await openOptions(session.browser);
      const before = await stored(options);
      const platforms = await options.evaluate(() => [...document.querySelector('#box-rows [name="box-platform"]').options].map((o) => o.value));
      assert.ok(platforms.includes('vimeo') && platforms.includes('youtube') && platforms.at(-1) === 'other', platforms.join());

      await setField(options, '#rule-form input[name="site"]', '127.0.0.1');
      await setField(options, BOX_SELECTOR, '.media-gate');
      await choose(options, BOX_PLATFORM, 'other');
      await waitFor(options, BOX_ERROR);
      assert.match(await options.evaluate(BOX_ERROR), /service/);
      assert.equal(await options.evaluate(() => document.querySelector('#box-rows .box-service').hidden), false);
      await choose(options, BOX_PLATFORM, 'vimeo');
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value === '');
      assert.equal(await options.evaluate(() => document.querySelector('#box-rows .box-service').hidden), true);
      await setField(options, BOX_WORDS, 'w'.repeat(281));
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value.includes('280'));
      await options.click('#rule-form button[type="submit"]');
      await waitFor(options, () => document.getElementById('rule-error').value.includes('words'));
      assert.deepEqual(await stored(options), before, 'nothing saved half-way');

      // HTML in the words is text: the line shows the characters.
      const words = '<b>Ferry</b> timetable, <img src=x onerror=alert(1)> explained';
      await setField(options, BOX_WORDS, words);
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value === '');
      await options.click('#rule-form button[type="submit"]');
      await waitFor(options, () => [...document.querySelectorAll('#rule-list button')].some((b) => b.textContent === '127.0.0.1'));
      assert.deepEqual((await stored(options)).rules.sites['127.0.0.1'], { boxes: [{ selector: '.media-gate', platform: 'vimeo', words }] });

      // On the open tab at once.
      await waitForLines(page, 1);
      const line = await page.evaluate(() => {
        const root = document.querySelector('[data-epure="summary"]').shadowRoot;
        return {
          summary: root.querySelector('.summary').textContent,
          mark: root.querySelector('.mark').title,
          markup: root.querySelectorAll('b, img').length,
          box: document.querySelector('.media-gate').getAttribute('data-epure'),
        };
      });
      assert.equal(line.box, 'collapsed');
      assert.equal(line.mark, 'Vimeo');
      assert.ok(line.summary.includes('Vimeo') && line.summary.includes(words), line.summary);
      assert.equal(line.markup, 0, 'no element made of the words');
      await page.close();
      const quiz = await openArticle(session.browser, `${session.server.url}${DEMO}`);

      // The raw JSON takes the same form; a service outside the list by name.
      const raw = { version: 1, sites: { '127.0.0.1': { boxes: [{ selector: '.media-gate', platform: 'other', service: 'Quizzr' }] } } };
      await options.evaluate(() => {
        document.getElementById('rules-json').closest('details').open = true;
        document.getElementById('rules-json').focus();
      });
      await setField(options, '#rules-json', JSON.stringify({ ...raw, sites: { '127.0.0.1': { boxes: [{ selector: '.media-gate', platform: 'myspace' }] } } }));
      await waitFor(options, () => document.getElementById('rules-json-error').value.includes('myspace'));
      await setField(options, '#rules-json', JSON.stringify(raw));
      await waitFor(options, () => document.getElementById('rules-json-error').value === '');
      await options.click('#rules-json-save');
      await waitFor(options, async () => {
        const doc = (await (globalThis.browser ?? globalThis.chrome).storage.local.get('settings')).settings;
        return doc.rules.sites['127.0.0.1']?.boxes?.[0]?.service === 'Quizzr';
      });
      // The form shows it back: the platform, the service's name.
      await options.evaluate(() => [...document.querySelectorAll('#rule-list button')].find((b) => b.textContent === '127.0.0.1').click());
      const shown = await options.evaluate(() => ({
        platform: document.querySelector('#box-rows [name="box-platform"]').value,
        service: document.querySelector('#box-rows [name="box-service"]').value,
      }));
      assert.deepEqual(shown, { platform: 'other', service: 'Quizzr' });
      // The open tab already shows the previous rule's line: wait for the new
      // rule's words (the line is rebuilt when the background tells the tab).
      await waitForLines(quiz, 1);
      const lineText = () => document.querySelector('[data-epure="summary"]')?.shadowRoot?.querySelector('.summary')?.textContent ?? '';
      await waitFor(quiz, () => document.querySelector('[data-epure="summary"]')?.shadowRoot?.querySelector('.summary')?.textContent.includes('Quizzr')).catch(() => {});
      const summary = await quiz.evaluate(lineText);
      assert.ok(summary.includes('Quizzr'), summary);
      await quiz.close();

      await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'rule-set', site: '127.0.0.1', rule: null }));
      await options.close();
    });

    test("should collapse a box only the reader's rule knows after a reload, in a new tab and when it comes late", async () => {
      const page = await openArticle(session.browser, `${session.server.url}${DEMO}`);
      assert.equal((await session.ext.articleTab()).count, 0, 'no built-in signature knows this box');
      const options = await openOptions(session.browser);
      const words = 'Ferry timetable, explained';
      await setField(options, '#rule-form input[name="site"]', '127.0.0.1');
      await setField(options, BOX_SELECTOR, '.media-gate');
      await choose(options, BOX_PLATFORM, 'vimeo');
      await setField(options, BOX_WORDS, words);
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value === '');
      await options.click('#rule-form button[type="submit"]');
      await waitFor(options, () => [...document.querySelectorAll('#rule-list button')].some((b) => b.textContent === '127.0.0.1'));
      await waitForLines(page, 1);

      /** The line's platform and summary, and whether it stands for the rule's box. */
      const lineOf = (tab) =>
        tab.evaluate(() => {
          const host = document.querySelector('[data-epure="summary"]');
          return {
            mark: host.shadowRoot.querySelector('.mark').title,
            summary: host.shadowRoot.querySelector('.summary').textContent,
            box: host.nextElementSibling.matches('.media-gate[data-epure="collapsed"]'),
          };
        });
      const expectLine = async (tab, what) => {
        await waitForLines(tab, 1);
        const line = await lineOf(tab);
        assert.equal(line.mark, 'Vimeo', what);
        assert.ok(line.box, what);
        assert.ok(line.summary.includes(words), `${what}: ${line.summary}`);
      };

      await page.reload({ waitUntil: 'load' });
      await expectLine(page, 'after a reload');
      const fresh = await openArticle(session.browser, `${session.server.url}${DEMO}`);
      await expectLine(fresh, 'in a new tab');

      // A box the page adds later is the rule's too.
      await fresh.evaluate(() => {
        const late = document.querySelector('.media-gate').cloneNode(true);
        late.removeAttribute('data-epure');
        document.querySelector('.story').append(late);
      });
      await waitForLines(fresh, 2);

      // A new platform and words for the same box: the open tab's line follows.
      await options.evaluate(() => [...document.querySelectorAll('#rule-list button')].find((b) => b.textContent === '127.0.0.1').click());
      await choose(options, BOX_PLATFORM, 'youtube');
      await setField(options, BOX_WORDS, 'Harbour webcam');
      await waitFor(options, () => document.querySelector('#box-rows .box-error').value === '');
      await options.click('#rule-form button[type="submit"]');
      await waitFor(page, () => document.querySelector('[data-epure="summary"]')?.shadowRoot.querySelector('.mark').title === 'YouTube');
      await waitForLines(page, 1);
      assert.ok((await lineOf(page)).summary.includes('Harbour webcam'));

      await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'rule-set', site: '127.0.0.1', rule: null }));
      await fresh.close();
      await page.close();
      await options.close();
    });

    test('should export, clear, import and get identical settings; bad files change nothing', async () => {
      const options = await openOptions(session.browser);
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

    test('should keep a setting across a browser restart with the same profile', async () => {
      const profile = mkdtempSync(join(tmpdir(), `epure-e2e-restart-${browserName}-`));
      try {
        const first = await launch(browserName, { profile });
        try {
          const options = await openOptions(first);
          await setField(options, '#site-name', '127.0.0.1');
          await options.click('#site-add button[type="submit"]');
          await waitFor(options, () => document.querySelector('#sites tbody th')?.textContent === '127.0.0.1');
          assert.deepEqual((await stored(options)).sites, { '127.0.0.1': { collapse: false } });
        } finally {
          await first.close();
        }

        const second = await launch(browserName, { profile });
        try {
          const options = await openOptions(second);
          const shown = await options.evaluate(() => {
            const row = document.querySelector('#sites tbody tr');
            return row && { site: row.querySelector('th').textContent, collapse: row.querySelector('select').value };
          });
          assert.deepEqual(shown, { site: '127.0.0.1', collapse: 'off' }, 'the options page shows it');
          // In force: the seed page's boxes stay as they are.
          const control = await extensionConsole(second);
          const page = await openArticle(second, `${session.server.url}${seedFixture().path}`);
          const tab = await control.articleTab();
          assert.equal(tab.on, false);
          assert.equal(tab.count, 0);
          assert.equal(await page.evaluate(() => document.querySelectorAll('[data-epure]').length), 0);
        } finally {
          await second.close();
        }
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
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

        const page = await openArticle(fresh, `${session.server.url}${seedFixture().path}`);
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
