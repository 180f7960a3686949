//! Boilerplate at an article's edges, found by shape and by words: teaser
//! lists (related posts), blocks headed "Related"/"Lire aussi"/"Mehr zum
//! Thema", tag lists, newsletter pitches and comment-policy notices. The
//! words per language are data (`src/data/article-edges.json`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, StartKind};
use scraper::ElementRef;
use serde::Deserialize;

use super::stats::{PageStats, Stats};

/// A heading longer than this is a sentence, not a section label.
const MAX_HEADING_CHARS: u32 = 60;
/// A pitch or a policy notice is short; past this it is the article
/// talking about newsletters or comments.
const MAX_NOTICE_CHARS: u32 = 250;
/// A tag list is short…
const MAX_LABEL_LIST_CHARS: u32 = 400;
/// …and mostly links.
const MIN_LABEL_LIST_LINK_DENSITY: f32 = 0.4;
/// A block headed "Related…" is dropped when links make at least this
/// share of its text (teasers: headline links with a line of summary)…
const MIN_HEADED_LINK_DENSITY: f32 = 0.2;
/// …and it is shorter than this (a long section titled "Recommended
/// reading" is content).
const MAX_HEADED_CHARS: u32 = 2000;
/// Under a "Related" heading, a card needs a link whatever its share (a
/// short title link above a longer summary).
const MIN_HEADED_ITEM_LINK_DENSITY: f32 = 0.0;
/// A teaser list has at least this many items…
const MIN_TEASER_ITEMS: usize = 3;
/// …each shorter than this (a headline, a date, a line of summary)…
const MAX_TEASER_ITEM_CHARS: u32 = 300;
/// …with links making at least this share of it (its headline).
const MIN_TEASER_ITEM_LINK_DENSITY: f32 = 0.25;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[allow(dead_code, reason = "documentation carried by the data file")]
    why: String,
    headings: Vocabulary,
    notices: Vocabulary,
    labels: Vocabulary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vocabulary {
    #[allow(dead_code, reason = "documentation carried by the data file")]
    why: String,
    /// Phrases per language.
    phrases: BTreeMap<String, Vec<String>>,
}

struct Edges {
    headings: AhoCorasick,
    notices: AhoCorasick,
    labels: AhoCorasick,
}

/// The compiled phrases; `None` when the data fails (a unit test proves it
/// parses): the engine then relies on shape alone.
static EDGES: LazyLock<Option<Edges>> =
    LazyLock::new(|| parse(include_str!("../data/article-edges.json")).ok());

fn parse(json: &str) -> Result<Edges, String> {
    let file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if file.version != 1 {
        return Err(format!("version {} is not supported", file.version));
    }
    let build = |v: &Vocabulary| {
        let phrases: Vec<String> = v
            .phrases
            .values()
            .flatten()
            .map(|p| p.to_lowercase())
            .collect();
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .start_kind(StartKind::Both)
            .build(phrases)
            .map_err(|e| e.to_string())
    };
    Ok(Edges {
        headings: build(&file.headings)?,
        notices: build(&file.notices)?,
        labels: build(&file.labels)?,
    })
}

/// An element's text, lower-cased, whitespace collapsed.
fn folded(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    for word in el.text().flat_map(str::split_whitespace) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.to_lowercase()
}

fn starts_with(ac: &AhoCorasick, text: &str) -> bool {
    ac.is_match(Input::new(text).anchored(Anchored::Yes))
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether a heading labels a block of links to other pages ("Related").
fn is_edge_heading(el: ElementRef<'_>, stats: &PageStats, edges: &Edges) -> bool {
    stats.get(el.id()).text <= MAX_HEADING_CHARS && starts_with(&edges.headings, &folded(el))
}

/// Whether `el` (inside the body, not the body itself) is edge boilerplate.
pub fn is_boilerplate(el: ElementRef<'_>, stats: &PageStats) -> bool {
    let Some(edges) = EDGES.as_ref() else {
        return false;
    };
    let name = el.value().name();
    let own: Stats = stats.get(el.id());
    if is_heading(name) {
        return is_edge_heading(el, stats, edges);
    }
    if !matches!(
        name,
        "p" | "div" | "section" | "aside" | "ul" | "ol" | "nav" | "form" | "footer" | "dl"
    ) {
        return false;
    }
    let notice = own.text <= MAX_NOTICE_CHARS;
    let label_list =
        own.text <= MAX_LABEL_LIST_CHARS && own.link_density() >= MIN_LABEL_LIST_LINK_DENSITY;
    if notice || label_list {
        // Folded once for both.
        let text = folded(el);
        if notice && edges.notices.is_match(&text)
            || label_list && starts_with(&edges.labels, &text)
        {
            return true;
        }
    }
    if name == "p" {
        return false;
    }
    let headed = el
        .child_elements()
        .find(|c| stats.get(c.id()).text > 0)
        .is_some_and(|first| is_edge_heading(first, stats, edges));
    if headed
        && own.text <= MAX_HEADED_CHARS
        && (own.link_density() >= MIN_HEADED_LINK_DENSITY
            || is_teaser_list(el, stats, MIN_HEADED_ITEM_LINK_DENSITY))
    {
        return true;
    }
    is_teaser_list(el, stats, MIN_TEASER_ITEM_LINK_DENSITY)
}

/// Repeated items, each a link and a little text, made by one template
/// (same tag, same class): cards of related posts, not a list the author
/// wrote (whose items carry no class). Leading headings are skipped; links
/// make at least `min_link_density` of each item.
fn is_teaser_list(el: ElementRef<'_>, stats: &PageStats, min_link_density: f32) -> bool {
    let mut items = el
        .child_elements()
        .skip_while(|c| is_heading(c.value().name()));
    let Some(first) = items.next() else {
        return false;
    };
    let class = first.value().attr("class").unwrap_or_default();
    if class.trim().is_empty() {
        return false;
    }
    let mut count = 0usize;
    for item in std::iter::once(first).chain(items) {
        let s = stats.get(item.id());
        let same = item.value().name() == first.value().name()
            && item.value().attr("class") == Some(class);
        if !same
            || s.link_text == 0
            || s.text > MAX_TEASER_ITEM_CHARS
            || s.link_density() < min_link_density
        {
            return false;
        }
        count += 1;
    }
    count >= MIN_TEASER_ITEMS
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn check(html: &str, selector: &str) -> bool {
        let doc = Html::parse_document(html);
        let stats = super::super::stats::gather(&doc);
        let sel = Selector::parse(selector).unwrap();
        let el = doc.select(&sel).next().unwrap();
        is_boilerplate(el, &stats)
    }

    #[test]
    fn the_data_file_parses() {
        parse(include_str!("../data/article-edges.json")).unwrap();
    }

    #[test]
    fn drops_a_block_headed_related_in_any_language() {
        let block = |h: &str| {
            format!(
                "<div id=x><h3>{h}</h3><ul><li><a href=/a>Une autre histoire du jour</a> texte</li>\
                 <li><a href=/b>Encore une histoire</a></li></ul></div>"
            )
        };
        assert!(check(&block("Lire aussi"), "#x"));
        assert!(check(&block("Mehr zum Thema"), "#x"));
        assert!(check(&block("Related posts"), "#x"));
        assert!(!check(&block("The second half of the story"), "#x"));
    }

    #[test]
    fn drops_teaser_cards_but_not_an_authors_list() {
        let card = "<li class=card><a href=/a>A headline of another story</a> <span>2 days ago</span></li>";
        let cards = format!("<ul id=x>{}</ul>", card.repeat(4));
        assert!(check(&cards, "#x"));
        let plain = "<li><a href=/a>A headline of another story</a> <span>2 days ago</span></li>";
        assert!(!check(&format!("<ul id=x>{}</ul>", plain.repeat(4)), "#x"));
    }

    #[test]
    fn drops_cards_with_long_summaries_under_a_related_heading_only() {
        let card = "<div class=tumb><a href=/a>Diet one</a><div>A summary of this other page that is much longer than its title, in one line.</div></div>";
        let cards = card.repeat(4);
        assert!(check(
            &format!("<div id=x><h2>Самые популярные диеты</h2>{cards}</div>"),
            "#x"
        ));
        assert!(!check(
            &format!("<div id=x><h2>Ingredients</h2>{cards}</div>"),
            "#x"
        ));
    }

    #[test]
    fn drops_short_pitches_and_tag_lists_only() {
        assert!(check(
            "<p id=x>Sign up for our daily newsletter and never miss a story.</p>",
            "#x"
        ));
        let long = format!(
            "<p id=x>Sign up for our newsletter, he said. {}</p>",
            "More words. ".repeat(40)
        );
        assert!(!check(&long, "#x"));
        assert!(check(
            "<p id=x>Etiquetas: <a href=/a>política</a>, <a href=/b>economía</a></p>",
            "#x"
        ));
    }

    #[test]
    fn drops_a_comment_moderation_notice_but_not_a_sentence_on_comments() {
        assert!(check(
            "<p id=x>Hinweis: Kommentare werden vor der Freischaltung von uns gelesen.</p>",
            "#x"
        ));
        assert!(check("<p id=x>Alle Kommentare werden moderiert.</p>", "#x"));
        assert!(!check(
            "<p id=x>Die Kommentare unter dem Video wurden am Abend gelöscht.</p>",
            "#x"
        ));
    }
}
