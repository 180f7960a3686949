//! Navigation: a block of links to the site's own pages, outside the
//! article's text (a menu, a book's or a manual's table of contents, a
//! chapter list, previous/next links, a sidebar of the site's sections), told
//! from a list of links the article itself makes (a link roundup, a list of
//! sources) by where its links lead: the site's pages, not other sites.

use scraper::ElementRef;
use url::Url;

use super::stats::Stats;
use crate::page::Page;

/// A navigation block has at least this many links: a menu, a table of
/// contents; a breadcrumb trail or a pair of links is left to the names.
const MIN_LINKS: u32 = 5;
/// …and links make at least this share of its text (a chapter list is all
/// links; a block of teasers or a roundup has text beside them).
const MIN_LINK_DENSITY: f32 = 0.7;
/// …and at least this share of its links lead to the site's pages or
/// within the page; a roundup's lead to other sites.
const MIN_SITE_SHARE: f32 = 0.75;
/// Elements read, at most, to count a block's links: a block this large
/// that is all links is told by its first ones.
const ELEMENTS_READ: usize = 2_000;

/// The hosts the page's links are read against: the page's own (its
/// address) and the one it declares as its canonical address (a saved page,
/// one served from elsewhere), without `www.`.
pub struct Site {
    hosts: Vec<String>,
}

/// Where a link leads, seen from the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leads {
    /// A part of this page (`#…`).
    InPage,
    /// Another page of the site (a relative address, or the site's host).
    SitePage,
    /// Another site, or a scheme other than http(s).
    Elsewhere,
}

impl Site {
    pub fn of(page: &Page) -> Self {
        let declared = page
            .top()
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "head")
            .flat_map(|head| head.children().filter_map(ElementRef::wrap))
            .filter_map(|e| {
                let v = e.value();
                let canonical = v.name() == "link"
                    && v.attr("rel").is_some_and(|rel| {
                        rel.split_ascii_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                let og_url = v.name() == "meta"
                    && v.attr("property")
                        .is_some_and(|p| p.trim().eq_ignore_ascii_case("og:url"));
                if canonical {
                    v.attr("href")
                } else if og_url {
                    v.attr("content")
                } else {
                    None
                }
            })
            .filter_map(|href| Url::parse(href.trim()).ok());
        let mut hosts: Vec<String> = page
            .url
            .clone()
            .into_iter()
            .chain(declared)
            .filter_map(|u| u.host_str().map(bare_host))
            .collect();
        hosts.dedup();
        Site { hosts }
    }

    /// Where `href` leads.
    pub fn leads(&self, href: &str) -> Leads {
        let href = href.trim();
        if href.starts_with('#') {
            return Leads::InPage;
        }
        let absolute = href.starts_with("//") || has_scheme(href);
        if !absolute {
            return Leads::SitePage;
        }
        let host = href
            .strip_prefix("//")
            .map(|rest| format!("https://{rest}"))
            .map_or_else(|| Url::parse(href), |u| Url::parse(&u))
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .and_then(|u| u.host_str().map(bare_host));
        match host {
            Some(host) if self.hosts.contains(&host) => Leads::SitePage,
            _ => Leads::Elsewhere,
        }
    }
}

/// Whether `el` (outside the article's text) is the site's navigation: many
/// links, little else, most of them to the site's pages.
pub fn is_navigation(el: ElementRef<'_>, s: &Stats, site: &Site) -> bool {
    if s.link_density() < MIN_LINK_DENSITY {
        return false;
    }
    let (mut within, mut all) = (0u32, 0u32);
    for href in links(el) {
        all += 1;
        if site.leads(href) != Leads::Elsewhere {
            within += 1;
        }
    }
    all >= MIN_LINKS && within as f32 >= all as f32 * MIN_SITE_SHARE
}

/// The addresses of the links in `el`, in order (a bounded walk).
pub fn links(el: ElementRef<'_>) -> impl Iterator<Item = &str> {
    el.descendent_elements()
        .take(ELEMENTS_READ)
        .filter(|d| d.value().name() == "a")
        .filter_map(|a| a.value().attr("href"))
}

/// A host without its `www.`, lower-cased: the same site's two spellings.
fn bare_host(host: &str) -> String {
    let host = host.to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
}

/// Whether `href` starts with a URL scheme (`https:`, `mailto:`).
fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tells_where_a_link_leads() {
        let page = Page::document(
            r#"<html><head><link rel="canonical" href="https://www.example.org/book/ch6"></head><body></body></html>"#,
            Url::parse("http://127.0.0.1:8080/ch6.html").ok(),
        );
        let site = Site::of(&page);
        assert_eq!(site.leads("#part-2"), Leads::InPage);
        assert_eq!(site.leads("/book/ch7"), Leads::SitePage);
        assert_eq!(site.leads("ch7.html"), Leads::SitePage);
        assert_eq!(site.leads("https://example.org/book/"), Leads::SitePage);
        assert_eq!(site.leads("http://127.0.0.1:8080/x"), Leads::SitePage);
        assert_eq!(site.leads("//www.example.org/x"), Leads::SitePage);
        assert_eq!(site.leads("https://bugs.example.org/1"), Leads::Elsewhere);
        assert_eq!(site.leads("https://other.example/x"), Leads::Elsewhere);
        assert_eq!(site.leads("mailto:someone@example.org"), Leads::Elsewhere);
        assert_eq!(site.leads("javascript:void(0)"), Leads::Elsewhere);
    }
}
