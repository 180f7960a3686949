//! What each fuzz target asserts, shared with `tests/fuzz_regressions.rs`
//! (included there with `#[path]`) so that every kept crash input is checked
//! by `cargo test` against the very same property.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use epure::{Options, Rules, RulesFile, Url};
use scraper::Html;

/// The address every target analyzes under (`paper.example` is a site).
pub const PAGE_URL: &str = "https://paper.example/section/story.html";

/// Longest error message a rule file can cause: each echoed key or
/// selector is clipped to 200 characters, serde's messages likewise.
const MAX_RULES_ERROR_CHARS: usize = 1_000;

/// A page with many siblings and some nesting, for rule selectors to run on.
fn rules_page() -> String {
    let items = "<li class=item><p>x</p><!-- c --></li>".repeat(500);
    format!(
        "<html lang=en><body><main><article><h1>T</h1><ul>{items}</ul></article>\
         <div class=uc-embedding-container><h3>External content</h3>\
         <button class=uc-embedding-accept>Accept</button></div></main></body></html>"
    )
}

fn options(rules: Rules, url: &str) -> Options {
    Options {
        url: Url::parse(url).ok(),
        rules,
    }
}

/// Site rules: refused with a short message, or accepted and then applied
/// to a page under the first site they name without a panic. `from_json`
/// and `from_file` agree on what they accept.
pub fn check_rules(data: &[u8]) {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    match Rules::from_json(json) {
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.chars().count() <= MAX_RULES_ERROR_CHARS,
                "error of {} chars",
                message.chars().count()
            );
        }
        Ok(rules) => {
            let body = json.strip_prefix('\u{feff}').unwrap_or(json);
            let file: RulesFile =
                serde_json::from_str(body).expect("accepted rules are a RulesFile");
            assert!(
                Rules::from_file(&file).is_ok(),
                "from_file refused what from_json accepted"
            );
            let site = file
                .sites
                .keys()
                .next()
                .map(String::as_str)
                .unwrap_or("paper.example");
            let options = options(rules, &format!("https://www.{}/a.html", site.trim()));
            let page = rules_page();
            check_plan(&epure::analyze(&page, &options));
            let _ = epure::tidy(&page, &options);
        }
    }
}

/// The carriers' kinds: which wrapper the first byte picks.
const CARRIERS: u8 = 6;

/// Carrier decoders: the bytes are put, as each kind of carrier holds them,
/// inside a consent box, and the box is read as a region.
pub fn check_carriers(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let inner = String::from_utf8_lossy(rest);
    let carrier = match kind % CARRIERS {
        0 => format!(
            r#"<script type="text/template">{}</script>"#,
            STANDARD.encode(rest)
        ),
        1 => format!(r#"<script type="didomi/html">{inner}</script>"#),
        2 => format!(r#"<script type="text/x-cookie-consented">{inner}</script>"#),
        3 => format!("<noscript>{inner}</noscript>"),
        4 => {
            // Embed Privacy: a JS string of JSON of entity-escaped HTML.
            let escaped = inner.replace('&', "&amp;").replace('<', "&lt;");
            let json = serde_json::json!({ "embed": escaped }).to_string();
            format!(
                "<script>var _oembed_x = '{}';</script>",
                json.replace('\'', "\\'")
            )
        }
        // Markup of its own: blockquotes, parked URLs, data-e2e attributes.
        _ => inner.into_owned(),
    };
    let region = format!(
        r#"<div class="uc-embedding-container"><h3>External content</h3><p>We need your consent to load this content.</p>{carrier}<button class="uc-embedding-accept">Accept</button></div>"#
    );
    let options = options(Rules::default(), PAGE_URL);
    check_plan(&epure::analyze_fragment(&region, &options));
}

/// A plan's summaries are bounded text and its links http(s).
pub fn check_plan(plan: &epure::Plan) {
    for p in &plan.placeholders {
        assert!(
            p.summary.chars().count() <= 400,
            "summary of {} chars",
            p.summary.chars().count()
        );
        if let Some(url) = &p.url {
            assert!(
                url.starts_with("https://") || url.starts_with("http://"),
                "link {url}"
            );
        }
    }
}

/// Elements that run script or change where the page's links and scripts
/// come from.
const SCRIPT_CAPABLE: [&str; 6] = ["script", "iframe", "frame", "object", "embed", "base"];

/// Attributes a browser follows as a URL (SVG `xlink:href` reads as `href`;
/// `to`, `values`, `from`, `by` are what SVG animations set `href` to). A
/// `title` may well start with "JavaScript: …".
const URL_ATTRIBUTES: [&str; 16] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "codebase",
    "manifest",
    "to",
    "values",
    "from",
    "by",
];

/// Tidy, then the browser's view of its output: the tidied page, parsed
/// again, holds no script-capable element, no `on*` handler, no `srcdoc`
/// and no `javascript:` URL (mutation XSS: markup that
/// changes meaning when serialized and parsed again).
pub fn check_tidy(data: &[u8]) {
    let html = String::from_utf8_lossy(data);
    // A page past a bound is refused whole: nothing written, nothing to run.
    let Ok(tidied) = epure::tidy(&html, &options(Rules::default(), PAGE_URL)) else {
        return;
    };
    if let Some(problem) = script_in(&tidied) {
        panic!("tidied output runs script: {problem}\n--- output ---\n{tidied}");
    }
}

/// The first thing in `html`, as a browser parses it, that could run script.
pub fn script_in(html: &str) -> Option<String> {
    let page = Html::parse_document(html);
    for node in page.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        if SCRIPT_CAPABLE.contains(&el.name()) {
            return Some(format!("<{}>", el.name()));
        }
        for (name, value) in el.attrs() {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") || name == "srcdoc" {
                return Some(format!("<{} {name}>", el.name()));
            }
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            // Browsers drop ASCII whitespace and controls inside a scheme.
            let scheme: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .take("javascript:".len())
                .collect();
            if scheme.eq_ignore_ascii_case("javascript:") {
                return Some(format!("<{} {name}={value:?}>", el.name()));
            }
        }
    }
    None
}

/// The reader's settings: `parse` and `repair` never panic; a document
/// `parse` accepts reads back the same after `to_value` and after `export`
/// (storage = export = import); what `repair` keeps always parses.
pub fn check_settings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(settings) = epure::Settings::parse(&text) {
        let stored = settings.to_value().to_string();
        assert_eq!(
            epure::Settings::parse(&stored).ok().as_ref(),
            Some(&settings),
            "stored: {stored}"
        );
        let exported = settings.export().to_string();
        assert_eq!(
            epure::Settings::parse(&exported).ok().as_ref(),
            Some(&settings),
            "exported: {exported}"
        );
    }
    let (kept, _) = epure::Settings::repair(&text);
    let again = kept.to_value().to_string();
    assert!(
        epure::Settings::parse(&again).is_ok(),
        "repaired but refused: {again}"
    );
}
