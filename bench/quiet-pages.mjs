// The pages where the extension has nothing to do, for the extension's
// benches: the corpus's negative pages and the real articles of
// tests/fixtures/extract/, as paths on a server rooted at `fixtures`.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function quietPages(fixtures) {
  const negatives = ['consent', 'consent-extra'].flatMap((dir) =>
    readdirSync(join(fixtures, dir))
      .filter((f) => f.endsWith('.expected.json'))
      .filter((f) => JSON.parse(readFileSync(join(fixtures, dir, f), 'utf8')).page?.kind === 'negative')
      .map((f) => `/${dir}/${f.replace(/\.expected\.json$/, '.html')}`),
  );
  const articles = readdirSync(join(fixtures, 'extract'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `/extract/${d.name}/source.html`);
  return [...negatives, ...articles];
}
