// A fresh engine's first call: what a new wasm instance pays to build its
// tables (the data's phrase trie, tool index, site rules, suffix list …)
// before its first answer, against the same call once they are built.
// Every reader page and every start of the background is a fresh instance.
// In Node (V8): the module is compiled once and its code warmed on every
// page first, so that a fresh instance's first call differs from a warm one
// by the set-up alone. Prints numbers; not a test.
//
//   node bench/first-call.mjs [reader|background ...]   (after `make wasm wasm-reader`)
//   EPURE_FIRST_CALL_PKG=/path/to/pkg-dir node bench/first-call.mjs reader
//
// reader: `extract` of target/wasm-reader-pkg (the reader page's module);
// background: `analyzeFragment` of target/wasm-pkg (the background's), on
// each extract fixture's whole page.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { loadavg } from 'node:os';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/extract');
/** Fresh instances per page (their median is taken). */
const ROUNDS = 3;

const ENGINES = {
  reader: { pkg: 'target/wasm-reader-pkg', glue: 'epure_reader.js', wasm: 'epure_reader_bg.wasm', call: (e, html) => e.extract(html, URL_OF_PAGE) },
  background: { pkg: 'target/wasm-pkg', glue: 'epure.js', wasm: 'epure_bg.wasm', call: (e, html) => e.analyzeFragment(html, URL_OF_PAGE) },
};
/** Where the pages say they are from (no site rule applies to it). */
const URL_OF_PAGE = 'https://news.example/2026/article';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const pages = readdirSync(FIXTURES)
  .filter((name) => existsSync(join(FIXTURES, name, 'source.html')))
  .map((name) => ({ name, html: readFileSync(join(FIXTURES, name, 'source.html'), 'utf8') }));

async function measure(kind) {
  const engine = ENGINES[kind];
  const dir = process.env.EPURE_FIRST_CALL_PKG ?? join(ROOT, engine.pkg);
  const bytes = readFileSync(join(dir, engine.wasm));
  const module = new WebAssembly.Module(bytes);
  let made = 0;
  /** A new instance of the compiled module, behind its own copy of the glue. */
  const fresh = async () => {
    made += 1;
    const glue = await import(`${pathToFileURL(join(dir, engine.glue))}?instance=${made}`);
    glue.initSync({ module });
    return glue;
  };
  const timed = (glue, html) => {
    const start = performance.now();
    try {
      engine.call(glue, html);
    } catch {
      // A page without an article throws: its time counts all the same.
    }
    return performance.now() - start;
  };
  // Warm the module's code (V8 tiers functions up per module, not per instance).
  const warm = await fresh();
  for (let round = 0; round < 3; round += 1) for (const page of pages) timed(warm, page.html);
  const first = [];
  const again = [];
  const setup = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const page of pages) {
      const glue = await fresh();
      const a = timed(glue, page.html);
      const b = timed(glue, page.html);
      first.push(a);
      again.push(b);
      setup.push(a - b);
    }
  }
  const tiny = [];
  for (let round = 0; round < pages.length; round += 1) {
    tiny.push(timed(await fresh(), '<html><head><title>t</title></head><body><p>A line.</p></body></html>'));
  }
  const ms = (x) => x.toFixed(1);
  console.log(
    `${kind}: ${pages.length} pages × ${ROUNDS} fresh instances, load ${loadavg()[0].toFixed(1)}: ` +
      `first call ${ms(median(first))} ms, same call again ${ms(median(again))}, ` +
      `set-up (first − again, per page) ${ms(median(setup))}; a fresh instance's first call on a one-line page ${ms(median(tiny))}`,
  );
}

const kinds = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(ENGINES);
for (const kind of kinds) {
  if (!ENGINES[kind]) throw new Error(`unknown engine ${kind}: one of ${Object.keys(ENGINES).join(', ')}`);
  await measure(kind);
}
