//! The page itself, tidied: consent boxes collapsed into their summary line,
//! clutter removed. Built by editing the parsed tree, then written afresh
//! from an allow-list: a head of Épure's own (UTF-8, a CSP that runs no
//! script, the title as text) and the page's body through the sanitizer,
//! re-parsed until it reads back as written. Nothing of the page's head
//! survives but its title: no charset, `http-equiv`, `<base>` or script.

use std::collections::HashSet;

use ego_tree::NodeId;
use html5ever::{ns, LocalName, QualName};
use scraper::node::{Element, Text};
use scraper::{ElementRef, Html, Node, StrTendril};

use super::sanitize::{self, SUMMARY_CLASS};
use super::summary;
use crate::plan::Placeholder;
use crate::text::collapse;

/// Opens every tidied page: the charset first, inside the 1,024 bytes a
/// browser prescans, so that no charset the page declared (a trick: bytes
/// written as UTF-8, read as ISO-2022-JP, swallow a `<style>` tag) applies.
/// The CSP allows no script, frame, font, form target or base URL; images
/// load from the web as on the page, styles only from this head.
const HEAD_START: &str = concat!(
    r#"<meta charset="utf-8">"#,
    r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; "#,
    r#"img-src http: https: data:; style-src 'unsafe-inline'; "#,
    r#"base-uri 'none'; form-action 'none'">"#,
);
/// The summary line's look: readable on any page, no remote asset.
const SUMMARY_CSS: &str =
    "font-style:italic;color:#444;background:#f3f3f3;padding:2px 6px;border-radius:3px";
/// Longest `lang` value kept: a BCP 47 tag with a few subtags.
const MAX_LANG_CHARS: usize = 35;

/// Writes the tidied page. `boxes` are the consent boxes to collapse,
/// `clutter` the elements to drop.
pub fn write(mut html: Html, boxes: &[(NodeId, &Placeholder)], clutter: &[NodeId]) -> String {
    let collapsed: HashSet<NodeId> = boxes.iter().map(|(id, _)| *id).collect();
    for &(id, placeholder) in boxes {
        let summary = summary_line(&mut html, placeholder);
        if let Some(mut node) = html.tree.get_mut(id) {
            node.insert_id_before(summary);
            node.detach();
        }
    }
    for &id in clutter {
        if collapsed.contains(&id) {
            continue;
        }
        if let Some(mut node) = html.tree.get_mut(id) {
            node.detach();
        }
    }
    let head = head(&html);
    let open = html_start(&html);
    let source = body_html(&html);
    // The page's tree is done with: free it before the sanitizer builds its own.
    drop(html);
    let page =
        |body: &str| format!("<!DOCTYPE html>{open}<head>{head}</head><body>{body}</body></html>");
    let body = sanitize::clean_page_body(&source, |body| {
        body_html(&Html::parse_document(&page(body)))
    });
    page(&body)
}

/// The body's content, serialized; empty when the page has none.
fn body_html(html: &Html) -> String {
    child(html.root_element(), "body")
        .map(|b| b.inner_html())
        .unwrap_or_default()
}

/// The first child element of `parent` named `name`.
fn child<'a>(parent: ElementRef<'a>, name: &str) -> Option<ElementRef<'a>> {
    parent
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == name)
}

/// Épure's head: charset, CSP, the summary line's style, the page's title.
fn head(html: &Html) -> String {
    // The head's title only: an SVG `<title>` in the body names a drawing.
    let title = child(html.root_element(), "head")
        .and_then(|head| child(head, "title"))
        .map(|t| collapse(&t.text().collect::<String>()))
        .unwrap_or_default();
    format!(
        "{HEAD_START}<style>.{SUMMARY_CLASS}{{{SUMMARY_CSS}}}</style><title>{}</title>",
        escape_text(&title)
    )
}

/// `<html>` with the page's language and direction when they are well formed.
fn html_start(html: &Html) -> String {
    let root = html.root_element().value();
    let lang = root.attr("lang").map(str::trim).filter(|l| {
        !l.is_empty()
            && l.len() <= MAX_LANG_CHARS
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    let dir = root
        .attr("dir")
        .map(str::trim)
        .filter(|d| matches!(*d, "ltr" | "rtl" | "auto"));
    let mut open = String::from("<html");
    for (name, value) in [("lang", lang), ("dir", dir)] {
        if let Some(value) = value {
            open.push_str(&format!(r#" {name}="{value}""#));
        }
    }
    open.push('>');
    open
}

/// Text as the HTML serializer writes it (so that the page reads back the same).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}

/// Builds `<span class="epure-summary">summary <a href=…>label</a></span>`
/// as detached nodes; text goes in as text nodes.
fn summary_line(html: &mut Html, placeholder: &Placeholder) -> NodeId {
    let span = element("span", &[("class", SUMMARY_CLASS)]);
    let span = html.tree.orphan(span).id();
    summary::write(placeholder, &mut Line { html, span });
    span
}

/// A summary line written into the page's tree, under its `<span>`.
struct Line<'a> {
    html: &'a mut Html,
    span: NodeId,
}

impl Line<'_> {
    fn append(&mut self, node: Node) -> Option<NodeId> {
        let mut span = self.html.tree.get_mut(self.span)?;
        Some(span.append(node).id())
    }
}

impl summary::Sink for Line<'_> {
    fn text(&mut self, value: &str) {
        self.append(text(value));
    }

    fn link(&mut self, href: &str, label: &str) {
        let link = element(
            "a",
            &[("href", href), ("rel", "noopener noreferrer nofollow")],
        );
        if let Some(link) = self.append(link) {
            if let Some(mut link) = self.html.tree.get_mut(link) {
                link.append(text(label));
            }
        }
    }
}

fn element(name: &str, attrs: &[(&str, &str)]) -> Node {
    let qual = |n: &str| QualName::new(None, ns!(), LocalName::from(n));
    let attributes = attrs
        .iter()
        .map(|(k, v)| html5ever::Attribute {
            name: qual(k),
            value: (*v).into(),
        })
        .collect();
    Node::Element(Element::new(
        QualName::new(None, ns!(html), LocalName::from(name)),
        attributes,
    ))
}

fn text(value: &str) -> Node {
    Node::Text(Text {
        text: StrTendril::from(value),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::plan::Target;

    fn placeholder(summary: &str, url: Option<&str>) -> Placeholder {
        Placeholder {
            platform: None,
            author: None,
            text: None,
            url: url.map(str::to_owned),
            tool: None,
            summary: summary.to_owned(),
            target: Target::default(),
        }
    }

    fn box_id(html: &Html) -> NodeId {
        let sel = scraper::Selector::parse(".box").unwrap();
        html.select(&sel).next().unwrap().id()
    }

    #[test]
    fn collapses_a_box_into_text_and_an_http_link() {
        let html = Html::parse_document(
            r#"<p>before</p><div class="box">Accept cookies to see <button onclick="x()">Accept</button></div><p>after</p>"#,
        );
        let id = box_id(&html);
        let p = placeholder(
            "<img src=x onerror=alert(1)> post",
            Some("https://x.com/a/status/1"),
        );
        let out = write(html, &[(id, &p)], &[]);
        assert!(!out.contains("Accept"));
        assert!(
            out.contains(r#"<span class="epure-summary">&lt;img src=x onerror=alert(1)&gt; post"#)
        );
        assert!(out.contains(r#"<a href="https://x.com/a/status/1""#));
    }

    #[test]
    fn writes_its_own_head_and_keeps_only_the_title() {
        let html = Html::parse_document(
            r#"<html lang='en" onload="alert(1)'><head><meta charset="iso-2022-jp">
            <meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="https://evil.example/">
            <link rel="stylesheet" href="s.css"><style>p{}</style>
            <title>Storm &amp; flood</title&lt;script&gt;alert(1)</title></head><body><p>text</p></body></html>"#,
        );
        let out = write(html, &[], &[]);
        assert!(
            out.starts_with(&format!("<!DOCTYPE html><html><head>{HEAD_START}<style>")),
            "{out}"
        );
        let back = Html::parse_document(&out);
        let title = scraper::Selector::parse("title").unwrap();
        let title: String = back.select(&title).next().unwrap().text().collect();
        assert_eq!(title, "Storm & flood</title<script>alert(1)");
        for gone in ["iso-2022-jp", "refresh", "evil", "s.css", "p{}", "onload"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert_eq!(back.html(), out, "the page reads back as written");
    }

    #[test]
    fn writes_a_body_that_reads_back_as_written() {
        // Unwrapping `<object>` would leave a link inside a link, which a
        // browser splits; the page is written as the browser will read it.
        let html = Html::parse_document(
            r#"<p><a href="/1">x<object><a href="/2">y</a></object>z</a></p>"#,
        );
        let out = write(html, &[], &[]);
        assert_eq!(Html::parse_document(&out).html(), out);
        assert!(
            out.contains(r#"<a href="/1" rel="noopener noreferrer nofollow">x</a>"#),
            "{out}"
        );
    }

    #[test]
    fn keeps_layout_tags_and_in_page_links_but_no_page_style() {
        let html = Html::parse_document(
            r##"<html lang="fr" dir="rtl"><body><header id="top" style="display:none" class="masthead">Le Journal</header>
            <main><section><h1>Titre</h1><p><a href="#top">haut</a> <a href="//evil.example/">x</a></p></section></main></body></html>"##,
        );
        let out = write(html, &[], &[]);
        assert!(out.contains(r#"<html lang="fr" dir="rtl">"#), "{out}");
        assert!(
            out.contains(r#"<header id="top">Le Journal</header>"#),
            "{out}"
        );
        assert!(out.contains("<main><section><h1>Titre</h1>"), "{out}");
        assert!(
            out.contains(r##"<a href="#top" rel="noopener noreferrer nofollow">haut</a>"##),
            "{out}"
        );
        assert!(!out.contains("evil") && !out.contains("masthead"), "{out}");
    }

    #[test]
    fn drops_scripts_handlers_script_links_and_clutter() {
        let html = Html::parse_document(
            r#"<script>alert(1)</script><p onclick="alert(2)">text</p><a href=" java	script:alert(3)">j</a><aside class="box">ad</aside>
            <iframe srcdoc="<script>alert(4)</script>"></iframe><svg><a><set attributeName="href" to="javascript:alert(5)"/></a></svg>"#,
        );
        let id = box_id(&html);
        let out = write(html, &[], &[id]);
        assert!(!out.contains("alert"), "{out}");
        assert!(!out.contains(">ad<"));
        assert!(out.contains("text"));
    }

    #[test]
    fn refuses_a_non_http_summary_link() {
        let html = Html::parse_document(r#"<div class="box">x</div>"#);
        let id = box_id(&html);
        let p = placeholder("post", Some("javascript:alert(1)"));
        let out = write(html, &[(id, &p)], &[]);
        assert!(!out.contains("javascript"));
        assert!(out.contains("post"));
    }
}
