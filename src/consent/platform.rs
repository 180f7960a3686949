//! Platforms: which one a URL, an attribute or a box's wording names, and the
//! one link a summary shows (cleaned of tracking, made canonical).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use url::Url;

use crate::data::{PlatformEntry, PLATFORMS};
use crate::domain::host_within;

/// The id of every named service outside the summary vocabulary.
const OTHER: &str = "other";

/// Longest account name read from a URL: X allows 15 chars, TikTok 24,
/// Instagram 30, Bluesky's domain handles are longer; past this it is not
/// a handle.
const MAX_HANDLE_LEN: usize = 64;

/// The platform whose host `url` is on: the host on a dot boundary, a
/// path prefix on a segment boundary ("google.com/maps" is not
/// "google.com/mapsforge").
pub fn by_url(url: &Url) -> Option<&'static PlatformEntry> {
    PLATFORMS
        .iter()
        .find(|p| p.hosts.iter().any(|pattern| at(url, pattern)))
}

/// Whether `url` is at `pattern`: a host (and its subdomains), or a
/// `host/path` prefix on a segment boundary.
fn at(url: &Url, pattern: &str) -> bool {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let path = url.path().trim_start_matches('/');
    let (h, prefix) = pattern.split_once('/').unwrap_or((pattern, ""));
    let path_ok = prefix.is_empty()
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    host_within(&host, h) && path_ok
}

/// What a platform's player plays (`platforms.json`'s `players`): the
/// address in its parameter, on the same platform and not a player itself.
fn played(url: &Url) -> Option<Url> {
    let platform = by_url(url)?;
    let player = platform.players.iter().find(|p| at(url, &p.at))?;
    let inner = crate::url::clean(&query(url, &player.parameter)?, None)?;
    let same = by_url(&inner).is_some_and(|p| std::ptr::eq(p, platform));
    let a_player = platform.players.iter().any(|p| at(&inner, &p.at));
    (same && !a_player).then_some(inner)
}

/// The platform a tool attribute (`data-service="google-maps"`) or a bare
/// domain names.
pub fn by_name(name: &str) -> Option<&'static PlatformEntry> {
    let name = name.trim().to_lowercase();
    if name.contains('.') {
        let url = Url::parse(&format!("https://{name}/")).ok()?;
        return by_url(&url);
    }
    // Services outside the vocabulary share the id `other`: only their
    // names tell them apart.
    PLATFORMS
        .iter()
        .find(|p| (p.id == name && p.id != OTHER) || p.names.contains(&name))
}

/// The platform a box's wording names. A heading with a slot ("Allow
/// Bluesky content?") names it there, and only there: a slot naming a
/// service the data does not know gives `None`, whatever else the box says.
/// Without such a heading, the first name anywhere in the wording counts.
pub fn in_wording(wording: &str) -> Option<&'static PlatformEntry> {
    let folded = crate::text::fold(wording);
    match super::language::service_in(&folded) {
        Some(service) => named_in(service),
        None => named_in(&folded),
    }
}

/// The platform a box's own class names in one of its parts
/// (`is-provider-vimeo`, `embed-youtube`): a box that kept neither embed
/// nor a sentence naming it may still be classed by its embed's kind.
/// Only a platform of the vocabulary counts, never `other`.
pub fn in_classes(el: scraper::ElementRef<'_>) -> Option<&'static PlatformEntry> {
    el.value()
        .classes()
        .flat_map(|c| c.split(['-', '_']))
        .find_map(|part| {
            let part = part.to_ascii_lowercase();
            PLATFORMS
                .iter()
                .find(|p| p.id != OTHER && p.names.contains(&part))
        })
}

static NAMES: LazyLock<Option<(AhoCorasick, Vec<usize>)>> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    for (i, p) in PLATFORMS.iter().enumerate() {
        for name in &p.names {
            patterns.push(name.clone());
            owners.push(i);
        }
    }
    // Built once per process: the contiguous NFA is cheap to build (see
    // `language::MATCHER`).
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok()?;
    Some((automaton, owners))
});

/// The first platform a box's folded wording names as a whole word
/// ("Allow TikTok content?").
pub fn named_in(folded: &str) -> Option<&'static PlatformEntry> {
    all_named_in(folded).next()
}

/// Every platform `folded` names as a whole word, in order.
pub fn all_named_in(folded: &str) -> impl Iterator<Item = &'static PlatformEntry> + '_ {
    NAMES
        .as_ref()
        .into_iter()
        .flat_map(move |(automaton, owners)| {
            automaton
                .find_iter(folded)
                .filter(|m| {
                    let before = folded.get(..m.start()).and_then(|s| s.chars().next_back());
                    let after = folded.get(m.end()..).and_then(|s| s.chars().next());
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
                .filter_map(|m| owners.get(m.pattern().as_usize()))
                .filter_map(|&i| PLATFORMS.get(i))
        })
}

/// The address a reader would open for an embed's URL: the watch page of a
/// YouTube player, the post of an X embed frame, the episode of a Spotify
/// player, the page of a Flourish thumbnail.
pub fn canonical(url: Url) -> Url {
    // A player shows a page, a post or a track: link to that, never to the
    // player (what it plays is no player, so this does not come back).
    if let Some(inner) = played(&url) {
        return canonical(inner);
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    let on = |domain: &str| host_within(&host, domain);
    let rebuilt = match (host.as_str(), segments.as_slice()) {
        (_, ["embed", "videoseries"]) if on("youtube.com") || on("youtube-nocookie.com") => {
            query(&url, "list").and_then(|list| youtube_playlist(&list))
        }
        (_, ["embed", id, ..]) if on("youtube.com") || on("youtube-nocookie.com") => youtube(id),
        (_, ["shorts", id, ..]) if on("youtube.com") => youtube(id),
        (_, ["watch"]) if on("youtube.com") => url
            .query_pairs()
            .find(|(k, _)| k == "v")
            .and_then(|(_, v)| youtube(&v)),
        ("youtu.be", [id, ..]) => youtube(id),
        // A video's thumbnail (`img.youtube.com/vi/ID/…`) stands for the video.
        (_, ["vi" | "vi_webp", id, _, ..]) if on("youtube.com") || on("ytimg.com") => youtube(id),
        ("platform.twitter.com", ["embed", ..]) => url
            .query_pairs()
            .find(|(k, _)| k == "id")
            .and_then(|(_, id)| tweet(&id)),
        ("open.spotify.com", ["embed", kind, id, ..]) => {
            Url::parse(&format!("https://open.spotify.com/{kind}/{id}")).ok()
        }
        ("player.vimeo.com", ["video", id, ..]) => {
            Url::parse(&format!("https://vimeo.com/{id}")).ok()
        }
        (_, ["visualisation", id, ..]) if on("flourish.studio") => flourish(id),
        (_, ["p" | "reel", id, "embed", ..]) if on("instagram.com") => {
            Url::parse(&format!("https://www.instagram.com/p/{id}/")).ok()
        }
        // A site's own address handing the embed's on in a query parameter
        // (Drupal's `/media/oembed?url=`, Contao Cookiebar's
        // `/cookiebar/block/…?redirect=`) stands for that embed.
        _ if by_url(&url).is_none() => handed_on(&url),
        _ => None,
    };
    rebuilt.unwrap_or(url)
}

/// The platform address in one of `url`'s query parameters.
fn handed_on(url: &Url) -> Option<Url> {
    url.query_pairs().find_map(|(_, value)| {
        let inner = crate::url::clean(&value, None)?;
        // The inner address is a platform's: `canonical` does not come back here.
        by_url(&inner).is_some().then(|| canonical(inner))
    })
}

fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A YouTube playlist ID → its page.
fn youtube_playlist(list: &str) -> Option<Url> {
    is_id(list)
        .then(|| Url::parse(&format!("https://www.youtube.com/playlist?list={list}")).ok())?
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A YouTube video ID → its watch page.
pub fn youtube(id: &str) -> Option<Url> {
    is_id(id).then(|| Url::parse(&format!("https://www.youtube.com/watch?v={id}")).ok())?
}

/// A post ID → its address on X.
pub fn tweet(id: &str) -> Option<Url> {
    let ok = !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| Url::parse(&format!("https://twitter.com/i/status/{id}")).ok())?
}

/// A Flourish visualisation ID → its public page.
pub fn flourish(id: &str) -> Option<Url> {
    let ok = is_id(id) && id.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| {
        Url::parse(&format!(
            "https://public.flourish.studio/visualisation/{id}/"
        ))
        .ok()
    })?
}

/// The account a post URL names, where the URL's shape leaves no doubt:
/// `x.com/<handle>/status/…`, `tiktok.com/@<user>/video/…`,
/// `instagram.com/<user>/p/…`, `threads.net/@<user>/post/…`,
/// `<mastodon host>/@<user>/<id>`, `bsky.app/profile/<handle>/post/…`.
/// The page's own text cannot argue with it (see `consent::detect`).
pub fn author_in(url: &Url) -> Option<String> {
    let platform = by_url(url)?;
    let segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
    let handle = match (
        platform.id.as_str(),
        platform.name.as_str(),
        segments.as_slice(),
    ) {
        ("x", _, [handle, "status" | "statuses", ..]) if *handle != "i" => handle,
        ("tiktok", _, [user, "video" | "photo", ..]) => user.strip_prefix('@')?,
        ("instagram", _, [user, "p" | "reel", _, ..]) => user,
        (_, "Threads", [user, "post", ..]) => user.strip_prefix('@')?,
        (_, "Mastodon", [user, id, ..]) if id.bytes().all(|b| b.is_ascii_digit()) => {
            user.strip_prefix('@')?
        }
        (_, "Bluesky", ["profile", handle, "post", ..]) => handle,
        _ => return None,
    };
    let ok = !handle.is_empty()
        && handle.len() <= MAX_HANDLE_LEN
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-');
    ok.then(|| format!("@{handle}"))
}

/// Facebook paths that are routes, not a page's name.
const FACEBOOK_ROUTES: [&str; 11] = [
    "permalink.php",
    "story.php",
    "photo.php",
    "profile.php",
    "watch",
    "photo",
    "reel",
    "share",
    "groups",
    "events",
    "plugins",
];

/// The Facebook page a URL is on: `facebook.com/<page>` or
/// `facebook.com/<page>/posts/…`.
pub fn facebook_page(url: &Url) -> Option<String> {
    if by_url(url)?.id != "facebook" {
        return None;
    }
    let first = url.path_segments()?.next()?;
    let route = first.is_empty() || FACEBOOK_ROUTES.contains(&first.to_ascii_lowercase().as_str());
    (!route).then(|| first.to_owned())
}

/// A service outside the platforms, named after the site an address is on
/// (`embed.podigee.com` → "Podigee"): `other`, its kind `content`.
pub fn outside_service(url: &Url) -> Option<PlatformEntry> {
    if by_url(url).is_some() {
        return None;
    }
    let site = crate::domain::site(url.host_str()?)?;
    let label = site.split('.').next().filter(|l| !l.is_empty())?;
    let mut chars = label.chars();
    let name: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())?;
    Some(PlatformEntry {
        id: OTHER.to_owned(),
        name,
        kind: "content".to_owned(),
        hosts: vec![site],
        ..PlatformEntry::default()
    })
}

/// Chars a service's name in a box may have (a heading slot's bound).
const MAX_SERVICE_NAME: usize = 48;

/// Elements of a box searched for a link naming its service.
const MAX_SERVICE_LINK_NODES: usize = 2_000;

/// A service outside the platforms that a box names by linking its name
/// to the service's own site ("… URLs provided by <a
/// href="https://versatiles.org/">VersaTiles</a>"): `other`, named as the
/// box writes it. A name only in a heading's slot ("Allow Quizzr
/// content?") may be any word, and stays unknown.
pub fn named_outside(outer: scraper::ElementRef<'_>) -> Option<PlatformEntry> {
    let name = outer
        .descendants()
        .take(MAX_SERVICE_LINK_NODES)
        .filter_map(scraper::ElementRef::wrap)
        .filter(|a| a.value().name() == "a")
        .find_map(|a| {
            let url = Url::parse(a.value().attr("href")?).ok()?;
            if !matches!(url.scheme(), "http" | "https") || by_url(&url).is_some() {
                return None;
            }
            let site = crate::domain::site(url.host_str()?)?;
            let label = site.split('.').next()?;
            let text = crate::text::clean(&crate::text::visible(a, MAX_SERVICE_NAME + 1));
            let fits = !text.is_empty()
                && text.chars().count() <= MAX_SERVICE_NAME
                && crate::text::fold(&text).replace([' ', '-'], "") == label;
            fits.then_some(text)
        })?;
    Some(PlatformEntry {
        id: OTHER.to_owned(),
        name,
        kind: "content".to_owned(),
        ..PlatformEntry::default()
    })
}

/// Whether two platforms agree: the same one (services outside the
/// vocabulary share the id `other` and differ by name), or either unknown.
pub fn agree(a: Option<&PlatformEntry>, b: Option<&PlatformEntry>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.id == b.id && a.name == b.name,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_box_linking_a_service_s_name_to_its_site_names_it() {
        let named = |html: &str| {
            let page = scraper::Html::parse_fragment(html);
            named_outside(page.root_element()).map(|p| (p.id, p.name))
        };
        assert_eq!(
            named(r#"<div>Tiles from <a href="https://versatiles.org/">VersaTiles</a>.</div>"#),
            Some(("other".to_owned(), "VersaTiles".to_owned()))
        );
        assert_eq!(
            named(r#"<div><a href="https://example.org/privacy">Privacy policy</a></div>"#),
            None
        );
        assert_eq!(
            named(r#"<div><a href="https://www.youtube.com/">YouTube</a></div>"#),
            None
        );
    }

    fn clean(raw: &str) -> Option<String> {
        let base = Url::parse("https://news.example/a/b.html").unwrap();
        crate::url::clean(raw, Some(&base)).map(|u| canonical(u).to_string())
    }

    #[test]
    fn refuses_scripts_and_data_even_obfuscated() {
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "jav\tascript:alert(1)",
            "java\nscript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "#top",
            "",
        ] {
            assert_eq!(clean(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn drops_user_info_and_overlong_urls() {
        assert_eq!(
            clean("https://www.youtube.com%2Fwatch%3Fv%3Da@evil.example/x").as_deref(),
            Some("https://evil.example/x")
        );
        assert_eq!(
            clean("https://user:pass@twitter.com/a/status/1").as_deref(),
            Some("https://twitter.com/a/status/1")
        );
        let long = format!(
            "https://www.youtube.com/watch?v=a&x={}",
            "y".repeat(crate::url::MAX_LEN)
        );
        assert_eq!(clean(&long), None);
    }

    #[test]
    fn platform_hosts_match_on_a_dot_boundary_only() {
        assert_eq!(
            clean("https://notyoutube.com/embed/abc").as_deref(),
            Some("https://notyoutube.com/embed/abc")
        );
        assert_eq!(
            clean("https://evilflourish.studio/visualisation/17").as_deref(),
            Some("https://evilflourish.studio/visualisation/17")
        );
        let id = |u: &str| by_url(&Url::parse(u).unwrap()).map(|p| p.id.as_str());
        assert_eq!(id("https://youtube.com.evil.example/watch?v=a"), None);
        assert_eq!(id("https://m.youtube.com/watch?v=a"), Some("youtube"));
        assert_eq!(id("https://www.google.com/mapsforge/x"), None);
        assert_eq!(id("https://www.google.com/maps"), Some("google-maps"));
    }

    #[test]
    fn drops_tracking_and_fragments() {
        assert_eq!(
            clean("https://twitter.com/a/status/1?ref_src=twsrc%5Etfw#x").as_deref(),
            Some("https://twitter.com/a/status/1")
        );
        assert_eq!(
            clean("https://www.instagram.com/p/C1/?utm_source=ig_embed&utm_campaign=loading&x=1")
                .as_deref(),
            Some("https://www.instagram.com/p/C1/?x=1")
        );
    }

    #[test]
    fn resolves_relative_and_protocol_relative_urls() {
        assert_eq!(
            clean("//www.youtube-nocookie.com/embed/abc").as_deref(),
            Some("https://www.youtube.com/watch?v=abc")
        );
        assert_eq!(clean("../c").as_deref(), Some("https://news.example/c"));
        assert_eq!(crate::url::clean("../c", None), None);
    }

    #[test]
    fn makes_embed_urls_canonical() {
        assert_eq!(
            clean("https://platform.twitter.com/embed/Tweet.html?dnt=false&id=123&lang=fr")
                .as_deref(),
            Some("https://twitter.com/i/status/123")
        );
        assert_eq!(
            clean("https://open.spotify.com/embed/episode/4rX?utm_source=generator").as_deref(),
            Some("https://open.spotify.com/episode/4rX")
        );
        assert_eq!(
            clean("https://public.flourish.studio/visualisation/17/thumbnail").as_deref(),
            Some("https://public.flourish.studio/visualisation/17/")
        );
        assert_eq!(
            clean("https://www.youtube.com/embed/Lk3?rel=0").as_deref(),
            Some("https://www.youtube.com/watch?v=Lk3")
        );
    }

    #[test]
    fn detects_platforms_by_host_name_and_wording() {
        let id = |u: &str| by_url(&Url::parse(u).unwrap()).map(|p| p.id.as_str());
        assert_eq!(id("https://mobile.twitter.com/x"), Some("x"));
        assert_eq!(
            id("https://datawrapper.dwcdn.net/Qw8Zt/3/"),
            Some("datawrapper")
        );
        assert_eq!(
            id("https://www.google.com/maps/d/embed?mid=1"),
            Some("google-maps")
        );
        assert!(id("https://www.google.com/search").is_none());
        assert_eq!(id("https://notyoutube.com/x"), None);
        assert_eq!(
            by_name("googlemaps").map(|p| p.id.as_str()),
            Some("google-maps")
        );
        assert_eq!(
            by_name("e.infogram.com").map(|p| p.id.as_str()),
            Some("infogram")
        );
        assert_eq!(
            named_in("allow tiktok content?").map(|p| p.id.as_str()),
            Some("tiktok")
        );
        assert_eq!(
            named_in("le service x (twitter)").map(|p| p.id.as_str()),
            Some("x")
        );
        assert!(named_in("mytwitterfeed").is_none());
    }

    #[test]
    fn named_services_outside_the_vocabulary_are_other() {
        let named = |w: &str| in_wording(w).map(|p| (p.id.as_str(), p.name.as_str()));
        assert_eq!(named("Allow Bluesky content?"), Some(("other", "Bluesky")));
        assert_eq!(
            named("Click here to display content from Mastodon."),
            Some(("other", "Mastodon"))
        );
        assert_eq!(
            named("¿Permitir el contenido de Genially? Solicitamos tu permiso…"),
            Some(("other", "Genially"))
        );
        assert_eq!(
            named("We need your consent to load the YouTube Video service!"),
            Some(("youtube", "YouTube"))
        );
        // The slot names an unknown service: the rest of the wording does not count.
        assert_eq!(named("Allow Quizzr content? Unlike YouTube, it…"), None);
        assert_eq!(named("Externer Inhalt"), None);
        assert!(by_name("other").is_none());
        let url = Url::parse("https://bsky.app/profile/a.example/post/3k").unwrap();
        assert_eq!(by_url(&url).map(|p| p.name.as_str()), Some("Bluesky"));
    }

    #[test]
    fn reads_authors_from_post_urls() {
        let author = |u: &str| author_in(&Url::parse(u).unwrap());
        assert_eq!(
            author("https://twitter.com/Meteo/status/1").as_deref(),
            Some("@Meteo")
        );
        assert_eq!(author("https://twitter.com/i/status/1"), None);
        assert_eq!(
            author("https://www.tiktok.com/@a.b/video/7").as_deref(),
            Some("@a.b")
        );
        assert_eq!(
            author("https://x.com/Meteo/status/1/photo/1").as_deref(),
            Some("@Meteo")
        );
        assert_eq!(
            author("https://www.instagram.com/atelier.demo/p/C1x/").as_deref(),
            Some("@atelier.demo")
        );
        assert_eq!(author("https://www.instagram.com/p/C1x/"), None);
        assert_eq!(
            author("https://www.threads.net/@ville.demo/post/C9").as_deref(),
            Some("@ville.demo")
        );
        assert_eq!(
            author("https://mastodon.social/@rat_demo/11223344").as_deref(),
            Some("@rat_demo")
        );
        assert_eq!(author("https://mastodon.social/@rat_demo"), None);
        assert_eq!(
            author("https://bsky.app/profile/a.example/post/3k").as_deref(),
            Some("@a.example")
        );
        assert_eq!(author("https://notx.com/bank/status/1"), None);
    }

    #[test]
    fn a_player_links_to_what_it_plays() {
        assert_eq!(
            clean("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1987654321&color=%23ff5500&auto_play=false").as_deref(),
            Some("https://api.soundcloud.com/tracks/1987654321")
        );
        // Only to the same platform, and never to another player.
        assert!(
            clean("https://w.soundcloud.com/player/?url=https%3A//evil.example/x")
                .is_some_and(|u| u.starts_with("https://w.soundcloud.com/player"))
        );
        assert!(clean(
            "https://w.soundcloud.com/player/?url=https%3A//w.soundcloud.com/player/%3Furl%3Dx"
        )
        .is_some_and(|u| u.starts_with("https://w.soundcloud.com/player")));
    }

    #[test]
    fn links_playlists_and_the_page_a_facebook_plugin_shows() {
        assert_eq!(
            clean("https://www.youtube-nocookie.com/embed/videoseries?list=PLx8&si=Zx").as_deref(),
            Some("https://www.youtube.com/playlist?list=PLx8")
        );
        assert_eq!(
            clean("https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fmuseum.demo&tabs=timeline").as_deref(),
            Some("https://www.facebook.com/museum.demo")
        );
        assert_eq!(
            clean("https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fmuseum.demo%2Fposts%2Fpfbid02&width=500").as_deref(),
            Some("https://www.facebook.com/museum.demo/posts/pfbid02")
        );
        // A plugin pointing elsewhere, or at itself, is not unwrapped there.
        assert_eq!(
            clean("https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fevil.example%2F")
                .as_deref(),
            Some("https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fevil.example%2F")
        );
        assert_eq!(
            clean("https://www.instagram.com/p/C4x/?img_index=2&igsh=MW").as_deref(),
            Some("https://www.instagram.com/p/C4x/")
        );
        assert_eq!(
            clean("https://www.youtube.com/watch?v=a1&hl=pt&si=x").as_deref(),
            Some("https://www.youtube.com/watch?v=a1")
        );
    }
}
