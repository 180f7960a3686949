//! Elements as the browser lists them, for the tests that read a plan's
//! targets: a document from `<html>`, a fragment from its first element,
//! never a `<template>`'s content (see src/target.rs); and where a target
//! stands in the page's text (a box's expected `after_text`).

pub fn elements(html: &scraper::Html, fragment: bool) -> Vec<scraper::ElementRef<'_>> {
    let top = html.root_element();
    let mut in_template = 0usize;
    let mut elements = Vec::new();
    for edge in top.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                scraper::Node::Fragment => in_template += 1,
                scraper::Node::Element(_)
                    if in_template == 0 && !(fragment && node.id() == top.id()) =>
                {
                    elements.extend(scraper::ElementRef::wrap(node));
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if matches!(node.value(), scraper::Node::Fragment) {
                    in_template -= 1;
                }
            }
        }
    }
    elements
}

/// The element at a plan target's `index`, if it has the target's `tag`.
pub fn element_at<'a>(
    html: &'a scraper::Html,
    fragment: bool,
    index: u32,
    tag: &str,
) -> Option<scraper::ElementRef<'a>> {
    let el = *elements(html, fragment).get(usize::try_from(index).ok()?)?;
    (el.value().name() == tag).then_some(el)
}

/// The visible text of the page before `el`, whitespace collapsed.
fn text_before(html: &scraper::Html, el: scraper::ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in html.tree.root().descendants() {
        if node.id() == el.id() {
            break;
        }
        if let scraper::Node::Text(t) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    matches!(
                        e.name(),
                        "script" | "style" | "template" | "noscript" | "head"
                    )
                })
            });
            if !hidden {
                out.push_str(t);
                out.push(' ');
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Chars before a box in which its `after_text` must end: room for an ad
/// label or a skip link between the text and the box.
const AFTER_TEXT_WINDOW: usize = 120;

/// The end of the visible text before `el` in which a box's `after_text`
/// must be found for the box to be where it is expected.
pub fn tail_before(html: &scraper::Html, el: scraper::ElementRef<'_>, after: &str) -> String {
    let chars: Vec<char> = text_before(html, el).chars().collect();
    let from = chars
        .len()
        .saturating_sub(after.chars().count() + AFTER_TEXT_WINDOW);
    chars.get(from..).unwrap_or_default().iter().collect()
}
