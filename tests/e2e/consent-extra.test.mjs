// Every page of tests/fixtures/consent-extra/ (tools, languages and box
// styles beyond the first corpus) in both browsers: each box a line with its
// link, each negative page left exactly as it was.

import { assertKnownPages, assertLeftAlone, checkUnlessKnown, extensionSession } from './session.mjs';
import { consentFixtures, readLines, waitForLines } from './reader.mjs';
import { describe, test } from 'node:test';
import { BROWSERS } from './browsers.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/**
 * platform id -> the name its line's mark carries (the engine's own data);
 * `other` is many services, each named by the box, so it has none here.
 */
const PLATFORM_NAMES = new Map(
  JSON.parse(readFileSync(new URL('../../src/data/platforms.json', import.meta.url), 'utf8'))
    .platforms.filter((p) => p.id !== 'other')
    .map((p) => [p.id, p.name]),
);

/** Pages the extension does not handle yet, with the reason (see session.mjs). */
const KNOWN_FAILURES = {
  // held out, batch 7 (wt-b7)
  'de-heldout7-checkbox-peertube-folge': 'held out, batch 7: no wrapper, bare checkbox and words as siblings, address in a non-data attribute; not found',
  // held out, batch 9 (wt-cb9)
  'pt-heldout9-video-trigger-mercado-bolhao': 'held out, batch 9: its lines come without links, as statically (the video id only in data-source)',
  'sl-heldout9-youtube-embed-placeholder-solinarji': 'held out, batch 9: no Slovenian wording file, no address; not found',
  // held out, batch 10 (wt-b10): first run, untuned; as statically
  'es-heldout10-calendario-bloqueado-fisioterapia': 'held out, batch 10: 1 of 2 boxes, as statically (the Cal.com box: "para ver aquí el calendario" names a thing no language file lists)',
  // held out, batch 11 (wt-batch11; tuned since its first run)
  'en-heldout11-gdpr-video-overlay-choir': 'held out, batch 11: not found, as statically (the overlay sits over a frame that keeps its src)',
  // held out, batch 16 (wt-b16): first run, untuned; as statically
  'hr-heldout16-joomla-dd-youtube-cover-brodogradiliste': 'held out, batch 16: not found, as statically (a bare cover img, the frame only in a page script)',
  'sk-heldout16-joomla-dd-youtube-coverdiv-hvezdaren': 'held out, batch 16: not found, as statically (a bare cover div, the frame only in a page script)',
  'uk-heldout16-jekyll-youtube-placeholder-maisternia': 'held out, batch 16: not found, as statically (the same in Ukrainian: its sentence asks in no phrase list of uk.json)',
  // held out, batch 18 (wt-b18): still missed after the fixes; as statically
  'is-heldout18-embed-consent-npm-stadfestu-ulfarsfell': 'held out, batch 18: not found, as statically (the site\'s Icelandic sentence and button in none of the is file\'s mined wording)',
  // held out, batch 19 (wt-b19): none left; hi and fa pass since a consent note beside its parked embed is a box
  // held out, batch 20 (wt-b20): none left; the lv and sq pages pass since the lv and sq wording files (wt-lang)
  // held out, batch 22 (wt-b22): none left; the seven pages the first run missed pass since the fixes on wt-b22
  // held out, batch 21, second set (wt-b21): still missed after its fixes; as statically
  'sq-heldout21-plyr-consent-cilesimet-e-privatesise-valle': 'held out, batch 21 (second set): not found, as statically (the same in the site\'s Albanian; no sq wording file)',
  // held out, batch 24 (wt-b24): nine of the ten pages the first run missed pass since its fixes
  'es-heldout24-axeptio-shortcode-instagram-acepto-servicio-mercado-abastos': 'held out, batch 24: its line comes without author or link, as statically (the comment after Axeptio\'s placeholder holds a feed, no embed markup)',
  // held out, batch 23 (wt-b23): still missed after its fixes; as statically
  'de-heldout23-element-beinhaltet-daten-datenschutzseite-x-landtag': 'held out, batch 23: not found, as statically ("Dieses Element beinhaltet Daten von X", only a link to the privacy page)',
  'de-heldout23-externer-inhalt-kategorie-zulassen-x-gemeindeversammlung': 'held out, batch 23: not found, as statically ("… müssen Sie die Kategorie zulassen", only a settings button)',
  // held out, batch 25 (wt-b25): still missed after its fixes; as statically
  'sv-heldout25-extra-innehall-fran-x-visa-innehall-lavin-storulvan': 'held out, batch 25: not found, as statically ("Innehållet visas inte eftersom du inte har godkänt cookies" asks in no sv phrase)',
  // held out, batch 27 (wt-b27): none left; the five pages the first run missed pass since its fixes
  // held out, batch 27, second set (wt-b27): none left; both pages pass since its fixes
  // held out, batch 28 (wt-b28): none left; the two Moodle pages pass since mbsyoutube.json
  // held out, batch 29 (wt-b29): still missed after its fixes; as statically
  'en-heldout29-arc-fusion-oembed-x-allow-show-post-council-vote': 'held out, batch 29: not found, as statically (wording: "Content from X", "To show it, we need your consent")',
  'de-heldout29-remix-context-tiktok-inhalt-laden-weinfest': 'held out, batch 29: not found, as statically (wording: "Externer Inhalt von TikTok")',
  'it-heldout29-next-rsc-payload-lexical-youtube-id-instagram-attiva-sagra-tartufo': 'held out, batch 29: one of two boxes, as statically ("Per visualizzare questo post": no "questo post" in it.json)',
  // held out, batch 30 (wt-b30): bg found since the fixes on wt-cf; lt left
  'lt-heldout30-c15t-frame-kad-galetumete-perziureti-spotify-zvejai-marios': 'held out, batch 30: found statically, no line in either browser (the pre-check reads no address parked in a data-* attribute of a div; reading any address there sends the share tools of real pages, nytimes-1, so it must match a platform\'s host as the engine does)',
  // held out, batch 31 (wt-b31): the one invented box left
  'de-heldout31-negative-opencms-mercury-datenschutz-schalter-banner-matomo': 'held out, batch 31: 1 invented box, as statically (the privacy settings\' switch "Externe Inhalte" under prose naming YouTube)',
};

const CORPUS = consentFixtures('consent-extra');
assertKnownPages(KNOWN_FAILURES, CORPUS);

/**
 * A page with boxes: one line each, named for its platform where the
 * expectation names one the engine lists, a link wherever the box kept its
 * original's address. A known failure is read once the content script has
 * settled (its first scan and the analyses it asked for are done) instead of
 * waiting the whole time for lines that will not come; its static markup is
 * all there is to find, so a page that starts passing still does at once.
 */
async function assertCollapsed(session, page, expected, known) {
  if (known) await session.ext.articleTab();
  else await waitForLines(page, expected.placeholders.length);
  const lines = await readLines(page);
  assert.equal(lines.length, expected.placeholders.length);
  for (const [i, line] of lines.entries()) {
    const want = expected.placeholders[i].url;
    const platform = PLATFORM_NAMES.get(expected.placeholders[i].platform);
    if (platform) assert.equal(line.platformName, platform, `line ${i + 1}: a ${platform} line`);
    if (want) assert.ok(line.href, `line ${i + 1}: a link to ${want}`);
    if (line.href) assert.match(line.href, /^https?:/);
  }
}

for (const browserName of BROWSERS) {
  describe(`Épure on the wider corpus in ${browserName}`, () => {
    const session = extensionSession(browserName);

    for (const { name, path, expected } of CORPUS) {
      const negative = expected.page.kind === 'negative';
      const known = Object.hasOwn(KNOWN_FAILURES, name);
      test(`${name}: ${negative ? 'left as it is' : `${expected.placeholders.length} line(s)`}`, () =>
        session.withPage(path, (page) =>
          checkUnlessKnown(KNOWN_FAILURES, name, () =>
            negative ? assertLeftAlone(session.ext, page) : assertCollapsed(session, page, expected, known),
          ),
        ));
    }
  });
}
