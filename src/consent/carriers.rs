//! What survives of a blocked embed inside a box: platforms' own post
//! markup, URLs parked in attributes, inert scripts holding the original
//! HTML (didomi/html, Borlabs base64 templates, Embed Privacy `_oembed_`
//! JSON strings), `<noscript>`, a frame in an HTML comment, a `data-*`
//! attribute holding the embed's HTML, and the hooks tool and platform
//! files name: a service's name beside the URL, IDs with their URL
//! templates, links to the original. Inert HTML is parsed, never run.
//!
//! This module walks a box and reads each element; `inert` decodes what a
//! page keeps as text (and holds the one call into the HTML parser for it),
//! `posts` reads each platform's own post markup.

mod inert;
mod posts;

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};
use url::Url;

pub use inert::{
    address_in_json, html_in_attributes, html_in_template, is_blocked_script, keeps_embed,
    platform_address_in, platform_addresses_in,
};
use inert::{bounded, embedded_html, inert_html, read_markup};
use posts::{facebook, instagram, status_link, tiktok, tweet};

use super::platform::{self, by_name, by_url, canonical};
use crate::data::{tools, PlatformEntry, PLATFORMS, TOOLS};
use crate::text::visible;

/// An element hidden until consent (`hidden`, or `display:none` in its
/// style): a tool may keep the embed's HTML as its text.
pub fn is_hidden(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.attr("hidden").is_some()
        || v.attr("style")
            .is_some_and(|s| s.replace(' ', "").contains("display:none"))
}

/// Whether a frame's attribute holds a platform's address: its own, or
/// the site's address handing one on in a query parameter
/// (`/media/oembed?url=https%3A//www.youtube.com/…`).
fn is_platform_address(value: &str) -> bool {
    (is_address(value) || is_site_relative(value))
        && handed_or_own(value, None).is_some_and(|u| by_url(&u).is_some())
}

fn is_site_relative(value: &str) -> bool {
    let v = value.trim_start();
    v.starts_with('/') && !v.starts_with("//")
}

/// A parked address, canonical: read against the page's address, or, for
/// a site address without a page address to read it against, the
/// platform address it hands on (`/media/oembed?url=https%3A//…`).
fn handed_or_own(raw: &str, base: Option<&Url>) -> Option<Url> {
    if let Some(url) = crate::url::clean(raw, base) {
        return Some(canonical(url));
    }
    if !is_site_relative(raw) {
        return None;
    }
    let site = Url::parse("https://site.invalid/").ok()?;
    crate::url::clean(raw, Some(&site))
        .map(canonical)
        .filter(|u| by_url(u).is_some())
}

/// The platform address a site-relative address hands on in a query
/// parameter (`/media/oembed?url=https%3A//www.youtube.com/…`).
pub fn handed_on_by_site(raw: &str) -> Option<Url> {
    if !is_site_relative(raw) || !raw.contains('?') {
        return None;
    }
    handed_or_own(raw, None).filter(|u| by_url(u).is_some())
}

/// Wrappers above a box searched for the embed's address they keep.
const WRAPPER_LEVELS: usize = 2;

/// The embed's address kept by a wrapper just above a box, in an
/// attribute, alone or after a prefix naming it
/// (`data-e2e="youtube-embed-https://…"`): for a box that kept none.
pub fn wrapper_address(outer: ElementRef<'_>) -> Option<Url> {
    outer
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take(WRAPPER_LEVELS)
        .take_while(|a| !matches!(a.value().name(), "article" | "main" | "body" | "section"))
        .flat_map(|a| a.value().attrs().map(|(_, value)| value))
        .find_map(|value| {
            let at = value.find("http")?;
            platform_address_in(value.get(at..)?)
        })
}

/// The embed a wrapper just above a box keeps beside it, in an element
/// that shows nothing (the tool's container holding the box's overlay
/// and, next to it, the inert embed), for a box that kept none. Only the
/// box's neighbourhood counts: the run of elements showing nothing on
/// either side of it. An element showing text ends the run; what lies
/// past it is the article's, parked for another box further up or down.
pub fn kept_by_wrapper(outer: ElementRef<'_>, base: Option<&Url>) -> Option<Embed> {
    let mut path = outer;
    for wrapper in outer
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take(WRAPPER_LEVELS)
    {
        if matches!(
            wrapper.value().name(),
            "article" | "main" | "body" | "section"
        ) {
            return None;
        }
        let silent = |n: &NodeRef<'_, Node>| match n.value() {
            Node::Text(t) => t.trim().is_empty(),
            _ => ElementRef::wrap(*n).is_none_or(|c| visible(c, 1).is_empty()),
        };
        let before = path.prev_siblings().take_while(silent);
        let after = path.next_siblings().take_while(silent);
        let kept = before
            .chain(after)
            .filter_map(ElementRef::wrap)
            .map(|c| read(c, base))
            .find(|e| e.url.is_some());
        if kept.is_some() {
            return kept;
        }
        path = wrapper;
    }
    None
}

/// Stand-ins a box's hidden twin may lie past: a placeholder picture shown
/// until consent (Hugo GDPR embeds: warning, placeholder GIF, hidden frame).
const MAX_STAND_INS: usize = 1;

/// Whether `el` only stands in for the content: no text, no frame, a
/// picture at most.
fn is_stand_in(el: ElementRef<'_>) -> bool {
    visible(el, 1).trim().is_empty()
        && !el
            .descendants()
            .take(MAX_CARRIER_NODES)
            .filter_map(ElementRef::wrap)
            .any(|d| d.value().name() == "iframe")
}

/// The first of `siblings` past at most [`MAX_STAND_INS`] shown stand-ins.
fn past_stand_ins<'a>(
    mut siblings: impl Iterator<Item = ElementRef<'a>>,
) -> Option<ElementRef<'a>> {
    let mut skipped = 0;
    siblings.find(|s| {
        let stand_in = skipped < MAX_STAND_INS && !is_hidden(*s) && is_stand_in(*s);
        skipped += usize::from(stand_in);
        !stand_in
    })
}

/// The embed an element right beside a box keeps while hidden until
/// consent (a tool's opt-in twin of the box, `display:none`, holding the
/// video's ID), for a box that kept none. Only the adjacent element on
/// either side, past a textless stand-in at most: anything further is the
/// article's.
pub fn kept_by_hidden_sibling(outer: ElementRef<'_>, base: Option<&Url>) -> Option<Embed> {
    let before = past_stand_ins(outer.prev_siblings().filter_map(ElementRef::wrap));
    let after = past_stand_ins(outer.next_siblings().filter_map(ElementRef::wrap));
    [before, after]
        .into_iter()
        .flatten()
        .filter(|s| is_hidden(*s))
        .map(|s| read(s, base))
        .find(|e| e.url.is_some())
}

/// The embed a tool keeps commented out right after its box, until
/// consent (Axeptio's `<!-- axeptio_blocked <plugin> …the shortcode's
/// output… -->`): only the node right after the box, past blank text, and
/// only markup in it. Anything further is the article's.
pub fn kept_in_comment_after(outer: ElementRef<'_>, base: Option<&Url>) -> Option<Embed> {
    let next = outer.next_siblings().find(|n| match n.value() {
        Node::Text(t) => !t.trim().is_empty(),
        _ => true,
    })?;
    let Node::Comment(comment) = next.value() else {
        return None;
    };
    comment
        .contains('<')
        .then(|| read_markup(comment, base))
        .filter(|e| e.url.is_some())
}

/// Words in the name of a `data-*` attribute naming the blocked service.
const PROVIDER_WORDS: [&str; 4] = ["provider", "service", "platform", "vendor"];

/// Elements read inside one box (a box is small; this bounds hostile ones).
pub const MAX_CARRIER_NODES: usize = 20_000;

/// Chars of text gathered per field before clipping.
pub(super) const TEXT_LIMIT: usize = 2_000;

/// Frame titles that say nothing about the embed, whatever the platform
/// (players' own defaults are each platform's `default_titles`).
const GENERIC_TITLES: [&str; 4] = [
    "video player",
    "chart visualization",
    "embedded content",
    "iframe",
];

/// Last words of a frame title that only says what kind of frame it is
/// ("Podcast player", "Map widget 2"); such a title of at most
/// [`MAX_KIND_TITLE_WORDS`] words is a default, not the embed's own.
const KIND_TITLE_ENDS: [&str; 4] = ["player", "widget", "embed", "iframe"];

/// Words of a title that only names its frame's kind.
const MAX_KIND_TITLE_WORDS: usize = 3;

/// What the page still says about one blocked embed.
#[derive(Debug, Default, Clone)]
pub struct Embed {
    pub platform: Option<&'static PlatformEntry>,
    pub author: Option<String>,
    pub text: Option<String>,
    pub url: Option<Url>,
    /// The frame's own title (a video's, a chart's), when it says something.
    pub title: Option<String>,
}

impl Embed {
    /// Takes `url` as the embed's address, and its platform from it when
    /// none is known yet.
    pub fn take_address(&mut self, url: Url) {
        self.platform = self.platform.or(platform::by_url(&url));
        self.url = Some(url);
    }

    /// Fills what is still missing from `other`, unless `other` is another
    /// platform's embed: a neighbouring post never lends its author or text
    /// to this one (issue 8).
    pub fn merge(&mut self, other: Embed) {
        if !platform::agree(self.platform, other.platform) {
            return;
        }
        self.platform = self.platform.or(other.platform);
        self.author = self.author.take().or(other.author);
        self.text = self.text.take().or(other.text);
        self.url = match (self.url.take(), other.url) {
            (Some(mine), Some(theirs)) if names_its_author(&mine, &theirs) => Some(theirs),
            (mine, theirs) => mine.or(theirs),
        };
        self.title = self.title.take().or(other.title);
    }
}

/// Whether `fuller` is the post `bare` addresses by its ID alone
/// (`twitter.com/i/status/ID`, made from a `data-tweetid`), with its
/// author in the path (`twitter.com/handle/status/ID`): the box's own
/// link to it says more than the ID.
fn names_its_author(bare: &Url, fuller: &Url) -> bool {
    fn last(u: &Url) -> Option<&str> {
        u.path_segments()
            .and_then(|mut s| s.rfind(|p| !p.is_empty()))
    }
    platform::author_in(bare).is_none()
        && platform::author_in(fuller).is_some()
        && by_url(bare).is_some_and(|p| by_url(fuller).is_some_and(|q| p.id == q.id))
        && last(bare).is_some_and(|id| last(fuller) == Some(id))
}

/// Reads every carrier in `el` (itself included).
pub fn read(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let mut embed = Embed::default();
    read_into(el, base, true, &mut embed);
    embed
}

fn read_into(el: ElementRef<'_>, base: Option<&Url>, decode: bool, embed: &mut Embed) {
    let mut stack: Vec<NodeRef<'_, Node>> = vec![*el];
    let mut seen = 0usize;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > MAX_CARRIER_NODES {
            break;
        }
        let Some(el) = ElementRef::wrap(node) else {
            // A frame commented out until consent (Decidim's
            // `div.disabled-iframe`) is the blocked embed's markup.
            if let Node::Comment(comment) = node.value() {
                if decode && comment.contains("<iframe") {
                    embed.merge(read_markup(comment, base));
                }
            }
            continue;
        };
        match carrier(el, base, decode) {
            Some(Found::Whole(found)) => embed.merge(found),
            Some(Found::Part(found)) => {
                embed.merge(found);
                stack.extend(node.children().rev());
            }
            None => stack.extend(node.children().rev()),
        }
    }
}

/// What one element carries. `Whole` carriers are read entirely (their
/// subtree is not walked again).
enum Found {
    Whole(Embed),
    Part(Embed),
}

fn has_class(el: ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c == class)
}

fn carrier(el: ElementRef<'_>, base: Option<&Url>, decode: bool) -> Option<Found> {
    let v = el.value();
    let name = v.name();
    if name == "blockquote" {
        // A platform's own post markup, known by its embed classes.
        let post = PLATFORMS
            .iter()
            .find(|p| p.embed_classes.iter().any(|c| has_class(el, c)));
        type Reader = fn(ElementRef<'_>, Option<&Url>) -> Embed;
        let reader: Option<Reader> = match post.map(|p| p.id.as_str()) {
            Some("x") => Some(tweet),
            Some("instagram") => Some(instagram),
            Some("tiktok") => Some(tiktok),
            Some("facebook") => Some(facebook),
            _ => None,
        };
        if let Some(read) = reader {
            return Some(Found::Whole(read(el, base)));
        }
        // A site that keeps a post's text in its box (Golem) quotes it in a
        // plain blockquote ending with the post's status link.
        if status_link(el, base).is_some() {
            return Some(Found::Whole(tweet(el, base)));
        }
    }
    if name == "script" {
        if !decode {
            return None;
        }
        let mut found = inert_html(el)
            .map(|html| read_markup(&html, base))
            .unwrap_or_default();
        // A blocked widget script builds its embed from an address in code.
        if found.url.is_none() && is_blocked_script(el) {
            let code: String = el.text().collect();
            found.url = platform_address_in(bounded(&code));
            found.platform = found.url.as_ref().and_then(by_url);
        }
        return Some(Found::Whole(found));
    }
    if name == "noscript" && el.children().all(|c| !c.value().is_element()) && decode {
        let html: String = el.text().collect();
        return Some(Found::Whole(read_markup(&html, base)));
    }
    // An embed's HTML kept as text: by a tool's element, a hidden one, or a
    // `<template>` holding it escaped (never parsed as the page's markup).
    if decode {
        if let Some(html) = html_in_template(el) {
            return Some(Found::Whole(read_markup(&html, base)));
        }
    }
    if decode
        && (tools()
            .flat_map(|t| &t.html_in_text)
            .any(|s| s.matches(&el))
            || is_hidden(el) && el.children().all(|c| !c.value().is_element()))
    {
        let text: String = el.text().collect();
        if let Some(html) = embedded_html(&text) {
            return Some(Found::Whole(read_markup(&html, base)));
        }
    }
    if decode {
        if let Some(mut hosted) = consent_host(el, base) {
            hosted.title = hosted
                .title
                .or_else(|| v.attr("title").and_then(useful_title));
            return Some(Found::Part(hosted));
        }
    }
    let mut found = if decode {
        html_in_attributes(el)
            .map(|html| read_markup(&html, base))
            .unwrap_or_default()
    } else {
        Embed::default()
    };
    // A parked URL, or a frame's own address inside decoded HTML.
    let parked = tools()
        .flat_map(|t| &t.file.parked)
        .find_map(|attr| v.attr(attr))
        .or_else(|| {
            tools()
                .flat_map(|t| &t.parked_on)
                .filter(|(on, _)| on.matches(&el))
                .find_map(|(_, attr)| v.attr(attr))
        })
        .or_else(|| parked_in_data(el));
    // In the page itself, a frame's own `src` is a live embed, shown, not
    // blocked: it is never a box's (issue 8). Inside decoded inert HTML it
    // is the blocked embed's address.
    let frame_src = (!decode && matches!(name, "iframe" | "a-iframe" | "img" | "embed"))
        .then(|| v.attr("src"))
        .flatten();
    if let Some(raw) = parked.or(frame_src) {
        found.url = handed_or_own(raw, base);
        found.platform = found.url.as_ref().and_then(by_url);
        // An image is the embed only when it is the platform's own thumbnail.
        if name == "img" && found.platform.is_none() {
            found.url = None;
        }
        if found.url.is_some() && name != "img" {
            found.title = v.attr("title").and_then(useful_title);
        }
    }
    if found.url.is_none() {
        // A preview image in the page, shown as an `<img>` or as an inline
        // background, stands for the video when it is the platform's own
        // thumbnail.
        let img = (decode && name == "img").then(|| v.attr("src")).flatten();
        let thumbnail = img
            .and_then(thumbnail)
            .or_else(|| v.attr("style").and_then(thumbnail_in_style));
        if let Some(url) = thumbnail {
            found.platform = by_url(&url);
            found.url = Some(url);
        }
    }
    // A control loading the embed with its address as the handler's
    // argument (`onclick="loadVideo('https://…')"`).
    if found.url.is_none() && is_clicked_control(el) {
        if let Some(url) = v
            .attr("onclick")
            .and_then(|code| platform_address_in(bounded(code)))
        {
            found.platform = by_url(&url);
            found.url = Some(url);
        }
    }
    // A player waiting for its source is titled with what it will show.
    if name == "video" && awaits_source(el) {
        found.title = found
            .title
            .or_else(|| v.attr("title").and_then(useful_title));
    }
    if found.url.is_none() {
        if let Some(url) = address_in_json(el) {
            found.platform = by_url(&url);
            found.url = Some(url);
        }
    }
    for attr in tools().flat_map(|t| &t.file.providers) {
        if let Some(named) = v.attr(attr).and_then(by_name) {
            found.platform = found.platform.or(Some(named));
        }
    }
    // Tools name the blocked service in attributes of their own
    // (`data-embed-provider`, `data-service`, `data-cmp-vendor`…).
    if found.platform.is_none() {
        found.platform = v
            .attrs()
            .filter(|(n, _)| n.starts_with("data-") && PROVIDER_WORDS.iter().any(|w| n.contains(w)))
            .find_map(|(_, value)| by_name(value));
    }
    for hook in tools().flat_map(|t| &t.file.named_urls) {
        let Some((provider, raw)) = v
            .attr(&hook.attribute)
            .and_then(|value| value.split_once(hook.separator.as_str()))
        else {
            continue;
        };
        found.url = found
            .url
            .or_else(|| crate::url::clean(raw, base).map(canonical));
        found.platform = found
            .url
            .as_ref()
            .and_then(by_url)
            .or_else(|| by_name(provider));
        found.author = found.url.as_ref().and_then(platform::author_in);
    }
    for hook in tools().flat_map(|t| &t.file.prefixed_providers) {
        if let Some(named) = v
            .attr(&hook.attribute)
            .and_then(|value| value.strip_prefix(hook.prefix.as_str()))
        {
            found.platform = by_name(named);
        }
    }
    if let Some((platform, url)) = platform_embed_id(el) {
        found.url = Some(url);
        found.platform = Some(platform);
    }
    let embed_url = tools()
        .flat_map(|t| &t.file.embed_urls)
        .find_map(|attr| v.attr(attr));
    if let Some(raw) = embed_url {
        found.url = crate::url::clean(raw, base).map(canonical);
        found.platform = found.url.as_ref().and_then(by_url);
    }
    if let Some((platform, url)) = id_embed(el) {
        found.url = found.url.or(Some(url));
        found.platform = found.platform.or(Some(platform));
        let title = v.attr("title").or_else(|| v.attr("data-title"));
        found.title = found
            .title
            .or_else(|| title.and_then(useful_title).filter(|t| !is_box_wording(t)));
    }
    // A frame titled with its platform's name ("Facebook") says nothing more.
    if let (Some(title), Some(platform)) = (&found.title, found.platform) {
        if title.eq_ignore_ascii_case(&platform.name)
            || platform.names.contains(&title.to_lowercase())
        {
            found.title = None;
        }
    }
    if tools()
        .flat_map(|t| &t.original_links)
        .any(|s| s.matches(&el))
    {
        found.url = v
            .attr("href")
            .and_then(|h| crate::url::clean(h, base))
            .map(canonical);
        found.platform = found.url.as_ref().and_then(by_url);
    }
    Some(Found::Part(found))
}

/// The embed a frame's markup describes, kept as text in a page's data (a
/// site's script listing the frames it blocked, `"<iframe src=\"…\" …>"`).
pub fn markup_embed(html: &str) -> Embed {
    read_markup(html, None)
}

/// `url(…)` images read in one style attribute.
const MAX_STYLE_IMAGES: usize = 4;

/// The post or video whose thumbnail a style shows as its background
/// (`background-image: url("https://img.youtube.com/vi/ID/…")`): a box
/// whose tool took the frame out may keep only its preview. An image is
/// the embed only when the platform's address scheme maps it to one.
fn thumbnail_in_style(style: &str) -> Option<Url> {
    style
        .split("url(")
        .skip(1)
        .take(MAX_STYLE_IMAGES)
        .filter_map(|rest| rest.split(')').next())
        .map(|inner| inner.trim().trim_matches(['"', '\'']).trim())
        .find_map(thumbnail)
}

/// The post or video an image address is the platform's thumbnail of
/// (`img.youtube.com/vi/ID/…`): only when the platform's address scheme
/// maps it to one.
fn thumbnail(raw: &str) -> Option<Url> {
    if !is_address(raw) {
        return None;
    }
    let image = crate::url::clean(raw, None)?;
    let url = canonical(image.clone());
    (url != image && by_url(&url).is_some()).then_some(url)
}

/// Whether a frame in the page loads its content itself: its `src` is an
/// http(s) or protocol-relative address (a blocked frame has none, or
/// `about:blank`).
pub fn is_live_frame(el: ElementRef<'_>) -> bool {
    el.value().attr("src").is_some_and(is_address)
}

/// Words in a site page's path that say it asks for consent (`/cookiebar/
/// block/…`, `/consent/…`). A site page handing an embed's address on
/// without one is the embed itself, shown through the site (Drupal's
/// `/media/oembed?url=`).
const CONSENT_PATH_WORDS: [&str; 7] = [
    "block", "consent", "cookie", "optin", "privacy", "gdpr", "dsgvo",
];

/// Whether a frame shows the site's own consent page in the embed's place,
/// handing the blocked embed's address on in a query parameter
/// (`/…/block/…?redirect=https%3A//www.youtube.com/…`): the site draws its
/// box inside the frame, so the frame is the box and its control.
pub fn frames_consent_page(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.name() == "iframe"
        && v.attr("src").is_some_and(|src| {
            let path = src
                .trim_start()
                .split(['?', '#'])
                .next()
                .unwrap_or_default();
            let lower = path.to_ascii_lowercase();
            is_site_relative(src)
                && CONSENT_PATH_WORDS.iter().any(|w| lower.contains(w))
                && is_platform_address(src)
        })
}

/// Attributes of a consent element read for its frame: such an element
/// has a handful; each may be parsed as a frame's attribute list.
const MAX_HOST_ATTRIBUTES: usize = 16;

/// The blocked embed a custom element asks consent for, when its name
/// says it is a consent element (`<iframe-consent>`, `<cookie-placeholder>`:
/// a part of [`CONSENT_PATH_WORDS`]) and its attributes keep the frame: the
/// address itself (`src="https://…"`) or the frame's attribute list
/// (`data-iframe-attributes='src="https://…" width="560"'`). Such an
/// element draws its message and button in its shadow root, which a saved
/// page does not keep: the element is the box and its control.
pub fn consent_host(el: ElementRef<'_>, base: Option<&Url>) -> Option<Embed> {
    let v = el.value();
    let name = v.name();
    let consent_named = name.contains('-')
        && name
            .split('-')
            .any(|part| CONSENT_PATH_WORDS.contains(&part));
    if !consent_named {
        return None;
    }
    v.attrs().take(MAX_HOST_ATTRIBUTES).find_map(|(_, value)| {
        let embed = if is_platform_address(value) {
            read_markup(
                &format!("<iframe src=\"{}\"></iframe>", value.replace('"', "&quot;")),
                base,
            )
        } else if bounded(value).contains("src=") && !value.contains('<') {
            read_markup(&format!("<iframe {}></iframe>", bounded(value)), base)
        } else {
            return None;
        };
        embed.url.is_some().then_some(embed)
    })
}

/// The address of the platform's post or video a box links to (its "watch
/// on YouTube" link), when the box names that platform: a link that names
/// one item (an ID, with a digit, as its last segment or in its query), not
/// the platform's home or privacy page.
pub fn content_link(el: ElementRef<'_>, base: Option<&Url>, named: &PlatformEntry) -> Option<Url> {
    el.descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .filter(|a| a.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|href| {
            if is_address(href) {
                crate::url::clean(href, base)
                    .filter(names_one_item)
                    .map(canonical)
            } else {
                // The site's own route loading the content hands its
                // address on (`/…/generate?url=https://www.youtube.com/…`).
                is_site_relative(href)
                    .then(|| handed_or_own(href, base))
                    .flatten()
                    .filter(names_one_item)
            }
        })
        .find(|u| by_url(u).is_some_and(|p| platform::agree(Some(p), Some(named))))
}

/// What marks an address as a platform's frame rather than its page: a
/// path segment or the first host label (`open.spotify.com/embed/…`,
/// `embed.bsky.app`). A help or privacy page never carries it.
const EMBED_MARKS: [&str; 1] = ["embed"];

/// The addresses of the links under `el`, in document order (bounded).
fn linked_addresses<'a>(el: ElementRef<'a>) -> impl Iterator<Item = &'a str> {
    el.descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .filter(|a| a.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
        .filter(|href| is_address(href))
}

/// The embed a box links to by its frame's own address (an "Open in new
/// tab" link beside "Load once"): the same address the blocked frame would
/// load, read as that frame, on whatever platform it names.
pub fn frame_link(el: ElementRef<'_>, base: Option<&Url>) -> Option<Embed> {
    linked_addresses(el)
        .filter(|href| {
            crate::url::clean(href, base).is_some_and(|u| {
                let first_label = u.host_str().and_then(|h| h.split('.').next());
                u.path_segments()
                    .into_iter()
                    .flatten()
                    .chain(first_label)
                    .any(|part| EMBED_MARKS.iter().any(|m| part.eq_ignore_ascii_case(m)))
            })
        })
        .find_map(|href| {
            let embed = read_markup(
                &format!("<iframe src=\"{}\"></iframe>", href.replace('"', "&quot;")),
                base,
            );
            (embed.url.is_some() && embed.platform.is_some()).then_some(embed)
        })
}

/// Chars of a box's text, and of the line right beside it, searched for an
/// address written out: a label and an address fit; a longer text beside
/// the box is the article's.
const MAX_WRITTEN_ADDRESS_TEXT: usize = 400;

/// An embed's address written out as text in a box, or in the short line
/// right beside it ("Fonte Bloccata: https://…"), for a box that kept
/// none: only a platform's address (http(s), made canonical), on the
/// platform the box names if it names one.
pub fn written_address(outer: ElementRef<'_>, named: Option<&PlatformEntry>) -> Option<Url> {
    let beside = [
        outer.prev_siblings().find_map(ElementRef::wrap),
        outer.next_siblings().find_map(ElementRef::wrap),
    ];
    std::iter::once(outer)
        .chain(beside.into_iter().flatten())
        .map(|el| visible(el, MAX_WRITTEN_ADDRESS_TEXT + 1))
        .filter(|text| text.chars().count() <= MAX_WRITTEN_ADDRESS_TEXT)
        .find_map(|text| platform_address_in(&text))
        .filter(|u| platform::agree(named, by_url(u)))
}

/// Host labels and path segments of a platform's pages about itself (its
/// help centre, its policies): a box's "Mehr erfahren" link to
/// `help.instagram.com/519522125107875` names an article, not the content.
const ABOUT_PAGE_WORDS: [&str; 6] = ["help", "support", "privacy", "policies", "legal", "terms"];

fn names_one_item(url: &Url) -> bool {
    let digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    let first_label = url.host_str().and_then(|h| h.split('.').next());
    let about = url
        .path_segments()
        .into_iter()
        .flatten()
        .chain(first_label)
        .any(|part| {
            ABOUT_PAGE_WORDS
                .iter()
                .any(|w| part.eq_ignore_ascii_case(w))
        });
    if about {
        return false;
    }
    let last = url
        .path_segments()
        .and_then(|mut s| s.rfind(|p| !p.is_empty()));
    last.is_some_and(digit) || url.query().is_some_and(digit)
}

/// The address a blocked frame in `el` keeps in an attribute (not its own
/// `src`) of a service outside the platforms, with the frame's title: the
/// frame's host still names the service (issue 9, "never null when its
/// iframe host is known"), its title what it showed.
pub fn parked_frame(el: ElementRef<'_>, base: Option<&Url>) -> Option<(Url, Option<String>)> {
    el.descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .filter(|f| f.value().name() == "iframe" && !is_live_frame(*f))
        .find_map(|f| {
            let url = f
                .value()
                .attrs()
                .filter(|(n, v)| *n != "src" && is_address(v))
                .find_map(|(_, v)| crate::url::clean(v, base))?;
            Some((url, f.value().attr("title").and_then(useful_title)))
        })
}

/// Classes that hide text from sight but not from screen readers
/// (Drupal's and HDS' `visually-hidden`, Bootstrap's `sr-only`,
/// WordPress' `screen-reader-text`): a link to the original names it there.
const SCREEN_READER_CLASSES: [&str; 4] = [
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
];

/// What the box's link to its embed (`url`) tells screen readers the
/// embed is ("Oodin kattoterassi 2024", hidden beside the visible "Go to
/// the external site"): the embed's own title, when it says something.
pub fn link_label(el: ElementRef<'_>, base: Option<&Url>, url: &Url) -> Option<String> {
    el.descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .filter(|a| a.value().name() == "a")
        .filter(|a| {
            a.value()
                .attr("href")
                .and_then(|h| handed_or_own(h, base))
                .is_some_and(|u| &u == url)
        })
        .flat_map(|a| a.descendants().filter_map(ElementRef::wrap))
        .filter(|s| {
            s.value().classes().any(|c| {
                SCREEN_READER_CLASSES
                    .iter()
                    .any(|k| c.eq_ignore_ascii_case(k))
            })
        })
        .map(|s| s.text().collect::<String>())
        .filter(|t| t.split_whitespace().count() >= MIN_ALT_WORDS)
        .find_map(|t| useful_title(&t))
}

/// The address a box links to on the host its own words say the content
/// comes from ("This content is loaded from maps.example.org", and a
/// link to one item there): a service outside the platforms is named by
/// that host.
pub fn named_host_link(el: ElementRef<'_>, base: Option<&Url>) -> Option<Url> {
    let words = visible(el, TEXT_LIMIT).to_lowercase();
    // The host as a whole name: no letter, digit, `-` or `.` before it, and
    // after it at most a sentence's full stop.
    let inside = |c: char| c.is_alphanumeric() || c == '-';
    let says = |host: &str| {
        let host = host.strip_prefix("www.").unwrap_or(host);
        words.match_indices(host).any(|(at, _)| {
            let before = words.get(..at).and_then(|s| s.chars().next_back());
            let mut after = words.get(at + host.len()..).unwrap_or_default().chars();
            let next = after.next();
            let joined = before.is_some_and(|c| inside(c) || c == '.')
                || next.is_some_and(inside)
                || next == Some('.') && after.next().is_some_and(inside);
            !joined
        })
    };
    linked_addresses(el)
        .filter_map(|href| crate::url::clean(href, base))
        .filter(names_one_item)
        .find(|u| u.host_str().is_some_and(|h| says(&h.to_ascii_lowercase())))
}

/// How an address starts (case aside): http(s) or protocol-relative. The
/// content script's pre-check reads the same list.
pub(crate) const ADDRESS_PREFIXES: [&str; 3] = ["https://", "http://", "//"];

pub fn is_address(value: &str) -> bool {
    let v = value.trim_start();
    ADDRESS_PREFIXES
        .iter()
        .any(|p| v.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)))
}

/// Elements besides frames and players that may park an embed's address
/// in a `data-*` attribute (see [`parked_in_data`]).
pub(crate) const DATA_PARKING_ELEMENTS: [&str; 5] = ["div", "span", "figure", "section", "article"];

/// A blocked frame's platform address in any attribute but its own
/// `src`: tools use many names (`data-src`, `data-lazy-src`,
/// `data-cmp-src`, `consent-original-src-_`…), and a frame without its own
/// address is not showing anything.
///
/// Another element (a tool's `div` that will become the frame, a module's
/// `<article>` drawn as the box) parks it in a `data-*` attribute, where
/// only an embed's address counts (a post, video or map, not a platform's
/// home or script).
pub fn parked_in_data<'a>(el: ElementRef<'a>) -> Option<&'a str> {
    let v = el.value();
    if v.name() == "iframe" {
        if is_live_frame(el) {
            return None;
        }
        return v
            .attrs()
            .filter(|(n, _)| *n != "src")
            .map(|(_, value)| value)
            .find(|value| is_platform_address(value))
            .or_else(|| frames_consent_page(el).then(|| v.attr("src")).flatten());
    }
    let player = v.name() == "video" && awaits_source(el);
    if !player && !DATA_PARKING_ELEMENTS.contains(&v.name()) {
        return None;
    }
    v.attrs()
        .filter(|(n, _)| n.starts_with("data-"))
        .map(|(_, value)| value)
        .find(|value| is_address(value) && platform_address_in(value).is_some())
}

/// Whether a `<video>` has no source of its own (no `src`, no `<source>`):
/// a player waiting for the address its script sets on consent, not a
/// video the page shows.
fn awaits_source(video: ElementRef<'_>) -> bool {
    video.value().attr("src").is_none()
        && video
            .children()
            .filter_map(ElementRef::wrap)
            .all(|c| c.value().name() != "source")
}

/// Whether `el` is a control (a button, a link, an element in the button
/// role) whose click handler in the markup may load the embed.
fn is_clicked_control(el: ElementRef<'_>) -> bool {
    let v = el.value();
    matches!(v.name(), "button" | "a" | "input") || v.attr("role") == Some("button")
}

/// The attributes tool files keep an embed's ID in (`tweetid`), of every
/// tool.
pub(super) static ID_HOOK_ATTRIBUTES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    TOOLS
        .iter()
        .flat_map(|t| &t.file.ids)
        .map(|hook| hook.attribute.as_str())
        .collect()
});

/// An embed kept only as its ID in an attribute, beside the platform's
/// name in a class (`div.youtube_player[videoID]`, `div.lazy-vimeo[data-id]`)
/// or in a tool's provider attribute (`div[data-service=vimeo][data-id]`),
/// or in an attribute a tool file names (`tweetid`).
pub fn id_embed(el: ElementRef<'_>) -> Option<(&'static PlatformEntry, Url)> {
    let v = el.value();
    // Every element is asked: one carrying none of the hooks' attributes
    // is done with before the tools are gone through.
    let hookable = v
        .attrs()
        .any(|(name, _)| ID_HOOK_ATTRIBUTES.contains(&name));
    let hooked = hookable
        .then(|| {
            tools()
                .flat_map(|t| t.file.ids.iter().zip(&t.ids_on))
                .find_map(|(hook, on)| {
                    if on.as_ref().is_some_and(|on| !on.matches(&el)) {
                        return None;
                    }
                    let value = crate::page::attr(v, &hook.attribute)?;
                    let id = match &hook.after {
                        Some(separator) => value.rsplit_once(separator.as_str())?.1,
                        None => value,
                    };
                    let platform = PLATFORMS.iter().find(|p| p.id == hook.platform)?;
                    Some((platform, from_id(&hook.url, id)?))
                })
        })
        .flatten();
    hooked.or_else(|| {
        // Most elements have no attribute that could hold an ID: they are
        // done with before their classes are read.
        let in_json = ids_in_json(v, &mut id_platform_names());
        if in_json.is_empty()
            && !v
                .attrs()
                .any(|(name, value)| holds_id(name, value, &*ID_NAMES))
        {
            return None;
        }
        let with_id_url = |name: &str| {
            let name = name.trim().to_ascii_lowercase();
            PLATFORMS.iter().find(|p| {
                p.id_url.is_some() && (p.names.contains(&name) || p.markup_names.contains(&name))
            })
        };
        // A class part may run the name on (`twitterembed-canvas`); only a
        // name long enough not to start ordinary words does.
        let led_by_name = |part: &str| {
            let part = part.trim().to_ascii_lowercase();
            PLATFORMS.iter().find(|p| {
                p.id_url.is_some()
                    && p.names
                        .iter()
                        .any(|n| n.len() >= MIN_NAME_PREFIX && part.starts_with(n.as_str()))
            })
        };
        // The platform's name in a class, the element's id
        // (`div#youtube-video-root`) or its tag (a custom element named
        // for the platform, `amp-youtube[data-videoid]`), or as the value
        // of an attribute a tool names its services in (iframemanager's
        // `data-service`).
        let platform = v
            .classes()
            .chain(v.id())
            .chain(std::iter::once(v.name()).filter(|n| n.contains('-')))
            .flat_map(|c| c.split(['-', '_']))
            .find_map(|part| with_id_url(part).or_else(|| led_by_name(part)))
            .or_else(|| {
                tools()
                    .flat_map(|t| &t.file.providers)
                    .filter_map(|a| crate::page::attr(v, a))
                    .find_map(with_id_url)
            })
            // Or as the whole value of any `data-*` attribute: a player
            // or tool names its service so (`data-plyr-provider="youtube"`,
            // `data-type="vimeo"`) whatever the attribute is called.
            .or_else(|| {
                v.attrs()
                    .filter(|(n, value)| n.starts_with("data-") && value.len() <= MAX_NAME_VALUE)
                    .find_map(|(_, value)| with_id_url(value))
            })
            // Or in the name of the attribute holding the ID
            // (`data-youtube-id`, `data-vimeo-id`).
            .or_else(|| {
                v.attrs()
                    .filter(|(n, _)| n.ends_with("id"))
                    .find_map(|(n, _)| n.split(['-', '_']).find_map(with_id_url))
            })
            .or_else(|| wrapper_platform(el, with_id_url))?;
        let template = platform.id_url.as_deref()?;
        // Of the attributes that may hold the ID, one may name the element
        // the player is drawn into (`data-yt-id="player-907"` beside
        // `data-yt-code`): not the embed's. An ID that looks like one
        // (letters and digits) wins over a bare number (`data-yt-uid`).
        let json_ids = ids_in_json(v, &mut platform.names.iter().chain(&platform.markup_names));
        let ids: Vec<&str> = v
            .attrs()
            .filter(|(name, value)| {
                let names = platform.names.iter().chain(&platform.markup_names);
                holds_id(name, value, Listed(names))
                    && !names_an_element(el, value)
                    && value.trim().len() <= MAX_PLATFORM_ID
            })
            .map(|(_, value)| value)
            .chain(json_ids.iter().map(String::as_str))
            .collect();
        let id = ids
            .iter()
            .find(|id| looks_like_id(id))
            .or_else(|| ids.first())?;
        Some((platform, from_id(template, id)?))
    })
}

/// Bytes a platform's ID has at most (a tweet's 19 digits, YouTube's 11
/// chars, Vimeo's digits): a longer value in an ID attribute is a tool's
/// own key (Embed Privacy's `data-embed-id="oembed_<hash>"`), not the
/// embed's.
const MAX_PLATFORM_ID: usize = 24;

/// Levels above an element keeping a video's ID whose classes may name
/// its platform: the player's wrappers (a ratio box, an inner frame, the
/// tool's container: `div.video-container.youtube > div > div >
/// div[data-video]`). Farther up, a class names a section, not a player.
pub(super) const MAX_PLAYER_WRAPPERS: usize = 3;

/// The platform a video ID's wrappers name in a class or their id, when
/// the element keeps the ID in an attribute named for videos
/// (`data-video`, `data-video-id`): a bare `data-id` or a post's ID says
/// too little to be lent a name from its surroundings.
fn wrapper_platform(
    el: ElementRef<'_>,
    named: impl Fn(&str) -> Option<&'static PlatformEntry>,
) -> Option<&'static PlatformEntry> {
    let video_id = el
        .value()
        .attrs()
        .any(|(name, value)| name.contains(ID_OF[0]) && holds_id(name, value, &*ID_NAMES));
    if !video_id {
        return None;
    }
    let wrappers = || {
        el.ancestors()
            .filter_map(ElementRef::wrap)
            .take(MAX_PLAYER_WRAPPERS)
    };
    wrappers()
        .find_map(|w| {
            w.value()
                .classes()
                .chain(w.value().id())
                .flat_map(|c| c.split(['-', '_']))
                .find_map(&named)
        })
        .or_else(|| {
            // Its own words; those of its wrappers only when it says
            // nothing itself (an empty slot the player is drawn into).
            let slot = visible(el, 1).is_empty();
            std::iter::once(el)
                .chain(wrappers().filter(|_| slot))
                .find_map(|w| named_in_words(w, &named))
        })
}

/// Bytes of a `data-*` value read as a platform's name.
const MAX_NAME_VALUE: usize = 32;

/// Chars of a player's wrapper read for the platform its words name (a
/// consent note's length): a longer text is a section's, not a player's.
const MAX_WRAPPER_TEXT: usize = 400;

/// The one platform a short wrapper's own words name ("Click to load the
/// video from YouTube"), as a box written with class names no reader sees
/// still says; none when its words name two.
fn named_in_words(
    el: ElementRef<'_>,
    named: impl Fn(&str) -> Option<&'static PlatformEntry>,
) -> Option<&'static PlatformEntry> {
    let text = crate::text::fold(&visible(el, MAX_WRAPPER_TEXT));
    if text.chars().count() > MAX_WRAPPER_TEXT {
        return None;
    }
    let mut found: Option<&'static PlatformEntry> = None;
    for p in text
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(&named)
    {
        if found.is_some_and(|f| f.id != p.id) {
            return None;
        }
        found = Some(p);
    }
    found
}

/// Bytes of a `data-*` attribute read as JSON for an embed's ID: a
/// player's settings are short.
const MAX_JSON_ATTRIBUTE: usize = 2_000;

/// Keys of a JSON object read for an ID.
const MAX_JSON_KEYS: usize = 32;

/// IDs a `data-*` attribute keeps as JSON, a player's settings
/// (`data-extern='{"videoid":"…","start":0}'`): the string values of the
/// object's keys that name an embed's ID as an attribute's name would.
fn ids_in_json<'a>(
    v: &scraper::node::Element,
    names: &mut (impl Iterator<Item = &'a String> + Clone),
) -> Vec<String> {
    v.attrs()
        .filter(|(name, value)| {
            name.starts_with("data-")
                && value.len() <= MAX_JSON_ATTRIBUTE
                && value.trim_start().starts_with('{')
        })
        .filter_map(|(_, value)| serde_json::from_str::<serde_json::Value>(value).ok())
        .filter_map(|json| match json {
            serde_json::Value::Object(map) => Some(map),
            _ => None,
        })
        .flat_map(|map| map.into_iter().take(MAX_JSON_KEYS))
        .filter_map(|(key, value)| {
            let id = value.as_str()?;
            let key = key.to_ascii_lowercase();
            holds_id(&key, id, Listed(names.clone())).then(|| id.to_owned())
        })
        .collect()
}

/// Whether `value` is the `id` of an element of `el`'s document.
fn names_an_element(el: ElementRef<'_>, value: &str) -> bool {
    let value = value.trim();
    !value.is_empty()
        && el
            .tree()
            .root()
            .descendants()
            .take(MAX_CARRIER_NODES)
            .filter_map(ElementRef::wrap)
            .any(|e| e.value().id() == Some(value))
}

/// An embed in a platform's own markup, by its ID after a prefix
/// (Flourish's `data-src="visualisation/17"`).
fn platform_embed_id(el: ElementRef<'_>) -> Option<(&'static PlatformEntry, Url)> {
    let v = el.value();
    PLATFORMS.iter().find_map(|platform| {
        platform.embed_ids.iter().find_map(|hook| {
            let id = v
                .attr(&hook.attribute)?
                .strip_prefix(hook.prefix.as_str())?;
            let url = from_id(&hook.url, id.trim_end_matches('/'))?;
            Some((platform, canonical(url)))
        })
    })
}

/// The names (and markup names) of the platforms whose ID makes an
/// address: an attribute named for one may hold its ID.
pub(super) fn id_platform_names() -> impl Iterator<Item = &'static String> + Clone {
    PLATFORMS
        .iter()
        .filter(|p| p.id_url.is_some())
        .flat_map(|p| p.names.iter().chain(&p.markup_names))
}

/// Platform names an attribute's name is held against (see [`holds_id`]).
trait IdNames {
    /// Whether `text` holds one of the names.
    fn within(self, text: &str) -> bool;
    /// Whether `text` is one of the names.
    fn is(self, text: &str) -> bool;
}

/// Names gone through one by one.
struct Listed<I>(I);

impl<'a, I: Iterator<Item = &'a String>> IdNames for Listed<I> {
    fn within(mut self, text: &str) -> bool {
        self.0.any(|n| text.contains(n.as_str()))
    }

    fn is(mut self, text: &str) -> bool {
        self.0.any(|n| n == text)
    }
}

/// Every name of [`id_platform_names`], searched at once: every attribute
/// of every element is asked whether it may hold an ID.
struct AllIdNames {
    /// `None` without names (then no text holds one).
    within: Option<AhoCorasick>,
    exact: HashSet<&'static str>,
}

static ID_NAMES: LazyLock<AllIdNames> = LazyLock::new(|| {
    let names: Vec<&'static str> = id_platform_names().map(String::as_str).collect();
    AllIdNames {
        within: AhoCorasick::new(&names).ok(),
        exact: names.into_iter().collect(),
    }
});

impl IdNames for &AllIdNames {
    fn within(self, text: &str) -> bool {
        self.within.as_ref().is_some_and(|ac| ac.is_match(text))
    }

    fn is(self, text: &str) -> bool {
        self.exact.contains(text)
    }
}

/// Words of an attribute's name saying its ID is an embed's (`videoid`,
/// `data-video-id`, `tweetid`, `data-post-id`, a player library's
/// `data-plyr-embed-id`).
pub(super) const ID_OF: [&str; 4] = ["video", "tweet", "post", "embed"];

/// What a post's ID is called where a platform names it a code (Instagram's
/// API and AMP's `amp-instagram[data-shortcode]`); a WordPress shortcode's
/// text never looks like an ID.
const SHORT_CODE: &str = "shortcode";

/// Whether attribute `name` (with `value`) may hold the ID of an embed on
/// a platform called `names`: a name ending in `id` (`data-video-id`,
/// `tweetid`), or a `data-*` attribute named for the media or the platform
/// alone (`data-video`, `data-youtube`) whose value looks like an ID, not
/// a flag (`data-video="true"`).
fn holds_id(name: &str, value: &str, names: impl IdNames) -> bool {
    // `code` names a video's ID as `id` does (`data-yt-code`), only in an
    // attribute named for the video or its platform (a `postcode` is not),
    // or as a post's short code (`data-shortcode`) holding an ID.
    if name.ends_with("code") {
        return name.contains(ID_OF[0])
            || name.ends_with(SHORT_CODE) && looks_like_id(value)
            || names.within(name);
    }
    if name.ends_with("id") {
        return ID_OF.iter().any(|w| name.contains(w))
            || name == PLAIN_ID_ATTRIBUTE
            || names.within(name);
    }
    name.strip_prefix("data-")
        .is_some_and(|bare| ID_OF.contains(&bare) || names.is(bare))
        && looks_like_id(value)
}

/// The attribute holding an ID whatever it is the ID of (`div.lazy-vimeo[data-id]`).
pub(super) const PLAIN_ID_ATTRIBUTE: &str = "data-id";

/// Chars an ID kept under a bare name must have at least (YouTube's are 11).
pub(super) const MIN_BARE_ID: usize = 6;

/// Whether `value` looks like an ID: letters and digits mixed, long enough.
fn looks_like_id(value: &str) -> bool {
    let value = value.trim();
    value.len() >= MIN_BARE_ID
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Chars of a platform name that may lead a longer class part.
pub(super) const MIN_NAME_PREFIX: usize = 5;

/// The URL a template makes of an ID that is only an ID.
pub(super) fn from_id(template: &str, id: &str) -> Option<Url> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    ok.then(|| crate::url::clean(&template.replace("{id}", id), None))?
}

/// Whether a title holds a box phrase ("Tämä upote saattaa käyttää
/// evästeitä"): a tool's heading for every box, not the embed's title.
fn is_box_wording(title: &str) -> bool {
    !super::language::scan(&crate::text::fold(title)).is_empty()
}

/// Attributes in which a box or its wrapper names the embed it stands for.
const TITLE_ATTRIBUTES: [&str; 3] = ["data-title", "data-caption", "data-video-title"];

/// Words an image's `alt` must have to be the embed's title, not a label
/// ("YouTube", "Preview image").
const MIN_ALT_WORDS: usize = 3;

/// Words that only say an image shows a media preview: an `alt` made of
/// these and the platform's name ("YouTube Video Thumbnail") is a label.
const PREVIEW_WORDS: [&str; 8] = [
    "video",
    "thumbnail",
    "preview",
    "image",
    "picture",
    "poster",
    "cover",
    "placeholder",
];

/// Chars of a caption beside a box read (a caption says a line).
const MAX_CAPTION_CHARS: usize = 200;

/// What the page still says about a box's embed around it when the embed
/// kept no words: a title in the box's or its wrapper's attributes, its
/// preview image's `alt`, or a caption right after it (an element whose
/// class says `caption`). Never the platform's name alone.
pub fn described(outer: ElementRef<'_>, platform: Option<&PlatformEntry>) -> Option<String> {
    let names_only_platform = |t: &str| names_only(t, platform);
    // An image whose text alternative asks for consent is the box's
    // wording drawn as a picture, not the embed's title.
    let asks = |t: &str| {
        super::language::scan(&crate::text::fold(t))
            .iter()
            .any(|h| h.ask)
    };
    let keep = |t: &str| useful_title(t).filter(|t| !names_only_platform(t));
    // A title attribute holding a box phrase is the tool's heading.
    let keep_title = |t: &str| keep(t).filter(|t| !is_box_wording(t));
    let from_attributes = std::iter::once(outer)
        .chain(outer.parent().and_then(ElementRef::wrap))
        .flat_map(|e| {
            TITLE_ATTRIBUTES
                .iter()
                .filter_map(move |a| e.value().attr(a))
        })
        .find_map(keep_title);
    // A tool's own title attributes, on its box inside the outer element.
    let from_tool = || {
        outer
            .descendants()
            .take(MAX_CARRIER_NODES)
            .filter_map(ElementRef::wrap)
            .flat_map(|e| {
                tools()
                    .flat_map(|t| &t.file.title_attributes)
                    .filter_map(move |a| e.value().attr(a))
            })
            .find_map(keep_title)
    };
    let from_preview = || {
        outer
            .descendants()
            .take(MAX_CARRIER_NODES)
            .filter_map(ElementRef::wrap)
            .filter(|i| i.value().name() == "img")
            .filter_map(|i| i.value().attr("alt"))
            .filter(|alt| alt.split_whitespace().count() >= MIN_ALT_WORDS && !asks(alt))
            .find_map(keep)
    };
    // The element keeping the embed's ID names it in a title attribute
    // beside the ID (`data-video-id` + `data-video-title`, `data-yt-id` +
    // `data-yt-title`): the attribute is the title's, its name says so.
    let from_id_holder = || {
        std::iter::once(outer)
            .chain(outer.descendants().skip(1).filter_map(ElementRef::wrap))
            .take(MAX_CARRIER_NODES)
            .filter(|e| id_embed(*e).is_some())
            .flat_map(|e| e.value().attrs())
            .filter(|(name, _)| name.starts_with("data-") && name.ends_with("title"))
            .find_map(|(_, value)| keep_title(value))
    };
    // A heading drawn on the box's cover (`div.covertext h2` in
    // `div.coverimage`): the player's title over its preview.
    let from_cover = || {
        outer
            .descendants()
            .take(MAX_CARRIER_NODES)
            .filter_map(ElementRef::wrap)
            .filter(|e| is_cover(*e))
            .flat_map(|c| c.descendants().filter_map(ElementRef::wrap))
            .filter(|h| matches!(h.value().name(), "h2" | "h3" | "h4" | "h5" | "h6"))
            .map(|h| visible(h, MAX_CAPTION_CHARS + 1))
            // The box's own heading ("Unable to display content") is not
            // the player's.
            .filter(|t| {
                t.chars().count() <= MAX_CAPTION_CHARS
                    && super::language::scan(&crate::text::fold(t)).is_empty()
            })
            .find_map(|t| keep(&t))
    };
    let from_caption = || {
        let next = outer.next_siblings().find_map(ElementRef::wrap)?;
        let captioned = next.value().classes().any(is_caption_class);
        let text = visible(next, MAX_CAPTION_CHARS + 1);
        let count = text.chars().count();
        (captioned && count > 0 && count <= MAX_CAPTION_CHARS).then_some(text)
    };
    // A caption says what the video shows; a preview's `alt` what its
    // still shows.
    from_attributes
        .or_else(from_tool)
        .or_else(from_id_holder)
        .or_else(from_cover)
        .or_else(from_caption)
        .or_else(from_preview)
}

/// Whether `t` only labels the media by its platform ("YouTube", "YouTube
/// video thumbnail"), naming nothing it shows.
pub fn names_only(t: &str, platform: Option<&PlatformEntry>) -> bool {
    platform.is_some_and(|p| {
        let lower = t.to_lowercase();
        // The platform's name may be words of its own ("Google Maps Video").
        let rest = lower.replace(&p.name.to_lowercase(), " ");
        let label = rest
            .split_whitespace()
            .all(|w| PREVIEW_WORDS.contains(&w) || p.names.iter().any(|n| n == w));
        lower.contains(&p.name.to_lowercase())
            && (lower.split_whitespace().count() < MIN_ALT_WORDS || label)
            || p.names.contains(&lower)
    })
}

/// Class part naming an element the media's title (`embedvideo-loader__title`).
const TITLE_CLASS_PART: &str = "title";

/// A title the box draws on its click target (`div.embedvideo-loader
/// [role=button] > div.embedvideo-loader__title`), as a player draws the
/// media's title over its play button: an element whose class has the
/// part `title`, inside a control of the box, holding one short line that
/// asks nothing and names more than the platform. It says what the media
/// is, before any caption around the box. A title beside the control is
/// the box's own heading ("This video is switched off").
pub fn drawn_title(outer: ElementRef<'_>, platform: Option<&PlatformEntry>) -> Option<String> {
    outer
        .descendants()
        .take(MAX_CARRIER_NODES)
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            e.value().classes().any(|c| {
                c.to_ascii_lowercase()
                    .split(['-', '_'])
                    .any(|part| part == TITLE_CLASS_PART)
            })
        })
        .filter(|e| {
            e.ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != outer.id())
                .any(super::controls::is_click_target)
        })
        .map(|e| visible(e, MAX_CAPTION_CHARS + 1))
        // The box's own heading ("VersaTiles Consent", "Load video") is
        // not the media's.
        .filter(|t| {
            t.chars().count() <= MAX_CAPTION_CHARS
                && super::language::scan(&crate::text::fold(t)).is_empty()
                && !super::controls::names_an_act(t)
        })
        .filter_map(|t| useful_title(&t))
        .find(|t| !names_only(t, platform))
}

/// Whether a class part of `el` starts with one of [`PREVIEW_WORDS`] but
/// the media's own name (`coverimage`, `video-thumbnail`): a cover image
/// over a player.
fn is_cover(el: ElementRef<'_>) -> bool {
    el.value().classes().any(|c| {
        c.to_ascii_lowercase().split(['-', '_']).any(|part| {
            PREVIEW_WORDS
                .iter()
                .any(|w| *w != "video" && part.starts_with(w))
        })
    })
}

/// Media words a caption's class may pair with a text word (`video-text`,
/// `media-description`).
const CAPTION_MEDIA: [&str; 4] = ["video", "media", "embed", "audio"];
/// Text words a caption's class pairs with a media word.
const CAPTION_TEXT: [&str; 3] = ["text", "title", "description"];

/// Whether a class names a caption: `caption` in it, or a media word with
/// a text word (`video-text`); a bare `text` block is the article's.
fn is_caption_class(class: &str) -> bool {
    let class = class.to_ascii_lowercase();
    let parts: Vec<&str> = class.split(['-', '_']).collect();
    class.contains("caption")
        || parts.iter().any(|p| CAPTION_MEDIA.contains(p))
            && parts.iter().any(|p| CAPTION_TEXT.contains(p))
}

/// A frame title worth showing.
pub fn useful_title(title: &str) -> Option<String> {
    let mut t = crate::text::clean(title);
    for prefix in PLATFORMS.iter().flat_map(|p| &p.title_prefixes) {
        if t.to_lowercase().starts_with(prefix.as_str()) {
            t = t.chars().skip(prefix.chars().count()).collect();
        }
    }
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    let names_its_kind = words.len() <= MAX_KIND_TITLE_WORDS
        && words.last().is_some_and(|w| KIND_TITLE_ENDS.contains(w));
    let generic = names_its_kind
        || GENERIC_TITLES.iter().any(|g| lower.starts_with(g))
        || PLATFORMS
            .iter()
            .flat_map(|p| &p.default_titles)
            .any(|g| lower.starts_with(g.as_str()));
    (!t.is_empty() && !generic).then_some(t)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use base64::Engine;
    use scraper::Html;

    fn read_html(html: &str) -> Embed {
        let page = Html::parse_fragment(html);
        read(page.root_element(), None)
    }

    #[test]
    fn every_platform_name_at_once_answers_as_one_by_one() {
        let names: Vec<&String> = id_platform_names().collect();
        assert!(!names.is_empty());
        let mut attributes = vec![
            "id".to_owned(),
            "data-id".to_owned(),
            "data-testid".to_owned(),
            "postcode".to_owned(),
            "data-yt-code".to_owned(),
            "data-video".to_owned(),
            "class".to_owned(),
        ];
        for name in &names {
            attributes.push(format!("data-{name}"));
            attributes.push(format!("data-{name}-id"));
            attributes.push(format!("{name}code"));
        }
        for name in &attributes {
            for value in ["Ps8nR3cVx1f", "true", ""] {
                assert_eq!(
                    holds_id(name, value, &*ID_NAMES),
                    holds_id(name, value, Listed(id_platform_names())),
                    "{name}={value}"
                );
            }
        }
    }

    fn first_box(page: &Html) -> ElementRef<'_> {
        page.select(&scraper::Selector::parse("div.box").unwrap())
            .next()
            .unwrap()
    }

    #[test]
    fn an_embed_commented_out_right_after_its_box_is_read() {
        let page = Html::parse_fragment(
            "<div><div class=\"box\"><p>Blocked.</p></div>\n<!-- blocked plugin\n<iframe src=\"https://www.youtube.com/embed/Qm7zR2tWk9c\" title=\"The last two laps\"></iframe>\n--><p>Next.</p></div>",
        );
        let kept = kept_in_comment_after(first_box(&page), None).unwrap();
        assert_eq!(kept.platform.map(|p| p.id.as_str()), Some("youtube"));
        assert!(kept.url.is_some());
        assert_eq!(kept.title.as_deref(), Some("The last two laps"));
    }

    #[test]
    fn a_comment_past_the_next_element_is_the_article_s() {
        let page = Html::parse_fragment(
            "<div><div class=\"box\"></div><p>Text.</p><!-- <iframe src=\"https://www.youtube.com/embed/Qm7zR2tWk9c\"></iframe> --></div>",
        );
        assert!(kept_in_comment_after(first_box(&page), None).is_none());
        let words = Html::parse_fragment(
            "<div><div class=\"box\"></div><!-- youtube.com/embed/Qm7zR2tWk9c, no markup --></div>",
        );
        assert!(kept_in_comment_after(first_box(&words), None).is_none());
    }

    #[test]
    fn an_id_naming_an_element_is_not_the_video_s() {
        let html = r#"<div><div id="player-9"></div><a class="cover" data-yt-code="Lp4vR8sKe2Q" data-yt-id="player-9" data-yt-uid="9"></a></div>"#;
        let page = Html::parse_fragment(html);
        let a = page
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "a")
            .unwrap();
        let (_, url) = id_embed(a).unwrap();
        assert_eq!(url.as_str(), "https://www.youtube.com/watch?v=Lp4vR8sKe2Q");
        let postcode = r#"<div class="youtube" data-postcode="AB12CD"></div>"#;
        let page = Html::parse_fragment(postcode);
        assert!(id_embed(first(&page)).is_none());
    }

    #[test]
    fn a_post_made_from_its_id_takes_its_author_s_link_in_the_box() {
        let page = Html::parse_fragment(
            r#"<amp-twitter data-tweetid="1846102938475610112"><div placeholder><blockquote><p>Elf Kilometer.</p>&mdash; Radclub (@radclub_demo) <a href="https://twitter.com/radclub_demo/status/1846102938475610112">14. Oktober</a></blockquote></div></amp-twitter>"#,
        );
        let embed = read(first(&page), None);
        assert_eq!(
            embed.url.unwrap().as_str(),
            "https://twitter.com/radclub_demo/status/1846102938475610112"
        );
        // Another post's link (another ID) lends nothing.
        let page = Html::parse_fragment(
            r#"<amp-twitter data-tweetid="1846102938475610112"><div placeholder><blockquote><p>Earlier.</p><a href="https://twitter.com/radclub_demo/status/1700000000000000000">June</a></blockquote></div></amp-twitter>"#,
        );
        assert_eq!(
            read(first(&page), None).url.unwrap().as_str(),
            "https://twitter.com/i/status/1846102938475610112"
        );
    }

    #[test]
    fn a_custom_element_named_for_its_platform_reads_its_id() {
        let id = |html: &str| {
            let page = Html::parse_fragment(html);
            id_embed(first(&page)).map(|(_, url)| url.to_string())
        };
        assert_eq!(
            id(r#"<amp-vimeo data-videoid="912834756"></amp-vimeo>"#).as_deref(),
            Some("https://vimeo.com/912834756")
        );
        assert_eq!(
            id(r#"<amp-twitter data-tweetid="1846102938475610112"></amp-twitter>"#).as_deref(),
            Some("https://twitter.com/i/status/1846102938475610112")
        );
        assert_eq!(
            id(r#"<amp-instagram data-shortcode="C9rTq2LmXa4"></amp-instagram>"#).as_deref(),
            Some("https://www.instagram.com/p/C9rTq2LmXa4/")
        );
        // A WordPress shortcode is no ID.
        assert_eq!(
            id(r#"<amp-instagram data-shortcode="[gallery ids=3]"></amp-instagram>"#),
            None
        );
        // A plain element's tag names no platform.
        assert_eq!(id(r#"<video data-videoid="912834756"></video>"#), None);
    }

    #[test]
    fn an_id_in_a_player_s_json_settings_is_read() {
        let html = r#"<div id="yt___65f1c2___Ns4qR8tVb2K" class="frame" data-extern='{"videoid":"Ns4qR8tVb2K","start":0}' hidden></div>"#;
        let page = Html::parse_fragment(html);
        let (_, url) = id_embed(first(&page)).unwrap();
        assert_eq!(url.as_str(), "https://www.youtube.com/watch?v=Ns4qR8tVb2K");
        let settings =
            r#"<div class="yt-frame" data-options='{"autoplay":"1","theme":"dark2024"}'></div>"#;
        assert!(id_embed(first(&Html::parse_fragment(settings))).is_none());
    }

    #[test]
    fn a_title_drawn_on_the_click_target_names_the_media() {
        let title = |html: &str| {
            let page = Html::parse_fragment(html);
            drawn_title(first(&page), None)
        };
        assert_eq!(
            title(r#"<figure><div role="button"><div class="loader__title">Il treno sul viadotto</div><div>Carica video</div></div></figure>"#).as_deref(),
            Some("Il treno sul viadotto")
        );
        assert_eq!(
            title(
                r#"<div><p class="gate__title">This video is switched off</p><a href="/prefs">Change my choices</a></div>"#
            ),
            None
        );
    }

    #[test]
    fn a_cover_s_heading_and_a_caption_say_more_than_a_preview_s_alt() {
        let said = |html: &str| {
            let page = Html::parse_fragment(html);
            let outer = page
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|e| {
                    e.value()
                        .has_class("box", scraper::CaseSensitivity::CaseSensitive)
                })
                .unwrap();
            described(outer, None)
        };
        assert_eq!(
            said(r#"<div class="box"><div class="coverimage"><h2>Choir at the lake, full concert</h2></div><button>Accept</button></div>"#).as_deref(),
            Some("Choir at the lake, full concert")
        );
        assert_eq!(
            said(
                r#"<div class="box"><div class="preview"><h3>Unable to display content</h3></div></div>"#
            ),
            None
        );
        assert_eq!(
            said(r#"<div><div class="box"><img alt="The square at dusk, wide"></div><div class="video-text">Final concert of the festival</div></div>"#).as_deref(),
            Some("Final concert of the festival")
        );
        assert_eq!(
            said(r#"<div><div class="box"><img alt="The square at dusk, wide"></div><div class="ce_text">A paragraph of the article.</div></div>"#).as_deref(),
            Some("The square at dusk, wide")
        );
    }

    #[test]
    fn a_platform_s_help_or_policy_page_names_no_item() {
        let one = |u: &str| names_one_item(&Url::parse(u).unwrap());
        assert!(one("https://www.instagram.com/p/C9xQ2mRtLk4/"));
        assert!(!one("https://help.instagram.com/519522125107875"));
        assert!(!one("https://www.youtube.com/t/privacy/2024"));
    }

    #[test]
    fn a_link_to_the_frame_s_own_address_is_the_embed() {
        let linked = |href: &str| {
            let html = format!(
                r#"<div><p>Embedded content blocked</p><a href="{href}">Open in new tab</a></div>"#
            );
            let page = Html::parse_fragment(&html);
            frame_link(page.root_element(), None).and_then(|e| e.url.map(|u| u.to_string()))
        };
        assert_eq!(
            linked("https://open.spotify.com/embed/episode/5mXc9").as_deref(),
            Some("https://open.spotify.com/episode/5mXc9")
        );
        assert_eq!(linked("https://www.youtube.com/t/privacy_at_youtube"), None);
        assert_eq!(linked("https://example.org/embed/help"), None);
    }

    fn first(html: &Html) -> ElementRef<'_> {
        html.root_element()
            .first_child()
            .and_then(ElementRef::wrap)
            .unwrap()
    }

    #[test]
    fn a_control_s_handler_and_a_player_waiting_for_its_source_keep_the_embed() {
        let embed = read_html(
            r#"<div><button onclick="loadVideo('https://www.youtube.com/watch?v=Vq8mKe2TnLx')">Accept</button><video data-player title="The harvest parade"></video></div>"#,
        );
        assert_eq!(
            embed.url.map(|u| u.to_string()).as_deref(),
            Some("https://www.youtube.com/watch?v=Vq8mKe2TnLx")
        );
        assert_eq!(embed.title.as_deref(), Some("The harvest parade"));
        let parked = read_html(
            r#"<div><video data-video-url="https://www.youtube.com/watch?v=Qm4rTz8WkPx"></video></div>"#,
        );
        assert_eq!(parked.platform.map(|p| p.id.as_str()), Some("youtube"));
        // A video playing its own source keeps nothing blocked; a handler
        // on an element that is no control (a page's `body`) loads nothing.
        let own = read_html(
            r#"<div><video src="/media/parade.mp4" data-video-url="https://www.youtube.com/watch?v=Qm4rTz8WkPx" title="Parade"></video></div>"#,
        );
        assert!(own.url.is_none() && own.title.is_none());
        let not_a_control = read_html(
            r#"<div onclick="open('https://www.youtube.com/watch?v=Qm4rTz8WkPx')"><p>Text</p></div>"#,
        );
        assert!(not_a_control.url.is_none());
    }

    #[test]
    fn an_id_beside_a_platform_named_in_the_element_s_id_or_markup_name_is_its_embed() {
        let watch = |html: &str| {
            let page = Html::parse_fragment(html);
            id_embed(first(&page)).map(|(_, url)| url.to_string())
        };
        assert_eq!(
            watch(r#"<div id="youtube-video-root" data-video-id="Hs3kWq7Lp2N"></div>"#).as_deref(),
            Some("https://www.youtube.com/watch?v=Hs3kWq7Lp2N")
        );
        assert_eq!(
            watch(r#"<div class="yt-embed" data-yt-id="Pw6nHs2Tk9L"></div>"#).as_deref(),
            Some("https://www.youtube.com/watch?v=Pw6nHs2Tk9L")
        );
        assert_eq!(
            watch(r#"<div class="spisotti-youtube" data-video="Fq3Wn8xLk2T"></div>"#).as_deref(),
            Some("https://www.youtube.com/watch?v=Fq3Wn8xLk2T")
        );
        // A flag or a word under a bare name is no ID; no platform, no embed.
        assert_eq!(
            watch(r#"<div class="yt-embed" data-video="true"></div>"#),
            None
        );
        assert_eq!(
            watch(r#"<div class="yt-embed" data-video="autoplay"></div>"#),
            None
        );
        assert_eq!(
            watch(r#"<div id="video-root" data-video-id="Hs3kWq7Lp2N"></div>"#),
            None
        );
        // "yt" names YouTube in markup only, never in wording.
        assert!(crate::consent::platform::named_in("yt video").is_none());
    }

    #[test]
    fn a_player_librarys_embed_id_is_read_and_a_tools_long_key_is_not() {
        let watch = |html: &str| {
            let page = Html::parse_fragment(html);
            id_embed(first(&page)).map(|(_, url)| url.to_string())
        };
        assert_eq!(
            watch(r#"<div class="player-gate_youtube" data-plyr-provider="youtube" data-plyr-embed-id="Tg4wLp8VxRe"></div>"#)
                .as_deref(),
            Some("https://www.youtube.com/watch?v=Tg4wLp8VxRe")
        );
        // Longer than any platform's ID: the tool's key for its script.
        assert_eq!(
            watch(
                r#"<div class="embed-privacy-container embed-youtube" data-embed-id="oembed_4b8e1f2a9c7d3e5f6a1b2c3d4e5f6a7b"></div>"#
            ),
            None
        );
    }

    #[test]
    fn a_tool_s_id_hook_reads_only_its_elements_and_the_id_after_its_separator() {
        let watch = |html: &str| {
            let page = Html::parse_fragment(html);
            id_embed(first(&page)).map(|(_, url)| url.to_string())
        };
        // filter_mbsyoutube's player slot: `yt___<uniqid>___<video id>`.
        assert_eq!(
            watch(r#"<div id="yt___67a88f0c2e19d___Jd3p-x8Q_Te" class="mbsyoutube-frame mbsyoutube-ytiframe" hidden></div>"#)
                .as_deref(),
            Some("https://www.youtube.com/watch?v=Jd3p-x8Q_Te")
        );
        // The same id on any other element is an id, not a video.
        assert_eq!(
            watch(r#"<div id="yt___67a88f0c2e19d___Jd3pLx8QvTe" class="frame"></div>"#),
            None
        );
        // Without the separator there is no ID to take.
        assert_eq!(
            watch(r#"<div id="player-main" class="mbsyoutube-ytiframe"></div>"#),
            None
        );
    }

    #[test]
    fn a_video_id_takes_its_platform_from_the_players_wrappers() {
        let held = |html: &str| {
            let page = Html::parse_fragment(html);
            let el = page
                .select(&scraper::Selector::parse(".held").unwrap())
                .next()
                .unwrap();
            id_embed(el).map(|(_, url)| url.to_string())
        };
        assert_eq!(
            held(r#"<div class="player youtube"><div><div><div class="held" data-video="Rq5tLm8WxNb"></div></div></div></div>"#)
                .as_deref(),
            Some("https://www.youtube.com/watch?v=Rq5tLm8WxNb")
        );
        // A section named for the platform four levels up is no wrapper.
        assert_eq!(
            held(
                r#"<div class="youtube"><div><div><div><div class="held" data-video="Rq5tLm8WxNb"></div></div></div></div></div>"#
            ),
            None
        );
        // Nor is a post's or a bare ID lent the name of its surroundings.
        assert_eq!(
            held(
                r#"<div class="feed youtube"><article class="held" data-post-id="Rq5tLm8WxNb"></article></div>"#
            ),
            None
        );
        assert_eq!(
            held(
                r#"<div class="feed youtube"><div class="held" data-id="Rq5tLm8WxNb"></div></div>"#
            ),
            None
        );
    }

    #[test]
    fn a_title_beside_an_embed_s_id_is_its_title() {
        let html = Html::parse_fragment(
            r#"<div class="gate"><div class="yt-embed" data-yt-id="Pw6nHs2Tk9L" data-yt-title="Cambiar bañera por plato de ducha"></div><p>Contenido bloqueado</p></div>"#,
        );
        let youtube = crate::consent::platform::by_name("youtube");
        assert_eq!(
            described(first(&html), youtube).as_deref(),
            Some("Cambiar bañera por plato de ducha")
        );
        // A title attribute on an element keeping no embed's ID is not the
        // embed's (a tooltip, a widget's name).
        let html = Html::parse_fragment(
            r#"<div class="gate"><span data-tooltip-title="Cookie settings help"></span><p>Contenido bloqueado</p></div>"#,
        );
        assert_eq!(described(first(&html), youtube), None);
    }

    #[test]
    fn a_parked_frame_of_a_service_outside_the_platforms_gives_its_address_and_title() {
        let html = Html::parse_fragment(
            r#"<div class="field"><div class="warning">Accept cookies</div><iframe title="Tile panel of the São Félix chapel" data-src="https://sketchfab.com/models/4f8c2a91/embed"></iframe></div>"#,
        );
        let (url, title) = parked_frame(first(&html), None).unwrap();
        assert_eq!(url.host_str(), Some("sketchfab.com"));
        assert_eq!(title.as_deref(), Some("Tile panel of the São Félix chapel"));
        // A live frame shows its content: nothing parked.
        let live = Html::parse_fragment(
            r#"<div><iframe title="Tour" src="https://my.matterport.com/show/?m=Xb7kQ2rLp9s"></iframe></div>"#,
        );
        assert!(parked_frame(first(&live), None).is_none());
    }

    #[test]
    fn a_preview_s_alt_naming_only_platform_and_media_is_no_title() {
        let youtube = crate::consent::platform::by_name("youtube");
        let box_with = |alt: &str| {
            Html::parse_fragment(&format!(r#"<div><img src="/t.jpg" alt="{alt}"></div>"#))
        };
        let html = box_with("YouTube Video Thumbnail");
        let outer = html
            .root_element()
            .first_child()
            .and_then(ElementRef::wrap)
            .unwrap();
        assert_eq!(described(outer, youtube), None);
        let html = box_with("Our choir at the harvest festival");
        let outer = html
            .root_element()
            .first_child()
            .and_then(ElementRef::wrap)
            .unwrap();
        assert_eq!(
            described(outer, youtube).as_deref(),
            Some("Our choir at the harvest festival")
        );
    }

    #[test]
    fn reads_a_tweet_blockquote() {
        let e = read_html(
            r#"<blockquote class="twitter-tweet"><p lang="en">Hello <a href="https://t.co/x">pic.twitter.com/x</a></p>&mdash; N (@nn_1) <a href="https://twitter.com/nn_1/status/42?ref_src=twsrc">d</a></blockquote>"#,
        );
        assert_eq!(e.platform.unwrap().id, "x");
        assert_eq!(e.author.as_deref(), Some("@nn_1"));
        assert_eq!(e.text.as_deref(), Some("Hello"));
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://twitter.com/nn_1/status/42"
        );
    }

    #[test]
    fn reads_an_embed_a_template_keeps_escaped() {
        // Escaped in the page, the frame is the template's text, never markup.
        let e = read_html(
            r#"<div><p>Allow YouTube content?</p><template>&lt;iframe title=&quot;Parade&quot; src=&quot;https://www.youtube-nocookie.com/embed/abc?feature=oembed&quot;&gt;&lt;/iframe&gt;</template></div>"#,
        );
        assert_eq!(e.platform.unwrap().id, "youtube");
        assert_eq!(e.title.as_deref(), Some("Parade"));
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=abc"
        );
        // A template of elements is a script's blueprint, not a kept embed.
        let blueprint = Html::parse_fragment(
            r#"<template><p>&lt;iframe src=&quot;https://www.youtube.com/embed/abc&quot;&gt;</p></template>"#,
        );
        let template = blueprint
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "template")
            .unwrap();
        assert!(html_in_template(template).is_none());
    }

    #[test]
    fn decodes_a_borlabs_base64_template() {
        let inner = r#"<iframe title="Parade" src="https://www.youtube-nocookie.com/embed/abc?feature=oembed"></iframe>"#;
        let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
        let e = read_html(&format!(
            r#"<div><script type="text/template">{b64}</script></div>"#
        ));
        assert_eq!(e.platform.unwrap().id, "youtube");
        assert_eq!(e.title.as_deref(), Some("Parade"));
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=abc"
        );
    }

    #[test]
    fn decodes_a_url_encoded_template_in_a_data_attribute_s_json() {
        // OpenCms Mercury's data-preview: the frame's markup URL-encoded.
        let e = read_html(
            r#"<div class="preview" data-preview='{"template":"%3Ciframe%20title%3D%22Regatta%22%20src%3D%22https%3A%2F%2Fplayer.vimeo.com%2Fvideo%2F1029%3Fdnt%3D1%22%3E%3C%2Fiframe%3E"}'></div>"#,
        );
        assert_eq!(e.platform.unwrap().id, "vimeo");
        assert_eq!(e.title.as_deref(), Some("Regatta"));
        assert_eq!(e.url.unwrap().as_str(), "https://vimeo.com/1029");
        // JSON whose strings hold no markup, and percent signs in prose, lend nothing.
        let none =
            read_html(r#"<div data-info='{"label":"50%3C off","n":3}' data-note="%3Cb%3E"></div>"#);
        assert!(none.url.is_none() && none.platform.is_none());
    }

    #[test]
    fn decodes_an_embed_privacy_json_string() {
        let script = r#"<script>var _oembed_1 = '{\"embed\":\"&lt;iframe title=&quot;M&uuml;lheim&quot; src=&quot;https:\\/\\/open.spotify.com\\/embed\\/episode\\/6k&quot;&gt;&lt;\\/iframe&gt;\"}';</script>"#;
        let e = read_html(script);
        assert_eq!(e.platform.unwrap().id, "spotify");
        assert_eq!(e.title.as_deref(), Some("Mülheim"));
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://open.spotify.com/episode/6k"
        );
    }

    #[test]
    fn reads_a_post_quoted_in_a_plain_blockquote_and_scoped_parked_urls() {
        let e = read_html(
            r#"<div><blockquote><p>Die Fähre fährt wieder.</p>— Hafen (@hafen_nord) <a href="https://twitter.com/hafen_nord/status/17">12. März</a> (twitter.com)</blockquote></div>"#,
        );
        assert_eq!(e.platform.unwrap().id, "x");
        assert_eq!(e.author.as_deref(), Some("@hafen_nord"));
        assert_eq!(e.text.as_deref(), Some("Die Fähre fährt wieder."));
        let e = read_html(
            r#"<blockquote><p>Quote</p><a href="https://news.example/status/1">x</a></blockquote>"#,
        );
        assert!(e.platform.is_none() && e.text.is_none());
        let e = read_html(
            r#"<iframe class="optanon-category-C0004" data-src="https://www.youtube.com/embed/k1"></iframe>"#,
        );
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=k1"
        );
        let e = read_html(r#"<img data-src="https://www.youtube.com/embed/k1">"#);
        assert!(e.url.is_none());
    }

    #[test]
    fn a_facebook_author_is_the_page_the_post_url_names() {
        let post = |author_href: &str| {
            read_html(&format!(
                r#"<blockquote cite="https://www.facebook.com/ville.demo/posts/pfbid01" class="fb-xfbml-parse-ignore"><p>Avis.</p>Publiée par <a href="{author_href}">Banque</a></blockquote>"#
            ))
            .author
        };
        assert_eq!(post("https://www.facebook.com/banque.demo"), None);
        assert_eq!(
            post("https://www.facebook.com/Ville.Demo").as_deref(),
            Some("Banque")
        );
    }

    #[test]
    fn never_runs_or_links_script_urls() {
        let e = read_html(
            r#"<iframe data-cookieblock-src="jav&#x09;ascript:alert(1)" title="&lt;svg onload=alert(3)&gt;"></iframe>"#,
        );
        assert!(e.url.is_none());
        assert!(e.title.is_none());
        assert!(e.platform.is_none());
    }

    #[test]
    fn deeply_nested_inert_html_is_cut_not_parsed_whole() {
        let inner = format!("{}<p>x</p>", "<div>".repeat(50_000));
        let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
        // The work bound itself is pinned in page.rs (`page::carrier`).
        let e = read_html(&format!(r#"<script type="text/template">{b64}</script>"#));
        assert!(e.text.is_none());
    }

    #[test]
    fn reads_ids_and_data_attributes() {
        let e = read_html(
            r#"<div data-e2e="tiktok-embed-https://www.tiktok.com/@v.demo/video/7"></div>"#,
        );
        assert_eq!(e.platform.unwrap().id, "tiktok");
        assert_eq!(e.author.as_deref(), Some("@v.demo"));
        let e = read_html(r#"<div class="flourish-embed" data-src="visualisation/17"></div>"#);
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://public.flourish.studio/visualisation/17/"
        );
        let e = read_html(r#"<div class="twitterembed-canvas" tweetid="123"></div>"#);
        assert_eq!(e.url.unwrap().as_str(), "https://twitter.com/i/status/123");
    }

    #[test]
    fn reads_the_hooks_tool_files_name() {
        // A prefixed provider (the Guardian's click-to-view).
        let e = read_html(r#"<div data-component="click-to-view:youtube.com"></div>"#);
        assert_eq!(e.platform.unwrap().id, "youtube");
        assert!(e.url.is_none());
        // A link to the original the tool shows in its box (Embed Privacy).
        let e = read_html(
            r#"<div class="embed-privacy-url"><a href="https://vimeo.com/7">vimeo.com/7</a></div>"#,
        );
        assert_eq!(e.url.unwrap().as_str(), "https://vimeo.com/7");
        // The same link anywhere else is not the embed's.
        let e = read_html(r#"<p><a href="https://vimeo.com/7">vimeo.com/7</a></p>"#);
        assert!(e.url.is_none());
        // An editor's embed URL.
        let e = read_html(
            r#"<div data-oembed-url="https://www.youtube.com/embed/k1?feature=oembed"></div>"#,
        );
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=k1"
        );
    }

    #[test]
    fn reads_frames_parked_in_any_data_attribute_but_never_live_ones() {
        let e = read_html(
            r#"<iframe src="about:blank" data-cmp-frame="https://player.vimeo.com/video/845"></iframe>"#,
        );
        assert_eq!(e.url.unwrap().as_str(), "https://vimeo.com/845");
        let e = read_html(
            r#"<iframe src="https://example.org/x" data-cmp-frame="https://player.vimeo.com/video/845"></iframe>"#,
        );
        assert!(e.url.is_none());
    }

    #[test]
    fn a_box_s_wrapper_lends_the_embed_it_keeps_beside_it_but_never_the_article_s() {
        let html = Html::parse_fragment(
            r#"<div class="tool"><button>Inhalt von YouTube anzeigen</button><div class="overlay"><div class="inner"><p>Hier klicken</p></div><div class="footer"><a href="/x">mehr</a></div></div><div class="content"><script>var _o = '{\"embed\":\"&lt;iframe src=&quot;https:\/\/www.youtube.com\/embed\/Gt5&quot;&gt;&lt;\/iframe&gt;\"}';</script></div></div>"#,
        );
        let inner = html
            .select(&scraper::Selector::parse("div.inner").unwrap())
            .next()
            .unwrap();
        assert_eq!(
            kept_by_wrapper(inner, None)
                .and_then(|e| e.url)
                .map(String::from),
            Some("https://www.youtube.com/watch?v=Gt5".to_owned())
        );
        let html = Html::parse_fragment(
            r#"<div class="body"><figure><blockquote class="twitter-tweet"><p>Other post</p><a href="https://twitter.com/a/status/1">d</a></blockquote></figure><figure class="box"><div class="gate"><p>External content</p></div></figure></div>"#,
        );
        let gate = html
            .select(&scraper::Selector::parse("div.gate").unwrap())
            .next()
            .unwrap();
        assert!(kept_by_wrapper(gate, None).is_none());
        // A frame parked further up the article, past its text, is another
        // box's; the one right beside the box, with nothing between, is its own.
        let html = Html::parse_fragment(
            r#"<div class="body"><div class="a"><p>Blocked</p></div><iframe data-src="https://www.youtube.com/embed/Yt1" style="display:none"></iframe><p>Text between.</p><figure><div class="b"><p>Accept to see</p></div><figcaption>A podcast</figcaption></figure><p>More text.</p></div>"#,
        );
        let b = html
            .select(&scraper::Selector::parse("div.b").unwrap())
            .next()
            .unwrap();
        assert!(kept_by_wrapper(b, None).is_none());
        let a = html
            .select(&scraper::Selector::parse("div.a").unwrap())
            .next()
            .unwrap();
        assert_eq!(
            kept_by_wrapper(a, None)
                .and_then(|e| e.url)
                .map(String::from),
            Some("https://www.youtube.com/watch?v=Yt1".to_owned())
        );
    }

    #[test]
    fn reads_an_id_beside_the_platform_s_name_in_a_class() {
        let e = read_html(r#"<div class="video-embed--youtube" data-video-id="q8Lr2"></div>"#);
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=q8Lr2"
        );
        let e = read_html(r#"<div class="vimeo_player" videoid="912"></div>"#);
        assert_eq!(e.url.unwrap().as_str(), "https://vimeo.com/912");
        // The element's own `id` is not the video's.
        let e = read_html(r#"<div class="youtube-wrap" id="player1"></div>"#);
        assert!(e.url.is_none());
        let e = read_html(r#"<div class="youtube-wrap" data-video-id="a/../b"></div>"#);
        assert!(e.url.is_none());
        // A class part led by the name, an attribute naming a post's ID.
        let e = read_html(r#"<div class="twitterpost-box" data-tweet-id="180"></div>"#);
        assert_eq!(e.url.unwrap().as_str(), "https://twitter.com/i/status/180");
        let e = read_html(r#"<div class="xylophone" data-id="180"></div>"#);
        assert!(e.url.is_none());
        // The platform's name in the name of the attribute holding the ID.
        let e = read_html(r#"<div class="optin" data-youtube-id="Wq4n"></div>"#);
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=Wq4n"
        );
    }

    #[test]
    fn an_address_written_in_a_box_or_its_label_line_is_its_own() {
        let html = Html::parse_fragment(
            r#"<div class="w"><div class="b">This content is blocked. <a href="/privacy">Privacy preferences</a></div><div>Blocked source: https://www.google.com/maps/d/embed?mid=1Vq7</div></div>"#,
        );
        let b = html
            .select(&scraper::Selector::parse("div.b").unwrap())
            .next()
            .unwrap();
        assert_eq!(
            written_address(b, None).map(String::from),
            Some("https://www.google.com/maps/d/embed?mid=1Vq7".to_owned())
        );
        // Only http(s) platform addresses, only on the platform the box names.
        let html = Html::parse_fragment(
            r#"<div class="b">Blocked: javascript:alert(1) https://news.example/a/1 https://vimeo.com/12</div>"#,
        );
        let b = html
            .select(&scraper::Selector::parse("div.b").unwrap())
            .next()
            .unwrap();
        assert!(written_address(b, crate::consent::platform::by_name("youtube")).is_none());
        assert_eq!(
            written_address(b, None).map(String::from),
            Some("https://vimeo.com/12".to_owned())
        );
    }

    #[test]
    fn a_hidden_twin_right_beside_a_box_lends_it_its_embed() {
        let page = Html::parse_fragment(
            r#"<article><p>Film:</p><div class="in" data-youtube-id="Wq4n" style="display: none"></div><div class="out"><p>Accept cookies</p></div><p>x</p></article>"#,
        );
        let out = page
            .select(&scraper::Selector::parse("div.out").unwrap())
            .next()
            .unwrap();
        let kept = kept_by_hidden_sibling(out, None).unwrap();
        assert_eq!(
            kept.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=Wq4n"
        );
        // A shown neighbour, or one further away, lends nothing.
        let page = Html::parse_fragment(
            r#"<article><div data-youtube-id="Wq4n" style="display: none"></div><p>x</p><div class="out"></div><div class="shown" data-youtube-id="Zz9"></div></article>"#,
        );
        let out = page
            .select(&scraper::Selector::parse("div.out").unwrap())
            .next()
            .unwrap();
        assert!(kept_by_hidden_sibling(out, None).is_none());
        // Past a placeholder picture, the hidden frame is still the box's.
        let twin = |between: &str| {
            let html = format!(
                r#"<article><div class="out"><p>Accept cookies</p></div>{between}<div style="display: none"><iframe data-src="https://www.youtube.com/embed/Wq4n"></iframe></div></article>"#
            );
            let page = Html::parse_fragment(&html);
            let out = page
                .select(&scraper::Selector::parse("div.out").unwrap())
                .next()
                .unwrap();
            kept_by_hidden_sibling(out, None).is_some()
        };
        assert!(twin(r#"<div><img src="/placeholder.gif"></div>"#));
        assert!(!twin("<p>A paragraph of the article.</p>"));
    }

    #[test]
    fn a_platform_s_thumbnail_image_stands_for_its_video() {
        let e = read_html(
            r#"<div><img src="https://img.youtube.com/vi/Wq4n/maxresdefault.jpg" alt=""></div>"#,
        );
        assert_eq!(e.platform.unwrap().id, "youtube");
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://www.youtube.com/watch?v=Wq4n"
        );
        // Any other image is no embed.
        let e = read_html(r#"<div><img src="https://news.example/vi/a/b.jpg"></div>"#);
        assert!(e.url.is_none());
    }

    #[test]
    fn reads_embed_html_kept_in_a_data_attribute_in_every_form() {
        let inner =
            r#"<iframe src="https://www.youtube.com/embed/Hn4" title="Havnebadet"></iframe>"#;
        let escaped = inner
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        let twice = escaped.replace('&', "&amp;");
        let b64 = base64::engine::general_purpose::STANDARD.encode(inner);
        for value in [escaped, twice, b64] {
            let e = read_html(&format!(r#"<div data-embed="{value}"></div>"#));
            assert_eq!(
                e.url.unwrap().as_str(),
                "https://www.youtube.com/watch?v=Hn4"
            );
            assert_eq!(e.title.as_deref(), Some("Havnebadet"));
        }
        let e = read_html(r#"<div data-note="just some words, not an embed at all"></div>"#);
        assert!(e.url.is_none());
    }

    #[test]
    fn reads_the_address_a_blocked_widget_script_builds_but_not_its_library() {
        let e = read_html(
            r#"<script type="text/plain">var f=document.createElement('iframe');f.src='https://open.spotify.com/embed/episode/4rT';</script>"#,
        );
        assert_eq!(
            e.url.unwrap().as_str(),
            "https://open.spotify.com/episode/4rT"
        );
        let e = read_html(
            r#"<script type="text/plain">load('https://platform.twitter.com/widgets.js'); load('https://www.youtube.com/iframe_api');</script>"#,
        );
        assert!(e.url.is_none());
    }

    #[test]
    fn a_box_drawn_as_an_article_parks_its_embed_in_a_data_attribute() {
        let html = Html::parse_fragment(
            r#"<article class="iframe-container" data-iframe-src="https://datawrapper.dwcdn.net/Qm7Rk/2/"><p>Text.</p><button>Jetzt laden</button></article>"#,
        );
        let article = html
            .select(&scraper::Selector::parse("article").unwrap())
            .next()
            .unwrap();
        assert_eq!(
            parked_in_data(article),
            Some("https://datawrapper.dwcdn.net/Qm7Rk/2/")
        );
        // A platform's home page is no embed.
        let home = Html::parse_fragment(
            r#"<article data-share="https://www.youtube.com/"><p>Text.</p></article>"#,
        );
        let article = home
            .select(&scraper::Selector::parse("article").unwrap())
            .next()
            .unwrap();
        assert_eq!(parked_in_data(article), None);
    }

    #[test]
    fn a_tool_s_title_attribute_on_its_box_gives_the_embed_s_text() {
        let page = |attr: &str| {
            format!(
                r#"<html lang="it"><body><main><p>Il video.</p><div class="v"><iframe-consent data-iframe-attributes='src="https://www.youtube.com/embed/tM4cS8aGq1w"' {attr}="La sagra vista dalla Pro Loco"></iframe-consent></div></main></body></html>"#
            )
        };
        let options = crate::Options::new();
        let found = crate::analyze(&page("data-additional-text"), &options).placeholders;
        assert_eq!(
            found[0].text.as_deref(),
            Some("La sagra vista dalla Pro Loco")
        );
        // An attribute no tool names says nothing of the embed.
        let found = crate::analyze(&page("data-extra"), &options).placeholders;
        assert_eq!(found[0].text, None);
    }

    #[test]
    fn a_title_attribute_holding_a_box_phrase_is_not_the_embed_s_text() {
        let page = |title: &str| {
            format!(
                r#"<html lang="fi"><body><main><p>Katso video.</p><div data-service="youtube" data-id="tM4cS8aGq1w" data-title="{title}"><div class="c-nt"><p>Salli evästeet nähdäksesi videon.</p><button class="c-l-b">Näytä vain tämä upote</button></div></div></main></body></html>"#
            )
        };
        let options = crate::Options::new();
        let found = crate::analyze(&page("Kirjaston avajaiset"), &options).placeholders;
        assert_eq!(found[0].text.as_deref(), Some("Kirjaston avajaiset"));
        let found =
            crate::analyze(&page("Tämä upote saattaa käyttää evästeitä"), &options).placeholders;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, None);
    }
}
