// The content script's word test (extension/word-match.js) must answer as
// a plain substring search over the same words: a box whose wording it
// missed would never reach the engine. Fed the engine's own control words
// and phrases (`epure precheck`) and texts made from them. Needs `make precheck`.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const precheck = JSON.parse(readFileSync(`${ROOT}target/precheck.json`, 'utf8'));

/** The word test, loaded as the browser loads it: a plain script publishing a global. */
function wordMatch() {
  const context = vm.createContext({});
  context.globalThis = context;
  vm.runInContext(readFileSync(`${ROOT}extension/word-match.js`, 'utf8'), context);
  return context.epureWordMatch;
}

/** Texts around each word: alone, inside a sentence, cut short by one char, and with an astral char before it. */
function textsFor(words) {
  return words.flatMap((word) => [word, `voir ${word} ici`, word.slice(0, -1), `\u{1F600}${word}`, `x${word.slice(1)}`]);
}

for (const list of ['controls', 'phrases']) {
  test(`should find the ${list} exactly where a substring search does`, () => {
    const words = precheck[list];
    assert.ok(words.length > 50, `the engine's ${list}`);
    const holds = wordMatch()(words);
    const texts = [...textsFor(words), ...precheck.fold_samples.map(([, folded]) => folded), '', 'a', 'ab'];
    const differing = texts.filter((text) => holds(text) !== words.some((word) => text.includes(word)));
    assert.deepEqual(differing, []);
  });
}

test('should test words shorter than the index key and an empty list', () => {
  const holds = wordMatch()(['ja', 'ok', 'accept']);
  assert.equal(holds('na ja'), true);
  assert.equal(holds('acceptez'), true);
  assert.equal(holds('accep'), false);
  assert.equal(wordMatch()([])('anything'), false);
});
