//! Clutter: what the reader can hide around the article and get back — the
//! site's navigation, share bars, related links, newsletter boxes, ad slots,
//! cookie banners, comments, footers, link boxes and on-demand overlays.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{ElementRef, Node};

use super::navigation::{self, Leads, Site};
use super::patterns::{Kind, PATTERNS};
use super::{stats, Article, PROSE_MAX_LINK_DENSITY, PROSE_MIN_CHARS};
use crate::page::Page;
use crate::rules::CompiledRule;

/// Inside the body, a clutter-named element is listed only when it holds
/// less than this share of the body's text: a block that big is the article
/// under an odd name, not a share bar.
const MAX_SHARE_OF_BODY: f32 = 0.25;
/// Inside the body, a block whose text is at least this share link text…
const LINK_BOX_MIN_DENSITY: f32 = 0.6;
/// …and holds at least this many characters of links, most of them to the
/// site's other pages, is a box of links to elsewhere on the site (a topic
/// box, a series index), not the story: a "see also" list of a few links
/// stays, and so do a table of contents (its links lead within the page:
/// the article's own furniture) and a list of links to other sites (a
/// roundup's, a list of sources: the article's own text).
const LINK_BOX_MIN_LINK_CHARS: u32 = 400;
/// Elements read, at most, to tell whether a clutter-named block inside the
/// body quotes a post (see [`quotes_a_post`]).
const QUOTE_ELEMENTS_READ: usize = 200;
/// An overlay (a block with its own close control) is hidden only when at
/// least this much of the body's text is left beside it: the story, not a
/// page whose article is itself shown in an overlay.
const OVERLAY_MIN_LEFT_CHARS: u32 = 500;
/// Tokens of a class or id that name a control closing its box.
const CLOSE_TOKENS: &[&str] = &["close", "dismiss"];
/// Beside the article, prose found further up than this many levels above
/// the body (in the page's other columns and sections) is another story's
/// teaser, not a part of the article the engine left out; before the body
/// (title, standfirst, lead picture), any level counts.
const MAX_PART_LEVELS_AFTER: usize = 2;
/// Elements read, at most, to find a heading in a block before the body:
/// an article's header is small.
const HEADER_ELEMENTS_READ: usize = 50;
/// Beside the article, a block with this many headings that are links (or
/// inside one) is a list of other stories: its standfirsts are teasers, not
/// a part of the article, however long.
const TEASER_LIST_MIN_HEADINGS: usize = 3;
/// Elements read, at most, to find a control the reader fills in within a
/// block beside the body (see [`takes_input`]).
const INPUT_ELEMENTS_READ: usize = 2_000;
/// ARIA roles of furniture that may be hidden whole.
const CLUTTER_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "complementary",
    "contentinfo",
    "search",
    "dialog",
    "alertdialog",
];

/// Top-most clutter elements in document order. Never the body, one of its
/// ancestors, nor the `<article>` around it's header (it holds the title).
///
/// Consent boxes (`boxes`) and their ancestors are never clutter either: the
/// box is collapsed into its summary line, which must stay in the page.
pub fn find(
    page: &Page,
    article: &Article,
    rules: &[&CompiledRule],
    boxes: &[NodeId],
) -> Vec<NodeId> {
    let Some(body) = page.html.tree.get(article.body) else {
        return Vec::new();
    };
    let mut keep: HashSet<NodeId> = std::iter::once(body.id())
        .chain(body.ancestors().map(|a| a.id()))
        .collect();
    for node in boxes.iter().filter_map(|&id| page.html.tree.get(id)) {
        keep.insert(node.id());
        keep.extend(node.ancestors().map(|a| a.id()));
    }
    let ruled: HashSet<NodeId> = rules
        .iter()
        .flat_map(|r| r.clutter.iter())
        .flat_map(|sel| sel.select(page.top()).into_iter().map(|el| el.id()))
        .collect();
    let body_chars = article.stats.get(body.id()).text;
    let body_text = body_chars.max(1) as f32;
    let aside = beside_the_article(body, article);
    let site = Site::of(page);

    let mut found = Vec::new();
    // Depth of the listed element we are inside (its subtree is not searched)
    // and of the body (inside it, only named clutter counts).
    let mut skip_depth = 0u32;
    let mut in_body = 0u32;
    let mut in_article = 0u32;
    for edge in page.top().traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if skip_depth > 0 {
                    skip_depth += 1;
                    continue;
                }
                let id = node.id();
                if id == body.id() || in_body > 0 {
                    in_body += 1;
                }
                if el.value().name() == "article" {
                    in_article += 1;
                }
                if keep.contains(&id) {
                    continue;
                }
                let v = el.value();
                let listed = ruled.contains(&id)
                    || aside.contains(&id)
                    || if in_body > 0 {
                        let s = article.stats.get(id);
                        (PATTERNS.classify(v).has(Kind::Clutter)
                            && (s.text as f32) < body_text * MAX_SHARE_OF_BODY
                            && !quotes_a_post(el))
                            || is_link_box(el, &s, &site)
                            || (is_overlay(el)
                                && body_chars.saturating_sub(s.text) >= OVERLAY_MIN_LEFT_CHARS)
                    } else {
                        is_clutter_outside(el, in_article > 0)
                            || (navigation::is_navigation(el, &article.stats.get(id), &site)
                                && !holds_article_part(el, article, true))
                    };
                if listed {
                    found.push(id);
                    skip_depth = 1;
                    // Balance the counters this element raised.
                    in_body = in_body.saturating_sub(1);
                    if v.name() == "article" {
                        in_article -= 1;
                    }
                }
            }
            Edge::Close(node) => {
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                in_body = in_body.saturating_sub(1);
                if el.value().name() == "article" {
                    in_article = in_article.saturating_sub(1);
                }
            }
        }
    }
    found
}

/// The elements beside the article: the siblings of the body and of each of
/// its ancestors below `<body>` (a page's header, rails, teasers, footer),
/// but those that hold the title (`h1`), a picture among no links (the lead
/// image) or prose, in a `<p>` or right in an element (the standfirst, or a
/// part of the article the engine left out: never hidden).
fn beside_the_article(body: NodeRef<'_, Node>, article: &Article) -> HashSet<NodeId> {
    let mut beside = HashSet::new();
    let chain = std::iter::once(body)
        .chain(body.ancestors())
        .take_while(|n| {
            ElementRef::wrap(*n).is_some_and(|el| !matches!(el.value().name(), "body" | "html"))
        });
    for (up, level) in chain.enumerate() {
        let before = level.prev_siblings().map(|n| (n, true));
        let after = level.next_siblings().map(|n| (n, false));
        for (node, before) in before.chain(after) {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let prose_counts = before || up < MAX_PART_LEVELS_AFTER;
            let header_counts = before && up < MAX_PART_LEVELS_AFTER;
            if stats::is_skipped(el.value())
                || holds_article_part(el, article, prose_counts)
                || (header_counts && is_article_header(el, article))
            {
                continue;
            }
            beside.insert(el.id());
        }
    }
    beside
}

/// Whether `el` (beside the body) holds the title, a lead picture or, when
/// `prose_counts`, prose. Named clutter in it (an ad slot) is still found
/// by name.
fn holds_article_part(el: ElementRef<'_>, article: &Article, prose_counts: bool) -> bool {
    let prose_counts = prose_counts && !is_teaser_list(el) && !takes_input(el);
    std::iter::once(el)
        .chain(el.descendent_elements())
        .any(|d| match d.value().name() {
            "h1" => true,
            "figure" | "picture" | "img" => article.stats.get(el.id()).link_text == 0,
            _ if !prose_counts => false,
            name => {
                let s = article.stats.get(d.id());
                let prose = if name == "p" { s.text } else { s.own_text };
                prose >= PROSE_MIN_CHARS && s.link_density() < PROSE_MAX_LINK_DENSITY
            }
        })
}

/// Whether `el`, right before the body, is the article's header: a heading
/// with no link in it (a title set as `h2`s, a date as an `h5`), where
/// another story's teaser is headed by a link.
fn is_article_header(el: ElementRef<'_>, article: &Article) -> bool {
    std::iter::once(el)
        .chain(el.descendent_elements())
        .take(HEADER_ELEMENTS_READ)
        .any(|d| {
            matches!(d.value().name(), "h2" | "h3" | "h4" | "h5" | "h6")
                && article.stats.get(d.id()).link_text == 0
                && article.stats.get(d.id()).text > 0
        })
        && article.stats.get(el.id()).link_text == 0
}

/// Whether `el` holds a control the reader fills in (a comment box's text
/// area, a sign-up box's address field): its lines are the form's prompts
/// and notices, not a part of the article (as a short article's run is
/// never beside one: `super::is_short_article`).
fn takes_input(el: ElementRef<'_>) -> bool {
    el.descendent_elements()
        .take(INPUT_ELEMENTS_READ)
        .any(|d| super::is_form_control(d.value()))
}

/// Whether `el` holds a list of other stories: several linked headings.
fn is_teaser_list(el: ElementRef<'_>) -> bool {
    let is_link = |e: ElementRef<'_>| e.value().name() == "a";
    el.descendent_elements()
        .filter(|d| matches!(d.value().name(), "h2" | "h3" | "h4" | "h5" | "h6"))
        .filter(|h| {
            h.descendent_elements().any(is_link)
                || h.ancestors()
                    .take_while(|a| a.id() != el.id())
                    .filter_map(ElementRef::wrap)
                    .any(is_link)
        })
        .take(TEASER_LIST_MIN_HEADINGS)
        .count()
        >= TEASER_LIST_MIN_HEADINGS
}

/// A box of links to elsewhere on the site: mostly link text, and much of
/// it, most of its links leading to the site's other pages (not to `#` a
/// part of this one, nor to other sites).
fn is_link_box(el: ElementRef<'_>, s: &stats::Stats, site: &Site) -> bool {
    if s.link_text < LINK_BOX_MIN_LINK_CHARS || s.link_density() < LINK_BOX_MIN_DENSITY {
        return false;
    }
    let (mut site_pages, mut others) = (0u32, 0u32);
    for href in navigation::links(el) {
        if site.leads(href) == Leads::SitePage {
            site_pages += 1;
        } else {
            others += 1;
        }
    }
    site_pages > others
}

/// Whether a clutter-named block inside the body quotes a post (an embedded
/// post's text in a `<blockquote>`, under a name such as `social-embed`):
/// the article's quote, not a share bar. Comments quote too, and stay
/// clutter.
fn quotes_a_post(el: ElementRef<'_>) -> bool {
    !PATTERNS.classify(el.value()).has(Kind::Comments)
        && el
            .descendent_elements()
            .take(QUOTE_ELEMENTS_READ)
            .any(|d| d.value().name() == "blockquote")
}

/// An overlay the page opens on demand (a lightbox, a full-screen gallery, a
/// modal): a block with a close control of its own among its children.
fn is_overlay(el: ElementRef<'_>) -> bool {
    el.children().filter_map(ElementRef::wrap).any(|c| {
        matches!(c.value().name(), "a" | "button")
            && [c.value().attr("class"), c.value().id()]
                .into_iter()
                .flatten()
                .flat_map(|names| names.split(|ch: char| !ch.is_ascii_alphanumeric()))
                .any(|token| {
                    CLOSE_TOKENS
                        .iter()
                        .any(|close| token.eq_ignore_ascii_case(close))
                })
    })
}

/// Clutter outside the body: furniture by tag, role or name. An article's
/// own header (title, byline) is kept.
fn is_clutter_outside(el: ElementRef<'_>, in_article: bool) -> bool {
    let v: &Element = el.value();
    let holds_title = || el.descendent_elements().any(|d| d.value().name() == "h1");
    match v.name() {
        "nav" | "aside" => return true,
        "header" => return !in_article && !holds_title(),
        "footer" => return !in_article,
        "script" | "style" | "link" | "meta" | "head" | "title" | "noscript" | "template" => {
            return false
        }
        _ => {}
    }
    if v.attr("role")
        .is_some_and(|role| CLUTTER_ROLES.contains(&role.trim()))
    {
        return !holds_title();
    }
    PATTERNS.classify(v).has(Kind::Clutter) && !holds_title()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// A paragraph long enough to read as prose.
    const PARA: &str =
        "A paragraph of the story, long enough to read as prose, with commas, clauses and an end. ";

    /// The classes (or tags) of the clutter `find` lists on `html`.
    fn clutter_of(html: &str) -> Vec<String> {
        let page = Page::document(html, None);
        let article = super::super::find(&page, &[]).unwrap();
        find(&page, &article, &[], &[])
            .into_iter()
            .map(|id| {
                let el = ElementRef::wrap(page.html.tree.get(id).unwrap()).unwrap();
                el.value()
                    .attr("class")
                    .unwrap_or(el.value().name())
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn hides_what_sits_beside_the_article_but_its_title_lead_picture_and_standfirst() {
        let body = format!("<p>{PARA}{PARA}</p><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>");
        let html = format!(
            r#"<body><div class="top-links"><a href="/a">Sport</a> <a href="/b">Culture</a></div>
            <div class="page"><div class="wrap"><div class="headline"><h1>Storm damage</h1></div>
            <div class="lead-picture"><img src="storm.jpg"><span>The storm, at night.</span></div>
            <div class="standfirst">The storm that hit the coast overnight left thousands without power.</div>
            <div class="story">{body}</div><div class="teasers"><a href="/c">Another story</a></div></div>
            <div class="rail">Most read: <a href="/d">a story</a></div></div></body>"#
        );
        assert_eq!(clutter_of(&html), ["top-links", "teasers", "rail"]);
    }

    #[test]
    fn hides_teasers_beside_or_further_up_but_keeps_a_part_of_the_article_beside_it() {
        let body = format!("<p>{PARA}{PARA}</p><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>");
        let teasers: String = (0..3)
            .map(|i| format!(r#"<h4><a href="/s{i}">Story {i}</a></h4><p>{PARA}</p>"#))
            .collect();
        let html = format!(
            r#"<body><div class="page"><div class="main"><div class="col"><div class="post">
            <h1>Storm damage</h1><div class="story">{body}</div></div>
            <div class="more">{PARA}</div><div class="latest">{teasers}</div></div></div>
            <div class="stream"><h3>Another story</h3><p>{PARA}</p></div></div></body>"#
        );
        assert_eq!(clutter_of(&html), ["latest", "stream"]);
    }

    #[test]
    fn hides_a_box_of_links_and_an_overlay_inside_the_body_but_not_a_few_links_nor_contents() {
        let links: String = (0..30)
            .map(|i| format!(r#"<li><a href="/t{i}">Topic number {i}</a></li>"#))
            .collect();
        let contents: String = (0..30)
            .map(|i| format!(r##"<li><a href="#s{i}">Section number {i}</a></li>"##))
            .collect();
        let html = format!(
            r##"<body><div class="story"><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>
            <ul class="also"><li><a href="/a">A related topic</a></li><li><a href="/b">Another one</a></li></ul>
            <div class="gallery"><a href="#" class="icon-close" title="Close"></a><p>{PARA}</p></div>
            <p>{PARA}{PARA}</p><ul class="contents">{contents}</ul><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>
            <table class="topics"><tr><td><ul>{links}</ul></td></tr></table></div></body>"##
        );
        assert_eq!(clutter_of(&html), ["gallery", "topics"]);
    }

    #[test]
    fn keeps_a_header_of_unlinked_headings_right_before_the_body_but_not_a_linked_one() {
        let body = format!("<p>{PARA}{PARA}</p><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>");
        let html = format!(
            r#"<body><div class="page"><div class="post"><div class="kicker"><h3><a href="/x">Another story</a></h3></div>
            <div class="headline"><h2>Storm damage</h2><h4>The coast without power</h4></div>
            <h5 class="posted">2/26/2015 7:11 AM</h5><div class="story">{body}</div></div></div></body>"#
        );
        assert_eq!(clutter_of(&html), ["kicker"]);
    }

    #[test]
    fn hides_a_book_s_chapter_list_beside_the_article_but_keeps_the_chapter_title() {
        let body = format!("<p>{PARA}{PARA}</p><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>");
        let chapters: String = (1..=12)
            .map(|i| {
                format!(r#"<li><a href="/book/chapters/{i}">{i}. Chapter number {i}</a></li>"#)
            })
            .collect();
        let html = format!(
            r#"<body><main><div class="top"><div class="bar"><h2>Chapter 6 - Watching the systems that serve</h2></div>
            <div class="menu"><ol class="drop">{chapters}</ol></div></div>
            <div class="main"><div class="content"><h1>Watching systems</h1>{body}</div></div></main></body>"#
        );
        assert_eq!(clutter_of(&html), ["menu"]);
    }

    #[test]
    fn hides_a_comment_box_beside_the_article_whatever_its_prompts_say() {
        let body = format!("<p>{PARA}{PARA}</p><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p>");
        let html = format!(
            r#"<body><div class="page"><div class="story">{body}</div>
            <div class="more">{PARA}</div>
            <div class="talk"><div class="prompt">Deleted stickers cannot be restored. Delete them now?</div>
            <textarea placeholder="Say something"></textarea><span>Nobody has spoken yet, be the first!</span></div></div></body>"#
        );
        assert_eq!(clutter_of(&html), ["talk"]);
    }

    #[test]
    fn keeps_an_article_that_is_a_list_of_links_to_other_sites() {
        let picks: String = (0..12)
            .map(|i| {
                format!(r#"<li><a href="https://blog{i}.example/posts/{i}">A long title of the linked post number {i}</a></li>"#)
            })
            .collect();
        let html = format!(
            r#"<body><div class="nav"><a href="/">Home</a></div><div class="post"><h1>Links of the week</h1>
            <p>{PARA}{PARA}</p><ul class="picks">{picks}</ul><p>{PARA}{PARA}</p><p>{PARA}{PARA}</p></div></body>"#
        );
        assert_eq!(clutter_of(&html), ["nav"]);
    }

    #[test]
    fn keeps_a_post_quoted_in_the_body_under_a_clutter_name_but_hides_the_share_bar() {
        let html = format!(
            r#"<body><div class="story"><p>{PARA}{PARA}</p><div class="social-share"><a href="/s">Share</a></div>
            <p>{PARA}{PARA}</p><div class="social-embed"><blockquote><p>A post quoted by the story.</p></blockquote></div>
            <p>{PARA}{PARA}</p><p>{PARA}{PARA}</p></div></body>"#
        );
        assert_eq!(clutter_of(&html), ["social-share"]);
    }
}
