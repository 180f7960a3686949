//! Any bytes, through the reader and the tidy view: no panic, and nothing
//! executable ever comes out of the sanitizer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scraper::Html;

/// Elements the reader's HTML must never hold.
const FORBIDDEN: [&str; 8] = [
    "script", "style", "iframe", "object", "embed", "form", "input", "button",
];

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let options = epure::Options {
        url: epure::Url::parse("https://paper.example/section/story.html").ok(),
        ..epure::Options::default()
    };
    if let Ok(article) = epure::extract(&html, &options) {
        let body = Html::parse_fragment(&article.content_html);
        for node in body.tree.nodes() {
            let Some(el) = node.value().as_element() else {
                continue;
            };
            assert!(!FORBIDDEN.contains(&el.name()), "{} survived", el.name());
            for (name, value) in el.attrs() {
                assert!(!name.starts_with("on"), "handler {name} survived");
                let value = value.trim().to_ascii_lowercase();
                if matches!(name, "href" | "src") && value.contains(':') {
                    assert!(
                        value.starts_with("http://") || value.starts_with("https://"),
                        "{name}={value}"
                    );
                }
            }
        }
    }
    let _ = epure::tidy(&html, &options);
});
