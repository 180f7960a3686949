//! Site rules: selectors a reader (or the built-in list) gives for one site,
//! which win over the heuristics.
//!
//! ```json
//! { "version": 1,
//!   "sites": { "example.com": { "boxes": ["div.embed-blocker"], "article": "main article",
//!                               "clutter": [".promo"], "ignore": [".quote-box"] } } }
//! ```
//! A site key matches its host and every subdomain of it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use scraper::Selector;
use serde::{Deserialize, Serialize};

use crate::error::RulesError;

/// The rules' JSON shape. Unknown keys are refused so that a typo fails loudly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub version: u32,
    #[serde(default)]
    pub sites: BTreeMap<String, SiteRule>,
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
    pub boxes: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub article: Option<Selector>,
    pub clutter: Vec<Selector>,
}

/// Built-in site rules, shipped as data.
static BUILT_IN: LazyLock<Rules> = LazyLock::new(|| {
    // A test proves this file parses; an empty set is the safe fallback.
    Rules::from_json(include_str!("data/sites.json")).unwrap_or_default()
});

impl Rules {
    /// Parses and validates rules JSON: every domain and selector must be valid.
    pub fn from_json(json: &str) -> Result<Self, RulesError> {
        let file: RulesFile =
            serde_json::from_str(json).map_err(|e| RulesError::Shape(e.to_string()))?;
        Self::from_file(&file)
    }

    /// Validates an already-parsed rules file.
    pub fn from_file(file: &RulesFile) -> Result<Self, RulesError> {
        if file.version != 1 {
            return Err(RulesError::Version(file.version));
        }
        let mut sites = Vec::with_capacity(file.sites.len());
        for (site, rule) in &file.sites {
            let domain =
                normalize_domain(site).ok_or_else(|| RulesError::Domain { site: site.clone() })?;
            let compile = |s: &String| {
                Selector::parse(s).map_err(|_| RulesError::Selector {
                    site: site.clone(),
                    selector: s.clone(),
                })
            };
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

#[cfg(test)]
mod tests {
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
