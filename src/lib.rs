//! Épure's engine: finds the consent boxes a consent tool left where a
//! third-party embed was blocked, and says in one line what each one was.
//!
//! ```
//! let html = r#"<html lang="en"><body><div class="uc-embedding-container">
//!   <h3>We need your consent to load the YouTube Video service!</h3>
//!   <iframe data-uc-src="https://www.youtube.com/embed/abcdefghijk"></iframe>
//!   <button class="uc-embedding-accept">Accept</button></div></body></html>"#;
//! let plan = epure::analyze(html, &epure::Options::default());
//! assert_eq!(plan.placeholders.len(), 1);
//! assert_eq!(plan.placeholders[0].platform.as_deref(), Some("youtube"));
//! ```

#![forbid(unsafe_code)]

mod analysis;
mod article;
mod consent;
mod data;
pub mod domain;
mod error;
#[cfg(feature = "reader")]
mod output;
mod page;
mod plan;
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
mod reader_dom;
mod rules;
mod settings;
mod strict_json;
mod target;
mod text;
mod url;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use ::url::Url;
pub use analysis::{Analysis, Document};
pub use article::{article_check, ArticleCheck, Metadata};
pub use consent::{precheck, Precheck};
pub use error::{BoxLineProblem, NoArticle, RulesError, SelectorLimit, SettingsError, TooLarge};
#[cfg(feature = "reader")]
pub use output::reader::Extraction;
pub use page::MAX_INPUT_BYTES;
pub use plan::{ArticleInfo, Placeholder, Plan, Target, PLAN_VERSION};
pub use rules::{Rules, RulesFile, SiteRule};
pub use settings::{Diff, Effective, Features, ReaderMode, Settings, SiteSettings, View};

use page::Page;

/// What a caller may say about the page. The default (no URL, built-in rules
/// only) is always safe.
///
/// ```
/// let url = epure::Url::parse("https://paper.example/story").ok();
/// let options = epure::Options::new().url(url).rules(epure::Rules::default());
/// assert_eq!(options.url.as_ref().map(|u| u.as_str()), Some("https://paper.example/story"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The page's address: resolves relative links and picks the site rules.
    pub url: Option<Url>,
    /// The reader's own site rules, applied before the built-in ones.
    pub rules: Rules,
}

/// Analyzes a whole page. Never fails: a page the engine cannot make sense
/// of gives an empty plan, and one past a bound ([`TooLarge`]) a plan for
/// the part read (boxes further on are left alone).
pub fn analyze(html: &str, options: &Options) -> Plan {
    Document::parse(html, options).analyze(options).plan()
}

/// Like [`analyze`], but refuses a page past a bound rather than answer
/// for its beginning (the CLI's `analyze`, where a plan stands for the page).
pub fn analyze_whole(html: &str, options: &Options) -> Result<Plan, TooLarge> {
    let document = Document::parse(html, options);
    document.whole()?;
    Ok(document.analyze(options).plan())
}

/// Analyzes one region of a page (an element's `outerHTML`), as the browser
/// sends it. Targets then address the region's own elements.
///
/// A region is not an article: the article engine is never run on it (the
/// extension tidies a page from the whole page's plan, [`analyze`]).
pub fn analyze_fragment(html: &str, options: &Options) -> Plan {
    let page = Page::fragment(html, options.url.clone());
    Analysis::fragment(page, options).plan()
}

/// Extracts the article of a page: metadata, the cleaned and sanitized body
/// (consent boxes as their summary line), and its plain text. A page
/// without an article (home, search, login page) gives [`NoArticle`].
///
/// ```
/// let para = "A paragraph of the story, long enough to read as prose, with commas, clauses and an end. ";
/// let html = format!(
///     r#"<html lang="en"><head><title>Storm damage - The Paper</title></head><body>
///     <nav><a href="/">Home</a></nav><article><h1>Storm damage</h1>
///     <p>{para}{para}</p><p>{para}{para}</p><p>{para}{para}</p>
///     <div class="share"><a href="https://facebook.com/share">Share</a></div></article></body></html>"#
/// );
/// let article = epure::extract(&html, &epure::Options::default()).unwrap();
/// assert_eq!(article.metadata.title.as_deref(), Some("Storm damage"));
/// assert!(article.text_content.starts_with("A paragraph of the story"));
/// assert!(!article.text_content.contains("Share"));
/// ```
#[cfg(feature = "reader")]
pub fn extract(html: &str, options: &Options) -> Result<Extraction, NoArticle> {
    Document::parse(html, options).extract(options)
}

/// The page itself, tidied: consent boxes collapsed into their summary line,
/// clutter around the article and every script removed. A page without an
/// article keeps its layout and only loses boxes and scripts. A page past a
/// bound is refused: the tidied page would silently lack its end.
#[cfg(feature = "reader")]
pub fn tidy(html: &str, options: &Options) -> Result<String, TooLarge> {
    let document = Document::parse(html, options);
    document.whole()?;
    document.analyze(options).tidied()
}

impl Options {
    /// No URL, built-in rules only (the default).
    pub fn new() -> Self {
        Options::default()
    }

    /// The page's address (`None`: not known).
    pub fn url(mut self, url: impl Into<Option<Url>>) -> Self {
        self.url = url.into();
        self
    }

    /// The reader's own site rules.
    pub fn rules(mut self, rules: Rules) -> Self {
        self.rules = rules;
        self
    }

    /// The site rules that apply to `url`: the reader's own, then the built-in ones.
    fn rules_for(&self, url: Option<&Url>) -> Vec<&rules::CompiledRule> {
        let host = url.and_then(Url::host_str);
        self.rules
            .for_host(host)
            .chain(Rules::built_in().for_host(host))
            .collect()
    }
}
