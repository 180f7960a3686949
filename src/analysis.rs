//! One analysis per page: the page parsed once, its consent boxes and its
//! article found once, as nodes of that one tree. The plan, the extraction
//! and the tidied page are each derived from it; nothing is found twice,
//! and no address ([`crate::Target`]) is resolved back into the tree it
//! was made from.

use std::cell::OnceCell;

use ego_tree::NodeId;
use scraper::ElementRef;

use crate::article::{self, Article};
use crate::error::{NoArticle, TooLarge};
use crate::page::Page;
use crate::plan::{Placeholder, Plan, PLAN_VERSION};
use crate::rules::CompiledRule;
use crate::target::Order;
use crate::{consent, Options};

/// A parsed page, not analyzed yet (for callers that time parsing apart).
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

    /// The page, or why it was not read whole (a bound stopped parsing).
    pub fn whole(&self) -> Result<&Self, TooLarge> {
        self.page.whole().map(|_| self)
    }

    /// Finds the page's consent boxes and its article.
    pub fn analyze(self, options: &Options) -> Analysis<'_> {
        Analysis::new(self.page, options, true)
    }

    /// Extracts the article of the parsed page; a page not read whole is
    /// refused ([`NoArticle::Unread`]) rather than extracted from its beginning.
    #[cfg(feature = "reader")]
    pub fn extract(self, options: &Options) -> Result<crate::Extraction, NoArticle> {
        self.whole()?;
        self.analyze(options).extraction()
    }
}

/// What the engine found on a page: its boxes and its article, as nodes of
/// the parsed tree.
pub struct Analysis<'o> {
    page: Page,
    rules: Vec<&'o CompiledRule>,
    /// The page's elements as the browser lists them (addresses), listed
    /// on first use: an extraction addresses nothing.
    order: OnceCell<Order>,
    /// The page's language, read on first use when detection did not.
    language: OnceCell<Option<String>>,
    /// Consent boxes in document order: the element and what it stood for.
    boxes: Vec<(NodeId, Placeholder)>,
    /// The article, or why there is none (a region of a page has none).
    article: Result<Article, NoArticle>,
}

impl<'o> Analysis<'o> {
    /// Analyzes `page`: its consent boxes, and its article when `whole_page`
    /// (a region of a page is not an article: the engine is never run on it).
    fn new(page: Page, options: &'o Options, whole_page: bool) -> Self {
        let rules = options.rules_for(page.url.as_ref());
        let order = OnceCell::new();
        let found = consent::detect(&page, &rules, || order.get_or_init(|| Order::of(&page)));
        let article = if whole_page {
            article::find(&page, &rules)
        } else {
            Err(NoArticle::NotFound)
        };
        Analysis {
            page,
            rules,
            order,
            language: found.language.map(Into::into).unwrap_or_default(),
            boxes: found.boxes,
            article,
        }
    }

    /// The page's elements as the browser lists them.
    fn order(&self) -> &Order {
        self.order.get_or_init(|| Order::of(&self.page))
    }

    /// Analyzes a region of a page (an element's `outerHTML`): its boxes only.
    pub(crate) fn fragment(page: Page, options: &'o Options) -> Self {
        Analysis::new(page, options, false)
    }

    /// The clutter around the article, top-most elements only; never a
    /// box nor what holds one. Nothing without an article.
    fn clutter(&self) -> Vec<NodeId> {
        let Ok(article) = &self.article else {
            return Vec::new();
        };
        let boxes: Vec<NodeId> = self.boxes.iter().map(|(id, _)| *id).collect();
        article.clutter(&self.page, &self.rules, &boxes)
    }

    /// The plan: boxes, article and clutter as addresses the browser checks.
    pub fn plan(&self) -> Plan {
        let article = self.article.as_ref().ok();
        let clutter = self
            .clutter()
            .into_iter()
            .filter_map(|id| self.page.html.tree.get(id).and_then(ElementRef::wrap))
            .filter_map(|el| self.order().address(el))
            .collect();
        Plan {
            version: PLAN_VERSION,
            language: self
                .language
                .get_or_init(|| consent::language_of(&self.page))
                .clone(),
            placeholders: self.boxes.iter().map(|(_, p)| p.clone()).collect(),
            article: article.map(|a| a.info(&self.page, self.order())),
            clutter,
        }
    }

    /// The article as a reader view shows it; a page not read whole is
    /// refused ([`NoArticle::Unread`]).
    #[cfg(feature = "reader")]
    pub fn extraction(&self) -> Result<crate::Extraction, NoArticle> {
        let page = self.page.whole()?;
        let article = self.article.as_ref().map_err(Clone::clone)?;
        let extraction = crate::output::reader::extraction(page, article, &self.boxes);
        // An article that renders to nothing (a rule naming an empty
        // element, a body cleaning left bare) is no article to read.
        if extraction.text_content.trim().is_empty() {
            return Err(NoArticle::NotFound);
        }
        Ok(extraction)
    }

    /// The page itself, tidied: boxes collapsed into their summary line,
    /// clutter and every script removed. A page past a bound is refused:
    /// the tidied page would silently lack its end.
    #[cfg(feature = "reader")]
    pub fn tidied(self) -> Result<String, TooLarge> {
        self.page.whole()?;
        let clutter = self.clutter();
        let boxes: Vec<(NodeId, &Placeholder)> =
            self.boxes.iter().map(|(id, p)| (*id, p)).collect();
        Ok(crate::output::page::write(self.page.html, &boxes, &clutter))
    }
}
