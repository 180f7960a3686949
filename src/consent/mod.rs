//! Consent boxes: detection and summaries.
//!
//! `detect` finds the boxes (tool markup, anchors of site-written boxes,
//! box headings in any language), `carriers` reads what survives of each
//! embed, `platform` names it and cleans its link, `summary` writes the line.

mod carriers;
mod detect;
mod language;
mod platform;
mod precheck;
mod summary;
mod text;

pub use precheck::{precheck, Precheck};

use crate::page::Page;
use crate::plan::Placeholder;
use crate::rules::CompiledRule;

/// Chars of the post's own words kept in `Placeholder::text`.
pub const MAX_TEXT_CHARS: usize = 280;

/// Chars of a box's wording read to find which platform it names.
const WORDING_LIMIT: usize = 2_000;

/// What [`detect`] found.
pub struct Found {
    pub language: Option<String>,
    pub placeholders: Vec<Placeholder>,
}

/// Finds every consent box in `page`. Site rules win over heuristics.
pub fn detect(page: &Page, rules: &[&CompiledRule]) -> Found {
    let scan = detect::find(page, rules);
    let language = page
        .declared_language()
        .or_else(|| language::most_common(&scan.hits).map(str::to_owned));
    let Some(wording) = language::wording(language.as_deref()) else {
        return Found {
            language,
            placeholders: Vec::new(),
        };
    };
    let order = crate::target::Order::of(page);
    let placeholders = scan
        .boxes
        .iter()
        // A box the browser cannot address (inside a <template>) is not reported.
        .filter_map(|found| Some((found, order.address(found.outer)?)))
        .map(|(found, target)| {
            let mut embed = carriers::read(found.outer, page.url.as_ref());
            if embed.url.is_none() {
                if let Some(before) = detect::leftover_before(found.outer) {
                    embed.merge(carriers::read(before, page.url.as_ref()));
                }
            }
            let platform = embed
                .platform
                .or_else(|| platform::in_wording(&text::visible(found.outer, WORDING_LIMIT)));
            let words = embed
                .text
                .or(embed.title)
                .map(|t| text::clip(&text::clean(&t), MAX_TEXT_CHARS));
            let url = embed.url;
            let summary = summary::line(
                wording,
                &summary::Parts {
                    platform,
                    author: embed.author.as_deref(),
                    text: words.as_deref(),
                    url: url.as_ref(),
                },
            );
            Placeholder {
                platform: platform.map(|p| p.id.clone()),
                author: embed.author.map(|a| text::clean(&a)),
                text: words,
                url: url.map(String::from),
                tool: found.tool.map(str::to_owned),
                summary,
                target,
            }
        })
        .collect();
    Found {
        language,
        placeholders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<Placeholder> {
        detect(&Page::document(html, None), &[]).placeholders
    }

    #[test]
    fn a_named_service_outside_the_vocabulary_is_other_and_named_in_the_summary() {
        let boxes = found(
            r#"<html lang="es"><body><main><p>Texto.</p><div class="gate"><h3>¿Permitir el contenido de Genially?</h3><button>Aceptar y continuar</button></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform.as_deref(), Some("other"));
        assert_eq!(boxes[0].summary, "Contenido de Genially");
    }

    #[test]
    fn a_slot_naming_an_unknown_service_says_nothing_about_it() {
        let boxes = found(
            r#"<html lang="en"><body><main><p>Text.</p><div class="gate"><h3>Allow Quizzr content?</h3><p>Unlike YouTube, it is hosted elsewhere.</p><button>Allow</button></div></main></body></html>"#,
        );
        assert_eq!(boxes.len(), 1);
        assert_eq!(boxes[0].platform, None);
        assert_eq!(boxes[0].summary, "Blocked external content");
    }
}
