//! Boxes a page's script draws: an element the script will turn into a
//! box — a custom element (its name hyphenated) or the host of a
//! declarative shadow root (`<template shadowrootmode>`, as the browser
//! serializes an open shadow root) — whose box is drawn in its shadow
//! root, so the markup keeps no control. Such an element is a box when it
//! carries an embed's platform address in an attribute (or in its shadow
//! content's attributes), or an embed's ID beside the platform its tag
//! names (`amp-youtube[data-videoid]`), and says it waits for consent:
//! its attributes
//! (`description="… requires marketing consent"`, a `consent` attribute)
//! or its shadow content's text. A custom element that asks nothing (a
//! video facade, a web component with a `src`) is not a box, nor one whose
//! shadow content or own children already show the embed in a frame (a
//! component its runtime built once consent was given).

use std::sync::LazyLock;

use scraper::{ElementRef, Node};
use serde::Serialize;

use super::carriers::{id_embed, is_live_frame, useful_title, Embed, MAX_CARRIER_NODES};
use super::controls::holds_live_frame;
use super::language;
use super::platform::{by_url, canonical};
use crate::data::{tools, LANGUAGES};
use crate::text::{cut_bytes, fold, truncate};

/// Attributes (and classes) of one element read: a box keeps a dozen.
const MAX_ATTRIBUTES: usize = 32;

/// Chars of one attribute's value read as wording: a box's sentence or a
/// button's label, never a kept embed's whole HTML.
const MAX_WORDING_CHARS: usize = 400;

/// Attributes that name or style an element, never say anything to the
/// reader (a class may well hold "marketing").
const NOT_WORDING: [&str; 3] = ["class", "id", "style"];

/// Nodes of a declarative shadow root read: a drawn box is a few tens.
const MAX_SHADOW_NODES: usize = 200;

/// Chars of text kept from the shadow content.
const MAX_SHADOW_CHARS: usize = 1_000;

/// What the browser's looser test of the same reads (the pre-check's
/// `scripted_boxes`): it sees an open shadow root itself, a closed one not
/// at all (then the attributes are all there is).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Precheck {
    /// Folded words for consent, all languages (`needs.consent`).
    pub consent_words: Vec<String>,
    /// Attributes never read as wording.
    pub not_wording: Vec<String>,
    pub max_attributes: usize,
    pub max_shadow_nodes: usize,
    pub max_shadow_chars: usize,
}

/// The pre-check's data for boxes a script draws.
pub fn precheck() -> Precheck {
    Precheck {
        consent_words: CONSENT_WORDS.clone(),
        not_wording: NOT_WORDING.map(str::to_owned).to_vec(),
        max_attributes: MAX_ATTRIBUTES,
        max_shadow_nodes: MAX_SHADOW_NODES,
        max_shadow_chars: MAX_SHADOW_CHARS,
    }
}

/// Every language's words for consent, folded, sorted, each once.
static CONSENT_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words: Vec<String> = LANGUAGES
        .iter()
        .flat_map(|l| &l.needs.consent)
        .map(|c| fold(c))
        .collect();
    words.sort();
    words.dedup();
    words
});

/// Whether `el` is a box a script draws (see the module's doc).
pub fn is_scripted_box(el: ElementRef<'_>) -> bool {
    let shadow = shadow_root(el);
    if !el.value().name().contains('-') && shadow.is_none() {
        return false;
    }
    let attributes: Vec<(&str, &str)> = el.value().attrs().take(MAX_ATTRIBUTES).collect();
    let mut shadow_attributes: Vec<(&str, &str)> = Vec::new();
    let mut shadow_text = String::new();
    if let Some(root) = shadow {
        for node in root.descendants().take(MAX_SHADOW_NODES) {
            match node.value() {
                Node::Element(e) => {
                    let Some(inner) = ElementRef::wrap(node) else {
                        continue;
                    };
                    // The embed already shown in its frame: consent was given.
                    if e.name() == "iframe" && is_live_frame(inner) {
                        return false;
                    }
                    shadow_attributes.extend(e.attrs().take(MAX_ATTRIBUTES));
                }
                Node::Text(t) if shadow_text.len() < MAX_SHADOW_CHARS => {
                    shadow_text.push_str(t);
                    shadow_text.push(' ');
                }
                _ => {}
            }
        }
    }
    let address = attributes
        .iter()
        .chain(&shadow_attributes)
        .any(|(_, value)| is_platform_address(value))
        || id_embed(el).is_some();
    address
        && !holds_live_frame(el)
        && !is_built(el)
        && (attributes
            .iter()
            .filter(|(name, _)| !NOT_WORDING.contains(name))
            .any(|(name, value)| says_consent(&name.replace(['-', '_'], " ")) || asks(value))
            || asks(&shadow_text))
}

/// Whether a component's runtime marked `el` built: consent let it
/// build its embed, whose frame may come later (AMP lays out a player
/// only near the viewport).
fn is_built(el: ElementRef<'_>) -> bool {
    el.value()
        .classes()
        .take(MAX_ATTRIBUTES)
        .any(|c| tools().any(|t| t.file.built.iter().any(|b| b == c)))
}

/// The embed a script-drawn box in `outer` (itself included) stands for:
/// the platform address in its attributes (its shadow content's, else)
/// and its `title`.
pub fn embed_in(outer: ElementRef<'_>, base: Option<&url::Url>) -> Option<Embed> {
    let host = outer
        .descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .find(|e| is_scripted_box(*e))?;
    let own = host.value().attrs().take(MAX_ATTRIBUTES);
    let shadow = shadow_root(host)
        .into_iter()
        .flat_map(|root| root.descendants().take(MAX_SHADOW_NODES))
        .filter_map(ElementRef::wrap)
        .flat_map(|e| e.value().attrs().take(MAX_ATTRIBUTES));
    let url = own
        .chain(shadow)
        .filter(|(_, v)| is_platform_address(v))
        .find_map(|(_, v)| crate::url::clean(v.trim(), base))
        .or_else(|| id_embed(host).map(|(_, url)| url))
        .map(canonical)?;
    Some(Embed {
        platform: by_url(&url),
        title: host.value().attr("title").and_then(useful_title),
        url: Some(url),
        ..Embed::default()
    })
}

/// Whether an element in `outer` (itself included) shows its embed in a
/// live frame of its declarative shadow root: the browser draws that
/// content, so consent was given, whatever the light markup says.
pub fn shows_embed_in_shadow(outer: ElementRef<'_>) -> bool {
    outer
        .descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .filter_map(shadow_root)
        .any(|root| {
            root.descendants()
                .take(MAX_SHADOW_NODES)
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "iframe" && is_live_frame(e))
        })
}

/// The content of `el`'s declarative shadow root, if it has one.
fn shadow_root(el: ElementRef<'_>) -> Option<ego_tree::NodeRef<'_, Node>> {
    el.children()
        .filter_map(ElementRef::wrap)
        .find(|c| c.value().name() == "template" && c.value().attr("shadowrootmode").is_some())
        .map(|t| *t)
}

/// Whether `value` is an http(s) address of a known platform.
fn is_platform_address(value: &str) -> bool {
    crate::url::clean(value, None).is_some_and(|u| by_url(&u).is_some())
}

/// Whether a text (an attribute's value, tags and all, or the shadow
/// content's text) asks consent: a phrase of any language, or a word for
/// consent (`needs.consent`: "cookie", "suostumu").
fn asks(text: &str) -> bool {
    let words = without_tags(cut_bytes(text, MAX_WORDING_CHARS * 4));
    let folded = fold(&truncate(&words, MAX_WORDING_CHARS));
    says_consent(&folded) || language::scan(&folded).iter().any(|h| h.ask)
}

/// Whether text holds a word starting as a consent word does.
fn says_consent(text: &str) -> bool {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|word| CONSENT_WORDS.iter().any(|c| word.starts_with(c.as_str())))
}

/// `text` with its tags dropped (`… <em>Markkinointi</em> …`).
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::{Html, Selector};

    fn first(html: &str, css: &str) -> bool {
        let doc = Html::parse_document(html);
        let sel = Selector::parse(css).unwrap();
        let el = doc.select(&sel).next().unwrap();
        is_scripted_box(el)
    }

    #[test]
    fn a_custom_element_with_an_address_and_consent_wording_in_its_attributes_is_a_box() {
        assert!(first(
            r#"<x-embed src="https://www.youtube.com/embed/a1b2c3d4e5f" description="Loading this needs your <em>marketing</em> consent." button="Settings"></x-embed>"#,
            "x-embed"
        ));
        // The attribute's name says what it waits for.
        assert!(first(
            r#"<x-embed consent="statistics" src="https://vimeo.com/123456"></x-embed>"#,
            "x-embed"
        ));
    }

    #[test]
    fn a_component_named_for_its_platform_keeping_an_id_and_blocked_on_consent_is_a_box() {
        // AMP's component left unbuilt by amp-consent: the ID beside the
        // platform its tag names, the blocking attribute naming consent.
        let blocked = r#"<amp-youtube data-videoid="Kw3nB8qZr5T" layout="responsive" data-block-on-consent><div placeholder>Video</div></amp-youtube>"#;
        assert!(first(blocked, "amp-youtube"));
        let doc = Html::parse_document(blocked);
        let el = doc
            .select(&Selector::parse("amp-youtube").unwrap())
            .next()
            .unwrap();
        let embed = embed_in(el, None).unwrap();
        assert_eq!(
            embed.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=Kw3nB8qZr5T"
        );
        // Built once consent was given, its frame not laid out yet.
        assert!(!first(
            &blocked.replace(
                "<amp-youtube ",
                r#"<amp-youtube class="i-amphtml-element i-amphtml-built" "#
            ),
            "amp-youtube"
        ));
        // Built once consent was given: the player's frame is its child.
        assert!(!first(
            r#"<amp-youtube data-videoid="Kw3nB8qZr5T" data-block-on-consent><iframe src="https://www.youtube.com/embed/Kw3nB8qZr5T?amp=1"></iframe></amp-youtube>"#,
            "amp-youtube"
        ));
        // Not blocked: nothing says it waits for consent.
        assert!(!first(
            r#"<amp-vimeo data-videoid="912834756" layout="responsive"></amp-vimeo>"#,
            "amp-vimeo"
        ));
    }

    #[test]
    fn a_facade_or_a_web_component_asking_nothing_is_not_a_box() {
        assert!(!first(
            r#"<lite-youtube videoid="a1b2c3d4e5f" playlabel="Play: Harbour tour"></lite-youtube>"#,
            "lite-youtube"
        ));
        assert!(!first(
            r#"<video-player src="https://www.youtube.com/embed/a1b2c3d4e5f" title="Harbour tour"></video-player>"#,
            "video-player"
        ));
        // Consent wording but no address: a banner, not a box.
        assert!(!first(
            r#"<cookie-notice text="We use cookies"></cookie-notice>"#,
            "cookie-notice"
        ));
        // A plain element is not drawn by a script.
        assert!(!first(
            r#"<div data-src="https://vimeo.com/123456" title="needs your consent"></div>"#,
            "div"
        ));
    }

    #[test]
    fn a_declarative_shadow_root_s_text_asks_and_its_live_frame_says_consent_was_given() {
        assert!(first(
            r#"<div class="e" data-src="https://www.youtube.com/embed/a1b2c3d4e5f"><template shadowrootmode="open"><p>Allow cookies to see this video?</p><button>Allow</button></template></div>"#,
            "div.e"
        ));
        let shown = r#"<div class="e"><template shadowrootmode="closed"><iframe src="https://www.youtube.com/embed/a1b2c3d4e5f"></iframe></template></div>"#;
        let doc = Html::parse_document(shown);
        assert!(shows_embed_in_shadow(doc.root_element()));
        assert!(!first(
            r#"<div class="e"><template shadowrootmode="closed"><p>Our cookie policy</p><iframe src="https://www.youtube.com/embed/a1b2c3d4e5f"></iframe></template></div>"#,
            "div.e"
        ));
    }
}
