//! Tool ablation: how much of the corpus the generic rules find on their
//! own. Each box page is analyzed with its own consent tools' files left
//! out (`data::ablation`; `generic.json`, the languages and the platforms
//! stay), so only the generic rules can find its boxes, as on a page of a
//! tool nobody has written a file for. A page whose boxes are site-built
//! loses nothing. Prints the table; fails when recall or precision falls
//! below what was last measured, or fields go wrong (raise the floors
//! when they rise).

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use scraper::Html;

use crate::data::{ablation, TOOLS};
use crate::{analyze, analyze_fragment, Options, Placeholder, Url};

// The fixtures' schema, shared with tests/corpus.rs; the fields only that
// test reads (language, hostile) are dead here.
#[allow(dead_code)]
#[path = "../../tests/expected/mod.rs"]
pub(super) mod expected;
use expected::{Expected, Want};
#[path = "../../tests/order/mod.rs"]
pub(super) mod order;

/// Boxes found under ablation, of the boxes the corpus expects (measured).
const FLOOR_FOUND: usize = 448;
/// Right fields of the boxes found under ablation (measured).
const FLOOR_FIELDS: usize = 1779;

#[derive(Default, Clone, Copy)]
pub(super) struct Tally {
    pub(super) pages: usize,
    pub(super) expected: usize,
    pub(super) found: usize,
    pub(super) false_boxes: usize,
    pub(super) fields: usize,
    pub(super) fields_right: usize,
}

impl Tally {
    pub(super) fn add(&mut self, other: Tally) {
        self.pages += other.pages;
        self.expected += other.expected;
        self.found += other.found;
        self.false_boxes += other.false_boxes;
        self.fields += other.fields;
        self.fields_right += other.fields_right;
    }

    fn row(&self, name: &str) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        format!(
            "{name:<22} {:>5} {:>4}/{:<4} {:>6.2} {:>6.2} {:>6} {:>4}/{:<4} {:>5.2}",
            self.pages,
            self.found,
            self.expected,
            ratio(self.found, self.expected),
            ratio(self.found, self.found + self.false_boxes),
            self.false_boxes,
            self.fields_right,
            self.fields,
            ratio(self.fields_right, self.fields),
        )
    }
}

/// The batch a page belongs to: its directory, and for consent-extra the
/// held-out batch its name says.
fn batch(dir: &str, stem: &str) -> String {
    if dir != "consent-extra" {
        return dir.to_owned();
    }
    [
        "heldout31",
        "heldout28",
        "heldout25",
        "heldout26",
        "heldout27",
        "heldout24",
        "heldout30",
        "heldout29",
        "heldout23",
        "heldout22",
        "heldout21",
        "heldout20",
        "heldout19",
        "heldout18",
        "heldout17",
        "heldout16",
        "heldout15",
        "heldout14",
        "heldout13",
        "heldout12",
        "heldout11",
        "heldout10",
        "heldout9",
        "heldout8",
        "heldout7",
        "heldout6",
        "heldout5",
        "heldout4",
        "heldout3",
        "heldout2",
        "heldout",
    ]
    .iter()
    .find(|b| stem.contains(&format!("-{b}-")))
    .map_or_else(|| "consent-extra".to_owned(), |b| format!("extra/{b}"))
}

pub(super) fn pages() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut all = vec![("seed".to_owned(), root.join("seed/article.html"))];
    for dir in ["consent", "consent-extra"] {
        let mut htmls: Vec<PathBuf> = fs::read_dir(root.join(dir))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        htmls.sort();
        for html in htmls {
            let stem = html.file_stem().unwrap().to_str().unwrap().to_owned();
            all.push((batch(dir, &stem), html));
        }
    }
    all
}

pub(super) fn expected_of(html: &Path) -> PathBuf {
    if html.ends_with("seed/article.html") {
        return html.with_file_name("expected.json");
    }
    let stem = html.file_stem().unwrap().to_str().unwrap();
    html.with_file_name(format!("{stem}.expected.json"))
}

/// The page's own consent tools: those it reports a box of with every
/// file in, and those whose box or anchor markup is on the page.
pub(super) fn own_tools(html: &str, fragment: bool, full: &[Placeholder]) -> Vec<String> {
    let doc = if fragment {
        Html::parse_fragment(html)
    } else {
        Html::parse_document(html)
    };
    let mut ids: Vec<String> = full.iter().filter_map(|p| p.tool.clone()).collect();
    for tool in TOOLS.iter() {
        let on_page = tool
            .boxes
            .iter()
            .chain(&tool.anchors)
            .any(|s| doc.select(s).next().is_some());
        if on_page {
            ids.push(tool.file.id.clone());
        }
    }
    ids.retain(|id| id != "generic");
    ids.sort();
    ids.dedup();
    ids
}

fn normalise(raw: &str) -> String {
    let Ok(mut url) = Url::parse(raw) else {
        return raw.to_owned();
    };
    url.set_fragment(None);
    url.to_string().trim_end_matches('/').to_owned()
}

fn collapse(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn same_url(got: Option<&String>, want: &Want) -> bool {
    match (got, &want.url) {
        (None, None) => true,
        (Some(u), Some(_)) => want
            .url
            .iter()
            .chain(&want.url_also)
            .any(|w| normalise(w) == normalise(u)),
        _ => false,
    }
}

/// Right fields of a found box (platform, author, text, URL), as the
/// corpus test compares them.
fn fields_right(got: &Placeholder, want: &Want) -> usize {
    let author = match (&got.author, &want.author) {
        (None, None) => true,
        (Some(a), Some(w)) => a.to_lowercase().contains(&w.to_lowercase()),
        _ => false,
    };
    let text = match (&got.text, &want.text_contains) {
        (None, None) => true,
        (Some(t), Some(w)) => collapse(t).contains(&collapse(w)),
        _ => false,
    };
    [
        got.platform == want.platform,
        author,
        text,
        same_url(got.url.as_ref(), want),
    ]
    .into_iter()
    .filter(|r| *r)
    .count()
}

/// Pairs expected boxes with found ones: the same URL first, then the
/// same platform, then the place in the page (`at(found, wanted)`: right
/// after the text the box is expected after), then (as many found as
/// expected) by position.
pub(super) fn tally(
    found: &[Placeholder],
    wanted: &[&Want],
    at: impl Fn(&Placeholder, &Want) -> bool,
) -> Tally {
    let mut used = vec![false; found.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut unpaired = Vec::new();
    for (w, want) in wanted.iter().enumerate() {
        let by_url = found
            .iter()
            .enumerate()
            .position(|(i, g)| !used[i] && want.url.is_some() && same_url(g.url.as_ref(), want));
        let by_platform = || {
            found
                .iter()
                .enumerate()
                .position(|(i, g)| !used[i] && g.platform.is_some() && g.platform == want.platform)
        };
        match by_url.or_else(by_platform) {
            Some(i) => {
                used[i] = true;
                pairs.push((w, i));
            }
            None => unpaired.push(w),
        }
    }
    unpaired.retain(|&w| {
        let placed = (0..found.len()).find(|&i| !used[i] && at(&found[i], wanted[w]));
        if let Some(i) = placed {
            used[i] = true;
            pairs.push((w, i));
        }
        placed.is_none()
    });
    let rest: Vec<usize> = (0..found.len()).filter(|i| !used[*i]).collect();
    if rest.len() == unpaired.len() {
        pairs.extend(unpaired.into_iter().zip(rest.iter().copied()));
    }
    let paired = pairs.len();
    Tally {
        pages: 1,
        expected: wanted.len(),
        found: paired,
        false_boxes: found.len() - paired,
        fields: 4 * paired,
        fields_right: pairs
            .iter()
            .map(|(w, i)| fields_right(&found[*i], wanted[*w]))
            .sum(),
    }
}

#[test]
fn generic_rules_find_boxes_without_their_tools_file() {
    let mut batches: BTreeMap<String, Tally> = BTreeMap::new();
    let mut missed = Vec::new();
    for (batch, path) in pages() {
        let html = fs::read_to_string(&path).unwrap();
        let expected: Expected =
            serde_json::from_str(&fs::read_to_string(expected_of(&path)).unwrap()).unwrap();
        let wanted: Vec<&Want> = expected.placeholders.iter().filter(|w| !w.late).collect();
        if expected.page.kind == "negative" || wanted.is_empty() {
            continue;
        }
        let options = Options {
            url: Url::parse(&expected.page.url).ok(),
            ..Options::default()
        };
        let run = || {
            if expected.page.fragment {
                analyze_fragment(&html, &options)
            } else {
                analyze(&html, &options)
            }
        };
        let full = run();
        let own = own_tools(&html, expected.page.fragment, &full.placeholders);
        let plan = ablation::without(&own, run);
        let parsed = if expected.page.fragment {
            Html::parse_fragment(&html)
        } else {
            Html::parse_document(&html)
        };
        let at = |got: &Placeholder, want: &Want| {
            let Some(after) = &want.after_text else {
                return false;
            };
            order::element_at(
                &parsed,
                expected.page.fragment,
                got.target.index,
                &got.target.tag,
            )
            .is_some_and(|el| order::tail_before(&parsed, el, after).contains(after.as_str()))
        };
        let t = tally(&plan.placeholders, &wanted, at);
        // `ABLATION_SHOW=name` prints what one page gave under ablation.
        if std::env::var("ABLATION_SHOW").is_ok_and(|s| path.to_string_lossy().contains(&s)) {
            for p in &plan.placeholders {
                println!(
                    "  got {:?} {:?} {:?} {:?} <{} class={:?}>",
                    p.platform, p.author, p.text, p.url, p.target.tag, p.target.class
                );
            }
        }
        if t.found < t.expected || t.false_boxes > 0 || t.fields_right < t.fields {
            missed.push(format!(
                "{}: {}/{} found, {} false, {}/{} fields, without {own:?}",
                path.file_stem().unwrap().to_string_lossy(),
                t.found,
                t.expected,
                t.false_boxes,
                t.fields_right,
                t.fields,
            ));
        }
        batches.entry(batch).or_default().add(t);
    }
    let mut all = Tally::default();
    println!(
        "{:<22} {:>5} {:>9} {:>6} {:>6} {:>6} {:>9} {:>5}",
        "batch", "pages", "found", "recall", "prec.", "false", "fields", "ratio"
    );
    for (name, t) in &batches {
        println!("{}", t.row(name));
        all.add(*t);
    }
    println!("{}", all.row("all"));
    for line in &missed {
        println!("  {line}");
    }
    assert!(
        all.found >= FLOOR_FOUND,
        "ablation recall fell: {} boxes found, at least {FLOOR_FOUND} before",
        all.found
    );
    assert!(
        all.fields_right >= FLOOR_FIELDS,
        "ablation fields fell: {} right, at least {FLOOR_FIELDS} before",
        all.fields_right
    );
    // Measured: no false box, with or without the tools' files.
    assert_eq!(all.false_boxes, 0, "ablation precision fell: false boxes");
}

/// Every page of the article fixtures (`tests/fixtures/extract*`, saved
/// from real sites, none of them with a blocked embed): no box on any.
#[test]
fn no_box_on_any_article_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut stack: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("extract"))
        })
        .collect();
    let mut pages = 0usize;
    let mut boxed = Vec::new();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(
                fs::read_dir(&path)
                    .unwrap()
                    .filter_map(Result::ok)
                    .map(|e| e.path()),
            );
            continue;
        }
        let name = path.to_string_lossy();
        let html = if name.ends_with(".html.gz") {
            read_gz(&path)
        } else if name.ends_with(".html") && !name.ends_with("expected.html") {
            fs::read_to_string(&path).unwrap()
        } else {
            continue;
        };
        pages += 1;
        let plan = analyze(&html, &Options::default());
        if !plan.placeholders.is_empty() {
            let what: Vec<_> = plan.placeholders.iter().map(|p| &p.summary).collect();
            boxed.push(format!("{}: {what:?}", path.display()));
        }
    }
    assert!(pages >= 100, "article fixtures lost: {pages}");
    assert!(
        boxed.is_empty(),
        "boxes on article pages:\n{}",
        boxed.join("\n")
    );
}

/// A page saved gzipped, bytes as kept: two real-world pages are
/// ISO-8859-1, read lossily (their markup is ASCII).
pub(super) fn read_gz(path: &Path) -> String {
    let mut bytes = Vec::new();
    let gz = fs::read(path).unwrap();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut bytes)
        .unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}
