//! Reading each platform's own post markup kept in a page: X/Twitter,
//! Instagram, TikTok and Facebook blockquotes (text, author, link).

use scraper::ElementRef;
use url::Url;

use super::{Embed, TEXT_LIMIT};
use crate::consent::platform::{self, by_name, by_url, canonical};
use crate::text::visible_except;

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
    let text = crate::text::clean(&text);
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
pub(super) fn status_link(el: ElementRef<'_>, base: Option<&Url>) -> Option<Url> {
    children_named(el, "a")
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("/status/"))
        .filter_map(|h| crate::url::clean(h, base))
        .find(|u| by_url(u).is_some_and(|p| p.id == "x"))
}

/// `blockquote.twitter-tweet`: `<p>` post text, `— Name (@handle)`, status link.
pub(super) fn tweet(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
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
pub(super) fn instagram(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let url = el
        .value()
        .attr("data-instgrm-permalink")
        .and_then(|h| crate::url::clean(h, base))
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
pub(super) fn tiktok(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let url = el
        .value()
        .attr("cite")
        .and_then(|h| crate::url::clean(h, base))
        .map(canonical);
    let author = children_named(el, "a")
        .filter_map(|a| a.value().attr("title"))
        .find(|t| t.starts_with('@'))
        .map(crate::text::clean)
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
pub(super) fn facebook(el: ElementRef<'_>, base: Option<&Url>) -> Embed {
    let post = el.value().attr("cite").or_else(|| {
        el.parent()
            .and_then(ElementRef::wrap)
            .and_then(|p| p.value().attr("data-href"))
    });
    let url = post.and_then(|h| crate::url::clean(h, base));
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
                Some(page) => crate::url::clean(href, base)
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
