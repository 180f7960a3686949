// The reader's settings, kept by the background: one JSON document under
// `settings` in storage.local, validated by the engine (src/settings.rs), the
// same document that export writes and import reads.
//
// Never lose a setting:
// - every write stores the new document and the one it replaces
//   (`settingsPrevious`) in one `storage.local.set`, a single transaction in
//   both browsers: after a crash the settings are the old or the new, never a mix;
// - at start a damaged document is repaired (every part that validates is
//   kept), an unreadable one falls back to the previous good one, and the
//   damaged original is kept under `settingsDamaged` with a notice that the
//   options page shows once;
// - the per-site switch of earlier versions (`sitesOff`) becomes the
//   document's `sites.<site>.collapse: false`, and the old key is removed
//   only in the same write.

const KEY = 'settings';
const PREVIOUS = 'settingsPrevious';
const DAMAGED = 'settingsDamaged';
const NOTICE = 'settingsNotice';
const LEGACY_SITES_OFF = 'sitesOff';

/**
 * The store over an engine (the wasm module's settings functions) and
 * `storage.local`. Every change goes through one queue, so two popups or an
 * import racing a toggle each see the other's result. `written(document)`
 * is awaited after each write, before the writer hears it is done.
 */
export function settingsStore(engine, storage, written = async () => {}) {
  let document = null;
  let queue = Promise.resolve();

  function serialize(task) {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  }

  /** The first load's storage read, which `prefetch` may start before the engine is there. */
  let reading = null;
  function prefetch() {
    if (!document) reading ??= storage.get([KEY, PREVIOUS, LEGACY_SITES_OFF]).catch(() => ({}));
    return reading;
  }

  /** Reads, repairs or migrates the stored document once; later calls reuse it. */
  async function load() {
    if (document) return document;
    const stored = await prefetch();
    reading = null;
    const write = {};
    const remove = [];
    let loaded;
    if (stored[KEY] === undefined) {
      loaded = engine.loadSettings(undefined);
      const migrated = migrateSitesOff(engine, loaded.settings, stored[LEGACY_SITES_OFF]);
      if (migrated) {
        loaded = { settings: engine.replaceSettings(JSON.stringify(migrated)), repairs: [] };
        write[KEY] = loaded.settings;
        remove.push(LEGACY_SITES_OFF);
      }
    } else {
      loaded = engine.loadSettings(stringify(stored[KEY]));
      if (loaded.unreadable && stored[PREVIOUS] !== undefined) {
        const fallback = engine.loadSettings(stringify(stored[PREVIOUS]));
        loaded = { settings: fallback.settings, repairs: [...loaded.repairs, ...fallback.repairs] };
      }
      if (loaded.repairs.length > 0) {
        write[KEY] = loaded.settings;
        write[DAMAGED] = stored[KEY];
        write[NOTICE] = loaded.repairs;
      }
    }
    if (Object.keys(write).length > 0) {
      await storage.set(write);
      if (remove.length > 0) await storage.remove(remove);
      await written(loaded.settings);
    }
    document = loaded.settings;
    return document;
  }

  /**
   * Stores the document `next(current)` once the engine has validated it,
   * with the current one as the previous good copy; throws, changing
   * nothing, when refused.
   */
  function commit(next) {
    return serialize(async () => {
      const previous = await load();
      const installed = engine.replaceSettings(JSON.stringify(next(previous)));
      await storage.set({ [KEY]: installed, [PREVIOUS]: previous });
      document = installed;
      await written(installed);
      return installed;
    });
  }

  /** Replaces the settings by `next`, a whole document. */
  const replace = (next) => commit(() => next);

  /** Applies `edit` to a copy of the current document and stores the result. */
  const update = (edit) =>
    commit((previous) => {
      const next = structuredClone(previous);
      edit(next);
      return next;
    });

  /** The notice of a repair at start, if any: read once, then cleared. */
  async function takeNotice() {
    const stored = await storage.get(NOTICE).catch(() => ({}));
    const notice = Array.isArray(stored[NOTICE]) ? stored[NOTICE].filter((s) => typeof s === 'string') : [];
    if (notice.length > 0) await storage.remove(NOTICE).catch(() => {});
    return notice;
  }

  return Object.freeze({ load, prefetch, replace, update, takeNotice });
}

/** JSON text of a stored value; a value that can't be written (a cycle can't be stored, but be safe) reads as null. */
function stringify(value) {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return 'null';
  }
}

/**
 * The document with the sites of the old `sitesOff` map (host -> true)
 * turned off, or null when there is nothing to migrate. Hosts were stored
 * whole (`www.example.com`): each becomes its site key.
 */
function migrateSitesOff(engine, settings, sitesOff) {
  if (!sitesOff || typeof sitesOff !== 'object' || Array.isArray(sitesOff)) return null;
  const hosts = Object.keys(sitesOff).filter((host) => sitesOff[host] === true);
  if (hosts.length === 0) return null;
  const next = structuredClone(settings);
  for (const host of hosts) {
    const site = engine.siteOf(`https://${host}/`);
    if (site) next.sites[site] = { ...next.sites[site], collapse: false };
  }
  return next;
}
