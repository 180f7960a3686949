//! A parsed page or fragment, with what every analysis needs to know about it.

use scraper::{ElementRef, Html};
use url::Url;

/// Bound on the input the engine reads: past it, the rest of the page is
/// ignored rather than parsed (a 20 MB page is already far beyond any article).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// A parsed page or fragment.
pub struct Page {
    pub html: Html,
    pub url: Option<Url>,
    /// `true` when `html` came from [`Page::fragment`]: targets then index the
    /// fragment's top-level elements instead of starting at `<html>`.
    pub is_fragment: bool,
}

impl Page {
    /// Parses a whole document. Parsing never fails: html5ever repairs what it can.
    pub fn document(source: &str, url: Option<Url>) -> Self {
        Page {
            html: Html::parse_document(bounded(source)),
            url,
            is_fragment: false,
        }
    }

    /// Parses a region of a page (an element's `outerHTML`) as body content.
    pub fn fragment(source: &str, url: Option<Url>) -> Self {
        Page {
            html: Html::parse_fragment(bounded(source)),
            url,
            is_fragment: true,
        }
    }

    /// The element whose children are the top of the address space of
    /// [`crate::Target::path`]: for a fragment, the wrapper html5ever creates.
    pub fn top(&self) -> ElementRef<'_> {
        self.html.root_element()
    }

    /// The page's declared language, primary subtag lower-cased (`fr-FR` → `fr`).
    pub fn declared_language(&self) -> Option<String> {
        let lang = self.top().value().attr("lang")?;
        primary_language(lang)
    }
}

/// `fr-FR` → `fr`; rejects anything that is not 2–3 ASCII letters.
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    ok.then_some(primary)
}

/// Cuts the input at [`MAX_INPUT_BYTES`], on a char boundary.
fn bounded(source: &str) -> &str {
    if source.len() <= MAX_INPUT_BYTES {
        return source;
    }
    let mut end = MAX_INPUT_BYTES;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    source.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_language_keeps_the_first_subtag() {
        assert_eq!(primary_language("fr-FR").as_deref(), Some("fr"));
        assert_eq!(primary_language(" EN ").as_deref(), Some("en"));
        assert_eq!(primary_language("x"), None);
        assert_eq!(primary_language("<script>"), None);
    }

    #[test]
    fn bounded_cuts_on_a_char_boundary() {
        let s = "é".repeat(MAX_INPUT_BYTES);
        let cut = bounded(&s);
        assert!(cut.len() <= MAX_INPUT_BYTES);
        assert!(cut.chars().all(|c| c == 'é'));
    }
}
