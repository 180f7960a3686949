//! The cleaned article body as HTML (before sanitizing) and as plain text.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Node};

use super::edges;
use super::score::{class_weight, is_named_body, is_unlikely};
use super::stats::{is_skipped, Stats};
use super::Article;
use crate::page::Page;
use crate::plan::Placeholder;
use crate::text::collapse;

/// A block with less text than this and no image says nothing.
const MIN_BLOCK_CHARS: u32 = 25;
/// A block whose links make more than this share of its text is a link
/// list (related stories, tags) unless the page names it as content…
const MAX_LINK_DENSITY: f32 = 0.33;
/// …and even then above this.
const MAX_LINK_DENSITY_NAMED: f32 = 0.5;
/// A link-heavy block longer than this is kept: a long list of links
/// inside an article is part of it (a bibliography, a timeline).
const LONG_BLOCK_CHARS: u32 = 1500;
/// A block holding more than this share of the body's text is never
/// cleaned away, whatever its name says (`elementor-widget-container`).
const MAJOR_SHARE: f32 = 0.5;

/// Tags kept as they are (the sanitizer allows exactly these, plus `div`).
pub(crate) const KEPT: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "code",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "a",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "br",
    "hr",
    "q",
    "cite",
    "abbr",
    "mark",
    "small",
    "del",
    "ins",
    "kbd",
    "samp",
    "var",
    "time",
];
/// Containers kept as `div`.
const AS_DIV: &[&str] = &[
    "div", "section", "article", "main", "center", "details", "summary",
];
/// Furniture tags dropped inside the body (the page's or a section's header,
/// footer, nav, aside).
const FURNITURE: &[&str] = &["header", "footer", "nav", "aside", "address"];
/// Tags that end a text paragraph in `text_content`.
const TEXT_BREAKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "div",
    "section",
    "article",
    "main",
    "tr",
    "table",
    "ul",
    "ol",
    "br",
    "hr",
    "caption",
    "details",
    "summary",
    "center",
];
/// Attributes holding the real image address on lazy-loading pages, best first.
const LAZY_SRC: &[&str] = &[
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-url",
    "data-srcset",
    "srcset",
];

/// The cleaned body.
pub struct Rendered {
    /// HTML to be sanitized before anyone sees it.
    pub html: String,
    /// Plain text, paragraphs separated by blank lines.
    pub text: String,
}

/// Renders the article body; consent boxes (keyed by their element) become
/// their summary line.
pub fn render(page: &Page, article: &Article, boxes: &HashMap<NodeId, &Placeholder>) -> Rendered {
    let mut out = Writer {
        page,
        html: String::new(),
        paragraphs: Vec::new(),
        current: String::new(),
    };
    let title = article.metadata.title.as_deref().map(collapse);
    for &part in &article.parts {
        let Some(root) = page.html.tree.get(part) else {
            continue;
        };
        let part_text = article.stats.get(part).text;
        let mut skip_depth = 0u32;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skip_depth > 0 {
                        if node.value().is_element() {
                            skip_depth += 1;
                        }
                        continue;
                    }
                    match node.value() {
                        Node::Text(text) => out.text(text),
                        Node::Element(_) => {
                            let Some(el) = ElementRef::wrap(node) else {
                                continue;
                            };
                            if let Some(placeholder) = boxes.get(&node.id()) {
                                out.summary(placeholder);
                                skip_depth = 1;
                                continue;
                            }
                            let is_root = node.id() == part;
                            if !is_root && drops(el, article, part_text, title.as_deref()) {
                                skip_depth = 1;
                                continue;
                            }
                            out.open(el);
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(el) = ElementRef::wrap(node) {
                        if skip_depth > 0 {
                            skip_depth -= 1;
                            continue;
                        }
                        out.close(el);
                    }
                }
            }
        }
    }
    out.flush();
    Rendered {
        html: out.html,
        text: out.paragraphs.join("\n\n"),
    }
}

/// Whether an element inside the body is left out.
fn drops(el: ElementRef<'_>, article: &Article, part_text: u32, title: Option<&str>) -> bool {
    let v = el.value();
    let name = v.name();
    let stats: Stats = article.stats.get(el.id());
    let flags = article.flags;
    if is_skipped(v) || FURNITURE.contains(&name) {
        return true;
    }
    if flags.strip_unlikely && is_unlikely(v, stats) {
        return true;
    }
    if stats.text as f32 <= part_text as f32 * MAJOR_SHARE
        && edges::is_boilerplate(el, &article.stats)
    {
        return true;
    }
    let weight = if flags.weight_classes {
        class_weight(v)
    } else {
        0.0
    };
    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        let is_title =
            name == "h1" || title.is_some_and(|t| collapse(&el.text().collect::<String>()) == t);
        return is_title || weight < 0.0 || stats.link_density() > MAX_LINK_DENSITY_NAMED;
    }
    if !flags.clean_conditionally
        || !matches!(
            name,
            "div" | "section" | "ul" | "ol" | "dl" | "table" | "figure" | "blockquote" | "center"
        )
    {
        return false;
    }
    // A block holding most of the body is the body under another name.
    if is_named_body(v) || stats.text as f32 > part_text as f32 * MAJOR_SHARE {
        return false;
    }
    if weight < 0.0 {
        return true;
    }
    if stats.text < MIN_BLOCK_CHARS && stats.images == 0 {
        return stats.link_text > 0 || stats.controls > 0;
    }
    let max_density = if weight > 0.0 {
        MAX_LINK_DENSITY_NAMED
    } else {
        MAX_LINK_DENSITY
    };
    if stats.link_density() > max_density && stats.text < LONG_BLOCK_CHARS {
        return true;
    }
    stats.controls > 0 && stats.controls.saturating_mul(3) > stats.paragraphs.max(1)
}

struct Writer<'a> {
    page: &'a Page,
    html: String,
    paragraphs: Vec<String>,
    current: String,
}

impl Writer<'_> {
    fn open(&mut self, el: ElementRef<'_>) {
        let v = el.value();
        let name = v.name();
        if TEXT_BREAKS.contains(&name) {
            self.flush();
        }
        if matches!(name, "td" | "th") {
            self.current.push(' ');
        }
        let tag = match name {
            "h1" => "h2",
            n if KEPT.contains(&n) => n,
            n if AS_DIV.contains(&n) => "div",
            _ => return,
        };
        self.html.push('<');
        self.html.push_str(tag);
        match tag {
            "a" => {
                if let Some(href) = v.attr("href").and_then(|h| self.link(h)) {
                    self.attr("href", &href);
                }
            }
            "img" => {
                let src = v
                    .attr("src")
                    .filter(|s| !s.trim_start().starts_with("data:"))
                    .into_iter()
                    .chain(LAZY_SRC.iter().filter_map(|a| v.attr(a)))
                    .find_map(|s| {
                        let first = s.split(',').next().unwrap_or_default();
                        let url = first.split_whitespace().next().unwrap_or_default();
                        self.link(url)
                    });
                if let Some(src) = src {
                    self.attr("src", &src);
                }
                if let Some(alt) = v.attr("alt") {
                    self.attr("alt", alt);
                }
            }
            "td" | "th" => {
                for a in ["colspan", "rowspan"] {
                    if let Some(value) = v
                        .attr(a)
                        .filter(|n| n.len() < 4 && n.bytes().all(|b| b.is_ascii_digit()))
                    {
                        self.attr(a, value);
                    }
                }
            }
            "time" => {
                if let Some(dt) = v.attr("datetime") {
                    self.attr("datetime", dt);
                }
            }
            _ => {}
        }
        self.html.push('>');
    }

    fn close(&mut self, el: ElementRef<'_>) {
        let name = el.value().name();
        let tag = match name {
            "h1" => "h2",
            "img" | "br" | "hr" => {
                if TEXT_BREAKS.contains(&name) {
                    self.flush();
                }
                return;
            }
            n if KEPT.contains(&n) => n,
            n if AS_DIV.contains(&n) => "div",
            _ => return,
        };
        self.html.push_str("</");
        self.html.push_str(tag);
        self.html.push('>');
        if TEXT_BREAKS.contains(&name) {
            self.flush();
        }
    }

    fn text(&mut self, text: &str) {
        escape_into(&mut self.html, text, false);
        self.current.push_str(text);
    }

    /// A consent box's summary line: its text, and a link to the original.
    fn summary(&mut self, placeholder: &Placeholder) {
        self.flush();
        self.html.push_str("<p class=\"");
        self.html.push_str(crate::sanitize::EMBED_CLASS);
        self.html.push_str("\">");
        escape_into(&mut self.html, &placeholder.summary, false);
        let mut line = placeholder.summary.clone();
        if let Some(url) = placeholder
            .url
            .as_deref()
            .and_then(|u| crate::url::absolute(None, u))
        {
            let label = crate::url::label(&url);
            self.html.push_str(" <a href=\"");
            escape_into(&mut self.html, &url, true);
            self.html.push_str("\">");
            escape_into(&mut self.html, &label, false);
            self.html.push_str("</a>");
            line.push(' ');
            line.push_str(&label);
        }
        self.html.push_str("</p>");
        self.current = line;
        self.flush();
    }

    fn attr(&mut self, name: &str, value: &str) {
        self.html.push(' ');
        self.html.push_str(name);
        self.html.push_str("=\"");
        escape_into(&mut self.html, value, true);
        self.html.push('"');
    }

    /// An absolute http(s) address, or nothing.
    fn link(&self, href: &str) -> Option<String> {
        if href.len() > crate::url::MAX_LEN {
            return None;
        }
        crate::url::absolute(self.page.url.as_ref(), href)
    }

    fn flush(&mut self) {
        let paragraph = collapse(&self.current);
        if !paragraph.is_empty() {
            self.paragraphs.push(paragraph);
        }
        self.current.clear();
    }
}

fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
