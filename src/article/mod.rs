//! The article engine: finds the article body, its metadata and the clutter
//! around it. Rendering the cleaned body ([`render`]) needs the `reader`
//! feature; finding it does not, so `analyze` can fill `Plan.article` in the
//! extension's small wasm build.

#[cfg(feature = "reader")]
mod cleaning;
mod clutter;
#[cfg(feature = "reader")]
mod edges;
pub mod metadata;
mod navigation;
#[cfg(feature = "reader")]
mod paragraphs;
mod patterns;
mod score;
mod stats;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::ElementRef;

use crate::error::NoArticle;
use crate::page::Page;
use crate::plan::ArticleInfo;
use crate::rules::CompiledRule;
use crate::target;
pub use metadata::Metadata;
use score::{Flags, ATTEMPTS};
use stats::PageStats;

/// Bound on the elements the engine scores: past it the page is not read as
/// an article (the biggest of the 86 extraction fixtures has about 9 000).
pub const MAX_ELEMENTS: usize = 200_000;
/// An attempt that found this much article text is good enough: the looser
/// attempts after it are not run.
const ENOUGH_TEXT_CHARS: u32 = 500;
/// A prose paragraph has at least this many characters…
const PROSE_MIN_CHARS: u32 = 40;
/// …and links in less than this share of its text.
const PROSE_MAX_LINK_DENSITY: f32 = 0.3;
/// An article has a run of prose paragraphs side by side (one parent) of at
/// least this many characters. A home page's teasers sit one per card, a
/// search page's results one per item, a login page has none (pinned by
/// tests/fixtures/no-article/).
const MIN_PROSE_RUN_CHARS: u32 = 500;
/// When the page declares itself an article (JSON-LD, `og:type`), this much
/// prose anywhere in the body is enough: short news items are articles too.
const MIN_DECLARED_PROSE_CHARS: u32 = 250;

/// A short article (a news item of three paragraphs, a short blog post)
/// has no run as long as [`MIN_PROSE_RUN_CHARS`] and may declare nothing:
/// it is still the article when its run has at least this many characters…
const MIN_SHORT_RUN_CHARS: u32 = 200;
/// …in at least this many paragraphs (a teaser or a result is one)…
const MIN_SHORT_RUN_PARAGRAPHS: u32 = 2;
/// …that make at least this share of the page's prose: the page's one
/// text, not a card among others (a home page's, a search page's)…
const MIN_SHORT_RUN_SHARE: f32 = 0.5;
/// …with no form control beside its paragraphs (a sign-in box's lines are
/// prose around a form). Elements read, at most, to tell.
const SHORT_RUN_ELEMENTS_READ: usize = 2_000;

/// A page's one `<article>` (or the one element it names as the article
/// body) is its article when it holds this much text outside links: a
/// list-shaped post (a changelog, a photo blog's captions) has no run of
/// prose paragraphs, yet a reader would call it an article.
const MIN_MARKED_BODY_CHARS: u32 = 500;
/// …and when links make less than this share of its text (a teaser card
/// is mostly its headline link).
const MAX_MARKED_BODY_LINK_DENSITY: f32 = 0.5;
/// How a marked body is rendered: furniture inside it is still dropped by
/// name, lists of links by density.
const MARKED_BODY_FLAGS: Flags = ATTEMPTS[1];

/// A declared summary this long (characters) is a sentence that can open
/// the article as its standfirst (see [`standfirst`]).
const MIN_STANDFIRST_CHARS: usize = 60;
/// Siblings read before the body's first part to find its standfirst
/// (empty ad slots and anchors between them).
const STANDFIRST_SIBLINGS_READ: usize = 4;

/// The last step of the degradation, the page's one text: a post of one
/// paragraph, of lines between `<br>`s, of a list or a table has no run
/// of prose paragraphs, yet a reader calls it the article when the best
/// candidate holds at least this many characters outside links…
const MIN_ONE_TEXT_CHARS: u32 = 150;
/// …with links under this share of its text…
const MAX_ONE_TEXT_LINK_DENSITY: f32 = 0.3;
/// …and is at least this share of the page's text outside links: the
/// page's one text, not a card among others. Teaser cards, search results
/// and archive excerpts are headed by links and a sign-in box holds a form,
/// so a candidate with a linked heading or a form control is never one.
const MIN_ONE_TEXT_SHARE: f32 = 0.5;
/// A heading with links in more than this share of its text is a link.
const MAX_HEADING_LINK_DENSITY: f32 = 0.5;

/// What the content script needs to tell, before asking the engine,
/// whether a page may hold an article (extension/tidy-in-place.js
/// `mayHaveArticle`): the engine's own thresholds and vocabularies, so
/// that the two cannot drift apart. Printed with `epure precheck`.
#[derive(Debug, serde::Serialize)]
pub struct ArticleCheck {
    pub prose_min_chars: u32,
    pub prose_max_link_density: f32,
    pub min_prose_run_chars: u32,
    pub min_declared_prose_chars: u32,
    pub min_short_run_chars: u32,
    pub min_short_run_paragraphs: u32,
    pub min_short_run_share: f32,
    pub min_marked_body_chars: u32,
    pub max_marked_body_link_density: f32,
    pub min_one_text_chars: u32,
    pub max_one_text_link_density: f32,
    pub min_one_text_share: f32,
    pub max_heading_link_density: f32,
    /// The JSON-LD types that declare an article.
    pub article_types: Vec<&'static str>,
    /// Elements whose text is never article text.
    pub never_content: &'static [&'static str],
    /// How a Han, kana or Hangul character counts, and their ranges (code points).
    pub cjk_char_weight: u32,
    pub cjk_ranges: Vec<[u32; 2]>,
}

/// The engine's acceptance of an article, for the content script (see [`ArticleCheck`]).
pub fn article_check() -> ArticleCheck {
    ArticleCheck {
        prose_min_chars: PROSE_MIN_CHARS,
        prose_max_link_density: PROSE_MAX_LINK_DENSITY,
        min_prose_run_chars: MIN_PROSE_RUN_CHARS,
        min_declared_prose_chars: MIN_DECLARED_PROSE_CHARS,
        min_short_run_chars: MIN_SHORT_RUN_CHARS,
        min_short_run_paragraphs: MIN_SHORT_RUN_PARAGRAPHS,
        min_short_run_share: MIN_SHORT_RUN_SHARE,
        min_marked_body_chars: MIN_MARKED_BODY_CHARS,
        max_marked_body_link_density: MAX_MARKED_BODY_LINK_DENSITY,
        min_one_text_chars: MIN_ONE_TEXT_CHARS,
        max_one_text_link_density: MAX_ONE_TEXT_LINK_DENSITY,
        min_one_text_share: MIN_ONE_TEXT_SHARE,
        max_heading_link_density: MAX_HEADING_LINK_DENSITY,
        article_types: metadata::article_types().collect(),
        never_content: stats::NEVER_CONTENT,
        cjk_char_weight: stats::CJK_CHAR_WEIGHT,
        cjk_ranges: stats::CJK_RANGES
            .iter()
            .map(|&(lo, hi)| [u32::from(lo), u32::from(hi)])
            .collect(),
    }
}

/// The article of a page.
pub struct Article {
    pub metadata: Metadata,
    /// The element holding the body (the winner, or its parent when
    /// siblings joined it).
    pub body: NodeId,
    /// What the body is made of, in document order (read by rendering).
    #[cfg_attr(not(feature = "reader"), allow(dead_code))]
    pub parts: Vec<NodeId>,
    /// The attempt that found it (rendering cleans accordingly).
    #[cfg_attr(not(feature = "reader"), allow(dead_code))]
    pub flags: Flags,
    pub(crate) stats: PageStats,
    /// The elements rendering leaves out: what cleaning drops and the
    /// blocks at the body's edges that read as boilerplate (see
    /// [`paragraphs`]; not for a site rule's body).
    #[cfg(feature = "reader")]
    dropped: stats::IdMap<()>,
}

/// Finds the article of `page`. Site rules (`article`) win over the heuristics.
pub fn find(page: &Page, rules: &[&CompiledRule]) -> Result<Article, NoArticle> {
    let stats = stats::gather(&page.html);
    if stats.elements > MAX_ELEMENTS {
        return Err(NoArticle::TooLarge {
            elements: stats.elements,
            limit: MAX_ELEMENTS,
        });
    }
    let (metadata, declared) = metadata::read(page);
    let ruled = rules
        .iter()
        .filter_map(|r| r.article.as_ref())
        .find_map(|sel| sel.select(page.top()).into_iter().next());
    if let Some(el) = ruled {
        return Ok(Article {
            metadata,
            body: el.id(),
            parts: vec![el.id()],
            flags: ATTEMPTS[0],
            stats,
            #[cfg(feature = "reader")]
            dropped: stats::IdMap::default(),
        }
        .with_dropped(page, false));
    }
    let mut best: Option<(Prose, score::Choice, Flags)> = None;
    for flags in ATTEMPTS {
        let Some(choice) = score::choose(&page.html, &stats, flags) else {
            continue;
        };
        let found = prose(page, &stats, &choice.parts, flags);
        let better = best.as_ref().is_none_or(|(p, _, _)| found.total > p.total);
        let enough = found.total >= ENOUGH_TEXT_CHARS;
        if better {
            best = Some((found, choice, flags));
        }
        if enough {
            break;
        }
    }
    let accepted = best.as_ref().is_some_and(|(found, _, _)| {
        found.longest_run >= MIN_PROSE_RUN_CHARS
            || (declared && found.total >= MIN_DECLARED_PROSE_CHARS)
    });
    if !accepted {
        // The scored attempts found no long run of prose, but the page
        // may mark its one article.
        if let Some(body) = marked_body(page, &stats) {
            return Ok(Article {
                metadata,
                body,
                parts: vec![body],
                flags: MARKED_BODY_FLAGS,
                stats,
                #[cfg(feature = "reader")]
                dropped: stats::IdMap::default(),
            }
            .with_dropped(page, true));
        }
    }
    // Last steps of the degradation: a short article, then the page's one
    // text, found again with list items voting.
    let short =
        best.filter(|(found, _, flags)| accepted || is_short_article(page, &stats, found, *flags));
    let Some((choice, flags)) = short
        .map(|(_, choice, flags)| (choice, flags))
        .or_else(|| one_text(page, &stats))
    else {
        return Err(NoArticle::NotFound);
    };
    let mut parts = choice.parts;
    if let Some(lede) = standfirst(page, &stats, &metadata, &parts) {
        parts.insert(0, lede);
    }
    let body = if parts.len() > 1 {
        page.html
            .tree
            .get(choice.top)
            .and_then(|n| n.parent())
            .map_or(choice.top, |p| p.id())
    } else {
        choice.top
    };
    Ok(Article {
        metadata,
        body,
        parts,
        flags,
        stats,
        #[cfg(feature = "reader")]
        dropped: stats::IdMap::default(),
    }
    .with_dropped(page, true))
}

/// The standfirst beside the body: the element just before its first part
/// (empty elements between skipped), without links, whose text is the
/// summary the page declares (`description`, JSON-LD's or the meta tag),
/// whole or cut short with an ellipsis (the element holds little more).
/// The page says in its metadata that
/// these words sum up the article; set just above its paragraphs, they
/// open it. A declared summary shorter than [`MIN_STANDFIRST_CHARS`] is
/// a label, not a sentence.
fn standfirst(
    page: &Page,
    stats: &PageStats,
    metadata: &Metadata,
    parts: &[NodeId],
) -> Option<NodeId> {
    let summary = crate::text::collapse(metadata.excerpt.as_deref()?);
    let summary = summary.trim_end_matches(['…', '.', ' ']);
    if summary.chars().count() < MIN_STANDFIRST_CHARS {
        return None;
    }
    let first = page.html.tree.get(*parts.first()?)?;
    let before = first
        .prev_siblings()
        .filter_map(ElementRef::wrap)
        .take(STANDFIRST_SIBLINGS_READ)
        .find(|e| stats.get(e.id()).text > 0)?;
    let s = stats.get(before.id());
    if s.link_text > 0 || s.skipped || s.controls > 0 {
        return None;
    }
    let text = crate::text::collapse(&before.text().collect::<String>());
    (text.starts_with(summary) && text.len() <= summary.len().saturating_mul(2))
        .then_some(before.id())
}

/// The element the page marks as its article: its only top-level
/// `<article>`, else its only element named as the article body
/// (`itemprop=articleBody`, `entry-content`…), when it holds enough text
/// outside links (see [`MIN_MARKED_BODY_CHARS`]). Home and search pages
/// mark many articles (teasers), or none; a login page holds no text.
fn marked_body(page: &Page, stats: &PageStats) -> Option<NodeId> {
    let mut articles = Vec::new();
    let mut named = Vec::new();
    let mut skip_depth = 0u32;
    for edge in page.html.tree.root().traverse() {
        let node = match edge {
            Edge::Open(node) => node,
            Edge::Close(node) => {
                if node.value().is_element() && skip_depth > 0 {
                    skip_depth -= 1;
                }
                continue;
            }
        };
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let own = stats.get(node.id());
        if skip_depth > 0 || own.skipped {
            skip_depth += 1;
            continue;
        }
        let is_article = el.value().name() == "article";
        let is_named = score::is_named_body_of(el.value(), own.names);
        if is_article && !articles.iter().any(|&a| is_inside(page, node.id(), a)) {
            articles.push(node.id());
        }
        if is_named && !named.iter().any(|&a| is_inside(page, node.id(), a)) {
            named.push(node.id());
        }
    }
    let one = |ids: &[NodeId]| match ids {
        [id] => Some(*id),
        _ => None,
    };
    one(&articles).or_else(|| one(&named)).filter(|&id| {
        let s = stats.get(id);
        s.text.saturating_sub(s.link_text) >= MIN_MARKED_BODY_CHARS
            && s.link_density() < MAX_MARKED_BODY_LINK_DENSITY
    })
}

/// Whether `node` sits inside `ancestor`.
fn is_inside(page: &Page, node: NodeId, ancestor: NodeId) -> bool {
    page.html
        .tree
        .get(node)
        .is_some_and(|n| n.ancestors().any(|a| a.id() == ancestor))
}

/// How much prose a body holds: in all, and in the longest run of
/// paragraphs side by side (one parent).
struct Prose {
    total: u32,
    longest_run: u32,
    /// The paragraphs of the longest run, and the element holding them.
    longest_run_paragraphs: u32,
    longest_run_parent: Option<NodeId>,
}

/// Measures the prose of `parts` as the attempt with `flags` will render
/// them (furniture skipped). An article has a long run of paragraphs (see
/// [`MIN_PROSE_RUN_CHARS`]); teasers, results or a form do not.
fn prose(page: &Page, stats: &PageStats, parts: &[NodeId], flags: Flags) -> Prose {
    // Per run (the parent of its paragraphs): characters and paragraphs.
    let mut runs: stats::IdMap<(u32, u32)> = stats::IdMap::default();
    let mut total = 0u32;
    for &part in parts {
        let Some(root) = page.html.tree.get(part) else {
            continue;
        };
        let mut skip_depth = 0u32;
        for edge in root.traverse() {
            let node = match edge {
                Edge::Open(node) => node,
                Edge::Close(node) => {
                    if node.value().is_element() && skip_depth > 0 {
                        skip_depth -= 1;
                    }
                    continue;
                }
            };
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            if skip_depth > 0 {
                skip_depth += 1;
                continue;
            }
            let s = stats.get(node.id());
            if s.skipped
                || (flags.strip_unlikely && node.id() != part && score::is_unlikely(el.value(), s))
            {
                skip_depth += 1;
                continue;
            }
            // List items are left out: teaser cards and search results are
            // lists of short texts side by side, exactly what an article is not.
            let (text, run) = if matches!(el.value().name(), "p" | "pre") {
                (s.text, node.parent().map_or(node.id(), |p| p.id()))
            } else {
                (s.own_text, node.id())
            };
            if text < PROSE_MIN_CHARS || s.link_density() >= PROSE_MAX_LINK_DENSITY {
                continue;
            }
            total = total.saturating_add(text);
            let (chars, paragraphs) = runs.entry(run).or_default();
            *chars = chars.saturating_add(text);
            *paragraphs = paragraphs.saturating_add(1);
        }
    }
    let longest = runs.iter().max_by_key(|(_, (chars, _))| *chars);
    Prose {
        total,
        longest_run: longest.map_or(0, |(_, (chars, _))| *chars),
        longest_run_paragraphs: longest.map_or(0, |(_, (_, paragraphs))| *paragraphs),
        longest_run_parent: longest.map(|(id, _)| *id),
    }
}

/// Whether the best attempt's prose, too short for an article by
/// [`MIN_PROSE_RUN_CHARS`], is a short article: a run of a few paragraphs
/// that is most of the page's prose, with no form beside it (see
/// [`MIN_SHORT_RUN_CHARS`] and the thresholds after it).
fn is_short_article(page: &Page, stats: &PageStats, found: &Prose, flags: Flags) -> bool {
    if found.longest_run < MIN_SHORT_RUN_CHARS
        || found.longest_run_paragraphs < MIN_SHORT_RUN_PARAGRAPHS
    {
        return false;
    }
    let whole = prose(page, stats, &[page.top().id()], flags);
    #[allow(clippy::cast_precision_loss)] // character counts, far below 2^24
    let share = found.longest_run as f32 / whole.total.max(1) as f32;
    share >= MIN_SHORT_RUN_SHARE
        && found
            .longest_run_parent
            .and_then(|id| page.html.tree.get(id))
            .is_some_and(|run| {
                !run.descendants()
                    .take(SHORT_RUN_ELEMENTS_READ)
                    .filter_map(ElementRef::wrap)
                    .any(|el| is_form_control(el.value()))
            })
}

/// The page's one text, when it has one: the strictest attempt, list
/// items voting (see [`MIN_ONE_TEXT_CHARS`]).
fn one_text(page: &Page, stats: &PageStats) -> Option<(score::Choice, Flags)> {
    let flags = Flags {
        list_items_vote: true,
        ..ATTEMPTS[0]
    };
    score::choose(&page.html, stats, flags)
        .filter(|choice| is_one_text(page, stats, &choice.parts))
        .map(|choice| (choice, flags))
}

/// Whether the candidate `parts` are the page's one text (see
/// [`MIN_ONE_TEXT_CHARS`] and the thresholds after it).
fn is_one_text(page: &Page, stats: &PageStats, parts: &[NodeId]) -> bool {
    let (text, links) = parts.iter().fold((0u32, 0u32), |(t, l), &id| {
        let s = stats.get(id);
        (t.saturating_add(s.text), l.saturating_add(s.link_text))
    });
    let own = text.saturating_sub(links);
    let whole = stats.get(page.top().id());
    let page_own = whole.text.saturating_sub(whole.link_text);
    #[allow(clippy::cast_precision_loss)] // character counts, far below 2^24
    let (density, share) = (
        links as f32 / text.max(1) as f32,
        own as f32 / page_own.max(1) as f32,
    );
    own >= MIN_ONE_TEXT_CHARS
        && density < MAX_ONE_TEXT_LINK_DENSITY
        && share >= MIN_ONE_TEXT_SHARE
        && parts.iter().all(|&id| {
            page.html.tree.get(id).is_some_and(|root| {
                !root
                    .descendants()
                    .take(SHORT_RUN_ELEMENTS_READ)
                    .filter_map(ElementRef::wrap)
                    .any(|el| {
                        is_form_control(el.value())
                            || (matches!(
                                el.value().name(),
                                "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                            ) && stats.get(el.id()).link_density() > MAX_HEADING_LINK_DENSITY)
                    })
            })
        })
}

/// A control a reader fills in (a button alone is not: share bars have them).
pub(super) fn is_form_control(el: &scraper::node::Element) -> bool {
    match el.name() {
        "textarea" | "select" => true,
        "input" => !crate::page::attr(el, "type").is_some_and(|t| {
            ["hidden", "submit", "button", "image", "reset"]
                .iter()
                .any(|kind| t.eq_ignore_ascii_case(kind))
        }),
        _ => false,
    }
}

impl Article {
    /// The article with what rendering leaves out found; `trim_edges`
    /// false for a site rule's body, whose edges the rule has drawn.
    #[cfg(feature = "reader")]
    fn with_dropped(mut self, page: &Page, trim_edges: bool) -> Self {
        let title = self.metadata.title.as_deref().map(crate::text::collapse);
        self.dropped = paragraphs::dropped(page, &self, title.as_deref(), trim_edges);
        // A part that is itself one of the lines trimmed (a date line or a
        // share line beside the body, joined as a sibling) leaves the body:
        // rendering drops what is inside a part, never a part.
        if self.parts.iter().any(|p| !self.dropped.contains_key(p)) {
            let dropped = &self.dropped;
            self.parts.retain(|p| !dropped.contains_key(p));
        }
        self
    }

    #[cfg(not(feature = "reader"))]
    fn with_dropped(self, _page: &Page, _trim_edges: bool) -> Self {
        self
    }

    /// What `Plan.article` says about this article.
    pub fn info(&self, page: &Page, order: &target::Order) -> ArticleInfo {
        ArticleInfo {
            metadata: self.metadata.clone(),
            target: page
                .html
                .tree
                .get(self.body)
                .and_then(ElementRef::wrap)
                .and_then(|el| order.address(el)),
        }
    }

    /// The clutter around (and inside) the body, top-most elements only;
    /// never a consent box (`boxes`) nor what holds one.
    pub fn clutter(&self, page: &Page, rules: &[&CompiledRule], boxes: &[NodeId]) -> Vec<NodeId> {
        clutter::find(page, self, rules, boxes)
    }
}

#[cfg(all(test, feature = "reader"))]
mod tests {
    use crate::{extract, Options};

    const SIDEBAR: &str = "<div class=side><h3>Most read</h3>\
        <div><a href=/a>Pool opens early</a><p>The pool starts its season in April.</p></div>\
        <div><a href=/b>Derby ends level</a><p>Two thousand people saw no goals.</p></div></div>";

    fn page(main: &str) -> String {
        format!(
            "<html><body><div class=top><a href=/>Home</a> <a href=/news>News</a></div>\
             <div class=x1><div class=x2><h1>The bridge stays closed</h1>{main}</div>{SIDEBAR}</div>\
             <div class=bottom>Imprint</div></body></html>"
        )
    }

    fn text(html: &str) -> Option<String> {
        extract(html, &Options::default())
            .ok()
            .map(|e| e.text_content)
    }

    #[test]
    fn the_declared_summary_just_above_the_body_is_its_standfirst() {
        let para = "<p>The council met on Monday and most members said that they would \
                    vote for the bridge when the time comes, though some still had \
                    questions about what it would cost and who would pay for it.</p>";
        let summary = "The old bridge stays closed all summer while engineers check its piers.";
        let html = |lede: &str| {
            format!(
                "<html><head><meta name=description content=\"{summary}\"></head><body>\
                 <div class=x1><h1>The bridge stays closed</h1>{lede}\
                 <div class=text>{}</div></div></body></html>",
                para.repeat(4)
            )
        };
        let out = text(&html(&format!("<div class=sum>{summary}</div>"))).unwrap_or_default();
        assert!(out.starts_with(summary), "{out}");
        // Another line there, or the summary as a link, is not the standfirst.
        let other = "The old bridge was built in 1890 and has been closed since the flood.";
        let out = text(&html(&format!("<div class=sum>{other}</div>"))).unwrap_or_default();
        assert!(!out.contains(other), "{out}");
        let out = text(&html(&format!(
            "<div class=sum><a href=/x>{summary}</a></div>"
        )))
        .unwrap_or_default();
        assert!(!out.contains("stays closed all summer"), "{out}");
    }

    #[test]
    fn a_date_line_joined_beside_the_body_leaves_it() {
        let paras: String = (0..4)
            .map(|i| {
                format!(
                    "<p>On day {i} the council met to discuss the plans for the new bridge, \
                     and most of the members said that they would vote for it when the time \
                     comes, though some of them still had questions about what it would cost \
                     and who would pay for it in the end.</p>"
                )
            })
            .collect();
        let html = page(&format!(
            "<p>Updated 3 May 2025, 10:42.</p><div class=text>{paras}</div>"
        ));
        let out = text(&html).unwrap_or_default();
        assert!(out.contains("On day 3 the council met"), "{out}");
        assert!(!out.contains("Updated 3 May"), "{out}");
    }

    #[test]
    fn a_post_of_one_paragraph_or_a_list_is_the_pages_one_text() {
        let paragraph = "<div class=x3><p>The bridge between the two villages stays closed \
            until the end of May: workers found more damage to its beams while they were \
            repairing the road, the town hall said on Friday, and the detour stays signposted.</p></div>";
        let out = text(&page(paragraph)).unwrap_or_default();
        assert!(out.contains("workers found more damage"), "{out}");
        assert!(!out.contains("Two thousand"), "{out}");
        let list = "<div class=x3><p>What we learned on the road:</p><ol>\
            <li>Pack half of what you think you need, then take out the spare shoes.</li>\
            <li>Ride the first day short, your legs will thank you on the third.</li>\
            <li>Eat before you are hungry and carry something salty.</li></ol></div>";
        let out = text(&page(list)).unwrap_or_default();
        assert!(out.contains("Ride the first day short"), "{out}");
    }

    #[test]
    fn cards_with_linked_headings_a_form_or_a_minority_text_are_not_one() {
        // Excerpts under linked headings: an archive page.
        let cards =
            "<div class=x3><h2><a href=/p1>The bridge stays closed until the end of May</a></h2>\
            <p>Workers found more damage to its beams while they were repairing the road, \
            the town hall said on Friday, and the detour stays signposted for now.</p>\
            <h2><a href=/p2>Buses go the long way</a></h2></div>";
        assert_eq!(text(&page(cards)), None);
        // Lines around a form: a sign-in box.
        let form = "<div class=x3><p>Subscribers get unlimited articles, the digital edition, \
            the morning briefing and the weekly puzzles, and they can read every page of the \
            archive from 1952 onwards, wherever they are.</p>\
            <form><input type=email name=e><input type=password name=p></form></div>";
        assert_eq!(text(&page(form)), None);
        // A paragraph beside a grid of short labels (a shop's items): a
        // minority of the page's text.
        let grid = format!(
            "<div class=x3><p>Our oak furniture is made in the valley from trees felled \
             in the winter, dried for two years and finished by hand with linseed oil.</p></div>\
             <div class=grid>{}</div>",
            (0..30)
                .map(|i| format!("<div class=item>Oak chair {i}, 90 €</div>"))
                .collect::<String>()
        );
        assert_eq!(text(&page(&grid)), None);
    }

    #[test]
    fn a_notice_joined_beside_the_body_as_a_part_of_its_own_leaves() {
        let paras: String = (0..4)
            .map(|i| {
                format!(
                    "<p>On day {i} the council met to discuss the plans for the new bridge, \
                     and most of the members said that they would vote for it when the time \
                     comes, though some of them still had questions about its cost.</p>"
                )
            })
            .collect();
        let notice = "<div class=text><p>This story is for members. Subscribe to our \
                      newsletter and read the rest of it there.</p></div>";
        let out =
            text(&page(&format!("<div class=text>{paras}</div>{notice}"))).unwrap_or_default();
        assert!(out.contains("On day 3 the council"), "{out}");
        assert!(!out.contains("for members"), "{out}");
    }

    #[test]
    fn a_link_in_a_sentence_is_kept_whatever_its_name() {
        let paras: String = (0..4)
            .map(|i| {
                format!(
                    "<p>On day {i} <a href=/topic/verizon class=meta-org>Verizon</a> said \
                     that the sale would go ahead, and most of the analysts who follow the \
                     company agreed that the price was fair for what it would get in return.</p>"
                )
            })
            .collect();
        let out = text(&page(&format!("<div class=text>{paras}</div>"))).unwrap_or_default();
        assert!(out.contains("On day 2 Verizon said"), "{out}");
    }

    #[test]
    fn a_code_box_with_a_copy_button_stays_a_form_does_not() {
        let paras = |from: usize| -> String {
            (from..from + 3)
                .map(|i| {
                    format!(
                        "<p>Step {i} of the worker loop takes the next task from the queue, \
                         runs it and records whether it failed, so that a retry can be \
                         scheduled later on by the controller.</p>"
                    )
                })
                .collect()
        };
        let code = "<div class=code-box><button>Copy</button>\
                    <pre>while True:\n  w = get_next_work()\n  do_work(w)</pre></div>";
        let form = "<div class=box><p>Get the weekly digest in your inbox</p>\
                    <input type=email name=e><button>Send</button></div>";
        let out = text(&page(&format!(
            "<div class=text>{}{code}{}{form}</div>",
            paras(0),
            paras(3)
        )))
        .unwrap_or_default();
        assert!(out.contains("get_next_work()"), "{out}");
        assert!(!out.contains("weekly digest"), "{out}");
    }

    #[test]
    fn a_scripted_control_leaves_a_tracked_link_stays() {
        let paras: String = (0..4)
            .map(|i| {
                format!(
                    "<p>On day {i} the <a href=/council onclick=track()>council</a> met to \
                     discuss the plans for the new bridge, and most members said that they \
                     would vote for it, though some still had questions about its cost.</p>"
                )
            })
            .collect();
        let gallery = "<div class=gallery><div onclick=hide()>Hide caption</div>\
                       <div onclick=go(1)><span>17</span></div><div onclick=go(2)><span>18</span></div></div>";
        let out =
            text(&page(&format!("<div class=text>{gallery}{paras}</div>"))).unwrap_or_default();
        assert!(out.contains("On day 3 the council met"), "{out}");
        assert!(!out.contains("Hide caption"), "{out}");
        assert!(!out.contains("17"), "{out}");
    }
}
