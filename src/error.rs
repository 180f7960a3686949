//! Errors for what a caller controls. Page HTML is never an error.

use thiserror::Error;

/// Why a set of site rules was refused. The rules are then not used at all:
/// half-applied rules would be worse than none.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum RulesError {
    #[error("rules are not valid JSON of the expected shape: {0}")]
    Shape(String),
    #[error("rules version {0} is not supported (expected 1)")]
    Version(u32),
    #[error("site {site:?}: not a domain name")]
    Domain { site: String },
    #[error("site {site:?}: invalid CSS selector {selector:?}")]
    Selector { site: String, selector: String },
    #[error("site {site:?} is listed twice")]
    DuplicateSite { site: String },
    #[error("site {site:?} is a public suffix, shared by many sites: name one site")]
    PublicSuffix { site: String },
    #[error("site {site:?}: CSS selector {selector:?} is too complex ({limit})")]
    TooComplex {
        site: String,
        selector: String,
        limit: SelectorLimit,
    },
    #[error("site {site:?}: more than {limit} selectors")]
    TooManySelectors { site: String, limit: usize },
    #[error("site {site:?}: box {selector:?}: {problem}")]
    BoxLine {
        site: String,
        selector: String,
        problem: BoxLineProblem,
    },
}

/// What is wrong with what a box rule says its line shows.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum BoxLineProblem {
    #[error("unknown platform {given:?} (expected one of {known}, or \"other\" with \"service\")")]
    UnknownPlatform { given: String, known: String },
    #[error("platform \"other\" needs the service's name in \"service\"")]
    NoService,
    #[error("\"service\" names a service outside the list: set \"platform\" to \"other\"")]
    ServiceWithoutOther,
    #[error("{field:?} is empty: leave it out")]
    Empty { field: &'static str },
    #[error("{field:?} is longer than {limit} characters")]
    TooLong { field: &'static str, limit: usize },
}

/// Which bound a site-rule selector exceeds (see `rules.rs` for why each).
#[derive(Debug, Clone, Copy, Error, PartialEq, Eq)]
pub enum SelectorLimit {
    #[error("longer than {0} bytes")]
    Length(usize),
    #[error("more than {0} compound selectors")]
    Compounds(usize),
    #[error(":is/:where/:not/:has nested deeper than {0}")]
    Nesting(usize),
}

/// Why a page gives no article. Not a failure of the engine: home pages,
/// search results and login forms have none, and saying so beats a guess
/// made of navigation text.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum NoArticle {
    #[error("no article found on this page")]
    NotFound,
    #[error("page too large to read as an article ({elements} elements, limit {limit})")]
    TooLarge { elements: usize, limit: usize },
    #[error(transparent)]
    Unread(#[from] TooLarge),
}

/// Why a page was not read to its end. `analyze` still answers for the part
/// it read (boxes past it are left alone); `analyze_whole`, `extract` and
/// `tidy`, whose output stands for the whole page, refuse it rather than cut
/// it silently.
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    #[error("page too large: {bytes} bytes, limit {limit}")]
    Bytes { bytes: usize, limit: usize },
    #[error("page markup too costly to parse (work limit {limit} reached)")]
    Work { limit: u64 },
}

/// Why a settings document was refused, or which part a repair dropped.
#[derive(Debug, Error, PartialEq)]
pub enum SettingsError {
    #[error("settings file too large ({bytes} bytes, limit {limit})")]
    TooLarge { bytes: usize, limit: usize },
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not an Épure settings file (no \"epure\": \"settings\")")]
    NotSettings,
    #[error("settings version {0:?} is not supported (expected 1)")]
    Version(Option<u64>),
    #[error("{path}: {message}")]
    Field { path: String, message: String },
}
