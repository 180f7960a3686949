//! Hosts and sites: the registrable domain of a host and whether a name is
//! a public suffix, by the public suffix list (`data/public_suffix_list.dat`,
//! MPL 2.0) read by the `publicsuffix` crate. The list is compiled in as text
//! and parsed on first use: the same list as generated code (the `psl`
//! crate) made the wasm 280 KB larger gzipped, this about 40 KB.
//!
//! The list is parsed as written, its internationalized rules in Unicode,
//! and a name is looked up in its Unicode form; and only the rules under
//! the name's own top-level label are parsed, when a name under it is first
//! asked about (every rule that can match a name ends in that label):
//! `build.rs` sorts the rules by label at compile time (sorting them on
//! first use was a third of a fresh engine's set-up). The
//! crate's `punycode` feature converted each of the ~9,000 rules to ASCII
//! as the whole list was parsed: in the extension's wasm that parse was
//! most of the first request's cost (bench/README.md, "Extension").

use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

use publicsuffix::{List, Psl};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/public_suffixes.rs"));
}
use generated::{COUNT, LENGTHS, SECTION_LINES, TEXT};

/// Where each label's rules lie in `TEXT`: their start, the start of the
/// second section's, and their end.
static SPANS: LazyLock<Vec<[usize; 3]>> = LazyLock::new(|| {
    let mut at = 0;
    LENGTHS
        .iter()
        .map(|&(first, second)| {
            let first_end = at + usize::from(first);
            let span = [at, first_end, first_end + usize::from(second)];
            at = span[2];
            span
        })
        .collect()
});

/// The top-level label of a label's rules: their first rule's last label.
fn label_of(&[start, _, end]: &[usize; 3]) -> &'static str {
    let rules = TEXT.get(start..end).unwrap_or("");
    let line = rules.split('\n').next().unwrap_or("");
    let rule = line
        .split(|c: char| c.is_ascii_whitespace())
        .next()
        .unwrap_or("");
    rule.rsplit('.').next().unwrap_or(rule)
}

/// Each label's rules, parsed on first use.
static PARSED: [OnceLock<List>; COUNT] = [const { OnceLock::new() }; COUNT];

/// The rules that can match a name whose last label is `tld`, parsed once.
fn list_for(tld: &str) -> &'static List {
    /// No rule for the label: the list's default rule alone (the last label
    /// is the suffix, unknown), as in the whole list.
    static NONE: LazyLock<List> = LazyLock::new(List::default);
    let spans = &*SPANS;
    let found = spans.binary_search_by(|span| label_of(span).cmp(tld));
    match found
        .ok()
        .and_then(|i| Some((spans.get(i)?, PARSED.get(i)?)))
    {
        Some((span, parsed)) => parsed.get_or_init(|| parse_rules(span)),
        None => &NONE,
    }
}

/// The list the crate parses for one label: each section's rules after the
/// line that opens the section (the crate types a rule by it).
fn parse_rules(&[first, second, end]: &[usize; 3]) -> List {
    let mut lines = Vec::with_capacity(4);
    for (opening, (from, to)) in SECTION_LINES.iter().zip([(first, second), (second, end)]) {
        if let Some(rules) = TEXT.get(from..to).filter(|rules| !rules.is_empty()) {
            lines.extend([*opening, rules]);
        }
    }
    // A test proves the shipped list parses.
    lines.join("\n").parse().unwrap_or_default()
}

/// The rules for `name` (as the list writes it: see `as_listed`).
fn list_of(name: &str) -> &'static List {
    list_for(name.rsplit('.').next().unwrap_or(name))
}

/// The ACE prefix of an internationalized label (RFC 5890).
const ACE_PREFIX: &str = "xn--";

/// `name` (lower-case ASCII, as a URL's host is) as the list writes it:
/// labels in their Unicode form. Unchanged when no label is encoded or
/// when the encoding is invalid (the name then matches only ASCII rules).
/// The label count stays the same.
fn as_listed(name: &str) -> Cow<'_, str> {
    if !name.split('.').any(|label| label.starts_with(ACE_PREFIX)) {
        return Cow::Borrowed(name);
    }
    match idna::domain_to_unicode(name) {
        (unicode, Ok(())) if unicode.split('.').count() == name.split('.').count() => {
            Cow::Owned(unicode)
        }
        _ => Cow::Borrowed(name),
    }
}

/// The last `labels` labels of `name`.
fn last_labels(name: &str, labels: usize) -> &str {
    let mut start = name.len();
    for _ in 0..labels {
        match name.get(..start).and_then(|head| head.rfind('.')) {
            Some(dot) => start = dot,
            None => return name,
        }
    }
    name.get(start + 1..).unwrap_or(name)
}

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
    let listed = as_listed(&host);
    let domain = list_of(&listed).domain(listed.as_bytes())?;
    let labels = domain.as_bytes().split(|&b| b == b'.').count();
    Some(last_labels(&host, labels).to_owned())
}

/// Whether `name` is a public suffix ("com", "co.uk", "github.io"): no site
/// can be named by it.
pub fn is_public_suffix(name: &str) -> bool {
    let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let listed = as_listed(&name);
    !name.is_empty()
        && list_of(&listed)
            .suffix(listed.as_bytes())
            .is_some_and(|s| s.is_known() && s.as_bytes() == listed.as_bytes())
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

    /// The list, as published.
    const LIST_TEXT: &str = include_str!("data/public_suffix_list.dat");

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
    fn internationalized_names_match_the_rules_written_in_unicode() {
        // 公司.cn and 中国 are in the list in Unicode only.
        assert!(is_public_suffix("xn--55qx5d.cn"));
        assert!(is_public_suffix("xn--fiqs8s"));
        assert_eq!(
            site("www.example.xn--55qx5d.cn").as_deref(),
            Some("example.xn--55qx5d.cn")
        );
        assert_eq!(
            site("a.xn--fsq.xn--fiqs8s").as_deref(),
            Some("xn--fsq.xn--fiqs8s")
        );
        assert_eq!(site("xn--55qx5d.cn"), None);
        // An invalid encoding is looked up as it is.
        assert_eq!(site("www.xn--zz.com").as_deref(), Some("xn--zz.com"));
    }

    #[test]
    fn each_top_level_label_answers_as_the_whole_list() {
        // Labels with wildcards and exceptions (ck, jp, kawasaki.jp), Unicode
        // rules (cn, 中国), both sections (com, io, no), many levels (us).
        const LABELS: [&str; 10] = [
            "com", "ck", "jp", "uk", "cn", "中国", "io", "no", "us", "fr",
        ];
        let whole: List = LIST_TEXT.parse().expect("the shipped list parses");
        let mut names = 0;
        for line in LIST_TEXT.lines().filter(|l| !l.starts_with("//")) {
            let Some(rule) = line.split_whitespace().next() else {
                continue;
            };
            if !LABELS.contains(&rule.rsplit('.').next().unwrap_or("")) {
                continue;
            }
            let rule = rule.trim_start_matches('!').replace('*', "x");
            for name in [rule.clone(), format!("a.b.{rule}")] {
                let by_label = list_of(&name);
                assert_eq!(
                    by_label
                        .domain(name.as_bytes())
                        .map(|d| d.as_bytes().to_vec()),
                    whole.domain(name.as_bytes()).map(|d| d.as_bytes().to_vec()),
                    "{name}"
                );
                let suffix = |list: &List| {
                    list.suffix(name.as_bytes())
                        .map(|s| (s.as_bytes().to_vec(), s.is_known(), s.typ()))
                };
                assert_eq!(suffix(by_label), suffix(&whole), "{name}");
                names += 1;
            }
        }
        assert!(names > 5_000, "{names}");
        // A label the list does not have: its own suffix, unknown, as in the whole list.
        assert_eq!(site("www.example.zzzz").as_deref(), Some("example.zzzz"));
        assert!(!is_public_suffix("zzzz"));
    }

    #[test]
    fn last_labels_are_counted_from_the_end() {
        assert_eq!(last_labels("a.b.c", 2), "b.c");
        assert_eq!(last_labels("a.b.c", 3), "a.b.c");
        assert_eq!(last_labels("a.b.c", 5), "a.b.c");
        assert_eq!(last_labels("c", 1), "c");
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
