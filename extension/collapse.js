// Applies the engine's plans to the live page, and undoes them exactly.
//
// A box is never removed: it gets data-epure="collapsed" (the early sheet,
// content.js, hides it) and a summary line is inserted just before it. A
// tool's element the early sheet kept out of sight that is not a box gets
// data-epure="kept" and shows again. Every change is recorded
// so that turning Épure off puts the page back as it was: the lines go, the
// attribute goes, nothing else was touched.
//
// A target names an element by its index among the elements the content
// script listed as it serialized the region (document order), and carries a
// fingerprint: a hash of the elements before it, its tag, id, class and the
// length and hash of its text (src/target.rs). An element that differs in
// any of these is skipped and counted, never guessed at.

globalThis.epureCollapse = (() => {
  const { MARK, OURS } = globalThis.epureMarks;
  /** The hash, as the engine defines it (`epure precheck`, `hashing`). */
  const { hashing } = globalThis.epurePrecheck;
  const SKIPPED = new Set(Array.from(hashing.skipped, (c) => c.charCodeAt(0)));

  /** One FNV-1a step over a UTF-16 code unit. */
  const mix = (hash, unit) => Math.imul(hash ^ unit, hashing.prime) >>> 0;

  function mixString(hash, text) {
    let h = hash;
    for (let i = 0; i < text.length; i += 1) h = mix(h, text.charCodeAt(i));
    return h;
  }

  /** Adds an element's tag, id and class (absent: the separator alone) to `hash`. */
  function mixElement(hash, el) {
    let h = hash;
    for (const part of [el.localName, el.getAttribute('id'), el.getAttribute('class')]) {
      if (part !== null) h = mixString(h, part);
      h = mix(h, hashing.separator);
    }
    return h;
  }

  /** Length and hash of `text`'s code units, ASCII white space left out. */
  function textFingerprint(text) {
    let hash = hashing.offset;
    let length = 0;
    for (let i = 0; i < text.length; i += 1) {
      const unit = text.charCodeAt(i);
      if (SKIPPED.has(unit)) continue;
      hash = mix(hash, unit);
      length += 1;
    }
    return { length, hash };
  }

  const isU32 = (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
  const optionalString = (s) => s === null || s === undefined || typeof s === 'string';
  const wellFormed = (t) =>
    t !== null &&
    typeof t === 'object' &&
    [t.index, t.before, t.text_len, t.text_hash].every(isU32) &&
    typeof t.tag === 'string' &&
    optionalString(t.id) &&
    optionalString(t.class);

  /** Whether `el` is the element `target` describes (all but the position). */
  function looksSame(el, target) {
    if (
      el.localName !== target.tag ||
      el.getAttribute('id') !== (target.id ?? null) ||
      el.getAttribute('class') !== (target.class ?? null)
    ) {
      return false;
    }
    const { length, hash } = textFingerprint(el.textContent);
    return length === target.text_len && hash === target.text_hash;
  }

  /**
   * The elements `targets` name in `elements` (a region's or a document's
   * elements in document order, as listed when serialized), each checked
   * first: one entry per target, null where it is not there or differs.
   * One pass over the elements up to the last target.
   */
  function resolve(elements, targets) {
    const found = targets.map(() => null);
    const order = targets
      .map((target, i) => [target, i])
      .filter(([target]) => wellFormed(target) && target.index < elements.length)
      .sort(([a], [b]) => a.index - b.index);
    let hash = hashing.offset;
    let at = 0;
    for (const [target, i] of order) {
      for (; at < target.index; at += 1) hash = mixElement(hash, elements[at]);
      const el = elements[target.index];
      if (hash === target.before && looksSame(el, target)) found[i] = el;
    }
    return found;
  }

  /**
   * The one element of `elements` that looks like `target` wherever it is
   * (tag, id, class, text), or null if none or several do. For a target
   * whose elements-before differ (markup that does not round-trip): that
   * element can be sent again on its own, for the engine to say again.
   */
  function lookAlike(elements, target) {
    if (!wellFormed(target)) return null;
    let found = null;
    for (const el of elements) {
      if (el.localName !== target.tag || !looksSame(el, target)) continue;
      if (found) return null;
      found = el;
    }
    return found;
  }

  /** Never collapse the page's frame, nor anything already ours. */
  function collapsible(el) {
    const frame = el === document.documentElement || el === document.body || el === document.head;
    return !frame && !el.closest(OURS) && !el.querySelector(OURS);
  }

  /** The changes made to this page, in order. */
  class Ledger {
    #entries = [];
    /** Targets left alone because the live element did not match (see `resolve`). */
    skipped = 0;

    get count() {
      return this.#entries.length;
    }

    /** Elements shown again (not boxes after all), to unmark on undo. */
    #kept = [];

    /**
     * Collapses the boxes `plan` finds in `region`, whose elements were
     * `elements` when it was serialized. All targets are resolved before
     * the first change. `labels` is language -> the line's words, with the
     * browser's language as `fallback`. Returns how many boxes it
     * collapsed, and the targets it skipped.
     */
    apply(region, elements, plan, labels, fallback) {
      if (!region.isConnected || !Array.isArray(plan?.placeholders)) return { added: 0, skipped: [] };
      const placeholders = plan.placeholders.filter((p) => p && typeof p === 'object');
      const found = resolve(elements, placeholders.map((p) => p.target));
      const boxes = [];
      const skipped = [];
      placeholders.forEach((placeholder, i) => {
        const box = found[i];
        if (!box || !region.contains(box)) {
          skipped.push(placeholder.target);
          return;
        }
        if (!collapsible(box)) return;
        if (boxes.some(({ box: other }) => other.contains(box) || box.contains(other))) return;
        boxes.push({ box, placeholder });
      });
      // One language per line: the summary's, when Épure has words for it.
      const language = Object.hasOwn(labels, plan.language) ? plan.language : fallback;
      const words = labels[language] ?? {};
      const lines = boxes.map(({ box, placeholder }) => this.#collapse(box, placeholder, words, language));
      // Cut long summaries once all lines are in: all read first, then all
      // cut, so the batch costs one layout, not one per line.
      for (const cut of lines.map((line) => line.measure())) cut();
      this.skipped += skipped.length;
      return { added: boxes.length, skipped };
    }

    #collapse(box, placeholder, words, language) {
      const entry = { box, line: null, shown: false };
      entry.line = globalThis.epureSummaryLine.build(placeholder, words, language, () => {
        entry.shown = !entry.shown;
        box.setAttribute(MARK, entry.shown ? 'expanded' : 'collapsed');
        entry.line.setShown(entry.shown);
      });
      box.before(entry.line.host);
      box.setAttribute(MARK, 'collapsed');
      this.#entries.push(entry);
      return entry.line;
    }

    /** Shows again the elements of `elements` that are not ours: the engine found no box there. */
    keep(elements) {
      for (const el of elements) {
        if (!el.isConnected || el.closest(`[${MARK}]`)) continue;
        el.setAttribute(MARK, 'kept');
        this.#kept.push(el);
      }
    }

    /**
     * Puts back the collapsed boxes among `elements` and removes their lines
     * (their rule changed: they are collapsed again with its new words). A
     * box the reader opened stays as it is.
     */
    release(elements) {
      const released = new Set(elements);
      this.#entries = this.#entries.filter(({ box, line, shown }) => {
        if (shown || !released.has(box)) return true;
        line.host.remove();
        box.removeAttribute(MARK);
        return false;
      });
    }

    /** Puts back every box and removes every line, newest first. */
    undoAll() {
      for (const { box, line } of this.#entries.reverse()) {
        line.host.remove();
        box.removeAttribute(MARK);
      }
      for (const el of this.#kept) el.removeAttribute(MARK);
      this.#entries = [];
      this.#kept = [];
    }
  }

  return Object.freeze({ Ledger, resolve, lookAlike, textFingerprint, mixElement, MARK, OURS });
})();
