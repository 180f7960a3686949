// A cold engine, the way a browser's first use meets it: each run is a new
// Node process (V8, no code cache) that compiles the module from its bytes,
// instantiates it and answers what a cold start asks, then does it again
// on a second, fresh instance of the same module. The split:
//
// - compile: `WebAssembly.compile` of the bytes (decoding and validation:
//   V8 compiles each function on its first call);
// - first: the first instance's first answer: its functions compiled as
//   they are first called, the engine's tables built (set-up), the work;
// - fresh: a second instance's first answer (the code is compiled, per
//   module, not per instance): set-up and work;
// - again: the same answer once more on that instance: the work alone.
//
// So first − fresh is the code's compilation, fresh − again the set-up.
// The background's module answers a cold seed page (settings loaded, the
// page's site, the page analyzed: the whole seed page as one region); the
// reader's extracts a news page. Builds given side by side run alternately.
// Prints wall and CPU medians (CPU: this process, all threads); not a test.
//
//   node bench/cold-start.mjs [--runs 12] [--baseline] [DIR ...]   (after `make wasm wasm-reader`)
//
// Each DIR holds `epure.js` + `epure_bg.wasm` and/or `epure_reader.js` +
// `epure_reader_bg.wasm` (wasm-bindgen `--target web` output); by default
// target/wasm-pkg and target/wasm-reader-pkg.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, 'tests/fixtures/seed/article.html');
const SEED_URL = 'https://news.example/seed/article.html';
const ARTICLE = join(ROOT, 'tests/fixtures/extract/lemonde-1/source.html');
const ARTICLE_URL = 'https://www.lemonde.fr/article';

/**
 * `--baseline`: V8 as a browser's first use on a busy machine meets it:
 * functions compiled on their first call (as Chromium does), by the
 * baseline compiler only (the optimizing compiler's threads wait for a
 * core there), on one thread, so that CPU time is the work itself.
 */
const BASELINE_ONLY = ['--wasm-lazy-compilation', '--no-wasm-tier-up', '--single-threaded'];

const ENGINES = {
  background: {
    glue: 'epure.js',
    wasm: 'epure_bg.wasm',
    answer(engine) {
      engine.loadSettings('null');
      engine.featuresFor(SEED_URL);
      engine.analyzeFragment(readFileSync(SEED, 'utf8'), SEED_URL);
    },
  },
  reader: {
    glue: 'epure_reader.js',
    wasm: 'epure_reader_bg.wasm',
    answer(engine) {
      engine.extract(readFileSync(ARTICLE, 'utf8'), ARTICLE_URL);
    },
  },
};

/** One cold run in this process (`--child DIR KIND`): its steps, wall and CPU ms. */
async function child(dir, kind) {
  const engine = ENGINES[kind];
  const wall = {};
  const cpu = {};
  const timed = async (name, work) => {
    const [start, used] = [performance.now(), process.cpuUsage()];
    const result = await work();
    wall[name] = performance.now() - start;
    const { user, system } = process.cpuUsage(used);
    cpu[name] = (user + system) / 1000;
    return result;
  };
  const module = await timed('compile', () => WebAssembly.compile(readFileSync(join(dir, engine.wasm))));
  let made = 0;
  const instance = async () => {
    made += 1;
    const glue = await import(`${pathToFileURL(join(dir, engine.glue))}?instance=${made}`);
    glue.initSync({ module });
    return glue;
  };
  const first = await timed('instantiate', instance);
  await timed('first', () => engine.answer(first));
  const second = await instance();
  await timed('fresh', () => engine.answer(second));
  await timed('again', () => engine.answer(second));
  return { wall, cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await child(process.argv[3], process.argv[4])));
} else {
  const { values, positionals } = parseArgs({
    options: { runs: { type: 'string', default: '12' }, baseline: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const dirs = positionals.length ? positionals : [join(ROOT, 'target/wasm-pkg'), join(ROOT, 'target/wasm-reader-pkg')];
  const flags = values.baseline ? BASELINE_ONLY : [];
  const runs = Number(values.runs);
  const loadBefore = loadavg()[0];
  for (const [kind, engine] of Object.entries(ENGINES)) {
    const builds = dirs.filter((dir) => existsSync(join(dir, engine.wasm)));
    if (builds.length === 0) continue;
    const results = new Map(builds.map((dir) => [dir, []]));
    for (let run = 0; run < runs; run += 1) {
      for (const dir of run % 2 ? [...builds].reverse() : builds) {
        const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', dir, kind], { encoding: 'utf8' });
        results.get(dir).push(JSON.parse(out));
      }
    }
    for (const [dir, steps] of results) {
      const size = readFileSync(join(dir, engine.wasm)).length;
      const line = (clock) => {
        const of = steps.map((s) => s[clock]);
        const cells = Object.keys(of[0]).map((name) => `${name} ${median(of.map((s) => s[name])).toFixed(1)}`);
        const total = median(of.map((s) => s.compile + s.instantiate + s.first));
        return `${clock} ${total.toFixed(1)} (${cells.join(', ')})`;
      };
      console.log(`${kind} ${dir} (${size} B), compile to the first answer, ms: ${line('wall')}; ${line('cpu')}`);
    }
  }
  console.log(`${runs} runs each, alternated${values.baseline ? ', baseline compiler only' : ''}; load ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
}
