//! A consent page's `*.expected.json` (schema: tests/fixtures/README.md), as
//! the tests read it. One declaration for the corpus test (`mod expected;`)
//! and the library's ablation test (`#[path]` from src/consent/ablation.rs):
//! an integration test cannot reach a module of the library's tests.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Expected {
    pub page: PageInfo,
    #[serde(default)]
    pub placeholders: Vec<Want>,
    #[serde(default)]
    pub hostile: Option<Hostile>,
}

#[derive(Debug, Deserialize)]
pub struct PageInfo {
    pub url: String,
    pub language: String,
    pub kind: String,
    /// consent-extra only: the file is an element's `outerHTML`, as the
    /// browser sends it once a late script has added a box.
    #[serde(default)]
    pub fragment: bool,
}

/// A box the page is expected to give, in page order.
#[derive(Debug, Deserialize)]
pub struct Want {
    pub platform: Option<String>,
    pub author: Option<String>,
    pub text_contains: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub url_also: Vec<String>,
    pub late: bool,
    pub after_text: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Hostile {
    pub link_schemes_allowed: Vec<String>,
    pub literal_text: Vec<String>,
    pub summary_max_chars: usize,
}
