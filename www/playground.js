// The playground's shell: reads the form, calls the engine (wasm, loaded
// once) and shows what it returns. The reader view is built by the engine
// itself, node by node with web-sys, exactly as the extension's reader page
// builds it (src/reader_dom.rs); the plan's lists are plain DOM and
// textContent here (a handful of lists). Page HTML as a string only ever
// reaches the sandboxed before/after previews, never this document.

import init, { playground } from '/pkg/epure_reader.js';

/** The demo pages, served from tests/fixtures/ (see tools/serve.mjs). */
const DEMOS = [
  ['seed', 'seed/article.html', 'Afghanistan : la vallée du Panshir', 'fr · Usercentrics · the page that started Épure (three boxes)'],
  ['de-borlabs-strassenfest', 'consent/de-borlabs-strassenfest.html', 'Weserstraßenfest', 'de · Borlabs Cookie'],
  ['de-embed-privacy-radweg', 'consent/de-embed-privacy-radweg.html', 'Radschnellweg RS1', 'de · Embed Privacy'],
  ['en-clicktoview-dance', 'consent/en-clicktoview-dance.html', 'The line-dancing class', 'en · click-to-view'],
  ['en-complianz-bridge', 'consent/en-complianz-bridge.html', 'Riverside Road to close', 'en · Complianz'],
  ['es-simorgh-sequia', 'consent/es-simorgh-sequia.html', 'Sequía en Uruguay', 'es · social embed consent'],
  ['fr-didomi-crue', 'consent/fr-didomi-crue.html', 'Crue de la Mayenne', 'fr · Didomi'],
  ['fr-late-budget-participatif', 'consent/fr-late-budget-participatif.html', 'Budget participatif', 'fr · Usercentrics, boxes added by script after load (here only the one in the HTML: the playground runs no script)'],
  ['it-iubenda-traghetto', 'consent/it-iubenda-traghetto.html', 'Il piroscafo Concordia', 'it · iubenda'],
  ['nl-cookiebot-huizen', 'consent/nl-cookiebot-huizen.html', 'Huizenprijzen stijgen weer', 'nl · Cookiebot'],
  ['en-hostile-storm', 'consent/en-hostile-storm.html', 'Your storm pictures', 'en · hostile boxes built to break a detector'],
  ['en-negative-onetrust-bakery', 'consent/en-negative-onetrust-bakery.html', "Village bakery's sourdough", 'en · nothing to do: a banner only'],
  ['fr-negative-contenu-externe-explique', 'consent/fr-negative-contenu-externe-explique.html', '« Contenu externe » expliqué', 'fr · nothing to do: an article quoting box wording'],
].map(([name, path, title, note]) => ({ name, path, title, note }));
const FIXTURES = '/fixtures/';

/**
 * What a preview may do: no script (the iframes' `sandbox` already says so),
 * no request anywhere, not even to this server; inline styles and data:
 * images only. Added before anything else in the preview's head, so it is in
 * force before the page's own markup; a page can only add restrictions to it.
 */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const $ = (selector) => document.querySelector(selector);
const ui = {
  form: $('#input'),
  demo: $('#demo'),
  demoOpen: $('#demo-open'),
  html: $('#html'),
  url: $('#url'),
  rules: $('#rules'),
  rulesError: $('#rules-error'),
  status: $('#status'),
  timings: $('[data-epure="timings"]'),
  boxes: $('[data-epure="boxes"]'),
  article: $('[data-epure="article"]'),
  clutter: $('[data-epure="clutter"]'),
  plan: $('[data-epure="plan"]'),
  reader: $('[data-epure="reader"]'),
  before: $('[data-epure="before"]'),
  after: $('[data-epure="after"]'),
};

/** Builds an element with text (never markup) and children. */
function el(tag, text, ...children) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  node.append(...children);
  return node;
}

/** A link only for http(s) addresses; anything else stays text. */
function link(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return el('span', href);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return el('span', href);
  const a = el('a', href);
  a.href = url.href;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  return a;
}

/** A `<dt>`/`<dd>` pair per present field. */
function fields(dl, entries) {
  dl.replaceChildren();
  for (const [name, value] of entries) {
    if (value === null || value === undefined || value === '') continue;
    dl.append(el('dt', name), el('dd', null, name === 'link' || name === 'lead image' ? link(value) : value));
  }
}

/**
 * The page as a preview document: refresh and base removed, frames without
 * their address, the preview CSP first in its head. The CSP would refuse the
 * frames anyway, but Firefox starts the frame's navigation before refusing it
 * (its WebDriver BiDi reports the request; the server never receives it).
 */
function inert(html) {
  // DOMParser documents run nothing and load nothing.
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const node of doc.querySelectorAll('meta[http-equiv="refresh" i], base')) node.remove();
  for (const frame of doc.querySelectorAll('iframe[src], frame[src], embed[src]')) frame.removeAttribute('src');
  for (const object of doc.querySelectorAll('object[data]')) object.removeAttribute('data');
  const csp = doc.createElement('meta');
  csp.httpEquiv = 'Content-Security-Policy';
  csp.content = PREVIEW_CSP;
  doc.head.prepend(csp);
  return `<!doctype html>${doc.documentElement.outerHTML}`;
}

/** A document that says `text` (as text), for a preview with nothing to show. */
function notice(text) {
  const doc = document.implementation.createHTMLDocument('');
  doc.body.textContent = text;
  return doc.documentElement.outerHTML;
}

/** Sets a preview's document; resolves once it has loaded. */
function preview(frame, html) {
  return new Promise((done) => {
    frame.addEventListener('load', done, { once: true });
    frame.srcdoc = inert(html);
  });
}

function showBoxes(placeholders) {
  ui.boxes.replaceChildren(
    ...placeholders.map((p) => {
      const dl = el('dl');
      fields(dl, [['platform', p.platform], ['author', p.author], ['text', p.text], ['link', p.url], ['consent tool', p.tool]]);
      return el('li', null, el('p', p.summary), dl);
    }),
  );
  if (placeholders.length === 0) ui.boxes.append(el('li', 'none found'));
}

function showArticle(article) {
  if (!article) {
    fields(ui.article, [['article', 'none found']]);
    return;
  }
  fields(ui.article, [
    ['title', article.title],
    ['byline', article.byline],
    ['published', article.published],
    ['site', article.site_name],
    ['language', article.language],
    ['lead image', article.lead_image],
    ['excerpt', article.excerpt],
  ]);
}

/** Describes a node address as the plan gives it: `tag#id.class`, text length. */
function describe(target) {
  const id = target.id ? `#${target.id}` : '';
  const cls = target.class ? `.${target.class.trim().split(/\s+/).join('.')}` : '';
  return `<${target.tag}${id}${cls}> · ${target.text_len} characters of text`;
}

function showClutter(clutter) {
  ui.clutter.replaceChildren(...clutter.map((t) => el('li', describe(t))));
  if (clutter.length === 0) ui.clutter.append(el('li', 'none'));
}

/**
 * Words what the engine left in the reader view it built: the reading
 * time, and the images, which stay buttons here (the playground loads
 * nothing from the page's sites).
 */
function showReader(minutes, noArticle) {
  if (minutes === null) {
    ui.reader.append(el('p', `No reader view: ${noArticle}`));
    return;
  }
  const reading = ui.reader.querySelector('[data-epure="reading-time"]');
  if (reading) reading.textContent = `${minutes} min read`;
  for (const button of ui.reader.querySelectorAll('button[data-epure="image"]')) {
    button.textContent = button.dataset.alt ? `Image: ${button.dataset.alt}` : 'Image';
    button.title = `Not loaded in the playground (${new URL(button.dataset.src).host})`;
    button.disabled = true;
  }
}

function showTimings(ms) {
  const steps = [['parse', ms.parse], ['analyze', ms.analyze], ['extract', ms.extract], ['tidy', ms.tidy], ['reader view', ms.render]];
  ui.timings.textContent = `${steps.map(([step, t]) => `${step} ${t.toFixed(1)} ms`).join(' · ')} (analyze and tidy each parse the page again)`;
}

function showRulesError(message) {
  ui.rulesError.hidden = message === null;
  ui.rulesError.textContent = message === null ? '' : `Site rules refused: ${message}`;
  if (message === null) ui.rules.removeAttribute('aria-invalid');
  else ui.rules.setAttribute('aria-invalid', 'true');
}

/** Runs the engine on the form's input and shows everything; tests wait on `data-epure-state`. */
async function run() {
  const root = document.documentElement;
  root.dataset.epureState = 'running';
  const url = ui.url.value.trim() || null;
  const rules = ui.rules.value.trim() || null;
  let result;
  ui.reader.replaceChildren();
  ui.reader.removeAttribute('lang');
  try {
    result = playground(ui.html.value, url, rules, ui.reader);
  } catch (error) {
    // The engine throws only for bad rules; the page HTML is never an error.
    showRulesError(error.message);
    ui.status.textContent = 'Nothing run: fix the site rules.';
    root.dataset.epureState = 'error';
    return;
  }
  showRulesError(null);
  const { plan, noArticle, minutes, tidied, notTidied, ms } = result;
  showTimings(ms);
  showBoxes(plan.placeholders);
  showArticle(plan.article);
  showClutter(plan.clutter ?? []);
  ui.plan.textContent = JSON.stringify(plan, null, 2);
  showReader(minutes, noArticle);
  await Promise.all([
    preview(ui.before, ui.html.value),
    preview(ui.after, tidied ?? notice(`Not tidied: ${notTidied}`)),
  ]);
  ui.status.textContent = `${plan.placeholders.length} consent boxes, ${(plan.clutter ?? []).length} clutter elements.`;
  root.dataset.epureState = 'ready';
}

/** Fetches a demo page (and its address, from the fixture's expectations) into the form. */
async function loadDemo(demo) {
  const page = await fetch(FIXTURES + demo.path);
  if (!page.ok) throw new Error(`demo ${demo.name}: ${page.status}`);
  ui.html.value = await page.text();
  const expected = await fetch(FIXTURES + demo.path.replace(/(\/article)?\.html$/, (m, article) => (article ? '/expected.json' : '.expected.json')));
  ui.url.value = expected.ok ? ((await expected.json()).page?.url ?? '') : '';
  ui.demoOpen.href = FIXTURES + demo.path;
  ui.demoOpen.hidden = false;
}

async function pick(name) {
  const demo = DEMOS.find((d) => d.name === name);
  const address = new URL(location.href);
  if (demo) address.searchParams.set('demo', demo.name);
  else address.searchParams.delete('demo');
  history.replaceState(null, '', address);
  if (!demo) {
    ui.demoOpen.hidden = true;
    return;
  }
  try {
    await loadDemo(demo);
  } catch (error) {
    ui.status.textContent = `Could not load the demo: ${error.message}`;
    document.documentElement.dataset.epureState = 'error';
    return;
  }
  await run();
}

for (const demo of DEMOS) {
  const option = el('option', `${demo.title} — ${demo.note}`);
  option.value = demo.name;
  ui.demo.append(option);
}
ui.demo.addEventListener('change', () => pick(ui.demo.value));
ui.html.addEventListener('input', () => {
  ui.demo.value = '';
  pick('');
});
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});

await init();
ui.status.textContent = 'Engine loaded.';
const asked = new URLSearchParams(location.search).get('demo');
if (asked && DEMOS.some((d) => d.name === asked)) {
  ui.demo.value = asked;
  await pick(asked);
} else {
  if (asked) ui.status.textContent = `No demo named “${asked}”.`;
  document.documentElement.dataset.epureState = 'idle';
}
