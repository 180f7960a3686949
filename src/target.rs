//! Element addresses: an element's position among the analyzed elements in
//! document order, and a fingerprint the browser checks before touching it.
//!
//! The content script lists a region's elements as it serializes it
//! (`[region, ...region.getElementsByTagName('*')]`); a page's are
//! `document.getElementsByTagName('*')`. The parser builds the same order
//! when the markup round-trips. Where it does not (a `<div>` a script put
//! inside a `<p>`, an element a script put straight into a `<table>`), the
//! orders part from that element on: [`Target::before`], a hash of every
//! element before the target, says so, and the target's own text (length
//! and hash) tells look-alike siblings apart. Any difference: the browser
//! leaves the element alone.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Node};
use serde::Serialize;

use crate::page::Page;
use crate::plan::Target;

/// How text and elements are hashed: FNV-1a, 32 bits, one step per UTF-16
/// code unit (what a JS string is made of, so the content script hashes
/// `textContent` without encoding it). The content script gets these
/// values from `epure precheck` and runs the same loop (collapse.js); both
/// are checked against `tests/fixtures/fingerprint.json`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Hashing {
    /// FNV-1a's 32-bit offset basis.
    pub offset: u32,
    /// FNV-1a's 32-bit prime.
    pub prime: u32,
    /// Code units left out of text: HTML's ASCII white space, which the
    /// parser rewrites (CR LF to LF, a `<pre>`'s first newline dropped).
    pub skipped: &'static str,
    /// Ends an element's tag, id and class in [`Target::before`]; an absent
    /// attribute is the same unit alone, so `id=""` and no id differ.
    pub separator: u16,
}

/// The one definition of the hash, for Rust and (generated) for JS.
pub const HASHING: Hashing = Hashing {
    offset: 0x811c_9dc5,
    prime: 0x0100_0193,
    skipped: "\t\n\u{c}\r ",
    separator: 0,
};

impl Default for Hashing {
    fn default() -> Self {
        HASHING
    }
}

/// A running FNV-1a hash over UTF-16 code units.
#[derive(Clone, Copy)]
struct Fnv(u32);

impl Fnv {
    fn new() -> Self {
        Fnv(HASHING.offset)
    }

    fn unit(&mut self, unit: u16) {
        self.0 = (self.0 ^ u32::from(unit)).wrapping_mul(HASHING.prime);
    }

    fn str(&mut self, s: &str) {
        s.encode_utf16().for_each(|u| self.unit(u));
    }

    /// An element's tag, id and class, each ended by the separator.
    fn element(&mut self, tag: &str, id: Option<&str>, class: Option<&str>) {
        for part in [Some(tag), id, class] {
            if let Some(value) = part {
                self.str(value);
            }
            self.unit(HASHING.separator);
        }
    }
}

/// Length (code units) and hash of `text` without the skipped white space.
fn text_fingerprint<'a>(text: impl IntoIterator<Item = &'a str>) -> (u32, u32) {
    let mut hash = Fnv::new();
    let mut len = 0u32;
    for unit in text.into_iter().flat_map(str::encode_utf16) {
        if HASHING.skipped.encode_utf16().any(|s| s == unit) {
            continue;
        }
        hash.unit(unit);
        len = len.saturating_add(1);
    }
    (len, hash.0)
}

/// The analyzed elements in document order, as the browser lists them:
/// from `<html>` for a document, from the region's first element for a
/// fragment (not html5ever's wrapper). A `<template>`'s content is not in
/// the list: the browser keeps it in a separate fragment.
pub struct Order {
    elements: Vec<NodeId>,
    /// `before[i]`: the hash of the elements before `elements[i]`.
    before: Vec<u32>,
}

impl Order {
    /// Lists `page`'s elements (one walk, no recursion).
    pub fn of(page: &Page) -> Self {
        let top = page.top();
        let mut elements = Vec::new();
        let mut before = Vec::new();
        let mut hash = Fnv::new();
        for node in in_dom(*top) {
            // A fragment's wrapper is html5ever's, not the page's.
            let Node::Element(el) = node.value() else {
                continue;
            };
            if page.is_fragment && node.id() == top.id() {
                continue;
            }
            elements.push(node.id());
            before.push(hash.0);
            hash.element(
                el.name(),
                crate::page::attr(el, "id"),
                crate::page::attr(el, "class"),
            );
        }
        Order { elements, before }
    }

    /// The address of `el`; `None` if it is not listed (a `<template>`'s content).
    pub fn address(&self, el: ElementRef<'_>) -> Option<Target> {
        let position = self.elements.iter().position(|&id| id == el.id())?;
        let before = *self.before.get(position)?;
        let mut target = fingerprint(el);
        target.index = u32::try_from(position).ok()?;
        target.before = before;
        Some(target)
    }

    /// The element at `target`, if it is there and looks the same (what
    /// the browser checks before touching it; the engine itself keeps the
    /// nodes it found).
    #[cfg(test)]
    pub fn resolve<'a>(&self, page: &'a Page, target: &Target) -> Option<ElementRef<'a>> {
        let position = usize::try_from(target.index).ok()?;
        let id = *self.elements.get(position)?;
        let el = page.html.tree.get(id).and_then(ElementRef::wrap)?;
        let mut found = fingerprint(el);
        found.index = target.index;
        found.before = *self.before.get(position)?;
        (found == *target).then_some(el)
    }
}

/// `el`'s own fingerprint (no position yet).
fn fingerprint(el: ElementRef<'_>) -> Target {
    let value = el.value();
    let (text_len, text_hash) = text_fingerprint(visible_to_dom(el));
    Target {
        index: 0,
        before: 0,
        tag: value.name().to_owned(),
        id: value.attr("id").map(str::to_owned),
        class: value.attr("class").map(str::to_owned),
        text_len,
        text_hash,
    }
}

/// The text under `el` that its `textContent` holds in a browser.
fn visible_to_dom(el: ElementRef<'_>) -> impl Iterator<Item = &str> {
    in_dom(*el).filter_map(|node| match node.value() {
        Node::Text(text) => Some(&**text),
        _ => None,
    })
}

/// `node` and its descendants in document order, but a `<template>`'s
/// content: scraper keeps it under the template (a `Fragment` node), the
/// browser in a separate document fragment.
fn in_dom(node: NodeRef<'_, Node>) -> impl Iterator<Item = NodeRef<'_, Node>> {
    let mut inside_template = 0usize;
    node.traverse().filter_map(move |edge| match edge {
        Edge::Open(node) if matches!(node.value(), Node::Fragment) => {
            inside_template += 1;
            None
        }
        Edge::Close(node) if matches!(node.value(), Node::Fragment) => {
            inside_template = inside_template.saturating_sub(1);
            None
        }
        Edge::Open(node) if inside_template == 0 => Some(node),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use scraper::Selector;

    fn first<'a>(page: &'a Page, css: &str) -> ElementRef<'a> {
        let sel = Selector::parse(css).unwrap();
        page.html.select(&sel).next().unwrap()
    }

    fn address(page: &Page, css: &str) -> Target {
        Order::of(page).address(first(page, css)).unwrap()
    }

    #[test]
    fn document_indices_count_every_element_from_html() {
        let page = Page::document("<p>a</p><div class=x><span id=s>b</span></div>", None);
        let t = address(&page, "#s");
        // html, head, body, p, div, span
        assert_eq!(t.index, 5);
        assert_eq!((t.tag.as_str(), t.text_len), ("span", 1));
        let order = Order::of(&page);
        assert_eq!(
            order.resolve(&page, &t).map(|e| e.id()),
            Some(first(&page, "#s").id())
        );
    }

    #[test]
    fn fragment_indices_start_at_the_region() {
        let page = Page::fragment("<div class=r><p>x</p><aside id=a></aside></div>", None);
        assert_eq!(address(&page, "div.r").index, 0);
        assert_eq!(address(&page, "#a").index, 2);
    }

    #[test]
    fn template_content_is_not_counted_nor_read() {
        let page = Page::fragment(
            "<div><template><p>hidden</p><b></b></template><span id=s>shown</span></div>",
            None,
        );
        // div, template, span: the browser does not list the template's content.
        assert_eq!(address(&page, "#s").index, 2);
        let div = address(&page, "div");
        assert_eq!(div.text_len, "shown".len() as u32);
    }

    #[test]
    fn resolve_refuses_an_element_that_changed() {
        let page = Page::fragment("<div class=a>text</div>", None);
        let order = Order::of(&page);
        let t = address(&page, "div");
        assert!(order.resolve(&page, &t).is_some());
        for changed in [
            Target {
                class: Some("b".into()),
                ..t.clone()
            },
            Target {
                id: Some(String::new()),
                ..t.clone()
            },
            Target {
                text_hash: t.text_hash ^ 1,
                ..t.clone()
            },
            Target {
                text_len: 3,
                ..t.clone()
            },
            Target {
                before: 1,
                ..t.clone()
            },
            Target {
                index: 7,
                ..t.clone()
            },
        ] {
            assert!(order.resolve(&page, &changed).is_none(), "{changed:?}");
        }
    }

    #[test]
    fn look_alike_siblings_differ_by_their_text() {
        let page = Page::fragment(
            "<div><p class=entry>First story</p><p class=entry>Second story</p></div>",
            None,
        );
        let order = Order::of(&page);
        let mut first = address(&page, "p");
        let second = order
            .address(
                page.html
                    .select(&Selector::parse("p").unwrap())
                    .nth(1)
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(
            (first.tag.clone(), first.class.clone()),
            (second.tag.clone(), second.class.clone())
        );
        assert_ne!(first.text_hash, second.text_hash);
        // The first's address, moved one place on (as a prepended sibling would), finds nothing.
        first.index = second.index;
        assert!(order.resolve(&page, &first).is_none());
    }

    /// A script can build `<p><div class=box>…</div></p>`; its markup parses
    /// as `<p></p><div class=box>…</div><p></p>`. The box keeps its index
    /// and its `before`; what follows the parser's extra `<p>` does not.
    #[test]
    fn markup_that_does_not_round_trip_changes_the_fingerprint() {
        let parsed = Page::fragment(
            "<section><p class=x>Intro <div class=box>Consent</div> tail</p><p class=x>Next</p></section>",
            None,
        );
        let order = Order::of(&parsed);
        let box_target = address(&parsed, ".box");
        assert_eq!(box_target.index, 2);
        let mut live = Fnv::new();
        live.element("section", None, None);
        live.element("p", None, Some("x"));
        assert_eq!(box_target.before, live.0);
        // Live, the next entry is element 3, after the box; parsed, it is 4.
        let next = order
            .address(
                parsed
                    .html
                    .select(&Selector::parse("p.x").unwrap())
                    .nth(1)
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(next.index, 4);
        live.element("div", None, Some("box"));
        assert_ne!(next.before, live.0);
    }

    /// The same vectors are checked against the content script's hash
    /// (tests/e2e/fingerprint.test.mjs): Rust and JS agree on them.
    #[test]
    fn hashing_matches_the_shared_vectors() {
        let vectors: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/fingerprint.json")).unwrap();
        let texts = vectors["texts"].as_array().unwrap();
        assert!(texts.len() >= 8);
        for v in texts {
            let text = v["text"].as_str().unwrap();
            let want = (v["len"].as_u64().unwrap(), v["hash"].as_u64().unwrap());
            let (len, hash) = text_fingerprint([text]);
            assert_eq!((u64::from(len), u64::from(hash)), want, "{text:?}");
        }
        let orders = vectors["orders"].as_array().unwrap();
        assert!(orders.len() >= 3);
        for v in orders {
            let mut hash = Fnv::new();
            for el in v["elements"].as_array().unwrap() {
                hash.element(el[0].as_str().unwrap(), el[1].as_str(), el[2].as_str());
            }
            assert_eq!(u64::from(hash.0), v["hash"].as_u64().unwrap(), "{v}");
        }
    }
}
