//! The article engine on the real-world held-out set
//! (tests/fixtures/extract-realworld/, HELD OUT: read, never tuned on):
//! each page's text must contain some snippets and must not contain others.
//! Prints the rates and Épure's misses; fails when a rate drops under its
//! floor (today's value) or more pages give no article than today.
//! `bench/realworld.mjs` scores the peers the same way.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use epure::{Options, Url};
use libtest_mimic::{Arguments, Trial};
use serde::Deserialize;

/// Pages and snippets in the set: a lost page or snippet fails the run.
const EXPECTED_PAGES: usize = 86;
const EXPECTED_MUST_CONTAIN: usize = 205;
const EXPECTED_MUST_NOT_CONTAIN: usize = 210;
/// Floors at the values last measured (bench/README.md,
/// "Real-world held-out set"), as counts of snippets: one snippet fewer
/// fails. Raise them when the engine gets better; never lower them to pass.
const FLOOR_FOUND: usize = 172;
const FLOOR_ABSENT: usize = 206;
/// Pages with no article, at most (measured on the same day).
const CEILING_NO_ARTICLE: usize = 4;

#[derive(Deserialize)]
struct Set {
    pages: Vec<Page>,
}

#[derive(Deserialize)]
struct Page {
    file: String,
    url: String,
    /// The page's legacy encoding; `None`: UTF-8.
    charset: Option<String>,
    must_contain: Vec<String>,
    must_not_contain: Vec<String>,
}

/// One page's misses.
struct Misses {
    name: String,
    no_article: bool,
    missed: Vec<String>,
    kept: Vec<String>,
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract-realworld")
}

/// The page's text, decoded by its recorded charset (as bench/realworld.mjs does).
fn read_page(page: &Page) -> Result<String, String> {
    let gz = fs::read(dir().join("pages").join(&page.file))
        .map_err(|e| format!("{}: {e}", page.file))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", page.file))?;
    let encoding = match &page.charset {
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| format!("{}: unknown charset {label}", page.file))?,
        None => encoding_rs::UTF_8,
    };
    Ok(encoding.decode(&bytes).0.into_owned())
}

/// Characters a reader never sees: soft hyphen, zero-width space, BOM.
const INVISIBLE: [char; 3] = ['\u{ad}', '\u{200b}', '\u{feff}'];

/// A snippet as a reader sees it (as in bench/realworld.mjs): composed (NFC),
/// the invisible characters dropped, whitespace runs as one space, its edges
/// kept.
fn norm_snippet(snippet: &str) -> String {
    let composed = icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(snippet);
    let mut out = String::with_capacity(composed.len());
    let mut in_space = false;
    for c in composed.chars().filter(|c| !INVISIBLE.contains(c)) {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// The text as a snippet, trimmed and padded with one space, so that a
/// snippet's own edge space also matches at a block's edge.
fn norm_text(text: &str) -> String {
    format!(" {} ", norm_snippet(text).trim())
}

fn check(page: &Page, html: &str) -> Misses {
    let options = Options::new().url(Url::parse(&page.url).ok());
    let text = epure::extract(html, &options)
        .map(|e| e.text_content)
        .unwrap_or_default();
    let norm = norm_text(&text);
    let has = |s: &String| norm.contains(&norm_snippet(s));
    Misses {
        name: page.file.trim_end_matches(".html.gz").to_owned(),
        no_article: text.trim().is_empty(),
        missed: page
            .must_contain
            .iter()
            .filter(|s| !has(s))
            .cloned()
            .collect(),
        kept: page
            .must_not_contain
            .iter()
            .filter(|s| has(s))
            .cloned()
            .collect(),
    }
}

fn main() {
    let args = Arguments::from_args();
    let loaded = fs::read_to_string(dir().join("assertions.json"))
        .map_err(|e| e.to_string())
        .and_then(|json| serde_json::from_str::<Set>(&json).map_err(|e| e.to_string()));
    let set = match loaded {
        Ok(set) => set,
        Err(e) => {
            let trial = Trial::test("realworld/assertions-loaded", move || Err(e.clone().into()));
            libtest_mimic::run(&args, vec![trial]).exit();
        }
    };

    let mut unread = Vec::new();
    let mut results = Vec::new();
    for page in &set.pages {
        match read_page(page) {
            Ok(html) => results.push(check(page, &html)),
            Err(e) => unread.push(e),
        }
    }
    let contain: usize = set.pages.iter().map(|p| p.must_contain.len()).sum();
    let not_contain: usize = set.pages.iter().map(|p| p.must_not_contain.len()).sum();
    let found = contain - results.iter().map(|r| r.missed.len()).sum::<usize>();
    let absent = not_contain - results.iter().map(|r| r.kept.len()).sum::<usize>();
    let no_article = results.iter().filter(|r| r.no_article).count();

    eprintln!(
        "extract-realworld (held out): must contain {found}/{contain} ({:.1}%), must not contain {absent}/{not_contain} absent ({:.1}%), no article on {no_article} of {} pages",
        100.0 * found as f64 / contain.max(1) as f64,
        100.0 * absent as f64 / not_contain.max(1) as f64,
        results.len(),
    );
    for r in results
        .iter()
        .filter(|r| r.no_article || !r.missed.is_empty() || !r.kept.is_empty())
    {
        let what = if r.no_article { " no article;" } else { "" };
        eprintln!(
            "  {}:{what} missed {:?}, kept {:?}",
            r.name, r.missed, r.kept
        );
    }

    let pages = set.pages.len();
    let trials = vec![
        Trial::test("realworld/all-pages-loaded", move || {
            if !unread.is_empty() {
                return Err(unread.join("; ").into());
            }
            if (pages, contain, not_contain)
                != (
                    EXPECTED_PAGES,
                    EXPECTED_MUST_CONTAIN,
                    EXPECTED_MUST_NOT_CONTAIN,
                )
            {
                return Err(format!(
                    "{pages} pages, {contain} + {not_contain} snippets; expected {EXPECTED_PAGES}, {EXPECTED_MUST_CONTAIN} + {EXPECTED_MUST_NOT_CONTAIN}"
                )
                .into());
            }
            Ok(())
        }),
        Trial::test("realworld/must-contain", move || {
            if found >= FLOOR_FOUND {
                Ok(())
            } else {
                Err(format!("{found}/{contain} found, floor {FLOOR_FOUND}").into())
            }
        }),
        Trial::test("realworld/must-not-contain", move || {
            if absent >= FLOOR_ABSENT {
                Ok(())
            } else {
                Err(format!("{absent}/{not_contain} absent, floor {FLOOR_ABSENT}").into())
            }
        }),
        Trial::test("realworld/no-article", move || {
            if no_article <= CEILING_NO_ARTICLE {
                Ok(())
            } else {
                Err(
                    format!("{no_article} pages with no article, at most {CEILING_NO_ARTICLE}")
                        .into(),
                )
            }
        }),
    ];
    libtest_mimic::run(&args, trials).exit();
}
