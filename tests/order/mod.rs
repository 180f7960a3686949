//! Elements as the browser lists them, for the tests that read a plan's
//! targets: a document from `<html>`, a fragment from its first element,
//! never a `<template>`'s content (see src/target.rs).

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
