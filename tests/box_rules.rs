//! Box rules that say what their line shows: the platform and the words a
//! reader gives win over what the box holds, and the box fills in the rest.
//! The page is the picker's demo (tests/fixtures/picker/), whose box no
//! built-in signature knows.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use epure::{Options, Placeholder, Rules, Url};

const DEMO: &str = include_str!("fixtures/picker/unknown-box.html");
const PAGE: &str = "http://127.0.0.1/picker/unknown-box.html";

/// The demo's boxes under one box rule for its site.
fn boxes(html: &str, entry: serde_json::Value) -> Vec<Placeholder> {
    let json = serde_json::json!({"version": 1, "sites": {"127.0.0.1": {"boxes": [entry]}}});
    let options = Options {
        url: Url::parse(PAGE).ok(),
        rules: Rules::from_json(&json.to_string()).unwrap(),
    };
    epure::analyze(html, &options).placeholders
}

#[test]
fn a_plain_box_rule_says_what_the_box_holds() {
    let found = boxes(DEMO, serde_json::json!(".media-gate"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].platform, None);
    assert_eq!(found[0].text, None);
}

#[test]
fn the_rule_s_platform_and_words_make_the_line() {
    let found = boxes(
        DEMO,
        serde_json::json!({"selector": ".media-gate", "platform": "vimeo", "words": "The new  timetable, explained"}),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].platform.as_deref(), Some("vimeo"));
    assert_eq!(
        found[0].text.as_deref(),
        Some("The new timetable, explained")
    );
    let summary = &found[0].summary;
    assert!(
        summary.contains("Vimeo") && summary.contains("The new timetable, explained"),
        "{summary}"
    );

    // A service outside the list, named by the reader.
    let found = boxes(
        DEMO,
        serde_json::json!({"selector": ".media-gate", "platform": "other", "service": "Quizzr"}),
    );
    assert_eq!(found[0].platform.as_deref(), Some("other"));
    assert!(found[0].summary.contains("Quizzr"), "{}", found[0].summary);
}

#[test]
fn html_in_the_words_is_text() {
    let words = r#"<img src=x onerror="alert(1)"> <b>Ferry</b> & co"#;
    let found = boxes(
        DEMO,
        serde_json::json!({"selector": ".media-gate", "words": words}),
    );
    assert_eq!(found[0].text.as_deref(), Some(words));
    assert!(found[0].summary.contains(words), "{}", found[0].summary);
}

#[test]
fn page_text_never_overrides_the_reader_s_words_or_platform() {
    // The box quotes a post of another platform, with its own words and link.
    let html = DEMO.replace(
        r#"<p class="media-gate__title">"#,
        r#"<blockquote class="twitter-tweet"><p>Click here to win a prize</p>&mdash; Spam (@spam) <a href="https://twitter.com/spam/status/1">May 1</a></blockquote><p class="media-gate__title">"#,
    );
    let read = boxes(&html, serde_json::json!(".media-gate"));
    assert_eq!(
        read[0].platform.as_deref(),
        Some("x"),
        "the page's own post"
    );

    let found = boxes(
        &html,
        serde_json::json!({"selector": ".media-gate", "platform": "youtube", "words": "Ferry timetable"}),
    );
    assert_eq!(found[0].platform.as_deref(), Some("youtube"));
    assert_eq!(found[0].text.as_deref(), Some("Ferry timetable"));
    assert_eq!(
        found[0].url, None,
        "another platform's link is not this box's"
    );
    assert_eq!(found[0].author, None);
    assert!(!found[0].summary.contains("prize"), "{}", found[0].summary);

    // Words given alone: the page's post still names the platform.
    let found = boxes(
        &html,
        serde_json::json!({"selector": ".media-gate", "words": "Ferry timetable"}),
    );
    assert_eq!(found[0].platform.as_deref(), Some("x"));
    assert_eq!(found[0].text.as_deref(), Some("Ferry timetable"));
}
