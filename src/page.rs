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
    /// `true` when `html` came from [`Page::fragment`]: targets then count
    /// elements from the fragment's first one instead of from `<html>`.
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

    /// The element under which [`crate::Target::index`] counts: `<html>`, or
    /// for a fragment the wrapper html5ever creates (itself not counted).
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

/// Cuts the input at [`MAX_INPUT_BYTES`], on a char boundary, then where
/// elements nest deeper than [`MAX_NESTING`].
pub fn bounded(source: &str) -> &str {
    within_nesting(within_size(source))
}

/// Cuts the input at [`MAX_INPUT_BYTES`], on a char boundary.
fn within_size(source: &str) -> &str {
    if source.len() <= MAX_INPUT_BYTES {
        return source;
    }
    let mut end = MAX_INPUT_BYTES;
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    source.get(..end).unwrap_or_default()
}

/// Nesting depth past which the rest of the input is dropped before parsing.
/// The HTML tree builder checks scopes by walking its stack of open elements
/// for each tag, so parsing costs depth × tags: a 100 000-deep page takes
/// minutes. Browsers stop nesting at 512 (Blink) and the hostile fixture
/// nests a box 700 deep, which must still be read.
pub const MAX_NESTING: usize = 1_024;

/// Elements that never nest (void) or whose end tag is optional and usually
/// omitted (counting them would see depth where the parser sees none).
const NOT_NESTING: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "html", "head", "body",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: [&str; 6] = ["script", "style", "textarea", "title", "xmp", "noembed"];

/// The input up to the first tag that would nest past [`MAX_NESTING`], by a
/// single linear scan that estimates depth from start and end tags.
fn within_nesting(source: &str) -> &str {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        let start = i + offset;
        let rest = bytes.get(start + 1..).unwrap_or_default();
        if rest.starts_with(b"!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name: String = bytes
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
        let tag_end = find(bytes, start, b">").map_or(bytes.len(), |end| end + 1);
        i = tag_end;
        if name.is_empty() || NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let self_closing = bytes.get(..tag_end).is_some_and(|t| t.ends_with(b"/>"));
        if RAW_TEXT.contains(&name.as_str()) {
            let end_tag = format!("</{name}");
            i = find_ignoring_case(bytes, tag_end, end_tag.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if !self_closing {
            depth += 1;
            if depth > MAX_NESTING {
                return source.get(..start).unwrap_or_default();
            }
        }
    }
    source
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ignoring_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
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
    fn nesting_past_the_bound_is_cut_before_parsing() {
        let deep = format!("<p>a</p>{}x", "<div>".repeat(MAX_NESTING + 10));
        let cut = within_nesting(&deep);
        assert_eq!(cut.matches("<div>").count(), MAX_NESTING);
        let fine = format!(
            "{}<script>{}</script>",
            "<div>".repeat(700),
            "<div>".repeat(5000)
        );
        assert_eq!(within_nesting(&fine), fine);
        let unclosed = "<p>x".repeat(5000);
        assert_eq!(within_nesting(&unclosed), unclosed);
        let closed = "<div><span></span></div><!-- <div> -->".repeat(5000);
        assert_eq!(within_nesting(&closed), closed);
    }

    #[test]
    fn bounded_cuts_on_a_char_boundary() {
        let s = "é".repeat(MAX_INPUT_BYTES);
        let cut = bounded(&s);
        assert!(cut.len() <= MAX_INPUT_BYTES);
        assert!(cut.chars().all(|c| c == 'é'));
    }
}
