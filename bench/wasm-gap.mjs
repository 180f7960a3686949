// The wasm build against the native one on the benchmark's 86 pages, in one
// run: the native engine behind the peers' protocol (peers/epure/, a fresh
// process each round) and each wasm build under Node (`--wasm DIR`, a
// `wasm-bindgen --target nodejs` output; default: the one `make bench`
// builds), round after round. Round 1 is what `make bench` measures (the
// first page builds the compiled-in data, Node starts the wasm on its
// baseline compiler); later rounds show the steady state. Prints, per
// engine, the median, p95 and total of round 1 and of the later rounds'
// medians, the wasm/native ratios, the pages where wasm loses most, and
// each round's CPU time.
//   node bench/wasm-gap.mjs [--rounds 5] [--wasm DIR]...

import { WORK, buildCrate } from "./peers.mjs";
import { basename, join } from "node:path";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { loadPages } from "./pages.mjs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "5" }, wasm: { type: "string", multiple: true } },
});
const ROUNDS = Number(args.rounds);
const pages = loadPages();

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const stats = (ms) => ({ median: quantile(ms, 0.5), p95: quantile(ms, 0.95), total: ms.reduce((a, b) => a + b, 0) });

const NATIVE = buildCrate("epure", { locked: false });
/** Each page's ms in one native process over all pages (as `make bench`'s epure-batch). */
function nativeRound() {
  const input = pages.map((p) => `${p.file}\t${p.url}\n`).join("");
  const out = execFileSync(NATIVE, [], { input, encoding: "utf8", maxBuffer: 256 << 20 });
  return out.trim().split("\n").map((line) => JSON.parse(line).ms);
}

/** Each page's ms through a wasm build, timed around the call. */
const wasmRound = (engine) =>
  pages.map((page) => {
    const start = performance.now();
    try {
      engine.extract(page.html, page.url);
    } catch {
      // "No article" is an answer too; its time counts.
    }
    return performance.now() - start;
  });

// Round by round, native then each wasm build, so that the machine's load
// weighs on all alike; the wasm instances live on (the first round is their cold one).
const wasms = (args.wasm ?? [join(WORK, "wasm")]).map((dir) => [
  `wasm ${basename(dir)}`,
  createRequire(import.meta.url)(join(dir, "epure.js")),
]);
// CPU time per round too: on a loaded machine a round's wall time is mostly
// waiting for a core. The native process's from the children's times in
// /proc (clock ticks, after it was waited for); the wasm's from this
// process's, which also holds V8's background compiler threads.
const TICK_MS = 10;
const childrenCpu = () => {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  // cutime and cstime: fields 16 and 17 of proc(5), 14 and 15 after the name.
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
};
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const timedCpu = (clock, round) => {
  const start = clock();
  const ms = round();
  return { ms, cpu: clock() - start };
};
const runs = [["native", []], ...wasms.map(([name]) => [name, []])];
const cpu = runs.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  const native = timedCpu(childrenCpu, nativeRound);
  runs[0][1].push(native.ms);
  cpu[0].push(native.cpu);
  wasms.forEach(([, engine], i) => {
    const wasm = timedCpu(ownCpu, () => wasmRound(engine));
    runs[i + 1][1].push(wasm.ms);
    cpu[i + 1].push(wasm.cpu);
  });
}


const f = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const later = (rounds) => {
  const each = rounds.slice(1).map(stats);
  return { median: quantile(each.map((s) => s.median), 0.5), p95: quantile(each.map((s) => s.p95), 0.5), total: quantile(each.map((s) => s.total), 0.5) };
};
const base = { first: stats(runs[0][1][0]), later: later(runs[0][1]) };
console.log(`${pages.length} pages, ${ROUNDS} rounds, load average ${loadavg()[0].toFixed(1)}\n`);
console.log("| engine | round 1 median / p95 / total ms | × native | later rounds median / p95 / total ms | × native |");
console.log("|---|---|---|---|---|");
for (const [name, rounds] of runs) {
  const first = stats(rounds[0]);
  const rest = later(rounds);
  const ratio = (a, b) => `${(a.median / b.median).toFixed(2)} / ${(a.p95 / b.p95).toFixed(2)} / ${(a.total / b.total).toFixed(2)}`;
  console.log(
    `| ${name} | ${f(first.median)} / ${f(first.p95)} / ${f(first.total)} | ${ratio(first, base.first)} | ` +
      `${f(rest.median)} / ${f(rest.p95)} / ${f(rest.total)} | ${ratio(rest, base.later)} |`,
  );
}
for (const [name, rounds] of runs.slice(1)) {
  const last = rounds[ROUNDS - 1];
  const worst = pages
    .map((p, i) => ({ name: p.name, ratio: last[i] / runs[0][1][ROUNDS - 1][i], ms: last[i] }))
    .sort((a, b) => b.ratio - a.ratio)
    .slice(0, 5);
  console.log(`\n${name}, last round, most behind: ${worst.map((w) => `${w.name} ${w.ratio.toFixed(1)}× (${f(w.ms)} ms)`).join(", ")}`);
}
console.log("\nCPU ms per round (all threads):");
runs.forEach(([name], i) => console.log(`${name}: ${cpu[i].map((c) => c.toFixed(0)).join(", ")}`));
