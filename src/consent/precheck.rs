//! The browser's cheap pre-check, generated from the same data the engine
//! reads: if no selector matches and no phrase occurs, the page has no box
//! and the engine is never loaded.

use serde::Serialize;

use super::language::all_phrases;
use super::text::fold;
use crate::data::{LANGUAGES, TOOLS};

/// What the browser's cheap pre-check looks for before asking the engine.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Precheck {
    /// CSS selectors of consent-tool markup (one `querySelector` over their union).
    pub selectors: Vec<String>,
    /// Lower-cased phrases of box wording, all languages.
    pub phrases: Vec<String>,
    /// Lower-cased words of consent controls' own labels (and of controls
    /// opening the consent tool's choices), all languages: only around a
    /// control whose label holds one are phrases looked for.
    pub controls: Vec<String>,
    /// How the content script fingerprints an element before touching it.
    pub hashing: crate::target::Hashing,
}

/// Frames without their own address: a blocked embed may park its URL in
/// any `data-*` attribute, and a box with no control in the saved page is
/// known only by it (issue 9). Ad slots are often such frames too, so pages
/// with them pay for one engine run.
const BLOCKED_FRAMES: [&str; 3] = [
    "iframe:not([src])",
    "iframe[src=\"\"]",
    "iframe[src=\"about:blank\"]",
];

/// The pre-check data.
pub fn precheck() -> Precheck {
    let mut selectors: Vec<String> = TOOLS
        .iter()
        .flat_map(|t| {
            let parked = t.file.parked.iter().map(|a| format!("[{a}]"));
            t.file
                .boxes
                .iter()
                .chain(&t.file.anchors)
                .cloned()
                .chain(parked)
        })
        .chain(BLOCKED_FRAMES.iter().map(|s| (*s).to_owned()))
        .collect();
    selectors.sort();
    selectors.dedup();
    // Controls that open the consent tool's choices count too: in a box
    // that asks for consent they are its evidence (`controls::is_evidence`).
    let mut controls: Vec<String> = LANGUAGES
        .iter()
        .flat_map(|l| l.controls.iter().chain(&l.preference_controls))
        .map(String::as_str)
        .map(fold)
        .collect();
    controls.sort();
    controls.dedup();
    Precheck {
        selectors,
        phrases: all_phrases(),
        controls,
        hashing: crate::target::HASHING,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::Selector;

    #[test]
    fn every_selector_is_plain_css_and_phrases_are_lower_case() {
        let p = precheck();
        assert!(p.selectors.len() > 10);
        for s in &p.selectors {
            Selector::parse(s).unwrap();
        }
        Selector::parse(&p.selectors.join(",")).unwrap();
        assert!(p.phrases.iter().any(|s| s == "contenu externe"));
        assert!(p.phrases.iter().all(|s| *s == s.to_lowercase()));
        assert!(p.controls.iter().any(|s| s == "accepter"));
        assert!(p.controls.iter().any(|s| s == "gestisci preferenze"));
        assert!(p.controls.iter().all(|s| *s == s.to_lowercase()));
    }

    #[test]
    fn the_selectors_find_the_seed_boxes() {
        let page =
            scraper::Html::parse_document(include_str!("../../tests/fixtures/seed/article.html"));
        let all = Selector::parse(&precheck().selectors.join(",")).unwrap();
        assert!(page.select(&all).next().is_some());
    }
}
