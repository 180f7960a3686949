//! The one line a reader sees instead of a box, from the language's
//! templates (`data/languages/*.json`). Plain text: page text goes in as
//! characters, never as markup, cleaned of bidi controls.

use url::Url;

use crate::data::{LanguageFile, PlatformEntry};
use crate::text::{clean, clip};

/// Visible chars of a summary line at most: one line on a phone.
pub const MAX_SUMMARY_CHARS: usize = 400;

/// Chars of the post's own words quoted in a summary.
pub const MAX_QUOTE_CHARS: usize = 200;

/// What a summary says.
pub struct Parts<'a> {
    pub platform: Option<&'a PlatformEntry>,
    pub author: Option<&'a str>,
    pub text: Option<&'a str>,
    pub url: Option<&'a Url>,
}

/// The summary line in `wording`'s language.
pub fn line(wording: &LanguageFile, parts: &Parts<'_>) -> String {
    let what = match parts.platform {
        Some(p) => wording
            .kinds
            .get(&p.kind)
            .map(|k| fill(k, &[("platform", &p.name)]))
            .unwrap_or_else(|| p.name.clone()),
        None => wording.unknown.clone(),
    };
    let head = match parts.author.map(clean).filter(|a| !a.is_empty()) {
        Some(author) => fill(&wording.by, &[("what", &what), ("author", &author)]),
        None => what,
    };
    let body = match parts.text.map(clean).filter(|t| !t.is_empty()) {
        Some(text) => fill(
            &wording.quote,
            &[("head", &head), ("text", &clip(&text, MAX_QUOTE_CHARS))],
        ),
        None => head,
    };
    // The registrable site, never a subdomain a page could dress up
    // ("youtube.com.evil.example" is evil.example); a host that is a public
    // suffix itself is shown whole.
    let host = parts
        .url
        .and_then(Url::host_str)
        .map(|h| crate::domain::site(h).unwrap_or_else(|| h.to_owned()));
    let full = match host {
        Some(host) => fill(&wording.link, &[("line", &body), ("host", &host)]),
        None => body,
    };
    clip(&clean(&full), MAX_SUMMARY_CHARS)
}

/// Replaces each `{name}` of `template` in one pass, so that a value that
/// itself contains `{text}` (page text can) is never expanded.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let value = after.find('}').and_then(|close| {
            let name = after.get(..close)?;
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((*value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::consent::language::wording;
    use crate::consent::platform::by_name;

    fn summary(
        lang: &str,
        platform: &str,
        author: Option<&str>,
        text: Option<&str>,
        url: Option<&str>,
    ) -> String {
        let url = url.map(|u| Url::parse(u).unwrap());
        line(
            wording(Some(lang)).unwrap(),
            &Parts {
                platform: by_name(platform),
                author,
                text,
                url: url.as_ref(),
            },
        )
    }

    #[test]
    fn says_platform_author_text_and_host_in_french() {
        assert_eq!(
            summary(
                "fr",
                "twitter",
                Some("@h"),
                Some("Bonjour"),
                Some("https://x.com/h/status/1")
            ),
            "Post X de @h : « Bonjour » — x.com"
        );
    }

    #[test]
    fn says_less_when_the_page_says_less() {
        assert_eq!(summary("en", "tiktok", None, None, None), "TikTok video");
        assert_eq!(
            summary("de", "nothing", None, None, None),
            "Blockierter externer Inhalt"
        );
        assert_eq!(
            summary(
                "nl",
                "youtube",
                None,
                Some("Kijkdag"),
                Some("https://www.youtube.com/watch?v=a")
            ),
            "YouTube-video: ‘Kijkdag’ — youtube.com"
        );
    }

    #[test]
    fn labels_a_link_with_its_registrable_site() {
        let s = summary(
            "en",
            "youtube",
            None,
            None,
            Some("https://www.youtube.com.evil.example/watch?v=a"),
        );
        assert_eq!(s, "YouTube video — evil.example");
        let s = summary(
            "en",
            "datawrapper",
            None,
            None,
            Some("https://datawrapper.dwcdn.net/Qw8Zt/3/"),
        );
        assert_eq!(s, "Datawrapper chart — dwcdn.net");
        // A lookalike host shows as what it is (punycode), not as the site it mimics.
        let s = summary(
            "en",
            "nothing",
            None,
            None,
            Some("https://www.y\u{043E}utube.com/watch?v=a"),
        );
        assert!(s.ends_with("— xn--yutube-wqf.com"), "{s}");
        let s = summary("en", "nothing", None, None, Some("https://github.io/x"));
        assert_eq!(s, "Blocked external content — github.io");
    }

    #[test]
    fn page_text_is_never_expanded_as_a_template() {
        let s = summary("en", "x", Some("{text}"), Some("{host} <b>"), None);
        assert_eq!(s, "X post by {text}: “{host} <b>”");
    }

    #[test]
    fn a_summary_is_one_clean_line_of_bounded_length() {
        let long = "mot\u{202E} ".repeat(500);
        let s = summary(
            "fr",
            "instagram",
            Some("@a\nb"),
            Some(&long),
            Some("https://www.instagram.com/p/x/"),
        );
        assert!(s.chars().count() <= MAX_SUMMARY_CHARS);
        assert!(!s.contains('\n') && !s.contains('\u{202E}'));
    }
}
