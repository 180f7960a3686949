// The peers as every bench script runs them: built or installed on first
// use (peers/, see README.md), each a function of a page ({file, url, html})
// answering {text, title, byline, ms}, `ms` timed around the extraction.

import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { JSDOM, VirtualConsole } from "jsdom";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

const HERE = fileURLToPath(new URL(".", import.meta.url));
export const WORK = join(HERE, ".work");
const PEERS = join(HERE, "peers");
const VENV = join(WORK, "venv");

/**
 * Builds a peer crate (its own lock file, its own target dir) and returns its
 * binary. `locked: false` for the wrapper of epure itself, whose dependencies
 * move with the crate's.
 */
export function buildCrate(name, { locked = true } = {}) {
  const lock = locked ? ["--locked"] : [];
  execFileSync("cargo", ["build", "--release", ...lock, "--quiet", "--target-dir", join(WORK, "target")], {
    cwd: join(PEERS, name),
    stdio: ["ignore", "inherit", "inherit"],
  });
  return join(WORK, "target", "release", `peer-${name}`);
}

/** A venv under .work with the pinned trafilatura; returns its python. */
function setupTrafilatura() {
  const python = join(VENV, "bin", "python");
  if (!existsSync(python)) execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
  execFileSync(python, ["-m", "pip", "install", "--quiet", "-r", join(PEERS, "trafilatura-requirements.txt")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  return python;
}

/**
 * A peer that reads `FILE<TAB>URL` lines and answers one JSON line per page
 * ({text, title, byline, ms}, timed inside the peer): run once over all pages.
 */
const batchPeer = (command, args) => {
  let answers = null;
  return (page, all) => {
    if (!answers) {
      const input = all.map((p) => `${p.file}\t${p.url}\n`).join("");
      const out = execFileSync(command, args, { input, encoding: "utf8", maxBuffer: 256 << 20, stdio: ["pipe", "pipe", "ignore"] });
      answers = new Map(out.trim().split("\n").map((line, i) => [all[i], JSON.parse(line)]));
    }
    const a = answers.get(page);
    return { text: a.text ?? "", title: a.title ?? null, byline: a.byline ?? null, ms: a.ms };
  };
};

/** Text of an HTML fragment, blocks separated so that words never merge. */
export function htmlToText(html) {
  const spaced = (html ?? "").replace(/<\/?(p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|figure|figcaption|table|tr|td|th|caption|section|article|br|hr|header|footer|aside|main|nav)\b[^>]*>/gi, "\n");
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${spaced}</body></html>`);
  return document.body.textContent ?? "";
}

const readabilityAnswer = (a, ms) => ({ text: htmlToText(a?.content), title: a?.title ?? null, byline: a?.byline ?? null, ms });

/** The peers by name; each entry makes the page function (building the peer first). */
export const peers = {
  "readability-linkedom": () => (page) => {
    const start = performance.now();
    const { document } = parseHTML(page.html);
    const a = new Readability(document).parse();
    return readabilityAnswer(a, performance.now() - start);
  },
  "readability-jsdom": () => (page) => {
    const start = performance.now();
    // A silent console: jsdom reports every stylesheet it cannot parse.
    const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
    const a = new Readability(dom.window.document).parse();
    const ms = performance.now() - start;
    dom.window.close();
    return readabilityAnswer(a, ms);
  },
  // Firefox's reader view: the page's DOM serialized as XML (XMLSerializer),
  // then, in its worker, JSDOMParser and Readability. The browser's own parse
  // and serialization come before the worker; here jsdom does them, untimed.
  "readability-jsdomparser": () => {
    const JSDOMParser = createRequire(import.meta.url)("@mozilla/readability/JSDOMParser.js");
    // Its parse errors are kept in `errorState`, not printed (as in Firefox, where `dump` is off).
    const quiet = function (message) {
      this.errorState += `${message}\n`;
    };
    return (page) => {
      const dom = new JSDOM(page.html, { url: page.url, virtualConsole: new VirtualConsole() });
      const markup = new dom.window.XMLSerializer().serializeToString(dom.window.document);
      dom.window.close();
      const start = performance.now();
      const parser = new JSDOMParser();
      parser.error = quiet;
      const a = new Readability(parser.parse(markup, page.url)).parse();
      return readabilityAnswer(a, performance.now() - start);
    };
  },
  trafilatura: () => batchPeer(setupTrafilatura(), [join(PEERS, "trafilatura_peer.py")]),
  "rs-trafilatura": () => batchPeer(buildCrate("rs-trafilatura"), []),
  "dom-smoothie": () => batchPeer(buildCrate("dom-smoothie"), []),
  // The engine in one process for all pages, as the peers run (see peers/epure/).
  "epure-batch": () => batchPeer(buildCrate("epure", { locked: false }), []),
};
