//! The last gate before HTML leaves the engine, even HTML the engine built
//! itself: an allow-list (ammonia) of text, structure and http(s) links, for
//! the reader HTML and, with a few layout tags more, the tidied page's body.
//! No script, style, event handler, frame, form, SVG or MathML element or
//! other URL scheme survives it. Output whose tree changes when a browser
//! parses it again (mutation XSS) is cleaned again, and past a few rounds
//! reduced to its text: it is never written as it was.

use std::borrow::Cow;
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative, UrlRelativeEvaluate};
use scraper::Html;

use super::reader::KEPT;

/// Clean → re-parse rounds before output that keeps changing is given up
/// for its text. ammonia's output reads back unchanged at once on every
/// fixture page (129 of 130; the other, built to move, settles in two);
/// a tree that still moves after three is an attack.
const MAX_ROUNDS: usize = 3;

/// Elements whose content is code, raw text or another document, never
/// text to show: removed with everything inside.
const CODE_TAGS: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
];

/// Layout the tidied page keeps beyond the reader's tags: the page's own
/// sections and inline text markup, all inert.
const PAGE_TAGS: &[&str] = &[
    "h1", "span", "header", "footer", "nav", "main", "section", "article", "aside", "address",
    "details", "summary", "hgroup", "center", "dfn", "bdi", "bdo", "ruby", "rt", "rp", "wbr",
    "col", "colgroup", "data",
];

/// Attributes the tidied page keeps on any element. `id` so that in-page
/// links (notes, contents) still land, `dir` for right-to-left text.
/// Neither `style` nor `class` (beyond Épure's own summary line): the CSP
/// blocks the page's stylesheets anyway, and its inline styles often hide
/// what its scripts would have revealed; the page is read in the browser's
/// default layout.
const PAGE_ATTRIBUTES: &[&str] = &["id", "dir"];

/// The summary line's class in the tidied page (styled by the page head).
pub const SUMMARY_CLASS: &str = "epure-summary";

/// The class the reader's renderer gives a consent box's summary line, the
/// only class the reader keeps.
pub(crate) const EMBED_CLASS: &str = "epure-embed";

/// The `rel` every link leaves with: it tells the site nothing of where from.
pub(crate) const LINK_REL: &str = "noopener noreferrer nofollow";

/// The attributes the reader keeps, per tag (links and images only with
/// http(s) URLs).
const READER_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "alt"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan"]),
    ("time", &["datetime"]),
];

/// Whether the reader's cleaned HTML may hold tag `name` (the reader page
/// checks again what it builds).
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
pub(crate) fn allows_tag(name: &str) -> bool {
    name == "div" || KEPT.contains(&name)
}

/// Whether the reader's cleaned HTML may hold attribute `attr` on tag `tag`.
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
pub(crate) fn allows_attribute(tag: &str, attr: &str) -> bool {
    READER_ATTRIBUTES
        .iter()
        .any(|(t, attrs)| *t == tag && attrs.contains(&attr))
}

/// The policy both outputs share.
fn reader_policy() -> Builder<'static> {
    let mut b = Builder::empty();
    b.tags(KEPT.iter().copied().chain(["div"]).collect());
    for (tag, attrs) in READER_ATTRIBUTES {
        b.add_tag_attributes(tag, attrs.iter().copied());
    }
    b.allowed_classes(
        [("p", [EMBED_CLASS].into_iter().collect())]
            .into_iter()
            .collect(),
    )
    .url_schemes(["http", "https"].into_iter().collect())
    .url_relative(UrlRelative::Custom(Box::new(SameHost)))
    .link_rel(Some(LINK_REL))
    .clean_content_tags(CODE_TAGS.iter().copied().collect())
    .strip_comments(true);
    b
}

static READER: LazyLock<Builder<'static>> = LazyLock::new(reader_policy);

static PAGE: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = reader_policy();
    b.add_tags(PAGE_TAGS)
        .add_generic_attributes(PAGE_ATTRIBUTES)
        .add_tag_attributes("img", ["width", "height"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("col", ["span"])
        .add_tag_attributes("colgroup", ["span"])
        .add_allowed_classes("span", [SUMMARY_CLASS]);
    b
});

/// Text only: the last resort for output that never settles.
static TEXT_ONLY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::empty();
    b.clean_content_tags(CODE_TAGS.iter().copied().collect())
        .strip_comments(true);
    b
});

/// Relative URLs keep their path but never name a host: `//host/x` (or with
/// backslashes) would leave for that host in whatever scheme the output is
/// read from, `file:` included, where no CSP rule covers navigation.
struct SameHost;

impl<'a> UrlRelativeEvaluate<'a> for SameHost {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        // What browsers skip before reading a URL: leading controls and
        // spaces, and tabs and newlines anywhere.
        let mut lead = url
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
        let names_host = lead.next().is_some_and(|c| c == '/' || c == '\\')
            && lead.next().is_some_and(|c| c == '/' || c == '\\');
        (!names_host).then_some(Cow::Borrowed(url))
    }
}

/// Cleans the HTML the reader's writer built for display in any element of
/// a page. The writer emits only what the reader's policy keeps (its tags,
/// their attributes, absolute http(s) URLs, `rel` on every link), escaped
/// as the parser's serializer escapes: ammonia would give it back as it is,
/// so where it also reads back as written (nearly always), it leaves as it
/// is, without ammonia's parse; where it does not, ammonia cleans it as any
/// other HTML. Debug builds check the first claim on every page they read.
pub fn clean_built(html: &str) -> String {
    let back = reparse_fragment(html);
    if back == html {
        debug_assert_eq!(
            READER.clean(html).to_string(),
            back,
            "not as clean as built"
        );
        return back;
    }
    clean(html)
}

/// Cleans reader HTML for display in any element of a page.
fn clean(html: &str) -> String {
    settle(&READER, html, reparse_fragment)
}

/// `html` as a browser reads it back in an element of a page.
fn reparse_fragment(html: &str) -> String {
    Html::parse_fragment(html).root_element().inner_html()
}

/// Cleans the tidied page's body. `reparse` parses the whole page around a
/// candidate body, as the browser will, and gives the body back serialized.
pub fn clean_page_body(html: &str, reparse: impl Fn(&str) -> String) -> String {
    settle(&PAGE, html, reparse)
}

/// Cleans `html` until it reads back as written (`reparse` serializes what
/// a browser builds from it); else its text, else nothing.
fn settle(policy: &Builder<'_>, html: &str, reparse: impl Fn(&str) -> String) -> String {
    let mut out = policy.clean(html).to_string();
    for _ in 0..MAX_ROUNDS {
        let back = reparse(&out);
        if back == out {
            return out;
        }
        out = policy.clean(&back).to_string();
    }
    let text = TEXT_ONLY.clean(&out).to_string();
    if reparse(&text) == text {
        text
    } else {
        String::new()
    }
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

    #[test]
    fn drops_relative_links_that_name_a_host() {
        let out = clean(
            "<a href=\"//evil.example/x\">a</a><a href=\" /\t\\evil.example\">b</a>\
             <a href=\"notes.html#n1\">c</a><a href=\"#n2\">d</a>",
        );
        assert!(!out.contains("evil"), "{out}");
        assert!(out.contains(r#"href="notes.html#n1""#), "{out}");
        assert!(out.contains(r##"href="#n2""##), "{out}");
    }

    #[test]
    fn keeps_output_that_reads_back_as_written() {
        let html = "<p>a &amp; b <em>c</em></p>";
        assert_eq!(settle(&READER, html, reparse_fragment), html);
    }

    #[test]
    fn settles_markup_the_parser_reads_differently_once_unwrapped() {
        // `<object>` lets the parser nest one link in another; with the
        // object unwrapped, the nested link closes the outer one on re-parse.
        let html = r#"<p><a href="/1">x<object><a href="/2">y</a></object>z</a></p>"#;
        let first = READER.clean(html).to_string();
        assert_ne!(reparse_fragment(&first), first, "the case must still move");
        let out = clean(html);
        assert_eq!(reparse_fragment(&out), out);
        assert!(
            out.contains(r#"<a href="/1" rel="noopener noreferrer nofollow">x</a>"#),
            "{out}"
        );
    }

    #[test]
    fn falls_back_to_text_when_the_tree_keeps_changing() {
        // A browser that always reads the output differently: never settles.
        let moving = |s: &str| format!("<p>{s}</p>");
        let out = settle(&READER, "<p>text <em>kept</em></p>", moving);
        assert_eq!(out, "", "text that still moves is dropped too");
        // One that only mangles markup: the text is kept, the markup not.
        let drops_tags = |s: &str| {
            if s.contains('<') {
                format!("{s}<b>")
            } else {
                s.to_owned()
            }
        };
        let out = settle(&READER, "<p>text <em>kept</em></p>", drops_tags);
        assert_eq!(out, "text kept");
    }
}
