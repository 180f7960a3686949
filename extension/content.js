// The content script: small, plain, and idle on almost every page.
//
// 0. At document_start, one constructed stylesheet (generated selectors:
//    the consent tools' signatures, never heuristics) keeps the tools' own
//    boxes out of sight, in a one-line space, until the engine has answered,
//    and gives every signature element a one-millisecond animation: the
//    browser's style engine tells us of each one (`animationstart`) as it is
//    styled, late ones included, with no DOM query.
// 1. Once the page is parsed, in idle time, a pre-check (phrases and control
//    words generated at build time from the engine's own data, see
//    precheck-data.js) looks for boxes found by their wording only (costs:
//    bench/README.md, "Extension"). A page with nothing: no message, no
//    change, no extension API (the settings at load are read only on the
//    sites whose settings say something then: browser-api.js).
// 2. Around each candidate, a bounded region of the page is serialized and
//    sent to the background, where the engine (wasm) finds the boxes. The
//    region's elements are kept in document order: targets index them.
// 3. The answer is applied by collapse.js, which checks each target's
//    fingerprint first and records every change for an exact undo. A
//    region whose elements changed meanwhile gets no plan: it is sent again.
// Late boxes (script, infinite scroll, SPA navigation) go through the same
// steps, batched per animation frame by a MutationObserver.
// The boxes of the reader's site rules are candidates too: their selectors
// come from the settings as stored at load (one read shared with the other
// content scripts); a site without rules costs nothing more.

(() => {
  // Guard double injection: the same world can receive this file twice.
  if (globalThis.epureContentLoaded) return;
  globalThis.epureContentLoaded = true;

  const startedAt = performance.now();
  /** When the page was parsed: the bench times lines from here (document_idle, as before). */
  let readyAt = startedAt;
  const {
    epureApi: ext,
    epureCollapse: collapse,
    epureMessages: messages,
    epurePrecheck: precheck,
    epureFold: fold,
    epureWordMatch: wordMatch,
    epureSummaryLine: summaryLine,
  } = globalThis;

  /** How far above a candidate the region reaches: a box wraps its buttons and its embed a few levels up. */
  const REGION_LEVELS = 4;
  /** A region larger than this is cut down a level; a box is a few KB, an article a few hundred. */
  const MAX_REGION_CHARS = 512 * 1024;
  /** Candidates looked at per pass: more than any page of boxes has. */
  const MAX_CANDIDATES = 200;
  /** Elements whose outerHTML does not survive parsing as body content: climb past them. */
  const TABLE_PARTS = new Set(['tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption', 'colgroup', 'col']);
  /** Links that act as buttons (what a reader clicks to consent, besides buttons). */
  const LINK_CONTROLS = 'a[href="#"],a[href^="javascript:" i]';
  /** Controls found by selector: roles, boxes that are their own click target, links acting as buttons. */
  const CLICKABLE = ['[role="button"]', '[role="switch"]', '[onclick]', LINK_CONTROLS].join(',');
  /** Class parts of a link styled as a button (`BUTTON_CLASS_PARTS`, src/consent/controls.rs). */
  const BUTTON_PARTS = new Set(precheck.button_class_parts);
  /** Links that may be controls by their look: no address, or a class holding a button part (see below). */
  const BUTTON_LINKS = ['a:not([href])', ...[...BUTTON_PARTS].map((part) => `a[class*="${part}" i]`)].join(',');
  /** Links that reload the page itself with a query (`?accept_youtube=yes`): a control if a parameter gives consent. */
  const RELOADING_LINKS = 'a[href^="?"]';
  /** Parts of a parameter's name that give consent (`CONSENT_QUERY_WORDS`, src/consent/controls.rs). */
  const CONSENT_QUERY_WORDS = new Set(precheck.consent_query_words);
  /** Every kind of control in one selector: one walk of the page, not one per kind (sorted out in `controlsIn`). */
  const CONTROLS = ['button', 'input', CLICKABLE, BUTTON_LINKS, RELOADING_LINKS].join(',');
  /** Frames without an address of their own: a blocked embed's, parked elsewhere or waiting for one. */
  const FRAMES_WITHOUT_ADDRESS = precheck.blocked_frames.join(',');
  /** Elements whose attributes are read for a parked embed around one control; a box has tens. */
  const MAX_PARK_ELEMENTS = 400;
  /** Shortest `data-*` value read as an embed's kept HTML (`MIN_EMBED_HTML`, src/consent/carriers/inert.rs). */
  const MIN_EMBED_HTML = 24;
  /** Base64 chars decoded to see whether a value is markup: its first bytes tell. */
  const BASE64_PROBE_CHARS = 64;
  const BASE64 = /^[A-Za-z0-9+/=]+$/;
  /** How the engine reads an embed kept only as its ID (`carriers::id_embed`, src/consent/carriers.rs). */
  const ID_EMBEDS = precheck.id_embeds;
  const ID_HOOKS = new Set(ID_EMBEDS.hook_attributes);
  const ID_PLATFORMS = new Set(ID_EMBEDS.platform_names);
  /** Platform names long enough to lead a longer class part (`MIN_NAME_PREFIX`: `twitterembed-canvas`). */
  const ID_LEADING = ID_EMBEDS.platform_names.filter((name) => name.length >= ID_EMBEDS.min_name_prefix);
  const ID_PROVIDERS = ID_EMBEDS.provider_attributes;
  const utf8 = new TextEncoder();
  /** Input types that are buttons. */
  const BUTTON_INPUTS = new Set(['button', 'submit']);
  /** Controls looked at per pass; a page has tens, a box one or two. */
  const MAX_CONTROLS = 400;
  /** How far above a control its box's wording may sit (heading and text beside the buttons' row). */
  const CONTROL_BLOCK_LEVELS = 3;
  /** A block with more text than this is the page, not a box: stop climbing below it. */
  const MAX_BLOCK_CHARS = 4000;
  /** A control's own label longer than this is a card or a menu, not a consent button. */
  const MAX_LABEL_CHARS = 200;

  let selector = precheck.selector;
  const { phrases, controls: controlWords } = precheck;
  const ledger = new collapse.Ledger();
  const debug = precheck.debug === true ? debugMeter() : null;
  /** The union of this site's box selectors from the reader's rules that this browser accepts; '' for none. */
  let ruleSelector = '';
  /** Whether a change of the settings has set `ruleSelector` (then the read at load is older). */
  let rulesFollowed = false;

  /** Whether this browser accepts `css` as a selector. */
  function accepted(css) {
    try {
      document.createDocumentFragment().querySelector(css);
      return true;
    } catch {
      return false;
    }
  }

  /** A host or site key as the engine compares them (`Rules::for_host`, src/rules.rs): lower case, ASCII, no final dot. */
  function hostForm(name) {
    try {
      return new URL(`https://${name}/`).hostname.replace(/\.+$/, '');
    } catch {
      return null;
    }
  }

  /**
   * The box selectors of the stored rules for this page's sites (a site key
   * matches its host and every subdomain), joined into one union of those
   * this browser accepts. Boxes are plain selectors or `{ selector, … }`
   * objects; anything else in the stored document is passed over.
   */
  function ruleSelectorIn(settings) {
    const sites = settings?.rules?.sites;
    if (!sites || typeof sites !== 'object') return '';
    const host = location.hostname.toLowerCase().replace(/\.+$/, '');
    const found = [];
    for (const [key, rule] of Object.entries(sites)) {
      if (!Array.isArray(rule?.boxes) || rule.boxes.length === 0) continue;
      const site = hostForm(key);
      if (!site || (host !== site && !host.endsWith(`.${site}`))) continue;
      for (const box of rule.boxes) {
        const css = typeof box === 'string' ? box : box?.selector;
        if (typeof css === 'string' && css.trim() !== '' && accepted(css)) found.push(css);
      }
    }
    return found.join(',');
  }

  /** Elements under `root` (inclusive) that the reader's rules name as boxes, up to the bound of `found`. */
  function ruleCandidatesIn(root, found) {
    if (!ruleSelector) return;
    for (const el of root.querySelectorAll(ruleSelector)) {
      if (found.length >= MAX_CANDIDATES) return;
      if (!el.closest(collapse.OURS)) found.push(el);
    }
    if (root !== document.body && found.length < MAX_CANDIDATES && root.matches(ruleSelector) && !root.closest(collapse.OURS)) {
      found.push(root);
    }
  }

  /**
   * The union of the queried selectors (those of never-rendered elements:
   * the rest announce themselves, step 0) this browser accepts. The build
   * joined them all; only if this browser refuses the union are they tried
   * one by one.
   */
  function usableSelector() {
    return precheck.unstyled.filter(accepted).join(',');
  }

  /**
   * Whether `root` holds an element any selector names, asked the cheap way
   * (classes through the class index, the rest one selector at a time; see
   * `probes` in tools/build-dist.mjs). Only a yes pays for the union.
   */
  function hasSignature(root) {
    for (const [cls, tag] of precheck.classes) {
      const found = root.getElementsByClassName(cls);
      for (let i = 0; i < found.length; i += 1) {
        if (!tag || found[i].localName === tag) return true;
      }
    }
    for (const query of precheck.queries) {
      try {
        if (root.querySelector(query)) return true;
      } catch {
        // A selector this browser refuses names nothing it can show.
      }
    }
    return false;
  }

  /** Matches of the selectors in `root`; the first refusal switches to the usable subset. */
  function selected(root) {
    try {
      return root.querySelectorAll(selector);
    } catch {
      selector = usableSelector();
      return selector ? root.querySelectorAll(selector) : [];
    }
  }

  /** Whether `el` itself matches a selector; a refusal switches to the usable subset. */
  function matchesSelector(el) {
    try {
      return selector !== '' && el.matches(selector);
    } catch {
      selector = usableSelector();
      return selector !== '' && el.matches(selector);
    }
  }

  /** Tests of folded texts for a phrase, or a control word (word-match.js). */
  const holdPhrase = wordMatch(phrases);
  const holdControlWord = wordMatch(controlWords);
  /** A platform's name (`named_platforms`): a box may only play its named embed (`plays_named_embed`, controls.rs). */
  const namePlatform = wordMatch(precheck.named_platforms);

  /**
   * A control's own label (its text, or an input's value, and its
   * aria-label), or null past MAX_LABEL_CHARS. Only the label is read,
   * never its surroundings: on a page with no box this is all a control
   * costs.
   */
  function labelOf(control) {
    const label = control.localName === 'input' ? control.value : control.textContent;
    if (label.length > MAX_LABEL_CHARS) return null;
    const aria = control.getAttribute('aria-label');
    return aria ? `${label} ${aria}` : label;
  }

  /**
   * Those of `controls` that are `switches` or whose label holds a consent
   * word. A page repeats its labels ("Share", "Reply"): each distinct label
   * is folded and looked up once.
   */
  function labelledToConsent(controls, switches) {
    // A switch gives consent by its state, whatever its label says ("Externer Inhalt").
    const labels = controls.map((control) => (switches.has(control) ? null : labelOf(control)));
    const distinct = new Map();
    for (const label of labels) {
      if (label !== null && !distinct.has(label)) distinct.set(label, distinct.size);
    }
    const held = distinct.size === 0 ? [] : holdControlWord(fold.each([...distinct.keys()]));
    return controls.filter((control, i) => switches.has(control) || (labels[i] !== null && held[distinct.get(labels[i])]));
  }

  /**
   * Buttons, inputs that are buttons, switches (a checkbox's label, or
   * role="switch"), role="button", links that act as buttons and elements
   * that are their own click target (`onclick`) under `root`, as the engine
   * counts controls (src/consent/controls.rs): buttons and inputs first
   * (what most boxes use, should a page have more than MAX_CONTROLS), each
   * kind in document order. A link with an address is one only if it acts
   * as a button (`CLICKABLE`) or is styled as one. Returns the controls, and
   * which of them are switches (`is_switch`, controls.rs), as found.
   */
  function controlsIn(root) {
    const buttons = [];
    const others = [];
    const switches = new Set();
    for (const el of root.querySelectorAll(CONTROLS)) {
      if (el.getAttribute('role') === 'switch') switches.add(el);
      if (el.localName === 'button') {
        buttons.push(el);
      } else if (el.localName === 'input') {
        if (BUTTON_INPUTS.has(el.type) || el.matches(CLICKABLE)) buttons.push(el);
        if (el.type === 'checkbox' && el.labels?.length) {
          buttons.push(el.labels[0]);
          switches.add(el.labels[0]);
        }
      } else if (
        el.localName !== 'a' ||
        !el.hasAttribute('href') ||
        el.matches(CLICKABLE) ||
        styledAsButton(el) ||
        reloadsWithConsent(el.getAttribute('href'))
      ) {
        // A label found as a click target may be a checkbox's too.
        if (el.localName === 'label' && el.control?.type === 'checkbox') switches.add(el);
        others.push(el);
      }
    }
    return { controls: buttons.concat(others), switches };
  }

  /** Whether a link's `?…` query has a parameter whose name gives consent (`reloads_with_consent`, controls.rs). */
  function reloadsWithConsent(href) {
    if (!href.startsWith('?')) return false;
    return href
      .slice(1)
      .split(/[&#]/)
      .some((pair) => pair.split('=')[0].split(/[-_]/).some((part) => CONSENT_QUERY_WORDS.has(part.toLowerCase())));
  }

  /** A class part (split at `-` and `_`) in BUTTON_PARTS: `_brlbs-btn`, `wp-block-button__link`. */
  function styledAsButton(el) {
    for (const cls of el.classList) {
      if (cls.toLowerCase().split(/[-_]/).some((part) => BUTTON_PARTS.has(part))) return true;
    }
    return false;
  }

  /**
   * Whether `block` keeps a blocked embed: its whole HTML in a `data-*`
   * attribute (as markup, entity-escaped or base64), or only its ID beside
   * the platform's name. The engine knows such a box by it and its control,
   * whatever its wording says (`html_in_attributes`,
   * src/consent/carriers/inert.rs; `id_embed`, src/consent/carriers.rs).
   */
  function parksEmbed(block) {
    const inside = block.getElementsByTagName('*');
    for (let i = -1; i < inside.length && i < MAX_PARK_ELEMENTS; i += 1) {
      const el = i < 0 ? block : inside[i];
      // Names as strings: walking `attributes` would build an Attr object for each.
      const names = el.getAttributeNames();
      for (const name of names) {
        if (name.startsWith('data-') && isEmbedHtml(el.getAttribute(name))) return true;
      }
      if (carriesId(el, names)) return true;
    }
    return false;
  }

  /**
   * Whether `el` keeps an embed's ID as the engine reads one: in a tool's
   * ID attribute, or in an attribute that may hold an ID (`holds_id`) with
   * a platform named in a class or id part, a tool's provider attribute or
   * an ID attribute's name. Looser than the engine (the ID's chars and the
   * platform's address are not checked), never stricter.
   */
  function carriesId(el, names) {
    if (names.some((name) => ID_HOOKS.has(name))) return true;
    if (!names.some((name) => holdsId(name, el.getAttribute(name)))) return false;
    const parts = `${el.getAttribute('class') ?? ''} ${el.id}`.split(/[\s_-]+/);
    const idNames = names.filter((name) => name.endsWith('id')).flatMap((name) => name.split(/[-_]/));
    return (
      parts.some(namesIdPlatform) ||
      ID_PROVIDERS.some((attr) => ID_PLATFORMS.has((el.getAttribute(attr) ?? '').trim().toLowerCase())) ||
      idNames.some((part) => ID_PLATFORMS.has(part))
    );
  }

  /** Whether a class or id part names a platform, or starts with a name long enough to (`id_embed`). */
  function namesIdPlatform(part) {
    const lower = part.trim().toLowerCase();
    return ID_PLATFORMS.has(lower) || ID_LEADING.some((platform) => lower.startsWith(platform));
  }

  /** Whether attribute `name` may hold an embed's ID (`holds_id`, src/consent/carriers.rs), of any platform. */
  function holdsId(name, value) {
    if (name.endsWith('id')) {
      return (
        ID_EMBEDS.id_words.some((word) => name.includes(word)) ||
        name === ID_EMBEDS.plain_attribute ||
        ID_EMBEDS.platform_names.some((platform) => name.includes(platform))
      );
    }
    if (!name.startsWith('data-')) return false;
    const bare = name.slice('data-'.length);
    return (ID_EMBEDS.id_words.includes(bare) || ID_PLATFORMS.has(bare)) && looksLikeId(value);
  }

  /** Letters and digits mixed, long enough (`looks_like_id`, src/consent/carriers.rs; its length is in UTF-8 bytes, here counted untrimmed: never shorter). */
  function looksLikeId(value) {
    return utf8.encode(value).length >= ID_EMBEDS.min_bare_id && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
  }

  /** Only a value's start is read (a page's data values can be long): a looser test than the engine's, never a stricter one. */
  function isEmbedHtml(raw) {
    if (raw.length < MIN_EMBED_HTML) return false;
    const start = raw.trimStart().slice(0, BASE64_PROBE_CHARS);
    if (start.startsWith('<') || start.startsWith('&lt;')) return true;
    if (!BASE64.test(start)) return false;
    try {
      return atob(start).trimStart().startsWith('<');
    } catch {
      return false;
    }
  }

  /**
   * The text of `el`, or null past MAX_BLOCK_CHARS. Cached per element:
   * controls share their parents, and a parent can be the whole article,
   * whose text must then be copied once per page, not once per control.
   */
  function boundedText(el, cache) {
    let text = cache.get(el);
    if (text === undefined) {
      text = el.textContent;
      if (text.length > MAX_BLOCK_CHARS) text = null;
      cache.set(el, text);
    }
    return text;
  }

  /**
   * A consent box always offers a control to consent (a button, or a link
   * acting as one) whose own label says so ("Accepter", "Inhalt laden"),
   * and its wording sits next to it. So phrases are looked for only in the
   * small block around such a control, never in the whole page's text: on
   * a long article that alone would cost milliseconds.
   * Returns block -> its text.
   */
  function blocksAroundControls(root) {
    const blocks = new Map();
    const texts = new Map();
    const { controls, switches } = controlsIn(root);
    for (const control of labelledToConsent(controls.slice(0, MAX_CONTROLS), switches)) {
      // A control of a box already collapsed (or of a line) is ours: its block was sent.
      if (control.closest(collapse.OURS)) continue;
      let block = control;
      let text = boundedText(block, texts);
      for (let level = 0; level < CONTROL_BLOCK_LEVELS; level += 1) {
        const parent = block.parentElement;
        if (!parent || parent === document.body) break;
        const parentText = boundedText(parent, texts);
        if (parentText === null) break;
        block = parent;
        text = parentText;
      }
      if (text !== null) blocks.set(block, text);
    }
    return blocks;
  }

  /**
   * Whether `block`, around a control labelled to consent, holds a frame
   * with no address of its own: the engine knows such a box by its control
   * and the frame, whatever its wording's language (a settings button over
   * a frame parked until consent; a frame waiting for its address).
   */
  const holdsFrameWithoutAddress = (block) => block.querySelector(FRAMES_WITHOUT_ADDRESS) !== null;

  /** Elements under `root` (inclusive) that may belong to a consent box. */
  function candidatesIn(root, found) {
    ruleCandidatesIn(root, found);
    if (selector && hasSignature(root)) {
      for (const el of selected(root)) {
        if (found.length >= MAX_CANDIDATES) return;
        found.push(el);
      }
    }
    // The probes look below `root`; a late box may be the inserted node itself.
    if (root !== document.body && matchesSelector(root)) found.push(root);
    if (phrases.length === 0) return;
    const blocks = [...blocksAroundControls(root)];
    if (blocks.length === 0) return;
    const texts = fold.each(blocks.map(([, text]) => text));
    const mentions = holdPhrase(texts);
    const named = namePlatform(texts);
    blocks.forEach(([block], i) => {
      if (found.length < MAX_CANDIDATES && (mentions[i] || named[i] || holdsFrameWithoutAddress(block) || parksEmbed(block))) {
        found.push(block);
      }
    });
  }

  /** The chain of possible regions for a candidate, smallest first. */
  function regionChain(candidate) {
    const chain = [];
    let el = candidate;
    for (let level = 0; el && level <= REGION_LEVELS; level += 1) {
      if (el === document.body || el === document.documentElement) break;
      if (!TABLE_PARTS.has(el.localName)) chain.push(el);
      el = el.parentElement;
    }
    return chain;
  }

  /**
   * Serialized regions around the candidates, none inside another, each
   * within the size bound and holding none of `avoid` (nodes whose children
   * changed while a region was analyzed). An element's markup is asked for
   * at most once per pass: on a long article every candidate's chain ends
   * at the same large ancestors. Each region keeps its elements in document
   * order, as serialized: the plan's targets index them.
   */
  function regionsFor(candidates, avoid = []) {
    const markup = new Map();
    const htmlOf = (el) => {
      if (!markup.has(el)) {
        const html = el.outerHTML;
        markup.set(el, html.length > MAX_REGION_CHARS ? null : html);
      }
      return markup.get(el);
    };
    const chosen = [];
    for (const candidate of candidates) {
      if (!candidate.isConnected || candidate.closest(collapse.OURS)) continue;
      if (chosen.some((region) => region.contains(candidate))) continue;
      const chain = regionChain(candidate);
      for (let i = chain.length - 1; i >= 0; i -= 1) {
        const region = chain[i];
        if (avoid.some((node) => region.contains(node)) || htmlOf(region) === null) continue;
        for (let j = chosen.length - 1; j >= 0; j -= 1) {
          if (region.contains(chosen[j])) chosen.splice(j, 1);
        }
        chosen.push(region);
        break;
      }
    }
    return chosen.map((region) =>
      regionEntry(
        region,
        htmlOf(region),
        candidates.filter((c) => region.contains(c)),
      ),
    );
  }

  const { data_scripts: dataScripts } = precheck;
  const stateSelector = dataScripts.selectors.join(',');

  /**
   * The page's data scripts (a framework's state: `__NEXT_DATA__`, JSON-LD,
   * `window.__NUXT__=…`; which ones is the engine's data), in document
   * order, sent beside the regions, never inside one: a box on such a page
   * may keep no URL while the state lists its embed. At most `max_chars`
   * in all; none on a page without them.
   */
  function pageData() {
    const found = [];
    let chars = 0;
    let scripts = [];
    try {
      scripts = document.querySelectorAll(`${stateSelector},${dataScripts.inline}`);
    } catch {
      return found; // a selector this browser refuses
    }
    for (const script of scripts) {
      if (!script.matches(stateSelector)) {
        const start = script.text.trimStart();
        if (!dataScripts.prefixes.some((prefix) => start.startsWith(prefix))) continue;
      }
      const html = script.outerHTML;
      if (chars + html.length > dataScripts.max_chars) continue;
      chars += html.length;
      found.push(html);
    }
    return found;
  }

  /** A region to send: its markup, and its elements in document order as serialized. */
  function regionEntry(region, html, candidates) {
    return { region, html, elements: [region, ...region.getElementsByTagName('*')], candidates, changed: [] };
  }

  // Work is done one request at a time, in order, so that a plan is always
  // applied to the page it was made from (as far as the page lets us).
  let queue = Promise.resolve();
  const enqueue = (task) => {
    queue = queue.then(task).catch(() => {});
    return queue;
  };

  /** Whether boxes are collapsed on this page: null until the first analysis's answer (or the background) says. */
  let on = null;
  async function isOn() {
    on ??= await collapsesHere();
    return on;
  }

  let following = false;
  /**
   * Only pages with candidates follow the settings, from their first answer
   * on: a quiet page never builds the storage API, and a change elsewhere
   * has nothing to redo here.
   */
  function follow() {
    if (following) return;
    following = true;
    ext.storageChanges.addListener((changes, area) => {
      if (area !== 'local' || !changes.settings) return;
      ruleSelector = ruleSelectorIn(changes.settings.newValue);
      rulesFollowed = true;
      collapsesHere().then((now) => now !== on && switchTo(now));
    });
  }

  /** Whether the reader's settings collapse boxes on this page; if the background can't say, the default (yes). */
  async function collapsesHere() {
    follow();
    const answer = await ext.runtime.sendMessage({ type: 'features', url: location.href }).catch(() => null);
    return messages.check(answer, 'site-features')?.collapse ?? true;
  }

  /** Regions sent and not answered yet: a change among their elements voids their plan. */
  const inFlight = new Set();

  async function analyzeAndApply(candidates) {
    if (on === false) return;
    try {
      await analyzeAndApplyOnce(candidates);
    } finally {
      // Whatever the answer (none, a failure, a site turned off), what the
      // early sheet hid and the engine did not collapse is the page's.
      if (on === false) adoptEarlySheet(false);
      else showKept(candidates);
    }
  }

  async function analyzeAndApplyOnce(candidates) {
    // The site's switch comes with the plans (one message, not two): on a
    // site turned off, the regions only reach our own background and its
    // answer is dropped: the page is not touched.
    let measure = debug?.begin();
    const regions = regionsFor(candidates);
    debug?.end(measure, 'serialize');
    const { changed, named } = await analyzeRegions(regions);
    if (changed.length === 0 && named.length === 0) return;
    // Sent once more, never a third time:
    // - a region that changed while analyzed, as the largest region around
    //   its candidates that holds none of the changed nodes (a feed that
    //   grows at the top leaves its entries alone);
    // - the one element that looks like a skipped target, on its own (the
    //   markup before it did not round-trip; its own markup may).
    measure = debug?.begin();
    const retry = regionsFor(
      changed.flatMap((entry) => entry.candidates),
      changed.flatMap((entry) => entry.changed),
    );
    for (const el of named) {
      if (!el.isConnected || el.closest(collapse.OURS) || retry.some(({ region }) => region.contains(el))) continue;
      const html = el.outerHTML;
      if (html.length <= MAX_REGION_CHARS) retry.push(regionEntry(el, html, []));
    }
    debug?.end(measure, 'serialize');
    const again = await analyzeRegions(retry);
    debug?.dropped(again.changed.length);
  }

  /**
   * Sends `regions` (in batches), applies the plans of those that did not
   * change since they were serialized. Returns those that did, and the
   * elements that look like skipped targets (`lookAlike` in collapse.js).
   */
  async function analyzeRegions(regions) {
    const changed = [];
    const named = new Set();
    for (const entry of regions) inFlight.add(entry);
    try {
      for (let start = 0; start < regions.length; start += messages.MAX_REGIONS) {
        const batch = regions.slice(start, start + messages.MAX_REGIONS);
        await analyzeBatch(batch, named);
        for (const entry of batch) {
          inFlight.delete(entry);
          if (entry.changed.length > 0) changed.push(entry);
        }
      }
    } finally {
      for (const entry of regions) inFlight.delete(entry);
    }
    return { changed, named: [...named] };
  }

  /** One request: applies each region's plan unless the region changed meanwhile. */
  async function analyzeBatch(batch, named) {
    const request = { type: 'analyze', url: location.href, regions: batch.map((r) => r.html) };
    // The regions go first: data that would make the request too large stays behind.
    const data = pageData();
    if (data.length > 0 && messages.check({ ...request, data }, 'analyze')) request.data = data;
    if (!messages.check(request, 'analyze')) return;
    debug?.sent(request.regions);
    const answer = await ext.runtime.sendMessage(request).catch(() => null);
    // Changes not yet delivered to the observer count too.
    noteChanges(observer.takeRecords());
    const reply = messages.check(answer, 'plans', 'failed');
    if (reply?.type !== 'plans') return;
    // The popup's switch, if flipped meanwhile, wins over the answer's.
    on ??= reply.collapse;
    // Following the settings builds the storage API: after the lines are in.
    setTimeout(follow);
    if (!on) return;
    const applying = debug?.begin();
    let added = 0;
    const skippedBefore = ledger.skipped;
    batch.forEach((entry, i) => {
      if (entry.changed.length > 0 || !reply.plans[i]) return;
      const result = ledger.apply(entry.region, entry.elements, reply.plans[i], reply.labels, reply.language);
      added += result.added;
      for (const target of result.skipped) {
        const el = collapse.lookAlike(entry.elements, target);
        if (el && el !== entry.region) named.add(el);
      }
    });
    debug?.end(applying, 'apply');
    debug?.skipped(ledger.skipped - skippedBefore);
    if (added > 0) {
      debug?.shown(readyAt);
      reportCount();
    }
  }

  function reportCount() {
    ext.runtime.sendMessage({ type: 'collapsed', count: ledger.count }).catch(() => {});
  }

  function scan(roots) {
    const candidates = [];
    for (const root of roots) candidatesIn(root, candidates);
    if (candidates.length > 0) enqueue(() => analyzeAndApply(candidates));
  }

  // Late boxes: the observer only collects added nodes (nothing else runs
  // per mutation); once per frame, the pre-check looks at those subtrees.
  let added = [];
  let frameRequested = false;
  function flush() {
    frameRequested = false;
    const measure = debug?.begin();
    const roots = [];
    for (const node of added) {
      const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      if (!el?.isConnected || el.getAttribute(collapse.MARK) === 'summary') continue;
      if (roots.some((root) => root.contains(el))) continue;
      roots.push(el);
    }
    added = [];
    if (on !== false) scan(roots);
    debug?.end(measure, 'late');
  }
  /** Whether a change is only our own lines coming or going. */
  const isSummary = (node) => node.nodeType === Node.ELEMENT_NODE && node.getAttribute(collapse.MARK) === 'summary';
  const ours = (record) => [...record.addedNodes, ...record.removedNodes].every(isSummary);

  /** Collects added nodes for the next frame's scan, and marks in-flight regions whose elements changed. */
  function noteChanges(records) {
    for (const record of records) {
      added.push(...record.addedNodes);
      if (inFlight.size === 0 || ours(record)) continue;
      for (const entry of inFlight) {
        if (entry.region.contains(record.target)) entry.changed.push(record.target);
      }
    }
    if (added.length > 0 && !frameRequested) {
      frameRequested = true;
      requestAnimationFrame(flush);
    }
  }
  const observer = new MutationObserver(noteChanges);

  /** The reader flipped the switch for this site: collapse, or put the page back exactly. */
  function switchTo(nowOn) {
    on = nowOn;
    adoptEarlySheet(nowOn);
    return enqueue(() => {
      if (nowOn) {
        scan([document.body ?? document.documentElement]);
      } else {
        ledger.undoAll();
        reportCount();
      }
    });
  }

  /** Whether the first whole-page scan has queued its work (onParsed): a state before it may still change. */
  let firstScanDone = false;
  /**
   * This page's state, once the work in progress is done (so that it is
   * settled); `scanned` when that work included the first scan's.
   */
  function state() {
    const scanned = firstScanDone;
    return queue.then(isOn).then((nowOn) => ({ type: 'state', host: location.hostname, on: nowOn, count: ledger.count, scanned }));
  }
  // The popup asks (browser-api.js `inTab`): no listener waits on a page never asked.
  ext.offer({
    state,
    /** The reader flipped the switch for this site (already stored). */
    setOn: (nowOn) => (typeof nowOn === 'boolean' ? switchTo(nowOn).then(state) : null),
  });

  /** Bench and test builds only (precheck.debug): costs, sizes and skips, written where they are read. */
  function debugMeter() {
    const root = document.documentElement;
    let cost = 0;
    let bytes = 0;
    let skipped = 0;
    let dropped = 0;
    const parts = {};
    /** Moments of the first analysis, ms since the epoch (the bench lines them up with the background's). */
    const moments = {};
    const moment = (name, at = performance.now(), last = false) => {
      if (last || moments[name] === undefined) moments[name] = Number((performance.timeOrigin + at).toFixed(1));
      root.dataset.epureMoments = JSON.stringify(moments);
    };
    return {
      begin: () => performance.now(),
      /**
       * Adds the time since `since` to the total and to `part` (start, late,
       * serialize, apply, idle, rules). The start is written with the next part:
       * an attribute written at injection would cost the page a style pass.
       */
      end(since, part) {
        const spent = performance.now() - since;
        cost += spent;
        parts[part] = (parts[part] ?? 0) + spent;
        if (part === 'apply') moment('answered', since);
        if (part === 'start') return;
        root.dataset.epureCostMs = cost.toFixed(3);
        root.dataset.epureCostParts = JSON.stringify(parts, (_, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v));
      },
      sent(regions) {
        moment('ready', readyAt);
        moment('sent');
        const sizes = regions.map((html) => new Blob([html]).size);
        bytes += sizes.reduce((sum, size) => sum + size, 0);
        root.dataset.epureBytes = String(bytes);
        root.dataset.epureRegionBytes = [root.dataset.epureRegionBytes, ...sizes].filter(Boolean).join(',');
      },
      shown(since) {
        moment('shown', performance.now(), true);
        root.dataset.epureShownMs = (performance.now() - since).toFixed(1);
      },
      /** Targets left alone because the live element differed from the engine's. */
      skipped(n) {
        skipped += n;
        root.dataset.epureSkipped = String(skipped);
      },
      /** Regions that changed while analyzed, twice: their plans were dropped. */
      dropped(n) {
        dropped += n;
        root.dataset.epureDropped = String(dropped);
      },
    };
  }

  // The picker (picker.js) hands over the boxes the reader just made or
  // changed a rule for: one already collapsed is put back first, for its
  // line to say what the rule says now.
  globalThis.epureAnalyzePicked = (elements) =>
    enqueue(() => {
      if (on !== false) ledger.release(elements);
      return analyzeAndApply(elements);
    });

  // ---- The early sheet and the style engine's signal (step 0) ----

  /** The animation the early sheet gives signature elements: its start says "styled", nothing moves. */
  const SEEN = 'epure-seen';
  /** The animation of frames signalled only for lacking their own address (`blocked_frames`). */
  const FRAME = 'epure-frame';
  /** How long the wording check may wait for idle time once the page is parsed. */
  const IDLE_TIMEOUT_MS = 1000;
  const hideSelector = `:is(${precheck.hide.join(',')})`;

  /**
   * The early sheet: signatures get the animation (frames known only for
   * lacking their own address their own one, which a tool's signature
   * overrides: `:where()` weighs nothing); the tools' boxes keep a
   * one-line space (the line's own height and margins, summary-line.js),
   * invisible, until the engine answers; a collapsed box is gone. `:is()`
   * forgives a selector this browser refuses. `font-size: inherit` makes
   * the em the line's own.
   */
  function earlyStyle() {
    const { ONE_ROW_EM, MARGIN_EM } = summaryLine;
    return `@keyframes ${SEEN} { from { --epure-seen: 1; } }
@keyframes ${FRAME} { from { --epure-seen: 1; } }
:where(${precheck.blocked_frames.join(',')}) { animation: ${FRAME} 1ms !important; }
:is(${precheck.signatures.join(',')}) { animation: ${SEEN} 1ms !important; }
${hideSelector}:not([${collapse.MARK}]) { display: block !important; visibility: hidden !important;
  box-sizing: border-box !important; font-size: inherit !important; height: ${ONE_ROW_EM}em !important;
  min-height: 0 !important; max-height: none !important; margin: ${MARGIN_EM}em 0 !important;
  padding: 0 !important; border: 0 !important; overflow: hidden !important; }
[${collapse.MARK}="collapsed"] { display: none !important; }`;
  }
  const earlySheet = new CSSStyleSheet();
  earlySheet.replaceSync(earlyStyle());
  /** Adopts or drops the early sheet (a site turned off shows its boxes as they are). */
  function adoptEarlySheet(adopt) {
    const others = [...document.adoptedStyleSheets].filter((sheet) => sheet !== earlySheet);
    document.adoptedStyleSheets = adopt ? [...others, earlySheet] : others;
  }
  adoptEarlySheet(true);

  /** Elements hidden early that the engine did not collapse: shown again at once. */
  function showKept(candidates) {
    ledger.keep(candidates.filter((el) => el.isConnected && el.matches(hideSelector)));
  }

  let parsed = false;
  let seen = [];
  /** Signature elements styled so far, analyzed once the page is parsed (a box's markup is whole then). */
  function analyzeSeen() {
    const candidates = seen.filter((el) => el.isConnected && !el.closest(collapse.OURS));
    seen = [];
    if (candidates.length > 0 && on !== false) enqueue(() => analyzeAndApply(candidates));
  }
  /** How an address starts, as the engine reads one (`is_address`, src/consent/carriers.rs). */
  const { address_prefixes: addressPrefixes } = precheck;
  /** Only a value's start is lowered: an attribute may hold a whole embed's HTML. */
  const ADDRESS_PREFIX_CHARS = Math.max(...addressPrefixes.map((prefix) => prefix.length));
  const isAddress = (value) => {
    const start = value.trimStart().slice(0, ADDRESS_PREFIX_CHARS).toLowerCase();
    return addressPrefixes.some((prefix) => start.startsWith(prefix));
  };

  /**
   * Whether a frame signalled only for lacking its own address keeps one
   * in another attribute, as a blocked embed's does (`parked_in_data`,
   * src/consent/carriers.rs). Ad slots keep none: their regions would cost
   * a long article a large message for nothing. The style engine tells
   * these frames apart (their own animation; a tool's signature wins).
   */
  function parksAddress(frame) {
    for (const name of frame.getAttributeNames()) {
      if (name !== 'src' && isAddress(frame.getAttribute(name))) return true;
    }
    return false;
  }

  let seenFrame = false;
  // On window, capturing: before any listener the page adds later.
  window.addEventListener(
    'animationstart',
    (event) => {
      if (!(event.target instanceof Element)) return;
      if (event.animationName === FRAME ? !parksAddress(event.target) : event.animationName !== SEEN) return;
      seen.push(event.target);
      if (parsed && !seenFrame) {
        seenFrame = true;
        requestAnimationFrame(() => {
          seenFrame = false;
          analyzeSeen();
        });
      }
    },
    true,
  );

  /** Once parsed: the signatures seen so far, then, in idle time, the wording-only boxes. */
  function onParsed() {
    parsed = true;
    readyAt = performance.now();
    analyzeSeen();
    const idle = globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 0));
    const scanned = new Promise((done) =>
      idle(
        () => {
          const measure = debug?.begin();
          scan([document.body ?? document.documentElement]);
          observer.observe(document.documentElement, { childList: true, subtree: true });
          debug?.end(measure, 'idle');
          firstScanDone = true;
          done();
        },
        { timeout: IDLE_TIMEOUT_MS },
      ),
    );
    // The rules' boxes, once both the settings and the first scan are in:
    // from then on the observer's scans include them.
    Promise.all([ext.settingsAtLoad(), scanned]).then(([settings]) => {
      if (!rulesFollowed) ruleSelector = ruleSelectorIn(settings);
      if (!ruleSelector || on === false) return;
      const measure = debug?.begin();
      const found = [];
      ruleCandidatesIn(document.body ?? document.documentElement, found);
      if (found.length > 0) enqueue(() => analyzeAndApply(found));
      debug?.end(measure, 'rules');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onParsed, { once: true });
  else onParsed();
  debug?.end(startedAt, 'start');
})();
