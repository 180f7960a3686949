//! Platforms: which one a URL, an attribute or a box's wording names, and the
//! one link a summary shows (cleaned of tracking, made canonical).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use url::Url;

use crate::data::{PlatformEntry, PLATFORMS};

/// The id of every named service outside the summary vocabulary.
const OTHER: &str = "other";

/// Query parameters that only track the reader or the embed (dropped).
const TRACKING_PARAMS: [&str; 12] = [
    "ref_src",
    "ref_url",
    "igshid",
    "igsh",
    "fbclid",
    "gclid",
    "feature",
    "refer",
    "src",
    "si",
    "embeds_referring_euri",
    "embeds_referring_origin",
];

/// The platform whose host `url` is on.
pub fn by_url(url: &Url) -> Option<&'static PlatformEntry> {
    let host = url.host_str()?.to_ascii_lowercase();
    let path = url.path();
    PLATFORMS.iter().find(|p| {
        p.hosts.iter().any(|pattern| {
            let (h, prefix) = pattern.split_once('/').unwrap_or((pattern, ""));
            let host_ok = host == h || host.strip_suffix(h).is_some_and(|r| r.ends_with('.'));
            host_ok && path.trim_start_matches('/').starts_with(prefix)
        })
    })
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
    let folded = super::text::fold(wording);
    match super::language::service_in(&folded) {
        Some(service) => named_in(service),
        None => named_in(&folded),
    }
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
    let (automaton, owners) = NAMES.as_ref()?;
    automaton
        .find_iter(folded)
        .find(|m| {
            let before = folded.get(..m.start()).and_then(|s| s.chars().next_back());
            let after = folded.get(m.end()..).and_then(|s| s.chars().next());
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .and_then(|m| owners.get(m.pattern().as_usize()))
        .and_then(|&i| PLATFORMS.get(i))
}

/// Parses a URL found in a page: http(s) only, tracking dropped, no
/// fragment. `javascript:`, `data:`, `vbscript:` and their obfuscated forms
/// (the WHATWG parser removes tabs and newlines before reading the scheme)
/// give `None`; `//host/x` becomes `https://host/x`; a relative URL is
/// resolved against `base` when there is one.
pub fn clean_url(raw: &str, base: Option<&Url>) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with('#') {
        return None;
    }
    let mut url = if let Some(rest) = raw.strip_prefix("//") {
        Url::parse(&format!("https://{rest}")).ok()?
    } else {
        match Url::parse(raw) {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(raw).ok()?,
            Err(_) => return None,
        }
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !TRACKING_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url)
}

/// The address a reader would open for an embed's URL: the watch page of a
/// YouTube player, the post of an X embed frame, the episode of a Spotify
/// player, the page of a Flourish thumbnail.
pub fn canonical(url: Url) -> Url {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let segments: Vec<&str> = url.path_segments().map(|s| s.collect()).unwrap_or_default();
    let rebuilt = match (host.as_str(), segments.as_slice()) {
        (h, ["embed", id, ..])
            if h.ends_with("youtube.com") || h.ends_with("youtube-nocookie.com") =>
        {
            youtube(id)
        }
        (h, ["shorts", id, ..]) if h.ends_with("youtube.com") => youtube(id),
        (h, ["watch"]) if h.ends_with("youtube.com") => url
            .query_pairs()
            .find(|(k, _)| k == "v")
            .and_then(|(_, v)| youtube(&v)),
        ("youtu.be", [id, ..]) => youtube(id),
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
        (h, ["visualisation", id, ..]) if h.ends_with("flourish.studio") => flourish(id),
        (h, ["p" | "reel", id, "embed", ..]) if h.ends_with("instagram.com") => {
            Url::parse(&format!("https://www.instagram.com/p/{id}/")).ok()
        }
        _ => None,
    };
    rebuilt.unwrap_or(url)
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

/// The account a post URL names: `twitter.com/<handle>/status/…`,
/// `tiktok.com/@user/…`.
pub fn author_in(url: &Url) -> Option<String> {
    let platform = by_url(url)?;
    let mut segments = url.path_segments()?;
    let first = segments.next()?;
    let handle = match platform.id.as_str() {
        "x" if segments.next() == Some("status") && first != "i" => first,
        "tiktok" => first.strip_prefix('@')?,
        _ => return None,
    };
    let ok = !handle.is_empty()
        && handle.len() <= 40
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    ok.then(|| format!("@{handle}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn clean(raw: &str) -> Option<String> {
        let base = Url::parse("https://news.example/a/b.html").unwrap();
        clean_url(raw, Some(&base)).map(|u| canonical(u).to_string())
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
        assert_eq!(clean_url("../c", None), None);
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
    }
}
