//! Runs the engine over every fixture page and checks its consent boxes
//! against the page's expected output (schema: tests/fixtures/README.md).
//! Each page is its own test. The `article` part of the expectations is
//! checked by the article engine's tests.

mod expected;
mod order;

use std::fs;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

use expected::{Expected, Want};

/// Pages under tests/fixtures: the seed, `consent/` and `consent-extra/`.
/// A lost or unreadable fixture makes the count differ and the run fail.
const EXPECTED_PAGES: usize = 1
    + 12
    + 98
    + 14
    + 15
    + 12
    + 12
    + 4
    + 10
    + 17
    + 18
    + 2
    + 11
    + 15
    + 13
    + 10
    + 8
    + 12
    + 17
    + 1
    + 1
    + 14
    + 14
    + 14
    + 15
    + 17
    + 13
    + 15
    + 3
    + 15
    + 15;

/// Query parameters the README's URL comparison drops.
const DROPPED_PARAMS: [&str; 5] = ["ref_src", "igshid", "refer", "src", "feature"];

/// Bidi controls, zero-width characters and soft hyphens that must never
/// reach a summary.
const INVISIBLE: [char; 18] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}',
    '\u{FEFF}', '\u{00AD}',
];

struct Fixture {
    name: String,
    html: PathBuf,
    expected: PathBuf,
}

fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut all = vec![Fixture {
        name: "seed/article".to_owned(),
        html: root.join("seed/article.html"),
        expected: root.join("seed/expected.json"),
    }];
    for dir in ["consent", "consent-extra"] {
        let mut pages: Vec<PathBuf> = fs::read_dir(root.join(dir))
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        pages.retain(|p| p.extension().is_some_and(|e| e == "html"));
        pages.sort();
        for html in pages {
            let stem = html
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            all.push(Fixture {
                name: format!("{dir}/{stem}"),
                expected: html.with_file_name(format!("{stem}.expected.json")),
                html,
            });
        }
    }
    all
}

/// The README's URL comparison form.
fn normalise(raw: &str) -> String {
    let Ok(mut url) = epure::Url::parse(raw) else {
        return raw.to_owned();
    };
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !DROPPED_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    url.to_string().trim_end_matches('/').to_owned()
}

fn collapse(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn check(fixture: &Fixture) -> Result<(), Failed> {
    let html = fs::read_to_string(&fixture.html)?;
    let expected: Expected = serde_json::from_str(&fs::read_to_string(&fixture.expected)?)?;
    let options = epure::Options {
        url: Some(epure::Url::parse(&expected.page.url)?),
        ..epure::Options::default()
    };
    let plan = if expected.page.fragment {
        epure::analyze_fragment(&html, &options)
    } else {
        epure::analyze(&html, &options)
    };
    if plan.language.as_deref() != Some(expected.page.language.as_str()) {
        return Err(format!(
            "language {:?}, expected {}",
            plan.language, expected.page.language
        )
        .into());
    }
    let wanted: Vec<&Want> = expected.placeholders.iter().filter(|b| !b.late).collect();
    if expected.page.kind == "negative" && !wanted.is_empty() {
        return Err("a negative page lists boxes".into());
    }
    let found = &plan.placeholders;
    if found.len() != wanted.len() {
        let platforms: Vec<_> = found
            .iter()
            .map(|p| (&p.platform, &p.target.class))
            .collect();
        return Err(format!(
            "{} boxes, expected {}: {platforms:?}",
            found.len(),
            wanted.len()
        )
        .into());
    }
    for (i, (got, want)) in found.iter().zip(&wanted).enumerate() {
        let at = |what: &str| format!("box {}: {what}: got {got:#?}", i + 1);
        if got.platform != want.platform {
            return Err(at(&format!("platform, expected {:?}", want.platform)).into());
        }
        match (&got.author, &want.author) {
            (None, None) => {}
            (Some(a), Some(w)) if a.to_lowercase().contains(&w.to_lowercase()) => {}
            _ => return Err(at(&format!("author, expected {:?}", want.author)).into()),
        }
        match (&got.text, &want.text_contains) {
            (None, None) => {}
            (Some(t), Some(w)) if collapse(t).contains(&collapse(w)) => {}
            _ => return Err(at(&format!("text, expected {:?}", want.text_contains)).into()),
        }
        let accepted: Vec<String> = want
            .url
            .iter()
            .chain(&want.url_also)
            .map(|u| normalise(u))
            .collect();
        match (&got.url, &want.url) {
            (None, None) => {}
            (Some(u), Some(_)) if accepted.contains(&normalise(u)) => {}
            _ => return Err(at(&format!("url, expected {:?}", want.url)).into()),
        }
    }
    let parsed = if expected.page.fragment {
        scraper::Html::parse_fragment(&html)
    } else {
        scraper::Html::parse_document(&html)
    };
    for (i, (got, want)) in found.iter().zip(&wanted).enumerate() {
        let Some(after) = &want.after_text else {
            continue;
        };
        let el = order::element_at(
            &parsed,
            expected.page.fragment,
            got.target.index,
            &got.target.tag,
        )
        .ok_or_else(|| format!("box {}: target {:?} not found", i + 1, got.target))?;
        let tail = order::tail_before(&parsed, el, after);
        if !tail.contains(after.as_str()) {
            return Err(format!(
                "box {}: not right after {after:?}; text before ends {tail:?}",
                i + 1
            )
            .into());
        }
    }
    for got in found {
        let max = expected
            .hostile
            .as_ref()
            .map_or(400, |h| h.summary_max_chars);
        if got.summary.chars().count() > max || got.summary.contains(['\n', '\r']) {
            return Err(format!(
                "summary not one line of at most {max} chars: {:?}",
                got.summary
            )
            .into());
        }
        let shown = [Some(&got.summary), got.author.as_ref(), got.text.as_ref()];
        if shown.into_iter().flatten().any(|s| s.contains(INVISIBLE)) {
            return Err(format!("invisible character in {got:?}").into());
        }
        let schemes = expected.hostile.as_ref().map_or_else(
            || vec!["http".to_owned(), "https".to_owned()],
            |h| h.link_schemes_allowed.clone(),
        );
        if let Some(url) = &got.url {
            let scheme = epure::Url::parse(url)?.scheme().to_owned();
            if !schemes.contains(&scheme) {
                return Err(format!("link scheme {scheme} in {url}").into());
            }
        }
        if let Some(hostile) = &expected.hostile {
            // Summaries are plain text: page markup shows as its characters.
            if got.summary.contains("&lt;") || got.summary.contains("&amp;") {
                return Err(format!("escaped markup in summary {:?}", got.summary).into());
            }
            for literal in &hostile.literal_text {
                let escaped = literal
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                if got.summary.contains(&escaped) {
                    return Err(format!("{literal:?} escaped in {:?}", got.summary).into());
                }
            }
        }
    }
    Ok(())
}

/// Every consent tool file is shown by at least one fixture page: one of
/// its boxes is reported with its id, or (a file that only names parking
/// attributes, like `generic`) one of its attributes is on a page.
fn every_tool_has_a_page(all: &[Fixture]) -> Result<(), Failed> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/data/tools");
    let mut pages = Vec::new();
    let mut reported = std::collections::HashSet::new();
    for fixture in all {
        let html = fs::read_to_string(&fixture.html)?;
        let plan = epure::analyze(&html, &epure::Options::default());
        reported.extend(plan.placeholders.into_iter().filter_map(|p| p.tool));
        pages.push(html);
    }
    let mut missing = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let tool: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path)?)?;
        let id = tool
            .get("id")
            .and_then(|i| i.as_str())
            .unwrap_or_default()
            .to_owned();
        let strings = |key: &str| -> Vec<&str> {
            tool.get(key)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str())
                .collect()
        };
        let attributes = strings("parked");
        // A tool file that only says when a component is built shows on a
        // page holding that class.
        let built = strings("built");
        let on_a_page = attributes
            .iter()
            .any(|a| pages.iter().any(|p| p.contains(&format!(" {a}="))))
            || built.iter().any(|b| pages.iter().any(|p| p.contains(b)));
        if !reported.contains(&id) && !on_a_page {
            missing.push(id);
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("tool files without a fixture page: {missing:?}").into())
    }
}

/// Pages the engine is known to get wrong (held-out pages it was not tuned
/// on), one `dir/name` a line, each with a comment saying why: listed, a
/// page must still fail; once it passes the run fails until it is removed.
fn known_failures() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/known-failures.txt");
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

fn main() {
    let args = Arguments::from_args();
    let all = fixtures();
    let mut trials = vec![Trial::test("corpus/all_fixture_pages_are_loaded", {
        let count = all
            .iter()
            .filter(|f| f.html.is_file() && f.expected.is_file())
            .count();
        move || {
            if count == EXPECTED_PAGES {
                Ok(())
            } else {
                Err(
                    format!("{count} fixture pages with expectations, expected {EXPECTED_PAGES}")
                        .into(),
                )
            }
        }
    })];
    let pages: Vec<Fixture> = all
        .iter()
        .map(|f| Fixture {
            name: f.name.clone(),
            html: f.html.clone(),
            expected: f.expected.clone(),
        })
        .collect();
    trials.push(Trial::test(
        "corpus/every_tool_file_has_a_fixture_page",
        move || every_tool_has_a_page(&pages),
    ));
    let known = known_failures();
    trials.extend(all.into_iter().map(|f| {
        let expected_to_fail = known.contains(&f.name);
        Trial::test(f.name.clone(), move || {
            match (check(&f), expected_to_fail) {
                (Ok(()), false) | (Err(_), true) => Ok(()),
                (Err(e), false) => Err(e),
                (Ok(()), true) => Err("passes now: remove it from known-failures.txt".into()),
            }
        })
    }));
    libtest_mimic::run(&args, trials).exit();
}
