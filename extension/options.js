// The options page: the reader's sites, defaults and site rules, and the
// backup of all of it. It holds no state of its own: every change is a
// message to the background, where the engine validates it (a refused edit
// changes nothing and its reason is shown beside the field), and the page
// redraws from the stored document whenever it changes, from here or elsewhere.

import './browser-api.js';
import './messages.js';
import './precheck-data.js';

const { epureApi: ext, epureMessages: messages, epurePrecheck: precheck } = globalThis;
const $ = (id) => document.getElementById(id);

for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = ext.t(el.dataset.i18n);
document.documentElement.lang = ext.t('@@ui_locale').replace('_', '-');
document.title = ext.t('optionsTitle');

let current = null;

/** Sends a message to the background; resolves with the answer of one of `types`, rejects with the engine's reason. */
async function ask(message, ...types) {
  const answer = await ext.runtime.sendMessage(message);
  const refused = messages.check(answer, 'refused');
  if (refused) throw new Error(refused.reason);
  const ok = messages.check(answer, ...types);
  if (!ok) throw new Error(ext.t('noAnswer'));
  return ok;
}

const edit = (message) => ask(message, 'settings').then(({ settings }) => draw(settings));

/** Lines of a textarea as a selector list. */
const lines = (text) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

function draw(settings) {
  current = settings;
  $('default-collapse').checked = settings.defaults.collapse;
  drawSites();
  drawRules();
}

function drawSites() {
  const body = $('sites').tBodies[0];
  const query = $('site-search').value.trim().toLowerCase();
  const sites = Object.entries(current.sites).filter(([site]) => site.includes(query));
  body.replaceChildren(...sites.map(([site, own]) => siteRow(site, own)));
  $('sites-empty').hidden = sites.length > 0;
}

function siteRow(site, own) {
  const row = document.createElement('tr');
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = site;
  const choice = document.createElement('select');
  choice.setAttribute('aria-label', ext.t('collapseOn', [site]));
  const fallback = current.defaults.collapse ? ext.t('stateOn') : ext.t('stateOff');
  for (const [value, label] of [
    ['', ext.t('stateDefault', [fallback])],
    ['on', ext.t('stateOn')],
    ['off', ext.t('stateOff')],
  ]) {
    choice.add(new Option(label, value));
  }
  choice.value = own.collapse === undefined ? '' : own.collapse ? 'on' : 'off';
  choice.addEventListener('change', () => {
    const features = { ...own };
    if (choice.value === '') delete features.collapse;
    else features.collapse = choice.value === 'on';
    edit({ type: 'site-set', site, features }).catch(showIn($('site-error')));
  });
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = ext.t('siteReset');
  reset.setAttribute('aria-label', ext.t('siteResetLabel', [site]));
  reset.addEventListener('click', () =>
    edit({ type: 'site-set', site, features: null }).catch(showIn($('site-error'))),
  );
  const cells = [choice, reset].map((control) => {
    const cell = document.createElement('td');
    cell.append(control);
    return cell;
  });
  row.append(name, ...cells);
  return row;
}

function drawRules() {
  const list = $('rule-list');
  list.replaceChildren(
    ...Object.keys(current.rules.sites).map((site) => {
      const item = document.createElement('li');
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = site;
      open.addEventListener('click', () => fillRuleForm(site));
      item.append(open);
      return item;
    }),
  );
  if (document.activeElement !== $('rules-json')) {
    $('rules-json').value = JSON.stringify(current.rules, null, 2);
  }
}

// ---- The rule form's boxes ---------------------------------------------------
// One row a box: its selector, the platform its line names (the engine's
// platforms, as the content script has them, or another service by name)
// and the words it shows. A row with a selector alone is a plain selector.

/** The platform choice that names a service outside the list (src/rules.rs). */
const OTHER = 'other';

/** The platforms a box may name, by display name: `[id, name]`. */
const PLATFORMS = Object.entries(precheck.platforms)
  .map(([id, { name }]) => [id, name])
  .sort(([, a], [, b]) => a.localeCompare(b));

/** Adds a row for `entry` (a selector, or `{ selector, platform, service, words }`) and returns it. */
function addBoxRow(entry = '') {
  const row = $('box-row').content.firstElementChild.cloneNode(true);
  for (const el of row.querySelectorAll('[data-i18n]')) el.textContent = ext.t(el.dataset.i18n);
  const field = (name) => row.querySelector(`[name="box-${name}"]`);
  const platform = field('platform');
  platform.add(new Option(ext.t('ruleBoxPlatformRead'), ''));
  for (const [id, name] of PLATFORMS) platform.add(new Option(name, id));
  platform.add(new Option(ext.t('ruleBoxPlatformOther'), OTHER));
  const box = typeof entry === 'string' ? { selector: entry } : entry;
  field('selector').value = box.selector ?? '';
  platform.value = box.platform ?? '';
  // A platform this page does not list (a newer engine's) stays what it was.
  if (box.platform && platform.value !== box.platform) platform.add(new Option(box.platform, box.platform, true, true));
  field('service').value = box.service ?? '';
  field('words').value = box.words ?? '';
  const showService = () => {
    row.querySelector('.box-service').hidden = platform.value !== OTHER;
  };
  platform.addEventListener('change', showService);
  showService();
  row.querySelector('.box-remove').addEventListener('click', () => {
    row.remove();
    if ($('box-rows').children.length === 0) addBoxRow();
    numberBoxRows();
    checkRuleSoon();
  });
  $('box-rows').append(row);
  numberBoxRows();
  return row;
}

/** Gives each row's remove button its box's number, for screen readers. */
function numberBoxRows() {
  [...$('box-rows').children].forEach((row, i) => {
    row.querySelector('.box-remove').setAttribute('aria-label', ext.t('ruleBoxRemoveLabel', [String(i + 1)]));
  });
}

/** Each row with a selector, as the engine's box entry, with the row's error output. */
function boxRows() {
  return [...$('box-rows').children].flatMap((row) => {
    const value = (name) => row.querySelector(`[name="box-${name}"]`).value;
    const selector = value('selector').trim();
    const output = row.querySelector('.box-error');
    if (!selector) {
      output.value = '';
      return [];
    }
    const entry = { selector };
    if (value('platform')) entry.platform = value('platform');
    const service = value('service').trim();
    if (value('platform') === OTHER && service) entry.service = service;
    const words = value('words').trim();
    if (words) entry.words = words;
    return [{ entry: Object.keys(entry).length === 1 ? selector : entry, output }];
  });
}

function fillRuleForm(site) {
  const form = $('rule-form');
  const rule = current.rules.sites[site] ?? {};
  form.elements.site.value = site;
  for (const list of ['ignore', 'clutter']) form.elements[list].value = (rule[list] ?? []).join('\n');
  form.elements.article.value = rule.article ?? '';
  $('box-rows').replaceChildren();
  for (const entry of rule.boxes ?? []) addBoxRow(entry);
  const first = $('box-rows').firstElementChild ?? addBoxRow();
  $('rule-error').value = '';
  first.querySelector('input').focus();
}

/** The rule the form describes, in the engine's format, and its box rows. */
function formRule() {
  const form = $('rule-form').elements;
  const rule = {};
  const rows = boxRows();
  if (rows.length > 0) rule.boxes = rows.map(({ entry }) => entry);
  for (const list of ['ignore', 'clutter']) {
    const selectors = lines(form[list].value);
    if (selectors.length > 0) rule[list] = selectors;
  }
  const article = form.article.value.trim();
  if (article) rule.article = article;
  return { site: form.site.value.trim().toLowerCase(), rule, rows };
}

const showIn = (output) => (error) => {
  output.value = error instanceof Error ? error.message : String(error ?? '');
};

/** The engine's reason for refusing `rule` as `site`'s, or ''. */
async function ruleError(site, rule) {
  const document = structuredClone(current);
  document.rules.sites[site] = rule;
  const { error } = await ask({ type: 'settings-check', document }, 'checked');
  return error ?? '';
}

let checking = 0;
/**
 * Checks the form's rule as typed, each reason beside its field: a box's
 * beside its row (each box checked alone), the rest beside the form. A
 * check overtaken by a newer one shows nothing.
 */
async function checkRuleForm() {
  const { site, rule, rows } = formRule();
  if (!site || !current) return;
  const mine = ++checking;
  const { boxes, ...rest } = rule;
  const formError = await ruleError(site, rest);
  const rowErrors = await Promise.all(rows.map(({ entry }) => (formError ? '' : ruleError(site, { boxes: [entry] }))));
  if (mine !== checking) return;
  $('rule-error').value = formError;
  rows.forEach(({ output }, i) => {
    output.value = rowErrors[i];
  });
}

async function checkRulesJson() {
  const { error } = await ask({ type: 'rules-check', text: $('rules-json').value }, 'checked');
  $('rules-json-error').value = error ?? '';
}

/** Runs `check` at most once per animation frame while the reader types. */
function asTyped(check) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      check().catch(() => {});
    });
  };
}

$('default-collapse').addEventListener('change', (event) =>
  edit({ type: 'defaults-set', defaults: { ...current.defaults, collapse: event.target.checked } }).catch(() => {}),
);

$('site-search').addEventListener('input', drawSites);

$('site-add').addEventListener('submit', (event) => {
  event.preventDefault();
  const site = $('site-name').value.trim().toLowerCase();
  if (!site) return;
  // A site is added to make an exception to the defaults.
  const features = { collapse: !current.defaults.collapse };
  edit({ type: 'site-set', site, features }).then(
    () => {
      $('site-name').value = '';
      $('site-error').value = '';
    },
    showIn($('site-error')),
  );
});

const checkRuleSoon = asTyped(checkRuleForm);
$('rule-form').addEventListener('input', checkRuleSoon);
$('box-add').addEventListener('click', () => addBoxRow().querySelector('input').focus());
addBoxRow();
/** Whether `tab` shows a page of `site` (the picker is loaded only there; it checks again itself). */
function onSite(tab, site) {
  try {
    return ext.isOfSite(new URL(tab.url).hostname, site);
  } catch {
    return false; // no address we may read: not a page of ours
  }
}

/** Has open tabs of `site` collapse at once what its box rules match (picker.js); the engine has the rules by now. */
async function applyOnTabs(site, rule) {
  const selectors = (rule?.boxes ?? []).map((box) => box.selector ?? box);
  if (selectors.length === 0) return;
  for (const tab of (await ext.tabs.query({})).filter((t) => onSite(t, site))) {
    ext.inPicker(tab.id, 'applyRule', site, selectors);
  }
}

$('rule-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const { site, rule } = formRule();
  edit({ type: 'rule-set', site, rule }).then(() => {
    $('rule-error').value = '';
    return applyOnTabs(site, rule);
  }, showIn($('rule-error')));
});
$('rule-delete').addEventListener('click', () => {
  const { site } = formRule();
  if (!site) return;
  edit({ type: 'rule-set', site, rule: null }).then(() => {
    $('rule-form').reset();
    $('box-rows').replaceChildren();
    addBoxRow();
  }, showIn($('rule-error')));
});

$('rules-json').addEventListener('input', asTyped(checkRulesJson));
$('rules-json-save').addEventListener('click', () =>
  edit({ type: 'rules-set', text: $('rules-json').value }).then(() => {
    $('rules-json-error').value = '';
    return Promise.all(Object.entries(current.rules.sites).map(([site, rule]) => applyOnTabs(site, rule)));
  }, showIn($('rules-json-error'))),
);

// ---- Backup ---------------------------------------------------------------

$('export').addEventListener('click', async () => {
  const { document: doc } = await ask({ type: 'export' }, 'exported');
  const blob = new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `epure-settings-${new Date().toISOString().slice(0, 10)}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
  $('backup-status').textContent = ext.t('exported', [link.download]);
});

let importText = null;

function listChanges(title, changes) {
  const rows = [];
  for (const kind of ['added', 'changed', 'removed']) {
    if (changes[kind].length === 0) continue;
    const term = document.createElement('dt');
    term.textContent = ext.t(`${title}_${kind}`);
    const detail = document.createElement('dd');
    detail.textContent = changes[kind].join(', ');
    rows.push(term, detail);
  }
  return rows;
}

function describe(diff, heading) {
  const head = document.createElement('dt');
  head.className = 'diff-heading';
  head.textContent = heading;
  const rows = [...listChanges('sites', diff.sites), ...listChanges('rules', diff.rules)];
  for (const [flag, key] of [
    [diff.defaults, 'defaultsChange'],
    [diff.view, 'viewChange'],
  ]) {
    if (!flag) continue;
    const term = document.createElement('dd');
    term.textContent = ext.t(key);
    rows.push(term);
  }
  if (rows.length === 0) {
    const none = document.createElement('dd');
    none.textContent = ext.t('noChange');
    rows.push(none);
  }
  return [head, ...rows];
}

$('import-file').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  event.target.value = '';
  $('import-error').value = '';
  $('import-preview').hidden = true;
  if (!file) return;
  try {
    if (file.size > messages.MAX_IMPORT_CHARS) throw new Error(ext.t('importTooLarge'));
    importText = await file.text();
    const preview = await ask({ type: 'import-preview', text: importText }, 'preview');
    $('import-changes').replaceChildren(
      ...describe(preview.merge, ext.t('importMerge')),
      ...describe(preview.replace, ext.t('importReplace')),
    );
    $('import-preview').hidden = false;
    $('import-merge').focus();
  } catch (error) {
    importText = null;
    $('import-error').value = ext.t('importRefused', [error.message]);
  }
});

for (const mode of ['merge', 'replace']) {
  $(`import-${mode}`).addEventListener('click', () => {
    if (importText === null) return;
    edit({ type: 'import', text: importText, mode }).then(
      () => {
        $('import-preview').hidden = true;
        $('backup-status').textContent = ext.t('imported');
        importText = null;
      },
      (error) => {
        $('import-error').value = ext.t('importRefused', [error.message]);
      },
    );
  });
}
$('import-cancel').addEventListener('click', () => {
  importText = null;
  $('import-preview').hidden = true;
});

// ---- Start -----------------------------------------------------------------

ext.storageChanges.addListener((changes, area) => {
  if (area === 'local' && changes.settings?.newValue) draw(changes.settings.newValue);
});

ask({ type: 'settings-get', notice: true }, 'settings').then(({ settings, notice }) => {
  draw(settings);
  if (notice.length > 0) {
    $('notice').textContent = ext.t('repairNotice', [notice.join('; ')]);
    $('notice').hidden = false;
  }
  document.body.dataset.ready = 'true';
}, showIn($('notice')));

// "Test on the open tab": the page of the rule's site counts what the form's
// selectors match and outlines them (picker.js). Only a page of that site
// answers; the most recently used one is asked first.
async function testRuleOnTab() {
  const { site, rule } = formRule();
  if (!site) return;
  const boxes = (rule.boxes ?? []).map((box) => box.selector ?? box);
  const selectors = [...boxes, ...(rule.ignore ?? []), ...(rule.article ? [rule.article] : []), ...(rule.clutter ?? [])];
  const tabs = (await ext.tabs.query({})).filter((t) => onSite(t, site)).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  for (const tab of tabs) {
    const tested = messages.check(await ext.inPicker(tab.id, 'testRule', site, selectors), 'rule-tested');
    if (tested) {
      $('rule-test-result').value = ext.t('ruleTested', [String(tested.count), tested.host]);
      return;
    }
  }
  $('rule-test-result').value = ext.t('ruleTestNoTab', [site]);
}
$('rule-test').addEventListener('click', () => testRuleOnTab().catch(showIn($('rule-test-result'))));
