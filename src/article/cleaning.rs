//! What the cleaned article body leaves out: furniture, unlikely and
//! boilerplate blocks, link lists, a heading that repeats the title. The
//! reader output ([`crate::output`]) asks as it writes the body.

use scraper::ElementRef;

use super::edges;
use super::patterns::PATTERNS;
use super::score::{is_named_body_of, is_unlikely, weight_of};
use super::stats::{is_skipped, Stats};
use super::Article;
use crate::text::collapse;

/// A block with less text than this and no image says nothing.
const MIN_BLOCK_CHARS: u32 = 25;
/// A block whose links make more than this share of its text is a link
/// list (related stories, tags) unless the page names it as content…
const MAX_LINK_DENSITY: f32 = 0.33;
/// …and even then above this.
const MAX_LINK_DENSITY_NAMED: f32 = 0.5;
/// A link-heavy block longer than this is kept: a long list of links
/// inside an article is part of it (a bibliography, a timeline).
const LONG_BLOCK_CHARS: u32 = 1500;
/// A block holding more than this share of the body's text is never
/// cleaned away, whatever its name says (`elementor-widget-container`).
const MAJOR_SHARE: f32 = 0.5;
/// Furniture tags dropped inside the body (the page's or a section's header,
/// footer, nav, aside).
const FURNITURE: &[&str] = &["header", "footer", "nav", "aside", "address"];

impl Article {
    /// Whether the cleaned body leaves out `el`, an element inside a part
    /// of the body. Decided once when the article was found (see
    /// [`Article::cleans`] and `paragraphs::dropped`).
    pub fn drops(&self, el: ElementRef<'_>) -> bool {
        self.dropped.contains_key(&el.id())
    }

    /// Whether cleaning leaves out `el`, an element inside a part of the
    /// body holding `part_text` chars; `title` is the article's title,
    /// whitespace collapsed (a heading repeating it is dropped). The edge
    /// blocks are found among the blocks this keeps.
    pub(super) fn cleans(&self, el: ElementRef<'_>, part_text: u32, title: Option<&str>) -> bool {
        let article = self;
        let v = el.value();
        let name = v.name();
        let stats: Stats = article.stats.get(el.id());
        let flags = article.flags;
        if is_skipped(v) || FURNITURE.contains(&name) {
            return true;
        }
        if flags.strip_unlikely && is_unlikely(v, stats) {
            return true;
        }
        if stats.text as f32 <= part_text as f32 * MAJOR_SHARE
            && edges::is_boilerplate(el, &article.stats)
        {
            return true;
        }
        // Every element the body renders had its names classified when the
        // page's stats were gathered; one left out of them is classified here.
        let names = match article.stats.by_node.get(&el.id()) {
            Some(s) if !s.skipped => s.names,
            _ => PATTERNS.classify(v),
        };
        let weight = if flags.weight_classes {
            weight_of(names)
        } else {
            0.0
        };
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            let is_title = name == "h1"
                || title.is_some_and(|t| collapse(&el.text().collect::<String>()) == t);
            return is_title || weight < 0.0 || stats.link_density() > MAX_LINK_DENSITY_NAMED;
        }
        if !flags.clean_conditionally
            || !matches!(
                name,
                "div"
                    | "section"
                    | "ul"
                    | "ol"
                    | "dl"
                    | "table"
                    | "figure"
                    | "blockquote"
                    | "center"
            )
        {
            return false;
        }
        // A block holding most of the body is the body under another name.
        if is_named_body_of(v, names) || stats.text as f32 > part_text as f32 * MAJOR_SHARE {
            return false;
        }
        if weight < 0.0 {
            return true;
        }
        if stats.text < MIN_BLOCK_CHARS && stats.images == 0 {
            return stats.link_text > 0 || stats.controls > 0;
        }
        let max_density = if weight > 0.0 {
            MAX_LINK_DENSITY_NAMED
        } else {
            MAX_LINK_DENSITY
        };
        if stats.link_density() > max_density && stats.text < LONG_BLOCK_CHARS {
            return true;
        }
        stats.controls > 0 && stats.controls.saturating_mul(3) > stats.paragraphs.max(1)
    }
}
