//! The platform of a box that keeps nothing of its embed, named in the page
//! script that configures the box: a consent SDK's configuration quotes the
//! box's own sentence beside the service it blocks (the frame's selector on
//! the platform's host, the service's name), while the box and the page
//! around it name no platform.

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

use super::platform;
use crate::data::PlatformEntry;
use crate::page::Page;
use crate::text::{fold, visible};

/// Chars of a box's sentence looked for in the page's scripts: enough to be
/// that box's own words, not a phrase any script may hold.
const MIN_SENTENCE_CHARS: usize = 40;

/// Inline scripts read per page: a configuration sits in one of the first.
pub(crate) const MAX_SCRIPTS: usize = 64;

/// Chars of each inline script read: a configuration is short; a bundle
/// inlined whole is not one.
pub(crate) const MAX_SCRIPT_CHARS: usize = 16_384;

/// The page's inline scripts (no `src`), folded like box wording and
/// without the backslashes that escape quotes in code; read once per page.
pub struct Scripts(Vec<String>);

impl Scripts {
    pub fn of(page: &Page) -> Self {
        let mut scripts = Vec::new();
        let mut stack: Vec<NodeRef<'_, Node>> = vec![*page.top()];
        let mut seen = 0usize;
        while let Some(node) = stack.pop() {
            seen += 1;
            if seen > super::detect::MAX_NODES || scripts.len() >= MAX_SCRIPTS {
                break;
            }
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            if el.value().name() == "script" {
                if el.value().attr("src").is_none() {
                    let code: String = el
                        .text()
                        .flat_map(str::chars)
                        .take(MAX_SCRIPT_CHARS)
                        .filter(|c| *c != '\\')
                        .collect();
                    scripts.push(fold(&code));
                }
                continue;
            }
            stack.extend(node.children());
        }
        Scripts(scripts)
    }

    /// The one platform named in the script that quotes `outer`'s sentence
    /// (its longest line of text); `None` when no script quotes it or the
    /// script names several platforms.
    pub fn platform_of(&self, outer: ElementRef<'_>) -> Option<&'static PlatformEntry> {
        let sentence = longest_line(outer)?;
        let script = self.0.iter().find(|s| s.contains(&sentence))?;
        let mut named = platform::all_named_in(script);
        let first = named.next()?;
        named
            .all(|p| p.id == first.id && p.name == first.name)
            .then_some(first)
    }
}

/// The first [`MIN_SENTENCE_CHARS`] chars of the longest text of `outer`'s
/// elements, folded, when it is at least that long.
fn longest_line(outer: ElementRef<'_>) -> Option<String> {
    outer
        .descendants()
        .filter_map(|n| n.value().as_text())
        .map(|t| fold(t))
        .max_by_key(String::len)
        .filter(|t| t.chars().count() >= MIN_SENTENCE_CHARS)
        .map(|t| t.chars().take(MIN_SENTENCE_CHARS).collect())
        .or_else(|| {
            // A sentence split by inline elements is read whole.
            let text = fold(&visible(outer, MIN_SENTENCE_CHARS * 4));
            (text.chars().count() >= MIN_SENTENCE_CHARS)
                .then(|| text.chars().take(MIN_SENTENCE_CHARS).collect())
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::Selector;

    fn platform_of(html: &str) -> Option<String> {
        let page = Page::document(html, None);
        let scripts = Scripts::of(&page);
        let boxed = page
            .html
            .select(&Selector::parse("div.b").unwrap())
            .next()
            .unwrap();
        scripts.platform_of(boxed).map(|p| p.id.clone())
    }

    const BOX: &str = r#"<div class="b"><p>By clicking accept the trackers are set and the video plays here.</p><button>Accept</button></div>"#;

    #[test]
    fn the_script_quoting_a_box_s_sentence_names_its_platform() {
        let html = format!(
            r#"<main>{BOX}</main><script>sdk.push(['block', {{ selector: 'iframe[src*="vimeo.com"]', body: '<p>By clicking accept the trackers are set and the video plays here.</p>' }}]);</script>"#
        );
        assert_eq!(platform_of(&html).as_deref(), Some("vimeo"));
    }

    #[test]
    fn a_script_not_quoting_the_box_or_naming_several_platforms_names_none() {
        let other = format!(r#"<main>{BOX}</main><script>share('youtube');</script>"#);
        assert_eq!(platform_of(&other), None);
        let several = format!(
            r#"<main>{BOX}</main><script>cfg = {{ body: 'By clicking accept the trackers are set and the video plays here.', services: ['youtube', 'vimeo'] }};</script>"#
        );
        assert_eq!(platform_of(&several), None);
        let short = r#"<main><div class="b"><p>Accept?</p></div></main><script>x = 'Accept? youtube';</script>"#;
        assert_eq!(platform_of(short), None);
    }
}
