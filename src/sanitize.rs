//! The last gate before reader HTML leaves the engine, even HTML the engine
//! built itself: an allow-list (ammonia) of text, structure and http(s)
//! links. No script, style, event handler, iframe, form or other scheme
//! survives it.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::article::render::KEPT;

/// The tags the reader view shows: what the renderer keeps, plus the `div`
/// it turns other containers into.
fn tags() -> HashSet<&'static str> {
    KEPT.iter().copied().chain(["div"]).collect()
}

/// The attributes kept, per tag (links and images only with http(s) URLs).
pub(crate) const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "alt"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan"]),
    ("time", &["datetime"]),
];

/// The class the renderer gives a consent box's summary line, the only class kept.
pub(crate) const SUMMARY_CLASS: &str = "epure-embed";

/// Whether the cleaned HTML may hold tag `name` (the reader page checks
/// again what it builds).
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
pub(crate) fn allows_tag(name: &str) -> bool {
    name == "div" || KEPT.contains(&name)
}

/// Whether the cleaned HTML may hold attribute `attr` on tag `tag`.
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
pub(crate) fn allows_attribute(tag: &str, attr: &str) -> bool {
    ATTRIBUTES
        .iter()
        .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(tags());
    for (tag, attrs) in ATTRIBUTES {
        b.add_tag_attributes(tag, attrs.iter().copied());
    }
    b.allowed_classes(
        [("p", [SUMMARY_CLASS].into_iter().collect())]
            .into_iter()
            .collect(),
    )
    .url_schemes(["http", "https"].into_iter().collect())
    // Links leave the reader view without telling the site where from.
    .link_rel(Some("noopener noreferrer nofollow"))
    // What sits inside a removed script or style is code, not text.
    .clean_content_tags(
        ["script", "style", "template", "noscript"]
            .into_iter()
            .collect(),
    )
    .strip_comments(true);
    b
});

/// Cleans `html` for display.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_code_handlers_frames_forms_and_bad_links() {
        let out = clean(
            r#"<p onclick="x()">a<script>alert(1)</script><style>p{}</style>
            <iframe src="https://evil.example"></iframe><form><input></form>
            <a href="javascript:alert(1)">j</a><a href=" JaVaScRiPt:alert(1)">k</a>
            <a href="data:text/html,x">d</a><a href="https://ok.example/">ok</a>
            <img src="x" onerror="alert(1)"></p>"#,
        );
        for bad in [
            "script",
            "alert",
            "style",
            "iframe",
            "form",
            "input",
            "onerror",
            "onclick",
            "javascript",
            "data:",
        ] {
            assert!(!out.to_ascii_lowercase().contains(bad), "{bad} in {out}");
        }
        assert!(out.contains(r#"href="https://ok.example/""#));
    }
}
