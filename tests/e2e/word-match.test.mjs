// The content script's word test (extension/word-match.js) must answer as
// a plain substring search over the same words, in both of its ways: a box whose wording it
// missed would never reach the engine. Fed the engine's own control words
// and phrases (`epure precheck`) and texts made from them. Needs `make precheck`.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const precheck = JSON.parse(readFileSync(`${ROOT}target/precheck.json`, 'utf8'));

/** The word test, loaded as the browser loads it: a plain script publishing a global, after the fold it builds on. */
function wordMatch() {
  const context = vm.createContext({});
  context.globalThis = context;
  for (const file of ['text-fold.js', 'word-match.js']) vm.runInContext(readFileSync(`${ROOT}extension/${file}`, 'utf8'), context);
  return context.epureWordMatch;
}

/** Texts around each word: alone, inside a sentence, cut short by one char, and with an astral char before it. */
function textsFor(words) {
  return words.flatMap((word) => [word, `voir ${word} ici`, word.slice(0, -1), `\u{1F600}${word}`, `x${word.slice(1)}`]);
}

/** The reference: a substring search per text and word. */
const expected = (texts, words) => texts.map((text) => words.some((word) => word !== '' && text.includes(word)));

for (const list of ['controls', 'phrases']) {
  const words = precheck[list];
  const texts = [...textsFor(words), ...precheck.fold_samples.map(([, folded]) => folded), '', 'a', 'ab'];

  test(`should find the ${list} in a few texts as a substring search does (one native search per word)`, () => {
    assert.ok(words.length > 50, `the engine's ${list}`);
    const hold = wordMatch()(words);
    for (let start = 0; start < texts.length; start += 7) {
      const batch = texts.slice(start, start + 7);
      assert.deepEqual(hold(batch), expected(batch, words), JSON.stringify(batch));
    }
  });

  test(`should find the ${list} in a large batch as a substring search does (one pattern)`, () => {
    const batch = [...texts, 'x'.repeat(20_000)];
    assert.deepEqual(wordMatch()(words)(batch), expected(batch, words));
  });
}

test('should answer per text, for short words, repeated hits and no words', () => {
  const hold = wordMatch()(['ja', 'accept', '']);
  assert.deepEqual(hold(['na ja', 'acceptez', 'accep', 'ja ja ja', '']), [true, true, false, true, false]);
  assert.deepEqual(hold([]), []);
  assert.deepEqual(wordMatch()([])(['anything']), [false]);
});
