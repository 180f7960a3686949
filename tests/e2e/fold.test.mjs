// The browser's text fold must agree with the engine's (src/text.rs
// `fold`): a box whose wording the content script folds differently never
// reaches the engine. The engine folds its probes and every phrase of its
// language data (`epure precheck`, `fold_samples`); the content script's
// fold (extension/text-fold.js, fed the generated pre-check data) must give
// the same strings. Needs `make precheck`.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
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
