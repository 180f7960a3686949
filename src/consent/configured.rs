//! The platform of a box that keeps nothing of its embed, named in the page
//! script that configures the box: a consent SDK's configuration quotes the
//! box's own sentence beside the service it blocks (the frame's selector on
//! the platform's host, the service's name), while the box and the page
//! around it name no platform.
//!
//! The address of a box that keeps none, built by the page script that
//! binds the box's click: the script selects the box by its id or one of
//! its classes and writes the frame on click (a static site's thumbnail
//! whose click loads the player).

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

use url::Url;

use super::carriers::platform_addresses_in;
use super::platform;
use crate::data::{tools, PlatformEntry};
use crate::page::Page;
use crate::text::{fold, visible};

/// Chars of a box's sentence looked for in the page's scripts: enough to be
/// that box's own words, not a phrase any script may hold.
const MIN_SENTENCE_CHARS: usize = 40;

/// Inline scripts read per page: a configuration sits in one of the first.
pub(crate) const MAX_SCRIPTS: usize = 64;

/// Chars of each inline script read: a configuration is short; a bundle
/// inlined whole is not one.
pub(crate) const MAX_SCRIPT_CHARS: usize = 16_384;

/// Chars of a key (an element's id or class, with its `#` or `.`) looked
/// for in a script: a shorter one (`.video`, `#yt`) is any script's word,
/// not this element's own name.
const MIN_KEY_CHARS: usize = 8;

/// An element's keys (its id and classes) looked for: an element has a
/// few; a hostile one with thousands costs no more than this.
const MAX_KEYS: usize = 16;

/// Chars of one service's settings read after its name: its address, its
/// cookie and texts; more is the next service's.
const MAX_SERVICE_CHARS: usize = 2_000;

/// Chars of a service name looked up: a name or a checksum, not a text.
const MAX_SERVICE_NAME_CHARS: usize = 64;

/// Ancestors of a box looked at for the element naming its service (the
/// runtime draws its notice inside that element).
const MAX_SERVICE_DEPTH: usize = 2;

/// How a script binds a click (the frame is built on click).
const CLICK_BINDINGS: [&str; 4] = [
    "addEventListener('click'",
    "addEventListener(\"click\"",
    ".onclick",
    ".click(",
];

/// The page's inline scripts (no `src`): folded like box wording and
/// without the backslashes that escape quotes in code, and as written
/// (addresses keep their case); read once per page.
pub struct Scripts {
    folded: Vec<String>,
    raw: Vec<String>,
}

impl Scripts {
    pub fn of(page: &Page) -> Self {
        let (mut folded, mut raw) = (Vec::new(), Vec::new());
        let mut stack: Vec<NodeRef<'_, Node>> = vec![*page.top()];
        let mut seen = 0usize;
        while let Some(node) = stack.pop() {
            seen += 1;
            if seen > super::detect::MAX_NODES || raw.len() >= MAX_SCRIPTS {
                break;
            }
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            if el.value().name() == "script" {
                if el.value().attr("src").is_none() {
                    let code: String = el
                        .text()
                        .flat_map(str::chars)
                        .take(MAX_SCRIPT_CHARS)
                        .filter(|c| *c != '\\')
                        .collect();
                    folded.push(fold(&code));
                    raw.push(code);
                }
                continue;
            }
            stack.extend(node.children());
        }
        Scripts { folded, raw }
    }

    /// The one platform named in the script that quotes `outer`'s sentence
    /// (its longest line of text); `None` when no script quotes it or the
    /// script names several platforms.
    pub fn platform_of(&self, outer: ElementRef<'_>) -> Option<&'static PlatformEntry> {
        let sentence = longest_line(outer)?;
        let script = self.folded.iter().find(|s| s.contains(&sentence))?;
        let mut named = platform::all_named_in(script);
        let first = named.next()?;
        named
            .all(|p| p.id == first.id && p.name == first.name)
            .then_some(first)
    }
}

impl Scripts {
    /// The one platform address built by the one script that selects
    /// `el` by its id or a class of its own ([`MIN_KEY_CHARS`] or more:
    /// `'.yt-container-…'`, `getElementById('…')`) and binds a click;
    /// `None` when no script or several different ones do, or it builds several
    /// addresses (it serves several elements, which one is this is
    /// unknown).
    pub fn keyed_address(&self, el: ElementRef<'_>) -> Option<Url> {
        let v = el.value();
        let needles: Vec<String> = v
            .id()
            .map(|id| format!("#{id}"))
            .into_iter()
            .chain(v.classes().map(|c| format!(".{c}")))
            .filter(|k| k.chars().count() >= MIN_KEY_CHARS)
            .take(MAX_KEYS)
            .flat_map(|k| selectors(&k))
            .collect();
        if needles.is_empty() {
            return None;
        }
        let mut keyed = self.raw.iter().filter(|code| {
            CLICK_BINDINGS.iter().any(|b| code.contains(b))
                && needles.iter().any(|n| code.contains(n.as_str()))
        });
        // The browser sends a script the region holds once more beside it,
        // as page data: the same text twice is one script.
        let script = keyed.next()?;
        if keyed.any(|other| other != script) {
            return None;
        }
        let mut addresses = platform_addresses_in(script).into_iter();
        let first = addresses.next()?;
        addresses.all(|u| u == first).then_some(first)
    }
}

impl Scripts {
    /// The platform address a runtime's inline configuration lists for
    /// the service `el` (or an element holding it) names, as tool files
    /// describe it (iframemanager's `services: {"<name>": {embedUrl: "…"}}`),
    /// its id slot filled from the box.
    pub fn listed_address(&self, el: ElementRef<'_>) -> Option<Url> {
        tools()
            .flat_map(|t| &t.file.service_lists)
            .find_map(|list| {
                let holder = std::iter::once(el)
                    .chain(
                        el.ancestors()
                            .filter_map(ElementRef::wrap)
                            .take(MAX_SERVICE_DEPTH),
                    )
                    .find(|e| e.value().attr(&list.key_attribute).is_some())?;
                let name = holder.value().attr(&list.key_attribute)?.trim();
                let plain = !name.is_empty()
                    && name.len() <= MAX_SERVICE_NAME_CHARS
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if !plain {
                    return None;
                }
                let listed = self
                    .raw
                    .iter()
                    .find_map(|code| field_of_service(code, name, &list.field))?;
                let filled = match (&list.id_slot, &list.id_attribute) {
                    (Some(slot), Some(attr)) => {
                        listed.replace(slot.as_str(), holder.value().attr(attr).unwrap_or_default())
                    }
                    _ => listed,
                };
                let url = platform::canonical(crate::url::clean(&filled, None)?);
                platform::by_url(&url).is_some().then_some(url)
            })
    }
}

/// The string under `field` in the object a script lists under the quoted
/// key `name` (`"123": {"embedUrl": "https://…", …}`), read no further
/// than that object's closing brace.
fn field_of_service(code: &str, name: &str, field: &str) -> Option<String> {
    ['"', '\''].iter().find_map(|q| {
        let key = format!("{q}{name}{q}");
        let at = code.find(&key)? + key.len();
        let rest = code.get(at..)?.trim_start().strip_prefix(':')?.trim_start();
        if !rest.starts_with('{') {
            return None;
        }
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().take(MAX_SERVICE_CHARS) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let object = rest.get(..end)?;
        let after = object.get(object.find(field)? + field.len()..)?;
        let value = after
            .trim_start_matches(['"', '\''])
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let quote = value
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let body = value.get(quote.len_utf8()..)?;
        Some(body.get(..body.find(quote)?)?.to_owned())
    })
}

/// How code selects an element by `key` (`#id` or `.class`): the key as
/// a whole string literal, or an id given to `getElementById`.
fn selectors(key: &str) -> Vec<String> {
    ['\'', '"', '`']
        .iter()
        .flat_map(|q| {
            let by_id = key
                .strip_prefix('#')
                .map(|id| format!("getElementById({q}{id}{q})"));
            std::iter::once(format!("{q}{key}{q}")).chain(by_id)
        })
        .collect()
}

/// The first [`MIN_SENTENCE_CHARS`] chars of the longest text of `outer`'s
/// elements, folded, when it is at least that long.
fn longest_line(outer: ElementRef<'_>) -> Option<String> {
    outer
        .descendants()
        .filter_map(|n| n.value().as_text())
        .map(|t| fold(t))
        .max_by_key(String::len)
        .filter(|t| t.chars().count() >= MIN_SENTENCE_CHARS)
        .map(|t| t.chars().take(MIN_SENTENCE_CHARS).collect())
        .or_else(|| {
            // A sentence split by inline elements is read whole.
            let text = fold(&visible(outer, MIN_SENTENCE_CHARS * 4));
            (text.chars().count() >= MIN_SENTENCE_CHARS)
                .then(|| text.chars().take(MIN_SENTENCE_CHARS).collect())
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::Selector;

    fn platform_of(html: &str) -> Option<String> {
        let page = Page::document(html, None);
        let scripts = Scripts::of(&page);
        let boxed = page
            .html
            .select(&Selector::parse("div.b").unwrap())
            .next()
            .unwrap();
        scripts.platform_of(boxed).map(|p| p.id.clone())
    }

    const BOX: &str = r#"<div class="b"><p>By clicking accept the trackers are set and the video plays here.</p><button>Accept</button></div>"#;

    #[test]
    fn the_script_quoting_a_box_s_sentence_names_its_platform() {
        let html = format!(
            r#"<main>{BOX}</main><script>sdk.push(['block', {{ selector: 'iframe[src*="vimeo.com"]', body: '<p>By clicking accept the trackers are set and the video plays here.</p>' }}]);</script>"#
        );
        assert_eq!(platform_of(&html).as_deref(), Some("vimeo"));
    }

    #[test]
    fn a_script_not_quoting_the_box_or_naming_several_platforms_names_none() {
        let other = format!(r#"<main>{BOX}</main><script>share('youtube');</script>"#);
        assert_eq!(platform_of(&other), None);
        let several = format!(
            r#"<main>{BOX}</main><script>cfg = {{ body: 'By clicking accept the trackers are set and the video plays here.', services: ['youtube', 'vimeo'] }};</script>"#
        );
        assert_eq!(platform_of(&several), None);
        let short = r#"<main><div class="b"><p>Accept?</p></div></main><script>x = 'Accept? youtube';</script>"#;
        assert_eq!(platform_of(short), None);
    }

    fn keyed(html: &str) -> Option<String> {
        let page = Page::document(html, None);
        let scripts = Scripts::of(&page);
        let cover = page
            .html
            .select(&Selector::parse("div.cover").unwrap())
            .next()
            .unwrap();
        scripts.keyed_address(cover).map(|u| u.to_string())
    }

    #[test]
    fn the_script_binding_a_cover_s_click_by_its_key_gives_its_address() {
        let script = |key: &str, id: &str| {
            format!(
                r#"<script>var c = document.querySelector('{key}'); c.addEventListener('click', function () {{ c.innerHTML = '<iframe src="https://www.youtube-nocookie.com/embed/{id}"></iframe>'; }});</script>"#
            )
        };
        let cover = r#"<div class="cover yt-cover-Vb2nQ7rXw5e"><img src="/t.jpg"></div>"#;
        let html = format!(
            "<main>{cover}{}{}</main>",
            script(".yt-cover-Vb2nQ7rXw5e", "Vb2nQ7rXw5e"),
            script(".yt-cover-k9Lq_4TzH0w", "k9Lq_4TzH0w")
        );
        assert_eq!(
            keyed(&html).as_deref(),
            Some("https://www.youtube.com/watch?v=Vb2nQ7rXw5e")
        );
        // By its id, handed to getElementById.
        let by_id = r#"<main><div id="dd_yt_video01" class="cover"></div><script>document.getElementById("dd_yt_video01").onclick = function () { this.outerHTML = '<iframe src="https://www.youtube-nocookie.com/embed/Vb2nQ7rXw5e"></iframe>'; };</script></main>"#;
        assert!(keyed(by_id).is_some());
        // No click bound, a short key, or two scripts claiming the cover:
        // no address.
        let unbound = html.replace("addEventListener('click'", "addEventListener('load'");
        assert_eq!(keyed(&unbound), None);
        let short = format!(
            r#"<main><div class="cover"></div>{}</main>"#,
            script(".cover", "Vb2nQ7rXw5e")
        );
        assert_eq!(keyed(&short), None);
        let twice = format!(
            "<main>{cover}{}{}</main>",
            script(".yt-cover-Vb2nQ7rXw5e", "Vb2nQ7rXw5e"),
            script(".yt-cover-Vb2nQ7rXw5e", "k9Lq_4TzH0w")
        );
        assert_eq!(keyed(&twice), None);
        // The same script twice (the region's, and the page data's copy)
        // is one.
        let again = format!(
            "<main>{cover}{}</main>{}",
            script(".yt-cover-Vb2nQ7rXw5e", "Vb2nQ7rXw5e"),
            script(".yt-cover-Vb2nQ7rXw5e", "Vb2nQ7rXw5e")
        );
        assert!(keyed(&again).is_some());
    }

    #[test]
    fn a_service_listed_in_the_runtime_s_configuration_gives_the_box_its_address() {
        let page = |script: &str| {
            format!(
                r#"<html><body><div data-service="2748311902" data-id="2748311902"><div class="c-nt"><p>Allow embeds?</p><button>Load</button></div></div><script>{script}</script></body></html>"#
            )
        };
        let listed = |script: &str| {
            let page = Page::document(&page(script), None);
            let boxed = page
                .html
                .select(&Selector::parse("div.c-nt").unwrap())
                .next()
                .unwrap();
            Scripts::of(&page)
                .listed_address(boxed)
                .map(|u| u.to_string())
        };
        let config = r#"manager.run({services: {"2748311902":{"embedUrl":"https:\/\/open.spotify.com\/embed\/episode\/7Hd2kQ9xWm4Rt1Lp6Vc8Nz","cookie":{"name":"e"}},"11":{"embedUrl":"https:\/\/www.youtube.com\/embed\/Kf7nR2wXp4q"}}});"#;
        assert_eq!(
            listed(config).as_deref(),
            Some("https://open.spotify.com/episode/7Hd2kQ9xWm4Rt1Lp6Vc8Nz")
        );
        // Another service's address, or none under this name, is not this box's.
        let other = r#"manager.run({services: {"2748311902":{"cookie":{"name":"e"}},"11":{"embedUrl":"https:\/\/www.youtube.com\/embed\/Kf7nR2wXp4q"}}});"#;
        assert_eq!(listed(other), None);
        assert_eq!(listed("var x = 1;"), None);
    }
}
