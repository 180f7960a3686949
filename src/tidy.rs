//! The page itself, tidied: consent boxes collapsed into their summary line,
//! clutter and scripts removed. Built by editing the parsed tree and letting
//! the HTML serializer write it, so that page text is always written as text.

use std::collections::HashSet;

use ego_tree::NodeId;
use html5ever::{ns, LocalName, QualName};
use scraper::node::{Element, Text};
use scraper::{Html, Node, StrTendril};

use crate::article::metadata::absolute_http;
use crate::article::render::link_label;
use crate::plan::Placeholder;

/// Elements removed from the tidied page wherever they are: code, and what
/// only code would have shown.
const REMOVED: &[&str] = &[
    "script", "noscript", "template", "object", "embed", "applet",
];
/// Inline style of the summary line: readable on any page, no remote asset.
const SUMMARY_STYLE: &str =
    "font-style:italic;color:#444;background:#f3f3f3;padding:2px 6px;border-radius:3px";

/// Writes the tidied page. `boxes` are the consent boxes to collapse,
/// `clutter` the elements to drop.
pub fn write(mut html: Html, boxes: &[(NodeId, &Placeholder)], clutter: &[NodeId]) -> String {
    let doomed: Vec<NodeId> = html
        .tree
        .nodes()
        .filter(|n| {
            n.value()
                .as_element()
                .is_some_and(|el| REMOVED.contains(&el.name()))
        })
        .map(|n| n.id())
        .chain(clutter.iter().copied())
        .collect();
    let collapsed: HashSet<NodeId> = boxes.iter().map(|(id, _)| *id).collect();
    for &(id, placeholder) in boxes {
        let summary = summary_line(&mut html, placeholder);
        if let Some(mut node) = html.tree.get_mut(id) {
            node.insert_id_before(summary);
            node.detach();
        }
    }
    for id in doomed {
        if collapsed.contains(&id) {
            continue;
        }
        if let Some(mut node) = html.tree.get_mut(id) {
            node.detach();
        }
    }
    strip_handlers(&mut html);
    html.html()
}

/// Builds `<span class="epure-summary">summary <a href=…>label</a></span>`
/// as detached nodes; text goes in as text nodes.
fn summary_line(html: &mut Html, placeholder: &Placeholder) -> NodeId {
    let span = element(
        "span",
        &[("class", "epure-summary"), ("style", SUMMARY_STYLE)],
    );
    let mut span = html.tree.orphan(span);
    span.append(text(&placeholder.summary));
    if let Some(url) = placeholder
        .url
        .as_deref()
        .and_then(|u| absolute_http(None, u))
    {
        span.append(text(" "));
        let mut link = span.append(element(
            "a",
            &[
                ("href", url.as_str()),
                ("rel", "noopener noreferrer nofollow"),
            ],
        ));
        link.append(text(&link_label(&url)));
    }
    span.id()
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

/// Removes event handlers and script links, which would run again without
/// any `<script>`.
fn strip_handlers(html: &mut Html) {
    let ids: Vec<NodeId> = html.tree.nodes().map(|n| n.id()).collect();
    for id in ids {
        let Some(mut node) = html.tree.get_mut(id) else {
            continue;
        };
        if let Node::Element(el) = node.value() {
            el.attrs.retain(|name, value| {
                let local: &str = &name.local;
                // Browsers ignore tabs, newlines and controls inside a scheme.
                let lower: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .take(16)
                    .collect::<String>()
                    .to_ascii_lowercase();
                !local.to_ascii_lowercase().starts_with("on")
                    && !(matches!(
                        local,
                        "href" | "src" | "action" | "formaction" | "xlink:href"
                    ) && (lower.starts_with("javascript:") || lower.starts_with("vbscript:")))
                    && !(matches!(local, "href" | "action" | "formaction")
                        && lower.starts_with("data:"))
            });
        }
    }
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
        assert!(out.contains("&lt;img src=x onerror=alert(1)&gt; post"));
        assert!(out.contains(r#"<a href="https://x.com/a/status/1""#));
    }

    #[test]
    fn drops_scripts_handlers_script_links_and_clutter() {
        let html = Html::parse_document(
            r#"<script>alert(1)</script><p onclick="alert(2)">text</p><a href=" java	script:alert(3)">j</a><aside class="box">ad</aside>"#,
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
