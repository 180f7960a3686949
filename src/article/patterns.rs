//! The class/id vocabularies of `data/article.json`, compiled once.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use scraper::node::Element;
use serde::Deserialize;

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

/// One vocabulary: whole words, and fragments matched anywhere.
pub struct Set {
    tokens: HashSet<String>,
    fragments: Option<AhoCorasick>,
}

/// Every vocabulary the article engine uses.
pub struct Patterns {
    pub unlikely: Set,
    pub maybe: Set,
    pub positive: Set,
    pub negative: Set,
    pub clutter: Set,
    pub body: Set,
    pub comments: Set,
}

/// The compiled vocabularies. A test proves the file parses; an empty set is
/// the safe fallback (the engine then relies on structure and text alone).
pub static PATTERNS: LazyLock<Patterns> =
    LazyLock::new(|| parse(include_str!("../data/article.json")).unwrap_or_else(|_| empty()));

fn parse(json: &str) -> Result<Patterns, String> {
    let mut file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if file.version != 1 {
        return Err(format!("version {} is not supported", file.version));
    }
    let mut take = |name: &str| -> Result<Set, String> {
        let set = file
            .sets
            .remove(name)
            .ok_or_else(|| format!("set {name:?} is missing"))?;
        Set::new(&set)
    };
    let patterns = Patterns {
        unlikely: take("unlikely")?,
        maybe: take("maybe")?,
        positive: take("positive")?,
        negative: take("negative")?,
        clutter: take("clutter")?,
        body: take("body")?,
        comments: take("comments")?,
    };
    match file.sets.keys().next() {
        Some(unknown) => Err(format!("unknown set {unknown:?}")),
        None => Ok(patterns),
    }
}

fn empty() -> Patterns {
    let none = || Set {
        tokens: HashSet::new(),
        fragments: None,
    };
    Patterns {
        unlikely: none(),
        maybe: none(),
        positive: none(),
        negative: none(),
        clutter: none(),
        body: none(),
        comments: none(),
    }
}

impl Set {
    fn new(file: &SetFile) -> Result<Set, String> {
        let fragments = if file.fragments.is_empty() {
            None
        } else {
            // A contiguous NFA: cheap to build, where a DFA's build would
            // cost more than the searches it speeds up on one page.
            let automaton = AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&file.fragments);
            Some(automaton.map_err(|e| e.to_string())?)
        };
        Ok(Set {
            tokens: file.tokens.iter().map(|t| t.to_ascii_lowercase()).collect(),
            fragments,
        })
    }

    /// Whether `names` (an element's lower-cased class and id, see [`names`]) matches.
    pub fn matches(&self, names: &str) -> bool {
        if names.is_empty() {
            return false;
        }
        if self.fragments.as_ref().is_some_and(|ac| ac.is_match(names)) {
            return true;
        }
        names
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| !word.is_empty() && self.tokens.contains(word))
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
/// the sets match.
pub fn names(el: &Element) -> String {
    let mut out = String::new();
    for value in NAME_ATTRIBUTES.iter().filter_map(|a| el.attr(a)) {
        out.push(' ');
        out.extend(value.chars().take(MAX_NAMES_LEN));
    }
    out.make_ascii_lowercase();
    out
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
        assert!(p.clutter.matches(" ad-slot ad-slot--banner"));
        assert!(!p.clutter.matches(" site-header shadow"));
        assert!(p.unlikely.matches(" share__item share__item--facebook"));
        assert!(p.body.matches(" article__body"));
        assert!(!p.body.matches(""));
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
