//! Hosts and sites: the registrable domain of a host and whether a name is
//! a public suffix, by the public suffix list (`data/public_suffix_list.dat`,
//! MPL 2.0) read by the `publicsuffix` crate. The list is compiled in as text
//! and parsed on first use: the same list as generated code (the `psl`
//! crate) made the wasm 280 KB larger gzipped, this about 40 KB.

use std::sync::LazyLock;

use publicsuffix::{List, Psl};

static LIST: LazyLock<List> = LazyLock::new(|| {
    // A test proves the shipped list parses; an empty list knows no suffix.
    include_str!("data/public_suffix_list.dat")
        .parse()
        .unwrap_or_default()
});

/// The registrable domain of `host` ("www.lemonde.fr" → "lemonde.fr",
/// "a.b.example.co.uk" → "example.co.uk"); IP addresses and single-label
/// hosts ("localhost") are their own site. `None` for an empty host or a
/// public suffix itself.
pub fn site(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    if is_ip(&host) || !host.contains('.') {
        return Some(host);
    }
    let domain = LIST.domain(host.as_bytes())?;
    std::str::from_utf8(domain.as_bytes())
        .ok()
        .map(str::to_owned)
}

/// Whether `name` is a public suffix ("com", "co.uk", "github.io"): no site
/// can be named by it.
pub fn is_public_suffix(name: &str) -> bool {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    !name.is_empty()
        && LIST
            .suffix(name.as_bytes())
            .is_some_and(|s| s.is_known() && s.as_bytes() == name.as_bytes())
}

/// Whether `host` is `domain` or one of its subdomains, on a dot boundary
/// ("notyoutube.com" is not "youtube.com").
pub fn host_within(host: &str, domain: &str) -> bool {
    host.eq_ignore_ascii_case(domain)
        || host.len() > domain.len()
            && host
                .get(host.len() - domain.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(domain))
            && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.')
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') && host.ends_with(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_registrable_domains() {
        assert_eq!(site("www.lemonde.fr").as_deref(), Some("lemonde.fr"));
        assert_eq!(site("a.b.example.co.uk").as_deref(), Some("example.co.uk"));
        assert_eq!(site("WWW.Example.COM.").as_deref(), Some("example.com"));
        assert_eq!(site("localhost").as_deref(), Some("localhost"));
        assert_eq!(site("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(site("[::1]").as_deref(), Some("[::1]"));
        assert_eq!(site("co.uk"), None);
        assert_eq!(site(""), None);
    }

    #[test]
    fn public_suffixes_are_known() {
        assert!(is_public_suffix("com"));
        assert!(is_public_suffix("co.uk"));
        assert!(is_public_suffix("github.io"));
        assert!(!is_public_suffix("example.com"));
        assert!(!is_public_suffix(""));
        assert!(!is_public_suffix("localhost"));
    }

    #[test]
    fn hosts_match_on_a_dot_boundary() {
        assert!(host_within("youtube.com", "youtube.com"));
        assert!(host_within("www.YouTube.com", "youtube.com"));
        assert!(!host_within("notyoutube.com", "youtube.com"));
        assert!(!host_within("youtube.com.evil.example", "youtube.com"));
        assert!(!host_within("com", "youtube.com"));
    }
}
