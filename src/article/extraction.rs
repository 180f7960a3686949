//! `extract`: the article as a reader view shows it.

use std::collections::HashMap;

use ego_tree::NodeId;
use serde::{Deserialize, Serialize};

use super::render::render;
use crate::error::NoArticle;
use crate::page::Page;
use crate::plan::Placeholder;
use crate::{consent, sanitize, target, Options};

/// Longest excerpt taken from the body when the page gives none, in characters.
const MAX_EXCERPT_CHARS: usize = 300;

/// The extracted article. Absent values serialize as `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// ISO 8601 (`YYYY-MM-DD…`), as the page gives it.
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    /// Absolute http(s) URL.
    pub lead_image: Option<String>,
    pub excerpt: Option<String>,
    /// The body, sanitized: safe to insert into a page.
    pub content_html: String,
    /// The body as plain text, paragraphs separated by blank lines.
    pub text_content: String,
}

/// A parsed page, for callers that time parsing apart from extraction.
pub struct Document {
    page: Page,
}

impl Document {
    /// Parses a whole page (never fails).
    pub fn parse(html: &str, options: &Options) -> Self {
        Document {
            page: Page::document(html, options.url.clone()),
        }
    }

    /// Extracts the article of the parsed page; a page not read whole is
    /// refused ([`NoArticle::Unread`]) rather than extracted from its beginning.
    pub fn extract(&self, options: &Options) -> Result<Extraction, NoArticle> {
        let page = self.page.whole()?;
        let rules = options.rules_for(page.url.as_ref());
        let article = super::find(page, &rules)?;
        let found = consent::detect(page, &rules);
        let boxes = located(page, &found.placeholders);
        let by_node: HashMap<NodeId, &Placeholder> = boxes.into_iter().collect();
        let rendered = render(page, &article, &by_node);
        let m = article.metadata;
        let excerpt = m.excerpt.or_else(|| {
            rendered
                .text
                .split("\n\n")
                .next()
                .filter(|p| !p.is_empty())
                .map(|p| crate::text::truncate(p, MAX_EXCERPT_CHARS))
        });
        Ok(Extraction {
            title: m.title,
            byline: m.byline,
            published: m.published,
            site_name: m.site_name,
            language: m.language,
            lead_image: m.lead_image,
            excerpt,
            content_html: sanitize::clean(&rendered.html),
            text_content: rendered.text,
        })
    }
}

/// Consent boxes with the element each one stands at (those whose address
/// no longer resolves are left out).
pub fn located<'a>(page: &Page, placeholders: &'a [Placeholder]) -> Vec<(NodeId, &'a Placeholder)> {
    let order = target::Order::of(page);
    placeholders
        .iter()
        .filter_map(|p| order.resolve(page, &p.target).map(|el| (el.id(), p)))
        .collect()
}
