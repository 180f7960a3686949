//! What the page says about its article: title, byline, date, site, image,
//! excerpt. Read from JSON-LD first, then Open Graph and other `<meta>`
//! conventions, then the markup itself.

use std::collections::HashMap;

use scraper::{ElementRef, Selector};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::page::{primary_language, Page};
use crate::text::{collapse, truncate};

/// Longest JSON-LD block read; a bigger one is not metadata.
const MAX_JSON_LD_BYTES: usize = 512 * 1024;
/// How deep the JSON-LD walk goes looking for the article object.
const MAX_JSON_LD_DEPTH: usize = 8;
/// Longest date kept: an ISO 8601 date-time with fractions and offset.
const MAX_DATE_CHARS: usize = 40;
/// A byline longer than this is a paragraph, not an author line.
const MAX_BYLINE_CHARS: usize = 100;
/// Longest metadata value kept (titles, names, descriptions), in characters.
const MAX_VALUE_CHARS: usize = 1000;
/// Separators between a headline and the site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " ~ ",
];
/// Words that introduce an author line, by language; dropped from bylines
/// when a space or a colon follows them ("By Ann", "by: Ann").
const BYLINE_PREFIXES: &[&str] = &[
    "written by",
    "posted by",
    "by",
    "par",
    "von",
    "por",
    "di",
    "door",
    "av",
    "af",
    "de",
    "przez",
];
/// `<meta>` names that give the author, most specific first. Open Graph's
/// `article:author` is often the author's page: only a name is kept.
const META_AUTHOR_KEYS: &[&str] = &[
    "author",
    "dc.creator",
    "dcterm:creator",
    "parsely-author",
    "sailthru.author",
    "article:author",
    "og:article:author",
];
/// Markup that names the author, most trustworthy first: schema.org's
/// author name, then the author element itself, then an author link.
/// Elements with a byline class come last (see [`is_byline_class`]).
const MARKUP_AUTHOR_CSS: &[&str] = &[
    r#"[itemprop~="author"] [itemprop~="name"]"#,
    r#"[itemprop~="author"]"#,
    r#"a[rel~="author"]"#,
];
/// Class names that mark an author line: the last part of a class token
/// ("pb-byline", "article__author"), a trailing "name" part aside
/// ("author-name", "byline__name"); or a last part ending in "byline".
const BYLINE_CLASS_PARTS: &[&str] = &["byline", "author", "authorname"];
/// Elements after the headline looked at for an author line that names
/// itself ("By Ann Lee" under the `<h1>`): the byline sits right under it.
const MAX_LINES_AFTER_TITLE: usize = 3;
/// Text read from one candidate author element before giving up on it: an
/// author line is short, and a wrapper misnamed "author" may hold a page.
const MAX_BYLINE_SCAN_CHARS: usize = 4 * MAX_BYLINE_CHARS;
/// JSON-LD `@type`s that are articles (schema.org's `Article` and its kin).
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "SocialMediaPosting",
    "WebPage",
];

/// What the page says about its article; every field may be absent. The
/// one metadata type: `Plan.article` and [`crate::Extraction`] carry it
/// (flattened: their JSON has these fields at the top).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// ISO 8601 (`YYYY-MM-DD…`), as the page gives it.
    pub published: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    /// Absolute http(s) URL.
    pub lead_image: Option<String>,
    pub excerpt: Option<String>,
}

/// Reads the metadata of `page`, and whether the page says it is an
/// article (JSON-LD article type, `og:type=article`).
pub fn read(page: &Page) -> (Metadata, bool) {
    let meta = meta_values(page);
    let ld = json_ld(page);
    let get = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).cloned());

    let page_title = document_title(page);
    let title = ld
        .as_ref()
        .filter(|a| has_article_type(a))
        .and_then(ld_title)
        .or_else(|| {
            get(&[
                "dc.title",
                "dcterm:title",
                "og:title",
                "twitter:title",
                "parsely-title",
            ])
        })
        .or(page_title)
        .map(|t| {
            strip_site_suffix(
                &t,
                get(&["og:site_name"]).as_deref(),
                first_h1(page).as_deref(),
            )
        })
        .and_then(clean);

    let byline = ld
        .as_ref()
        .and_then(|a| a.get("author"))
        .and_then(author_names)
        .or_else(|| {
            META_AUTHOR_KEYS
                .iter()
                .filter_map(|k| meta.get(*k))
                .find(|a| !crate::url::looks_like(a))
                .cloned()
        })
        .or_else(|| markup_byline(page))
        .and_then(|b| clean_byline(&b));

    let published = ld
        .as_ref()
        .and_then(|a| text_field(a, "datePublished"))
        .or_else(|| {
            get(&[
                "article:published_time",
                "og:published_time",
                "parsely-pub-date",
                "datepublished",
                "pubdate",
                "publishdate",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
            ])
        })
        .or_else(|| markup_date(page))
        .and_then(|d| iso_date(&d));

    let site_name = get(&["og:site_name"])
        .or_else(|| {
            ld.as_ref()
                .and_then(|a| a.get("publisher"))
                .and_then(|p| text_field(p, "name"))
        })
        .or_else(|| get(&["application-name"]))
        .and_then(clean);

    let base = page.url.as_ref();
    let lead_image = ld
        .as_ref()
        .and_then(|a| a.get("image"))
        .and_then(image_url)
        .or_else(|| {
            get(&[
                "og:image",
                "og:image:url",
                "og:image:secure_url",
                "twitter:image",
                "twitter:image:src",
            ])
        })
        .and_then(|u| crate::url::absolute(base, &u));

    let excerpt = ld
        .as_ref()
        .and_then(|a| text_field(a, "description"))
        .or_else(|| {
            get(&[
                "og:description",
                "description",
                "twitter:description",
                "dc.description",
            ])
        })
        .and_then(clean);

    let language = page.declared_language().or_else(|| {
        get(&["og:locale", "content-language", "language"]).and_then(|l| primary_language(&l))
    });

    let declares_article = ld_is_article(ld.as_ref())
        || get(&["og:type"]).is_some_and(|t| t.eq_ignore_ascii_case("article"));

    let metadata = Metadata {
        title,
        byline,
        published,
        site_name,
        language,
        lead_image,
        excerpt,
    };
    (metadata, declares_article)
}

/// `<meta>` values by lower-cased `property`, `name` or `itemprop`; the first wins.
fn meta_values(page: &Page) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for el in by_tag(page, "meta") {
        let v = el.value();
        let Some(content) = v.attr("content") else {
            continue;
        };
        for key in [v.attr("property"), v.attr("name"), v.attr("itemprop")]
            .into_iter()
            .flatten()
        {
            for key in key.split_whitespace() {
                let key = key.to_ascii_lowercase();
                let content = content.trim();
                if !content.is_empty() {
                    values
                        .entry(key)
                        .or_insert_with(|| truncate(content, MAX_VALUE_CHARS));
                }
            }
        }
    }
    values
}

/// The elements named `name`, in the order [`select`] lists them (the
/// tree's), without a selector's matching.
fn by_tag<'a>(page: &'a Page, name: &'a str) -> impl Iterator<Item = ElementRef<'a>> {
    page.html
        .tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(move |el| el.value().name() == name)
}

fn select<'a>(page: &'a Page, css: &str) -> Vec<ElementRef<'a>> {
    match Selector::parse(css) {
        Ok(sel) => page.html.select(&sel).collect(),
        Err(_) => Vec::new(),
    }
}

/// The first JSON-LD object of an article type (or, failing that, the
/// first object with a headline).
fn json_ld(page: &Page) -> Option<Value> {
    let mut fallback = None;
    let ld_json = by_tag(page, "script").filter(|s| {
        crate::page::attr(s.value(), "type")
            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
    });
    for script in ld_json {
        let text: String = script.text().collect();
        if text.len() > MAX_JSON_LD_BYTES {
            continue;
        }
        // Some pages wrap the JSON in a CDATA section, as XHTML once required.
        let json = text.trim();
        let json = json.strip_prefix("<![CDATA[").unwrap_or(json);
        let json = json.trim_end().strip_suffix("]]>").unwrap_or(json);
        let Ok(value) = serde_json::from_str::<Value>(json.trim()) else {
            continue;
        };
        let mut stack = vec![(value, 0usize)];
        while let Some((value, depth)) = stack.pop() {
            if depth > MAX_JSON_LD_DEPTH {
                continue;
            }
            match value {
                Value::Array(items) => {
                    stack.extend(items.into_iter().rev().map(|v| (v, depth + 1)))
                }
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push((graph, depth + 1));
                    }
                    let object = Value::Object(map);
                    if has_article_type(&object) {
                        return Some(object);
                    }
                    if fallback.is_none() && object.get("headline").is_some() {
                        fallback = Some(object);
                    }
                }
                _ => {}
            }
        }
    }
    fallback
}

/// The JSON-LD types that declare an article (`WebPage` is listed, and
/// read for the title, but declares nothing).
pub fn article_types() -> impl Iterator<Item = &'static str> {
    ARTICLE_TYPES.iter().copied().filter(|&t| t != "WebPage")
}

fn has_article_type(value: &Value) -> bool {
    let is_article = |t: &Value| {
        t.as_str()
            .is_some_and(|t| ARTICLE_TYPES.contains(&t) && t != "WebPage")
    };
    match value.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is_article),
        Some(t) => is_article(t),
        None => false,
    }
}

/// `headline`, else `name`.
fn ld_title(article: &Value) -> Option<String> {
    text_field(article, "headline").or_else(|| text_field(article, "name"))
}

fn ld_is_article(ld: Option<&Value>) -> bool {
    ld.is_some_and(has_article_type)
}

/// A string field, or the `name`/`@value` of an object field.
fn text_field(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => clean(s.clone()),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@value"))
            .and_then(Value::as_str)
            .and_then(|s| clean(s.to_owned())),
        Value::Array(items) => items
            .iter()
            .find_map(|i| i.as_str())
            .and_then(|s| clean(s.to_owned())),
        _ => None,
    }
}

/// `author` as a string, an object with `name`, or a list of them.
fn author_names(author: &Value) -> Option<String> {
    let names: Vec<String> = match author {
        Value::Array(items) => items.iter().filter_map(single_author).collect(),
        other => single_author(other).into_iter().collect(),
    };
    (!names.is_empty()).then(|| names.join(", "))
}

fn single_author(value: &Value) -> Option<String> {
    let name = match value {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("name")?.as_str()?.to_owned(),
        _ => return None,
    };
    clean(name).filter(|n| !crate::url::looks_like(n))
}

fn image_url(image: &Value) -> Option<String> {
    match image {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(image_url),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(image_url),
        _ => None,
    }
}

fn document_title(page: &Page) -> Option<String> {
    by_tag(page, "title")
        .next()
        .map(|t| t.text().collect::<String>())
        .and_then(clean)
}

/// Drops the site's name from a `<title>`-style headline: "Story - Site" →
/// "Story", when the tail is the site's name, when the head is the page's
/// `<h1>`, or when the tail is short beside a longer head. The `<h1>` has
/// the last word: a title that is the `<h1>` plus tails ("Story - Author -
/// Site") is cut to it, and a tail the `<h1>` itself holds is the headline's.
pub fn strip_site_suffix(title: &str, site_name: Option<&str>, h1: Option<&str>) -> String {
    let title = title.trim();
    let h1 = h1.map(collapse).filter(|h| {
        !h.is_empty() && site_name.is_none_or(|site| !h.eq_ignore_ascii_case(site.trim()))
    });
    if let Some(h1) = &h1 {
        if collapse(title) == *h1 {
            return title.to_owned();
        }
        let h1_head = TITLE_SEPARATORS.iter().find_map(|sep| {
            title
                .match_indices(sep)
                .map(|(at, _)| &title[..at])
                .find(|head| collapse(head) == *h1)
        });
        if let Some(head) = h1_head {
            return head.trim().to_owned();
        }
    }
    for sep in TITLE_SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        let tail_is_site = site_name.is_some_and(|site| {
            let (site, tail) = (site.to_lowercase(), tail.trim().to_lowercase());
            !site.is_empty() && (site.contains(&tail) || tail.contains(&site))
        });
        // The headline's `<h1>` (it opens as the head does, unlike a site
        // banner's) holds the tail.
        let tail_in_h1 = h1.as_deref().is_some_and(|h| {
            let (h, tail) = (h.to_lowercase(), collapse(tail).to_lowercase());
            let opens_alike = head
                .split_whitespace()
                .next()
                .is_some_and(|w| h.starts_with(&w.to_lowercase()));
            opens_alike && !tail.is_empty() && h.contains(&tail)
        });
        let head_words = head.split_whitespace().count();
        let tail_words = tail.split_whitespace().count();
        if tail_is_site
            || (!tail_in_h1 && head_words >= 3 && tail_words <= 4 && tail_words < head_words)
        {
            return head.trim().to_owned();
        }
    }
    title.to_owned()
}

fn first_h1(page: &Page) -> Option<String> {
    by_tag(page, "h1")
        .next()
        .map(|h| collapse(&h.text().collect::<String>()))
}

/// The author line as the markup shows it: schema.org's author name,
/// `rel=author`, or an element with a byline class; the first that reads
/// as a name, in [`MARKUP_AUTHOR_CSS`]'s order, then in document order.
fn markup_byline(page: &Page) -> Option<String> {
    let by_selector = MARKUP_AUTHOR_CSS
        .iter()
        .flat_map(|css| select(page, css))
        .find_map(author_text);
    by_selector.or_else(|| {
        // Every element with a class, in the order `select` lists them; the
        // raw attribute is read (`Element::classes` interns each name).
        page.html
            .tree
            .nodes()
            .filter_map(ElementRef::wrap)
            .filter(|el| {
                crate::page::attr(el.value(), "class")
                    .is_some_and(|c| c.split_ascii_whitespace().any(is_byline_class))
            })
            .find_map(author_text)
            .or_else(|| line_after_title(page))
    })
}

/// An author line whatever its markup: one of the few elements after the
/// first `<h1>` that opens with a byline word and then a capitalised name
/// ("Por Ana Moura"; not "By the way…").
fn line_after_title(page: &Page) -> Option<String> {
    let h1 = by_tag(page, "h1").next()?;
    h1.next_siblings()
        .filter_map(ElementRef::wrap)
        .take(MAX_LINES_AFTER_TITLE)
        .find_map(|el| {
            let text = text_before_date(el)?;
            let lower = text.to_lowercase();
            let prefix = BYLINE_PREFIXES
                .iter()
                .find(|p| starts_with_word(&lower, p))?;
            let rest = text
                .chars()
                .skip(prefix.chars().count())
                .skip_while(|c| c.is_whitespace() || *c == ':')
                .collect::<String>();
            rest.starts_with(char::is_uppercase)
                .then(|| clean_byline(&rest))
                .flatten()
        })
}

/// Whether `lower` opens with the word `word`, then a space or a colon.
fn starts_with_word(lower: &str, word: &str) -> bool {
    lower
        .strip_prefix(word)
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_whitespace() || c == ':'))
}

/// Whether a class token names an author line (see [`BYLINE_CLASS_PARTS`]).
fn is_byline_class(class: &str) -> bool {
    let lower = class.to_ascii_lowercase();
    // A commenter is not the article's author.
    if lower.contains("comment") {
        return false;
    }
    let mut parts = lower.rsplit(['-', '_']).filter(|p| !p.is_empty());
    let last = parts.next();
    let part = if last == Some("name") {
        parts.next()
    } else {
        last
    };
    // "byline" may close a run-together token too ("FeatureByline").
    part.is_some_and(|p| BYLINE_CLASS_PARTS.contains(&p) || p.ends_with("byline"))
}

/// An author element's name: its `content`, else [`text_before_date`];
/// `None` when that is empty, too long for a name, or an address.
fn author_text(el: ElementRef) -> Option<String> {
    let text = match el.value().attr("content") {
        Some(content) => content.to_owned(),
        None => text_before_date(el)?,
    };
    clean_byline(&text).filter(|t| t.chars().any(char::is_alphabetic) && !crate::url::looks_like(t))
}

/// An author line's text up to the date it often carries ("Ann Lee - Apr
/// 16, 2015"): a `<time>`, a line break, or a run of text with digits in
/// it, which a name has not. `None` past [`MAX_BYLINE_SCAN_CHARS`].
fn text_before_date(el: ElementRef) -> Option<String> {
    let mut text = String::new();
    let mut scanned = 0;
    for node in el.descendants() {
        if let Some(e) = node.value().as_element() {
            if e.name() == "br" && !text.trim().is_empty() {
                break;
            }
            continue;
        }
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let in_time = node
            .ancestors()
            .take_while(|a| a.id() != el.id())
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "time"));
        scanned += t.len();
        if scanned > MAX_BYLINE_SCAN_CHARS {
            return None;
        }
        if in_time {
            continue;
        }
        if t.contains(|c: char| c.is_ascii_digit()) && !text.trim().is_empty() {
            break;
        }
        text.push_str(t);
    }
    Some(collapse(&text))
}

fn markup_date(page: &Page) -> Option<String> {
    let css = r#"[itemprop~="datePublished"], time[pubdate], time[datetime]"#;
    select(page, css).into_iter().find_map(|el| {
        let v = el.value();
        v.attr("datetime")
            .or_else(|| v.attr("content"))
            .map(str::to_owned)
    })
}

/// Separators after which an author line gives its date or time.
const BYLINE_DATE_SEPARATORS: &[&str] = &[" | ", " · ", " • ", " – ", " — "];

/// Drops "By", "Par", "Von"…, a date after a separator and surrounding
/// punctuation from an author line.
pub fn clean_byline(byline: &str) -> Option<String> {
    // Names listed one per line leave a space before each comma.
    let mut text = collapse(byline).replace(" ,", ",");
    loop {
        let lower = text.to_lowercase();
        let Some(prefix) = BYLINE_PREFIXES.iter().find(|p| starts_with_word(&lower, p)) else {
            break;
        };
        text = text
            .chars()
            .skip(prefix.chars().count())
            .collect::<String>()
            .trim_start_matches(|c: char| c.is_whitespace() || c == ':')
            .to_owned();
    }
    // The line goes on with its date after a separator ("Ana Roe | 3 May"),
    // or after a comma when a number follows it ("Ana Roe, 3 May").
    let dated = BYLINE_DATE_SEPARATORS
        .iter()
        .filter_map(|sep| text.find(sep).map(|i| (i, i + sep.len())))
        .min()
        .filter(|&(_, rest)| {
            text.get(rest..)
                .is_some_and(|r| r.contains(|c: char| c.is_ascii_digit()))
        })
        .or_else(|| {
            text.find(", ").map(|i| (i, i + 2)).filter(|&(_, rest)| {
                text.get(rest..)
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
            })
        });
    let text = dated.and_then(|(cut, _)| text.get(..cut)).unwrap_or(&text);
    let text = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '-' | '·'));
    (!text.is_empty() && text.chars().count() <= MAX_BYLINE_CHARS).then(|| text.to_owned())
}

/// Keeps a date given in ISO 8601 form (`YYYY-MM-DD…`); anything else is refused
/// rather than guessed.
pub fn iso_date(value: &str) -> Option<String> {
    let value = value.trim();
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    let month = value
        .get(5..7)
        .and_then(|m| m.parse::<u8>().ok())
        .unwrap_or(0);
    let day = value
        .get(8..10)
        .and_then(|d| d.parse::<u8>().ok())
        .unwrap_or(0);
    (ok && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then(|| truncate(value, MAX_DATE_CHARS))
}

fn clean(text: String) -> Option<String> {
    let text = collapse(&text);
    (!text.is_empty()).then(|| truncate(&text, MAX_VALUE_CHARS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    #[test]
    fn strips_the_site_suffix() {
        assert_eq!(
            strip_site_suffix(
                "La vallée du Panshir, dernier bastion - Le Courrier du Rhône",
                Some("Le Courrier du Rhône"),
                None
            ),
            "La vallée du Panshir, dernier bastion"
        );
        assert_eq!(strip_site_suffix("A - B", None, None), "A - B");
        assert_eq!(
            strip_site_suffix("Storm damage - Paper", None, Some("Storm damage")),
            "Storm damage"
        );
        // The <h1> plus an author and the site: cut to the <h1>.
        assert_eq!(
            strip_site_suffix(
                "Storm damage - Ann Lee - Paper",
                Some("Paper"),
                Some("Storm damage")
            ),
            "Storm damage"
        );
        // A tail the <h1> holds is the headline's own.
        assert_eq!(
            strip_site_suffix(
                "How we built our queue - a task framework",
                None,
                Some("How we built the queue: a task framework")
            ),
            "How we built our queue - a task framework"
        );
        // A banner <h1> that holds the tail does not keep it.
        assert_eq!(
            strip_site_suffix(
                "Outside the web: a long story · V8",
                None,
                Some("V8 engine")
            ),
            "Outside the web: a long story"
        );
        // An <h1> that is only the site's name says nothing.
        assert_eq!(
            strip_site_suffix(
                "Paper - Storm damage in the valley",
                Some("Paper"),
                Some("Paper")
            ),
            "Paper - Storm damage in the valley"
        );
    }

    #[test]
    fn cleans_bylines_in_several_languages() {
        assert_eq!(
            clean_byline("  Par Camille Ferrand ").as_deref(),
            Some("Camille Ferrand")
        );
        assert_eq!(
            clean_byline("By Alex Moreno").as_deref(),
            Some("Alex Moreno")
        );
        assert_eq!(
            clean_byline("Von Jana Weber").as_deref(),
            Some("Jana Weber")
        );
        assert_eq!(clean_byline("  "), None);
        assert_eq!(clean_byline("by: Ann Lee").as_deref(), Some("Ann Lee"));
        assert_eq!(
            clean_byline("Ann Lee\n, Bo Kim").as_deref(),
            Some("Ann Lee, Bo Kim")
        );
        // A name that starts like a prefix word is kept whole.
        assert_eq!(clean_byline("Byron Cole").as_deref(), Some("Byron Cole"));
    }

    #[test]
    fn cuts_a_date_after_a_separator_but_not_a_second_name() {
        assert_eq!(
            clean_byline("Por Marta Gil | 3 de octubre de 2026").as_deref(),
            Some("Marta Gil")
        );
        assert_eq!(
            clean_byline("Jana Weber · 14.03.2026, 11:20 Uhr").as_deref(),
            Some("Jana Weber")
        );
        assert_eq!(
            clean_byline("Ann Lee · Bo Kim").as_deref(),
            Some("Ann Lee · Bo Kim")
        );
        assert_eq!(
            clean_byline("Por Rafael Costa, 8 de abril de 2026").as_deref(),
            Some("Rafael Costa")
        );
        assert_eq!(
            clean_byline("Ann Lee, Bo Kim").as_deref(),
            Some("Ann Lee, Bo Kim")
        );
    }

    fn byline_of(body: &str) -> Option<String> {
        let html = format!("<html><head><title>T</title></head><body>{body}</body></html>");
        read(&Page::document(&html, None)).0.byline
    }

    #[test]
    fn reads_the_author_from_meta_unless_it_is_an_address() {
        let page = Page::document(
            r#"<html><head><meta property="article:author" content="https://example.com/ann">
            <meta property="og:article:author" content="Metro Desk"></head><body></body></html>"#,
            None,
        );
        assert_eq!(read(&page).0.byline.as_deref(), Some("Metro Desk"));
    }

    #[test]
    fn reads_the_markup_author_by_trust_then_document_order() {
        // The schema.org name, not the date beside it in the author element.
        assert_eq!(
            byline_of(
                r#"<p class="byline" itemprop="author"><a rel="author"><span itemprop="name">Ann Lee</span></a>
                - <time datetime="2015-04-16">Apr 16, 2015</time></p>"#
            )
            .as_deref(),
            Some("Ann Lee")
        );
        // An author link beats a teaser's byline earlier on the page.
        assert_eq!(
            byline_of(
                r#"<li><a href="/t">Teaser</a><span class="byline">Bo Kim</span></li>
                <span class="byline"><a rel="author" href="/w/ann">Ann Lee</a></span>"#
            )
            .as_deref(),
            Some("Ann Lee")
        );
        // A byline element's date is not part of the name: a <time>, a
        // line break, or a run of text with digits.
        for body in [
            r#"<div class="byline">Ann Lee · <time>May 2</time></div>"#,
            r#"<div class="byline">By <b>Ann Lee</b><br>May 2</div>"#,
            r#"<div class="author"><a href="/a"><span>Ann Lee</span></a> <span>Monday, May 2, 2016</span></div>"#,
        ] {
            assert_eq!(byline_of(body).as_deref(), Some("Ann Lee"), "{body}");
        }
    }

    #[test]
    fn reads_an_author_line_under_the_headline() {
        assert_eq!(
            byline_of(r#"<h1>Storm</h1><p class="x9">Por Ana Moura</p><p>Text.</p>"#).as_deref(),
            Some("Ana Moura")
        );
        assert_eq!(
            byline_of(r#"<h1>Storm</h1><p>By <a href="/s/ann">Ann Moura</a> on May 2nd, 2019</p>"#)
                .as_deref(),
            Some("Ann Moura")
        );
        assert_eq!(
            byline_of(r#"<h1>Storm</h1><p>By the way, it rained.</p>"#),
            None
        );
    }

    #[test]
    fn knows_byline_classes_by_their_last_part() {
        for class in [
            "byline",
            "pb-byline",
            "article__author",
            "author-name",
            "byline__name",
        ] {
            assert!(is_byline_class(class), "{class}");
        }
        for class in [
            "byline-timestamp",
            "author-bio",
            "byline-dateline",
            "authority",
            "name",
        ] {
            assert!(!is_byline_class(class), "{class}");
        }
        assert_eq!(
            byline_of(r#"<span class="byline-timestamp">May 2</span><span class="pb-byline">By Ann Lee</span>"#)
                .as_deref(),
            Some("Ann Lee")
        );
    }

    #[test]
    fn keeps_only_iso_dates() {
        assert_eq!(
            iso_date("2021-08-18T10:15:00+02:00").as_deref(),
            Some("2021-08-18T10:15:00+02:00")
        );
        assert_eq!(iso_date("18/08/2021"), None);
        assert_eq!(iso_date("2021-13-01"), None);
    }

    #[test]
    fn reads_json_ld_before_meta() {
        let page = Page::document(
            r#"<html lang="fr-FR"><head><title>T - Site</title>
            <meta property="og:title" content="OG title">
            <script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","headline":"LD title",
            "author":[{"name":"A"},{"name":"B"}],"datePublished":"2020-01-02","image":{"url":"/i.jpg"}}]}</script>
            </head><body></body></html>"#,
            Url::parse("https://example.com/a/b").ok(),
        );
        let (m, declares_article) = read(&page);
        assert_eq!(m.title.as_deref(), Some("LD title"));
        assert_eq!(m.byline.as_deref(), Some("A, B"));
        assert_eq!(m.published.as_deref(), Some("2020-01-02"));
        assert_eq!(m.lead_image.as_deref(), Some("https://example.com/i.jpg"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert!(declares_article);
    }
}
