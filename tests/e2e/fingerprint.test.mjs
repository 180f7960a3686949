// The content script fingerprints elements as the engine does: the same
// hash over the same strings (tests/fixtures/fingerprint.json, which the
// engine's own test reads too: src/target.rs), with the hash's parameters
// the build generated from the engine (`epure precheck`, after `make dist`).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import vm from 'node:vm';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** extension/collapse.js (and the marks it reads) as the content script has it, with the generated hash parameters. */
function contentScriptCollapse() {
  const { hashing } = JSON.parse(read('../../target/precheck.json'));
  const context = vm.createContext({ epurePrecheck: { hashing } });
  for (const file of ['page-marks.js', 'collapse.js']) vm.runInContext(read(`../../extension/${file}`), context);
  return context.epureCollapse;
}

/** The attribute reads of an element, as `mixElement` makes them. */
const fakeElement = ([localName, id, cls]) => ({
  localName,
  getAttribute: (name) => (name === 'id' ? id : name === 'class' ? cls : null),
});

const vectors = JSON.parse(read('../fixtures/fingerprint.json'));
const collapse = contentScriptCollapse();

test('should hash text as the engine does, non-ASCII and white space included', () => {
  assert.ok(vectors.texts.length >= 8);
  for (const { text, len, hash } of vectors.texts) {
    const got = collapse.textFingerprint(text);
    assert.deepEqual({ len: got.length, hash: got.hash }, { len, hash }, JSON.stringify(text));
  }
});

test('should hash the elements before a target as the engine does', () => {
  for (const { elements, hash } of vectors.orders) {
    let got = collapse.textFingerprint('').hash;
    for (const el of elements) got = collapse.mixElement(got, fakeElement(el));
    assert.equal(got, hash, JSON.stringify(elements));
  }
});

test('should find a target only where its index, the elements before it and its text agree', () => {
  const vectorOrder = vectors.orders.find((o) => o.elements.length === 2);
  const [first, second] = vectorOrder.elements.map(fakeElement);
  second.textContent = '';
  const target = { index: 1, before: 0, tag: second.localName, id: null, class: second.getAttribute('class'), text_len: 0, text_hash: collapse.textFingerprint('').hash };
  target.before = collapse.mixElement(collapse.textFingerprint('').hash, first);
  assert.deepEqual([...collapse.resolve([first, second], [target])], [second]);
  assert.deepEqual([...collapse.resolve([second, first], [target])], [null], 'another order before it');
  assert.deepEqual([...collapse.resolve([first, second], [{ ...target, text_len: 1 }])], [null], 'other text');
  assert.deepEqual([...collapse.resolve([first], [target])], [null], 'not there');
});
