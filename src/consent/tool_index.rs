//! The built-in tools' banner, box, anchor and control selectors, indexed
//! by what an element must carry to match one (an id, a class, an attribute or the tag
//! of the selector's last compound), as browsers' rule hashes do: the walk
//! tests each element against the few selectors it could match instead of
//! all of them (`Selector::matches` builds fresh caches on every call).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use scraper::selector::{Parser, Simple};
use scraper::{ElementRef, Selector};
use selectors::attr::ParsedCaseSensitivity;
use selectors::parser::{Component, ParseRelative};
use selectors::SelectorList;

use crate::data::TOOLS;

/// What a matching selector makes of the element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A tool's banner or preference centre: never a box, nor what it holds.
    Banner,
    /// A tool's box.
    Box,
    /// Leftovers of a blocked embed beside a site-written box.
    Anchor,
    /// A consent control the tool's script makes clickable.
    Control,
}

/// One selector of one tool.
struct Entry {
    tool: usize,
    role: Role,
    selector: &'static Selector,
}

/// A key an element must carry for a selector to match it.
enum Key {
    Id(String),
    Class(String),
    /// An attribute, and a text its value must then hold (`[class*="x-"]`
    /// matches only where the class attribute holds "x-": every element
    /// with a class need not be tested).
    Attribute(String, Option<String>),
    Tag(String),
}

/// A map from names (ids, classes, attributes, tags). Its keys are the
/// crate's own data and the page's names are only looked up, never added,
/// so a hash cheaper than SipHash is safe.
type NameMap<V = usize> = HashMap<String, Vec<V>, BuildHasherDefault<NameHasher>>;

/// Multiplicative hashing, a word at a time.
#[derive(Default)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word.iter_mut().zip(chunk).for_each(|(w, b)| *w = *b);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// The index: entries in the order the walk must test them (every banner
/// first, then each tool's boxes and anchors), and where each one is filed.
pub struct ToolIndex {
    entries: Vec<Entry>,
    by_id: NameMap,
    by_class: NameMap,
    /// Per attribute, entries with the text the value must hold.
    by_attribute: NameMap<(usize, Option<String>)>,
    by_tag: NameMap,
    /// Entries with a part that names nothing to file it under.
    always: Vec<usize>,
}

/// The index of the built-in tools' banners, boxes and anchors.
pub static INDEX: LazyLock<ToolIndex> = LazyLock::new(build);

/// The index of the built-in tools' controls: a box's control search
/// tests every element of the box against them.
pub static CONTROLS: LazyLock<ToolIndex> = LazyLock::new(|| {
    let mut index = ToolIndex::empty();
    for (tool, t) in TOOLS.iter().enumerate() {
        index.add_all(tool, Role::Control, &t.controls, &t.file.controls);
    }
    index
});

fn build() -> ToolIndex {
    let mut index = ToolIndex::empty();
    let tools = || TOOLS.iter().enumerate();
    for (tool, t) in tools() {
        index.add_all(tool, Role::Banner, &t.banners, &t.file.banners);
    }
    for (tool, t) in tools() {
        index.add_all(tool, Role::Box, &t.boxes, &t.file.boxes);
        index.add_all(tool, Role::Anchor, &t.anchors, &t.file.anchors);
    }
    index
}

impl ToolIndex {
    fn empty() -> ToolIndex {
        ToolIndex {
            entries: Vec::new(),
            by_id: NameMap::default(),
            by_class: NameMap::default(),
            by_attribute: HashMap::default(),
            by_tag: NameMap::default(),
            always: Vec::new(),
        }
    }

    fn add_all(
        &mut self,
        tool: usize,
        role: Role,
        selectors: &'static [Selector],
        sources: &[String],
    ) {
        for (selector, css) in selectors.iter().zip(sources) {
            let entry = self.entries.len();
            self.entries.push(Entry {
                tool,
                role,
                selector,
            });
            match keys(css) {
                Some(keys) => {
                    for key in keys {
                        let (map, name) = match key {
                            Key::Id(n) => (&mut self.by_id, n),
                            Key::Class(n) => (&mut self.by_class, n),
                            Key::Attribute(n, holds) => {
                                self.by_attribute.entry(n).or_default().push((entry, holds));
                                continue;
                            }
                            Key::Tag(n) => (&mut self.by_tag, n),
                        };
                        map.entry(name).or_default().push(entry);
                    }
                }
                None => self.always.push(entry),
            }
        }
    }

    /// The (tool, role) pairs whose selectors match `el`, banners first,
    /// then tool by tool, boxes before anchors; each pair once.
    pub fn matches(&self, el: ElementRef<'_>) -> Vec<(usize, Role)> {
        let mut found: Vec<(usize, Role)> = Vec::new();
        for entry in self
            .candidates(el)
            .iter()
            .filter_map(|&i| self.entries.get(i))
        {
            let pair = (entry.tool, entry.role);
            if !found.contains(&pair) && entry.selector.matches(&el) {
                found.push(pair);
            }
        }
        found
    }

    /// Whether a selector of a tool that `keep` keeps matches `el`.
    pub fn any(&self, el: ElementRef<'_>, keep: impl Fn(usize) -> bool) -> bool {
        self.candidates(el)
            .iter()
            .filter_map(|&i| self.entries.get(i))
            .any(|entry| keep(entry.tool) && entry.selector.matches(&el))
    }

    /// The entries `el` could match, in index order, each once.
    fn candidates(&self, el: ElementRef<'_>) -> Vec<usize> {
        let v = el.value();
        let mut candidates: Vec<usize> = self.always.clone();
        let file = |candidates: &mut Vec<usize>, list: Option<&Vec<usize>>| {
            if let Some(list) = list {
                candidates.extend_from_slice(list);
            }
        };
        // One pass over the raw attributes (`Element::classes` would intern
        // every class name).
        for (name, value) in v.attrs() {
            if let Some(list) = self.by_attribute.get(name) {
                let held = list
                    .iter()
                    .filter(|(_, holds)| holds.as_ref().is_none_or(|h| value.contains(h.as_str())))
                    .map(|(entry, _)| *entry);
                candidates.extend(held);
            }
            match name {
                "id" => file(&mut candidates, self.by_id.get(value)),
                "class" => value
                    .split_ascii_whitespace()
                    .for_each(|class| file(&mut candidates, self.by_class.get(class))),
                _ => {}
            }
        }
        file(&mut candidates, self.by_tag.get(v.name()));
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }
}

/// For each alternative of a selector list, one key its last compound
/// requires (the most selective: id, class, attribute, tag). `None` when
/// an alternative requires none (`*`, `:not(.x)`), or the list does not
/// parse here (then it is tested on every element).
fn keys(css: &str) -> Option<Vec<Key>> {
    let mut parser = cssparser::Parser::new(css);
    let list: SelectorList<Simple> =
        SelectorList::parse(&Parser, &mut parser, ParseRelative::No).ok()?;
    list.slice()
        .iter()
        .map(|selector| {
            let mut best: Option<Key> = None;
            let rank = |k: &Option<Key>| match k {
                Some(Key::Id(_)) => 4,
                Some(Key::Class(_)) => 3,
                Some(Key::Attribute(..)) => 2,
                Some(Key::Tag(_)) => 1,
                None => 0,
            };
            for component in selector.iter() {
                let key = match component {
                    Component::ID(id) => Key::Id(id.0.to_string()),
                    Component::Class(class) => Key::Class(class.0.to_string()),
                    Component::AttributeInNoNamespaceExists {
                        local_name_lower, ..
                    } => Key::Attribute(local_name_lower.0.to_string(), None),
                    // Every operator (=, ~=, |=, ^=, *=, $=) matches only a
                    // value that holds the text, when case counts.
                    Component::AttributeInNoNamespace {
                        local_name,
                        value,
                        case_sensitivity,
                        ..
                    } => {
                        let exact = matches!(
                            case_sensitivity,
                            ParsedCaseSensitivity::CaseSensitive
                                | ParsedCaseSensitivity::ExplicitCaseSensitive
                        );
                        Key::Attribute(local_name.0.to_string(), exact.then(|| value.0.clone()))
                    }
                    Component::AttributeOther(attr) => {
                        Key::Attribute(attr.local_name_lower.0.to_string(), None)
                    }
                    Component::LocalName(name) => Key::Tag(name.lower_name.0.to_string()),
                    _ => continue,
                };
                let key = Some(key);
                if rank(&key) > rank(&best) {
                    best = key;
                }
            }
            best
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn every_selector_is_filed_by_its_last_compound() {
        let key = |css: &str| keys(css).unwrap().into_iter().next().unwrap();
        assert!(matches!(key("div.a > p#b.c"), Key::Id(n) if n == "b"));
        assert!(matches!(key("section .cmplz-x"), Key::Class(n) if n == "cmplz-x"));
        assert!(matches!(key("iframe[data-SRC]"), Key::Attribute(n, None) if n == "data-src"));
        assert!(
            matches!(key(r#"div[class*="x-"]"#), Key::Attribute(n, Some(v)) if n == "class" && v == "x-")
        );
        assert!(matches!(
            key(r#"div[class*="x-" i]"#),
            Key::Attribute(_, None)
        ));
        assert!(matches!(key("div > IFRAME"), Key::Tag(n) if n == "iframe"));
        assert!(keys("div, *").is_none());
    }

    #[test]
    fn finds_what_matching_every_selector_finds() {
        let html = scraper::Html::parse_document(
            r#"<div class="cmplz-placeholder-element" data-service="youtube"><iframe data-src="x"></iframe></div><p id="x" class="a b">t</p>"#,
        );
        for el in html.root_element().descendent_elements() {
            let mut slow: Vec<(usize, Role)> = Vec::new();
            for (tool, t) in TOOLS.iter().enumerate() {
                if t.banners.iter().any(|s| s.matches(&el)) {
                    slow.push((tool, Role::Banner));
                }
            }
            for (tool, t) in TOOLS.iter().enumerate() {
                if t.boxes.iter().any(|s| s.matches(&el)) {
                    slow.push((tool, Role::Box));
                }
                if t.anchors.iter().any(|s| s.matches(&el)) {
                    slow.push((tool, Role::Anchor));
                }
            }
            assert_eq!(INDEX.matches(el), slow);
        }
    }

    #[test]
    fn finds_every_control_matching_every_selector_finds() {
        let html = scraper::Html::parse_document(
            r#"<div class="ce-iframe-placeholder"><a class="ce-accept">x</a></div><div class="social-gdpr-youtube-video"></div><cookie-accept-button></cookie-accept-button><div data-cky-tag="video-placeholder"><p data-cky-tag="placeholder-title">t</p></div><p class="b">t</p>"#,
        );
        let mut found = 0;
        for el in html.root_element().descendent_elements() {
            let slow = TOOLS
                .iter()
                .flat_map(|t| &t.controls)
                .any(|s| s.matches(&el));
            assert_eq!(CONTROLS.any(el, |_| true), slow);
            found += usize::from(slow);
        }
        assert_eq!(found, 4);
        let control = html.root_element().descendent_elements().nth(1).unwrap();
        assert!(!CONTROLS.any(control, |_| false));
    }
}
