// Tidy in place: with `tidy` on for the site, the engine's plan for the whole
// page is applied in the live page. Clutter gets data-epure="clutter" and the
// article data-epure-tidy="article"; tidy.css hides the one and gives the
// other a readable measure. Nothing is deleted, moved or restyled inline, so
// turning tidy off (removing the marks) gives back the page exactly.
//
// The article's mark is its own attribute, not data-epure: collapse.js never
// collapses a box inside a [data-epure] element, and the consent boxes of an
// article sit inside it.
//
// Quiet pages cost nothing: only on a site whose settings say something at
// load (browser-api.js `settingsAtLoad`) does a page look at its paragraphs
// (`mayHaveArticle`) and, if it may hold an article, read the stored
// settings; a page that may hold an article follows a change when the
// background tells it. When the settings turn tidy on somewhere, it
// asks the background whether tidy is on here and, if so, sends its markup
// there, where the engine (wasm) finds the article and the clutter.

(() => {
  if (globalThis.epureTidyLoaded) return;
  globalThis.epureTidyLoaded = true;

  const { epureApi: ext, epureCollapse: collapse, epureMessages: messages, epurePrecheck: precheck } = globalThis;

  /** A paragraph shorter than this is a caption or a teaser, not prose (the engine's PROSE_MIN_CHARS). */
  const PROSE_MIN_CHARS = 40;
  /** The smallest article the engine accepts holds this much prose (its MIN_DECLARED_PROSE_CHARS). */
  const MIN_PROSE_CHARS = 250;
  /** Paragraphs looked at, at most: enough prose shows in the first ones or not at all. */
  const MAX_PARAGRAPHS = 400;
  /**
   * Targets looked for anywhere in the page, at most, when their position
   * failed (see `locate`): each costs a pass over the page's elements.
   */
  const MAX_LOOKALIKES = 64;
  /** The article's mark (see above). */
  const ARTICLE_MARK = 'data-epure-tidy';

  /** Whether the page has enough prose for the engine to find an article: a few reads, no message. */
  function mayHaveArticle() {
    const paragraphs = document.getElementsByTagName('p');
    let prose = 0;
    for (let i = 0; i < paragraphs.length && i < MAX_PARAGRAPHS; i += 1) {
      const length = paragraphs[i].textContent.trim().length;
      if (length >= PROSE_MIN_CHARS) prose += length;
      if (prose >= MIN_PROSE_CHARS) return true;
    }
    return false;
  }

  /** The answer of `mayHaveArticle` once the page is parsed: tidy and the reader's auto mode both ask. */
  let mayHave;
  const mayHaveArticleOnce = () => (mayHave ??= mayHaveArticle());

  /** Marks made on this page: [element, attribute], in order. */
  let marks = [];
  let on = false;

  /**
   * Whether the stored settings turn tidy on anywhere (by default, or for
   * a site). Tidy is off by default: then an article page does not wake the
   * background (and its engine) only to hear so.
   */
  async function tidyAnywhere(fresh) {
    const settings = fresh ? (await ext.storage.get('settings').catch(() => ({}))).settings : await ext.settingsAtLoad();
    if (!settings || typeof settings !== 'object') return false;
    const sites = settings.sites && typeof settings.sites === 'object' ? Object.values(settings.sites) : [];
    return settings.defaults?.tidy === true || sites.some((site) => site?.tidy === true);
  }

  /** Whether the reader's settings tidy this page; if the background can't say, no. */
  async function tidiesHere(fresh) {
    if (!(await tidyAnywhere(fresh))) return false;
    const answer = await ext.runtime.sendMessage({ type: 'features', url: location.href }).catch(() => null);
    return messages.check(answer, 'site-features')?.tidy ?? false;
  }

  /**
   * The page's markup as the engine must parse it: the document's mode
   * decides how some markup nests (in quirks mode a <table> stays inside a
   * <p>), and outerHTML leaves the doctype out.
   */
  function pageMarkup() {
    const doctype = document.compatMode === 'CSS1Compat' ? '<!DOCTYPE html>' : '';
    return doctype + document.documentElement.outerHTML;
  }

  /** Whether `el` may be hidden: not the page's frame, not ours, not holding the article or a consent box. */
  function hideable(el, article) {
    const frame = el === document.documentElement || el === document.body || el === document.head;
    return (
      !frame &&
      el.isConnected &&
      !el.contains(article) &&
      !el.closest(`[${collapse.MARK}]`) &&
      !el.querySelector(`[${collapse.MARK}]`)
    );
  }

  /**
   * The elements `targets` name: by position (collapse.js `resolve`), else,
   * when the page's markup does not read back as the page (a script put an
   * iframe in the head: the parser ends the head there and every element
   * after it moves), the one element that looks the same (tag, id, class,
   * text) anywhere, none if several do.
   */
  function locate(elements, targets) {
    const found = collapse.resolve(elements, targets);
    let looked = 0;
    return found.map((el, i) => {
      if (el || looked >= MAX_LOOKALIKES) return el;
      looked += 1;
      return collapse.lookAlike(elements, targets[i]);
    });
  }

  /**
   * Applies `plan` to the page whose elements were `elements` (document
   * order) when serialized. Every target is checked first (`locate`);
   * without its article, nothing is touched. Returns how many clutter
   * targets it left alone (not found, or holding the article or a box).
   */
  function apply(elements, plan) {
    const [article, ...clutter] = locate(elements, [plan.article.target, ...plan.clutter]);
    if (!article?.isConnected || article === document.documentElement) return clutter.length;
    const hidden = clutter.filter((el) => el && hideable(el, article));
    article.setAttribute(ARTICLE_MARK, 'article');
    marks.push([article, ARTICLE_MARK]);
    for (const el of hidden) {
      el.setAttribute(collapse.MARK, 'clutter');
      marks.push([el, collapse.MARK]);
    }
    return clutter.length - hidden.length;
  }

  /** Removes every mark, newest first: the page as it was. */
  function undo() {
    for (const [el, attribute] of marks.reverse()) el.removeAttribute(attribute);
    marks = [];
  }

  async function tidy() {
    const elements = Array.from(document.getElementsByTagName('*'));
    const request = { type: 'analyze-page', url: location.href, html: pageMarkup() };
    if (!messages.check(request, 'analyze-page')) return;
    const answer = messages.check(await ext.runtime.sendMessage(request).catch(() => null), 'page-plan');
    if (!answer?.article?.target) return;
    const started = performance.now();
    const left = apply(elements, answer);
    if (precheck.debug === true) debugRecord(started, left);
  }

  /** Bench builds only: the main-thread time the plan took to apply, then with the style and layout it caused; targets left alone. */
  function debugRecord(started, left) {
    const root = document.documentElement;
    root.dataset.epureTidyApplyMs = (performance.now() - started).toFixed(3);
    root.dataset.epureTidySkipped = String(left);
    root.getBoundingClientRect(); // forces style and layout
    root.dataset.epureTidyLayoutMs = (performance.now() - started).toFixed(3);
  }

  // One change at a time, in order: a plan is applied only while tidy is on.
  let queue = Promise.resolve();
  function follow(fresh = true) {
    queue = queue
      .then(async () => {
        const now = await tidiesHere(fresh);
        if (now === on) return;
        on = now;
        if (on) await tidy();
        else undo();
      })
      .catch(() => {});
  }

  function start() {
    // The background tells the open pages of a change (pages-with-settings.js).
    ext.offer({ settingsChanged: () => mayHaveArticleOnce() && follow() });
    // Settings that say nothing at load leave tidy off: no look at the page.
    if (ext.settingsSayAtLoad() && mayHaveArticleOnce()) follow(false);
  }

  // The reader's auto mode (capture.js) opens only where an article may be.
  globalThis.epureMayHaveArticle = mayHaveArticleOnce;

  // The content script starts at document_start (for the boxes); the
  // article is there to judge once the page is parsed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
