//! The built-in site rules (src/data/sites.json), each pinned by a page of
//! its site (tests/fixtures/sites/, see the README there): under the site's
//! address the rule finds what it names; under another address the
//! heuristics alone do not, which is why the rule exists.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use epure::{Options, Plan, Rules, RulesFile, Url};
use serde::Deserialize;

/// A page's expectations: the sites it stands for and what their rule adds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    sites: Vec<String>,
    path: String,
    /// The rule names the article: the heuristics find none on this page.
    names_article: bool,
    /// Elements the rule hides, as the plan addresses them.
    clutter: Vec<Element>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Element {
    tag: String,
    #[serde(default)]
    class: Option<String>,
    text_len: u32,
}

const FIXTURES: &str = "tests/fixtures/sites";
/// An address no built-in rule covers.
const ELSEWHERE: &str = "https://news.unrelated.example";

fn plan(html: &str, url: &str) -> Plan {
    let options = Options {
        url: Url::parse(url).ok(),
        rules: Rules::default(),
    };
    epure::analyze(html, &options)
}

fn holds(plan: &Plan, element: &Element) -> bool {
    plan.clutter
        .iter()
        .any(|t| t.tag == element.tag && t.class == element.class && t.text_len == element.text_len)
}

/// Reads one fixture page and its expectations.
fn load(name: &str) -> Result<(String, Expected), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    let read =
        |file: String| fs::read_to_string(dir.join(&file)).map_err(|e| format!("{file}: {e}"));
    let html = read(format!("{name}.html"))?;
    let expected = serde_json::from_str(&read(format!("{name}.expected.json"))?)
        .map_err(|e| format!("{name}.expected.json: {e}"))?;
    Ok((html, expected))
}

/// Checks one fixture page.
fn check(name: &str) -> Result<(), String> {
    let (html, expected) = load(name)?;
    let elsewhere = plan(&html, &format!("{ELSEWHERE}{}", expected.path));
    for element in &expected.clutter {
        assert!(
            !holds(&elsewhere, element),
            "{name}: the heuristics already hide {element:?}: the rule is not needed"
        );
    }
    for site in &expected.sites {
        let here = plan(&html, &format!("https://www.{site}{}", expected.path));
        assert!(here.article.is_some(), "{name} as {site}: no article");
        for element in &expected.clutter {
            assert!(
                holds(&here, element),
                "{name} as {site}: {element:?} not hidden"
            );
        }
    }
    if expected.names_article {
        assert!(
            elsewhere.article.is_none(),
            "{name}: the heuristics already find the article"
        );
    }
    Ok(())
}

#[test]
fn bbc_rule_names_the_article_and_hides_story_links_and_topics() -> Result<(), String> {
    check("bbc.co.uk")
}

#[test]
fn lemonde_rule_hides_read_also_boxes_whole() -> Result<(), String> {
    check("lemonde.fr")
}

#[test]
fn every_built_in_site_has_a_page() {
    let built_in: RulesFile = serde_json::from_str(include_str!("../src/data/sites.json")).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    let mut covered = BTreeSet::new();
    for entry in fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        if let Some(name) = file.strip_suffix(".expected.json") {
            let (_, expected) = load(name).unwrap();
            covered.extend(expected.sites);
        }
    }
    let sites: BTreeSet<String> = built_in.sites.keys().cloned().collect();
    assert_eq!(
        covered, sites,
        "every built-in site rule has a page, and every page a rule"
    );
}
