// Applies the engine's plans to the live page, and undoes them exactly.
//
// A box is never removed: it gets data-epure="collapsed" (content.css hides
// it) and a summary line is inserted just before it. Every change is recorded
// so that turning Épure off puts the page back as it was: the lines go, the
// attribute goes, nothing else was touched.

globalThis.epureCollapse = (() => {
  const MARK = 'data-epure';

  /**
   * The element a target names inside `region`, or null if it is not there or
   * no longer looks the same (tag, id, class). `path[0]` is the region itself.
   */
  function resolve(region, target) {
    const path = target?.path;
    if (!Array.isArray(path) || path[0] !== 0) return null;
    let el = region;
    for (const index of path.slice(1)) {
      if (!Number.isInteger(index)) return null;
      el = el.children[index];
      if (!el) return null;
    }
    const same =
      el.localName === target.tag &&
      el.getAttribute('id') === (target.id ?? null) &&
      el.getAttribute('class') === (target.class ?? null);
    return same ? el : null;
  }

  /** Never collapse the page's frame, nor anything already ours. */
  function collapsible(el) {
    const frame = el === document.documentElement || el === document.body || el === document.head;
    return !frame && !el.closest(`[${MARK}]`) && !el.querySelector(`[${MARK}]`);
  }

  /** The changes made to this page, in order. */
  class Ledger {
    #entries = [];

    get count() {
      return this.#entries.length;
    }

    /**
     * Collapses the boxes `plan` finds in `region`; returns how many. All
     * targets are resolved before the first change, since inserting a line
     * shifts the indices of the elements after it.
     */
    apply(region, plan, labels) {
      if (!region.isConnected || !Array.isArray(plan?.placeholders)) return 0;
      const boxes = [];
      for (const placeholder of plan.placeholders) {
        const box = resolve(region, placeholder?.target);
        if (!box || !collapsible(box)) continue;
        if (boxes.some(({ box: other }) => other.contains(box) || box.contains(other))) continue;
        boxes.push({ box, placeholder });
      }
      for (const { box, placeholder } of boxes) this.#collapse(box, placeholder, labels);
      return boxes.length;
    }

    #collapse(box, placeholder, labels) {
      const entry = { box, line: null, shown: false };
      entry.line = globalThis.epureSummaryLine.build(placeholder, labels, () => {
        entry.shown = !entry.shown;
        box.setAttribute(MARK, entry.shown ? 'expanded' : 'collapsed');
        entry.line.setShown(entry.shown);
      });
      box.before(entry.line.host);
      box.setAttribute(MARK, 'collapsed');
      this.#entries.push(entry);
    }

    /** Puts back every box and removes every line, newest first. */
    undoAll() {
      for (const { box, line } of this.#entries.reverse()) {
        line.host.remove();
        box.removeAttribute(MARK);
      }
      this.#entries = [];
    }
  }

  return Object.freeze({ Ledger, resolve, MARK });
})();
