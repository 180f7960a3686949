//! Finding boxes: one walk over the page collects consent-tool boxes, the
//! anchors of site-written boxes and box headings; each one is then widened
//! to its outermost element (the box with the embed leftovers beside it),
//! and nested or repeated finds are merged.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};

use super::controls::{
    asks_in_its_frame, cover_before, has_parked_url, holds_live_frame, holds_whole_box,
    is_evidence, is_parked_embed, is_play_control, is_play_word_control, is_waiting_frame,
    offers_named_embed, waits_for_consent, MAX_LINK_WRAPPERS,
};
use super::language::{self, Hit};
use super::scripted_box::{is_scripted_box, shows_embed_in_shadow};
use super::tool_index::{Role, INDEX};
use crate::data::{ablation, tools, PLATFORMS, TOOLS};
use crate::page::{IdMap, IdSet, Page};
use crate::rules::CompiledRule;
use crate::text::{fold, visible};

/// Elements deeper than this are not looked at, nor their subtrees. Browsers
/// stop nesting around 512 levels; the hostile fixture nests a box 700 deep,
/// which must still be found. Bounding depth also bounds what a site rule's
/// descendant selector costs per element.
pub const MAX_DEPTH: usize = 1_024;

/// Nodes the walk visits at most; the rest of a page is left alone.
pub const MAX_NODES: usize = 300_000;

/// How many levels a box may be widened by wrappers that hold only embed
/// leftovers (WordPress wraps a box in `figure > div`, page builders deeper).
pub const MAX_CLIMB: usize = 12;

/// Levels above an anchor or a parked embed searched for its box: tools
/// put the box beside the embed, in a wrapper or two; a component library
/// wraps each line of a box in its own stack (Cloudscape: a sentence five
/// levels below the container holding its buttons).
pub(crate) const MAX_ANCHOR_CLIMB: usize = 5;

/// A wrapper with more element children than this is a layout, not a box.
const MAX_WRAPPER_CHILDREN: usize = 32;

/// Chars of visible text a site-written box (found by its heading or an
/// anchor) may hold: a box is a heading, a sentence or two and buttons, or
/// a tool's legal notice (WP Go Maps' default GDPR notice, six paragraphs:
/// about 1,800 chars, with the operator's name); anything longer is
/// article text quoting box wording.
pub const MAX_BOX_TEXT: usize = 2_000;

/// A box heading must be at least this share (in %) of its element's text:
/// "Contenu externe" alone is a heading, inside a sentence it is prose.
pub const MIN_TITLE_SHARE: usize = 60;

/// Chars of visible text a site-written box may show before its heading (a
/// service's logo name, an "Anzeige" label). An element whose heading comes
/// after more text than this is a stretch of article that happens to quote
/// box wording, near a share button.
pub const MAX_TEXT_BEFORE_HEADING: usize = 120;

/// Chars from which a paragraph counts as prose. A box says its sentence in
/// at most one such paragraph (heise's consent sentence runs about 200
/// chars); an article body has several.
const MIN_PROSE_CHARS: usize = 120;

/// Chars of the element holding a box's asking sentence: a box says a
/// sentence or two (the longest tool notices run near 300 chars).
pub const MAX_ASK_CHARS: usize = 400;

/// Candidates considered, and boxes reported, per page.
pub const MAX_CANDIDATES: usize = 500;

/// Elements that are never part of a box: widening stops below them.
const LAYOUT: [&str; 10] = [
    "html", "body", "main", "article", "section", "form", "ul", "ol", "table", "header",
];

/// Layout elements a tool may draw a whole box as (`<article>` around a
/// notice and a play button) when they hold no more than a box.
const BOX_AS_LAYOUT: [&str; 2] = ["article", "section"];

/// Elements inside a sentence: a box's asking sentence may run across
/// them ("Please <a>accept marketing cookies</a> to watch this video").
const INLINE: [&str; 8] = ["a", "span", "b", "strong", "em", "i", "u", "small"];

/// Classes of platforms' own embed markup that survive next to a box
/// (`twitter-tweet`), from the data.
static EMBED_CLASSES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    PLATFORMS
        .iter()
        .flat_map(|p| &p.embed_classes)
        .map(String::as_str)
        .collect()
});

/// A class that survives next to a box: a platform's embed markup or a
/// tool's leftover (`borlabs-hide`).
fn is_leftover_class(class: &str) -> bool {
    EMBED_CLASSES.contains(&class) || tools().any(|t| t.file.leftovers.iter().any(|l| l == class))
}

/// How a box was found, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    SiteRule,
    ToolBox,
    Anchor,
    Heading,
    /// A blocked embed of a known platform: its box is the nearest
    /// wrapper showing control evidence.
    Parked,
    /// A sentence asking to load or consent to the blocked content, in an
    /// element of its own (not a line of prose): its box is the nearest
    /// wrapper showing control evidence.
    Ask,
    /// The same sentence as a control's own label ("Click to accept
    /// marketing cookies and enable this content"): a cookie banner's
    /// button says as much, so its box must carry a platform's embed.
    AskingControl,
    /// A play control (a "Video abspielen" button, a play mark): its box
    /// is the nearest wrapper showing control evidence. Least trusted: a
    /// box found otherwise is the wider one.
    Play,
    /// A control labelled with a word that both plays and loads
    /// ("Přehrát video"): as trusted as a play control.
    PlayWord,
    /// A frame waiting for its address (`src=""`): its box must give
    /// consent and name the platform, since the frame keeps nothing.
    Waiting,
    /// An element a script draws a box in (`scripted_box`): the box itself.
    Scripted,
}

/// One box found.
pub struct Found<'a> {
    /// The outermost element of the box.
    pub outer: ElementRef<'a>,
    /// The consent tool, when its markup says.
    pub tool: Option<&'static str>,
}

/// What the walk found.
pub struct Scan<'a> {
    /// Boxes in document order.
    pub boxes: Vec<Found<'a>>,
    /// Phrases found inside the boxes (they tell the boxes' language).
    pub hits: Vec<Hit>,
}

struct Candidate<'a> {
    el: ElementRef<'a>,
    tool: Option<&'static str>,
    origin: Origin,
}

/// Finds every box in `page`. Site rules win: their `ignore` elements are
/// skipped and their `boxes` taken as they are.
pub fn find<'a>(page: &'a Page, rules: &[&CompiledRule]) -> Scan<'a> {
    // Site-rule selectors are queried once each over the page (bounded work,
    // see rules/select.rs); the built-in tools' are matched per element.
    let ruled_ignore = crate::rules::selected(rules.iter().flat_map(|r| &r.ignore), page.top());
    let rule_boxes = crate::rules::selected(rules.iter().flat_map(|r| &r.boxes), page.top());

    let mut order: IdMap<usize> = IdMap::default();
    let mut candidates: Vec<Candidate<'a>> = Vec::new();
    let mut hits: Vec<(NodeId, Hit)> = Vec::new();
    // Elements whose whole sentence (across inline children) was scanned.
    let mut joined = IdSet::default();
    // Each node with its depth and whether an element above it has the
    // `hidden` attribute.
    let mut stack: Vec<(NodeRef<'a, Node>, usize, bool)> = vec![(*page.top(), 0, false)];
    let mut visited = 0usize;
    while let Some((node, depth, unseen)) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES || candidates.len() >= MAX_CANDIDATES {
            break;
        }
        match node.value() {
            Node::Element(e) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                order.insert(node.id(), order.len());
                if depth > MAX_DEPTH || ruled_ignore.contains(&node.id()) {
                    continue;
                }
                // Only the tools in force (a test may leave some out).
                let matched: Vec<_> = INDEX
                    .matches(el)
                    .into_iter()
                    .filter(|(tool, _)| {
                        TOOLS
                            .get(*tool)
                            .is_some_and(|t| !ablation::is_left_out(&t.file.id))
                    })
                    .collect();
                if matched.iter().any(|(_, role)| *role == Role::Banner) {
                    continue;
                }
                if rule_boxes.contains(&node.id()) {
                    candidates.push(Candidate {
                        el,
                        tool: None,
                        origin: Origin::SiteRule,
                    });
                }
                for (tool, role) in matched {
                    let origin = match role {
                        Role::Box => Origin::ToolBox,
                        Role::Anchor => Origin::Anchor,
                        // The index of boxes files no controls.
                        Role::Banner | Role::Control => continue,
                    };
                    candidates.push(Candidate {
                        el,
                        tool: TOOLS.get(tool).map(|t| t.file.id.as_str()),
                        origin,
                    });
                }
                if is_parked_embed(el) {
                    candidates.push(Candidate {
                        el,
                        tool: None,
                        origin: Origin::Parked,
                    });
                }
                if is_waiting_frame(el) {
                    candidates.push(Candidate {
                        el,
                        tool: None,
                        origin: Origin::Waiting,
                    });
                }
                if is_scripted_box(el) {
                    candidates.push(Candidate {
                        el,
                        tool: None,
                        origin: Origin::Scripted,
                    });
                }
                if is_play_control(el) {
                    candidates.push(Candidate {
                        el,
                        tool: None,
                        origin: Origin::Play,
                    });
                }
                if is_play_word_control(el) {
                    candidates.push(Candidate {
                        el,
                        tool: None,
                        origin: Origin::PlayWord,
                    });
                }
                if !matches!(e.name(), "script" | "style" | "template" | "svg") {
                    let unseen = unseen || crate::page::attr(e, "hidden").is_some();
                    stack.extend(node.children().rev().map(|c| (c, depth + 1, unseen)));
                }
            }
            // Wording the reader never sees asks nothing: a tool's blueprint
            // of its box (`div[hidden]` with "{category}" still in it) is
            // copied into the page beside each blocked embed.
            Node::Text(_) if unseen => {}
            Node::Text(t) => {
                let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
                    continue;
                };
                let mut asked = false;
                for hit in language::scan(&fold(t)) {
                    hits.push((parent.id(), hit));
                    if hit.title && is_heading(parent, hit) {
                        candidates.push(Candidate {
                            el: parent,
                            tool: None,
                            origin: Origin::Heading,
                        });
                    }
                    asked |= hit.ask;
                }
                if !asked && joined.insert(parent.id()) {
                    for hit in sentence_hits(parent).into_iter().filter(|h| h.ask) {
                        hits.push((parent.id(), hit));
                        asked = true;
                    }
                }
                if asked && !is_prose(parent) {
                    candidates.push(Candidate {
                        el: parent,
                        tool: None,
                        origin: if control_around(parent).is_some() {
                            Origin::AskingControl
                        } else {
                            Origin::Ask
                        },
                    });
                }
            }
            _ => {}
        }
    }

    let mut resolved: Vec<(ElementRef<'a>, Option<&'static str>, Origin)> = candidates
        .into_iter()
        .filter_map(|c| {
            let core = match c.origin {
                Origin::SiteRule => return Some((c.el, c.tool, c.origin)),
                // A tool's box whose frame already shows the content (its
                // notice hidden once the reader consented) asks nothing.
                Origin::ToolBox => ((is_evidence(c.el) || asks_in_its_frame(c.el))
                    && !holds_live_frame(c.el))
                .then_some(c.el)?,
                // So does a box found around a tool's anchor.
                Origin::Anchor => {
                    let outer = widen(box_around(c.el, MAX_ANCHOR_CLIMB)?);
                    return (!holds_live_frame(outer)).then_some((outer, c.tool, c.origin));
                }
                // A frame hidden until consent may have its box right
                // before it, as a sibling in the article's flow: that
                // sibling is its box, not a wrapper around both and more.
                // Or right after it, where the tool inserted it after the
                // frame it blocks.
                // A parked element that asks for itself is the tool's drawn
                // box keeping the address: what lies beside it is the article's.
                Origin::Parked if is_evidence(c.el) => c.el,
                Origin::Parked => box_before(c.el)
                    .or_else(|| box_after(c.el))
                    .or_else(|| box_around(c.el, MAX_ANCHOR_CLIMB))?,
                // The box is around the play control, never the control
                // alone nor a wrapper holding it alone (`<span><button>`).
                Origin::Play => box_around(around_lone(c.el)?, MAX_ANCHOR_CLIMB)?,
                // A control that plays and loads reads as consent; its box
                // must name the platform and keep or link its embed, as a
                // box with a play control does.
                Origin::PlayWord => box_around(around_lone(c.el)?, MAX_ANCHOR_CLIMB)
                    .filter(|b| offers_named_embed(*b))?,
                // A box whose frame already shows the content asks nothing
                // any more (the tool's notice stays after consent).
                Origin::Ask | Origin::AskingControl => {
                    // The box is around the control, never the control
                    // alone, unless the control holds the whole box. A
                    // sentence right under a clickable cover speaks for the
                    // cover, not for the article around both.
                    let from = match c.origin {
                        Origin::AskingControl => {
                            let control = control_around(c.el)?;
                            if holds_whole_box(control) {
                                control
                            } else {
                                control.parent().and_then(ElementRef::wrap)?
                            }
                        }
                        _ => cover_before(c.el).unwrap_or(c.el),
                    };
                    let outer = widen(box_around(from, MAX_ANCHOR_CLIMB)?);
                    let embed = c.origin == Origin::Ask
                        || super::carriers::read(outer, None).platform.is_some();
                    return (embed && !holds_live_frame(outer))
                        .then_some((outer, c.tool, c.origin));
                }
                Origin::Waiting => {
                    box_around(c.el, MAX_ANCHOR_CLIMB).filter(|b| waits_for_consent(*b))?
                }
                Origin::Heading => {
                    box_around(c.el, MAX_CLIMB).filter(|core| heading_leads(*core, c.el))?
                }
                Origin::Scripted => c.el,
            };
            Some((widen(core), c.tool, c.origin))
        })
        .filter(|(outer, _, origin)| {
            *origin == Origin::SiteRule
                || !(shown_frame_s_notice(*outer)
                    || shows_embed_in_shadow(*outer)
                    || never_seen(*outer))
        })
        .collect();
    resolved.sort_by_key(|(_, _, origin)| *origin);

    let boxes = merge(resolved, &order);
    let inside: HashSet<NodeId> = boxes.iter().map(|b| b.outer.id()).collect();
    let box_hits = hits
        .into_iter()
        .filter(|(id, _)| {
            let node = page.html.tree.get(*id);
            node.is_some_and(|n| {
                std::iter::once(n)
                    .chain(n.ancestors())
                    .take(MAX_DEPTH)
                    .any(|a| inside.contains(&a.id()))
            })
        })
        .map(|(_, hit)| hit)
        .collect();
    Scan {
        boxes,
        hits: box_hits,
    }
}

/// A box the reader never sees: it, an element above it, or a wrapper
/// holding elements that it was widened over (each its sole child) is
/// hidden (`hidden`, inline `display:none`), as a server's copy of a box
/// whose shown clone a script put in the article is, or a tool's blueprint.
fn never_seen(outer: ElementRef<'_>) -> bool {
    let hidden_above = std::iter::once(outer)
        .chain(outer.ancestors().filter_map(ElementRef::wrap))
        .take(MAX_DEPTH)
        .any(super::carriers::is_hidden);
    hidden_above
        || std::iter::successors(sole_child(outer).and_then(ElementRef::wrap), |w| {
            sole_child(*w).and_then(ElementRef::wrap)
        })
        .take(MAX_DEPTH)
        // A hidden frame alone in its box is the parked embed, not a copy.
        .any(|w| super::carriers::is_hidden(w) && w.children().any(|c| c.value().is_element()))
}

/// Keeps one box per outer element, the most trusted find first; a box
/// inside another is the same box. Returns them in document order.
fn merge<'a>(
    resolved: Vec<(ElementRef<'a>, Option<&'static str>, Origin)>,
    order: &IdMap<usize>,
) -> Vec<Found<'a>> {
    let mut kept: Vec<(Found<'a>, HashSet<NodeId>)> = Vec::new();
    for (outer, tool, _) in resolved {
        let lineage: HashSet<NodeId> = std::iter::once(*outer)
            .chain(outer.ancestors())
            .take(MAX_DEPTH + 1)
            .map(|n| n.id())
            .collect();
        let mut absorbed = false;
        for (found, found_lineage) in kept.iter_mut() {
            if lineage.contains(&found.outer.id()) || found_lineage.contains(&outer.id()) {
                found.tool = found.tool.or(tool);
                absorbed = true;
                break;
            }
        }
        if !absorbed {
            kept.push((Found { outer, tool }, lineage));
        }
    }
    let mut boxes: Vec<Found<'a>> = kept.into_iter().map(|(f, _)| f).collect();
    boxes.sort_by_key(|b| order.get(&b.outer.id()).copied().unwrap_or(usize::MAX));
    boxes
}

/// Whether a heading phrase is (nearly) the whole text of `el`.
fn is_heading(el: ElementRef<'_>, hit: Hit) -> bool {
    let limit = hit.len * 100 / MIN_TITLE_SHARE + 1;
    let text = fold(&visible(el, limit));
    !text.is_empty() && hit.len * 100 >= text.len() * MIN_TITLE_SHARE
}

/// The nearest element, `el` or up to `levels` above it, that shows a box's
/// control evidence (`controls::is_evidence`) and no more text than a box.
fn box_around(el: ElementRef<'_>, levels: usize) -> Option<ElementRef<'_>> {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .take(levels + 1)
        .take_while(|e| !is_layout(*e))
        // Climbing stops at article prose; a box whose own paragraphs ask
        // consent may say a legal notice of several paragraphs (WP Go Maps'
        // GDPR notice), and is the last element tried.
        .scan(false, |past_prose, e| {
            if *past_prose {
                return None;
            }
            *past_prose = holds_prose(e);
            (!*past_prose || is_notice(e)).then_some(e)
        })
        // A control alone is never the box: the box is around it, unless
        // the control holds the whole box.
        .filter(|e| control_around(*e).is_none_or(|c| c.id() != e.id() || holds_whole_box(c)))
        .find(|e| is_evidence(*e))
        .filter(|e| visible(*e, MAX_BOX_TEXT * 4).chars().count() <= MAX_BOX_TEXT)
}

/// The element around `control` and the wrappers holding it alone (no
/// text and no other element beside it: a `<span>` a page builder puts
/// around each button), up to [`MAX_LINK_WRAPPERS`] of them.
fn around_lone(control: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let mut node = control;
    for _ in 0..=MAX_LINK_WRAPPERS {
        let parent = node.parent().and_then(ElementRef::wrap)?;
        if sole_child(parent).is_none() {
            return Some(parent);
        }
        node = parent;
    }
    node.parent().and_then(ElementRef::wrap)
}

/// The one child of `el` among blank text and comments (an element or a
/// text), if it has just one: `el` is a wrapper. Past a box's children
/// (bounded on a page of many) it is a layout.
fn sole_child(el: ElementRef<'_>) -> Option<NodeRef<'_, Node>> {
    let mut children = el
        .children()
        .take(MAX_WRAPPER_CHILDREN)
        .filter(|c| match c.value() {
            Node::Text(t) => !t.trim().is_empty(),
            Node::Element(_) => true,
            _ => false,
        });
    let only = children.next();
    only.filter(|_| children.next().is_none())
}

/// The box right before a frame hidden until consent: tools insert their
/// placeholder before the frame they hide (the frame parks the embed).
fn box_before(frame: ElementRef<'_>) -> Option<ElementRef<'_>> {
    if !super::carriers::is_hidden(frame) {
        return None;
    }
    frame
        .prev_siblings()
        .find_map(ElementRef::wrap)
        .filter(|before| !is_layout(*before) && is_evidence(*before))
}

/// The box right after a parked frame: tools insert their notice after
/// the frame they block (its address parked, its `src` blank), as a
/// sibling in the article's flow. After any other parked element (a
/// click-to-play facade keeping its video's ID) comes the article's text.
fn box_after(frame: ElementRef<'_>) -> Option<ElementRef<'_>> {
    if frame.value().name() != "iframe" {
        return None;
    }
    frame
        .next_siblings()
        .find_map(ElementRef::wrap)
        .filter(|after| !is_layout(*after) && !holds_live_frame(*after) && is_evidence(*after))
}

/// Whether `outer` is a tool's notice hidden after consent: hidden by its
/// own markup right after the frame it blocked (bare, or in a wrapper of
/// no text of its own: a ratio box), which now shows the content.
fn shown_frame_s_notice(outer: ElementRef<'_>) -> bool {
    // The notice itself, or alone in its wrappers.
    let hidden = std::iter::successors(Some(outer), |e| sole_child(*e).and_then(ElementRef::wrap))
        .take(MAX_CLIMB)
        .any(super::carriers::is_hidden);
    hidden
        && outer
            .prev_siblings()
            .find_map(ElementRef::wrap)
            .is_some_and(|f| {
                f.value().name() == "iframe" && super::carriers::is_live_frame(f)
                    || holds_live_frame(f) && visible(f, 1).is_empty()
            })
}

/// Whether `el` is the page's layout: a layout element, unless it is an
/// `<article>` or `<section>` holding no more than a box (no heading of the
/// page's, a box's text).
fn is_layout(el: ElementRef<'_>) -> bool {
    let name = el.value().name();
    if !LAYOUT.contains(&name) {
        return false;
    }
    // A form that only posts a yes and holds no more than a box is the box
    // (a whole page in one form, as ASP.NET draws it, stays layout).
    if super::controls::only_confirms(el)
        && visible(el, MAX_BOX_TEXT * 4).chars().count() <= MAX_BOX_TEXT
    {
        return false;
    }
    let boxed = BOX_AS_LAYOUT.contains(&name)
        && !el
            .descendants()
            .skip(1)
            .take(MAX_BOX_TEXT)
            .filter_map(ElementRef::wrap)
            .any(|d| matches!(d.value().name(), "h1" | "h2" | "article" | "section"))
        && visible(el, MAX_BOX_TEXT * 4).chars().count() <= MAX_BOX_TEXT
        // One showing a live embed shows content: a story, not a box.
        && !holds_live_frame(el);
    !boxed
}

/// The phrases of the sentence `el` says across its inline children
/// ("Please <a>accept marketing-cookies</a> to watch this video"), when
/// it has any and is no longer than a box's sentence.
fn sentence_hits(el: ElementRef<'_>) -> Vec<Hit> {
    let inline = el
        .children()
        .filter_map(ElementRef::wrap)
        .any(|c| INLINE.contains(&c.value().name()));
    if !inline {
        return Vec::new();
    }
    let text = visible(el, MAX_ASK_CHARS + 1);
    if text.chars().count() > MAX_ASK_CHARS {
        return Vec::new();
    }
    language::scan(&fold(&text))
}

/// Whether `el` is a line of prose rather than a box's sentence: its text
/// runs past [`MAX_ASK_CHARS`].
fn is_prose(el: ElementRef<'_>) -> bool {
    visible(el, MAX_ASK_CHARS * 4).chars().count() > MAX_ASK_CHARS
}

/// Whether `el` is or sits in a control (its text is the control's label).
fn control_around(el: ElementRef<'_>) -> Option<ElementRef<'_>> {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .take(MAX_ANCHOR_CLIMB + 1)
        .find(|e| {
            matches!(e.value().name(), "button" | "a" | "label")
                || e.value().attr("role").is_some_and(|r| r == "button")
        })
}

/// Whether `el` holds paragraphs of article prose: more than one child
/// paragraph of [`MIN_PROSE_CHARS`] or more. A box says a sentence or two;
/// climbing from an embed into the article around it must stop here.
fn holds_prose(el: ElementRef<'_>) -> bool {
    el.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| c.value().name() == "p")
        .filter(|p| visible(*p, MIN_PROSE_CHARS * 4).chars().count() >= MIN_PROSE_CHARS)
        .nth(1)
        .is_some()
}

/// Elements of an article's body a notice never holds: a notice is words
/// and controls.
const NOT_IN_NOTICE: [&str; 8] = [
    "figure",
    "img",
    "picture",
    "iframe",
    "video",
    "h1",
    "h2",
    "blockquote",
];

/// Whether `el`'s paragraphs are a box's notice, not the article's: one of
/// its own paragraphs asks consent, and it holds no media or headings of
/// an article.
fn is_notice(el: ElementRef<'_>) -> bool {
    let media = el
        .descendants()
        .skip(1)
        .take(MAX_BOX_TEXT)
        .filter_map(ElementRef::wrap)
        .any(|d| NOT_IN_NOTICE.contains(&d.value().name()));
    !media
        && el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| c.value().name() == "p")
            .any(|p| {
                let text = visible(p, MAX_ASK_CHARS + 1);
                text.chars().count() <= MAX_ASK_CHARS
                    && language::scan(&fold(&text)).iter().any(|h| h.ask)
            })
}

/// Whether the box `core` found around `heading` opens with it.
fn heading_leads(core: ElementRef<'_>, heading: ElementRef<'_>) -> bool {
    let title = visible(heading, MAX_BOX_TEXT);
    let limit = MAX_TEXT_BEFORE_HEADING * 4 + title.len();
    let text = visible(core, limit);
    text.find(&title)
        .and_then(|at| text.get(..at))
        .is_some_and(|before| before.chars().count() <= MAX_TEXT_BEFORE_HEADING)
}

/// Widens a box to its outermost element: up through wrappers whose other
/// children are only embed leftovers (blockquotes, parked frames, inert
/// scripts, empty elements), never into the article around it.
fn widen(core: ElementRef<'_>) -> ElementRef<'_> {
    let mut current = core;
    for _ in 0..MAX_CLIMB {
        let Some(parent) = current.parent().and_then(ElementRef::wrap) else {
            break;
        };
        if LAYOUT.contains(&parent.value().name()) || !only_leftovers_beside(parent, current) {
            break;
        }
        current = parent;
    }
    current
}

fn only_leftovers_beside(parent: ElementRef<'_>, child: ElementRef<'_>) -> bool {
    let mut elements = 0usize;
    for node in parent.children() {
        if node.id() == child.id() {
            continue;
        }
        match node.value() {
            Node::Text(t) if !t.trim().is_empty() => return false,
            Node::Element(_) => {
                elements += 1;
                if elements > MAX_WRAPPER_CHILDREN {
                    return false;
                }
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if !is_leftover(el) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// The embed leftover right before a box that widening could not take in
/// (box and blocked embed are siblings in the article's flow): tools insert
/// their box after the element they block.
pub fn leftover_before(outer: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let previous = outer.prev_siblings().find_map(ElementRef::wrap)?;
    let v = previous.value();
    let carrier = v.classes().any(is_leftover_class)
        || has_parked_url(previous)
        || super::carriers::parked_in_data(previous).is_some();
    carrier.then_some(previous)
}

fn is_leftover(el: ElementRef<'_>) -> bool {
    let v = el.value();
    matches!(
        v.name(),
        "script" | "noscript" | "template" | "style" | "link" | "br" | "iframe"
    ) || v.classes().any(is_leftover_class)
        || has_parked_url(el)
        || super::carriers::is_hidden(el)
        || visible(el, 1).is_empty()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::rules::Rules;

    fn boxes(html: &str, rules_json: Option<&str>) -> Vec<(String, Option<String>)> {
        let page = Page::document(html, None);
        let rules = rules_json
            .map(|j| Rules::from_json(j).unwrap())
            .unwrap_or_default();
        let compiled: Vec<&CompiledRule> = rules.for_host(Some("site.example")).collect();
        find(&page, &compiled)
            .boxes
            .iter()
            .map(|b| {
                let class = b.outer.value().attr("class").unwrap_or_default().to_owned();
                (class, b.tool.map(str::to_owned))
            })
            .collect()
    }

    const SDP_BOX: &str = r#"<div class="uc-embedding-container"><h3>Contenu externe</h3><button class="uc-embedding-accept">Accepter</button></div>"#;

    #[test]
    fn widens_a_box_to_the_wrapper_holding_the_embed_leftovers() {
        let html = format!(
            r#"<article><p>Texte.</p><div class="embed"><blockquote class="twitter-tweet"><p>x</p></blockquote><script type="text/plain"></script>{SDP_BOX}</div><p>Suite.</p></article>"#
        );
        assert_eq!(
            boxes(&html, None),
            vec![("embed".to_owned(), Some("usercentrics-sdp".to_owned()))]
        );
    }

    #[test]
    fn wording_in_a_hidden_blueprint_is_no_box() {
        let blueprint = r#"<div class="blueprint"><div class="message">To load this element, it is required to consent to the following cookie category: {category}.</div><button class="consent">Load {category} cookies</button></div>"#;
        let shown = format!("<main><p>a</p>{blueprint}</main>");
        assert_eq!(boxes(&shown, None).len(), 1);
        let hidden = format!("<main><p>a</p><div hidden>{blueprint}</div></main>");
        assert!(boxes(&hidden, None).is_empty());
    }

    #[test]
    fn a_box_found_twice_is_one_box() {
        // The heading and the tool class both find this box.
        let html = format!("<main><p>a</p>{SDP_BOX}<p>b</p>{SDP_BOX}</main>");
        assert_eq!(boxes(&html, None).len(), 2);
    }

    #[test]
    fn quoted_wording_in_prose_is_not_a_box() {
        let html = r#"<article><p>Un encadré « Contenu externe » s'affiche, puis « Accepter ».</p><p>Contenu externe</p><form><button type="submit">Publier</button></form></article>"#;
        assert!(boxes(html, None).is_empty());
    }

    #[test]
    fn a_legal_notice_of_several_paragraphs_is_a_box_and_an_article_body_is_not() {
        let legal = "The provider receives your IP address and browser data; read its privacy policy for how it uses them. ".repeat(2);
        let ask = "To view this map you need to accept marketing cookies from the map provider, who may track you across sites.";
        let notice = format!(
            r#"<div class="body"><div class="notice"><p>{legal}</p><p>{legal}</p><p>{ask}</p><p><button>Accept</button></p></div><p>After.</p></div>"#
        );
        assert_eq!(boxes(&notice, None), vec![("notice".to_owned(), None)]);
        let article = format!(
            r#"<div class="body"><p>{legal}</p><figure><img src="/a.jpg" alt="A"></figure><p>{legal}</p><p>{ask}</p><p><button>Accept</button></p></div>"#
        );
        assert!(boxes(&article, None).is_empty());
    }

    #[test]
    fn a_control_holding_the_whole_box_is_the_box() {
        // A thumbnail button with the notice inside, straight in a post's
        // body: the button is the box, not the post around it.
        let button = r#"<button class="thumb" data-video-id="Lq2vB7nRt5X"><img src="https://img.youtube.com/vi/Lq2vB7nRt5X/0.jpg" alt=""><span>Click to load video from YouTube. Personal data may be transferred.</span><span class="play-button"></span></button>"#;
        let html = format!(
            r#"<div class="post"><p>First.</p>{button}<p>Then.</p>{button}<p>Last.</p></div>"#
        );
        assert_eq!(
            boxes(&html, None),
            vec![("thumb".to_owned(), None), ("thumb".to_owned(), None)]
        );
        // A short label over an image is the box's control; the box is
        // around it.
        let short = r#"<div class="post"><p>First.</p><div class="gate"><p>Click to load video from YouTube. Personal data may be transferred.</p><button data-video-id="Lq2vB7nRt5X"><img src="https://img.youtube.com/vi/Lq2vB7nRt5X/0.jpg" alt="">Load video<span class="play-button"></span></button></div><p>Last.</p></div>"#;
        assert_eq!(boxes(short, None), vec![("gate".to_owned(), None)]);
    }

    #[test]
    fn a_box_that_is_all_one_click_target_round_its_parked_frame_is_the_box() {
        // `role="button"` on the box itself, named by its `aria-label`; its
        // notice and its parked frame inside, no control of their own.
        let gate = |label: &str| {
            format!(
                r#"<div class="post"><p>First paragraph of the article.</p><div class="gate" role="button" tabindex="0" aria-label="{label}" onclick="reveal(this)"><p>Empfohlener redaktioneller Inhalt</p><p>An dieser Stelle finden Sie einen ausgewählten, externen Inhalt, der den Artikel für Sie mit zusätzlichen Informationen anreichert.</p><iframe src="about:blank" data-src="https://datawrapper.dwcdn.net/Ab3Cd/1/" hidden></iframe></div><p>Last.</p></div>"#
            )
        };
        assert_eq!(
            boxes(&gate("Externen Inhalt anzeigen"), None),
            vec![("gate".to_owned(), None)]
        );
        // Named to do nothing about consent, it is a link card, no box.
        assert!(boxes(&gate("Teilen"), None).is_empty());
    }

    #[test]
    fn a_parked_element_asking_for_itself_is_its_own_box() {
        // Placeholders keeping the address and the ask, no control: the
        // paragraph between two of them is the article's, not a box.
        let holder = |id: &str| {
            format!(
                r#"<div class="holder" data-src="https://www.youtube.com/embed/{id}"><div>Please accept the cookie consent</div></div>"#
            )
        };
        let html = format!(
            r#"<div class="post"><p>First.</p>{}<p>Then the boathouse, a short walk from the metro:</p>{}<p>Last.</p></div>"#,
            holder("Rb7nK3vQm9T"),
            holder("Wm8cE3kYp1D")
        );
        assert_eq!(
            boxes(&html, None),
            vec![("holder".to_owned(), None), ("holder".to_owned(), None)]
        );
    }

    #[test]
    fn a_consent_note_where_an_embed_is_parked_is_a_box_in_any_words() {
        // No phrase of ours ("enable cookies to see this", worded as no
        // list has it): the parked address and the consent word make the
        // note the box, in the note or in the hidden frame right after it.
        let note = r#"<div class="ph" data-src="https://www.youtube.com/embed/Jp5sW8dLc2N"><div>Zum Anschauen bitte Cookies erlauben</div></div>"#;
        let before_frame = r#"<div class="ph"><p>यह वीडियो कुकीज़ के बिना नहीं चलेगा</p></div><iframe data-later="https://www.youtube.com/embed/Ry2qWk7Lp4N" style="display: none"></iframe>"#;
        // Whatever its control says.
        let with_link = note.replace(
            "erlauben",
            r#"<a class="manage" role="button">erlauben</a>"#,
        );
        for html in [note, before_frame, &with_link] {
            let html = format!(r#"<div class="post"><p>First.</p>{html}<p>Last.</p></div>"#);
            assert_eq!(boxes(&html, None), vec![("ph".to_owned(), None)], "{html}");
        }
        // Without the consent word, without the parked address, or as long
        // as an article's paragraph, it is not a box.
        let no_word = note.replace("Cookies erlauben", "etwas Geduld");
        let no_embed = note.replace(
            r#" data-src="https://www.youtube.com/embed/Jp5sW8dLc2N""#,
            "",
        );
        let long = note.replace(
            "Zum Anschauen bitte Cookies erlauben",
            &"Die Cookies der Bäckerei am Markt sind seit Jahren die besten der Stadt. ".repeat(6),
        );
        for html in [no_word, no_embed, long] {
            let html = format!(r#"<div class="post"><p>First.</p>{html}<p>Last.</p></div>"#);
            assert!(boxes(&html, None).is_empty(), "{html}");
        }
    }

    #[test]
    fn a_thumbnail_button_keeping_its_video_id_is_a_box_in_any_words() {
        // The ID in `data-video-id` is the thumbnail's video: the player
        // waits for it. Its sentence names YouTube in words no list has.
        let button = r#"<button class="video-wrapper" aria-label="Play YouTube video" data-video-id="Vb9nK3tHq7M"><img src="https://img.youtube.com/vi/Vb9nK3tHq7M/maxresdefault.jpg" alt=""><div>Nhấp để mở video từ YouTube. Dữ liệu cá nhân có thể được chuyển cho YouTube.</div><div class="video-play-button"></div></button>"#;
        let html = format!(r#"<div class="post"><p>First.</p>{button}<p>Last.</p></div>"#);
        assert_eq!(boxes(&html, None), vec![("video-wrapper".to_owned(), None)]);
        // The same facade saying nothing is a player, not a box.
        let facade = r#"<div class="post"><p>First.</p><button class="video-wrapper" data-video-id="Vb9nK3tHq7M"><img src="https://img.youtube.com/vi/Vb9nK3tHq7M/maxresdefault.jpg" alt=""><div class="video-play-button"></div></button><p>Last.</p></div>"#;
        assert!(boxes(facade, None).is_empty());
    }

    #[test]
    fn a_heading_with_a_load_button_is_a_site_written_box() {
        let html = r#"<div class="body"><p>a</p><div class="fallback"><p>Contenuto esterno</p><button>Mostra contenuto</button></div></div>"#;
        assert_eq!(boxes(html, None), vec![("fallback".to_owned(), None)]);
    }

    #[test]
    fn a_heading_beside_a_button_that_gives_no_consent_is_not_a_box() {
        for button in [
            "Condividi",
            "Mostra altro",
            "Rispondi",
            "Iscriviti",
            "Accedi",
        ] {
            let html = format!(
                r#"<div class="body"><p>a</p><div class="card"><p>Contenuto esterno</p><button>{button}</button></div></div>"#
            );
            assert!(boxes(&html, None).is_empty(), "{button}");
        }
    }

    #[test]
    fn a_heading_with_a_service_slot_and_a_button_is_a_box() {
        let html = r#"<main><p>a</p><div class="gate"><h4>Allow Bluesky content?</h4><p>We ask first.</p><button>Allow</button></div><p>I had to allow Bluesky content to see it.</p></main>"#;
        assert_eq!(boxes(html, None), vec![("gate".to_owned(), None)]);
    }

    #[test]
    fn quoted_wording_deep_in_an_article_with_a_button_is_not_a_box() {
        let prose = "Ein langer Absatz über Datenschutz und eingebettete Videos. ".repeat(4);
        let html = format!(
            r#"<div class="text"><p>{prose}</p><blockquote><p>„Externer Inhalt“</p></blockquote><p>{prose}</p><button>Teilen</button></div>"#
        );
        assert!(boxes(&html, None).is_empty());
    }

    #[test]
    fn banners_and_unblocked_embeds_are_not_boxes() {
        let html = r#"<iframe src="https://www.youtube-nocookie.com/embed/a"></iframe><div id="usercentrics-root"><div class="uc-embedding-container"><button>OK</button></div></div><div id="didomi-host"><p>Contenu externe</p><button>Accepter</button></div>"#;
        assert!(boxes(html, None).is_empty());
    }

    #[test]
    fn a_sentence_after_a_play_facade_is_the_article_s() {
        // A click-to-play facade keeps its video's ID and asks nothing;
        // the story's next sentence may speak of consent. Only a blocked
        // frame's notice follows it as its box.
        let html = r#"<article><h1>Sagra del fritto misto</h1><p>Il video della serata finale:</p><div class="player-youtube" data-video="Ke7Pw3Zr5Xa"><img src="/poster.jpg" alt="Fuochi"><button type="button">▶ Guarda il video</button></div><p>Chi aveva già dato il consenso ha visto il video dell'intervista al presidente direttamente qui:</p><p>Un lettore ci scrive: «Sotto ogni video compare la scritta "Per visualizzare questo video è necessario consentire il caricamento di contenuti da YouTube", ma non ho capito dove si dà il consenso». Basta premere il pulsante sotto la scritta.</p></article>"#;
        assert!(boxes(html, None).is_empty());
    }

    #[test]
    fn a_play_button_alone_in_a_wrapper_has_its_box_around_the_wrapper() {
        // A page builder wraps each button in a span of its own: the span
        // holds the control alone, so the box is still the one around it.
        let html = r#"<div class="entry"><p>Filmen fra dagen ses herunder.</p><article class="video-responsive_bbcode_video" data-index="0"><strong>Indlejret Vimeo-video</strong><div><p>Denne indlejrede video leveres af Vimeo. Der oprettes en forbindelse til Vimeos servere under afspilningen. Det fortæller Vimeo, hvilke sider du besøger.</p><p>Når en Vimeo-video startes, bruger udbyderen cookies, der indsamler oplysninger om brugeradfærd, og det gælder også for denne side.</p></div><a class="video-link" href="https://vimeo.com/812345907">Link til videoen: https://vimeo.com/812345907</a><span><button title="Se video på denne side">Afspil video</button></span></article><p>Tak til alle.</p></div>"#;
        assert_eq!(
            boxes(html, None),
            vec![("video-responsive_bbcode_video".to_owned(), None)],
            "the box around the span, not the span"
        );
    }

    #[test]
    fn a_box_s_hidden_copy_is_no_box() {
        // A server writes the box into a hidden container and a script
        // shows a clone of it in the article: the reader sees one box.
        let notice = r#"<div data-url="https://www.youtube.com/watch?v=Ab3" class="notice"><p>Accept cookies to view this content.</p><button type="button">Accept</button></div>"#;
        let html = format!(
            r#"<div class="post"><p>Our video:</p>{notice}<p>More text.</p><div class="copies" style="display:none"><div data-oembed="https://www.youtube.com/watch?v=Ab3">{notice}</div></div></div>"#
        );
        assert_eq!(boxes(&html, None), vec![("notice".to_owned(), None)]);
        let wrapped = html
            .replace("<div", "<div><div")
            .replace("</div>", "</div></div>");
        assert_eq!(boxes(&wrapped, None).len(), 1, "{wrapped}");
        let shown = html.replace(r#" style="display:none""#, "");
        assert_eq!(boxes(&shown, None).len(), 2, "shown, the copy is a box");
    }

    #[test]
    fn a_confirmation_answering_its_question_is_the_box_not_the_post() {
        // HumHub's oEmbed confirmation with no checkbox: a question asking
        // for the platform's content and a button that only confirms.
        let confirmation = r#"<div data-url="https://www.youtube.com/watch?v=Ks8dFq2Wn5p" class="confirmation"><i class="icon"></i><div><strong>Allow content from external source</strong><br>Do you want to enable content from '<strong>www.youtube.com</strong>'?<br><button type="button">Confirm</button></div><div class="clearfix"></div></div>"#;
        let post = format!(
            r##"<div class="post"><p>Thanks to everyone who came to the village fair.</p><p>The video is on our channel.</p>{confirmation}<p>Dance lessons go on every Tuesday.</p><a href="#">Like</a></div>"##
        );
        assert_eq!(boxes(&post, None), vec![("confirmation".to_owned(), None)]);
        let wrapped = post
            .replace("<div", "<div><div")
            .replace("</div>", "</div></div>");
        let found = boxes(&wrapped, None);
        assert_eq!(found.len(), 1, "{wrapped}");
        assert_ne!(found[0].0, "post");
        // Asked nothing of a platform's content, "Confirm" is no consent.
        let asked_nothing = post.replace(
            "<strong>Allow content from external source</strong><br>Do you want to enable content from",
            "Video from",
        );
        assert!(boxes(&asked_nothing, None)
            .iter()
            .all(|(class, _)| class != "confirmation"));
    }

    #[test]
    fn site_rules_win_over_heuristics() {
        let rules = r#"{"version":1,"sites":{"site.example":{"boxes":["div.blocker"],"ignore":["div.quiz"]}}}"#;
        let html = format!(
            r#"<div class="blocker"><span>rien</span>{SDP_BOX}</div><p>x</p><div class="quiz">{SDP_BOX}</div>"#
        );
        assert_eq!(
            boxes(&html, Some(rules)),
            vec![("blocker".to_owned(), Some("usercentrics-sdp".to_owned()))]
        );
    }

    #[test]
    fn finds_the_blocked_embed_just_before_an_unwrapped_box() {
        let html = format!(
            r#"<div class="body"><p>a</p><iframe data-uc-src="https://www.youtube.com/embed/x"></iframe>{SDP_BOX}<p>b</p></div>"#
        );
        let page = Page::document(&html, None);
        let scan = find(&page, &[]);
        let before = scan
            .boxes
            .first()
            .and_then(|b| leftover_before(b.outer))
            .unwrap();
        assert_eq!(before.value().name(), "iframe");
        let html = format!(
            r#"<div><p>a</p><iframe class="optanon-category-C0004" data-src="https://www.youtube.com/embed/x"></iframe>{SDP_BOX}</div>"#
        );
        let page = Page::document(&html, None);
        let scan = find(&page, &[]);
        assert!(scan
            .boxes
            .first()
            .and_then(|b| leftover_before(b.outer))
            .is_some());
        let html = format!("<div><p>a</p>{SDP_BOX}</div>");
        let page = Page::document(&html, None);
        let scan = find(&page, &[]);
        assert!(leftover_before(scan.boxes[0].outer).is_none());
    }

    #[test]
    fn an_asking_sentence_may_run_across_its_links() {
        let html = r#"<main><p>Text.</p><div class="slot"><iframe data-a="x"></iframe><div class="note">Please <a href="javascript:renew()">accept marketing-cookies</a> to watch this video.</div></div></main>"#;
        assert_eq!(boxes(html, None), vec![("slot".to_owned(), None)]);
        let prose = "A long paragraph about the council budget and its many lines. ".repeat(8);
        let html = format!(
            r#"<main><p>{prose} Please <a href="javascript:renew()">accept marketing-cookies</a> to watch this video.</p></main>"#
        );
        assert!(boxes(&html, None).is_empty());
    }

    #[test]
    fn a_box_drawn_as_an_article_around_a_play_button_is_found() {
        let html = r#"<main><article class="story"><h1>Orgel</h1><p>Text.</p><div class="wrap"><article class="wall"><strong>Eingebettetes YouTube-Video</strong><p>Beim Abspielen wird eine Verbindung zu den Servern von YouTube hergestellt.</p><a href="https://youtu.be/Rk4mW9pTz2c">Link zum Video</a><button>Video abspielen</button></article></div><p>Mehr.</p></article></main>"#;
        assert_eq!(boxes(html, None), vec![("wrap".to_owned(), None)]);
    }

    #[test]
    fn boxes_past_the_depth_bound_are_left_alone() {
        let shallow = format!("{}{SDP_BOX}{}", "<div>".repeat(700), "</div>".repeat(700));
        assert_eq!(boxes(&shallow, None).len(), 1);
        // The parser caps depth at `page::MAX_DEPTH` as Blink does: nothing
        // gets this deep, and a box past the cap is read flattened, once.
        let deep = format!("{}{SDP_BOX}", "<div>".repeat(MAX_DEPTH + 10));
        assert_eq!(boxes(&deep, None).len(), 1);
    }

    #[test]
    fn a_frame_waiting_for_its_address_is_boxed_by_a_consent_control_naming_the_platform() {
        let page = |words: &str, control: &str, src: &str| {
            format!(
                r#"<html lang="de"><body><main><p>Ein langer Absatz über die Stadt, der weit mehr als eine Zeile lang ist und nichts mit Videos zu tun hat, sondern mit dem Markt.</p><div class="w"><div class="t" data-source="Tq8mWz3LpX0"><p>{words}</p>{control}</div><div class="l"><iframe src="{src}"></iframe></div></div><p>Noch ein Absatz.</p></main></body></html>"#
            )
        };
        let agree = r#"<input type="button" value="Zustimmen">"#;
        let found = boxes(&page("Das Video kommt von YouTube.", agree, ""), None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "w");
        // No consent control, no platform named, or the frame already
        // showing its video: no box.
        let share = r#"<input type="button" value="Teilen">"#;
        assert!(boxes(&page("Das Video kommt von YouTube.", share, ""), None).is_empty());
        assert!(boxes(&page("Das Video kommt von extern.", agree, ""), None).is_empty());
        let live = "https://www.youtube-nocookie.com/embed/Tq8mWz3LpX0";
        assert!(boxes(&page("Das Video kommt von YouTube.", agree, live), None).is_empty());
    }

    #[test]
    fn a_hidden_parked_frame_s_box_is_the_placeholder_before_it_not_the_section_around_both() {
        let placeholder = |service: &str, address: &str| {
            format!(
                r#"<div class="ph ph-{service}"><p>Godkänn kakor för {service} för att se videon.</p><button>Ändra kakinställningar</button></div><iframe data-src="{address}" style="display:none"></iframe>"#
            )
        };
        let html = format!(
            r#"<html lang="sv"><body><main><article><h1>Färjeläge</h1><div class="body"><p>Bygget har pågått sedan hösten och kostar 212 miljoner kronor, och nu ska två färjor kunna lägga till samtidigt vid läget.</p>{}<p>Under byggtiden har färjorna gått från ett tillfälligt läge.</p>{}<p>Turtätheten ökar under högsäsong.</p></div></article></main></body></html>"#,
            placeholder("YouTube", "https://www.youtube.com/embed/Kw3xN8rTq5M"),
            placeholder("Vimeo", "https://player.vimeo.com/video/912345678"),
        );
        let found = boxes(&html, None);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(class, _)| class.starts_with("ph ")));
    }

    #[test]
    fn a_box_right_after_the_frame_it_parks_is_found_whatever_its_wording() {
        let html = r#"<html lang="en"><body><main><article><h1>Council</h1><p>A long paragraph about the council meeting that runs well past a line and says nothing of any video at all.</p><iframe src="about:blank" data-blocked-src="https://www.youtube.com/embed/Kw3xN8rTq5M"></iframe><div class="notice"><p>Ut enim ad minim veniam, quis nostrud exercitation.</p><button>Accept</button></div><p>Another paragraph.</p></article></main></body></html>"#;
        assert_eq!(boxes(html, None), vec![("notice".to_owned(), None)]);
        // After consent the frame shows its video and the tool hides its
        // notice: nothing is asked, whatever the notice says.
        let shown = r#"<html lang="en"><body><main><article><h1>Council</h1><p>A long paragraph about the council meeting that runs well past a line and says nothing of any video at all.</p><iframe src="https://www.youtube.com/embed/Kw3xN8rTq5M"></iframe><div class="notice" style="display: none;"><p>Please accept cookies to see this video.</p><button>Accept</button></div><p>Another paragraph.</p></article></main></body></html>"#;
        assert!(boxes(shown, None).is_empty());
    }

    #[test]
    fn a_box_that_only_plays_the_embed_it_names_is_found_and_a_feed_s_play_marks_are_not() {
        let page = |inside: &str| {
            format!(
                r#"<html lang="en"><body><main><article><h1>Organ</h1><p>A long paragraph about the new organ that runs well past a line and says nothing of any consent at all, only of pipes.</p><div class="wrap"><div class="overlay"><a href="javascript:void(0)" class="btn">Play video</a> The video is embedded from YouTube; Google's privacy terms apply.</div>{inside}</div><p>Another paragraph.</p></article></main></body></html>"#
            )
        };
        let parked =
            r#"<iframe data-src="https://www.youtube-nocookie.com/embed/Rk3vOe7LpQx"></iframe>"#;
        assert_eq!(boxes(&page(parked), None).len(), 1);
        let live = r#"<iframe src="https://www.youtube-nocookie.com/embed/Rk3vOe7LpQx"></iframe>"#;
        assert!(boxes(&page(live), None).is_empty());
        // A feed of posts linking to the platform, each with a drawn play
        // mark, plays nothing blocked.
        let feed = r#"<html lang="en"><body><main><div class="feed"><div class="item"><a class="photo" href="https://www.instagram.com/p/B5tNC6oG7uX/"><span>Instagram post by the shop, a look at the new season</span><svg class="fa-play playbtn"></svg></a></div></div></main></body></html>"#;
        assert!(boxes(feed, None).is_empty());
    }

    #[test]
    fn a_settings_button_right_before_a_hidden_parked_frame_is_its_box() {
        let page = |style: &str| {
            format!(
                r#"<html lang="en"><body><main><p>A long paragraph about the ferry that runs well past a line and says nothing of any video at all, only of the harbour.</p><div class="ph"><p>Ce que dit le site dans une langue inconnue.</p><button>Cookie settings</button></div><iframe data-src="https://www.youtube.com/embed/Kw3xN8rTq5M" {style}></iframe><p>Another paragraph.</p></main></body></html>"#
            )
        };
        let found = boxes(&page(r#"style="display:none""#), None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "ph");
        // A frame that is not hidden until consent lends the button nothing.
        assert!(boxes(&page(""), None).is_empty());
    }

    #[test]
    fn a_note_under_a_clickable_cover_makes_the_cover_the_box() {
        let cover = |id: &str, inside: &str| {
            format!(
                r#"<h2>Talk {id}</h2><div class="thumb yt-cover-{id}" style="cursor: pointer;">{inside}</div><div class="note">Clicking on this image will load the video and send data from and to YouTube/Google.</div>"#
            )
        };
        let img = r#"<img src="/img/talk.jpg" alt="Video thumbnail">"#;
        let html = format!(
            "<main><article><h1>Talks</h1><p>Both talks are online.</p>{}{}<p>Slides are in the wiki.</p></article></main>",
            cover("a1", img),
            cover("b2", img)
        );
        let found = boxes(&html, None);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(class, _)| class.starts_with("thumb")));
        // After the click the cover holds the live player: no box, nor
        // the article around it.
        let frame =
            r#"<iframe src="https://www.youtube-nocookie.com/embed/a1?autoplay=1"></iframe>"#;
        let after = format!(
            "<main><article><h1>Talks</h1>{}</article></main>",
            cover("a1", frame)
        );
        assert!(boxes(&after, None).is_empty());
        // A note naming no platform speaks for no cover.
        let unnamed = html.replace("YouTube/Google", "the provider");
        assert!(boxes(&unnamed, None)
            .iter()
            .all(|(c, _)| !c.starts_with("thumb")));
    }
}
