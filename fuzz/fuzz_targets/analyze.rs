//! Any bytes, as a page and as a region: the engine must return a plan
//! whose summaries are text and whose links are http(s), and never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let options = epure::Options {
        url: epure::Url::parse("https://paper.example/section/story.html").ok(),
        ..epure::Options::default()
    };
    for plan in [
        epure::analyze(&html, &options),
        epure::analyze_fragment(&html, &options),
    ] {
        for p in plan.placeholders {
            assert!(p.summary.chars().count() <= 400);
            if let Some(url) = p.url {
                assert!(url.starts_with("https://") || url.starts_with("http://"));
            }
        }
    }
});
