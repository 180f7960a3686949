// The browser's text fold must agree with the engine's (src/text.rs
// `fold`): a box whose wording the content script folds differently never
// reaches the engine. The engine folds its probes and every phrase of its
// language data (`epure precheck`, `fold_samples`); the content script's
// fold (extension/text-fold.js, fed the generated pre-check data) must give
// the same strings. Needs `make precheck` (and `make dist` for the browser
// case at the end).

import { BROWSERS, launch } from './browsers.mjs';
import { FIXTURES, openArticle, waitForLines } from './reader.mjs';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { serve } from '../../tools/serve.mjs';
import { tmpdir } from 'node:os';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const precheck = JSON.parse(readFileSync(`${ROOT}target/precheck.json`, 'utf8'));

/** The content script's fold, loaded as the browser loads it: a plain script over the pre-check global. */
function browserFold() {
  const context = vm.createContext({ epurePrecheck: { fold: precheck.fold } });
  context.globalThis = context;
  vm.runInContext(readFileSync(`${ROOT}extension/text-fold.js`, 'utf8'), context);
  return context.epureFold;
}

test('should fold every engine sample as the engine does', () => {
  const fold = browserFold();
  assert.ok(precheck.fold_samples.length > 50, 'the probes and the language data');
  const differing = precheck.fold_samples.filter(([input, folded]) => fold(input) !== folded);
  assert.deepEqual(differing.map(([input, folded]) => [input, folded, fold(input)]), []);
});

test('should fold a modifier-letter apostrophe like a typographic one', () => {
  const fold = browserFold();
  assert.equal(fold('l\u02BCutilisateur'), fold('l\u2019utilisateur'));
  assert.equal(fold('l\u02BCutilisateur'), "l'utilisateur");
});

test('should fold many texts in one call as one by one, whatever separator they hold', () => {
  const fold = browserFold();
  const { SEPARATOR } = fold;
  const texts = [
    `Menu${SEPARATOR}x`,
    'Accepter et afficher',
    SEPARATOR,
    '',
    `${SEPARATOR}${SEPARATOR}Inhalt laden `,
    ...precheck.fold_samples.map(([input]) => input),
  ];
  const folded = fold.each(texts);
  assert.equal(folded.length, texts.length, 'one folded text per text');
  // The separator counts as a space: each text folds as it would alone, or looser (spaces at its ends kept).
  texts.forEach((text, i) => assert.equal(folded[i].trim(), fold(text.replaceAll(SEPARATOR, ' ')), JSON.stringify(text)));
  assert.equal(folded[1], 'accepter et afficher', 'a label after a hostile one keeps its own fold');
  assert.equal(fold.each([]).length, 0, 'no texts, no folds');
});

// A page's own text may hold the separator: a label holding it before a real
// consent box must not move the box's flags onto other controls (the box
// would then never reach the engine). In both browsers, with the extension.
for (const browserName of BROWSERS) {
  describe(`a hostile separator in a label, in ${browserName}`, () => {
    const SOURCE = 'consent-extra/it-contenuto-esterno-sagra';
    let server;
    let browser;
    let dir;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'epure-fold-'));
      const html = readFileSync(join(FIXTURES, `${SOURCE}.html`), 'utf8');
      // Before the box, in document order: a control whose label holds the separator.
      writeFileSync(join(dir, 'hostile.html'), html.replace('<body class="articolo">', '<body class="articolo"><button type="button">Menu\u0001x</button>'));
      server = await serve(dir);
      browser = await launch(browserName);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('should still collapse the box after it', async () => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, `${SOURCE}.expected.json`), 'utf8'));
      const page = await openArticle(browser, `${server.url}/hostile.html`);
      try {
        assert.ok(await page.evaluate(() => document.querySelector('button').textContent.includes('\u0001')), 'the page kept the separator');
        await waitForLines(page, expected.placeholders.length);
      } finally {
        await page.close();
      }
    });
  });
}
