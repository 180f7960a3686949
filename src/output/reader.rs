//! The reader's output: the article body cleaned, as HTML (then
//! sanitized) and as plain text, with its metadata.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Node};
use serde::{Deserialize, Serialize};

use super::{sanitize, summary};
use crate::article::{Article, Metadata};
use crate::page::Page;
use crate::plan::Placeholder;
use crate::text::collapse;

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

/// Longest excerpt taken from the body when the page gives none, in characters.
const MAX_EXCERPT_CHARS: usize = 300;

/// The extracted article. Absent values serialize as `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The page's metadata; the excerpt, when the page gives none, is the
    /// body's first paragraph.
    #[serde(flatten)]
    pub metadata: Metadata,
    /// The body, sanitized: safe to insert into a page.
    pub content_html: String,
    /// The body as plain text, paragraphs separated by blank lines.
    pub text_content: String,
}

/// The extraction of `article`; consent boxes (`boxes`, by element) in its
/// body become their summary line.
pub fn extraction(page: &Page, article: &Article, boxes: &[(NodeId, Placeholder)]) -> Extraction {
    let by_node: HashMap<NodeId, &Placeholder> = boxes.iter().map(|(id, p)| (*id, p)).collect();
    let rendered = render(page, article, &by_node);
    let mut metadata = article.metadata.clone();
    metadata.excerpt = metadata.excerpt.or_else(|| {
        rendered
            .text
            .split("\n\n")
            .next()
            .filter(|p| !p.is_empty())
            .map(|p| crate::text::truncate(p, MAX_EXCERPT_CHARS))
    });
    Extraction {
        metadata,
        content_html: sanitize::clean_built(&rendered.html),
        text_content: rendered.text,
    }
}

/// The cleaned body.
struct Rendered {
    /// HTML to be sanitized before anyone sees it: only the reader policy's
    /// tags and attributes, escaped as the parser's serializer escapes
    /// (`sanitize::clean_built`).
    pub html: String,
    /// Plain text, paragraphs separated by blank lines.
    pub text: String,
}

/// Renders the article body; consent boxes (keyed by their element) become
/// their summary line.
fn render(page: &Page, article: &Article, boxes: &HashMap<NodeId, &Placeholder>) -> Rendered {
    let mut out = Writer {
        page,
        html: String::new(),
        paragraphs: Vec::new(),
        current: String::new(),
    };
    for &part in &article.parts {
        let Some(root) = page.html.tree.get(part) else {
            continue;
        };
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
                            if !is_root && article.drops(el) {
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
                self.attr("rel", sanitize::LINK_REL);
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
        self.html.push_str(sanitize::EMBED_CLASS);
        self.html.push_str("\">");
        let mut line = Line {
            html: &mut self.html,
            text: String::new(),
        };
        summary::write(placeholder, &mut line);
        self.current = line.text;
        self.html.push_str("</p>");
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

/// A summary line written into the reader's HTML, and its text kept for
/// the plain-text body.
struct Line<'a> {
    html: &'a mut String,
    text: String,
}

impl summary::Sink for Line<'_> {
    fn text(&mut self, text: &str) {
        escape_into(self.html, text, false);
        self.text.push_str(text);
    }

    fn link(&mut self, href: &str, label: &str) {
        self.html.push_str("<a href=\"");
        escape_into(self.html, href, true);
        self.html.push_str("\" rel=\"");
        self.html.push_str(sanitize::LINK_REL);
        self.html.push_str("\">");
        escape_into(self.html, label, false);
        self.html.push_str("</a>");
        self.text.push_str(label);
    }
}

/// Escapes `text` as html5ever's serializer does (which the sanitizer's
/// output is compared with): `&`, `<`, `>`, no-break spaces, and in
/// attributes `"`.
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    // The text between the characters to escape (each starts with an ASCII
    // byte or 0xC2, so each is a char boundary) is copied in runs.
    let bytes = text.as_bytes();
    let mut from = 0;
    for (at, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            0xC2 if bytes.get(at + 1) == Some(&0xA0) => "&nbsp;",
            _ => continue,
        };
        out.push_str(text.get(from..at).unwrap_or_default());
        out.push_str(entity);
        from = at + if b == 0xC2 { 2 } else { 1 };
    }
    out.push_str(text.get(from..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_in_attributes_only() {
        let escaped = |text: &str, attribute: bool| {
            let mut out = String::from("x");
            escape_into(&mut out, text, attribute);
            out
        };
        assert_eq!(
            escaped(r#"é<b> & "q"&"#, false),
            r#"xé&lt;b&gt; &amp; "q"&amp;"#
        );
        assert_eq!(escaped(r#""été""#, true), "x&quot;été&quot;");
        assert_eq!(escaped("", true), "x");
        assert_eq!(escaped("a\u{a0}b\u{a0}", false), "xa&nbsp;b&nbsp;");
    }
}
