//! Addresses as the engine reads and writes them: a URL found in a page
//! cleaned for a summary's link, a link resolved against the page (http(s)
//! only), and a short label for a link. The platform-specific rewrites
//! (a player's URL to its watch page) are the platform table's
//! (`consent::platform::canonical`).

use ::url::{ParseError, Url};

/// Longest URL kept, in bytes: browsers and servers commonly stop at about
/// 2,000 (the sitemaps protocol caps URLs at 2,048); a longer one is
/// page-made, not a post's or an image's address (issue 8).
pub const MAX_LEN: usize = 2_048;

/// Longest link text shown for a link, in characters.
#[cfg(feature = "reader")]
const MAX_LABEL_CHARS: usize = 60;

/// Query parameters that only track the reader or the embed (dropped).
const TRACKING_PARAMS: [&str; 14] = [
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
    // Instagram's carousel position and YouTube's interface language (issue 9).
    "img_index",
    "hl",
];

/// Parses a URL found in a page: http(s) only, no user info (the
/// `youtube.com…@evil.example` trick), tracking dropped, no fragment, at most
/// [`MAX_LEN`] bytes. `javascript:`, `data:`, `vbscript:` and their obfuscated forms
/// (the WHATWG parser removes tabs and newlines before reading the scheme)
/// give `None`; `//host/x` becomes `https://host/x`; a relative URL is
/// resolved against `base` when there is one.
pub fn clean(raw: &str, base: Option<&Url>) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with('#') || raw.len() > MAX_LEN {
        return None;
    }
    let mut url = if let Some(rest) = raw.strip_prefix("//") {
        Url::parse(&format!("https://{rest}")).ok()?
    } else {
        match Url::parse(raw) {
            Ok(url) => url,
            Err(ParseError::RelativeUrlWithoutBase) => base?.join(raw).ok()?,
            Err(_) => return None,
        }
    };
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    // Only fails for URLs that cannot have user info, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    let all = url.query_pairs().count();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !TRACKING_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    // A query left whole keeps its own spelling (a map's `pb=!1m18…`).
    if kept.is_empty() {
        url.set_query(None);
    } else if kept.len() < all {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    (url.as_str().len() <= MAX_LEN).then_some(url)
}

/// Resolves `link` against the page and keeps it only if it is http(s)
/// (as the page wrote it otherwise: query and fragment kept).
pub fn absolute(base: Option<&Url>, link: &str) -> Option<String> {
    let link = link.trim();
    let url = match base {
        Some(base) => base.join(link).ok()?,
        None => Url::parse(link).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// `host/path…` of a URL, short enough for one line.
#[cfg(feature = "reader")]
pub fn label(url: &str) -> String {
    let bare = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    if bare.chars().count() <= MAX_LABEL_CHARS {
        bare.to_owned()
    } else {
        let mut label = crate::text::truncate(bare, MAX_LABEL_CHARS - 1);
        label.push('…');
        label
    }
}

/// Whether `text` reads as an address rather than a name.
pub fn looks_like(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn absolute_resolves_and_keeps_only_http() {
        let base = Url::parse("https://news.example/a/b.html").ok();
        assert_eq!(
            absolute(base.as_ref(), " ../i.jpg#x ").as_deref(),
            Some("https://news.example/i.jpg#x")
        );
        assert_eq!(absolute(base.as_ref(), "javascript:alert(1)"), None);
        assert_eq!(absolute(None, "/relative"), None);
    }

    #[cfg(feature = "reader")]
    #[test]
    fn label_drops_the_scheme_and_clips() {
        assert_eq!(label("https://www.x.com/a/status/1"), "x.com/a/status/1");
        let long = label(&format!("https://example.com/{}", "é".repeat(100)));
        assert_eq!(long.chars().count(), MAX_LABEL_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn clean_keeps_http_without_tracking_or_user_info() {
        assert_eq!(
            clean("https://u:p@x.com/a?utm_source=s&id=1#f", None).map(String::from),
            Some("https://x.com/a?id=1".to_owned())
        );
        assert_eq!(clean("data:text/html,x", None), None);
    }
}
