// The element picker, and the options page's "test on the open tab".
//
// Loaded only when asked for (browser-api.js `inPicker`), then idle until
// called: the popup calls `pick`; the reader then points at a box or a piece of
// clutter (mouse, tap, or the keyboard: arrows move, Enter picks), sees the
// selector Épure proposes and how many elements it matches, and confirms.
// The background stores the selector in this site's rule (the engine
// validates it; a refused one is shown with the engine's reason) and the
// picked elements are handled at once: a box goes to content.js for the
// engine to collapse, clutter is hidden. Esc cancels and stores nothing.
//
// The picker's panel lives in a shadow root styled by a constructed sheet
// (a page's CSP does not govern those; see summary-line.js); picker.css
// holds only the few marks it and the rule test leave on page elements.

(() => {
  if (globalThis.epurePickerLoaded) return;
  globalThis.epurePickerLoaded = true;

  const { epureApi: ext, epureMessages: messages } = globalThis;

  /** Marks our own host element (not `data-epure`: content.js owns that one). */
  const HOST_MARK = 'data-epure-picker';
  /** Clutter the reader just picked, hidden by picker.css until the page is reloaded. */
  const HIDDEN_MARK = 'data-epure-clutter';
  /** Elements a rule test matched, outlined by picker.css. */
  const OUTLINE_MARK = 'data-epure-outline';
  /** How long a rule test's outline stays: long enough to find them, short enough not to linger. */
  const OUTLINE_MS = 3000;
  /** Ancestors looked at to anchor a selector: a box's own wrapper is rarely further up. */
  const MAX_ANCESTOR_LEVELS = 4;
  /** Classes per element used in a proposal: more makes a selector that breaks on any redesign. */
  const MAX_CLASSES = 3;
  /** A class or id longer than this is generated, not written by the site's developers. */
  const MAX_NAME_CHARS = 40;
  /**
   * Names written by hand and kept across deploys: a letter first, then
   * word characters and hyphens. Runs of 3+ digits, CSS-in-JS prefixes and
   * state classes change between page loads or while the reader hovers.
   */
  const NAME = /^[A-Za-z][\w-]*$/;
  const GENERATED = /\d{3,}|^(css|sc|jsx|emotion|svelte|styled)-|^(is|has)-|(^|-)(active|hover|focus|open|visible|selected)$/i;
  /** Attributes that name a component on purpose (test ids, components), with short plain values. */
  const STABLE_ATTRIBUTES = ['data-testid', 'data-component', 'data-module', 'itemprop'];
  const ATTRIBUTE_VALUE = /^[\w -]{1,40}$/;
  /** Elements never picked: the page itself, and what holds no box. */
  const UNPICKABLE = new Set(['html', 'body', 'head', 'script', 'style']);

  const stable = (name) => typeof name === 'string' && name.length <= MAX_NAME_CHARS && NAME.test(name) && !GENERATED.test(name);

  /** Simple selectors for `el` alone, most readable first. */
  function compounds(el) {
    const tag = el.localName;
    const found = [];
    if (stable(el.id)) found.push(`#${el.id}`);
    const classes = [...el.classList].filter(stable).slice(0, MAX_CLASSES);
    for (const name of classes) found.push(`.${name}`, `${tag}.${name}`);
    if (classes.length > 1) found.push(`${tag}.${classes.join('.')}`);
    for (const attribute of STABLE_ATTRIBUTES) {
      const value = el.getAttribute(attribute);
      if (value !== null && ATTRIBUTE_VALUE.test(value)) found.push(`${tag}[${attribute}="${value}"]`);
    }
    return found;
  }

  /** The page's elements `selector` matches (none if this browser refuses it), ours left out. */
  function matching(selector) {
    try {
      return [...document.querySelectorAll(selector)].filter((el) => !el.closest(`[${HOST_MARK}]`));
    } catch {
      return [];
    }
  }

  /**
   * The selector proposed for `picked`: made of stable ids, classes and
   * attributes only (never child positions), anchored on a stable ancestor
   * when the element's own names are not enough. The first that matches
   * exactly the picked elements wins; else the one matching all of them
   * with the fewest others. Null when nothing stable names them.
   */
  function propose(picked) {
    const [first] = picked;
    if (!first) return null;
    const own = compounds(first);
    const anchors = [];
    let el = first.parentElement;
    for (let level = 0; el && level < MAX_ANCESTOR_LEVELS && !UNPICKABLE.has(el.localName); level += 1) {
      anchors.push(...compounds(el).filter((s) => s.startsWith('#') || s.startsWith('.')));
      el = el.parentElement;
    }
    const tries = [...own, ...anchors.flatMap((anchor) => [...own, first.localName].map((s) => `${anchor} ${s}`))];
    let best = null;
    for (const selector of tries) {
      const found = matching(selector);
      if (!picked.every((p) => found.includes(p))) continue;
      if (found.length === picked.length) return selector;
      if (!best || found.length < best.count) best = { selector, count: found.length };
    }
    return best?.selector ?? null;
  }

  // ---- The picker's panel ----------------------------------------------------

  const STYLE = `
:host { all: initial; }
.frame { position: fixed; box-sizing: border-box; pointer-events: none; border: 2px solid #d97706;
  background: rgb(217 119 6 / 0.15); display: none; }
.frame.picked { border-color: #3b5b7a; background: rgb(59 91 122 / 0.2); }
.panel { position: fixed; left: 8px; right: 8px; bottom: 8px; max-width: 34rem; margin: 0 auto;
  box-sizing: border-box; pointer-events: auto; padding: 10px 12px; border-radius: 8px;
  font: 14px/1.4 system-ui, sans-serif; color: #1b1b1b; background: #fff; border: 1px solid #888;
  box-shadow: 0 2px 10px rgb(0 0 0 / 0.3); }
.panel.top { top: 8px; bottom: auto; }
@media (prefers-color-scheme: dark) { .panel { color: #eee; background: #222; } }
p { margin: 0 0 8px; }
label { display: block; margin: 0 0 6px; }
input[type="text"] { box-sizing: border-box; width: 100%; font: 13px ui-monospace, monospace; padding: 6px; }
fieldset { border: 0; margin: 0 0 6px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; }
fieldset label { display: inline-flex; gap: 4px; align-items: center; margin: 0; }
.buttons { display: flex; flex-wrap: wrap; gap: 8px; }
button { font: inherit; min-height: 36px; padding: 4px 12px; }
output { display: block; margin: 0 0 6px; }
.error { color: #b3261e; }
[hidden] { display: none !important; }
`;
  let sheet = null;
  /** The panel's sheet, built once, on the first pick. */
  function pickerSheet() {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    return sheet;
  }

  /** Builds an element of the panel, its text set as text. */
  function make(tag, props = {}, children = []) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value);
    }
    el.append(...children);
    return el;
  }

  /** The one picker session, or null. */
  let session = null;

  function startPicking() {
    if (session) return;
    const host = make('div', { [HOST_MARK]: '' });
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [pickerSheet()];
    const hoverFrame = make('div', { class: 'frame' });
    const hint = make('p', { id: 'hint', text: ext.t('pickerHint') });
    const selectorField = make('input', { type: 'text', id: 'selector', spellcheck: 'false', autocomplete: 'off' });
    const count = make('output', { id: 'count' });
    const error = make('output', { id: 'error', class: 'error', 'aria-live': 'polite' });
    const kindBox = make('input', { type: 'radio', name: 'kind', value: 'boxes', id: 'kind-box', checked: '' });
    const kindClutter = make('input', { type: 'radio', name: 'kind', value: 'clutter', id: 'kind-clutter' });
    const larger = make('button', { type: 'button', id: 'larger', text: ext.t('pickerLarger') });
    const confirm = make('button', { type: 'button', id: 'confirm', text: ext.t('pickerConfirm') });
    const cancel = make('button', { type: 'button', id: 'cancel', text: ext.t('pickerCancel') });
    // On a phone the panel covers the page's last screenful: it moves aside.
    const move = make('button', { type: 'button', id: 'move', text: '⇅', title: ext.t('pickerMove'), 'aria-label': ext.t('pickerMove') });
    const details = make('div', { id: 'details', hidden: '' }, [
      make('label', {}, [make('span', { text: ext.t('pickerSelector') }), selectorField]),
      count,
      make('fieldset', {}, [
        make('legend', { text: ext.t('pickerKind') }),
        make('label', {}, [kindBox, make('span', { text: ext.t('pickerKindBox') })]),
        make('label', {}, [kindClutter, make('span', { text: ext.t('pickerKindClutter') })]),
      ]),
      error,
    ]);
    const panel = make('div', { class: 'panel', role: 'dialog', 'aria-label': ext.t('pickerTitle') }, [
      hint,
      details,
      make('div', { class: 'buttons' }, [larger, confirm, cancel, move]),
    ]);
    root.append(hoverFrame, panel);
    (document.body ?? document.documentElement).append(host);

    session = { host, root, hoverFrame, picked: [], pickedFrames: [], cursor: null, selectorField, count, error, confirm };
    larger.disabled = true;
    confirm.disabled = true;

    const inPanel = (event) => event.composedPath().includes(host);
    const onPoint = (event) => {
      if (inPanel(event)) return;
      const el = event.target instanceof Element ? event.target : null;
      if (el) hover(el);
    };
    const swallow = (event) => {
      if (inPanel(event)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    const onClick = (event) => {
      if (inPanel(event)) return;
      swallow(event);
      if (event.target instanceof Element) pick(event.target, event.shiftKey);
    };
    // A finger picks when it lifts: a slow tap (a long press) makes no click.
    const onLift = (event) => {
      swallow(event);
      if (!inPanel(event) && event.pointerType === 'touch' && event.target instanceof Element) pick(event.target, false);
    };
    const onKey = (event) => {
      if (event.key === 'Escape') {
        swallow(event);
        stopPicking();
        return;
      }
      // The panel's own controls keep their keys (typing, buttons, radios).
      const [first] = event.composedPath();
      if (first instanceof Element && first.matches('button, input')) return;
      const moved = walk(event.key);
      if (moved === undefined) return;
      swallow(event);
      if (moved) hover(moved);
    };
    const listeners = [
      ['pointermove', onPoint],
      ['pointerdown', swallow],
      ['mousedown', swallow],
      ['pointerup', onLift],
      ['mouseup', swallow],
      ['click', onClick],
      ['keydown', onKey],
    ];
    for (const [type, fn] of listeners) window.addEventListener(type, fn, true);
    session.listeners = listeners;

    selectorField.addEventListener('input', () => showMatches(selectorField.value.trim()));
    // The shadow root is open (tests read it), so the page could click our
    // buttons: only the reader's own clicks count.
    const byReader = (fn) => (event) => event.isTrusted && fn();
    larger.addEventListener(
      'click',
      byReader(() => {
        const parent = session?.picked[0]?.parentElement;
        if (parent && !UNPICKABLE.has(parent.localName)) pick(parent, false);
      }),
    );
    cancel.addEventListener('click', byReader(stopPicking));
    move.addEventListener('click', byReader(() => panel.classList.toggle('top')));
    confirm.addEventListener(
      'click',
      byReader(() => store(kindClutter.checked ? 'clutter' : 'boxes', selectorField.value.trim())),
    );
    // Keyboard: the panel takes the focus; arrows then move over the page, Enter picks.
    panel.tabIndex = -1;
    panel.focus();
  }

  /** Keyboard moves over the page: the next element, null if none, undefined for other keys. */
  function walk(key) {
    const from = session.cursor ?? session.picked[0] ?? null;
    const start = () => document.activeElement && document.activeElement !== document.body && !session.host.contains(document.activeElement)
      ? document.activeElement
      : document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    switch (key) {
      case 'ArrowUp':
        return from ? usable(from.parentElement) : start();
      case 'ArrowDown':
        return from ? usable(from.firstElementChild) : start();
      case 'ArrowLeft':
        return from ? usable(from.previousElementSibling) : start();
      case 'ArrowRight':
        return from ? usable(from.nextElementSibling) : start();
      case 'Enter':
        if (session.cursor) pick(session.cursor, false);
        return null;
      default:
        return undefined;
    }
  }

  const usable = (el) => (el && !UNPICKABLE.has(el.localName) && !el.closest(`[${HOST_MARK}]`) ? el : null);

  function place(frame, el) {
    const rect = el.getBoundingClientRect();
    Object.assign(frame.style, {
      display: 'block',
      left: `${rect.left}px`,
      top: `${rect.top}px`,
      width: `${rect.width}px`,
      height: `${rect.height}px`,
    });
  }

  function hover(el) {
    if (!session || !usable(el)) return;
    session.cursor = el;
    place(session.hoverFrame, el);
  }

  /** Picks `el` (added to the picked ones with Shift), and proposes a selector for them. */
  function pick(target, add) {
    const el = usable(target);
    if (!session || !el) return;
    session.picked = add ? [...session.picked.filter((p) => p !== el && !p.contains(el) && !el.contains(p)), el] : [el];
    session.hoverFrame.style.display = 'none';
    const proposed = propose(session.picked) ?? '';
    session.selectorField.value = proposed;
    session.root.getElementById('details').hidden = false;
    session.root.getElementById('larger').disabled = false;
    showMatches(proposed);
    // The proposal takes the focus, to be read or edited; Tab leads on to the buttons.
    session.selectorField.focus();
  }

  /** Frames what `selector` matches, and says how many. */
  function showMatches(selector) {
    for (const frame of session.pickedFrames) frame.remove();
    const found = selector ? matching(selector) : [];
    session.pickedFrames = found.map((el) => {
      const frame = make('div', { class: 'frame picked' });
      session.root.prepend(frame);
      place(frame, el);
      return frame;
    });
    session.count.textContent = selector ? ext.t('pickerCount', [String(found.length)]) : ext.t('pickerNone');
    session.error.textContent = '';
    session.confirm.disabled = found.length === 0;
  }

  /** Has the background store the rule; on success applies it here at once. */
  async function store(kind, selector) {
    if (!session || !selector) return;
    session.confirm.disabled = true;
    const answer = await ext.runtime
      .sendMessage({ type: 'pick-rule', kind, selector })
      .catch((error) => ({ type: 'refused', reason: String(error?.message ?? error) }));
    if (!session) return;
    const added = messages.check(answer, 'rule-added');
    if (!added) {
      session.error.textContent = messages.check(answer, 'refused')?.reason ?? ext.t('noAnswer');
      session.confirm.disabled = false;
      return;
    }
    const found = matching(selector);
    stopPicking();
    if (kind === 'clutter') {
      for (const el of found) el.setAttribute(HIDDEN_MARK, 'hidden');
    } else {
      // content.js sends them to the engine, which now has the rule.
      globalThis.epureAnalyzePicked?.(found);
    }
  }

  function stopPicking() {
    if (!session) return;
    for (const [type, fn] of session.listeners) window.removeEventListener(type, fn, true);
    session.host.remove();
    session = null;
  }

  // ---- "Test on the open tab" --------------------------------------------------

  /** Whether this page belongs to `site` (a site key matches its host and every subdomain, as in rules.rs). */
  const isOfSite = (site) => ext.isOfSite(location.hostname, site);

  let outlineTimer = 0;
  /** Counts the elements `selectors` match here and outlines them for a moment. */
  function testRule(selectors) {
    const found = new Set(selectors.flatMap(matching));
    clearTimeout(outlineTimer);
    for (const el of document.querySelectorAll(`[${OUTLINE_MARK}]`)) el.removeAttribute(OUTLINE_MARK);
    for (const el of found) el.setAttribute(OUTLINE_MARK, '');
    outlineTimer = setTimeout(() => {
      for (const el of found) el.removeAttribute(OUTLINE_MARK);
    }, OUTLINE_MS);
    return found.size;
  }

  const selectorList = (selectors) =>
    Array.isArray(selectors) && selectors.length <= messages.MAX_TEST_SELECTORS && selectors.every((s) => typeof s === 'string');

  // Asked by the popup and the options page (browser-api.js `inTab`): no listener waits on every page.
  ext.offer({
    /** The popup's "pick": the picker is on. */
    pick() {
      startPicking();
      return { type: 'picking' };
    },
    /** The options page's test: how many elements `selectors` match here, if this page is `site`'s. */
    testRule(site, selectors) {
      if (typeof site !== 'string' || !isOfSite(site) || !selectorList(selectors)) return null;
      return { type: 'rule-tested', count: testRule(selectors), host: location.hostname };
    },
    /** A box rule saved on the options page: its boxes go to the engine, which has the rule now. */
    applyRule(site, selectors) {
      if (typeof site !== 'string' || !isOfSite(site) || !selectorList(selectors)) return null;
      const found = [...new Set(selectors.flatMap(matching))];
      if (found.length > 0) globalThis.epureAnalyzePicked?.(found);
      return null;
    },
  });
})();
