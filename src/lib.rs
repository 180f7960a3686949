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

mod article;
mod consent;
mod data;
pub mod domain;
mod error;
mod page;
mod plan;
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
mod reader_dom;
mod rules;
#[cfg(feature = "reader")]
mod sanitize;
mod settings;
mod strict_json;
mod target;
mod text;
#[cfg(feature = "reader")]
mod tidy;
mod url;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use ::url::Url;
#[cfg(feature = "reader")]
pub use article::extraction::{Document, Extraction};
pub use consent::{precheck, Precheck};
pub use error::{NoArticle, RulesError, SelectorLimit, SettingsError, TooLarge};
pub use page::MAX_INPUT_BYTES;
pub use plan::{ArticleInfo, Placeholder, Plan, Target, PLAN_VERSION};
pub use rules::{Rules, RulesFile, SiteRule};
pub use settings::{Diff, Effective, Features, ReaderMode, Settings, SiteSettings, View};

use page::Page;

/// What a caller may say about the page. The default (no URL, built-in rules
/// only) is always safe.
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
    page_plan(&Page::document(html, options.url.clone()), options)
}

/// Like [`analyze`], but refuses a page past a bound rather than answer
/// for its beginning (the CLI's `analyze`, where a plan stands for the page).
pub fn analyze_whole(html: &str, options: &Options) -> Result<Plan, TooLarge> {
    let page = Page::document(html, options.url.clone());
    Ok(page_plan(page.whole()?, options))
}

/// The plan of a parsed page: its boxes, article and clutter.
fn page_plan(page: &Page, options: &Options) -> Plan {
    let rules = rules_for(page, options);
    let mut plan = consent_plan(page, &rules);
    (plan.article, plan.clutter) = article::plan(page, &rules, &plan.placeholders);
    plan
}

/// Analyzes one region of a page (an element's `outerHTML`), as the browser
/// sends it. Targets then address the region's own elements.
///
/// A region is not an article: the article engine is never run on it (the
/// extension tidies a page from the whole page's plan, [`analyze`]).
pub fn analyze_fragment(html: &str, options: &Options) -> Plan {
    let page = Page::fragment(html, options.url.clone());
    consent_plan(&page, &rules_for(&page, options))
}

/// The reader's rules for the page's host, then the built-in ones.
fn rules_for<'a>(page: &Page, options: &'a Options) -> Vec<&'a rules::CompiledRule> {
    let host = page.url.as_ref().and_then(Url::host_str);
    options
        .rules
        .for_host(host)
        .chain(Rules::built_in().for_host(host))
        .collect()
}

/// The plan's consent part: the boxes and the page's language.
fn consent_plan(page: &Page, rules: &[&rules::CompiledRule]) -> Plan {
    let found = consent::detect(page, rules);
    Plan {
        version: PLAN_VERSION,
        language: found.language,
        placeholders: found.placeholders,
        article: None,
        clutter: Vec::new(),
    }
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
/// assert_eq!(article.title.as_deref(), Some("Storm damage"));
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
    let page = Page::document(html, options.url.clone());
    page.whole()?;
    let rules = options.rules_for(page.url.as_ref());
    let found = consent::detect(&page, &rules);
    let boxes = article::extraction::located(&page, &found.placeholders);
    let box_ids: Vec<_> = boxes.iter().map(|(id, _)| *id).collect();
    let clutter = article::find(&page, &rules)
        .map(|a| a.clutter(&page, &rules, &box_ids))
        .unwrap_or_default();
    Ok(tidy::write(page.html, &boxes, &clutter))
}

impl Options {
    /// The site rules that apply to `url`: the reader's own, then the built-in ones.
    #[cfg_attr(not(feature = "reader"), allow(dead_code))]
    fn rules_for(&self, url: Option<&Url>) -> Vec<&rules::CompiledRule> {
        let host = url.and_then(Url::host_str);
        self.rules
            .for_host(host)
            .chain(Rules::built_in().for_host(host))
            .collect()
    }
}
