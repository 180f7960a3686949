//! The reader view's DOM, built node by node with `web-sys` from the
//! engine's own tree: the reader page never parses an HTML string. Only the
//! reader page's wasm (`--features reader`) has it.
//!
//! What it builds inside the page's root: a header (site, title, byline,
//! date, an empty reading-time line the page words), the lead image and the
//! body. Images are not loaded: each is a button that the page turns into
//! the image on a click, because loading one is a request to the site and
//! the reader view makes none by itself.
//!
//! The reader page builds the first screenful first (`renderReader`) and
//! the rest once that is painted (`renderReaderRest`): the first frame
//! lays out and paints a window's worth of the article, not all of it.

use std::cell::RefCell;

use ego_tree::iter::Edge;
use scraper::{Html, Node};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use crate::output::sanitize::{allows_attribute, allows_tag, EMBED_CLASS};
use crate::wasm::timed;
use crate::{Options, Rules, Url};

/// Silent reading speed of adults, words per minute: Brysbaert (2019), "How
/// many words do we read per minute?", J. Memory and Language 109 (238 for
/// non-fiction, the kind of text news is).
const WORDS_PER_MINUTE: usize = 238;

/// Characters of body text built before the first paint: more than a
/// window shows at the default look (66 characters a line, 20 px at 1.6:
/// ~45 lines, ~3,000 characters, in a 1,440 px tall window). A window
/// showing more (small text, a tall screen) gets the rest one frame later.
const FIRST_SCREEN_CHARS: usize = 4_000;

/// Elements after which the body may be cut between the first screenful
/// and the rest: blocks, so that no paragraph is painted half built.
const CUT_AFTER: &[&str] = &[
    "p",
    "li",
    "figure",
    "blockquote",
    "pre",
    "table",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "ul",
    "ol",
    "dl",
    "section",
    "div",
];

/// What the page needs to word the view (`null` when there is no article).
#[derive(Serialize)]
struct Shown {
    title: Option<String>,
    minutes: usize,
    /// Milliseconds the engine took: `{ extract, build }` (the DOM).
    ms: Ms,
    /// Whether part of the body waits for `renderReaderRest`.
    more: bool,
}

#[derive(Serialize)]
struct Ms {
    extract: f64,
    build: f64,
}

/// The body not built yet of the view in `root`: its tree, where its walk
/// stopped, and the DOM parents open there.
struct Rest {
    root: Element,
    body: Html,
    walk: Walk,
}

/// Views whose rest one instance keeps at once. A reader page's own
/// instance keeps one; Firefox's background instance serves every reader
/// page (reader-open.js), and two tabs may open theirs in the same frame.
/// The oldest is dropped past this (its page gone before its first paint).
const MAX_KEPT_RESTS: usize = 4;

thread_local! {
    static RESTS: RefCell<Vec<Rest>> = const { RefCell::new(Vec::new()) };
}

/// The rest kept for `root`, taken out. Roots are compared as values
/// (`===`), never called: a kept root whose page is gone may be a dead
/// object in Firefox, which throws when used (and a throw here would
/// leave the list borrowed for good).
fn take_rest(root: &Element) -> Option<Rest> {
    let root: &JsValue = root.as_ref();
    RESTS.with(|rests| {
        let mut rests = rests.borrow_mut();
        let at = rests
            .iter()
            .position(|rest| AsRef::<JsValue>::as_ref(&rest.root) == root)?;
        Some(rests.remove(at))
    })
}

/// Extracts the article of `html` (the page at `url`, with the reader's site
/// rules `rules_json`) and builds its first screenful inside `root` (the
/// rest waits for `renderReaderRest`). Returns `null`, building nothing,
/// when the page has no article.
#[wasm_bindgen(js_name = renderReader)]
pub fn render_reader(
    html: &str,
    url: Option<String>,
    rules_json: Option<String>,
    root: &Element,
) -> Result<JsValue, JsError> {
    let rules = match rules_json {
        Some(json) => Rules::from_json(&json).map_err(|e| JsError::new(&e.to_string()))?,
        None => Rules::default(),
    };
    let url = url.and_then(|u| Url::parse(&u).ok());
    drop(take_rest(root));
    let (article, extract_ms) = timed(|| crate::extract(html, &Options { url, rules }));
    let Ok(article) = article else {
        return Ok(JsValue::NULL);
    };
    let (built, build_ms) = timed(|| build_first(&article, root, FIRST_SCREEN_CHARS));
    let rest = built?;
    let shown = Shown {
        minutes: reading_minutes(&article.text_content),
        title: article.metadata.title,
        ms: Ms {
            extract: extract_ms,
            build: build_ms,
        },
        more: rest.is_some(),
    };
    if let Some(rest) = rest {
        RESTS.with(|rests| {
            let mut rests = rests.borrow_mut();
            if rests.len() >= MAX_KEPT_RESTS {
                rests.remove(0);
            }
            rests.push(rest);
        });
    }
    serde_wasm_bindgen::to_value(&shown).map_err(|e| JsError::new(&e.to_string()))
}

/// Builds the part of the body that `renderReader` left in `root` (nothing
/// when it left none), inside the elements it built.
#[wasm_bindgen(js_name = renderReaderRest)]
pub fn render_reader_rest(root: &Element) -> Result<(), JsError> {
    let Some(Rest { body, mut walk, .. }) = take_rest(root) else {
        return Ok(());
    };
    let doc = walk
        .parents
        .first()
        .and_then(|el| el.owner_document())
        .ok_or_else(|| JsError::new("the root is not in a document"))?;
    Builder { doc: &doc }.tree(&body, &mut walk, None)?;
    Ok(())
}

/// Builds `article` inside `root` (the playground's preview), all of it.
pub(crate) fn build(article: &crate::Extraction, root: &Element) -> Result<(), JsError> {
    build_first(article, root, usize::MAX).map(drop)
}

/// Builds `article` inside `root` up to the first block end past `budget`
/// characters of body text; returns what is left, if anything.
fn build_first(
    article: &crate::Extraction,
    root: &Element,
    budget: usize,
) -> Result<Option<Rest>, JsError> {
    let doc = root
        .owner_document()
        .ok_or_else(|| JsError::new("the root is not in a document"))?;
    let builder = Builder { doc: &doc };
    // The sanitized body, parsed into the engine's tree (html5ever, in
    // wasm): ammonia keeps its own tree private, so its output is read back.
    let body = Html::parse_fragment(&article.content_html);

    if let Some(lang) = article
        .metadata
        .language
        .as_deref()
        .filter(|l| crate::page::primary_language(l).is_some())
    {
        builder.attr(root, "lang", lang)?;
    }
    let header = builder.child(root, "header", None)?;
    if let Some(site) = &article.metadata.site_name {
        builder.text_child(&header, "p", "site", site)?;
    }
    if let Some(title) = &article.metadata.title {
        builder.text_child(&header, "h1", "title", title)?;
    }
    if let Some(byline) = &article.metadata.byline {
        builder.text_child(&header, "p", "byline", byline)?;
    }
    if let Some(published) = &article.metadata.published {
        // The date part; the page words it in the reader's language.
        let day = published.split('T').next().unwrap_or_default();
        let time = builder.text_child(&header, "time", "published", day)?;
        builder.attr(&time, "datetime", published)?;
    }
    builder.child(&header, "p", Some("reading-time"))?;

    let lead = article
        .metadata
        .lead_image
        .as_deref()
        .and_then(http_url)
        .filter(|lead| !shows_image(&body, lead));
    if let Some(lead) = lead {
        let figure = builder.child(root, "figure", Some("lead"))?;
        builder.image(&figure, &lead, "")?;
    }
    let container = builder.child(root, "div", Some("body"))?;
    let mut walk = Walk {
        edges: 0,
        parents: vec![container],
    };
    let done = builder.tree(&body, &mut walk, Some(budget))?;
    Ok((!done).then(|| Rest {
        root: root.clone(),
        body,
        walk,
    }))
}

/// Minutes to read `text`, at least one.
pub(crate) fn reading_minutes(text: &str) -> usize {
    text.split_whitespace()
        .count()
        .div_ceil(WORDS_PER_MINUTE)
        .max(1)
}

/// `raw` if it is an absolute http(s) URL.
fn http_url(raw: &str) -> Option<String> {
    let url = Url::parse(raw).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Whether the body already shows the image at `url` (then the lead image
/// would show it twice).
fn shows_image(body: &Html, url: &str) -> bool {
    body.tree.values().any(|node| match node {
        Node::Element(el) => {
            el.name() == "img" && el.attr("src").and_then(http_url).as_deref() == Some(url)
        }
        _ => false,
    })
}

/// A walk over the body's edges (`Html::root_element().traverse()`),
/// resumable: the edges taken so far, and the DOM parent of each element
/// open there (a skipped element, such as the fragment's own wrapper,
/// stands for its parent).
struct Walk {
    edges: usize,
    parents: Vec<Element>,
}

struct Builder<'a> {
    doc: &'a Document,
}

impl Builder<'_> {
    /// A new `tag` appended to `parent`, marked `data-epure=mark`.
    fn child(&self, parent: &Element, tag: &str, mark: Option<&str>) -> Result<Element, JsError> {
        let el = self.doc.create_element(tag).map_err(dom_error)?;
        if let Some(mark) = mark {
            self.attr(&el, "data-epure", mark)?;
        }
        parent.append_child(&el).map_err(dom_error)?;
        Ok(el)
    }

    /// A new `tag` holding `text` as text.
    fn text_child(
        &self,
        parent: &Element,
        tag: &str,
        mark: &str,
        text: &str,
    ) -> Result<Element, JsError> {
        let el = self.child(parent, tag, Some(mark))?;
        el.set_text_content(Some(text));
        Ok(el)
    }

    fn attr(&self, el: &Element, name: &str, value: &str) -> Result<(), JsError> {
        el.set_attribute(name, value).map_err(dom_error)
    }

    /// An image not loaded yet: a button holding its description and its
    /// address, which the page swaps for the image on a click.
    fn image(&self, parent: &Element, src: &str, alt: &str) -> Result<(), JsError> {
        let button = self.child(parent, "button", Some("image"))?;
        self.attr(&button, "type", "button")?;
        self.attr(&button, "data-src", src)?;
        self.attr(&button, "data-alt", alt)?;
        Ok(())
    }

    /// The cleaned body, element by element, from where `walk` is. Only
    /// what the sanitizer allows is built, again: tags, their listed
    /// attributes, http(s) addresses, and the summary line's class as its
    /// mark. With a `budget`, stops at the first block end past that many
    /// characters of text. Returns whether the whole body is built.
    fn tree(&self, body: &Html, walk: &mut Walk, budget: Option<usize>) -> Result<bool, JsError> {
        let mut chars = 0;
        for edge in body.root_element().traverse().skip(walk.edges) {
            walk.edges += 1;
            let parents = &mut walk.parents;
            let Some(parent) = parents.last().cloned() else {
                break;
            };
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Text(text) => {
                        chars += text.chars().count();
                        let text = self.doc.create_text_node(text);
                        parent.append_child(&text).map_err(dom_error)?;
                    }
                    Node::Element(el) => {
                        let name = el.name();
                        if node.id() == body.root_element().id() || !allows_tag(name) {
                            parents.push(parent);
                        } else if name == "img" {
                            if let Some(src) = el.attr("src").and_then(http_url) {
                                self.image(&parent, &src, el.attr("alt").unwrap_or_default())?;
                            }
                            parents.push(parent);
                        } else {
                            parents.push(self.element(&parent, el)?);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    parents.pop();
                    if budget.is_some_and(|budget| chars >= budget)
                        && CUT_AFTER.contains(&el.name())
                    {
                        return Ok(false);
                    }
                }
            }
        }
        Ok(true)
    }

    /// One allowed element with its allowed attributes.
    fn element(&self, parent: &Element, el: &scraper::node::Element) -> Result<Element, JsError> {
        let name = el.name();
        let is_summary =
            name == "p" && el.has_class(EMBED_CLASS, scraper::CaseSensitivity::CaseSensitive);
        let out = self.child(parent, name, is_summary.then_some("summary"))?;
        for (attr, value) in el.attrs() {
            if !allows_attribute(name, attr) {
                continue;
            }
            let value = if attr == "href" {
                let Some(href) = http_url(value) else {
                    continue;
                };
                href
            } else {
                value.to_owned()
            };
            self.attr(&out, attr, &value)?;
        }
        if name == "a" && out.has_attribute("href") {
            self.attr(&out, "rel", "noopener noreferrer nofollow")?;
            self.attr(&out, "referrerpolicy", "no-referrer")?;
        }
        Ok(out)
    }
}

fn dom_error(_: JsValue) -> JsError {
    JsError::new("the reader view could not be built")
}
