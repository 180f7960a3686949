//! Site rules: selectors a reader (or the built-in list) gives for one site,
//! which win over the heuristics.
//!
//! ```json
//! { "version": 1,
//!   "sites": { "example.com": { "boxes": ["div.embed-blocker",
//!                                         { "selector": ".quiz-gate", "platform": "other",
//!                                           "service": "Quizzr", "words": "This week's quiz" }],
//!                               "article": "main article",
//!                               "clutter": [".promo"], "ignore": [".quote-box"] } } }
//! ```
//! A site key matches its host and every subdomain of it. A box is a
//! selector, or an object that also says what its line shows: the platform
//! (an id of `data/platforms.json`, or `other` with the service's name) and
//! the words; what the box itself holds fills in the rest. Rules are refused
//! whole when one part is wrong: an unknown key, a site listed twice, a
//! public suffix ("com", "co.uk") as a site, a selector that does not parse
//! or is past the complexity bounds below, an unknown platform, words past
//! their bound. Each selector is then matched with bounded work (see `select.rs`).

mod select;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use scraper::selector::{Parser, Simple};
use scraper::ElementRef;
use selectors::parser::{Component, ParseRelative, Selector};
use selectors::SelectorList;
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::data::{PlatformEntry, PLATFORMS};
use crate::error::{BoxLineProblem, RulesError, SelectorLimit};

/// Longest selector accepted, in bytes. Site selectors are a class or two
/// and an element name (the built-in tool rules: under 80); 1 KB leaves room
/// for a long `:is()` list while keeping parsing cheap.
const MAX_SELECTOR_BYTES: usize = 1024;

/// Most compound selectors (the parts between combinators, over every list
/// and nested selector): each can make the matcher walk the tree once more.
const MAX_COMPOUNDS: usize = 32;

/// Deepest nesting of `:is`, `:where`, `:not`, `:has` (and `:nth-*(of …)`):
/// each level can multiply the work of the level around it.
const MAX_NESTING: usize = 3;

/// Most selectors one site may list: each query costs up to a pass over the page.
const MAX_SELECTORS_PER_SITE: usize = 256;

/// Most characters of a reader's input an error repeats: enough to recognize
/// the selector or key, not a megabyte of it back on the reader's screen.
const MAX_ECHO_CHARS: usize = 200;

/// Most characters of the words a box rule gives its line: the same bound
/// as the words the engine reads in a box (`Placeholder::text`).
const MAX_WORDS_CHARS: usize = crate::consent::MAX_TEXT_CHARS;

/// Most characters of a service's name: a name is a word or two (the
/// longest in `platforms.json` is 14); 60 leaves room without letting a
/// "name" be a sentence.
const MAX_SERVICE_CHARS: usize = 60;

/// The platform id of every named service outside the vocabulary
/// (`data/platforms.json`), told apart by name.
const OTHER: &str = "other";

/// The summary wording of a service outside the vocabulary ("Content from …").
const OTHER_KIND: &str = "content";

/// The rules' JSON shape. Unknown keys are refused so that a typo fails loudly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub version: u32,
    #[serde(default)]
    pub sites: BTreeMap<String, SiteRule>,
}

/// [`RulesFile`] as read from JSON, keeping every site key in order so that
/// a key given twice is seen (a map keeps only the last).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: u32,
    #[serde(default)]
    sites: Sites,
}

#[derive(Default)]
struct Sites(Vec<(String, SiteRule)>);

impl<'de> Deserialize<'de> for Sites {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Sites;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of site names to site rules")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sites, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Sites(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// What a site rule can say.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRule {
    /// Elements that are consent boxes on this site (the whole box).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<BoxEntry>,
    /// Elements that look like boxes but are not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// The article body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Clutter to hide around the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clutter: Vec<String>,
}

/// A box rule: a selector alone (what the box holds makes its line), or
/// with what its line shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BoxEntry {
    Selector(String),
    Labelled(LabelledBox),
}

/// A box selector with the platform and the words of its line. Plain text:
/// HTML in the words is shown as the characters it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledBox {
    pub selector: String,
    /// An id of `data/platforms.json`, or `other` (then `service` names it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The name of a service outside the list, with `platform: "other"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The words the line shows, over any the box holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
}

impl BoxEntry {
    pub fn selector(&self) -> &str {
        match self {
            BoxEntry::Selector(css) => css,
            BoxEntry::Labelled(labelled) => &labelled.selector,
        }
    }
}

impl From<&str> for BoxEntry {
    fn from(css: &str) -> Self {
        BoxEntry::Selector(css.to_owned())
    }
}

/// A string is a selector; an object is read as a [`LabelledBox`], so a
/// typo in one of its keys is named (an untagged enum would only say that
/// nothing matched).
impl<'de> Deserialize<'de> for BoxEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> Visitor<'de> for Entry {
            type Value = BoxEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a CSS selector, or an object with \"selector\" and optionally \"platform\", \"service\" and \"words\"")
            }
            fn visit_str<E: serde::de::Error>(self, css: &str) -> Result<BoxEntry, E> {
                Ok(BoxEntry::Selector(css.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<BoxEntry, A::Error> {
                LabelledBox::deserialize(MapAccessDeserializer::new(map)).map(BoxEntry::Labelled)
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

/// What a box rule's line shows, validated.
#[derive(Debug, Clone, Default)]
pub struct BoxLine {
    /// The platform, over the one the box names.
    pub platform: Option<PlatformEntry>,
    /// The words, over those the box holds (not yet cleaned for a line).
    pub words: Option<String>,
}

/// Validated rules, selectors compiled.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    sites: Vec<(String, CompiledRule)>,
}

/// One site's compiled selectors.
#[derive(Debug, Clone, Default)]
pub struct CompiledRule {
    /// Every box selector, labelled or not.
    pub boxes: Vec<RuleSelector>,
    /// The box selectors that say what their line shows.
    pub lines: Vec<(RuleSelector, BoxLine)>,
    pub ignore: Vec<RuleSelector>,
    pub article: Option<RuleSelector>,
    pub clutter: Vec<RuleSelector>,
}

/// A site rule's selector, within the complexity bounds, matched with a
/// work budget.
#[derive(Debug, Clone)]
pub struct RuleSelector(SelectorList<Simple>);

impl RuleSelector {
    /// The elements of `root`'s subtree (`root` included) that match, in
    /// document order. A query past its work budget finds nothing: a rule
    /// half-applied is worse than none.
    pub fn select<'a>(&self, root: ElementRef<'a>) -> Vec<ElementRef<'a>> {
        select::query(&self.0, root).found.unwrap_or_default()
    }
}

/// The elements under `root` matched by any of `selectors`, as a set.
pub fn selected<'a, 'r>(
    selectors: impl IntoIterator<Item = &'r RuleSelector>,
    root: ElementRef<'a>,
) -> HashSet<ego_tree::NodeId> {
    selectors
        .into_iter()
        .flat_map(|s| s.select(root))
        .map(|el| el.id())
        .collect()
}

/// What the box rules say of the boxes under `root`: for each element a
/// labelled box selector matches, the line of the first rule that labels it
/// (the reader's before the built-in ones, the most specific site first).
pub fn box_lines<'r>(
    rules: &[&'r CompiledRule],
    root: ElementRef<'_>,
) -> HashMap<ego_tree::NodeId, &'r BoxLine> {
    let mut lines = HashMap::new();
    for (selector, line) in rules.iter().flat_map(|r| &r.lines) {
        for el in selector.select(root) {
            lines.entry(el.id()).or_insert(line);
        }
    }
    lines
}

/// Built-in site rules, shipped as data.
static BUILT_IN: LazyLock<Rules> = LazyLock::new(|| {
    // A test proves this file parses; an empty set is the safe fallback.
    Rules::parse(include_str!("data/sites.json"), Origin::Shipped).unwrap_or_default()
});

/// Who wrote a rules file. The reader's is checked whole; the shipped one
/// passes the same checks in a test (`built_in_rules_parse`) and is compiled
/// without the public-suffix check, which would parse the suffix list's
/// rules under each of its sites' labels on every fresh engine's first call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Reader,
    Shipped,
}

impl Rules {
    /// Parses and validates rules JSON (a leading byte-order mark is allowed):
    /// every domain and selector must be valid.
    pub fn from_json(json: &str) -> Result<Self, RulesError> {
        Self::parse(json, Origin::Reader)
    }

    fn parse(json: &str, origin: Origin) -> Result<Self, RulesError> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let file: RawFile = serde_json::from_str(json).map_err(|e| {
            // serde_json's message may quote a whole key back: clip it, and
            // keep where in the text the error is.
            let position = format!(" at line {} column {}", e.line(), e.column());
            let message = e.to_string();
            let message = message.strip_suffix(&position).unwrap_or(&message);
            RulesError::Shape(format!("{}{position}", echo(message)))
        })?;
        Self::compile(
            file.version,
            file.sites.0.iter().map(|(k, v)| (k, v)),
            origin,
        )
    }

    /// Validates an already-parsed rules file.
    pub fn from_file(file: &RulesFile) -> Result<Self, RulesError> {
        Self::compile(file.version, file.sites.iter(), Origin::Reader)
    }

    fn compile<'a>(
        version: u32,
        entries: impl ExactSizeIterator<Item = (&'a String, &'a SiteRule)>,
        origin: Origin,
    ) -> Result<Self, RulesError> {
        if version != 1 {
            return Err(RulesError::Version(version));
        }
        let mut sites: Vec<(String, CompiledRule)> = Vec::with_capacity(entries.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(entries.len());
        for (site, rule) in entries {
            let domain =
                normalize_domain(site).ok_or_else(|| RulesError::Domain { site: echo(site) })?;
            if origin == Origin::Reader && crate::domain::is_public_suffix(&domain) {
                return Err(RulesError::PublicSuffix { site: echo(site) });
            }
            // Compared once normalized: "Example.com" and "example.com." are one site.
            if !seen.insert(domain.clone()) {
                return Err(RulesError::DuplicateSite { site: echo(site) });
            }
            let count = rule.boxes.len()
                + rule.ignore.len()
                + rule.clutter.len()
                + usize::from(rule.article.is_some());
            if count > MAX_SELECTORS_PER_SITE {
                return Err(RulesError::TooManySelectors {
                    site: echo(site),
                    limit: MAX_SELECTORS_PER_SITE,
                });
            }
            let compile = |css: &String| compile_selector(site, css);
            let all = |list: &Vec<String>| list.iter().map(compile).collect::<Result<Vec<_>, _>>();
            let mut boxes = Vec::with_capacity(rule.boxes.len());
            let mut lines = Vec::new();
            for entry in &rule.boxes {
                let selector = compile_selector(site, entry.selector())?;
                if let BoxEntry::Labelled(labelled) = entry {
                    let line = box_line(labelled).map_err(|problem| RulesError::BoxLine {
                        site: echo(site),
                        selector: echo(&labelled.selector),
                        problem,
                    })?;
                    lines.push((selector.clone(), line));
                }
                boxes.push(selector);
            }
            let compiled = CompiledRule {
                boxes,
                lines,
                ignore: all(&rule.ignore)?,
                article: rule.article.as_ref().map(compile).transpose()?,
                clutter: all(&rule.clutter)?,
            };
            sites.push((domain, compiled));
        }
        Ok(Rules { sites })
    }

    /// The built-in rules.
    pub fn built_in() -> &'static Rules {
        &BUILT_IN
    }

    /// The rules that apply to `host`, most specific site first.
    pub fn for_host<'a>(
        &'a self,
        host: Option<&str>,
    ) -> impl Iterator<Item = &'a CompiledRule> + 'a {
        let host = host
            .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
            .unwrap_or_default();
        let mut matching: Vec<&(String, CompiledRule)> = self
            .sites
            .iter()
            .filter(|(domain, _)| {
                !host.is_empty()
                    && (host == *domain
                        || host
                            .strip_suffix(domain.as_str())
                            .is_some_and(|rest| rest.ends_with('.')))
            })
            .collect();
        matching.sort_by_key(|(domain, _)| std::cmp::Reverse(domain.len()));
        matching.into_iter().map(|(_, rule)| rule)
    }
}

/// Lower-cases a domain and checks it is one, through the URL parser (which
/// also turns internationalised names into their ASCII form).
fn normalize_domain(site: &str) -> Option<String> {
    let site = site.trim().trim_end_matches('.');
    let bracketed = site.starts_with('[') && site.ends_with(']');
    if site.is_empty()
        || site.contains(['/', '@', '?', '#', ' '])
        || (site.contains(':') && !bracketed)
    {
        return None;
    }
    let url = url::Url::parse(&format!("https://{site}/")).ok()?;
    // An IP address is a site of its own, as in the settings' site keys
    // (an intranet page, a local server): written as URLs write hosts.
    match url.host()? {
        url::Host::Domain(d) => Some(d.to_owned()),
        url::Host::Ipv4(ip) => Some(ip.to_string()),
        url::Host::Ipv6(ip) => Some(format!("[{ip}]")),
    }
}

/// Checks what a box rule says its line shows.
fn box_line(labelled: &LabelledBox) -> Result<BoxLine, BoxLineProblem> {
    let text = |field: &'static str, value: &Option<String>, limit: usize| {
        let Some(value) = value else {
            return Ok(None);
        };
        if value.trim().is_empty() {
            return Err(BoxLineProblem::Empty { field });
        }
        if value.chars().count() > limit {
            return Err(BoxLineProblem::TooLong { field, limit });
        }
        Ok(Some(value.clone()))
    };
    let words = text("words", &labelled.words, MAX_WORDS_CHARS)?;
    let service = text("service", &labelled.service, MAX_SERVICE_CHARS)?;
    let platform = match (labelled.platform.as_deref(), service) {
        (None, None) => None,
        (Some(OTHER), Some(service)) => Some(other_service(service.trim())),
        (Some(OTHER), None) => return Err(BoxLineProblem::NoService),
        (_, Some(_)) => return Err(BoxLineProblem::ServiceWithoutOther),
        (Some(id), None) => Some(
            PLATFORMS
                .iter()
                .find(|p| p.id == id && p.id != OTHER)
                .cloned()
                .ok_or_else(|| BoxLineProblem::UnknownPlatform {
                    given: echo(id),
                    known: known_platforms(),
                })?,
        ),
    };
    Ok(BoxLine { platform, words })
}

/// A service outside the vocabulary: the data's entry when it knows the
/// name (its hosts then tell its embeds), else one named by the reader.
fn other_service(name: &str) -> PlatformEntry {
    let known = PLATFORMS
        .iter()
        .find(|p| p.id == OTHER && p.name.to_lowercase() == name.to_lowercase());
    known.cloned().unwrap_or_else(|| PlatformEntry {
        id: OTHER.to_owned(),
        name: name.to_owned(),
        kind: OTHER_KIND.to_owned(),
        hosts: Vec::new(),
        names: Vec::new(),
        embed_classes: Vec::new(),
        embed_ids: Vec::new(),
        id_url: None,
        ..PlatformEntry::default()
    })
}

/// The platform ids a box rule may give, for an error to list.
fn known_platforms() -> String {
    let ids: Vec<&str> = PLATFORMS
        .iter()
        .map(|p| p.id.as_str())
        .filter(|id| *id != OTHER)
        .collect();
    ids.join(", ")
}

/// Parses one selector and checks it against the complexity bounds.
fn compile_selector(site: &str, css: &str) -> Result<RuleSelector, RulesError> {
    let too_complex = |limit| RulesError::TooComplex {
        site: echo(site),
        selector: echo(css),
        limit,
    };
    if css.len() > MAX_SELECTOR_BYTES {
        return Err(too_complex(SelectorLimit::Length(MAX_SELECTOR_BYTES)));
    }
    let list = parse_selector(css).ok_or_else(|| RulesError::Selector {
        site: echo(site),
        selector: echo(css),
    })?;
    check_complexity(&list).map_err(too_complex)?;
    Ok(RuleSelector(list))
}

/// A selector list in scraper's dialect.
fn parse_selector(css: &str) -> Option<SelectorList<Simple>> {
    let mut parser = cssparser::Parser::new(css);
    SelectorList::parse(&Parser, &mut parser, ParseRelative::No).ok()
}

/// Counts compound selectors and nesting over the whole selector, nested
/// lists included, with an explicit stack.
fn check_complexity(list: &SelectorList<Simple>) -> Result<(), SelectorLimit> {
    let mut stack: Vec<(&Selector<Simple>, usize)> = list.slice().iter().map(|s| (s, 0)).collect();
    let mut compounds = 0usize;
    while let Some((selector, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Err(SelectorLimit::Nesting(MAX_NESTING));
        }
        compounds += 1;
        for component in selector.iter_raw_match_order() {
            let inner = depth + 1;
            match component {
                Component::Combinator(_) => compounds += 1,
                Component::Negation(l) | Component::Is(l) | Component::Where(l) => {
                    stack.extend(l.slice().iter().map(|s| (s, inner)));
                }
                Component::Has(relative) => {
                    stack.extend(relative.iter().map(|r| (&r.selector, inner)));
                }
                Component::NthOf(nth) => stack.extend(nth.selectors().iter().map(|s| (s, inner))),
                Component::Slotted(s) | Component::Host(Some(s)) => stack.push((s, inner)),
                _ => {}
            }
        }
        if compounds > MAX_COMPOUNDS {
            return Err(SelectorLimit::Compounds(MAX_COMPOUNDS));
        }
    }
    Ok(())
}

/// `text` as an error repeats it: at most [`MAX_ECHO_CHARS`] characters,
/// cut on a character boundary, with an ellipsis when cut.
fn echo(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO_CHARS) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn built_in_rules_parse() {
        Rules::from_json(include_str!("data/sites.json")).unwrap();
    }

    #[test]
    fn refuses_bad_selectors_and_unknown_keys() {
        let bad = r#"{"version":1,"sites":{"a.example":{"boxes":["div["]}}}"#;
        assert!(matches!(
            Rules::from_json(bad),
            Err(RulesError::Selector { .. })
        ));
        let typo = r#"{"version":1,"sites":{"a.example":{"boxs":["div"]}}}"#;
        assert!(matches!(Rules::from_json(typo), Err(RulesError::Shape(_))));
        assert_eq!(
            Rules::from_json(r#"{"version":2}"#).unwrap_err(),
            RulesError::Version(2)
        );
        let domain = r#"{"version":1,"sites":{"http://x/":{}}}"#;
        assert!(matches!(
            Rules::from_json(domain),
            Err(RulesError::Domain { .. })
        ));
    }

    #[test]
    fn refuses_a_site_listed_twice() {
        let twice = r#"{"version":1,"sites":{"a.example":{"clutter":[".a"]},"a.example":{"clutter":[".b"]}}}"#;
        assert_eq!(
            Rules::from_json(twice).unwrap_err(),
            RulesError::DuplicateSite {
                site: "a.example".into()
            }
        );
        // The same site once normalized.
        let spelled = r#"{"version":1,"sites":{"a.example":{},"A.Example.":{}}}"#;
        assert!(matches!(
            Rules::from_json(spelled),
            Err(RulesError::DuplicateSite { .. })
        ));
        let file = RulesFile {
            version: 1,
            sites: [
                ("b.example".into(), SiteRule::default()),
                ("B.EXAMPLE".into(), SiteRule::default()),
            ]
            .into_iter()
            .collect(),
        };
        assert!(matches!(
            Rules::from_file(&file),
            Err(RulesError::DuplicateSite { .. })
        ));
        // A key twice inside one site's rule is refused by serde.
        let field = r#"{"version":1,"sites":{"a.example":{"boxes":[".a"],"boxes":[".b"]}}}"#;
        assert!(matches!(Rules::from_json(field), Err(RulesError::Shape(_))));
    }

    #[test]
    fn refuses_a_public_suffix_as_a_site() {
        for suffix in [
            "com",
            "co.uk",
            "github.io",
            "CO.UK.",
            "公司.cn",
            "xn--55qx5d.cn",
        ] {
            let json = format!(r#"{{"version":1,"sites":{{"{suffix}":{{"clutter":[".ad"]}}}}}}"#);
            assert_eq!(
                Rules::from_json(&json).unwrap_err(),
                RulesError::PublicSuffix {
                    site: suffix.into()
                },
                "{suffix}"
            );
        }
        let site = r#"{"version":1,"sites":{"example.co.uk":{},"user.github.io":{}}}"#;
        assert!(Rules::from_json(site).is_ok());
    }

    #[test]
    fn accepts_a_byte_order_mark() {
        let json = "\u{feff}{\"version\":1,\"sites\":{\"a.example\":{\"clutter\":[\".a\"]}}}";
        let rules = Rules::from_json(json).unwrap();
        assert_eq!(rules.for_host(Some("a.example")).count(), 1);
        // Only at the start.
        let inside = "{\"version\":1,\u{feff}\"sites\":{}}";
        assert!(Rules::from_json(inside).is_err());
    }

    #[test]
    fn errors_echo_at_most_two_hundred_characters() {
        // Multi-byte characters: the cut must fall on a char boundary.
        let long = format!("div[{}", "é".repeat(5_000));
        let json = format!(r#"{{"version":1,"sites":{{"a.example":{{"boxes":["{long}"]}}}}}}"#);
        let Err(RulesError::TooComplex {
            selector, limit, ..
        }) = Rules::from_json(&json)
        else {
            panic!("a 10 KB selector was accepted");
        };
        assert_eq!(limit, SelectorLimit::Length(MAX_SELECTOR_BYTES));
        assert_eq!(selector.chars().count(), MAX_ECHO_CHARS + 1);
        assert!(selector.ends_with('…'));

        let bad = format!("{}!", "é".repeat(300));
        let json = format!(r#"{{"version":1,"sites":{{"a.example":{{"clutter":["{bad}"]}}}}}}"#);
        let Err(RulesError::Selector { selector, .. }) = Rules::from_json(&json) else {
            panic!("an invalid selector was accepted");
        };
        assert!(selector.starts_with("éé") && selector.chars().count() == MAX_ECHO_CHARS + 1);

        let key = "x".repeat(10_000);
        for json in [
            format!(r#"{{"version":1,"sites":{{"a.example":{{"{key}":[]}}}}}}"#),
            format!(r#"{{"version":1,"sites":{{"{key}.example":{{}},"{key}.example":{{}}}}}}"#),
            format!(r#"{{"version":1,"sites":{{"{key}/":{{}}}}}}"#),
        ] {
            let message = Rules::from_json(&json).unwrap_err().to_string();
            assert!(message.len() < 2 * MAX_ECHO_CHARS, "{message}");
        }
        let typo = Rules::from_json(&format!(r#"{{"version":1,"{key}":1}}"#)).unwrap_err();
        assert!(
            typo.to_string().ends_with(" at line 1 column 10015"),
            "{typo}"
        );
    }

    #[test]
    fn refuses_selectors_past_the_complexity_bounds() {
        let refused = |css: &str| {
            let json = serde_json::json!({"version": 1, "sites": {"a.example": {"boxes": [css]}}});
            match Rules::from_json(&json.to_string()) {
                Err(RulesError::TooComplex { limit, .. }) => Some(limit),
                Ok(_) => None,
                Err(e) => panic!("{css}: {e}"),
            }
        };
        let chain = vec!["div"; MAX_COMPOUNDS + 1].join(" > ");
        assert_eq!(
            refused(&chain),
            Some(SelectorLimit::Compounds(MAX_COMPOUNDS))
        );
        let list = vec![".a"; MAX_COMPOUNDS + 1].join(", ");
        assert_eq!(
            refused(&list),
            Some(SelectorLimit::Compounds(MAX_COMPOUNDS))
        );
        let nested = ":is(:not(:has(:is(:not(p)))))";
        assert_eq!(refused(nested), Some(SelectorLimit::Nesting(MAX_NESTING)));
        // The compounds inside :has() and :is() count too.
        let inner = format!(":has({})", vec!["p"; MAX_COMPOUNDS].join(" "));
        assert_eq!(
            refused(&inner),
            Some(SelectorLimit::Compounds(MAX_COMPOUNDS))
        );
        for fine in [
            "div.embed-blocker",
            "main article > div:not(.quote):has(iframe[data-src])",
            "p:nth-last-of-type(2), li:only-of-type",
            &vec!["div"; MAX_COMPOUNDS].join(" "),
            ":is(:not(:has(p)))",
        ] {
            assert_eq!(refused(fine), None, "{fine}");
        }
        let many = vec![".a"; MAX_SELECTORS_PER_SITE + 1];
        let json = serde_json::json!({"version": 1, "sites": {"a.example": {"clutter": many}}});
        assert!(matches!(
            Rules::from_json(&json.to_string()),
            Err(RulesError::TooManySelectors { .. })
        ));
    }

    fn box_rule(entry: serde_json::Value) -> Result<Rules, RulesError> {
        let json = serde_json::json!({"version": 1, "sites": {"a.example": {"boxes": [entry]}}});
        Rules::from_json(&json.to_string())
    }

    fn line_problem(entry: serde_json::Value) -> BoxLineProblem {
        match box_rule(entry) {
            Err(RulesError::BoxLine { problem, .. }) => problem,
            other => panic!("not a box line fault: {other:?}"),
        }
    }

    #[test]
    fn a_box_may_say_its_platform_and_words() {
        let rules = box_rule(serde_json::json!(
            {"selector": ".gate", "platform": "youtube", "words": "The ferry's new timetable"}
        ))
        .unwrap();
        let rule = rules.for_host(Some("a.example")).next().unwrap();
        assert_eq!(rule.boxes.len(), 1);
        let (_, line) = &rule.lines[0];
        assert_eq!(
            line.platform.as_ref().map(|p| p.name.as_str()),
            Some("YouTube")
        );
        assert_eq!(line.words.as_deref(), Some("The ferry's new timetable"));

        // A service outside the list, by the reader's name; the data's entry when it has one.
        let rules = box_rule(serde_json::json!(
            {"selector": ".gate", "platform": "other", "service": "Quizzr"}
        ))
        .unwrap();
        let line = &rules.for_host(Some("a.example")).next().unwrap().lines[0].1;
        let platform = line.platform.as_ref().unwrap();
        assert_eq!(
            (platform.id.as_str(), platform.name.as_str()),
            ("other", "Quizzr")
        );
        let rules = box_rule(serde_json::json!(
            {"selector": ".gate", "platform": "other", "service": "genially"}
        ))
        .unwrap();
        let line = &rules.for_host(Some("a.example")).next().unwrap().lines[0].1;
        assert!(line
            .platform
            .as_ref()
            .unwrap()
            .hosts
            .contains(&"genial.ly".to_owned()));
    }

    #[test]
    fn plain_selectors_still_load_and_round_trip_unchanged() {
        let json = r#"{"version":1,"sites":{"a.example":{"boxes":["div.embed-blocker",{"selector":".gate","platform":"x","words":"<b>hi</b>"}],"clutter":[".promo"]}}}"#;
        let file: RulesFile = serde_json::from_str(json).unwrap();
        assert_eq!(
            file.sites["a.example"].boxes[0],
            BoxEntry::from("div.embed-blocker")
        );
        assert_eq!(serde_json::to_string(&file).unwrap(), json);
        // From a settings document's value, as settings.rs reads it.
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(RulesFile::deserialize(value).unwrap(), file);
        let rules = Rules::from_file(&file).unwrap();
        let rule = rules.for_host(Some("a.example")).next().unwrap();
        assert_eq!((rule.boxes.len(), rule.lines.len()), (2, 1));
    }

    #[test]
    fn refuses_an_unknown_platform_with_the_known_ones() {
        let problem = line_problem(serde_json::json!({"selector": ".gate", "platform": "myspace"}));
        let BoxLineProblem::UnknownPlatform { given, known } = &problem else {
            panic!("{problem}");
        };
        assert_eq!(given, "myspace");
        assert!(
            known.contains("youtube") && !known.contains("other"),
            "{known}"
        );
        // `other` is not a platform of its own, nor a service without it.
        assert!(matches!(
            line_problem(serde_json::json!({"selector": ".gate", "platform": "other"})),
            BoxLineProblem::NoService
        ));
        assert!(matches!(
            line_problem(
                serde_json::json!({"selector": ".gate", "platform": "x", "service": "Quizzr"})
            ),
            BoxLineProblem::ServiceWithoutOther
        ));
        assert!(matches!(
            line_problem(serde_json::json!({"selector": ".gate", "service": "Quizzr"})),
            BoxLineProblem::ServiceWithoutOther
        ));
        // The reason and the place: site, box, what is wrong.
        let message = box_rule(serde_json::json!({"selector": ".gate", "platform": "myspace"}))
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with(r#"site "a.example": box ".gate": unknown platform "myspace""#),
            "{message}"
        );
    }

    #[test]
    fn refuses_words_past_their_bound_or_empty() {
        let words = "é".repeat(MAX_WORDS_CHARS);
        assert!(box_rule(serde_json::json!({"selector": ".gate", "words": words})).is_ok());
        let longer = "é".repeat(MAX_WORDS_CHARS + 1);
        assert_eq!(
            line_problem(serde_json::json!({"selector": ".gate", "words": longer})),
            BoxLineProblem::TooLong {
                field: "words",
                limit: MAX_WORDS_CHARS
            }
        );
        let service = "Q".repeat(MAX_SERVICE_CHARS + 1);
        assert!(matches!(
            line_problem(
                serde_json::json!({"selector": ".gate", "platform": "other", "service": service})
            ),
            BoxLineProblem::TooLong {
                field: "service",
                ..
            }
        ));
        assert_eq!(
            line_problem(serde_json::json!({"selector": ".gate", "words": " \n "})),
            BoxLineProblem::Empty { field: "words" }
        );
    }

    #[test]
    fn a_box_object_names_its_unknown_key_and_keeps_the_selector_checks() {
        let Err(RulesError::Shape(message)) =
            box_rule(serde_json::json!({"selector": ".gate", "word": "hi"}))
        else {
            panic!("an unknown key was accepted");
        };
        assert!(message.contains("unknown field `word`"), "{message}");
        assert!(matches!(
            box_rule(serde_json::json!({"platform": "x"})),
            Err(RulesError::Shape(_))
        ));
        assert!(matches!(
            box_rule(serde_json::json!({"selector": "div[", "platform": "x"})),
            Err(RulesError::Selector { .. })
        ));
        assert!(matches!(
            box_rule(serde_json::json!(7)),
            Err(RulesError::Shape(_))
        ));
    }

    #[test]
    fn the_published_schema_says_what_a_box_rule_may_give() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../docs/settings.schema.json")).unwrap();
        let labelled = &schema["$defs"]["box"]["oneOf"][1]["properties"];
        let mut ids: Vec<&str> = Vec::new();
        for p in PLATFORMS.iter() {
            if !ids.contains(&p.id.as_str()) {
                ids.push(&p.id);
            }
        }
        let listed: Vec<&str> = labelled["platform"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(listed, ids, "docs/settings.schema.json: platform ids");
        assert_eq!(labelled["words"]["maxLength"], MAX_WORDS_CHARS);
        assert_eq!(labelled["service"]["maxLength"], MAX_SERVICE_CHARS);
    }

    #[test]
    fn a_box_rule_over_many_siblings_is_found() {
        // The last of 20,000 siblings: a rule query shares its caches, where
        // matching element by element re-counted the siblings of each.
        let rules = Rules::from_json(
            r#"{"version":1,"sites":{"paper.example":{"ignore":["p:nth-last-child(3)"],"clutter":["p:last-of-type"]}}}"#,
        )
        .unwrap();
        let html = format!("<main>{}</main>", "<p>x</p>".repeat(20_000));
        let page = crate::page::Page::document(&html, None);
        let rule = rules.for_host(Some("paper.example")).next().unwrap();
        let last = selected(&rule.clutter, page.top());
        assert_eq!(last.len(), 1);
        let third = selected(&rule.ignore, page.top());
        assert_eq!(third.len(), 1);
        assert_ne!(last, third);
    }

    #[test]
    fn an_ip_address_is_a_site_of_its_own() {
        let rules = Rules::from_json(
            r#"{"version":1,"sites":{"127.0.0.1":{"boxes":[".a"]},"[::1]":{"boxes":[".b"]}}}"#,
        )
        .unwrap();
        assert_eq!(rules.for_host(Some("127.0.0.1")).count(), 1);
        assert_eq!(rules.for_host(Some("[::1]")).count(), 1);
        assert_eq!(rules.for_host(Some("127.0.0.2")).count(), 0);
    }

    #[test]
    fn a_site_rule_matches_its_subdomains_only() {
        let rules = Rules::from_json(
            r#"{"version":1,"sites":{"paper.example":{"clutter":[".a"]},"news.paper.example":{"clutter":[".b",".c"]}}}"#,
        )
        .unwrap();
        let found: Vec<usize> = rules
            .for_host(Some("news.paper.example"))
            .map(|r| r.clutter.len())
            .collect();
        assert_eq!(found, vec![2, 1]);
        assert_eq!(rules.for_host(Some("otherpaper.example")).count(), 0);
        assert_eq!(rules.for_host(None).count(), 0);
    }
}
