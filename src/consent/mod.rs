//! Consent boxes: detection and summaries.

use serde::Serialize;

use crate::page::Page;
use crate::plan::Placeholder;
use crate::rules::CompiledRule;

/// What [`detect`] found.
pub struct Found {
    pub language: Option<String>,
    pub placeholders: Vec<Placeholder>,
}

/// Finds every consent box in `page`.
pub fn detect(page: &Page, _rules: &[&CompiledRule]) -> Found {
    Found {
        language: page.declared_language(),
        placeholders: Vec::new(),
    }
}

/// What the browser's cheap pre-check looks for before asking the engine:
/// generated from the same data files the engine reads.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Precheck {
    /// CSS selectors of consent-tool markup (one `querySelector` over their union).
    pub selectors: Vec<String>,
    /// Lower-cased phrases of box wording, all languages.
    pub phrases: Vec<String>,
}

/// The pre-check data.
pub fn precheck() -> Precheck {
    Precheck::default()
}
