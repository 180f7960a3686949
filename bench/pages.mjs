// The benchmark's pages, shared by the bench scripts: the 60 annotated
// pages (tests/fixtures/extract-annotated/, unpacked under .work so that the
// CLI and the peers can read them as files) and the 26 of extract/.

import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

import { WORK, htmlToText } from "./peers.mjs";

const FIXTURES = join(fileURLToPath(new URL(".", import.meta.url)), "..", "tests", "fixtures");
// The URL extract/ pages were processed as (see tests/fixtures/extract/README.md).
const FAKEHOST = "http://fakehost/test/page.html";

export function loadPages() {
  mkdirSync(join(WORK, "annotated"), { recursive: true });
  const pages = [];
  const truth = JSON.parse(readFileSync(join(FIXTURES, "extract-annotated", "ground-truth.json"), "utf8"));
  for (const [id, item] of Object.entries(truth).sort()) {
    const html = gunzipSync(readFileSync(join(FIXTURES, "extract-annotated", "html", `${id}.html.gz`))).toString("utf8");
    const file = join(WORK, "annotated", `${id}.html`);
    writeFileSync(file, html);
    pages.push({ set: "extract-annotated", name: id.slice(0, 12), file, html, url: item.url, truth: item.articleBody });
  }
  const dir = join(FIXTURES, "extract");
  for (const name of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const file = join(dir, name, "source.html");
    const meta = JSON.parse(readFileSync(join(dir, name, "expected-metadata.json"), "utf8"));
    pages.push({
      set: "extract",
      name,
      file,
      html: readFileSync(file, "utf8"),
      url: FAKEHOST,
      truth: htmlToText(readFileSync(join(dir, name, "expected.html"), "utf8")),
      title: meta.title,
      byline: meta.byline,
    });
  }
  return pages;
}
