// The content script's first part, on every page from document_start: as
// little as a page with nothing to do must pay for (bench/README.md, issue 10).
//
// 0. One constructed stylesheet (generated selectors: the consent tools'
//    signatures, never heuristics) keeps the tools' own boxes out of sight,
//    in a one-line space, until the engine has answered, and gives every
//    signature element a one-millisecond animation: the browser's style
//    engine tells us of each one (`animationstart`) as it is styled, late
//    ones included, with no DOM query.
// 1. Once the page is parsed, in idle time, a pre-check (phrases and control
//    words generated at build time from the engine's own data, see
//    precheck-data.js) looks for boxes found by their wording only; then a
//    MutationObserver hands late subtrees to the same check, once per frame.
// 2. Only a page with a candidate (or one whose stored settings say
//    something at load: has-settings.js, or one the popup, the reader or
//    the picker asks) loads the rest, content-rest.js (content.js, the
//    line, collapse, tidy, capture), which the background injects into this
//    frame. A page with nothing: no message, no change, no extension API.

(() => {
  // Guard double injection: the same world can receive this file twice.
  if (globalThis.epureStart) return;

  const startedAt = performance.now();
  /** When the page was parsed: the bench times lines from here (document_idle, as before). */
  let readyAt = startedAt;
  const {
    epureApi: ext,
    epurePrecheck: precheck,
    epureFold: fold,
    epureWordMatch: wordMatch,
    epureMarks: marks,
  } = globalThis;

  /** Candidates looked at per pass: more than any page of boxes has. */
  const MAX_CANDIDATES = 200;
  /** Links that act as buttons (what a reader clicks to consent, besides buttons). */
  const LINK_CONTROLS = 'a[href="#"],a[href^="javascript:" i]';
  /** Controls found by selector: roles, boxes that are their own click target, links acting as buttons. */
  const CLICKABLE = ['[role="button"]', '[role="switch"]', '[onclick]', LINK_CONTROLS].join(',');
  /** Class parts of a link styled as a button (`BUTTON_CLASS_PARTS`, src/consent/controls.rs). */
  const BUTTON_PARTS = new Set(precheck.button_class_parts);
  /** Class parts that draw a play mark (`PLAY_CLASS_PARTS`, src/consent/controls.rs). */
  const PLAY_PARTS = new Set(precheck.play_class_parts);
  /** Elements that may be play marks (sorted out by their class parts in `playMarksIn`). */
  const PLAY_MARKS = [...PLAY_PARTS].map((part) => `[class*="${part}" i]`).join(',');
  /** Links that may be controls by their look: no address, or a class holding a button part (see below). */
  const BUTTON_LINKS = ['a:not([href])', ...[...BUTTON_PARTS].map((part) => `a[class*="${part}" i]`)].join(',');
  /** Links that reload the page itself with a query (`?accept_youtube=yes`): a control if a parameter gives consent. */
  const RELOADING_LINKS = 'a[href^="?"]';
  /** Parts of a parameter's name that give consent (`CONSENT_QUERY_WORDS`, src/consent/controls.rs). */
  const CONSENT_QUERY_WORDS = new Set(precheck.consent_query_words);
  /** Class parts that make an element the click target by the stylesheet alone (`CLICKABLE_CLASS_PARTS`, src/consent/controls.rs). */
  const CLICKABLE_PARTS = new Set(precheck.clickable_class_parts);
  /** Elements that may be such click targets (sorted out by their class parts in `controlsIn`). */
  const CLICKABLE_BY_CLASS = [...CLICKABLE_PARTS].map((part) => `[class*="${part}" i]`);
  /** Links to another page of the same site (`leads_to_site_page`, src/consent/controls.rs): a box's control when one stands alone and its label gives consent. */
  const SITE_LINKS = 'a[href^="/"]:not([href^="//"])';
  /** Every kind of control. */
  const CONTROLS = ['button', 'input', CLICKABLE, BUTTON_LINKS, RELOADING_LINKS, ...CLICKABLE_BY_CLASS].join(',');
  /** Elements that may be a clickable cover (`cover_before`, src/consent/controls.rs): the click target by a handler, focus or a pointer cursor. */
  const COVERS = '[onclick],[tabindex="0"],[style*="pointer" i]';
  /** Controls and covers in one selector: one walk of the page, not one per kind (sorted out in `controlsIn`). */
  const CONTROLS_AND_COVERS = `${CONTROLS},${COVERS}`;
  /** Frames without an address of their own: a blocked embed's, parked elsewhere or waiting for one. */
  const FRAMES_WITHOUT_ADDRESS = precheck.blocked_frames.join(',');
  /** Script types a tool blocked a script with (`is_blocked_script`, src/consent/carriers/inert.rs). */
  const BLOCKED_SCRIPTS = new Set(precheck.blocked_scripts);
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
  /** Wrappers holding a link alone looked past, as the engine does (`link_wrappers`, src/consent/precheck.rs). */
  const MAX_LINK_WRAPPERS = precheck.link_wrappers;
  /** Children of one element read for a control's surroundings, as the engine reads them (`children_read`). */
  const CHILDREN_READ = precheck.children_read;
  /** Input types that are buttons. */
  const BUTTON_INPUTS = new Set(['button', 'submit']);
  /** Controls looked at per pass; a page has tens, a box one or two. */
  const MAX_CONTROLS = 400;
  /** Frames looked at per pass for a parked address; a page has a few, a box one. */
  const MAX_FRAMES = 400;
  /** How far above a control its box's wording may sit, as the engine climbs (`control_levels`, src/consent/precheck.rs). */
  const CONTROL_BLOCK_LEVELS = precheck.control_levels;
  /** A block with more text than this is the page, not a box: stop climbing below it. */
  const MAX_BLOCK_CHARS = 4000;
  /** A control's own label longer than this is a card or a menu, not a consent button. */
  const MAX_LABEL_CHARS = 200;
  /** A note under a cover longer than this is prose, not its sentence (`MAX_ASK_CHARS`, src/consent/detect.rs). */
  const MAX_NOTE_CHARS = 400;
  /** Levels climbed from a block to find the blocks it lies in; a page nests a few tens deep. */
  const MAX_NESTING = 64;

  let selector = precheck.selector;
  const { phrases, purposes, controls: controlWords } = precheck;
  const debug = precheck.debug === true ? debugMeter() : null;

  /** Whether this browser accepts `css` as a selector. */
  function accepted(css) {
    try {
      document.createDocumentFragment().querySelector(css);
      return true;
    } catch {
      return false;
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
  const holdFixedPhrase = wordMatch(phrases);
  /**
   * Whether a folded text holds a verb, a thing to be seen and a consent
   * part of one language whose purposes the engine reads word by word
   * (`purposes`, src/consent/precheck.rs): forms no fixed phrase holds
   * ("tento obsah … se zobrazí … souhlasu"). A few short lists, tested
   * only on the blocks around consent controls.
   */
  const holdsPurpose = (text) =>
    purposes.some((words) => [words.see, words.this, words.consent].every((list) => list.some((w) => text.includes(w))));
  /** Tests of folded texts for a phrase or a purpose's words. */
  const holdPhrase = (texts) => holdFixedPhrase(texts).map((held, i) => held || holdsPurpose(texts[i]));
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
   * word (`consenting`), the others whose label names a platform
   * (`naming`: "Video von YouTube ansehen", a box whose sentence makes
   * clicking it the consent, `consents_by_its_button` in controls.rs), and
   * the rest (`unworded`: a label in words no language file has, "Derbyn").
   * A page repeats its labels ("Share", "Reply"): each distinct label is
   * folded and looked up once. Without `naming`, labels are not looked up
   * for a platform's name (the caller wants only `consenting`).
   */
  function labelled(controls, switches, naming = true) {
    // A switch gives consent by its state, whatever its label says ("Externer Inhalt").
    const labels = controls.map((control) => (switches.has(control) ? null : labelOf(control)));
    const distinct = new Map();
    for (const label of labels) {
      if (label !== null && !distinct.has(label)) distinct.set(label, distinct.size);
    }
    const folded = distinct.size === 0 ? [] : fold.each([...distinct.keys()]);
    const held = folded.length === 0 ? [] : holdControlWord(folded);
    const named = folded.length === 0 || !naming ? [] : namePlatform(folded);
    const consenting = [];
    const namingPlatform = [];
    const unworded = [];
    controls.forEach((control, i) => {
      const at = labels[i] === null ? -1 : distinct.get(labels[i]);
      if (switches.has(control) || held[at]) consenting.push(control);
      else if (named[at]) namingPlatform.push(control);
      else if (at >= 0) unworded.push(control);
    });
    return { consenting, naming: namingPlatform, unworded };
  }

  /**
   * Buttons, inputs that are buttons, switches (a checkbox's label, or
   * role="switch"), role="button", links that act as buttons and elements
   * that are their own click target (`onclick`) under `root`, as the engine
   * counts controls (src/consent/controls.rs): buttons and inputs first
   * (what most boxes use, should a page have more than MAX_CONTROLS), each
   * kind in document order. A link with an address is one only if it acts
   * as a button (`CLICKABLE`) or is styled as one. Returns the controls,
   * which of them are switches (`is_switch`, controls.rs), as found, the
   * elements that may be clickable covers (`COVERS`) in document order,
   * found in the same walk, and the links to a page of the site standing
   * alone (`siteLinks`), a control only where their label gives consent.
   */
  function controlsIn(root) {
    const buttons = [];
    const others = [];
    const switches = new Set();
    const covers = [];
    for (const el of root.querySelectorAll(CONTROLS_AND_COVERS)) {
      if (el.matches(COVERS)) {
        covers.push(el);
        if (!el.matches(CONTROLS)) continue;
      }
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
    const siteLinks = [];
    for (const link of root.querySelectorAll(SITE_LINKS)) {
      if (siteLinks.length >= MAX_CONTROLS) break;
      if (standsAlone(link)) siteLinks.push(link);
    }
    return { controls: buttons.concat(others), switches, covers, siteLinks };
  }

  /**
   * Whether no text runs beside `el`, past wrappers holding it alone, and
   * it is no list item's entry (a menu's link) (`stands_alone`, controls.rs).
   */
  function standsAlone(el) {
    let node = el;
    for (let level = 0; level <= MAX_LINK_WRAPPERS; level += 1) {
      const parent = node.parentElement;
      if (!parent) return true;
      if (parent.localName === 'li') return false;
      let child = parent.firstChild;
      for (let read = 0; child && read < CHILDREN_READ; read += 1) {
        if (child.nodeType === Node.TEXT_NODE && child.data.trim() !== '') return false;
        child = child.nextSibling;
      }
      if (parent.childElementCount > 1) return true;
      node = parent;
    }
    return true;
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
    return hasClassPart(el, BUTTON_PARTS);
  }

  /** Whether one of `el`'s class parts (split at `-` and `_`) is in `parts` (`has_class_part`, controls.rs). */
  function hasClassPart(el, parts) {
    for (const cls of el.classList) {
      if (cls.toLowerCase().split(/[-_]/).some((part) => parts.has(part))) return true;
    }
    return false;
  }

  /**
   * Play marks under `root`: elements drawn as a play button
   * (`is_play_control`, controls.rs). Where a tool's script binds the
   * click, a box's only control is such a mark over its parked embed,
   * with no button in the markup.
   */
  function playMarksIn(root) {
    const marksFound = [];
    for (const el of root.querySelectorAll(PLAY_MARKS)) {
      if (marksFound.length >= MAX_CONTROLS) break;
      if (hasClassPart(el, PLAY_PARTS) && !el.closest(marks.OURS)) marksFound.push(el);
    }
    return marksFound;
  }

  /**
   * Whether `block` keeps a blocked embed: its whole HTML in a `data-*`
   * attribute (as markup, entity-escaped or base64), or only its ID beside
   * the platform's name. The engine knows such a box by it and its control,
   * whatever its wording says (`html_in_attributes`,
   * src/consent/carriers/inert.rs; `id_embed`, src/consent/carriers.rs).
   */
  function parksEmbed(block, parks) {
    const inside = block.getElementsByTagName('*');
    for (let i = -1; i < inside.length && i < MAX_PARK_ELEMENTS; i += 1) {
      if (parksHere(i < 0 ? block : inside[i], parks)) return true;
    }
    return false;
  }

  /**
   * Whether `el` itself keeps a blocked embed (see `parksEmbed`), asked once
   * per scan (`parks`: element -> answer): a page's blocks nest, and each
   * would read the same attributes again.
   */
  function parksHere(el, parks) {
    let parked = parks.get(el);
    if (parked === undefined) {
      // Names as strings: walking `attributes` would build an Attr object for each.
      const names = el.getAttributeNames();
      parked =
        names.some((name) => name.startsWith('data-') && isEmbedHtml(el.getAttribute(name))) ||
        carriesId(el, names) ||
        keepsBlockedMarkup(el);
      parks.set(el, parked);
    }
    return parked;
  }

  /**
   * Whether `el` keeps an embed's ID as the engine reads one: in a tool's
   * ID attribute, or in an attribute that may hold an ID (`holds_id`) with
   * a platform named in a class or id part, a custom element's tag
   * (`amp-youtube`), a tool's provider attribute or an ID attribute's
   * name, or, for a video's ID, in a class or id part of the player's
   * wrappers (`wrapper_platform`). Looser than the engine (the ID's chars
   * and the platform's address are not checked), never stricter.
   */
  function carriesId(el, names) {
    if (names.some((name) => ID_HOOKS.has(name))) return true;
    const holding = names.filter((name) => holdsId(name, el.getAttribute(name)));
    if (holding.length === 0) return false;
    const tagNames = el.localName.includes('-') && el.localName.split('-').some(namesIdPlatform);
    const idNames = names.filter((name) => name.endsWith('id')).flatMap((name) => name.split(/[-_]/));
    return (
      namesPlatformInParts(el) ||
      tagNames ||
      ID_PROVIDERS.some((attr) => ID_PLATFORMS.has((el.getAttribute(attr) ?? '').trim().toLowerCase())) ||
      idNames.some((part) => ID_PLATFORMS.has(part)) ||
      (holding.some((name) => name.includes(ID_EMBEDS.wrapper_id_word)) && wrapperNamesPlatform(el))
    );
  }

  /** Whether a class or id part of `el` names a platform. */
  function namesPlatformInParts(el) {
    return `${el.getAttribute('class') ?? ''} ${el.id}`.split(/[\s_-]+/).some(namesIdPlatform);
  }

  /** Whether one of the player's wrappers above `el` names a platform in a class or id part. */
  function wrapperNamesPlatform(el) {
    let wrapper = el.parentElement;
    for (let level = 0; wrapper && level < ID_EMBEDS.max_player_wrappers; level++) {
      if (namesPlatformInParts(wrapper)) return true;
      wrapper = wrapper.parentElement;
    }
    return false;
  }

  /** Whether a class or id part names a platform, or starts with a name long enough to (`id_embed`). */
  function namesIdPlatform(part) {
    const lower = part.trim().toLowerCase();
    return ID_PLATFORMS.has(lower) || ID_LEADING.some((platform) => lower.startsWith(platform));
  }

  /** Whether attribute `name` may hold an embed's ID (`holds_id`, src/consent/carriers.rs), of any platform. */
  function holdsId(name, value) {
    // `code` as `id` (`data-yt-code`, `data-shortcode`): looser than the engine, which asks more of the name and value.
    if (name.endsWith('code')) return true;
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

  /** Whether `el` is a script a tool blocked (`type="text/plain"`) that keeps an embed's markup, as an attribute may (`parksEmbed`). */
  function keepsBlockedMarkup(el) {
    return el.localName === 'script' && BLOCKED_SCRIPTS.has(el.type.trim().toLowerCase()) && isEmbedHtml(el.text);
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
   * a long article that alone would cost milliseconds. Takes what
   * `controlsIn` found; returns block -> its text (`blocks`), and the blocks around controls
   * that only name a platform or are links to a page of the site labelled
   * to consent, which count only with a phrase (`asking`),
   * and the blocks around the other controls, which count only with an
   * embed parked in them (`parking`: the engine knows a box by its parked
   * embed whatever its control says, `is_parked_embed` in controls.rs).
   */
  function blocksAroundControls({ controls, switches, siteLinks }, parks) {
    const blocks = new Map();
    const asking = new Map();
    const parking = new Map();
    const texts = new Map();
    // Element -> whether it or a child parks an embed (see `parkedNear`).
    const near = new Map();
    const { consenting, naming, unworded } = labelled(controls.slice(0, MAX_CONTROLS), switches);
    // A link alone to a page of the site counts only where its label gives
    // consent and its block asks (a site's footer links "Cookie policy").
    const { consenting: consentingLinks } = labelled(siteLinks, new Set(), false);
    for (const [list, into] of [
      [consenting, blocks],
      [naming.concat(consentingLinks), asking],
      [unworded, parking],
    ]) {
      for (const control of list) {
        // A control of a box already collapsed (or of a line) is ours: its block was sent.
        if (control.closest(marks.OURS)) continue;
        // Most of a page's controls are unworded (its links): their blocks'
        // text is read only where an embed is parked near them.
        if (into === parking && !parkedNear(control, parks, near)) continue;
        const [block, text] = blockAround(control, texts);
        if (text !== null && !blocks.has(block)) into.set(block, text);
      }
    }
    return { blocks, asking, parking };
  }

  /**
   * Whether an embed is parked on one of the elements a control's block
   * may be (the control and its parents up to `CONTROL_BLOCK_LEVELS`) or
   * on one of their children, as a box keeps it beside its note (a hidden
   * frame) or on itself: no text read, each element's attributes once.
   */
  function parkedNear(control, parks, near) {
    let el = control;
    for (let level = 0; el && el !== document.body && level <= CONTROL_BLOCK_LEVELS; level += 1) {
      let parked = near.get(el);
      if (parked === undefined) {
        parked = parksHere(el, parks);
        let child = el.firstElementChild;
        for (let seen = 0; !parked && child && seen < MAX_PARK_ELEMENTS; seen += 1) {
          parked = parksHere(child, parks);
          child = child.nextElementSibling;
        }
        near.set(el, parked);
      }
      if (parked) return true;
      el = el.parentElement;
    }
    return false;
  }

  /**
   * Those of the `candidates` (`controlsIn`'s `covers`) that are clickable
   * covers whose next element is a short note that holds a phrase and
   * names a platform (`cover_before`, controls.rs): a thumbnail the reader clicks to load the player, its sentence printed
   * under it ("Clicking on this image will load the video and send data …
   * to YouTube/Google"). A cover has no text of its own.
   */
  function coversIn(candidates, found) {
    const covers = [];
    const notes = [];
    for (const el of candidates) {
      if (covers.length >= MAX_CONTROLS) break;
      const note = el.nextElementSibling;
      if (!note || el.closest(marks.OURS) || el.textContent.trim() !== '' || found.includes(el)) continue;
      const text = note.textContent;
      if (text.length > MAX_NOTE_CHARS) continue;
      covers.push(el);
      notes.push(text);
    }
    if (covers.length === 0) return;
    const folded = fold.each(notes);
    const phrased = holdPhrase(folded);
    const named = namePlatform(folded);
    covers.forEach((cover, i) => {
      if (found.length < MAX_CANDIDATES && phrased[i] && named[i]) found.push(cover);
    });
  }

  /** The block around `control` its box's wording may sit in, as the engine climbs, and its text (null: too long). */
  function blockAround(control, texts) {
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
    return [block, text];
  }

  /**
   * Blocks around play marks that keep a parked embed: a box whose only
   * control its script draws. A mark alone is any player's or gallery's;
   * the embed kept in an attribute is what says a tool holds it back.
   */
  function playBoxesIn(root, found, parks) {
    const texts = new Map();
    for (const mark of playMarksIn(root)) {
      if (found.length >= MAX_CANDIDATES) return;
      const [block, text] = blockAround(mark, texts);
      if (text !== null && !found.includes(block) && parksEmbed(block, parks)) found.push(block);
    }
  }

  /**
   * Whether `block`, around a control labelled to consent, holds a frame
   * with no address of its own: the engine knows such a box by its control
   * and the frame, whatever its wording's language (a settings button over
   * a frame parked until consent; a frame waiting for its address).
   */
  const holdsFrameWithoutAddress = (block) => block.querySelector(FRAMES_WITHOUT_ADDRESS) !== null;

  /**
   * Frames under `root` (inclusive) with no address of their own that park
   * one elsewhere: a tool often keeps such a frame `display: none` until
   * consent, and an element that is not rendered starts no animation, so
   * the style engine never signals it. A page has few frames; the tag
   * index finds them without matching a selector against every element.
   */
  function parkedFramesIn(root, found) {
    const frames = root.localName === 'iframe' ? [root] : root.getElementsByTagName('iframe');
    for (let i = 0; i < frames.length && i < MAX_FRAMES; i += 1) {
      const frame = frames[i];
      if (found.length >= MAX_CANDIDATES) return;
      if (!frame.matches(FRAMES_WITHOUT_ADDRESS) || !parksAddress(frame) || found.includes(frame)) continue;
      if (!frame.closest(marks.OURS)) found.push(frame);
    }
  }

  // ---- Boxes a page's script draws (src/consent/scripted_box.rs) ----

  const DRAWN = precheck.scripted_boxes;
  /** Custom elements (a hyphen in the name): a page's script may draw a box in one, in its shadow root. */
  const CUSTOM_ELEMENTS = "descendant-or-self::*[contains(local-name(), '-')]";
  /** Custom elements looked at per pass; a page has tens. */
  const MAX_CUSTOM_ELEMENTS = 400;
  const CONSENT_WORDS = DRAWN.consent_words;
  const NOT_WORDING = new Set(DRAWN.not_wording);
  /** Elements whose text is no wording. */
  const UNREAD_TEXT = new Set(['style', 'script']);
  /** Hosts found with an open shadow root: their regions are sent with it (`shadowHostsIn`). */
  const drawnHosts = new Set();

  /** Whether folded text holds a word starting as a consent word does (`says_consent`). */
  function saysConsent(folded) {
    return folded.split(/[^\p{L}\p{N}]+/u).some((word) => word !== '' && CONSENT_WORDS.some((c) => word.startsWith(c)));
  }

  /**
   * Whether custom element `host` may be a box its script draws, as the
   * engine knows one (`is_scripted_box`), looser, never stricter: an
   * address in its attributes or its open shadow root's (or an ID beside
   * the platform its tag names, `carriesId`), and consent said
   * in its attributes (their names or values) or its open shadow root's
   * text. A closed shadow root is not seen: the attributes are all there is.
   */
  function drawsBox(host) {
    const names = host.getAttributeNames().slice(0, DRAWN.max_attributes);
    const values = names.map((name) => host.getAttribute(name));
    let address = values.some(isAddress) || carriesId(host, names);
    const wording = names.flatMap((name, i) => (NOT_WORDING.has(name) ? [] : [name.replace(/[-_]/g, ' '), values[i]]));
    const shadow = host.shadowRoot;
    let text = '';
    if (shadow) {
      // Its elements' attributes and its text, not its style sheets' (a node bound: a drawn box is a few tens).
      const walker = document.createTreeWalker(shadow, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let i = 0; i < DRAWN.max_shadow_nodes && walker.nextNode(); i += 1) {
        const node = walker.currentNode;
        if (node.nodeType === Node.ELEMENT_NODE) {
          address ||= node.getAttributeNames().slice(0, DRAWN.max_attributes).some((name) => isAddress(node.getAttribute(name)));
        } else if (text.length < DRAWN.max_shadow_chars && !UNREAD_TEXT.has(node.parentNode?.localName)) {
          text += ` ${node.data}`;
        }
      }
    }
    if (!address) return false;
    const folded = fold.each([...wording, text].map((t) => t.slice(0, DRAWN.max_shadow_chars)));
    if (folded.some(saysConsent)) return true;
    const phrased = holdPhrase(folded);
    const controlled = text === '' ? [] : holdControlWord([folded[folded.length - 1]]);
    return phrased.some(Boolean) || controlled.some(Boolean);
  }

  /**
   * Custom elements under `root` (inclusive) a script may draw a box in.
   * No selector names them: one native XPath query does, so the page's
   * elements are not walked in script.
   */
  function drawnBoxesIn(root, found) {
    let hosts;
    try {
      hosts = document.evaluate(CUSTOM_ELEMENTS, root, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
    } catch {
      return; // a root XPath cannot start from
    }
    for (let i = 0; i < hosts.snapshotLength && i < MAX_CUSTOM_ELEMENTS; i += 1) {
      if (found.length >= MAX_CANDIDATES) return;
      const host = hosts.snapshotItem(i);
      if (host.closest(marks.OURS) || found.includes(host) || !drawsBox(host)) continue;
      found.push(host);
      if (host.shadowRoot) drawnHosts.add(host);
    }
  }

  /** Elements under `root` (inclusive) that may belong to a consent box. */
  function candidatesIn(root, found) {
    rest?.ruleCandidatesIn(root, found);
    if (selector && hasSignature(root)) {
      for (const el of selected(root)) {
        if (found.length >= MAX_CANDIDATES) return;
        found.push(el);
      }
    }
    // The probes look below `root`; a late box may be the inserted node itself.
    if (root !== document.body && matchesSelector(root)) found.push(root);
    parkedFramesIn(root, found);
    drawnBoxesIn(root, found);
    // Each element's attributes are read for a parked embed once per pass (see `parksHere`).
    const parks = new Map();
    playBoxesIn(root, found, parks);
    if (phrases.length === 0) return;
    const controls = controlsIn(root);
    coversIn(controls.covers, found);
    const { blocks, asking, parking } = blocksAroundControls(controls, parks);
    if (asking.size > 0) {
      const entries = [...asking];
      const phrased = holdPhrase(fold.each(entries.map(([, text]) => text)));
      entries.forEach(([block], i) => {
        if (found.length < MAX_CANDIDATES && phrased[i] && !found.includes(block)) found.push(block);
      });
    }
    for (const block of parking.keys()) {
      if (found.length >= MAX_CANDIDATES) break;
      if (!blocks.has(block) && !found.includes(block) && parksEmbed(block, parks)) found.push(block);
    }
    if (blocks.size === 0) return;
    const entries = [...blocks];
    const outer = outermost(blocks);
    // The outermost blocks first; those inside one only if it may hold something.
    const tops = entries.filter(([block]) => outer.get(block) === block);
    const hits = new Set();
    const opened = new Set();
    holding(tops, parks).forEach((held, i) => {
      const [top] = tops[i];
      if (held) hits.add(top);
      if (held || top.getElementsByTagName('*').length >= MAX_PARK_ELEMENTS) opened.add(top);
    });
    const within = entries.filter(([block]) => outer.get(block) !== block && opened.has(outer.get(block)));
    holding(within, parks).forEach((held, i) => {
      if (held) hits.add(within[i][0]);
    });
    for (const [block] of entries) {
      if (found.length < MAX_CANDIDATES && hits.has(block)) found.push(block);
    }
  }

  /**
   * For each of `blocks`, the outermost of them it lies in (itself if
   * none). Blocks nest as a page's controls share their parents, and
   * whatever makes a block a candidate (a phrase or a platform's name in its
   * text, a frame without an address, a parked embed) is in each block
   * around it too, but for an embed parked past the first
   * MAX_PARK_ELEMENTS elements, which the caller allows for. Blocks deeper
   * than MAX_NESTING below another are taken as their own: read on their
   * own, never missed.
   */
  function outermost(blocks) {
    const outer = new Map();
    for (const block of blocks.keys()) {
      let top = block;
      let el = block.parentElement;
      for (let depth = 0; el && el !== document.body && depth < MAX_NESTING; depth += 1) {
        if (blocks.has(el)) top = el;
        el = el.parentElement;
      }
      outer.set(block, top);
    }
    return outer;
  }

  /** For each [block, text], whether it may be a box known by its wording, a frame without address or a parked embed. */
  function holding(list, parks) {
    if (list.length === 0) return [];
    const texts = fold.each(list.map(([, text]) => text));
    const mentions = holdPhrase(texts);
    const named = namePlatform(texts);
    return list.map(([block], i) => mentions[i] || named[i] || holdsFrameWithoutAddress(block) || parksEmbed(block, parks));
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
      if (!el?.isConnected || el.getAttribute(marks.MARK) === 'summary') continue;
      if (roots.some((root) => root.contains(el))) continue;
      roots.push(el);
    }
    added = [];
    if (!off()) scan(roots);
    debug?.end(measure, 'late');
  }

  /** Collects added nodes for the next frame's scan; the rest, once loaded, marks its in-flight regions. */
  function noteChanges(records) {
    if (early && !early.taken) early.records.push(...records);
    rest?.changed(records);
    for (const record of records) added.push(...record.addedNodes);
    if (added.length > 0 && !frameRequested) {
      frameRequested = true;
      requestAnimationFrame(flush);
    }
  }
  const observer = new MutationObserver(noteChanges);

  // ---- Regions: what is sent to the engine around the candidates ----

  /** How far above a candidate the region reaches: a box wraps its buttons and its embed a few levels up. */
  const REGION_LEVELS = 4;
  /** A region larger than this is cut down a level; a box is a few KB, an article a few hundred. */
  const MAX_REGION_CHARS = 512 * 1024;
  /** Elements whose outerHTML does not survive parsing as body content: climb past them. */
  const TABLE_PARTS = new Set(['tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption', 'colgroup', 'col']);

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
        const html = withShadows(el, shadowHostsIn(el));
        markup.set(el, html.length > MAX_REGION_CHARS ? null : html);
      }
      return markup.get(el);
    };
    const chosen = [];
    for (const candidate of candidates) {
      if (!candidate.isConnected || candidate.closest(marks.OURS)) continue;
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
        shadowHostsIn(region),
      ),
    );
  }

  /**
   * The drawn boxes' hosts in `region` (inclusive) whose open shadow root
   * is sent with it, in document order. None where this browser cannot
   * serialize a shadow root (`getHTML`): their attributes are sent.
   */
  function shadowHostsIn(region) {
    if (typeof region.getHTML !== 'function') return [];
    const hosts = [];
    for (const host of drawnHosts) {
      if (!host.isConnected) drawnHosts.delete(host);
      else if (host.shadowRoot && region.contains(host)) hosts.push(host);
    }
    return hosts.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  /**
   * `el`'s markup with `hosts`' shadow roots, each written as the
   * declarative shadow root the engine reads (`<template shadowrootmode>`,
   * the host's first child), as `outerHTML` writes the rest.
   */
  function withShadows(el, hosts) {
    const outer = el.outerHTML;
    if (hosts.length === 0) return outer;
    const inner = el.innerHTML;
    const start = outer.slice(0, outer.length - inner.length - `</${el.localName}>`.length);
    return `${start}${el.getHTML({ shadowRoots: hosts.map((host) => host.shadowRoot) })}</${el.localName}>`;
  }

  const { data_scripts: dataScripts } = precheck;
  const stateSelector = dataScripts.selectors.join(',');

  /** A platform's name, in any case (`named_platforms`); built on a page's first send. */
  let platformNamed = null;
  /**
   * Whether an inline script is a consent tool's configuration the engine
   * may read a box's platform from (`configured.rs`): one of the page's
   * first `config_scripts`, naming a platform in its first `config_chars`.
   */
  function configures(script, inlineSeen) {
    if (inlineSeen > dataScripts.config_scripts) return false;
    platformNamed ??= new RegExp(precheck.named_platforms.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    return platformNamed.test(script.text.slice(0, dataScripts.config_chars));
  }

  /**
   * The page's data scripts (a framework's state: `__NEXT_DATA__`, JSON-LD,
   * `window.__NUXT__=…`; which ones is the engine's data) and the consent
   * tools' configurations, in document order, sent beside the regions,
   * never inside one: a box on such a page may keep no URL while the state
   * lists its embed, or no platform while its tool's configuration names
   * it. At most `max_chars` in all; none on a page without them.
   */
  function pageData() {
    const found = [];
    let chars = 0;
    let inlineSeen = 0;
    let scripts = [];
    try {
      scripts = document.querySelectorAll(`${stateSelector},${dataScripts.inline}`);
    } catch {
      return found; // a selector this browser refuses
    }
    for (const script of scripts) {
      if (!script.matches(stateSelector)) {
        inlineSeen += 1;
        let start = script.text.trimStart();
        if (start.startsWith(dataScripts.block_open)) start = start.slice(dataScripts.block_open.length).trimStart();
        if (!dataScripts.prefixes.some((prefix) => start.startsWith(prefix)) && !configures(script, inlineSeen)) continue;
      }
      const html = script.outerHTML;
      if (chars + html.length > dataScripts.max_chars) continue;
      chars += html.length;
      found.push(html);
    }
    return found;
  }

  /**
   * A region to send: its markup, and its elements in document order as
   * serialized. Each host whose shadow root the markup writes
   * (`shadowHosts`) is followed by its `<template>` there: a stand-in,
   * never in the page, keeps the count (the template's content is not
   * listed, as the engine does not list it).
   */
  function regionEntry(region, html, candidates, shadowHosts = []) {
    const elements = [region, ...region.getElementsByTagName('*')];
    for (const host of [...shadowHosts].reverse()) {
      const at = elements.indexOf(host);
      if (at >= 0) elements.splice(at + 1, 0, document.createElement('template'));
    }
    return { region, html, elements, candidates, changed: [] };
  }

  // ---- The rest (content-rest.js), loaded where there is something to do ----

  /** What the rest gives once loaded (content.js `connect`): null until then. */
  let rest = null;
  /** Candidates found before the rest was in: handed over as it connects. */
  let waiting = [];
  let loading = null;
  /** Whether the reader turned boxes off on this site (the rest knows; until it is in, no). */
  const off = () => rest?.off() === true;

  /**
   * The first request, sent with the call for the rest (`sendEarly`): its
   * candidates, regions, answer, and the changes seen until the rest takes
   * it (`taken`); null if none.
   */
  let early = null;

  /**
   * Asks the background to inject the rest into this frame, once, with
   * `regions` (serialized) to analyze meanwhile if given: the answer then
   * comes once both are done, and the injection's round trip costs the
   * first lines nothing more. Should the rest not come (the background
   * gone, a page that refuses), what the early sheet hides is shown again:
   * never a box kept out of sight for nothing.
   */
  function loadRest(regions = null) {
    if (loading) return loading;
    const request = { type: 'load-content' };
    if (regions) {
      Object.assign(request, { url: location.href, regions: regions.map((entry) => entry.html) });
      const data = pageData();
      if (data.length > 0) request.data = data;
      debug?.sent(request.regions);
    }
    const answer = ext.runtime.sendMessage(request).catch(() => null);
    loading = answer.then(() => {
      if (rest) return;
      waiting = [];
      early = null;
      adoptEarlySheet(false);
    });
    return answer;
  }

  /** The first candidates: their regions go with the call for the rest (`loadRest`). */
  function sendEarly(candidates) {
    const regions = regionsFor(candidates);
    if (regions.length === 0) return;
    early = { candidates, regions, answer: loadRest(regions), records: [], taken: false };
  }

  /** Candidates to the rest: at once if it is in, else once it is (asked for now). */
  function hand(candidates) {
    if (rest) {
      rest.analyze(candidates);
    } else if (!loading) {
      sendEarly(candidates);
      if (!early) waiting.push(...candidates);
      loadRest();
    } else {
      waiting.push(...candidates);
    }
  }

  function scan(roots) {
    const candidates = [];
    for (const root of roots) candidatesIn(root, candidates);
    if (candidates.length > 0) hand(candidates);
  }

  let firstScanDone;
  /** Settled once the first whole-page scan has handed over what it found. */
  const scanned = new Promise((done) => {
    firstScanDone = done;
  });
  let scannedYet = false;
  scanned.then(() => {
    scannedYet = true;
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
      /** The rest is in (content.js connected): before `ready` when a tool's box asked for it early. */
      restIn() {
        moment('rest');
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
   * invisible, until the engine answers; a collapsed box is gone.
   * `font-size: inherit` makes the em the line's own.
   *
   * The selectors are plain lists, not one `:is()`: the style engine files
   * a plain selector under its element's class, id, tag or attribute and
   * checks it only there, while an `:is()` of many is checked against every
   * element of the page on every style pass (a full pass of a long article
   * measured several ms slower in Chromium, bench/README.md "ninth pass").
   * A plain list is dropped whole if this browser refuses one selector:
   * then (`forgiving`) the lists are wrapped in `:is()`, which forgives it.
   */
  function earlyStyle(forgiving) {
    const { ONE_ROW_EM, MARGIN_EM } = marks;
    const list = (selectors, suffix = '') =>
      forgiving ? `:is(${selectors.join(',')})${suffix}` : selectors.map((s) => `${s}${suffix}`).join(',');
    return `@keyframes ${SEEN} { from { --epure-seen: 1; } }
@keyframes ${FRAME} { from { --epure-seen: 1; } }
:where(${precheck.blocked_frames.join(',')}) { animation: ${FRAME} 1ms !important; }
${list(precheck.signatures)} { animation: ${SEEN} 1ms !important; }
${list(precheck.hide, `:not([${marks.MARK}])`)} { display: block !important; visibility: hidden !important;
  box-sizing: border-box !important; font-size: inherit !important; height: ${ONE_ROW_EM}em !important;
  min-height: 0 !important; max-height: none !important; margin: ${MARGIN_EM}em 0 !important;
  padding: 0 !important; border: 0 !important; overflow: hidden !important; }
[${marks.MARK}="collapsed"] { display: none !important; }`;
  }
  /** The early sheet's rules (two keyframes, four style rules): fewer means a list was refused. */
  const EARLY_RULES = 6;
  const earlySheet = new CSSStyleSheet();
  earlySheet.replaceSync(earlyStyle(false));
  if (earlySheet.cssRules.length < EARLY_RULES) earlySheet.replaceSync(earlyStyle(true));
  /** Adopts or drops the early sheet (a site turned off shows its boxes as they are). */
  function adoptEarlySheet(adopt) {
    const others = [...document.adoptedStyleSheets].filter((sheet) => sheet !== earlySheet);
    document.adoptedStyleSheets = adopt ? [...others, earlySheet] : others;
  }
  adoptEarlySheet(true);

  let parsed = false;
  let seen = [];
  /** Signature elements styled so far, analyzed once the page is parsed (a box's markup is whole then). */
  function analyzeSeen() {
    const candidates = seen.filter((el) => el.isConnected && !el.closest(marks.OURS));
    seen = [];
    if (candidates.length > 0 && !off()) hand(candidates);
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
    // Tidy, the reader's auto mode and the site rules are in the rest.
    if (ext.settingsSayAtLoad()) loadRest();
    analyzeSeen();
    const idle = globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 0));
    idle(
      () => {
        const measure = debug?.begin();
        scan([document.body ?? document.documentElement]);
        observer.observe(document.documentElement, { childList: true, subtree: true });
        debug?.end(measure, 'idle');
        firstScanDone();
      },
      { timeout: IDLE_TIMEOUT_MS },
    );
  }
  globalThis.epureStart = Object.freeze({
    debug,
    MAX_CANDIDATES,
    MAX_REGION_CHARS,
    accepted,
    regionsFor,
    regionEntry,
    pageData,
    readyAt: () => readyAt,
    /** Whether the first whole-page scan is done; `scanned` settles then. */
    scannedYet: () => scannedYet,
    scanned,
    scan,
    adoptEarlySheet,
    hideSelector,
    /** Changes not yet delivered to the observer (the rest asks before applying an answer). */
    takeRecords: () => noteChanges(observer.takeRecords()),
    /**
     * The rest's part (content.js): `analyze(candidates)`, `off()`,
     * `changed(records)`, `ruleCandidatesIn(root, found)`. What waited is
     * handed over now.
     */
    connect(part) {
      rest = part;
      debug?.restIn();
      if (early) part.analyzeEarly(early);
      const now = waiting;
      waiting = [];
      if (now.length > 0) part.analyze(now.filter((el) => el.isConnected));
    },
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onParsed, { once: true });
  else onParsed();
  debug?.end(startedAt, 'start');
})();
