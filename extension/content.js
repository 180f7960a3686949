// The content script's second part (content-rest.js, with the line, collapse,
// tidy and capture): loaded only where there is something to do, by the
// background into the frame that asked (content-start.js: a candidate, or
// settings that say something at load; browser-api.js `inTab`: the popup,
// the reader, the picker). It takes the candidates content-start.js finds.
//
// 1. Around each candidate, a bounded region of the page is serialized and
//    sent to the background, where the engine (wasm) finds the boxes. The
//    region's elements are kept in document order: targets index them.
// 2. The answer is applied by collapse.js, which checks each target's
//    fingerprint first and records every change for an exact undo. A
//    region whose elements changed meanwhile gets no plan: it is sent again.
// Late boxes (script, infinite scroll, SPA navigation) go through the same
// steps: content-start.js's MutationObserver finds them.
// The boxes of the reader's site rules are candidates too: their selectors
// come from the settings as stored at load (one read shared with the other
// content scripts); a site without rules costs nothing more.

(() => {
  // Guard double injection: the same world can receive this file twice.
  if (globalThis.epureContentLoaded) return;
  globalThis.epureContentLoaded = true;

  const {
    epureApi: ext,
    epureCollapse: collapse,
    epureMessages: messages,
    epureStart: start,
  } = globalThis;
  const { debug, MAX_CANDIDATES, MAX_REGION_CHARS, accepted, regionsFor, regionEntry, pageData } = start;

  const ledger = new collapse.Ledger();
  /** The union of this site's box selectors from the reader's rules that this browser accepts; '' for none. */
  let ruleSelector = '';
  /** Whether a change of the settings has set `ruleSelector` (then the read at load is older). */
  let rulesFollowed = false;

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

  async function analyzeAndApply(candidates, early = null) {
    if (on === false) return;
    try {
      await analyzeAndApplyOnce(candidates, early);
    } finally {
      // Whatever the answer (none, a failure, a site turned off), what the
      // early sheet hid and the engine did not collapse is the page's.
      if (on === false) start.adoptEarlySheet(false);
      else showKept(candidates);
    }
  }

  /** `early`: the first request, sent by content-start.js with its call for this script (its regions and answer). */
  async function analyzeAndApplyOnce(candidates, early) {
    // The site's switch comes with the plans (one message, not two): on a
    // site turned off, the regions only reach our own background and its
    // answer is dropped: the page is not touched.
    let measure = debug?.begin();
    const regions = early?.regions ?? regionsFor(candidates);
    debug?.end(measure, 'serialize');
    const { changed, named } = await analyzeRegions(regions, early);
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
  async function analyzeRegions(regions, early = null) {
    const changed = [];
    const named = new Set();
    for (const entry of regions) inFlight.add(entry);
    if (early) {
      // What changed before this script was in, content-start.js kept.
      early.taken = true;
      noteChanged(early.records);
    }
    // Sent early as one request: its answer, if it is one (else sent again here, in batches).
    const answered = early && messages.check(await early.answer, 'plans', 'failed');
    const batches = [];
    if (answered) batches.push(regions);
    else for (let at = 0; at < regions.length; at += messages.MAX_REGIONS) batches.push(regions.slice(at, at + messages.MAX_REGIONS));
    try {
      for (const batch of batches) {
        await analyzeBatch(batch, named, answered);
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

  /** One request (or its `answered` reply, already in): applies each region's plan unless the region changed meanwhile. */
  async function analyzeBatch(batch, named, answered = null) {
    const reply = answered ?? (await send(batch));
    // Changes not yet delivered to the observer count too.
    start.takeRecords();
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
      debug?.shown(start.readyAt());
      reportCount();
    }
  }

  /** The background's answer for `batch`, checked; null if it could not be asked. */
  async function send(batch) {
    const request = { type: 'analyze', url: location.href, regions: batch.map((r) => r.html) };
    // The regions go first: data that would make the request too large stays behind.
    const data = pageData();
    if (data.length > 0 && messages.check({ ...request, data }, 'analyze')) request.data = data;
    if (!messages.check(request, 'analyze')) return null;
    debug?.sent(request.regions);
    const answer = await ext.runtime.sendMessage(request).catch(() => null);
    return messages.check(answer, 'plans', 'failed');
  }

  function reportCount() {
    ext.runtime.sendMessage({ type: 'collapsed', count: ledger.count }).catch(() => {});
  }

  /** Elements hidden early that the engine did not collapse: shown again at once. */
  function showKept(candidates) {
    ledger.keep(candidates.filter((el) => el.isConnected && el.matches(start.hideSelector)));
  }

  /** Whether a change is only our own lines coming or going. */
  const isSummary = (node) => node.nodeType === Node.ELEMENT_NODE && node.getAttribute(collapse.MARK) === 'summary';
  const ours = (record) => [...record.addedNodes, ...record.removedNodes].every(isSummary);

  /** Marks the in-flight regions whose elements changed (content-start.js's observer's records). */
  function noteChanged(records) {
    if (inFlight.size === 0) return;
    for (const record of records) {
      if (ours(record)) continue;
      for (const entry of inFlight) {
        if (entry.region.contains(record.target)) entry.changed.push(record.target);
      }
    }
  }

  /** The reader flipped the switch for this site: collapse, or put the page back exactly. */
  function switchTo(nowOn) {
    on = nowOn;
    start.adoptEarlySheet(nowOn);
    return enqueue(() => {
      if (nowOn) {
        start.scan([document.body ?? document.documentElement]);
      } else {
        ledger.undoAll();
        reportCount();
      }
    });
  }

  /**
   * This page's state, once the work in progress is done (so that it is
   * settled); `scanned` when that work included the first scan's.
   */
  function state() {
    const scanned = start.scannedYet();
    return queue.then(isOn).then((nowOn) => ({ type: 'state', host: location.hostname, on: nowOn, count: ledger.count, scanned }));
  }
  // The popup asks (browser-api.js `inTab`): no listener waits on a page never asked.
  ext.offer({
    state,
    /** The reader flipped the switch for this site (already stored). */
    setOn: (nowOn) => (typeof nowOn === 'boolean' ? switchTo(nowOn).then(state) : null),
  });
  // The picker (picker.js) hands over the boxes the reader just made or
  // changed a rule for: one already collapsed is put back first, for its
  // line to say what the rule says now.
  globalThis.epureAnalyzePicked = (elements) =>
    enqueue(() => {
      if (on !== false) ledger.release(elements);
      return analyzeAndApply(elements);
    });

  start.connect({
    analyze: (candidates) => {
      if (candidates.length > 0 && on !== false) enqueue(() => analyzeAndApply(candidates));
    },
    /** The first request, sent with the call for this script: its regions and answer (content-start.js `sendEarly`). */
    analyzeEarly: (early) => enqueue(() => analyzeAndApply(early.candidates, early)),
    off: () => on === false,
    changed: noteChanged,
    ruleCandidatesIn,
  });

  // The rules' boxes, once both the settings and the first scan are in:
  // from then on the observer's scans include them.
  Promise.all([ext.settingsAtLoad(), start.scanned]).then(([settings]) => {
    if (!rulesFollowed) ruleSelector = ruleSelectorIn(settings);
    if (!ruleSelector || on === false) return;
    const measure = debug?.begin();
    const found = [];
    ruleCandidatesIn(document.body ?? document.documentElement, found);
    if (found.length > 0) enqueue(() => analyzeAndApply(found));
    debug?.end(measure, 'rules');
  });
})();
