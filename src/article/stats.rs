//! Text statistics of every element, gathered in one pass over the tree.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{Html, Node};

use super::patterns::{Names, Remembered, PATTERNS};

/// Elements whose content is never article text (code, styling, forms, media
/// fallbacks). Their text is not counted and they are never output.
pub const NEVER_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "form", "input", "button", "select", "textarea", "option", "label", "dialog", "link",
    "meta", "title", "head", "applet", "audio", "video", "map", "frame", "frameset",
];

pub use crate::page::IdMap;

/// What one element holds, counted over its visible descendants.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Characters of text, whitespace runs counted as one.
    pub text: u32,
    /// Of which inside links.
    pub link_text: u32,
    /// Commas (Latin, CJK and Arabic): a sign of running prose.
    pub commas: u32,
    pub paragraphs: u32,
    pub images: u32,
    pub list_items: u32,
    /// Form controls and embeds, counted even though they are not content;
    /// not those inside a `<form>`, which leaves with them.
    pub controls: u32,
    /// Elements below (bounded work on later walks).
    pub elements: u32,
    /// Characters of the element's own text nodes (not its children's):
    /// prose written between `<br>`s right in a `div` has no `<p>` to count it.
    pub own_text: u32,
    /// The vocabularies its class and id match (read by every pass, matched once).
    pub names: Names,
    /// Skipped with all it holds ([`is_skipped`]): its counts are all zero.
    pub skipped: bool,
    /// Whether one of its children starts a block ([`is_block`]): a `div`
    /// without one is a paragraph in disguise.
    pub block_child: bool,
}

impl Stats {
    /// Share of the text that is link text, 0 when there is no text.
    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link_text as f32 / self.text as f32
        }
    }

    fn add(&mut self, other: &Stats) {
        self.text = self.text.saturating_add(other.text);
        self.link_text = self.link_text.saturating_add(other.link_text);
        self.commas = self.commas.saturating_add(other.commas);
        self.paragraphs = self.paragraphs.saturating_add(other.paragraphs);
        self.images = self.images.saturating_add(other.images);
        self.list_items = self.list_items.saturating_add(other.list_items);
        self.controls = self.controls.saturating_add(other.controls);
        self.elements = self
            .elements
            .saturating_add(other.elements.saturating_add(1));
    }
}

/// Stats of every element, and how many elements the page has.
pub struct PageStats {
    pub by_node: IdMap<Stats>,
    pub elements: usize,
}

impl PageStats {
    pub fn get(&self, id: NodeId) -> Stats {
        self.by_node.get(&id).copied().unwrap_or_default()
    }
}

/// Whether an element is hidden by its own markup (the page's stylesheets
/// are not read: what they hide stays a candidate, as in a browser without CSS).
/// One pass over the attributes: looking each name up would intern it first.
pub fn is_hidden(el: &Element) -> bool {
    el.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "aria-hidden" => value == "true",
        "style" => {
            let style: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(400)
                .collect::<String>()
                .to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Whether the walk skips this element and everything in it.
pub fn is_skipped(el: &Element) -> bool {
    NEVER_CONTENT.contains(&el.name()) || is_hidden(el)
}

/// Elements that start a block.
pub fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "details"
            | "menu"
    )
}

/// Counts text, links and structure for every element, post-order, with an
/// explicit walk (no recursion: 60 000 nested tags are fine), and classifies
/// each element's names once. A skipped element is recorded as such; what
/// it holds is not recorded.
pub fn gather(html: &Html) -> PageStats {
    // Sized for every element up front: growing rehashes it all, several times.
    let element_count = html.tree.nodes().filter(|n| n.value().is_element()).count();
    let mut by_node: IdMap<Stats> =
        IdMap::with_capacity_and_hasher(element_count, Default::default());
    // Open elements: their running stats and whether they are links.
    let mut stack: Vec<(NodeId, Stats)> = Vec::new();
    let mut link_depth = 0u32;
    let mut skip_depth = 0u32;
    // Whether the skipped subtree being walked is a form.
    let mut in_form = false;
    let mut elements = 0usize;
    let mut remembered = Remembered::default();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    elements += 1;
                    if skip_depth == 0 && is_block(el.name()) {
                        // The top of the stack is the parent here.
                        if let Some((_, parent)) = stack.last_mut() {
                            parent.block_child = true;
                        }
                    }
                    if skip_depth > 0 || is_skipped(el) {
                        if skip_depth == 0 {
                            let skipped = Stats {
                                skipped: true,
                                ..Stats::default()
                            };
                            by_node.insert(node.id(), skipped);
                            in_form = el.name() == "form";
                        }
                        skip_depth += 1;
                        // A form leaves with its controls (it is never
                        // content): they do not make what holds it a form.
                        if is_control(el.name()) && !in_form {
                            if let Some((_, top)) = stack.last_mut() {
                                top.controls = top.controls.saturating_add(1);
                            }
                        }
                        continue;
                    }
                    let mut own = Stats {
                        names: PATTERNS.classify_remembered(el, &mut remembered),
                        ..Stats::default()
                    };
                    match el.name() {
                        "a" => link_depth += 1,
                        "p" => own.paragraphs = 1,
                        "img" | "picture" => own.images = 1,
                        "li" => own.list_items = 1,
                        _ => {}
                    }
                    stack.push((node.id(), own));
                }
                Node::Text(text) if skip_depth == 0 => {
                    if let Some((_, top)) = stack.last_mut() {
                        let (chars, commas) = count_text(text);
                        top.own_text = top.own_text.saturating_add(chars);
                        top.text = top.text.saturating_add(chars);
                        top.commas = top.commas.saturating_add(commas);
                        if link_depth > 0 {
                            top.link_text = top.link_text.saturating_add(chars);
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                if el.name() == "a" {
                    link_depth = link_depth.saturating_sub(1);
                }
                if let Some((id, stats)) = stack.pop() {
                    if let Some((_, parent)) = stack.last_mut() {
                        parent.add(&stats);
                    }
                    by_node.insert(id, stats);
                }
            }
        }
    }
    PageStats { by_node, elements }
}

fn is_control(name: &str) -> bool {
    matches!(
        name,
        "input"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "embed"
            | "object"
            | "video"
            | "audio"
    )
}

/// A Han, kana or Hangul character counts as this many characters: one of
/// them carries about what a short Latin word does, so the thresholds set
/// in Latin characters (paragraph, prose run) read Chinese, Japanese and
/// Korean pages alike (extract-dev/tune/hukumusume, pixnet).
pub const CJK_CHAR_WEIGHT: u32 = 3;
/// Kana, Han (extension A, the main block, compatibility) and Hangul syllables.
pub const CJK_RANGES: &[(char, char)] = &[
    ('\u{3040}', '\u{30ff}'),
    ('\u{3400}', '\u{4dbf}'),
    ('\u{4e00}', '\u{9fff}'),
    ('\u{ac00}', '\u{d7af}'),
    ('\u{f900}', '\u{faff}'),
];

fn is_cjk(c: char) -> bool {
    CJK_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// Characters (whitespace runs as one, leading/trailing space dropped; see
/// [`CJK_CHAR_WEIGHT`]) and commas.
fn count_text(text: &str) -> (u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut in_space = true;
    for c in text.chars() {
        // ASCII, most of a page's text: no CJK weight, one comma.
        if c.is_ascii() {
            if c.is_ascii_whitespace() || c == '\u{b}' {
                if !in_space {
                    chars = chars.saturating_add(1);
                }
                in_space = true;
            } else {
                in_space = false;
                chars = chars.saturating_add(1);
                commas = commas.saturating_add(u32::from(c == ','));
            }
            continue;
        }
        if c.is_whitespace() {
            if !in_space {
                chars = chars.saturating_add(1);
            }
            in_space = true;
        } else {
            in_space = false;
            chars = chars.saturating_add(if is_cjk(c) { CJK_CHAR_WEIGHT } else { 1 });
            if matches!(c, ',' | '，' | '、' | '،') {
                commas = commas.saturating_add(1);
            }
        }
    }
    (chars, commas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_text_links_and_skips_scripts() {
        let html = Html::parse_document(
            "<div id=d><p>Hello, world <a href=x>link</a></p><script>var x = 1, y;</script></div>",
        );
        let stats = gather(&html);
        let sel = scraper::Selector::parse("#d").unwrap();
        let d = html.select(&sel).next().unwrap();
        let s = stats.get(d.id());
        assert_eq!(s.text, "Hello, world link".len() as u32);
        assert_eq!(s.link_text, 4);
        assert_eq!(s.commas, 1);
        assert_eq!(s.paragraphs, 1);
    }

    #[test]
    fn controls_of_a_form_leave_with_it() {
        let html = Html::parse_document(
            "<section id=s><p>Prose.</p><section><form><input><button>Go</button></form></section></section>\
             <div id=d><p>Prose.</p><button>Play</button><input></div>",
        );
        let stats = gather(&html);
        let get = |css: &str| {
            let sel = scraper::Selector::parse(css).unwrap();
            stats.get(html.select(&sel).next().unwrap().id())
        };
        assert_eq!(get("#s").controls, 0);
        assert_eq!(get("#d").controls, 2);
    }

    #[test]
    fn weighs_han_kana_and_hangul_characters() {
        assert_eq!(count_text("イヌ 犬 개").0, 4 * CJK_CHAR_WEIGHT + 2);
        assert_eq!(count_text("a dog").0, 5);
        assert_eq!(count_text("a,\u{b}b , c\t"), (9, 2));
    }
}
