// The extension's behaviour in a real browser, one story per test. The same
// suite runs in Chromium and in Firefox (one parameter); chromium.test.mjs
// and firefox.test.mjs each run it once.

import {
  FIXTURES,
  bodyNow,
  clickControl,
  comparableUrl,
  consentFixtures,
  flipSiteSwitch,
  lineNames,
  probe,
  readLines,
  seedFixture,
  waitFor,
  waitForLines,
} from './reader.mjs';
import { assertKnownPages, assertLeftAlone, checkUnlessKnown, extensionSession } from './session.mjs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch } from './browsers.mjs';
import { readFileSync } from 'node:fs';

/** The layout shift Épure may add to a page (issue 10). */
const MAX_SHIFT = 0.01;

/** The line's words in `language`, as the extension ships them. */
function words(language) {
  const path = join(FIXTURES, '..', '..', 'extension', '_locales', language, 'messages.json');
  return Object.fromEntries(Object.entries(JSON.parse(readFileSync(path, 'utf8'))).map(([key, { message }]) => [key, message]));
}

/** WCAG contrast ratio of two `rgb(…)` colours. */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, b2] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Exact addresses a fixture loads itself with no extension at all, its live
 * frames (see tests/fixtures/README.md). Excused in every page's window:
 * the stories share a tab, and Firefox may report a frame's request after
 * the next page has begun; an exact address excuses no other page's leak.
 */
const PAGE_OWN_REQUESTS = new Set(['https://www.youtube-nocookie.com/embed/Rb7wQ2nX5kM']);

/** Corpus pages the extension does not handle yet, with the reason (see session.mjs). */
const KNOWN_FAILURES = {};

const CORPUS = consentFixtures();
assertKnownPages(KNOWN_FAILURES, CORPUS);

/** Asserts the summary lines' links are the expected originals, in order. */
function assertLinks(lines, placeholders, name) {
  assert.equal(lines.length, placeholders.length, `${name}: one line per box`);
  placeholders.forEach((expected, i) => {
    const { href, rel, target } = lines[i];
    if (expected.url === null) {
      assert.equal(href, null, `${name} line ${i + 1}: no usable link, so no link`);
      return;
    }
    assert.ok(href, `${name} line ${i + 1}: a link to ${expected.url}`);
    const allowed = [expected.url, ...(expected.url_also ?? [])].map(comparableUrl);
    assert.ok(allowed.includes(comparableUrl(href)), `${name} line ${i + 1}: ${href} is not one of ${allowed.join(' ')}`);
    assert.equal(rel, 'noopener noreferrer');
    assert.equal(target, '_blank');
  });
}

export function defineSuite(browserName) {
  describe(`Épure in ${browserName}`, () => {
    const session = extensionSession(browserName);
    const base = () => session.server.url;

    /** Opens a fixture page, runs `story(page)`, then checks nothing left 127.0.0.1. */
    async function withArticle(path, story) {
      const already = session.browser.outside.length;
      await session.withPage(path, story);
      const leaked = session.browser.outside.slice(already).filter((url) => !PAGE_OWN_REQUESTS.has(url));
      assert.deepEqual(leaked, [], 'no request may leave 127.0.0.1');
    }

    test('should collapse the three seed boxes into three lines with a badge of 3', async () => {
      const { expected } = seedFixture();
      await withArticle(seedFixture().path, async (page) => {
        await waitForLines(page, 3);
        const lines = await readLines(page);
        assertLinks(lines, expected.placeholders, 'seed');
        for (const [i, line] of lines.entries()) {
          const want = expected.placeholders[i];
          if (want.author) assert.ok(line.summaryText.toLowerCase().includes(want.author.toLowerCase()), line.summaryText);
          if (want.text_contains) assert.ok(line.summaryText.includes(want.text_contains.slice(0, 30)), line.summaryText);
          assert.equal(line.boxMark, 'collapsed');
          assert.equal(line.boxDisplay, 'none');
          // The line's style is one shared sheet in its shadow root: none of it is in the page's DOM.
          assert.equal(line.hostMarkup, '<div data-epure="summary"></div>');
          assert.deepEqual(line.tags.filter((t) => !['div', 'span', 'a', 'button'].includes(t)), []);
        }
        const visible = await page.evaluate(() => document.body.innerText);
        assert.ok(!visible.includes('Ce contenu externe ne peut pas être affiché'), 'no box wording left visible');
        const tab = await session.ext.articleTab();
        assert.equal(tab.count, 3);
        await session.ext.waitForBadge(tab.id, '3');
      });
    });

    /** Each kind of corpus page: its test's title and what it checks on the page. */
    const STORIES = {
      article: {
        title: (name) => `should collapse every ${name} box with a link to its original`,
        async check(page, { name, expected }) {
          await waitForLines(page, expected.placeholders.length);
          assertLinks(await readLines(page), expected.placeholders, name);
        },
      },
      negative: {
        title: (name) => `should leave ${name} exactly as it is, with no badge`,
        async check(page) {
          await assertLeftAlone(session.ext, page);
          const tab = await session.ext.articleTab();
          assert.equal(await session.ext.badge(tab.id), '');
          assert.equal(await page.evaluate(() => document.querySelectorAll('[data-epure]').length), 0);
        },
      },
      hostile: {
        title: (name) => `should show ${name} text as text and run none of its code`,
        async check(page, { name, expected }) {
          const hostile = expected.hostile;
          await waitForLines(page, expected.placeholders.length);
          const lines = await readLines(page);
          assertLinks(lines, expected.placeholders, name);
          for (const line of lines) {
            assert.deepEqual(line.tags.filter((t) => !['div', 'span', 'a', 'button'].includes(t)), [], 'only our own elements');
            assert.ok(line.summaryText.length <= hostile.summary_max_chars, `one line: ${line.summaryText.length} chars`);
            if (line.href) assert.match(line.href, /^https?:/);
          }
          const all = lines.map((l) => l.summaryText).join('\n');
          // Markup in a post is shown as the characters it is (no element was made of it, above).
          assert.ok(hostile.literal_text.some((literal) => all.includes(literal)), 'escaped markup shown as text');
          await clickControl(page, 0);
          await clickControl(page, 0);
          assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-pwned')), false);
          // The page's own links stay where they were, inside the hidden boxes; we add none.
          const links = await page.evaluate(() => {
            const parsed = new DOMParser().parseFromString(window.epureProbe.before, 'text/html');
            return [parsed.querySelectorAll('a').length, document.body.querySelectorAll('a').length];
          });
          assert.equal(links[1], links[0]);
        },
      },
    };

    for (const fixture of CORPUS) {
      const { name, path, expected } = fixture;
      const { title, check } = STORIES[expected.page.kind];
      test(title(name), () =>
        withArticle(path, (page) => checkUnlessKnown(KNOWN_FAILURES, name, () => check(page, fixture))),
      );
    }

    test('should load only the first part of the content script on pages with nothing to do', async () => {
      // Long real articles: hundreds of links and buttons, no consent box (bench/quiet-pages.mjs).
      for (const name of ['lemonde-1', 'wikipedia', 'nytimes-1']) {
        await session.withPage(`/extract/${name}/source.html`, async () => {
          assert.deepEqual(await session.ext.contentParts(), { scanned: true, rest: false }, name);
        });
      }
      // A page with boxes loads the rest (its lines are in).
      await session.withPage(seedFixture().path, async (page) => {
        await waitForLines(page, 3);
        assert.deepEqual(await session.ext.contentParts(), { scanned: true, rest: true });
      });
    });

    test('should collapse boxes on a page with a strict CSP without any CSP violation', async () => {
      await withArticle(`${seedFixture().path}?csp=strict`, async (page) => {
        await waitForLines(page, 3);
        const { violations } = await probe(page);
        assert.deepEqual(violations, []);
      });
    });

    test('should collapse a late box within a second of its insertion', async () => {
      const late = CORPUS.find((f) => f.name === 'fr-late-budget-participatif');
      await withArticle(late.path, async (page) => {
        await waitForLines(page, late.expected.placeholders.length);
        assertLinks(await readLines(page), late.expected.placeholders, late.name);
        const { lastForeignInsert, lineTimes } = await probe(page);
        const lastLine = lineTimes.at(-1);
        assert.ok(lastLine - lastForeignInsert < 1000, `late box collapsed after ${Math.round(lastLine - lastForeignInsert)} ms`);
      });
    });

    test('should show the original, collapse it again, and restore the page exactly when turned off', async () => {
      await withArticle(seedFixture().path, async (page) => {
        await waitForLines(page, 3);
        const collapsed = await bodyNow(page);

        const [, second] = await readLines(page);
        await clickControl(page, 1);
        await waitFor(page, () => document.querySelectorAll('[data-epure="expanded"]').length === 1);
        let lines = await readLines(page);
        assert.equal(lines[1].lineHeight, second.lineHeight, 'the line keeps its height: no jump');
        assert.equal(lines[1].boxDisplay === 'none', false, 'the original box shows again');
        assert.equal(lines[1].boxMark, 'expanded');
        await clickControl(page, 1);
        await waitFor(page, () => document.querySelectorAll('[data-epure="collapsed"]').length === 3);
        lines = await readLines(page);
        assert.equal(lines[1].boxDisplay, 'none');
        assert.equal(await bodyNow(page), collapsed, 'collapsing again gives the same page');

        const tab = await session.ext.articleTab();
        const on = await flipSiteSwitch(session.browser, tab.id);
        assert.equal(on, false);
        await waitFor(page, () => document.querySelectorAll('[data-epure]').length === 0);
        const { before: parsed } = await probe(page);
        assert.equal(await bodyNow(page), parsed, 'DOM restored exactly');
        await session.ext.waitForBadge(tab.id, '');

        // The choice is per site and remembered; turning it back on collapses again.
        assert.equal(await flipSiteSwitch(session.browser, tab.id), true);
        await waitForLines(page, 3);
        await session.ext.waitForBadge(tab.id, '3');
      });
    });

    test('should keep the seed boxes out of sight from the first frame, and not move the text', async () => {
      await withArticle(seedFixture().path, async (page) => {
        await waitForLines(page, 3);
        // A few frames more, for any shift the lines cause.
        await waitFor(page, (n) => window.epureProbe.frames > n, (await probe(page)).frames + 10);
        const { boxFrames, frames, shift } = await probe(page);
        assert.ok(frames > 10, `watched ${frames} frames`);
        assert.equal(boxFrames, 0, `a consent box was on screen in ${boxFrames} of ${frames} frames`);
        assert.ok(shift <= MAX_SHIFT, `layout shift ${shift.toFixed(4)} > ${MAX_SHIFT}`);
      });
    });

    test('should give each line a distinct spoken name, in the summary\'s language', async () => {
      const fr = words('fr');
      await withArticle(seedFixture().path, async (page) => {
        await waitForLines(page, 3);
        const names = await lineNames(page);
        assert.equal(new Set(names.map((n) => n.group)).size, 3, 'three distinct group names');
        assert.equal(new Set(names.map((n) => n.link)).size, 3, 'three distinct link names');
        assert.equal(names[0].group, fr.lineLabel.replace('$HEAD$', 'Post X de @afghan_maps_demo'));
        assert.equal(names[0].link, fr.openLabel.replace('$HEAD$', 'Post X de @afghan_maps_demo'));
        for (const name of names) {
          assert.ok(name.arrowHidden, 'the arrow is hidden from assistive technology');
          assert.ok(!name.link.includes('↗'));
          // A French page in an English browser: the controls speak French, like the summary.
          assert.equal(name.lang, 'fr');
          assert.equal(name.linkText.replace('↗', '').trim(), fr.openOriginal);
          assert.ok(name.buttons.includes(fr.showOriginal), name.buttons.join(' | '));
        }
        // The browser's own accessibility tree says the same.
        const tree = await session.browser.ariaSnapshot(page).catch(() => null);
        if (tree !== null) {
          for (const name of names) assert.ok(tree.includes(name.link), `${name.link} in the accessibility tree`);
          assert.ok(!tree.includes(`${fr.openOriginal} ↗`), 'no arrow in a spoken name');
        }
      });
      const english = CORPUS.find((f) => f.name === 'en-clicktoview-dance');
      await withArticle(english.path, async (page) => {
        await waitForLines(page, english.expected.placeholders.length);
        for (const name of await lineNames(page)) {
          assert.equal(name.lang, 'en');
          assert.ok(name.buttons.includes(words('en').showOriginal));
        }
      });
    });

    test('should cut a long post on a word within three lines and expand it in place', async () => {
      const page = await session.browser.newPage();
      try {
        await session.browser.resize(page, { width: 390, height: 800 });
        await page.goto(`${base()}${seedFixture().path}`);
        await waitForLines(page, 3);
        const read = () =>
          page.evaluate(() => {
            const root = document.querySelectorAll('[data-epure="summary"]')[2].shadowRoot;
            const summary = root.querySelector('.summary');
            const more = root.querySelector('button.more');
            const rows = summary.getBoundingClientRect().height / parseFloat(getComputedStyle(summary).lineHeight);
            return { text: summary.textContent, rows, expanded: more?.getAttribute('aria-expanded') ?? null };
          });
        const cut = await read();
        assert.equal(cut.expanded, 'false', 'a long post offers the rest');
        assert.ok(cut.rows <= 3.05, `${cut.rows} rows`);
        assert.ok(cut.text.endsWith('…'));
        const clickMore = async () => {
          const more = await page.evaluateHandle(() =>
            document.querySelectorAll('[data-epure="summary"]')[2].shadowRoot.querySelector('button.more'),
          );
          await more.click();
          await more.dispose();
        };
        await clickMore();
        await waitFor(page, () => document.querySelectorAll('[data-epure="summary"]')[2].shadowRoot.querySelector('button.more').getAttribute('aria-expanded') === 'true');
        const whole = await read();
        assert.ok(whole.text.startsWith(cut.text.slice(0, -1)), 'cut on a word of the same text');
        assert.ok(/\s/.test(whole.text.charAt(cut.text.length - 1)), 'the cut falls before a space');
        assert.ok(whole.rows > 3, 'the whole post, in place');
        await clickMore();
        await waitFor(page, () => document.querySelectorAll('[data-epure="summary"]')[2].shadowRoot.querySelector('button.more').getAttribute('aria-expanded') === 'false');
        assert.deepEqual(await read(), cut);
      } finally {
        await page.close();
      }
    });

    for (const scheme of ['light', 'dark', 'forced']) {
      test(`should keep the line legible on a ${scheme} page`, async () => {
        // Firefox forces colours per profile only: a browser of its own.
        const own = scheme === 'forced' && browserName === 'firefox' ? await launch(browserName, { forcedColors: true }) : null;
        const b = own ?? session.browser;
        const page = await b.newPage();
        try {
          if (scheme === 'forced') await b.forceColors(page);
          await page.goto(`${base()}${seedFixture().path}`);
          if (scheme === 'dark') {
            await page.evaluate(() => {
              document.body.style.setProperty('background', '#121212', 'important');
              document.body.style.setProperty('color', '#e6e6e6', 'important');
            });
          }
          await waitForLines(page, 3);
          const look = await page.evaluate(() => {
            const root = document.querySelector('[data-epure="summary"]').shadowRoot;
            const summary = root.querySelector('.summary');
            let el = document.querySelector('[data-epure="summary"]');
            let background = 'rgba(0, 0, 0, 0)';
            while (el && /rgba\(.*, 0\)|transparent/.test(background)) {
              background = getComputedStyle(el).backgroundColor;
              el = el.parentElement;
            }
            if (/rgba\(.*, 0\)|transparent/.test(background)) background = 'rgb(255, 255, 255)';
            return {
              forced: matchMedia('(forced-colors: active)').matches,
              colour: getComputedStyle(summary).color,
              button: getComputedStyle(root.querySelector('button')).color,
              background,
              height: summary.getBoundingClientRect().height,
            };
          });
          if (scheme === 'forced') assert.ok(look.forced, 'forced colours are on');
          assert.ok(look.height > 0);
          assert.ok(contrast(look.colour, look.background) >= 4.5, `${look.colour} on ${look.background}`);
          assert.ok(contrast(look.button, look.background) >= 4.5, `button ${look.button} on ${look.background}`);
        } finally {
          await page.close();
          await own?.close();
        }
      });
    }
  });
}
