//! A parsed page or fragment, with what every analysis needs to know about it.
//!
//! Parsing is bounded where html5ever builds the tree, not by guessing from
//! the text: a sink wrapped around scraper's caps the tree's depth and counts
//! the parser's work, and input is fed in chunks until a work budget is spent.

use std::borrow::Cow;
use std::cell::{Cell, Ref};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use ego_tree::NodeId;
use html5ever::driver::{self, ParseOpts};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{local_name, ns, Attribute, QualName};
use scraper::{ElementRef, Html, HtmlTreeSink};
use url::Url;

use crate::error::TooLarge;

/// Bound on the input the engine reads: past it, the rest of the page is
/// not parsed, and whole-page outputs (`tidy`, `extract`) are refused
/// (a 20 MB page is already far beyond any article).
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// Tree depth past which an element is added beside its parent instead of
/// inside it, as Blink does (`kMaximumHTMLParserDOMTreeDepth`, 512). Deeper
/// trees only serve to make every ancestor walk cost more.
pub const MAX_DEPTH: usize = 512;

/// Parser work allowed per page or region, in sink calls (one per node
/// created or inserted, one per open element html5ever visits in its scope
/// checks, one per ancestor visited to find a node's depth). The real pages
/// of tests/fixtures need at most 0.6 per byte (5 million for 8 MB), the
/// hostile one nested 700 deep 5.9; 100 000 tags html5ever keeps open
/// (`<div/>`, `<div></span>`) would need 10¹⁰: the budget stops them after
/// about a quarter of a second.
pub const PAGE_WORK: u64 = 25_000_000;

/// Parser work per carrier (inert HTML in a script, a template, a
/// `<noscript>`): a real embed's HTML needs a few thousand.
pub const CARRIER_WORK: u64 = 1_000_000;

/// Parser work for all carriers of one analysis together, so the same
/// markup repeated in every box cannot multiply the cost.
pub const CARRIERS_WORK: u64 = 10_000_000;

/// Elements one parse may create; the next one spends the whole work
/// budget. scraper's tree takes about 300 bytes per element, so this keeps
/// memory under 10× the page's size even for 8 MB of `<table><div>` (1.4
/// million elements, 400 MB unbounded); 8 MB of ordinary paragraphs makes
/// 160 000, and `extract` declines pages past 200 000 anyway.
pub const MAX_ELEMENTS: usize = 250_000;

/// Input fed to the parser between two budget checks: one chunk's work
/// past the budget stays small.
const CHUNK_BYTES: usize = 1024;

thread_local! {
    /// Carrier work left for the analysis under way: reset when a page or
    /// region is parsed, spent by [`carrier`]. Carriers are read deep inside
    /// detection, which has no handle on the page; an analysis runs on one thread.
    static CARRIERS_LEFT: Cell<u64> = const { Cell::new(CARRIERS_WORK) };
}

/// A parsed page or fragment.
pub struct Page {
    pub html: Html,
    pub url: Option<Url>,
    /// `true` when `html` came from [`Page::fragment`]: targets then count
    /// elements from the fragment's first one instead of from `<html>`.
    pub is_fragment: bool,
    /// The bound that stopped parsing before the end of the input, if any:
    /// the tree then holds only the page's beginning.
    pub cut: Option<TooLarge>,
}

impl Page {
    /// Parses a whole document. Parsing never fails: html5ever repairs what
    /// it can, and past a bound the tree holds what was read (see `cut`).
    pub fn document(source: &str, url: Option<Url>) -> Self {
        CARRIERS_LEFT.set(CARRIERS_WORK);
        let (html, cut) = parse(source, Kind::Document, PAGE_WORK);
        Page {
            html,
            url,
            is_fragment: false,
            cut,
        }
    }

    /// Parses a region of a page (an element's `outerHTML`) as body content.
    pub fn fragment(source: &str, url: Option<Url>) -> Self {
        CARRIERS_LEFT.set(CARRIERS_WORK);
        let (html, cut) = parse(source, Kind::Fragment, PAGE_WORK);
        Page {
            html,
            url,
            is_fragment: true,
            cut,
        }
    }

    /// The element under which [`crate::Target::index`] counts: `<html>`, or
    /// for a fragment the wrapper html5ever creates (itself not counted).
    pub fn top(&self) -> ElementRef<'_> {
        self.html.root_element()
    }

    /// The page's declared language, primary subtag lower-cased (`fr-FR` → `fr`).
    pub fn declared_language(&self) -> Option<String> {
        let lang = self.top().value().attr("lang")?;
        primary_language(lang)
    }

    /// The page, or why it was not read whole.
    pub fn whole(&self) -> Result<&Self, TooLarge> {
        self.cut.map_or(Ok(self), Err)
    }
}

/// Parses inert HTML a carrier holds, as body content, within the carrier
/// budget and what is left of the analysis' own. Past either, the fragment
/// holds what was read: a carrier is a hint, never the page.
pub fn carrier(source: &str) -> Html {
    let left = CARRIERS_LEFT.get();
    let (html, spent, _) = parse_counted(source, Kind::Fragment, CARRIER_WORK.min(left));
    CARRIERS_LEFT.set(left.saturating_sub(spent));
    html
}

#[derive(Clone, Copy)]
enum Kind {
    Document,
    Fragment,
}

fn parse(source: &str, kind: Kind, budget: u64) -> (Html, Option<TooLarge>) {
    let size = (source.len() > MAX_INPUT_BYTES).then_some(TooLarge::Bytes {
        bytes: source.len(),
        limit: MAX_INPUT_BYTES,
    });
    let (html, _, whole) = parse_counted(source, kind, budget);
    let work = (!whole).then_some(TooLarge::Work { limit: budget });
    (html, size.or(work))
}

/// Parses up to [`MAX_INPUT_BYTES`] of `source`, chunk by chunk, until the
/// input ends or `budget` is spent; returns the tree, the work done, and
/// whether the input was read to its end.
fn parse_counted(source: &str, kind: Kind, budget: u64) -> (Html, u64, bool) {
    let work = Rc::new(Cell::new(0));
    let sink = BoundedSink {
        inner: HtmlTreeSink::new(match kind {
            Kind::Document => Html::new_document(),
            Kind::Fragment => Html::new_fragment(),
        }),
        work: Rc::clone(&work),
        elements: Cell::new(0),
        moved: Cell::new(false),
    };
    let mut parser = match kind {
        Kind::Document => driver::parse_document(sink, ParseOpts::default()),
        Kind::Fragment => driver::parse_fragment(
            sink,
            ParseOpts::default(),
            QualName::new(None, ns!(html), local_name!("body")),
            Vec::new(),
            false,
        ),
    };
    let mut rest = source;
    let mut read = 0;
    // A spent budget stops before the next chunk (an empty one, before any).
    while !rest.is_empty() && work.get() < budget {
        let end =
            crate::text::cut_bytes(rest, CHUNK_BYTES.min(MAX_INPUT_BYTES.saturating_sub(read)))
                .len();
        let Some((chunk, after)) = rest.split_at_checked(end).filter(|(c, _)| !c.is_empty()) else {
            break;
        };
        parser.process(StrTendril::from_slice(chunk));
        read += chunk.len();
        rest = after;
    }
    (parser.finish(), work.get(), rest.is_empty())
}

/// scraper's sink, bounded: elements never nest past [`MAX_DEPTH`], and every
/// call html5ever makes counts as work.
struct BoundedSink {
    inner: HtmlTreeSink,
    work: Rc<Cell<u64>>,
    elements: Cell<usize>,
    /// Set when html5ever moved a subtree (misnested formatting, foster
    /// parenting): its nodes may now sit past the bound, checked once at the end.
    moved: Cell<bool>,
}

impl BoundedSink {
    fn spend(&self, units: usize) {
        let units = u64::try_from(units).unwrap_or(u64::MAX);
        self.work.set(self.work.get().saturating_add(units));
    }

    /// Where a new node goes when html5ever asks for `parent`: `parent`, or
    /// its own parent when `parent` already sits at the depth bound.
    fn capped(&self, parent: NodeId) -> NodeId {
        let html = self.inner.0.borrow();
        let Some(node) = html.tree.get(parent) else {
            return parent;
        };
        let depth = node.ancestors().take(MAX_DEPTH).count();
        self.spend(depth);
        match node.parent() {
            Some(up) if depth >= MAX_DEPTH => up.id(),
            _ => parent,
        }
    }

    /// Notes when `child` brings descendants with it.
    fn note_move(&self, child: &NodeOrText<NodeId>) {
        if let NodeOrText::AppendNode(id) = child {
            let html = self.inner.0.borrow();
            if html.tree.get(*id).is_some_and(|n| n.has_children()) {
                self.moved.set(true);
            }
        }
    }
}

impl TreeSink for BoundedSink {
    type Output = Html;
    type Handle = NodeId;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        let moved = self.moved.get();
        let mut html = self.inner.finish();
        if moved {
            flatten_past_depth(&mut html);
        }
        html
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        // Scope checks call this once per open element they pass.
        self.spend(1);
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.elements.set(self.elements.get() + 1);
        self.spend(if self.elements.get() > MAX_ELEMENTS {
            usize::MAX
        } else {
            1
        });
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.spend(1);
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.spend(1);
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.spend(1);
        self.note_move(&child);
        let parent = match child {
            NodeOrText::AppendNode(_) => self.capped(*parent),
            NodeOrText::AppendText(_) => *parent,
        };
        self.inner.append(&parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = {
            let html = self.inner.0.borrow();
            html.tree.get(*element).and_then(|n| n.parent()).is_some()
        };
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.spend(1);
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        // Searches of the open elements and the formatting list call this per entry.
        self.spend(1);
        x == y
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.spend(1);
        self.note_move(&new_node);
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.spend(attrs.len());
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.spend(1);
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.spend(1);
        self.moved.set(true);
        self.inner.reparent_children(node, new_parent);
    }
}

/// Lifts every element that sits past [`MAX_DEPTH`] out to just after its
/// parent, in order, so no element ends up deeper, whatever html5ever moved.
fn flatten_past_depth(html: &mut Html) {
    let mut stack = vec![(html.tree.root().id(), 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let Some(node) = html.tree.get(id) else {
            continue;
        };
        if depth < MAX_DEPTH {
            stack.extend(node.children().rev().map(|c| (c.id(), depth + 1)));
            continue;
        }
        let deeper: Vec<NodeId> = node
            .children()
            .filter(|c| c.value().is_element())
            .map(|c| c.id())
            .collect();
        let Some(mut at) = html.tree.get_mut(id) else {
            continue;
        };
        if at.parent().is_none() {
            continue;
        }
        // Inserting each right after `id`, last first, keeps their order;
        // they then sit at `id`'s depth, where their own children are checked.
        for child in deeper.iter().rev() {
            at.insert_id_after(*child);
        }
        stack.extend(deeper.into_iter().map(|c| (c, depth)));
    }
}

/// A map keyed by tree node. Node ids are small distinct integers, so a
/// multiplicative hash does (SipHash, the default, costs more than the
/// scoring itself on big pages).
pub type IdMap<V> = HashMap<NodeId, V, BuildHasherDefault<IdHasher>>;

/// A set of tree nodes, hashed as [`IdMap`] is.
pub type IdSet = HashSet<NodeId, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdMap`]: Fibonacci hashing of the id.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The value of attribute `name` (no namespace) on `el`. scraper's
/// `Element::attr` interns `name` first, a lock and two hashes per call;
/// the engine asks every element for dozens of names (where each consent
/// tool parks an embed's ID or address), and reading an element's few
/// attributes in turn costs a tenth of that.
pub fn attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(q, _)| q.ns == ns!() && &*q.local == name)
        .map(|(_, value)| &**value)
}

/// `fr-FR` → `fr`; rejects anything that is not 2–3 ASCII letters.
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    ok.then_some(primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_language_keeps_the_first_subtag() {
        assert_eq!(primary_language("fr-FR").as_deref(), Some("fr"));
        assert_eq!(primary_language(" EN ").as_deref(), Some("en"));
        assert_eq!(primary_language("x"), None);
        assert_eq!(primary_language("<script>"), None);
    }

    /// The deepest element below the root, counted by an explicit walk.
    fn max_depth(html: &Html) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(html.tree.root(), 0usize)];
        while let Some((node, depth)) = stack.pop() {
            if node.value().is_element() {
                deepest = deepest.max(depth);
            }
            stack.extend(node.children().map(|c| (c, depth + 1)));
        }
        deepest
    }

    /// Markup html5ever keeps open while a text scan sees it closed.
    fn pathological(n: usize) -> Vec<(&'static str, String)> {
        vec![
            ("nested divs", "<div>".repeat(n)),
            ("self-closing divs", "<div/>".repeat(n)),
            ("stray end tags", "<div></span>".repeat(n)),
            ("empty comment", format!("<!-->{}-->", "<div>".repeat(n))),
            ("dash comment", format!("<!--->{}-->", "<div>".repeat(n))),
            (
                "bang comment",
                format!("<!-- x --!>{}-->", "<div>".repeat(n)),
            ),
            ("misnested formatting", "<b><div></b>".repeat(n)),
            ("table foster parenting", "<table><div>".repeat(n)),
        ]
    }

    #[test]
    fn no_element_nests_past_the_bound_whatever_the_markup() {
        for (name, body) in pathological(MAX_DEPTH + 100) {
            let page = Page::document(&format!("<body>{body}<p id=end>x</p>"), None);
            assert!(page.cut.is_none(), "{name}: cut");
            let depth = max_depth(&page.html);
            assert!(depth <= MAX_DEPTH, "{name}: depth {depth}");
            // Nothing is lost: the text after the deep part is still there.
            let end = scraper::Selector::parse("#end").unwrap();
            assert_eq!(page.html.select(&end).count(), 1, "{name}");
        }
    }

    #[test]
    fn moved_subtrees_are_brought_back_within_the_bound() {
        let mut html = Html::parse_fragment(&"<div>".repeat(MAX_DEPTH + 50));
        let elements = |html: &Html| html.tree.nodes().filter(|n| n.value().is_element()).count();
        let before = elements(&html);
        assert!(max_depth(&html) > MAX_DEPTH);
        flatten_past_depth(&mut html);
        assert_eq!(max_depth(&html), MAX_DEPTH);
        assert_eq!(elements(&html), before);
    }

    #[test]
    fn parser_work_stops_at_the_budget_on_markup_kept_open() {
        // Unbounded, each of these costs html5ever n²/2 stack visits (5·10⁹
        // for n = 100 000); bounded, the work stops within a chunk of the budget.
        let budget = 500_000;
        for (name, body) in pathological(100_000) {
            let (_, work, whole) = parse_counted(&body, Kind::Document, budget);
            assert!(!whole && work >= budget, "{name}: read whole with {work}");
            assert!(work < budget + budget / 2, "{name}: work {work}");
        }
    }

    #[test]
    fn ordinary_markup_costs_work_in_proportion_to_its_size() {
        let para =
            "<div class=c><p>Some words, <a href=/x>a link</a> and <b>bold</b> text.</p></div>";
        for n in [1_000, 10_000] {
            let page = format!(
                "<html><body><main><article>{}</article></main></body></html>",
                para.repeat(n)
            );
            let (_, work, whole) = parse_counted(&page, Kind::Document, PAGE_WORK);
            assert!(whole);
            let per_byte = work / u64::try_from(page.len()).unwrap();
            assert!(
                per_byte <= 2,
                "{n} paragraphs: {work} for {} bytes",
                page.len()
            );
        }
    }

    #[test]
    fn elements_past_the_bound_stop_the_parse() {
        // Each rep makes two elements that stay shallow (the table closes).
        let (html, _, whole) = parse_counted(
            &"<table><div>".repeat(MAX_ELEMENTS),
            Kind::Document,
            PAGE_WORK,
        );
        assert!(!whole);
        let elements = html.tree.nodes().filter(|n| n.value().is_element()).count();
        assert!(elements <= MAX_ELEMENTS + 1_000, "{elements} elements");
    }

    #[test]
    fn a_page_past_a_bound_says_so() {
        let (_, cut) = parse(&"<div/>".repeat(100_000), Kind::Document, 500_000);
        assert_eq!(cut, Some(TooLarge::Work { limit: 500_000 }));
        let big = "é".repeat(MAX_INPUT_BYTES / 2 + 1);
        let page = Page::fragment(&big, None);
        assert_eq!(
            page.cut,
            Some(TooLarge::Bytes {
                bytes: big.len(),
                limit: MAX_INPUT_BYTES
            })
        );
        let text: String = page.html.root_element().text().collect();
        assert!(text.len() <= MAX_INPUT_BYTES && text.chars().all(|c| c == 'é'));
        assert!(Page::document("<p>x</p>", None).whole().is_ok());
        // Input read to its end is whole, even if its last chunk went past the budget.
        let (_, cut) = parse(&"<div/>".repeat(100), Kind::Document, 1);
        assert_eq!(cut, None);
    }

    #[test]
    fn carriers_share_one_budget_per_analysis() {
        let _page = Page::document("<p>x</p>", None);
        let inert = "<div/>".repeat(20_000);
        let mut read = 0;
        for _ in 0..100 {
            let html = carrier(&inert);
            read += html.tree.nodes().filter(|n| n.value().is_element()).count();
        }
        // Without the shared budget all 100 would be read whole.
        assert!(CARRIERS_LEFT.get() == 0);
        // Once spent, a carrier is not parsed at all.
        assert_eq!(carrier("<p>late</p>").root_element().text().count(), 0);
        assert!(read < 100 * 20_000 / 2, "{read} elements read");
        // A new analysis starts with the whole allowance again.
        let _page = Page::fragment("<p>x</p>", None);
        assert_eq!(CARRIERS_LEFT.get(), CARRIERS_WORK);
    }
}
