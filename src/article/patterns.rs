//! The class/id vocabularies of `data/article.json`, compiled once.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use scraper::node::Element;
use serde::Deserialize;

use super::fnv::Fnv;

/// The data file's shape; unknown keys are refused so that a typo fails a test.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[allow(dead_code, reason = "documentation carried by the data file")]
    why: String,
    sets: BTreeMap<String, SetFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    #[allow(dead_code, reason = "documentation carried by the data file")]
    why: String,
    tokens: Vec<String>,
    fragments: Vec<String>,
}

/// One vocabulary of the data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Unlikely,
    Maybe,
    Positive,
    Negative,
    Clutter,
    Body,
    Comments,
}

impl Kind {
    /// Every vocabulary, with the data file's name for it.
    const ALL: [(Kind, &'static str); 7] = [
        (Kind::Unlikely, "unlikely"),
        (Kind::Maybe, "maybe"),
        (Kind::Positive, "positive"),
        (Kind::Negative, "negative"),
        (Kind::Clutter, "clutter"),
        (Kind::Body, "body"),
        (Kind::Comments, "comments"),
    ];

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The vocabularies an element's names match, one bit each: computed once
/// per element (see [`Patterns::classify`]), then read by every pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Names(u8);

impl Names {
    pub fn has(self, kind: Kind) -> bool {
        self.0 & kind.bit() != 0
    }
}

/// Every vocabulary, merged: each whole word and each fragment says which
/// vocabularies it belongs to, so that one search classifies an element.
pub struct Patterns {
    tokens: HashMap<String, u8, BuildHasherDefault<Fnv>>,
    fragments: Option<AhoCorasick>,
    /// The vocabularies of each fragment, by pattern index.
    fragment_kinds: Vec<u8>,
}

/// The compiled vocabularies. A test proves the file parses; empty
/// vocabularies are the safe fallback (the engine then relies on structure
/// and text alone).
pub static PATTERNS: LazyLock<Patterns> =
    LazyLock::new(|| parse(include_str!("../data/article.json")).unwrap_or_else(|_| empty()));

fn parse(json: &str) -> Result<Patterns, String> {
    let mut file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if file.version != 1 {
        return Err(format!("version {} is not supported", file.version));
    }
    let mut tokens: HashMap<String, u8, BuildHasherDefault<Fnv>> = HashMap::default();
    let mut fragments: Vec<String> = Vec::new();
    let mut fragment_kinds: Vec<u8> = Vec::new();
    for (kind, name) in Kind::ALL {
        let set = file
            .sets
            .remove(name)
            .ok_or_else(|| format!("set {name:?} is missing"))?;
        for token in set.tokens {
            *tokens.entry(token.to_ascii_lowercase()).or_default() |= kind.bit();
        }
        for fragment in set.fragments {
            fragments.push(fragment.to_ascii_lowercase());
            fragment_kinds.push(kind.bit());
        }
    }
    if let Some(unknown) = file.sets.keys().next() {
        return Err(format!("unknown set {unknown:?}"));
    }
    let fragments = if fragments.is_empty() {
        None
    } else {
        // A contiguous NFA: cheap to build, where a DFA's build would
        // cost more than the searches it speeds up on one page.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&fragments);
        Some(automaton.map_err(|e| e.to_string())?)
    };
    Ok(Patterns {
        tokens,
        fragments,
        fragment_kinds,
    })
}

fn empty() -> Patterns {
    Patterns {
        tokens: HashMap::default(),
        fragments: None,
        fragment_kinds: Vec::new(),
    }
}

/// Distinct names strings one page's walk remembers the vocabularies of:
/// past it, a page of generated names is classified name by name again.
const MAX_REMEMBERED: usize = 4_096;

/// The vocabularies each names string of a page matched (see
/// [`Patterns::classify_remembered`]), and the buffer an element's names
/// are read into.
#[derive(Default)]
pub struct Remembered {
    seen: HashMap<String, Names>,
    names: String,
}

impl Patterns {
    /// The vocabularies an element's names match.
    pub fn classify(&self, el: &Element) -> Names {
        let mut out = String::new();
        names(el, &mut out);
        self.classify_names(&out)
    }

    /// [`Patterns::classify`], remembering what each names string matched:
    /// most elements share their names with others (a list's items, a
    /// grid's cards), and a look-up costs less than the search.
    pub fn classify_remembered(&self, el: &Element, remembered: &mut Remembered) -> Names {
        let Remembered {
            seen,
            names: buffer,
        } = remembered;
        names(el, buffer);
        if buffer.is_empty() {
            return Names::default();
        }
        if let Some(found) = seen.get(buffer.as_str()) {
            return *found;
        }
        let found = self.classify_names(buffer);
        if seen.len() < MAX_REMEMBERED {
            seen.insert(buffer.clone(), found);
        }
        found
    }

    /// The vocabularies `names` (lower-cased class and id, see [`names`]) matches.
    fn classify_names(&self, names: &str) -> Names {
        let mut bits = 0u8;
        if names.is_empty() {
            return Names(bits);
        }
        if let Some(ac) = &self.fragments {
            for m in ac.find_overlapping_iter(names) {
                bits |= self
                    .fragment_kinds
                    .get(m.pattern().as_usize())
                    .copied()
                    .unwrap_or(0);
            }
        }
        for word in names.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !word.is_empty() {
                bits |= self.tokens.get(word).copied().unwrap_or(0);
            }
        }
        Names(bits)
    }
}

/// Longest class or id value read: past it, a value is generated noise.
const MAX_NAMES_LEN: usize = 512;

/// Attributes that name what an element is: `class` and `id`, and the
/// component names some publishers' frameworks write instead.
const NAME_ATTRIBUTES: [&str; 5] = [
    "class",
    "id",
    "data-component",
    "data-gu-name",
    "data-testid",
];

/// An element's names (see [`NAME_ATTRIBUTES`]), lower-cased, as one string
/// the vocabularies match, written over `out`. One pass over the
/// attributes: looking each name up would intern it first.
fn names(el: &Element, out: &mut String) {
    out.clear();
    for (_, value) in el.attrs().filter(|(a, _)| NAME_ATTRIBUTES.contains(a)) {
        out.push(' ');
        let end = value
            .char_indices()
            .nth(MAX_NAMES_LEN)
            .map_or(value.len(), |(at, _)| at);
        out.push_str(value.get(..end).unwrap_or(value));
    }
    out.make_ascii_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses() {
        parse(include_str!("../data/article.json")).unwrap();
    }

    #[test]
    fn short_words_match_whole_words_only() {
        let p = &*PATTERNS;
        assert!(p
            .classify_names(" ad-slot ad-slot--banner")
            .has(Kind::Clutter));
        assert!(!p.classify_names(" site-header shadow").has(Kind::Clutter));
        let share = p.classify_names(" share__item share__item--facebook");
        assert!(share.has(Kind::Unlikely) && !share.has(Kind::Body));
        assert!(p.classify_names(" article__body").has(Kind::Body));
        assert_eq!(p.classify_names(""), Names::default());
    }

    #[test]
    fn remembered_names_classify_as_fresh_ones() {
        let html = scraper::Html::parse_fragment(
            r#"<div class="ad-slot"></div><div class="article__body" id="x"></div><div class="ad-slot"></div><p></p><div class="article__body" id="x"></div>"#,
        );
        let mut remembered = Remembered::default();
        for node in html.tree.nodes() {
            if let scraper::Node::Element(el) = node.value() {
                assert_eq!(
                    PATTERNS.classify_remembered(el, &mut remembered),
                    PATTERNS.classify(el)
                );
            }
        }
        assert_eq!(remembered.seen.len(), 2);
    }

    #[test]
    fn refuses_unknown_sets() {
        let json = include_str!("../data/article.json").replacen(
            "\"sets\": {",
            "\"sets\": {\"typo\": {\"why\": \"\", \"tokens\": [], \"fragments\": []},",
            1,
        );
        assert!(parse(&json).is_err());
    }
}
