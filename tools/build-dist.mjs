// Writes the unpacked extension for each browser from one source:
//   dist/chrome/   (background.service_worker, no gecko settings)
//   dist/firefox/  (background.scripts, gecko id, data_collection_permissions)
// with the engine (wasm-bindgen --target web output) and the pre-check data
// generated from the engine's own data (`epure precheck`, which also gives
// the element fingerprint's hash), never by hand.
//
//   node tools/build-dist.mjs --pkg target/wasm-pkg --reader-pkg target/wasm-reader-pkg \
//        --precheck target/precheck.json [--out dist] [--only chrome] [--debug] [--readable]
// --debug writes a build whose content script records its costs (bench only).
// --readable leaves the content script unminified (bench/extension-profile.mjs
// maps its samples to the source files by line).

import { buildSync, transformSync } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCE = join(ROOT, 'extension');
/** Files of extension/ that are sources, not shipped as they are. */
const NOT_SHIPPED = new Set(['manifest.json', join('icons', 'epure.svg')]);
const ENGINE_FILES = ['epure.js', 'epure_bg.wasm'];
/** The reader page's own engine (`make wasm-reader`), loaded by reader.html only. */
const READER_ENGINE_FILES = ['epure_reader.js', 'epure_reader_bg.wasm'];

const { values: args } = parseArgs({
  options: {
    pkg: { type: 'string', default: join(ROOT, 'target', 'wasm-pkg') },
    'reader-pkg': { type: 'string', default: join(ROOT, 'target', 'wasm-reader-pkg') },
    precheck: { type: 'string', default: join(ROOT, 'target', 'precheck.json') },
    out: { type: 'string', default: join(ROOT, 'dist') },
    only: { type: 'string', multiple: true, default: ['chrome', 'firefox'] },
    debug: { type: 'boolean', default: false },
    readable: { type: 'boolean', default: false },
  },
});

/** What differs per browser; everything else is the manifest source as it is. */
const FLAVOURS = {
  chrome(manifest) {
    delete manifest.background.scripts;
    delete manifest.browser_specific_settings;
    return manifest;
  },
  firefox(manifest) {
    delete manifest.background.service_worker;
    return manifest;
  },
};

/**
 * The cheapest way to ask "is any of these selectors on the page?" in a
 * browser. One querySelector over the union matches every element against
 * every selector: measured in Chromium on 2,000-element articles, 1–4 ms.
 * Asked one by one, each selector takes the engine's fast paths: a class is
 * looked up in the class index (`getElementsByClassName`), and a lone
 * attribute or tag check is a quick walk. So the union is split here into
 * `classes` ([class, tag or ""]: `.x` and `div.x`) and `queries` (the rest,
 * one querySelector each), dropping any selector another one already covers
 * (`iframe[data-x]` when `[data-x]` is there): for a yes/no answer it adds
 * nothing.
 */
function probes(selectors) {
  const covered = (s) => {
    const tagged = /^([a-z][a-z0-9]*)([.[].*)$/.exec(s);
    return tagged !== null && selectors.includes(tagged[2]);
  };
  const classes = [];
  const queries = [];
  for (const s of selectors) {
    if (covered(s)) continue;
    const cls = /^([a-z][a-z0-9]*)?\.([\w-]+)$/.exec(s);
    if (cls) classes.push([cls[2], cls[1] ?? '']);
    else queries.push(s);
  }
  return { classes, queries };
}

/**
 * The phrases (or control words) that matter for a yes/no answer: one that
 * contains another can only match where the shorter one matches too.
 */
function minimalPhrases(phrases) {
  return phrases.filter((p) => !phrases.some((other) => other !== p && p.includes(other)));
}

/** The purpose words of the languages the engine reads word by word (src/consent/precheck.rs), checked. */
function purposeWords(purposes, strings) {
  if (!Array.isArray(purposes)) throw new Error('"purposes" must be a list (src/consent/precheck.rs)');
  return purposes.map((p, i) => ({
    see: strings(p?.see, `purposes[${i}].see`),
    this: strings(p?.this, `purposes[${i}].this`),
    consent: strings(p?.consent, `purposes[${i}].consent`),
  }));
}

/** Selectors of elements the browser never renders, so never animates: `script[type="didomi/html"]`. */
const NEVER_RENDERED = /^(script|template|noscript|style)\b/;

/**
 * The pre-check data the content script's first part reads on every page
 * (content-start.js, text-fold.js: the early sheet, the probes, the wording
 * check, the regions and the data scripts sent with the call for the rest); the rest (the line's words, the hash, the data scripts) comes
 * with the rest, where there is something to do.
 */
const START_KEYS = new Set([
  'selector',
  'unstyled',
  'classes',
  'queries',
  'signatures',
  'phrases',
  'purposes',
  'controls',
  'hide',
  'fold',
  'button_class_parts',
  'play_class_parts',
  'clickable_class_parts',
  'consent_query_words',
  'blocked_frames',
  'blocked_scripts',
  'address_prefixes',
  'id_embeds',
  'named_platforms',
  'control_levels',
  'link_wrappers',
  'children_read',
  'scripted_boxes',
  'data_scripts',
  'debug',
]);

/** Generated code setting `epurePrecheck` to `value` (merged into what is there with `merge`). */
function precheckCode(value, merge = false) {
  // A JSON string, not an object literal: V8 parses JSON faster than script.
  const parsed = `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
  return [
    '// Generated by tools/build-dist.mjs from `epure precheck` (the engine\'s data). Do not edit.',
    `globalThis.epurePrecheck = Object.freeze(${merge ? `{ ...globalThis.epurePrecheck, ...${parsed} }` : parsed});`,
    '',
  ].join('\n');
}

/** The pre-check data: whole (the options page), the first part's, and the rest's (merged into the first's). */
function precheckScript(path, debug) {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  const strings = (list, name) => {
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string' && s.length > 0)) {
      throw new Error(`${path}: "${name}" must be a list of non-empty strings`);
    }
    return list;
  };
  // Prepared here, once, rather than on every page: the content script's
  // pre-check must cost next to nothing where there is nothing to do.
  const selectors = strings(data.selectors, 'selectors');
  // Phrases and control words come folded by the engine (text-fold.js folds page text the same way).
  const phrases = strings(data.phrases, 'phrases');
  const controls = strings(data.controls, 'controls');
  const hide = strings(data.hide, 'hide');
  const { hashing } = data;
  const isU32 = (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
  if (!hashing || ![hashing.offset, hashing.prime, hashing.separator].every(isU32) || typeof hashing.skipped !== 'string') {
    throw new Error(`${path}: "hashing" must give offset, prime, separator and skipped (src/target.rs)`);
  }
  for (const count of ['control_levels', 'link_wrappers', 'children_read']) {
    if (!isU32(data[count])) throw new Error(`${path}: "${count}" must be a count (src/consent/precheck.rs)`);
  }
  // The engine's acceptance of an article (src/article/mod.rs `ArticleCheck`), for tidy-in-place.js `mayHaveArticle`.
  const { article } = data;
  const numbers = Object.entries(article ?? {}).filter(([, v]) => !Array.isArray(v));
  const ranges = article?.cjk_ranges;
  if (
    numbers.length === 0 ||
    !numbers.every(([, v]) => Number.isFinite(v) && v >= 0) ||
    !Array.isArray(ranges) ||
    !ranges.every((r) => Array.isArray(r) && r.length === 2 && r.every(isU32))
  ) {
    throw new Error(`${path}: "article" must give the engine's thresholds and CJK ranges (src/article/mod.rs)`);
  }
  strings(article.never_content, 'article.never_content');
  strings(article.article_types, 'article.article_types');
  // Signature elements that are styled announce themselves (the early
  // sheet's animation, content.js); only those never rendered are queried.
  const unstyled = selectors.filter((s) => NEVER_RENDERED.test(s));
  const value = {
    selector: unstyled.join(','),
    selectors,
    // The rest, signalled as themselves (content.js's early sheet).
    signatures: selectors.filter((s) => !data.blocked_frames.includes(s)),
    unstyled,
    ...probes(unstyled),
    phrases: minimalPhrases(phrases),
    purposes: purposeWords(data.purposes, strings),
    controls: minimalPhrases(controls),
    hashing,
    hide,
    fold: data.fold,
    platforms: data.platforms,
    unknown_mark: data.unknown_mark,
    naming: data.naming,
    summary_chars: data.summary_chars,
    data_scripts: data.data_scripts,
    button_class_parts: data.button_class_parts,
    play_class_parts: data.play_class_parts,
    clickable_class_parts: strings(data.clickable_class_parts, 'clickable_class_parts'),
    consent_query_words: strings(data.consent_query_words, 'consent_query_words'),
    blocked_frames: strings(data.blocked_frames, 'blocked_frames'),
    blocked_scripts: strings(data.blocked_scripts, 'blocked_scripts'),
    address_prefixes: strings(data.address_prefixes, 'address_prefixes'),
    id_embeds: data.id_embeds,
    named_platforms: strings(data.named_platforms, 'named_platforms'),
    control_levels: data.control_levels,
    article,
    link_wrappers: data.link_wrappers,
    children_read: data.children_read,
    scripted_boxes: { ...data.scripted_boxes, consent_words: strings(data.scripted_boxes?.consent_words, 'scripted_boxes.consent_words') },
    debug,
  };
  const part = (start) => Object.fromEntries(Object.entries(value).filter(([key]) => START_KEYS.has(key) === start));
  return { whole: precheckCode(value), start: precheckCode(part(true)), rest: precheckCode(part(false), true) };
}

/**
 * The content script as the browser gets it: minified (esbuild). Every page
 * pays to parse it before anything else runs: without comments and long
 * names it costs about a millisecond less (bench/README.md, "sixth pass").
 * The sources in extension/ are what is read and reviewed.
 */
function minified(code) {
  return transformSync(code, { minify: true, legalComments: 'none', target: 'es2022' }).code;
}

/** Where the content script's first part goes once joined into one (the manifest's content script). */
const CONTENT_BUNDLE = 'content-bundle.js';
/** Where its rest goes (browser-api.js `CONTENT_REST`, injected where there is something to do). */
const CONTENT_REST = 'content-rest.js';
/** The rest's files, in order; `precheck-rest` is the rest's pre-check data. */
const REST_FILES = ['messages.js', 'precheck-rest', 'summary-line.js', 'collapse.js', 'content.js', 'tidy-in-place.js', 'capture.js'];

/**
 * Joins the content script's files into two: its first part (manifest
 * order), which every page parses, and its rest, which only a page with
 * something to do gets (content-start.js). Each file the browser injects is
 * a separate evaluation with its own set-up cost; the sources stay small
 * and separate. Files that only the content script uses are then left out
 * of the package; those the background, the popup or the options page
 * import stay (the options page's platform list is the pre-check's, whole).
 */
function bundleContentScripts(manifest, dir, precheck) {
  const [entry, ...others] = manifest.content_scripts;
  if (!entry || others.length > 0) throw new Error('manifest.json: expected exactly one content_scripts entry');
  const imported = new Set();
  for (const page of ['background.js', 'popup.js', 'options.js']) {
    for (const [, file] of readFileSync(join(SOURCE, page), 'utf8').matchAll(/^import '\.\/([\w-]+\.js)';$/gm)) {
      imported.add(file);
    }
  }
  if (imported.has('precheck-data.js')) writeFileSync(join(dir, 'precheck-data.js'), precheck.whole);
  const join_ = (files) =>
    files.map((file) => {
      const text =
        file === 'precheck-data.js' ? precheck.start : file === 'precheck-rest' ? precheck.rest : readFileSync(join(SOURCE, file), 'utf8');
      if (!imported.has(file)) rmSync(join(dir, file), { force: true });
      return `// ---- ${file}\n${text}`;
    });
  const write = (file, parts) => {
    const bundle = `${parts.join('\n')}\n`;
    writeFileSync(join(dir, file), args.readable ? bundle : minified(bundle));
  };
  write(CONTENT_BUNDLE, join_(entry.js));
  // Injected once per frame: a second injection (the page and the popup asking at once) runs nothing.
  write(CONTENT_REST, [
    '(() => {\nif (globalThis.epureRestLoaded) return;\nglobalThis.epureRestLoaded = true;',
    ...join_(REST_FILES),
    '})();',
  ]);
  entry.js = [CONTENT_BUNDLE];
}

/**
 * The background as one file. A module worker or page reads each of its
 * imports as a file of its own before its first line runs, and a cold
 * start (the browser starts the background for a page's first message)
 * waits for all of them: in Chromium, worker start to scripts run 13.1 →
 * 9.3 ms (bench/README.md, "Cold start pass"). The reader's glue stays a
 * file of its own: Firefox's background imports it on demand
 * (reader-open.js), and the reader page loads it. Built from `dir`, the
 * package as copied (with its engine); the files only the background
 * imported are then left out of the package.
 */
function bundleBackground(dir) {
  const entry = join(dir, 'background.js');
  const { outputFiles, metafile } = buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    write: false,
    metafile: true,
    external: ['./pkg/epure_reader.js'],
    minify: !args.readable,
    legalComments: 'none',
    target: 'es2022',
  });
  writeFileSync(entry, outputFiles[0].text);
  const bundled = Object.keys(metafile.inputs).map((input) => relative(dir, input));
  // What the other pages and scripts load: their module imports, and the pages' scripts and preloads.
  const loads = new Set();
  const LOAD = /(?:from|import\(?)\s*['"]\.\/([\w./-]+)['"]|(?:src|href)="([\w./-]+\.js)"/g;
  for (const file of readdirSync(dir, { recursive: true })) {
    if (!/\.(js|html)$/.test(file) || bundled.includes(file)) continue;
    for (const [, imported, page] of readFileSync(join(dir, file), 'utf8').matchAll(LOAD)) loads.add(imported ?? page);
  }
  for (const file of bundled) if (file !== 'background.js' && !loads.has(file)) rmSync(join(dir, file));
}

const manifestSource = JSON.parse(readFileSync(join(SOURCE, 'manifest.json'), 'utf8'));
const precheck = precheckScript(args.precheck, args.debug);

for (const flavour of args.only) {
  const transform = FLAVOURS[flavour];
  if (!transform) throw new Error(`unknown browser "${flavour}"`);
  const dir = join(args.out, flavour);
  rmSync(dir, { recursive: true, force: true });
  cpSync(SOURCE, dir, {
    recursive: true,
    filter: (src) => !NOT_SHIPPED.has(src.slice(SOURCE.length + 1)),
  });
  mkdirSync(join(dir, 'pkg'), { recursive: true });
  for (const file of ENGINE_FILES) copyFileSync(join(args.pkg, file), join(dir, 'pkg', file));
  for (const file of READER_ENGINE_FILES) copyFileSync(join(args['reader-pkg'], file), join(dir, 'pkg', file));
  const manifest = transform(structuredClone(manifestSource));
  bundleContentScripts(manifest, dir, precheck);
  bundleBackground(dir);
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${dir}`);
}
