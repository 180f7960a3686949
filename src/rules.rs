//! Site rules: selectors a reader (or the built-in list) gives for one site,
//! which win over the heuristics.
//!
//! ```json
//! { "version": 1,
//!   "sites": { "example.com": { "boxes": ["div.embed-blocker"], "article": "main article",
//!                               "clutter": [".promo"], "ignore": [".quote-box"] } } }
//! ```
//! A site key matches its host and every subdomain of it. Rules are refused
//! whole when one part is wrong: an unknown key, a site listed twice, a
//! public suffix ("com", "co.uk") as a site, a selector that does not parse
//! or is past the complexity bounds below. Each selector is then matched
//! with bounded work (see `select.rs`).

mod select;

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use scraper::selector::{Parser, Simple};
use scraper::ElementRef;
use selectors::parser::{Component, ParseRelative, Selector};
use selectors::SelectorList;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{RulesError, SelectorLimit};

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
    pub boxes: Vec<String>,
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

/// Validated rules, selectors compiled.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    sites: Vec<(String, CompiledRule)>,
}

/// One site's compiled selectors.
#[derive(Debug, Clone, Default)]
pub struct CompiledRule {
    pub boxes: Vec<RuleSelector>,
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

/// Built-in site rules, shipped as data.
static BUILT_IN: LazyLock<Rules> = LazyLock::new(|| {
    // A test proves this file parses; an empty set is the safe fallback.
    Rules::from_json(include_str!("data/sites.json")).unwrap_or_default()
});

impl Rules {
    /// Parses and validates rules JSON (a leading byte-order mark is allowed):
    /// every domain and selector must be valid.
    pub fn from_json(json: &str) -> Result<Self, RulesError> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let file: RawFile = serde_json::from_str(json).map_err(|e| {
            // serde_json's message may quote a whole key back: clip it, and
            // keep where in the text the error is.
            let position = format!(" at line {} column {}", e.line(), e.column());
            let message = e.to_string();
            let message = message.strip_suffix(&position).unwrap_or(&message);
            RulesError::Shape(format!("{}{position}", echo(message)))
        })?;
        Self::compile(file.version, file.sites.0.iter().map(|(k, v)| (k, v)))
    }

    /// Validates an already-parsed rules file.
    pub fn from_file(file: &RulesFile) -> Result<Self, RulesError> {
        Self::compile(file.version, file.sites.iter())
    }

    fn compile<'a>(
        version: u32,
        entries: impl ExactSizeIterator<Item = (&'a String, &'a SiteRule)>,
    ) -> Result<Self, RulesError> {
        if version != 1 {
            return Err(RulesError::Version(version));
        }
        let mut sites: Vec<(String, CompiledRule)> = Vec::with_capacity(entries.len());
        let mut seen: HashSet<String> = HashSet::with_capacity(entries.len());
        for (site, rule) in entries {
            let domain =
                normalize_domain(site).ok_or_else(|| RulesError::Domain { site: echo(site) })?;
            if crate::domain::is_public_suffix(&domain) {
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
            let compiled = CompiledRule {
                boxes: all(&rule.boxes)?,
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
