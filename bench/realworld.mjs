// The real-world held-out set (tests/fixtures/extract-realworld/, see its
// README): every engine on its 86 pages in one run, scored by the snippets
// each page's text must and must not contain. Report only: nobody tunes on it.
//   node realworld.mjs [--engines epure,readability-jsdom,readability-jsdomparser,dom-smoothie,rs-trafilatura,trafilatura]
// Expects `make bench-realworld` to have built target/release/epure; the
// peers are run.mjs's (peers.mjs), built on first use; only their text counts.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

import { JSDOM, VirtualConsole } from "jsdom";

import { WORK, peers } from "./peers.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "..");
const SET = join(ROOT, "tests", "fixtures", "extract-realworld");
const EPURE = process.env.EPURE ?? join(ROOT, "target", "release", "epure");
// The CLI's exit status for "no article" (src/bin/epure.rs).
const EXIT_NO_ARTICLE = 3;

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ENGINES = arg("--engines", "epure,readability-jsdom,readability-jsdomparser,dom-smoothie,rs-trafilatura,trafilatura").split(",");

/** Every engine returns the article's text, "" for no article. */
const engines = {
  epure: () => (page) => {
    try {
      return execFileSync(EPURE, ["extract", page.file, "--url", page.url, "--format", "text"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        maxBuffer: 64 << 20,
      });
    } catch (err) {
      if (err.status === EXIT_NO_ARTICLE) return "";
      throw err;
    }
  },
  ...Object.fromEntries(
    Object.entries(peers).map(([name, make]) => [
      name,
      () => {
        const run = make();
        return (page, all) => run(page, all).text;
      },
    ]),
  ),
};

/**
 * The pages, each decoded once (its recorded charset, else UTF-8) and written
 * as UTF-8 under .work/realworld/, so that every engine reads the same text.
 */
function loadPages() {
  const dir = join(WORK, "realworld");
  mkdirSync(dir, { recursive: true });
  const { pages } = JSON.parse(readFileSync(join(SET, "assertions.json"), "utf8"));
  return pages.map((p) => {
    const html = new TextDecoder(p.charset ?? "utf-8").decode(gunzipSync(readFileSync(join(SET, "pages", p.file))));
    const name = p.file.replace(/\.html\.gz$/, "");
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = { ...p, name, file, html };
    page.commentSnippets = inComments(page);
    return page;
  });
}

/**
 * The page's must-contain snippets that sit in a comment section (an element
 * or ancestor whose id or class names a comment): reader comments, which
 * trafilatura's test asks for (its `extract` appends comments by default)
 * and Épure and Readability leave out by design. Counted apart so that the
 * body's rate is read on its own.
 */
function inComments(page) {
  const dom = new JSDOM(page.html, { virtualConsole: new VirtualConsole() });
  const { document } = dom.window;
  for (const e of document.querySelectorAll("script, style, noscript, template")) e.remove();
  const found = new Set();
  for (const snippet of page.must_contain) {
    const wanted = normSnippet(snippet).trim();
    const has = (el) => normSnippet(el.textContent ?? "").includes(wanted);
    // Down from <body> while one child holds the whole snippet.
    let el = document.body;
    if (!el || !has(el)) continue;
    for (let child = [...el.children].find(has); child; child = [...el.children].find(has)) el = child;
    for (; el && el !== document.body; el = el.parentElement) {
      if (/comment/i.test(`${el.id} ${el.getAttribute("class") ?? ""}`)) {
        found.add(snippet);
        break;
      }
    }
  }
  dom.window.close();
  return found;
}

// Text and snippets compared as a reader sees them: composed (NFC: one page
// writes "ü" as "u" and a combining diaeresis), without the invisible soft
// hyphens and zero-width spaces (another hyphenates every word with &shy;),
// whitespace runs as one space. The text is padded with a space, so that a
// snippet's own edge space (" Kommentieren") also matches at a block's edge,
// as it does in trafilatura's line-per-block text. tests/realworld.rs does
// the same.
const INVISIBLE = /[\u00ad\u200b\ufeff]/g;
const normSnippet = (s) => s.normalize("NFC").replace(INVISIBLE, "").replace(/\s+/g, " ");
const normText = (s) => ` ${normSnippet(s).trim()} `;

/**
 * One page's result: the snippets missed and kept, and the class of the miss:
 * "no article"; "wrong block" (text, but none of the snippets it must contain
 * outside comments);
 * "body cut" (some of them missing, outside comments); "comments left out"
 * (some of them missing, in comments); "edges kept" (a snippet it must not
 * contain).
 */
function scorePage(page, text) {
  const norm = normText(text);
  const missed = page.must_contain.filter((s) => !norm.includes(normSnippet(s)));
  const kept = page.must_not_contain.filter((s) => norm.includes(normSnippet(s)));
  const missedBody = missed.filter((s) => !page.commentSnippets.has(s));
  const classes = [];
  if (!text.trim()) classes.push("no article");
  else if (missedBody.length && missedBody.length === page.must_contain.length - page.commentSnippets.size) classes.push("wrong block");
  else if (missedBody.length) classes.push("body cut");
  if (text.trim() && missed.length > missedBody.length) classes.push("comments left out");
  if (kept.length) classes.push("edges kept");
  return { missed, missedBody, kept, classes, empty: !text.trim() };
}

function totals(results) {
  const sum = (f) => results.reduce((n, r) => n + f(r), 0);
  return {
    pages: results.length,
    contain: sum((r) => r.page.must_contain.length - r.score.missed.length),
    containOf: sum((r) => r.page.must_contain.length),
    body: sum((r) => r.page.must_contain.length - r.page.commentSnippets.size - r.score.missedBody.length),
    bodyOf: sum((r) => r.page.must_contain.length - r.page.commentSnippets.size),
    absent: sum((r) => r.page.must_not_contain.length - r.score.kept.length),
    absentOf: sum((r) => r.page.must_not_contain.length),
    noArticle: sum((r) => (r.score.empty ? 1 : 0)),
    clean: sum((r) => (r.score.classes.some((c) => c !== "comments left out") ? 0 : 1)),
  };
}

const pages = loadPages();
const rows = [];
const perPage = {};
for (const name of ENGINES) {
  const run = engines[name]();
  const results = pages.map((page) => ({ page, score: scorePage(page, run(page, pages)) }));
  for (const r of results) {
    perPage[r.page.name] ??= { lang: r.page.lang, in_comments: [...r.page.commentSnippets] };
    const { missed, kept, classes } = r.score;
    perPage[r.page.name][name] = { classes, missed, kept };
  }
  const langs = [...new Set(pages.map((p) => p.lang))].sort();
  rows.push({
    engine: name,
    all: totals(results),
    byLang: Object.fromEntries(langs.map((l) => [l, totals(results.filter((r) => r.page.lang === l))])),
  });
  process.stderr.write(`${name}: done\n`);
}
writeFileSync(join(WORK, "realworld-per-page.json"), JSON.stringify(perPage, null, 1));

const pct = (n, of) => `${((100 * n) / of).toFixed(1)}% (${n}/${of})`;
const all = totals(pages.map((page) => ({ page, score: { missed: [], missedBody: [], kept: [], classes: [] } })));
console.log(
  `${all.pages} pages, ${all.containOf} must-contain (${all.containOf - all.bodyOf} of them in comment sections) and ${all.absentOf} must-not-contain snippets\n`,
);
console.log("| engine | must contain: found | outside comments: found | must not contain: absent | no article | pages with no miss (comments aside) |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  const t = r.all;
  console.log(
    `| ${r.engine} | ${pct(t.contain, t.containOf)} | ${pct(t.body, t.bodyOf)} | ${pct(t.absent, t.absentOf)} | ${t.noArticle} | ${t.clean}/${t.pages} |`,
  );
}
if (ENGINES.includes("trafilatura")) {
  console.log("\ntrafilatura was developed against these pages (they are its regression tests): not a fair peer here.");
}
console.log("\nBy language (must contain: found / must not contain: absent):\n");
const langs = Object.keys(rows[0]?.byLang ?? {});
const pagesOf = (n) => `${n} page${n === 1 ? "" : "s"}`;
console.log(`| engine | ${langs.map((l) => `${l} (${pagesOf(rows[0].byLang[l].pages)})`).join(" | ")} |`);
console.log(`|---|${langs.map(() => "---|").join("")}`);
for (const r of rows) {
  const cell = (t) => `${((100 * t.contain) / t.containOf).toFixed(1)}% / ${((100 * t.absent) / t.absentOf).toFixed(1)}%`;
  console.log(`| ${r.engine} | ${langs.map((l) => cell(r.byLang[l])).join(" | ")} |`);
}
for (const r of rows) {
  const missedPages = Object.entries(perPage).filter(([, p]) => p[r.engine].classes.length);
  console.log(`\n${r.engine}: ${missedPages.length} pages with a miss (comments included; classes read mechanically, see the set's README)`);
  for (const [page, p] of missedPages) {
    const { classes, missed, kept } = p[r.engine];
    const quote = (xs) => xs.map((s) => JSON.stringify(s)).join(", ");
    console.log(`- ${page} (${p.lang}) [${classes.join(", ")}]${missed.length ? ` missed ${quote(missed)}` : ""}${kept.length ? ` kept ${quote(kept)}` : ""}`);
  }
}
