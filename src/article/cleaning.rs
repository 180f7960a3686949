//! What the cleaned article body leaves out: furniture, unlikely and
//! boilerplate blocks, link lists, a heading that repeats the title. The
//! reader output ([`crate::output`]) asks as it writes the body.

use scraper::ElementRef;

use super::edges;
use super::patterns::PATTERNS;
use super::score::{is_named_body_of, is_unlikely, weight_of};
use super::stats::{is_skipped, Stats};
use super::Article;
use crate::page::Page;
use crate::text::collapse;
use crate::{domain, url};

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
/// A list the author wrote carries this many characters outside its links
/// per item, on average: its links sit inside sentences of its own ("Ann
/// fixed [a crash] in the importer"). A tag list or a list of headlines
/// has none or a date; teaser cards by a template are edge boilerplate
/// before this is asked.
const MIN_UNLINKED_ITEM_CHARS: u32 = 20;
/// Elements of a list read, at most, to tell where its links lead (a
/// nested list is asked again: the bound keeps that linear).
const LIST_ELEMENTS_READ: usize = 256;
/// A block holding more than this share of the body's text is never
/// cleaned away, whatever its name says (`elementor-widget-container`).
/// Its name and shape are weighed against its part's text, its words (a
/// notice, a pitch) against the whole body's: a part joined beside the
/// body can be one paywall notice and nothing else.
const MAJOR_SHARE: f32 = 0.5;
/// Elements of a block with controls read, at most, to find a field.
const FIELD_ELEMENTS_READ: usize = 256;
/// An element the page makes clickable by script (`onclick`) holding at
/// most this much text is a control with a label ("Hide caption", a
/// gallery's page numbers, "Load more"), not the article's words.
const MAX_SCRIPTED_CONTROL_CHARS: u32 = 30;
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
    /// body holding `part_text` chars, of a body of `body_text`; `title` is the article's title,
    /// whitespace collapsed (a heading repeating it is dropped). The edge
    /// blocks are found among the blocks this keeps.
    pub(super) fn cleans(
        &self,
        page: &Page,
        el: ElementRef<'_>,
        (part_text, body_text): (u32, u32),
        title: Option<&str>,
    ) -> bool {
        let article = self;
        let v = el.value();
        let name = v.name();
        let stats: Stats = article.stats.get(el.id());
        let flags = article.flags;
        if is_skipped(v) || FURNITURE.contains(&name) || is_scripted_control(v, stats) {
            return true;
        }
        if flags.strip_unlikely && is_unlikely(v, stats) {
            return true;
        }
        if stats.text as f32 <= body_text as f32 * MAJOR_SHARE
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
        if stats.link_density() > max_density
            && stats.text < LONG_BLOCK_CHARS
            && !is_written_list(page, el, stats)
        {
            return true;
        }
        // Fields a reader fills in make a form; a button or an embed
        // alone does not (a code box's "Copy", a video with its caption):
        // looked for only where controls are.
        stats.controls > 0
            && stats.controls.saturating_mul(3) > stats.paragraphs.max(1)
            && el
                .descendent_elements()
                .take(FIELD_ELEMENTS_READ)
                .any(|d| super::is_form_control(d.value()))
    }
}

/// Whether `el` is a control the page scripts (see
/// [`MAX_SCRIPTED_CONTROL_CHARS`]): not a link (a link in a sentence may
/// carry a tracking handler), nor a picture a click enlarges.
fn is_scripted_control(el: &scraper::node::Element, stats: Stats) -> bool {
    el.name() != "a"
        && el.attr("onclick").is_some()
        && stats.text <= MAX_SCRIPTED_CONTROL_CHARS
        && stats.images == 0
}

/// Whether `el` is a list the author wrote, links inside its items' own
/// sentences: a `ul`/`ol` whose items carry no class (a template's cards
/// do), hold [`MIN_UNLINKED_ITEM_CHARS`] outside links on average, and
/// whose links mostly lead to other sites (sources, bugs, tools). A list
/// nested in an item that says what it lists in words of its own ("In
/// progress:", then the linked bugs) is that item's content, however
/// linked. A list of the site's own stories ("More great stories: Why
/// [the plan failed]") is a related block however it is worded.
fn is_written_list(page: &Page, el: ElementRef<'_>, stats: Stats) -> bool {
    if !matches!(el.value().name(), "ul" | "ol") || stats.list_items == 0 {
        return false;
    }
    let unlinked = stats.text.saturating_sub(stats.link_text);
    let in_written_item = el.parent().and_then(ElementRef::wrap).is_some_and(|item| {
        item.value().name() == "li"
            && item
                .children()
                .any(|c| c.value().as_text().is_some_and(|t| !t.trim().is_empty()))
    });
    if (!in_written_item && unlinked < MIN_UNLINKED_ITEM_CHARS.saturating_mul(stats.list_items))
        || !el
            .child_elements()
            .all(|li| li.value().attr("class").is_none_or(|c| c.trim().is_empty()))
    {
        return false;
    }
    let home = page
        .url
        .as_ref()
        .and_then(|u| u.host_str())
        .and_then(domain::site);
    let (mut out, mut within) = (0u32, 0u32);
    for href in el
        .descendent_elements()
        .take(LIST_ELEMENTS_READ)
        .filter(|d| d.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
    {
        let site =
            url::clean(href, page.url.as_ref()).and_then(|u| u.host_str().and_then(domain::site));
        match site {
            Some(site) if home.as_deref() != Some(site.as_str()) => out += 1,
            _ => within += 1,
        }
    }
    out > within
}
