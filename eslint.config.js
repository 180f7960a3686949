// `make lint-js`: one flat config for the extension, the playground, the
// tools, the browser tests and the benchmark scripts.

import globals from 'globals';
import js from '@eslint/js';
import { readFileSync } from 'node:fs';

const FILES = ['extension/**/*.js', 'www/**/*.js', 'tools/**/*.mjs', 'tests/e2e/**/*.mjs', 'bench/*.mjs', 'eslint.config.js'];

/** The content scripts, as the manifest lists them: classic scripts sharing one world, no import. */
const CONTENT_SCRIPTS = JSON.parse(readFileSync(new URL('extension/manifest.json', import.meta.url), 'utf8'))
  .content_scripts.flatMap((entry) => entry.js)
  .map((file) => `extension/${file}`);

export default [
  { ignores: ['dist/', 'target/', 'node_modules/', 'bench/node_modules/', 'bench/.work/', 'extension/pkg/', 'fuzz/'] },
  { files: FILES, ...js.configs.recommended },
  {
    files: FILES,
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      eqeqeq: 'error',
      // `const { a, ...rest } = o` leaves `a` out of `rest` on purpose.
      'no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Names within one import sorted (case-sensitive); declarations by kind
      // (side effect, namespace, several names, one name), then by first name;
      // a blank line starts a new group.
      'sort-imports': ['error', { allowSeparatedGroups: true }],
    },
  },
  {
    // The extension's pages and the playground run in the browser; the
    // extension's own API is `browser` (Firefox) or `chrome` (Chromium). Its
    // scripts share their objects (epureApi, epureMessages, …) through
    // `globalThis`, so no other global is declared.
    files: ['extension/**/*.js', 'www/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  { files: CONTENT_SCRIPTS, languageOptions: { sourceType: 'script' } },
  {
    // Node scripts that drive a browser: the functions they hand to
    // `evaluate` or `waitForFunction` run in the page (or the extension's worker).
    files: ['tools/**/*.mjs', 'tests/e2e/**/*.mjs', 'bench/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
  { files: ['eslint.config.js'], languageOptions: { globals: globals.node } },
];
