// Runs every engine on the same pages and prints one Markdown table.
//   node run.mjs [--engines epure-base,epure-native,epure-batch,epure-wasm,epure-wasm-warm,readability-linkedom,readability-jsdom,readability-jsdomparser,trafilatura,rs-trafilatura,dom-smoothie]
// Expects `make bench` to have built target/release/epure and .work/wasm/;
// builds the peers itself (peers/, see README.md) on first use.

import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeFileSync } from "node:fs";

import { WORK, peers } from "./peers.mjs";
import { aggregate, pageScore } from "./metric.mjs";
import { loadPages } from "./pages.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "..");
// EPURE=path runs another build of the CLI; EPURE_BASE=path adds it as
// engine `epure-base`, for a before/after comparison in one run.
const EPURE = process.env.EPURE ?? join(ROOT, "target", "release", "epure");
const EPURE_BASE = process.env.EPURE_BASE;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ENGINES = arg(
  "--engines",
  (EPURE_BASE ? "epure-base," : "") +
    "epure-native,epure-batch,epure-wasm,epure-wasm-warm,readability-linkedom,readability-jsdom,readability-jsdomparser,trafilatura,rs-trafilatura,dom-smoothie",
).split(",");
// The cold row must come first: after the warm one, V8's shared code is warm.
if (ENGINES.includes("epure-wasm-warm") && ENGINES.indexOf("epure-wasm") > ENGINES.indexOf("epure-wasm-warm")) {
  throw new Error("--engines: epure-wasm must come before epure-wasm-warm (V8 shares compiled code between instances)");
}
/** The CLI at `bin`, one process per page, timed by its `--timings`. */
const nativeCli = (bin) => () => (page) => {
  try {
    const out = execFileSync(bin, ["extract", page.file, "--url", page.url, "--timings"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 << 20,
    });
    const e = JSON.parse(out);
    const { parse_ms: parse, extract_ms: extract } = e.timings;
    return { text: e.text_content, title: e.title, byline: e.byline, ms: parse + extract, parse, extract };
  } catch (err) {
    if (err.status === 3) return { text: "", title: null, byline: null, ms: null };
    throw err;
  }
};

/**
 * The wasm build under Node, timed around the call (parsing included). Cold:
 * a fresh instance, as a reader page that has just loaded the engine (V8
 * runs each function on its baseline compiler until it has tiered up).
 * Warm: after one untimed pass over every page in that instance, as the
 * extension's background (one instance for the browser's lifetime).
 */
function wasmEngine({ warm }) {
  // An instance (and memory) of its own per engine: `require` would hand back
  // the one another engine used. Its compiled code is not its own: V8 shares
  // it between modules of the same bytes (measured: a fresh instance after a
  // warm one runs its first pass warm), hence the order check below.
  const glue = join(WORK, "wasm", "epure.js");
  const wasm = createRequire(import.meta.url)(glue);
  delete createRequire(import.meta.url).cache[glue];
  const call = (page) => {
    try {
      return wasm.extract(page.html, page.url);
    } catch {
      return null;
    }
  };
  let warmed = !warm;
  return (page, all) => {
    if (!warmed) {
      all.forEach(call);
      warmed = true;
    }
    const start = performance.now();
    const e = call(page);
    const ms = performance.now() - start;
    return e ? { text: e.text_content, title: e.title, byline: e.byline, ms } : { text: "", title: null, byline: null, ms };
  };
}

const engines = {
  "epure-native": nativeCli(EPURE),
  ...(EPURE_BASE ? { "epure-base": nativeCli(EPURE_BASE) } : {}),
  "epure-wasm": () => wasmEngine({ warm: false }),
  "epure-wasm-warm": () => wasmEngine({ warm: true }),
  ...peers,
};

const norm = (s) => (s ?? "").replace(/\s+/g, " ").trim();
// Bylines compare without the "By"/"Par"/"Von" the spec says to drop.
const normByline = (s) => norm(s).replace(/^(by|par|von)\s+/i, "");
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN;
};

const pages = loadPages();
const rows = [];
const perPage = {};
for (const name of ENGINES) {
  const run = engines[name]();
  const results = pages.map((page) => ({ page, out: run(page, pages) }));
  const row = { engine: name };
  for (const set of ["extract-annotated", "extract"]) {
    const mine = results.filter((r) => r.page.set === set);
    const scores = mine.map((r) => pageScore(r.page.truth, r.out.text));
    row[set] = aggregate(scores);
    mine.forEach((r, i) => {
      perPage[`${set}/${r.page.name}`] ??= {};
      perPage[`${set}/${r.page.name}`][name] = Number(aggregate([scores[i]]).f1.toFixed(3));
    });
  }
  const meta = results.filter((r) => r.page.set === "extract");
  const rate = (field) => {
    const given = meta.filter((r) => r.page[field]);
    const same = field === "byline" ? normByline : norm;
    return { hits: given.filter((r) => same(r.out[field]) === same(r.page[field])).length, of: given.length };
  };
  row.title = rate("title");
  row.byline = rate("byline");
  const times = results.map((r) => r.out.ms).filter((t) => t !== null);
  row.median = quantile(times, 0.5);
  row.p95 = quantile(times, 0.95);
  row.total = times.reduce((a, b) => a + b, 0);
  const phases = results.filter((r) => r.out.parse !== undefined);
  if (phases.length) {
    row.phases = {
      parse: quantile(phases.map((r) => r.out.parse), 0.5),
      extract: quantile(phases.map((r) => r.out.extract), 0.5),
    };
  }
  rows.push(row);
  process.stderr.write(`${name}: done\n`);
}

writeFileSync(join(WORK, "per-page.json"), JSON.stringify(perPage, null, 1));
const f = (x) => x.toFixed(3);
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
console.log(`${pages.length} pages (${pages.filter((p) => p.set === "extract-annotated").length} extract-annotated, ${pages.filter((p) => p.set === "extract").length} extract)\n`);
console.log("| engine | F1 annotated (P / R) | F1 extract (P / R) | title | byline | median ms | p95 ms | total ms |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const a = r["extract-annotated"];
  const e = r.extract;
  console.log(
    `| ${r.engine} | ${f(a.f1)} (${f(a.precision)} / ${f(a.recall)}) | ${f(e.f1)} (${f(e.precision)} / ${f(e.recall)}) | ` +
      `${r.title.hits}/${r.title.of} | ${r.byline.hits}/${r.byline.of} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.total)} |`,
  );
}
for (const r of rows.filter((r) => r.phases)) {
  console.log(`\n${r.engine}: median parse ${ms(r.phases.parse)} ms, median extraction ${ms(r.phases.extract)} ms.`);
}
