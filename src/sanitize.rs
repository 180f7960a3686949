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

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(tags())
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("img", ["src", "alt"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan"])
        .add_tag_attributes("time", ["datetime"])
        .allowed_classes(
            [("p", ["epure-embed"].into_iter().collect())]
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
