//! Pages written to make Épure's output run their script (issue 8): each
//! `tests/fixtures/hostile/output-*.html` goes through `epure::tidy` and
//! `epure::extract`, and the output, re-parsed as a browser would, must hold
//! nothing that can run script, frame a page, send a form or change the
//! document's base or charset. One named test per page and output.

use std::fs;
use std::path::{Path, PathBuf};

use epure::{Options, Url};
use libtest_mimic::{Arguments, Failed, Trial};
use scraper::{ElementRef, Html, Selector};

/// Hostile pages in the folder: a lost fixture fails the run.
const EXPECTED_PAGES: usize = 8;
/// Browsers read the charset from the first 1,024 bytes only (WHATWG prescan).
const PRESCAN_BYTES: usize = 1024;
/// The address the pages are processed as: relative links resolve against it.
const PAGE_URL: &str = "https://www.harbour-gazette.example/news/ferry-ramp.html";
/// Text from the first and last paragraph of every page: the article survives.
const ARTICLE_START: &str = "The harbour authority voted on Tuesday";
const ARTICLE_END: &str = "answer questions from residents and traders";

/// Elements that run or load code, frame another document, submit data or
/// change how the rest of the page is read, in any namespace.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "portal",
    "isindex", "noscript", "template",
];
/// Attributes holding a URL that a browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "lowsrc",
    "dynsrc",
];
/// SVG elements that set another element's attributes or pull in a document.
const SVG_ANIMATION: &[&str] = &["animate", "set", "animatemotion", "animatetransform", "use"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

fn options() -> Options {
    Options {
        url: Url::parse(PAGE_URL).ok(),
        ..Options::default()
    }
}

fn pages() -> Vec<(String, PathBuf)> {
    let mut pages: Vec<(String, PathBuf)> = fs::read_dir(root())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<PathBuf>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p: PathBuf| {
            let name = p.file_name()?.to_str()?.to_owned();
            let stem = name.strip_prefix("output-")?.strip_suffix(".html")?;
            Some((stem.to_owned(), p))
        })
        .collect();
    pages.sort();
    pages
}

/// A URL a browser would resolve to a scheme other than http(s). Relative
/// URLs take the document's scheme; `Url::parse` strips what browsers strip.
fn unsafe_url(value: &str) -> bool {
    match Url::parse(value) {
        Ok(url) => !matches!(url.scheme(), "http" | "https"),
        Err(_) => false,
    }
}

/// Every script-capable element or attribute in a parsed output. `metas`
/// is how many `<meta>` the output may hold (Épure's own, checked apart).
fn script_capable(doc: &Html, metas: usize) -> Vec<String> {
    let mut problems = Vec::new();
    let mut meta_count = 0;
    for el in doc.tree.nodes().filter_map(ElementRef::wrap) {
        let v = el.value();
        let name = v.name().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            problems.push(format!("<{name}>"));
        }
        if name == "meta" {
            meta_count += 1;
            let own = v.attr("charset") == Some("utf-8")
                || v.attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy"));
            if !own || metas == 0 {
                problems.push(format!("{:?}", v));
            }
        }
        if name == "form" && v.attr("action").is_some() {
            problems.push("<form action>".to_owned());
        }
        let foreign_ancestor = el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "svg" | "math"));
        if name == "style" && foreign_ancestor {
            problems.push("<style> inside svg or math".to_owned());
        }
        for (attr, value) in v.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") || attr == "srcdoc" {
                problems.push(format!("<{name} {attr}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && unsafe_url(value) {
                problems.push(format!("<{name} {attr}={value:?}>"));
            }
            if SVG_ANIMATION.contains(&name.as_str())
                && (attr == "attributename" && value.to_ascii_lowercase().ends_with("href")
                    || ["values", "to", "from", "by"].contains(&attr.as_str()) && unsafe_url(value))
            {
                problems.push(format!("<{name} {attr}={value:?}>"));
            }
        }
    }
    if meta_count > metas {
        problems.push(format!("{meta_count} <meta>, expected {metas}"));
    }
    problems
}

/// The tidied page declares UTF-8 and the CSP first, and nothing else
/// about how it is read.
fn head_problems(out: &str, doc: &Html) -> Vec<String> {
    let mut problems = Vec::new();
    let charset = out.find(r#"<meta charset="utf-8">"#);
    if !charset.is_some_and(|at| at < PRESCAN_BYTES && out.find("<meta") == Some(at)) {
        problems.push("output does not open with <meta charset=\"utf-8\">".to_owned());
    }
    let Ok(head_children) = Selector::parse("head > *") else {
        return vec!["selector".to_owned()];
    };
    let mut first = doc.select(&head_children);
    let is_charset = first
        .next()
        .is_some_and(|m| m.value().name() == "meta" && m.value().attr("charset") == Some("utf-8"));
    let csp = first.next().filter(|m| {
        m.value().name() == "meta"
            && m.value()
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy"))
    });
    let policy = csp.and_then(|m| m.value().attr("content")).unwrap_or("");
    if !is_charset {
        problems.push("head does not open with the charset".to_owned());
    }
    if !policy.contains("default-src 'none'") || policy.contains("script-src") {
        problems.push(format!("second head element is not the CSP: {policy:?}"));
    }
    problems
}

/// The output's tree survives a second serialize → parse unchanged, as it
/// will in a browser.
fn unstable(doc: &Html, fragment: bool) -> Option<String> {
    let once = doc.html();
    let again = if fragment {
        Html::parse_fragment(&once).html()
    } else {
        Html::parse_document(&once).html()
    };
    (once != again).then(|| format!("tree changes on re-parse:\n{once}\n{again}"))
}

fn visible_text(doc: &Html) -> String {
    doc.root_element()
        .text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn report(problems: Vec<String>, out: &str) -> Result<(), Failed> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n--- output ---\n{out}", problems.join("\n")).into())
    }
}

fn check_tidy(path: &Path) -> Result<(), Failed> {
    let html = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let out = epure::tidy(&html, &options()).map_err(|e| e.to_string())?;
    let doc = Html::parse_document(&out);
    let mut problems = head_problems(&out, &doc);
    problems.extend(script_capable(&doc, 2));
    problems.extend(unstable(&doc, false));
    let text = visible_text(&doc);
    for kept in [ARTICLE_START, ARTICLE_END] {
        if !text.contains(kept) {
            problems.push(format!("article text lost: {kept:?}"));
        }
    }
    report(problems, &out)
}

fn check_extract(path: &Path) -> Result<(), Failed> {
    let html = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let article = epure::extract(&html, &options()).map_err(|e| e.to_string())?;
    let out = article.content_html;
    let doc = Html::parse_fragment(&out);
    let mut problems = script_capable(&doc, 0);
    problems.extend(unstable(&doc, true));
    report(problems, &out)
}

fn main() {
    let args = Arguments::from_args();
    let pages = pages();
    let count = pages.len();
    let mut trials = vec![Trial::test("hostile/all-pages-loaded", move || {
        if count == EXPECTED_PAGES {
            Ok(())
        } else {
            Err(format!("{count} hostile pages, expected {EXPECTED_PAGES}").into())
        }
    })];
    for (stem, path) in pages {
        let p = path.clone();
        trials.push(Trial::test(format!("tidy/{stem}"), move || check_tidy(&p)));
        trials.push(Trial::test(format!("extract/{stem}"), move || {
            check_extract(&path)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}
