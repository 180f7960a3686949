//! Finding the article body: paragraphs vote for their ancestors, the best
//! ancestor wins, and its siblings that read like the article join it.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{ElementRef, Html};

use super::patterns::{Kind, Names};
use super::stats::{IdMap, PageStats, Stats};

/// How strict one attempt is. Attempts run from strictest to loosest, each
/// relaxing one more flag when the previous found too little
/// ([`ATTEMPTS`]); the one with the most article text wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// Skip containers whose class/id says furniture (`unlikely` patterns).
    pub strip_unlikely: bool,
    /// Let class/id words raise or lower a candidate's score.
    pub weight_classes: bool,
    /// Drop link-heavy or text-poor blocks from the body when rendering.
    pub clean_conditionally: bool,
    /// Let list items without links vote like paragraphs: only for the
    /// page's one text, the last step (a post that is mostly a list); the
    /// attempts leave lists out, as a related block's items are lines too.
    pub list_items_vote: bool,
}

/// The fixed order in which strategies degrade.
pub const ATTEMPTS: [Flags; 4] = [
    Flags {
        strip_unlikely: true,
        weight_classes: true,
        clean_conditionally: true,
        list_items_vote: false,
    },
    Flags {
        strip_unlikely: false,
        weight_classes: true,
        clean_conditionally: true,
        list_items_vote: false,
    },
    Flags {
        strip_unlikely: false,
        weight_classes: false,
        clean_conditionally: true,
        list_items_vote: false,
    },
    Flags {
        strip_unlikely: false,
        weight_classes: false,
        clean_conditionally: false,
        list_items_vote: false,
    },
];

/// A paragraph shorter than this many characters casts no vote: captions,
/// labels and button text are short.
const MIN_PARAGRAPH_CHARS: u32 = 25;
/// A paragraph earns one point per this many characters…
const CHARS_PER_POINT: u32 = 100;
/// …up to this many points, so that one huge block cannot outvote prose.
const MAX_LENGTH_POINTS: u32 = 3;
/// How many ancestors a paragraph votes for (parent, grandparent, …).
const VOTE_LEVELS: usize = 5;
/// Class/id weight of a `positive` or `negative` word.
const CLASS_WEIGHT: f32 = 25.0;
/// Bonus of an element named as the article body (`itemprop=articleBody`,
/// `article-body`…): more than a class weight, so it beats the wrapper that
/// also holds the header and the share bars.
const BODY_HINT_BONUS: f32 = 40.0;
/// A named body above the winner takes its place when it scores at least
/// this share of the winner's score.
const NAMED_BODY_SHARE: f32 = 0.5;
/// Another candidate scoring at least this share of the winner's is a
/// rival: another chunk of the same article…
const RIVAL_SHARE: f32 = 0.75;
/// …when it shares an ancestor with the winner at most this many levels up.
const RIVAL_LEVELS: usize = 3;
/// A sibling joins the body when its score reaches this share of the winner's…
const SIBLING_SHARE: f32 = 0.2;
/// …and at least this.
const MIN_SIBLING_SCORE: f32 = 10.0;
/// A sibling paragraph longer than this joins when its links are few…
const SIBLING_LONG_PARAGRAPH: u32 = 80;
/// …namely below this link density.
const SIBLING_MAX_LINK_DENSITY: f32 = 0.25;
/// How far below a sibling of the winner a candidate it holds is looked
/// for (the wrappers of a chunk of the article, within the parser's depth).
const MAX_HELD_LEVELS: usize = 12;
/// An `unlikely` container named like content is kept below this link density…
const MAYBE_MAX_LINK_DENSITY: f32 = 0.5;
/// …and when it holds at least this much text: `article__share` and
/// `article__datestamp` are named after the article but are one line long.
const MAYBE_MIN_CHARS: u32 = 140;

/// Containers whose own text (between `<br>`s) is prose: a heading or a
/// link with a long text is not.
const PROSE_CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "center",
    "font",
];

/// ARIA roles of page furniture.
const UNLIKELY_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "complementary",
    "contentinfo",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "search",
    "alert",
];

/// The article body one attempt found.
pub struct Choice {
    /// The winning element.
    pub top: NodeId,
    /// What to output, in document order: `top` alone, or `top` and the
    /// siblings that joined it.
    pub parts: Vec<NodeId>,
}

/// Whether an element is page furniture by its name or role (`unlikely`
/// patterns), unless it is named like content and is not mostly links.
/// `stats` are the element's own (they carry its names).
pub fn is_unlikely(el: &Element, stats: Stats) -> bool {
    // A link is judged by its share of the text around it, never by its
    // name: a company linked inside a sentence is `a.meta-org`.
    if matches!(el.name(), "body" | "html" | "article" | "main" | "a") {
        return false;
    }
    if crate::page::attr(el, "itemprop").is_some_and(|p| p.contains("articleBody")) {
        return false;
    }
    if crate::page::attr(el, "role").is_some_and(|role| UNLIKELY_ROLES.contains(&role.trim())) {
        return true;
    }
    let names = stats.names;
    names.has(Kind::Unlikely)
        && !(names.has(Kind::Maybe)
            && stats.link_density() < MAYBE_MAX_LINK_DENSITY
            && stats.text >= MAYBE_MIN_CHARS)
}

/// Whether an element holds reader comments (never the article).
fn is_comments(el: &Element, names: Names) -> bool {
    !matches!(el.name(), "body" | "html" | "main") && names.has(Kind::Comments)
}

/// The class/id weight of an element with `names` (positive, negative).
pub fn weight_of(names: Names) -> f32 {
    let mut weight = 0.0;
    if names.has(Kind::Negative) {
        weight -= CLASS_WEIGHT;
    }
    if names.has(Kind::Positive) {
        weight += CLASS_WEIGHT;
    }
    weight
}

/// Whether the page names this element, its names classified, as the
/// article body.
pub fn is_named_body_of(el: &Element, names: Names) -> bool {
    names.has(Kind::Body)
        || crate::page::attr(el, "itemprop").is_some_and(|p| p.contains("articleBody"))
}

/// A candidate's starting score, from what its tag usually holds.
fn tag_score(name: &str) -> f32 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Whether an element casts a paragraph vote. With `list_items_vote`, a
/// list item without links is a line of the text; menus, teaser lists and
/// results are links.
fn is_paragraph(el: &Element, own: Stats, flags: Flags) -> bool {
    match el.name() {
        "p" | "pre" | "td" => true,
        "li" => flags.list_items_vote && own.link_text == 0 && !own.block_child,
        "div" | "section" | "span" | "font" => !own.block_child,
        _ => false,
    }
}

/// Runs one attempt over the page.
pub fn choose(html: &Html, stats: &PageStats, flags: Flags) -> Option<Choice> {
    let scores = vote(html, stats, flags);
    let (top, _) = scores
        .iter()
        .map(|(&id, &score)| (id, score * (1.0 - stats.get(id).link_density())))
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    let top = promote_to_named_body(html, stats, &scores, top, flags);
    let top = join_close_rivals(html, stats, &scores, top);
    let top = climb_single_children(html, top);
    let parts = gather_siblings(html, stats, &scores, top, flags);
    Some(Choice { top, parts })
}

/// Every paragraph votes for its ancestors; returns each candidate's score.
fn vote(html: &Html, stats: &PageStats, flags: Flags) -> IdMap<f32> {
    let mut scores: IdMap<f32> = IdMap::default();
    let mut skip_depth = 0u32;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if skip_depth > 0 {
                    skip_depth += 1;
                    continue;
                }
                let own = stats.get(node.id());
                if own.skipped
                    || is_comments(el.value(), own.names)
                    || (flags.strip_unlikely && is_unlikely(el.value(), own))
                {
                    skip_depth += 1;
                    continue;
                }
                // A paragraph votes for its ancestors; a container with prose
                // of its own (text between `<br>`s) votes for itself too.
                let (text, first) = if is_paragraph(el.value(), own, flags) {
                    (own.text, 1)
                } else if PROSE_CONTAINERS.contains(&el.value().name()) {
                    (own.own_text, 0)
                } else {
                    continue;
                };
                if text < MIN_PARAGRAPH_CHARS {
                    continue;
                }
                let commas = if first == 1 { own.commas } else { 0 };
                let points =
                    1.0 + commas as f32 + (text / CHARS_PER_POINT).min(MAX_LENGTH_POINTS) as f32;
                let voters = std::iter::once(el)
                    .skip(first)
                    .chain(el.ancestors().filter_map(ElementRef::wrap));
                for (level, ancestor) in voters.take(VOTE_LEVELS).enumerate() {
                    let divider = match level {
                        0 => 1.0,
                        1 => 2.0,
                        n => n as f32 * 3.0,
                    };
                    let score = scores.entry(ancestor.id()).or_insert_with(|| {
                        initial_score(ancestor.value(), stats.get(ancestor.id()).names, flags)
                    });
                    *score += points / divider;
                }
            }
            Edge::Close(node) => {
                if node.value().is_element() && skip_depth > 0 {
                    skip_depth -= 1;
                }
            }
        }
    }
    scores
}

fn initial_score(el: &Element, names: Names, flags: Flags) -> f32 {
    let mut score = tag_score(el.name());
    if flags.weight_classes {
        score += weight_of(names);
        if is_named_body_of(el, names) {
            score += BODY_HINT_BONUS;
        }
    }
    score
}

/// A winner inside an element the page names as the article body
/// (`itemprop=articleBody`, `article-body`…) that scored well itself is a
/// part of the body (a gallery, a quote box): the named body is the answer.
fn promote_to_named_body(
    html: &Html,
    stats: &PageStats,
    scores: &IdMap<f32>,
    top: NodeId,
    flags: Flags,
) -> NodeId {
    if !flags.weight_classes {
        return top;
    }
    let final_score = |id: NodeId| {
        scores.get(&id).copied().unwrap_or_default() * (1.0 - stats.get(id).link_density())
    };
    let floor = final_score(top) * NAMED_BODY_SHARE;
    html.tree
        .get(top)
        .into_iter()
        .flat_map(|n| n.ancestors())
        .filter_map(ElementRef::wrap)
        .take(VOTE_LEVELS)
        .find(|a| {
            is_named_body_of(a.value(), stats.get(a.id()).names) && final_score(a.id()) >= floor
        })
        .map_or(top, |a| a.id())
}

/// An article split into chunks (one per ad break) gives several winners of
/// about the same score under a common ancestor a few levels up: that
/// ancestor holds the whole article.
fn join_close_rivals(html: &Html, stats: &PageStats, scores: &IdMap<f32>, top: NodeId) -> NodeId {
    let final_score = |id: NodeId| {
        scores.get(&id).copied().unwrap_or_default() * (1.0 - stats.get(id).link_density())
    };
    let floor = final_score(top) * RIVAL_SHARE;
    let Some(top_node) = html.tree.get(top) else {
        return top;
    };
    let ancestors: Vec<NodeId> = top_node
        .ancestors()
        .filter(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| !matches!(e.name(), "body" | "html"))
        })
        .take(RIVAL_LEVELS)
        .map(|a| a.id())
        .collect();
    let mut best: Option<usize> = None;
    for (&id, _) in scores
        .iter()
        .filter(|(&id, _)| id != top && final_score(id) >= floor)
    {
        let Some(node) = html.tree.get(id) else {
            continue;
        };
        if ancestors.contains(&id) || node.ancestors().any(|a| a.id() == top) {
            continue;
        }
        // The rival's nearest ancestor shared with the winner, if close enough.
        if let Some(level) = node
            .ancestors()
            .find_map(|a| ancestors.iter().position(|&x| x == a.id()))
        {
            best = Some(best.map_or(level, |b| b.max(level)));
        }
    }
    best.and_then(|level| ancestors.get(level).copied())
        .unwrap_or(top)
}

/// A winner that is its parent's only element child says nothing its
/// parent does not: the parent is the better handle (and keeps its figure
/// captions or headings that sit beside it further up).
fn climb_single_children(html: &Html, mut top: NodeId) -> NodeId {
    while let Some(node) = html.tree.get(top) {
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            break;
        };
        if matches!(parent.value().name(), "body" | "html") || parent.child_elements().count() != 1
        {
            break;
        }
        top = parent.id();
    }
    top
}

/// The winner and the siblings that read like more of the same article.
fn gather_siblings(
    html: &Html,
    stats: &PageStats,
    scores: &IdMap<f32>,
    top: NodeId,
    flags: Flags,
) -> Vec<NodeId> {
    let Some(top_node) = html.tree.get(top) else {
        return vec![top];
    };
    let Some(parent) = top_node.parent().and_then(ElementRef::wrap) else {
        return vec![top];
    };
    if matches!(parent.value().name(), "html") {
        return vec![top];
    }
    let top_score = scores.get(&top).copied().unwrap_or_default();
    let threshold = (top_score * SIBLING_SHARE).max(MIN_SIBLING_SCORE);
    let top_class = ElementRef::wrap(top_node).and_then(|e| e.value().attr("class"));
    let held = best_held(html, stats, scores, parent.id(), top);
    parent
        .child_elements()
        .filter(|sibling| {
            if sibling.id() == top {
                return true;
            }
            let el = sibling.value();
            let own = stats.get(sibling.id());
            if own.skipped || (flags.strip_unlikely && is_unlikely(el, own)) {
                return false;
            }
            let same_class =
                top_class.is_some_and(|c| !c.is_empty()) && el.attr("class") == top_class;
            let bonus = if same_class {
                top_score * SIBLING_SHARE
            } else {
                0.0
            };
            let own_score = scores
                .get(&sibling.id())
                .map(|score| score * (1.0 - own.link_density()));
            // A sibling made like the winner scores as the best candidate it holds.
            let held_score = held.get(&sibling.id()).copied().filter(|_| same_class);
            let score = own_score.into_iter().chain(held_score).reduce(f32::max);
            if score.is_some_and(|score| score + bonus >= threshold) {
                return true;
            }
            el.name() == "p" && reads_like_prose(*sibling, own)
        })
        .map(|sibling| sibling.id())
        .collect()
}

/// For each child of `parent` other than `top`, the best final score of
/// a candidate it holds. A chunk of the article made like the winner (the
/// same class) whose paragraphs sit deeper than the votes reach (three
/// more wrappers and a sidebar around the first chunk between figures)
/// has no score of its own, yet holds the same kind of candidate. Only a
/// sibling of the winner's class is judged so: a related block or a
/// comment thread further down holds scored candidates too.
fn best_held(
    html: &Html,
    stats: &PageStats,
    scores: &IdMap<f32>,
    parent: NodeId,
    top: NodeId,
) -> IdMap<f32> {
    let mut held: IdMap<f32> = IdMap::default();
    for (&id, &score) in scores {
        let Some(node) = html.tree.get(id) else {
            continue;
        };
        // The child of `parent` this candidate sits in, if any.
        let Some(child) = node
            .ancestors()
            .take(MAX_HELD_LEVELS)
            .find(|a| a.parent().is_some_and(|p| p.id() == parent))
        else {
            continue;
        };
        if child.id() == top {
            continue;
        }
        let score = score * (1.0 - stats.get(id).link_density());
        let best = held.entry(child.id()).or_insert(score);
        *best = best.max(score);
    }
    held
}

fn reads_like_prose(el: ElementRef<'_>, own: Stats) -> bool {
    if own.text > SIBLING_LONG_PARAGRAPH {
        return own.link_density() < SIBLING_MAX_LINK_DENSITY;
    }
    own.link_text == 0
        && own.text > 0
        && el
            .text()
            .any(|t| t.contains(". ") || t.trim_end().ends_with('.'))
}
