//! Hosts and sites: the registrable domain of a host and whether a name is
//! a public suffix, by the public suffix list (`data/public_suffix_list.dat`,
//! MPL 2.0) read by the `publicsuffix` crate. The list is compiled in as text
//! and parsed on first use: the same list as generated code (the `psl`
//! crate) made the wasm 280 KB larger gzipped, this about 40 KB.
//!
//! The list is parsed as written, its internationalized rules in Unicode,
//! and a name is looked up in its Unicode form; and only the rules under
//! the name's own top-level label are parsed, when a name under it is first
//! asked about (every rule that can match a name ends in that label). The
//! crate's `punycode` feature converted each of the ~9,000 rules to ASCII
//! as the whole list was parsed: in the extension's wasm that parse was
//! most of the first request's cost (bench/README.md, "Extension").

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use publicsuffix::{List, Psl};

/// The list, as published.
const LIST_TEXT: &str = include_str!("data/public_suffix_list.dat");

/// Lines of the list that open its two sections (the crate types rules by them).
const SECTIONS: [&str; 2] = ["BEGIN ICANN DOMAINS", "BEGIN PRIVATE DOMAINS"];

/// One top-level label's part of the list: its rule lines, with each
/// section's opening line before its first rule there; parsed on first use.
struct LabelRules {
    lines: Vec<&'static str>,
    /// The section line last given, while sorting.
    section: Option<&'static str>,
    parsed: OnceLock<List>,
}

/// The list's rules by top-level label, sorted in one pass over the list
/// on first use (a pass per label read the whole list again, and again on
/// every lookup of a label it has no rule for). Bounded by the list,
/// whatever names a page or a settings file brings.
static BY_LABEL: LazyLock<HashMap<&'static str, LabelRules>> = LazyLock::new(|| {
    let mut by_label: HashMap<&'static str, LabelRules> = HashMap::new();
    let mut section = None;
    // The rules of the list's first section come label by label: a rule
    // under the same label as the one before needs no lookup.
    let mut run: Option<(&str, Vec<&'static str>)> = None;
    let mut close = |run: &mut Option<(&'static str, Vec<&'static str>)>,
                     section: Option<&'static str>| {
        if let Some((label, lines)) = run.take() {
            let rules = by_label.entry(label).or_insert_with(|| LabelRules {
                lines: Vec::new(),
                section: None,
                parsed: OnceLock::new(),
            });
            // The crate types a rule by the last section line before it.
            if let Some(opening) = section.filter(|_| rules.section != section) {
                rules.lines.push(opening);
                rules.section = section;
            }
            rules.lines.extend(lines);
        }
    };
    for line in LIST_TEXT.lines() {
        if line.starts_with("//") {
            if SECTIONS.iter().any(|opening| line.contains(opening)) {
                close(&mut run, section);
                section = Some(line);
            }
            continue;
        }
        // A rule is the line up to its first white space (read as bytes:
        // this loop is most of the first lookup's cost).
        let end = line.bytes().position(|b| b.is_ascii_whitespace());
        let rule = line.get(..end.unwrap_or(line.len())).unwrap_or("");
        if rule.is_empty() {
            continue;
        }
        let dot = rule.bytes().rposition(|b| b == b'.');
        let label = dot.and_then(|i| rule.get(i + 1..)).unwrap_or(rule);
        match &mut run {
            Some((same, lines)) if *same == label => lines.push(line),
            _ => {
                close(&mut run, section);
                run = Some((label, vec![line]));
            }
        }
    }
    close(&mut run, section);
    by_label
});

/// The rules that can match a name whose last label is `tld`, parsed once.
fn list_for(tld: &str) -> &'static List {
    /// No rule for the label: the list's default rule alone (the last label
    /// is the suffix, unknown), as in the whole list.
    static NONE: LazyLock<List> = LazyLock::new(List::default);
    match BY_LABEL.get(tld) {
        // A test proves the shipped list parses.
        Some(rules) => rules
            .parsed
            .get_or_init(|| rules.lines.join("\n").parse().unwrap_or_default()),
        None => &NONE,
    }
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
