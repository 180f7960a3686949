// The options page: the reader's sites, defaults and site rules, and the
// backup of all of it. It holds no state of its own: every change is a
// message to the background, where the engine validates it (a refused edit
// changes nothing and its reason is shown beside the field), and the page
// redraws from the stored document whenever it changes, from here or elsewhere.

import './browser-api.js';
import './messages.js';

const { epureApi: ext, epureMessages: messages } = globalThis;
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

function fillRuleForm(site) {
  const form = $('rule-form');
  const rule = current.rules.sites[site] ?? {};
  form.elements.site.value = site;
  for (const list of ['boxes', 'ignore', 'clutter']) form.elements[list].value = (rule[list] ?? []).join('\n');
  form.elements.article.value = rule.article ?? '';
  $('rule-error').value = '';
  form.elements.boxes.focus();
}

/** The rule the form describes, in the engine's format. */
function formRule() {
  const form = $('rule-form').elements;
  const rule = {};
  for (const list of ['boxes', 'ignore', 'clutter']) {
    const selectors = lines(form[list].value);
    if (selectors.length > 0) rule[list] = selectors;
  }
  const article = form.article.value.trim();
  if (article) rule.article = article;
  return { site: form.site.value.trim().toLowerCase(), rule };
}

const showIn = (output) => (error) => {
  output.value = error instanceof Error ? error.message : String(error ?? '');
};

/** Checks the form's rule as typed: the engine's reason beside the form, or nothing. */
async function checkRuleForm() {
  const { site, rule } = formRule();
  if (!site || !current) return;
  const document = structuredClone(current);
  document.rules.sites[site] = rule;
  const { error } = await ask({ type: 'settings-check', document }, 'checked');
  $('rule-error').value = error ?? '';
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

$('rule-form').addEventListener('input', asTyped(checkRuleForm));
$('rule-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const { site, rule } = formRule();
  edit({ type: 'rule-set', site, rule }).then(() => {
    $('rule-error').value = '';
  }, showIn($('rule-error')));
});
$('rule-delete').addEventListener('click', () => {
  const { site } = formRule();
  if (!site) return;
  edit({ type: 'rule-set', site, rule: null }).then(() => $('rule-form').reset(), showIn($('rule-error')));
});

$('rules-json').addEventListener('input', asTyped(checkRulesJson));
$('rules-json-save').addEventListener('click', () =>
  edit({ type: 'rules-set', text: $('rules-json').value }).then(() => {
    $('rules-json-error').value = '';
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
  const selectors = [...(rule.boxes ?? []), ...(rule.ignore ?? []), ...(rule.article ? [rule.article] : []), ...(rule.clutter ?? [])];
  const tabs = (await ext.tabs.query({})).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  for (const tab of tabs) {
    const answer = await ext.tabs.sendMessage(tab.id, { type: 'rule-test', site, selectors }).catch(() => null);
    const tested = messages.check(answer, 'rule-tested');
    if (tested) {
      $('rule-test-result').value = ext.t('ruleTested', [String(tested.count), tested.host]);
      return;
    }
  }
  $('rule-test-result').value = ext.t('ruleTestNoTab', [site]);
}
$('rule-test').addEventListener('click', () => testRuleOnTab().catch(showIn($('rule-test-result'))));
