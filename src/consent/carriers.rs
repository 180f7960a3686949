//! What survives of a blocked embed inside a box: blockquotes, URLs parked
//! in attributes, inert scripts holding the original HTML (didomi/html,
//! Borlabs base64 templates, Embed Privacy `_oembed_` JSON strings),
//! `<noscript>`, BBC `data-e2e`, Guardian `click-to-view`, tarteaucitron
//! IDs. Inert HTML is parsed, never run.

use base64::Engine;
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};
use url::Url;

use super::platform::{self, by_name, by_url, canonical, clean_url};
use super::text::visible_except;
use crate::data::{PlatformEntry, TOOLS};

/// Elements read inside one box (a box is small; this bounds hostile ones).
pub const MAX_CARRIER_NODES: usize = 20_000;

/// Bytes of inert HTML decoded per carrier (the hostile page's 76 000-char
/// caption fits; a megabyte of base64 does not get parsed).
pub const MAX_DECODED_BYTES: usize = 256 * 1024;

/// Chars of text gathered per field before clipping.
const TEXT_LIMIT: usize = 2_000;

/// Iframe titles that say nothing about the embed.
const GENERIC_TITLES: [&str; 6] = [
    "youtube video player",
    "chart visualization",
    "embedded content",
    "twitter tweet",
    "x post",
    "iframe",
];

/// Title prefixes players add before the real title.
const TITLE_PREFIXES: [&str; 1] = ["spotify embed: "];

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
        self.url = self.url.take().or(other.url);
        self.title = self.title.take().or(other.title);
    }
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
        if has_class(el, "twitter-tweet") {
            return Some(Found::Whole(tweet(el, base)));
        }
        if has_class(el, "instagram-media") {
            return Some(Found::Whole(instagram(el, base)));
        }
        if has_class(el, "tiktok-embed") {
            return Some(Found::Whole(tiktok(el, base)));
        }
        if has_class(el, "fb-xfbml-parse-ignore") {
            return Some(Found::Whole(facebook(el, base)));
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
        let html = inert_html(el)?;
        // Decoded HTML is page input like any other: bounded in size, depth and parser work.
        let fragment = crate::page::carrier(bounded(&html));
        let mut found = Embed::default();
        read_into(fragment.root_element(), base, false, &mut found);
        return Some(Found::Whole(found));
    }
    if name == "noscript" && el.children().all(|c| !c.value().is_element()) && decode {
        let html: String = el.text().collect();
        let fragment = crate::page::carrier(bounded(&html));
        let mut found = Embed::default();
        read_into(fragment.root_element(), base, false, &mut found);
        return Some(Found::Whole(found));
    }
    let mut found = Embed::default();
    // A parked URL, or a frame's own address inside decoded HTML.
    let parked = TOOLS
        .iter()
        .flat_map(|t| &t.file.parked)
        .find_map(|attr| v.attr(attr))
        .or_else(|| {
            TOOLS
                .iter()
                .flat_map(|t| &t.parked_on)
                .filter(|(on, _)| on.matches(&el))
                .find_map(|(_, attr)| v.attr(attr))
        });
    // In the page itself, a frame's own `src` is a live embed, shown, not
    // blocked: it is never a box's (issue 8). Inside decoded inert HTML it
    // is the blocked embed's address.
    let frame_src = (!decode && matches!(name, "iframe" | "a-iframe" | "img" | "embed"))
        .then(|| v.attr("src"))
        .flatten();
    if let Some(raw) = parked.or(frame_src) {
        found.url = clean_url(raw, base).map(canonical);
        found.platform = found.url.as_ref().and_then(by_url);
        // An image is the embed only when it is the platform's own thumbnail.
        if name == "img" && found.platform.is_none() {
            found.url = None;
        }
        if found.url.is_some() && name != "img" {
            found.title = v.attr("title").and_then(useful_title);
        }
    }
    for attr in TOOLS.iter().flat_map(|t| &t.file.providers) {
        if let Some(named) = v.attr(attr).and_then(by_name) {
            found.platform = found.platform.or(Some(named));
        }
    }
    if let Some(e2e) = v.attr("data-e2e") {
        if let Some((provider, raw)) = e2e.split_once("-embed-") {
            found.url = found.url.or_else(|| clean_url(raw, base).map(canonical));
            found.platform = found
                .url
                .as_ref()
                .and_then(by_url)
                .or_else(|| by_name(provider));
            found.author = found.url.as_ref().and_then(platform::author_in);
        }
    }
    if let Some(domain) = v
        .attr("data-component")
        .and_then(|c| c.strip_prefix("click-to-view:"))
    {
        found.platform = by_name(domain);
    }
    if let Some(id) = v
        .attr("data-src")
        .and_then(|s| s.strip_prefix("visualisation/"))
    {
        found.url = platform::flourish(id.trim_end_matches('/'));
        found.platform = found.url.as_ref().and_then(by_url);
    }
    if let Some(raw) = v.attr("data-oembed-url") {
        found.url = clean_url(raw, base).map(canonical);
        found.platform = found.url.as_ref().and_then(by_url);
    }
    if let Some(id) = v.attr("tweetid") {
        found.url = platform::tweet(id);
        found.platform = by_name("twitter");
    }
    if let Some(id) = v.attr("videoid") {
        if has_class(el, "youtube_player") {
            found.url = platform::youtube(id);
            found.platform = by_name("youtube");
        } else if has_class(el, "vimeo_player") {
            found.url = Url::parse(&format!("https://vimeo.com/{id}")).ok();
            found.platform = by_name("vimeo");
        }
        found.title = v.attr("title").and_then(useful_title);
    }
    if name == "a"
        && el
            .ancestors()
            .take(2)
            .filter_map(ElementRef::wrap)
            .any(|p| has_class(p, "embed-privacy-url"))
    {
        found.url = v
            .attr("href")
            .and_then(|h| clean_url(h, base))
            .map(canonical);
        found.platform = found.url.as_ref().and_then(by_url);
    }
    Some(Found::Part(found))
}

/// A frame title worth showing.
fn useful_title(title: &str) -> Option<String> {
    let mut t = super::text::clean(title);
    for prefix in TITLE_PREFIXES {
        if t.to_lowercase().starts_with(prefix) {
            t = t.chars().skip(prefix.chars().count()).collect();
        }
    }
    let lower = t.to_lowercase();
    let generic = GENERIC_TITLES.iter().any(|g| lower.starts_with(g));
    (!t.is_empty() && !generic).then_some(t)
}

/// The original HTML an inert script holds: `didomi/html` and Zotonic's
/// `text/x-cookie-consented` as text, Borlabs' `text/template` as base64,
/// Embed Privacy's `_oembed_` JS string of JSON of escaped HTML.
fn inert_html(el: ElementRef<'_>) -> Option<String> {
    let kind = el
        .value()
        .attr("type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body: String = el.text().collect();
    let body = bounded(body.trim());
    match kind.as_str() {
        "didomi/html" | "text/x-cookie-consented" => Some(body.to_owned()),
        "text/template" => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body)
                .ok()?;
            String::from_utf8(bytes).ok()
        }
        "" | "text/javascript" if body.contains("_oembed_") => oembed(body),
        _ => None,
    }
}

/// `var _oembed_… = '{"embed":"&lt;…"}';` → the embed's HTML.
fn oembed(script: &str) -> Option<String> {
    let start = script.find('\'')?;
    let end = script.rfind('\'')?;
    let quoted = script.get(start + 1..end)?;
    let json = js_unescape(quoted);
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    let escaped = value.get("embed")?.as_str()?;
    // The HTML is entity-escaped: parsing it as HTML text decodes the entities.
    let decoded: String = crate::page::carrier(escaped)
        .root_element()
        .text()
        .collect();
    Some(decoded)
}

/// Undoes a JS single-quoted string's escapes of quotes and backslashes,
/// leaving JSON's own escapes (`\/`, `\u…`) for the JSON parser.
fn js_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(q @ ('\'' | '"')) => out.push(q),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => {}
        }
    }
    out
}

fn bounded(s: &str) -> &str {
    if s.len() <= MAX_DECODED_BYTES {
        return s;
    }
    let mut end = MAX_DECODED_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

/// The last `(@handle)` in `text`.
fn handle_in(text: &str) -> Option<String> {
    text.rmatch_indices("(@").find_map(|(i, _)| {
        let rest = text.get(i + 2..)?;
        let end = rest.find(')')?;
        let handle = rest.get(..end)?;
        let ok = !handle.is_empty()
            && handle.len() <= 40
            && handle
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        ok.then(|| format!("@{handle}"))
    })
}

fn non_empty(text: String) -> Option<String> {
    let text = super::text::clean(&text);
    (!text.is_empty()).then_some(text)
}

fn children_named<'a>(
    el: ElementRef<'a>,
    name: &'a str,
) -> impl Iterator<Item = ElementRef<'a>> + 'a {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter(move |e| e.value().name() == name)
}

/// The first link in `el` to a post on X.
fn status_link(el: ElementRef<'_>, base: Option<&Url>) -> Option<Url> {
    children_named(el, "a")
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("/status/"))
        .filter_map(|h| clean_url(h, base))
        .find(|u| by_url(u).is_some_and(|p| p.id == "x"))
}

/// `blockquote.twitter-tweet`: `<p>` post text, `— Name (@handle)`, status link.
fn tweet(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let is_media_link = |a: ElementRef<'_>| {
        a.value().name() == "a"
            && (a
                .text()
                .any(|t| t.trim_start().starts_with("pic.twitter.com"))
                || a.value()
                    .attr("href")
                    .is_some_and(|h| h.contains("//t.co/")))
    };
    let text = children_named(el, "p")
        .next()
        .and_then(|p| non_empty(visible_except(p, TEXT_LIMIT, is_media_link)));
    let all = visible_except(el, TEXT_LIMIT * 2, |_| false);
    let url = status_link(el, base);
    let author = handle_in(&all).or_else(|| url.as_ref().and_then(platform::author_in));
    Embed {
        platform: by_name("twitter"),
        author,
        text,
        url,
        title: None,
    }
}

/// `blockquote.instagram-media`: permalink, caption `<p>`, "(@handle)" credit.
fn instagram(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let url = el
        .value()
        .attr("data-instgrm-permalink")
        .and_then(|h| clean_url(h, base))
        .map(canonical);
    let paragraphs: Vec<String> = children_named(el, "p")
        .map(|p| visible_except(p, TEXT_LIMIT, |_| false))
        .collect();
    let credit = paragraphs.iter().rposition(|p| handle_in(p).is_some());
    let author = credit
        .and_then(|i| paragraphs.get(i))
        .and_then(|p| handle_in(p));
    let caption: Vec<&str> = paragraphs
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != credit)
        .map(|(_, p)| p.as_str())
        .collect();
    Embed {
        platform: by_name("instagram"),
        author,
        text: non_empty(caption.join(" ")),
        url,
        title: None,
    }
}

/// `blockquote.tiktok-embed`: `cite`, `a[title="@user"]`, caption text.
fn tiktok(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let url = el
        .value()
        .attr("cite")
        .and_then(|h| clean_url(h, base))
        .map(canonical);
    let author = children_named(el, "a")
        .filter_map(|a| a.value().attr("title"))
        .find(|t| t.starts_with('@'))
        .map(super::text::clean)
        .or_else(|| url.as_ref().and_then(platform::author_in));
    let is_credit = |a: ElementRef<'_>| {
        a.value().name() == "a"
            && a.value()
                .attr("title")
                .is_some_and(|t| t.starts_with('@') || t.starts_with('♬'))
    };
    Embed {
        platform: by_name("tiktok"),
        author,
        text: non_empty(visible_except(el, TEXT_LIMIT, is_credit)),
        url,
        title: None,
    }
}

/// `blockquote.fb-xfbml-parse-ignore`: `cite`, `<p>` text, page link.
fn facebook(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let post = el.value().attr("cite").or_else(|| {
        el.parent()
            .and_then(ElementRef::wrap)
            .and_then(|p| p.value().attr("data-href"))
    });
    let url = post.and_then(|h| clean_url(h, base));
    let text = children_named(el, "p")
        .next()
        .and_then(|p| non_empty(visible_except(p, TEXT_LIMIT, |_| false)));
    // The author is the link to the page that published the post; when the
    // post's URL names that page, a link to another page is not its author.
    let page = url.as_ref().and_then(platform::facebook_page);
    let author = children_named(el, "a")
        .find(|a| {
            let Some(href) = a.value().attr("href") else {
                return false;
            };
            let to_page = match &page {
                Some(page) => clean_url(href, base)
                    .and_then(|u| platform::facebook_page(&u))
                    .is_some_and(|p| p.eq_ignore_ascii_case(page)),
                None => true,
            };
            to_page && !href.contains("/posts/") && !href.contains("/videos/")
        })
        .and_then(|a| non_empty(a.text().collect()));
    Embed {
        platform: by_name("facebook"),
        author,
        text,
        url,
        title: None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::Html;

    fn read_html(html: &str) -> Embed {
        let page = Html::parse_fragment(html);
        read(page.root_element(), None)
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
        let started = std::time::Instant::now();
        let e = read_html(&format!(r#"<script type="text/template">{b64}</script>"#));
        assert!(e.text.is_none());
        // Unbounded, html5ever takes minutes on this; bounded, well under one.
        assert!(started.elapsed().as_secs() < 20);
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
}
