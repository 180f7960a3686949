//! Hydrated pages: on framework sites (Next.js `__NEXT_DATA__`, Nuxt
//! `__NUXT__`/`__NUXT_DATA__`, JSON-LD) a box may keep no URL while the
//! page's data lists its embeds in order. When a platform's boxes without a
//! URL are exactly as many as that platform's embed addresses in the data,
//! they are given those addresses in order (issue 9); otherwise none, since
//! a guess could link the wrong post. A page whose boxes name no platform
//! at all (the tool kept neither frame nor service name) gives them the
//! data's embeds in order, under the same rule: as many as there are.

use std::sync::LazyLock;

use scraper::Selector;
use url::Url;

use super::carriers::{
    from_id, handed_on_by_site, id_platform_names, markup_embed, platform_addresses_in, ID_OF,
    MIN_BARE_ID,
};
use super::platform::by_url;
use crate::data::PlatformEntry;
use crate::page::Page;

/// Bytes of a page's data scripts read in all: a framework's state is tens
/// of kilobytes; past this the rest is not read. The content script sends
/// no more than this beside a region (the pre-check's `data_scripts`).
pub const MAX_DATA_BYTES: usize = 512 * 1024;

/// Strings of one data script read for addresses.
const MAX_STRINGS: usize = 100_000;

/// The scripts where frameworks keep a page's state, by id or type; a
/// plain JSON data block is a CMS's settings (Drupal's `drupalSettings`),
/// where a site may list its embeds' frame attributes.
pub const STATE_SCRIPTS: [&str; 4] = [
    "script#__NEXT_DATA__",
    "script#__NUXT_DATA__",
    r#"script[type="application/ld+json" i]"#,
    r#"script[type="application/json" i]"#,
];

/// Inline scripts without a type that may hold a page's state: their text
/// starts with one of these. The browser sends only such scripts; of those
/// starting `window.`, the state is a global assigned its value
/// ([`assigns_global`]: `window.__NUXT__=…`, a store's
/// `window.__INITIAL_STATE__ = {…}`, a site's own list of its blocked
/// frames). Next.js's App Router pushes its React Server Components
/// payload, the page's elements with their props, as JS strings:
/// `self.__next_f.push(…)`. SvelteKit's start script sets its global
/// (`__sveltekit_…`) inside a block (`{ __sveltekit_abc = …; const data
/// = […]; … kit.start(app, element, { data, … }) }`); the block's opening
/// brace is passed over ([`BLOCK_OPEN`]).
pub const STATE_PREFIXES: [&str; 3] = ["window.", "self.__next_f.push", "__sveltekit_"];

/// What a script may open with before its state's prefix: a block
/// (SvelteKit's start script). The content script passes it over too.
pub const BLOCK_OPEN: &str = "{";

/// Chars of a global's name read before its `=` (`window.__NUXT__`).
const MAX_GLOBAL_NAME: usize = 64;

/// Whether an inline script's text starts by assigning a value to a global
/// (`window.NAME = …`), as frameworks and sites write a page's state; a
/// call (`window.addEventListener(…)`) or a comparison is not state.
fn assigns_global(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix("window.") else {
        return false;
    };
    let name_end = rest
        .char_indices()
        .take(MAX_GLOBAL_NAME + 1)
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '$'))
        .map(|(i, _)| i);
    let Some(end) = name_end.filter(|&i| i > 0) else {
        return false;
    };
    let after = rest.get(end..).unwrap_or_default().trim_start();
    after.starts_with('=') && !after.starts_with("==")
}

/// Whether an inline script's text starts as a page's state does.
fn starts_state(text: &str) -> bool {
    let start = text.trim_start();
    let start = start
        .strip_prefix(BLOCK_OPEN)
        .map_or(start, str::trim_start);
    assigns_global(start)
        || STATE_PREFIXES
            .iter()
            .filter(|p| !p.ends_with('.'))
            .any(|p| start.starts_with(p))
}

/// The state scripts a framework writes for the page itself (with the
/// prefixed inline ones), unlike JSON-LD or a CMS's settings, which may
/// describe media the article shows elsewhere.
const FRAMEWORK_SCRIPTS: &str = "script#__NEXT_DATA__, script#__NUXT_DATA__";

static FRAMEWORK: LazyLock<Option<Selector>> =
    LazyLock::new(|| Selector::parse(FRAMEWORK_SCRIPTS).ok());

/// Inline scripts, without a type or typed as JavaScript (Arc XP's
/// `script#fusion-metadata[type="application/javascript"]`, `window.Fusion
/// = …`), among which some hold the state.
pub const INLINE_SCRIPTS: &str = r#"script:not([src]):not([type]), script:not([src])[type="text/javascript" i], script:not([src])[type="application/javascript" i]"#;

/// Every script that may hold a page's state.
static DATA_SCRIPTS: LazyLock<Option<Selector>> = LazyLock::new(|| {
    let all = STATE_SCRIPTS.join(", ");
    Selector::parse(&format!("{all}, {INLINE_SCRIPTS}")).ok()
});

static STATE: LazyLock<Option<Selector>> =
    LazyLock::new(|| Selector::parse(&STATE_SCRIPTS.join(", ")).ok());

/// Whether a data script holds the page's state.
fn is_state(script: scraper::ElementRef<'_>, text: &str) -> bool {
    STATE.as_ref().is_some_and(|s| s.matches(&script)) || starts_state(text)
}

/// Whether a state script is a framework's own page state.
fn is_framework(script: scraper::ElementRef<'_>, text: &str) -> bool {
    FRAMEWORK.as_ref().is_some_and(|s| s.matches(&script)) || starts_state(text)
}

/// Every embed address in the page's data, in order, each once.
pub fn embeds(page: &Page) -> Vec<(&'static PlatformEntry, Url)> {
    collect(page, is_state)
}

/// The embed addresses of a framework's page state only (see
/// [`FRAMEWORK_SCRIPTS`]).
pub fn framework_embeds(page: &Page) -> Vec<(&'static PlatformEntry, Url)> {
    collect(page, is_framework)
}

/// Frames the page shows live read at most.
const MAX_LIVE_FRAMES: usize = 256;

static LIVE_FRAMES: LazyLock<Option<Selector>> =
    LazyLock::new(|| Selector::parse("iframe[src]").ok());

/// The platform addresses of the frames the page shows live (an `iframe`
/// loading a platform's http(s) address): their entries in the data are
/// on the page already, no box's.
fn live_embeds(page: &Page) -> Vec<Url> {
    let Some(selector) = LIVE_FRAMES.as_ref() else {
        return Vec::new();
    };
    page.html
        .select(selector)
        .take(MAX_LIVE_FRAMES)
        .filter_map(|f| f.value().attr("src"))
        .filter(|src| {
            let src = src.trim_start();
            src.starts_with("https://") || src.starts_with("http://")
        })
        .flat_map(platform_addresses_in)
        .collect()
}

/// Elements whose attribute holds a framework's state for the element
/// itself: an Astro island's `props`, its component's props as JSON, each
/// value typed (`{"src":[0,"https://…"]}`, [`TYPED_VALUE`]).
const STATE_ATTRIBUTES: &str = "astro-island[props]";

/// The attribute of [`STATE_ATTRIBUTES`] holding the state.
const STATE_ATTRIBUTE: &str = "props";

/// How Astro writes a plain value after its key: `[0,` and the value
/// (`"title":[0,"…"]`); the island's runtime revives type 0 as the value.
const TYPED_VALUE: &str = "[0,";

static STATE_ELEMENTS: LazyLock<Option<Selector>> =
    LazyLock::new(|| Selector::parse(STATE_ATTRIBUTES).ok());

/// The page's state texts, their escapes decoded, up to [`MAX_DATA_BYTES`]
/// read in all: the data scripts `keep` takes, then the state attributes.
fn state_texts(page: &Page, keep: fn(scraper::ElementRef<'_>, &str) -> bool) -> Vec<String> {
    raw_state_texts(page, keep)
        .iter()
        .map(|t| unescape(t))
        .collect()
}

/// Every state text of the page as written, escapes kept (a JSON string's
/// `\"` stays inside its string), a React Server Components chunk as the
/// JS string it pushes: for readers that walk the data's own syntax.
pub(super) fn state_sources(page: &Page) -> Vec<String> {
    raw_state_texts(page, is_state)
        .into_iter()
        .map(|t| rsc_chunk(&t).unwrap_or(t))
        .collect()
}

/// The state texts [`state_texts`] reads, as written.
fn raw_state_texts(page: &Page, keep: fn(scraper::ElementRef<'_>, &str) -> bool) -> Vec<String> {
    let mut read = 0usize;
    let mut texts = Vec::new();
    let scripts = DATA_SCRIPTS.as_ref().into_iter().flat_map(|s| {
        page.html
            .select(s)
            .map(|script| (script, script.text().collect::<String>()))
            .filter(|(script, text)| keep(*script, text))
            .map(|(_, text)| text)
    });
    let attributes = STATE_ELEMENTS.as_ref().into_iter().flat_map(|s| {
        page.html
            .select(s)
            .filter_map(|e| e.value().attr(STATE_ATTRIBUTE).map(str::to_owned))
    });
    for text in scripts.chain(attributes) {
        read += text.len();
        if read > MAX_DATA_BYTES {
            break;
        }
        texts.push(text);
    }
    texts
}

/// Whether the text between a JSON key and its string value is a key's
/// separator: `:`, or Astro's typed value's `:[0,`.
fn separates_key(between: &str) -> bool {
    let between = between.trim();
    between == ":"
        || between
            .strip_prefix(':')
            .is_some_and(|rest| rest.trim_start() == TYPED_VALUE)
}

fn collect(
    page: &Page,
    keep: fn(scraper::ElementRef<'_>, &str) -> bool,
) -> Vec<(&'static PlatformEntry, Url)> {
    let live = live_embeds(page);
    let mut found: Vec<(&'static PlatformEntry, Url)> = Vec::new();
    for text in state_texts(page, keep) {
        // A site's own route handing an embed's address on (Drupal's
        // `/media/oembed?url=https%3A//…` frame `src`) stands for it, in
        // its place among the data's strings.
        let addresses = text.split('"').take(MAX_STRINGS).flat_map(|s| {
            handed_on_by_site(s).map_or_else(|| platform_addresses_in(s), |u| vec![u])
        });
        let named = named_ids(&text);
        for url in addresses.chain(named) {
            if found.iter().all(|(_, u)| *u != url) && !live.contains(&url) {
                if let Some(platform) = by_url(&url) {
                    found.push((platform, url));
                }
            }
        }
    }
    found
}

/// Objects of one data script read for an embed named by its platform
/// and id.
const MAX_OBJECTS: usize = 4_096;

/// Chars of one object read: an embed's entry is a few short props.
const MAX_OBJECT_CHARS: usize = 512;

/// Keys under which a page's data names an embed's platform; a short
/// value under any key ("x" of an axis) is no platform's name.
const PLATFORM_KEYS: [&str; 3] = ["platform", "provider", "service"];

/// Keys under which a CMS names what a block is (Payload's `blockType:
/// "youtube"`, Storyblok's `component: "richtext_youtube"`, Sanity's
/// `_type`, GraphQL's `__typename`), compared without `_` and case: a
/// platform's name among the value's word parts names the block's
/// platform. Such a block's bare `id` is its own, never the embed's.
const KIND_KEYS: [&str; 4] = ["type", "blocktype", "component", "typename"];

/// Chars a platform's name must have to be read inside a longer word
/// part (`youtubeembed`); shorter names (`yt`) only as a whole part.
const MIN_NAME_IN_PART: usize = 5;

/// The platform a block-kind value names among its word parts.
fn named_in_kind(value: &str) -> Option<&'static PlatformEntry> {
    let value = value.to_lowercase();
    let parts = value.split(|c: char| !c.is_alphanumeric());
    parts.take(MAX_KIND_PARTS).find_map(|part| {
        id_platform_names()
            .find(|n| {
                *n == part
                    || (n.len() >= MIN_NAME_IN_PART
                        && (part.starts_with(n.as_str()) || part.ends_with(n.as_str())))
            })
            .and_then(|n| super::platform::by_name(n))
    })
}

/// Word parts of a block-kind value read.
const MAX_KIND_PARTS: usize = 8;

/// The platform an id prop's key names (`vimeoId`, `youtube_id`), the key
/// compared without `_`, `-` and case.
fn named_by_id_key(key: &str) -> Option<&'static PlatformEntry> {
    let key: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    let whose = key.strip_suffix("id")?;
    id_platform_names()
        .find(|n| n.as_str() == whose)
        .and_then(|n| super::platform::by_name(n))
}

/// The embeds a page's data lists by platform and id, not address, in
/// order: an innermost object (no object inside it) naming a platform —
/// under a key saying so (`platform:"youtube"`), as a block's kind
/// (`blockType:"youtube"`, see [`KIND_KEYS`]) or in its id's key
/// (`vimeoId`) — and an id prop with an embed's id (`id:"cX4pW9tLm2s"`,
/// `videoId`, `video_id`), the address made from the platform's id
/// template. Keys may be bare, as JS writes them (SvelteKit's `data`).
fn named_ids(text: &str) -> Vec<Url> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('{').take(MAX_OBJECTS) {
        let body = text.get(at + 1..).unwrap_or_default();
        let Some(end) = body.find(['{', '}']).filter(|&e| e <= MAX_OBJECT_CHARS) else {
            continue;
        };
        if !body.get(end..).is_some_and(|rest| rest.starts_with('}')) {
            continue;
        }
        let props: Vec<(&str, &str)> = body
            .get(..end)
            .unwrap_or_default()
            .split(',')
            .filter_map(|pair| {
                let (key, value) = pair.split_once(':')?;
                let key = key.trim().trim_matches(['"', '\'']);
                let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
                Some((key, value))
            })
            .collect();
        if let Some(url) = named_id(&props) {
            found.push(url);
        }
    }
    found
}

/// The address one innermost object of the data names (see [`named_ids`]).
pub(super) fn named_id(props: &[(&str, &str)]) -> Option<Url> {
    let short = |v: &&str| v.chars().count() <= MAX_ID_CHARS;
    let keyed = |keys: &[&str], k: &str| {
        let k: String = k
            .chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        keys.iter().any(|key| k == *key)
    };
    // The id under a key naming its platform wins over any other.
    let by_key = props.iter().find_map(|(k, v)| {
        let platform = named_by_id_key(k).filter(|_| is_embed_id(v))?;
        from_id(platform.id_url.as_deref()?, v)
    });
    if by_key.is_some() {
        return by_key;
    }
    let named = props
        .iter()
        .filter(|(k, v)| keyed(&PLATFORM_KEYS, k) && short(v))
        .find_map(|(_, v)| super::platform::by_name(v));
    let kind = || {
        props
            .iter()
            .filter(|(k, v)| keyed(&KIND_KEYS, k) && short(v))
            .find_map(|(_, v)| named_in_kind(v))
    };
    // A platform named as such takes a bare `id`; a block's kind does not.
    let (platform, bare_id) = match named {
        Some(p) => (p, true),
        None => (kind()?, false),
    };
    let template = platform.id_url.as_deref()?;
    let id = props
        .iter()
        .find(|(k, v)| id_prop(k).is_some_and(|whose| whose || bare_id) && is_embed_id(v))
        .map(|(_, v)| *v)?;
    from_id(template, id)
}

/// Strings of a JSON object read on each side of an embed's address for
/// its frame's `title` (`{"src":"…","title":"…","width":"560"}`).
const MAX_OBJECT_STRINGS: usize = 16;

/// The title a page's data gives the frame whose address is `url`: the
/// `title` of the same JSON object when that object is the frame's
/// attributes (the address is its `src`: a framework's props for the
/// frame), never an article's title beside its video's address.
pub fn title_of(page: &Page, url: &Url) -> Option<String> {
    for text in state_texts(page, is_state) {
        // A frame the data keeps as markup says its title in its own tag.
        let tagged = frame_tags(&text)
            .map(markup_embed)
            .find(|e| e.url.as_ref() == Some(url))
            .and_then(|e| e.title);
        if tagged.is_some() {
            return tagged;
        }
        let strings: Vec<&str> = text.split('"').take(MAX_STRINGS).collect();
        for (i, s) in strings.iter().enumerate() {
            let is_src = i >= 2
                && strings.get(i - 2) == Some(&"src")
                && strings.get(i - 1).is_some_and(|c| separates_key(c));
            if !is_src || !platform_addresses_in(s).contains(url) {
                continue;
            }
            let from = i.saturating_sub(MAX_OBJECT_STRINGS);
            let to = (i + MAX_OBJECT_STRINGS).min(strings.len());
            let object = strings.get(from..to).unwrap_or_default();
            // Within the object: stop at a brace between the address and the key.
            let at = i - from;
            let inside = |j: usize| {
                let (a, b) = if j < at { (j, at) } else { (at, j) };
                object
                    .get(a..b)
                    .is_some_and(|between| between.iter().all(|p| !p.contains(['{', '}'])))
            };
            let title = object.windows(3).enumerate().find_map(|(j, w)| match w {
                [key, colon, value] if *key == "title" && separates_key(colon) && inside(j) => {
                    Some((*value).to_owned())
                }
                _ => None,
            });
            if title.is_some() {
                return title;
            }
        }
    }
    None
}

/// Frame tags read in one data script.
const MAX_FRAME_TAGS: usize = 64;

/// The `<iframe …>` tags a data script keeps in its strings, quotes
/// unescaped: a site's own list of the frames it blocked.
fn frame_tags(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("<iframe")
        .take(MAX_FRAME_TAGS)
        .filter_map(|(at, _)| {
            let tag = text.get(at..)?;
            tag.get(..=tag.find('>')?)
        })
}

/// JSON may escape its slashes (`https:\/\/…`) and ampersands; JSON inside
/// a JS string escapes its quotes too (`\"src\":\"https…\"`).
///
/// JS writes its strings with `\uXXXX` escapes too (Nuxt 2's
/// `window.__NUXT__` writes every slash `\u002F`): each is the char it
/// names; a lone surrogate or a malformed escape stays as it is.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        let mut chars = after.chars();
        match chars.next() {
            Some(c @ ('/' | '"')) => {
                out.push(c);
                rest = chars.as_str();
            }
            Some('u') => match unicode_escape(after.get(1..).unwrap_or_default()) {
                Some(c) => {
                    out.push(c);
                    rest = after.get(5..).unwrap_or_default();
                }
                None => {
                    out.push('\\');
                    rest = after;
                }
            },
            _ => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The char a `\uXXXX` escape names, `hex` the text after its `u`; `None`
/// for a malformed escape or a lone surrogate.
fn unicode_escape(hex: &str) -> Option<char> {
    hex.get(..4)
        .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .and_then(char::from_u32)
}

/// How Next.js's App Router script pushes a payload chunk:
/// `self.__next_f.push([1,"…"])`, rows of JSON written as one JS string.
const RSC_PUSH: &str = "self.__next_f.push(";

/// Where a payload row writes an element of a client component, its type a
/// lazy reference to the component's module (`["$","$L2",null,{…props}]`):
/// its props are what the page gave the component, a site's embed its id.
const CLIENT_ELEMENT: &str = r#"["$","$L"#;

/// Client elements read per payload chunk.
const MAX_CLIENT_ELEMENTS: usize = 4_096;

/// Chars of one element's props read for an id: an embed's props are a few
/// strings; past this the rest of a large object is not read.
const MAX_PROPS_CHARS: usize = 4_096;

/// The JS string a payload script pushes, its escapes decoded; `None` if
/// the script pushes no string.
fn rsc_chunk(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix(RSC_PUSH)?;
    let open = rest.find('"')?;
    Some(js_string(rest.get(open + 1..)?))
}

/// The JS string literal `text` starts (after its opening quote) up to its
/// closing quote, each escape the char it stands for; a malformed escape
/// stays as written. The work is the text's length.
pub(super) fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => {
                let rest = chars.as_str();
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('u') => match unicode_escape(rest.get(1..).unwrap_or_default()) {
                        Some(decoded) => {
                            out.push(decoded);
                            chars = rest.get(5..).unwrap_or_default().chars();
                        }
                        None => out.push_str("\\u"),
                    },
                    // `\"`, `\\`, `\/` and the rest: the char itself.
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The string values of a JSON object's own keys (not those of objects
/// nested in it), `object` starting at its `{`; at most
/// [`MAX_PROPS_CHARS`] read.
fn own_strings(object: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    let mut after_colon = false;
    let mut rest = object;
    let mut read = 0usize;
    while let Some(c) = rest.chars().next() {
        read += c.len_utf8();
        if read > MAX_PROPS_CHARS {
            break;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
        match c {
            '{' | '[' => {
                depth += 1;
                after_colon = false;
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            ':' => after_colon = true,
            ',' => {
                key = None;
                after_colon = false;
            }
            '"' => {
                // The string up to its closing quote, escapes kept.
                let end = string_end(rest);
                let s = rest.get(..end).unwrap_or_default().to_owned();
                read += end + 1;
                rest = rest.get(end + 1..).unwrap_or_default();
                if depth == 1 {
                    match (key.take(), after_colon) {
                        (Some(k), true) => pairs.push((k, s)),
                        (_, false) => key = Some(s),
                        (None, true) => {}
                    }
                }
            }
            _ => {}
        }
    }
    pairs
}

/// Where a JSON string ends (its closing quote's offset in `text`, which
/// starts after the opening one), or the text's end.
pub(super) fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'"' if !escaped => return i,
            _ => escaped = false,
        }
    }
    text.len()
}

/// Whether a prop named `key` holds an embed's id: `id` itself, or a name
/// ending in `id` that says whose (`tweetId`, `videoId`, `youtubeId`).
/// Returns whether the name says whose.
fn id_prop(key: &str) -> Option<bool> {
    let key: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    if key == "id" {
        return Some(false);
    }
    let says_whose = key.ends_with("id")
        && (ID_OF.iter().any(|w| key.contains(w))
            || id_platform_names().any(|n| key.contains(n.as_str())));
    says_whose.then_some(true)
}

/// Whether a prop's value looks like an embed's id: a platform's post or
/// video id has digits (an element's `id`, `main-content`, has none).
fn is_embed_id(value: &str) -> bool {
    (MIN_BARE_ID..=MAX_ID_CHARS).contains(&value.len())
        && value.bytes().any(|b| b.is_ascii_digit())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Chars of an embed's id at most (as `carriers::from_id` takes them).
const MAX_ID_CHARS: usize = 64;

/// Embed ids a React Server Components payload gives its client
/// components, in order, each once: the components' own props, never a
/// DOM element's (`["$","div",…,{"id":…}]` is its HTML id). Ids under a
/// name saying whose (`tweetId`) are all taken when there are any; else
/// those under a bare `id`.
pub fn component_ids(page: &Page) -> Vec<String> {
    let Some(selector) = DATA_SCRIPTS.as_ref() else {
        return Vec::new();
    };
    let mut read = 0usize;
    let (mut named, mut bare): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for script in page.html.select(selector) {
        let text: String = script.text().collect();
        let Some(chunk) = rsc_chunk(&text) else {
            continue;
        };
        read += text.len();
        if read > MAX_DATA_BYTES {
            break;
        }
        for (at, _) in chunk
            .match_indices(CLIENT_ELEMENT)
            .take(MAX_CLIENT_ELEMENTS)
        {
            // Past the type and the key (`null` or a string), the props.
            let element = chunk.get(at + 1..).unwrap_or_default();
            let Some(open) = element.find('{') else {
                continue;
            };
            let head = element.get(..open).unwrap_or_default();
            if head.contains(['[', ']']) {
                continue;
            }
            for (key, value) in own_strings(element.get(open..).unwrap_or_default()) {
                let Some(says_whose) = id_prop(&key) else {
                    continue;
                };
                let list = if says_whose { &mut named } else { &mut bare };
                if is_embed_id(&value) && !list.contains(&value) {
                    list.push(value);
                }
            }
        }
    }
    if named.is_empty() {
        bare
    } else {
        named
    }
}

/// For each box (its platform and whether it has a URL), the address the
/// page's data gives it, where the counts agree; boxes that name nothing
/// take only a framework's page state (`framework`). Boxes of one platform
/// left waiting, where the data lists none of that platform's addresses,
/// take the components' `ids` (see [`component_ids`]) as that platform's
/// ids, under the same rule: as many ids as boxes, and no box of another
/// platform waiting, to which they could as well belong.
pub fn assign(
    boxes: &[(Option<&PlatformEntry>, bool)],
    data: &[(&'static PlatformEntry, Url)],
    framework: &[(&'static PlatformEntry, Url)],
    ids: &[String],
) -> Vec<Option<Url>> {
    let mut out: Vec<Option<Url>> = vec![None; boxes.len()];
    let same = |a: &PlatformEntry, b: &PlatformEntry| a.id == b.id && a.name == b.name;
    for (platform, _) in data {
        let waiting: Vec<usize> = boxes
            .iter()
            .enumerate()
            .filter(|(_, (p, has_url))| !has_url && p.is_some_and(|p| same(p, platform)))
            .map(|(i, _)| i)
            .collect();
        let urls: Vec<&Url> = data
            .iter()
            .filter(|(p, _)| same(p, platform))
            .map(|(_, u)| u)
            .collect();
        if waiting.len() != urls.len() {
            continue;
        }
        for (i, url) in waiting.into_iter().zip(urls) {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(url.clone());
            }
        }
    }
    let still: Vec<(usize, &PlatformEntry)> = boxes
        .iter()
        .enumerate()
        .filter(|(i, (_, has_url))| !has_url && out.get(*i).is_some_and(Option::is_none))
        .filter_map(|(i, (p, _))| Some((i, (*p)?)))
        .collect();
    if let Some((_, first)) = still.first() {
        let one_platform = still.iter().all(|(_, p)| same(p, first));
        let listed = data.iter().any(|(p, _)| same(p, first));
        if let Some(template) = first.id_url.as_deref().filter(|_| one_platform && !listed) {
            if still.len() == ids.len() {
                for ((i, _), id) in still.iter().zip(ids) {
                    if let Some(slot) = out.get_mut(*i) {
                        *slot = from_id(template, id);
                    }
                }
            }
        }
    }
    // Boxes that name nothing take the framework state's embeds of the
    // platforms no box names, in order, when as many: those can only be
    // theirs. Not where a box keeps a URL of its own, which may be any of
    // the data's.
    let kept_own = boxes.iter().any(|(_, has_url)| *has_url);
    let unnamed: Vec<usize> = boxes
        .iter()
        .enumerate()
        .filter(|(_, (p, has_url))| p.is_none() && !has_url)
        .map(|(i, _)| i)
        .collect();
    let unclaimed: Vec<&Url> = framework
        .iter()
        .filter(|(p, _)| !boxes.iter().any(|(b, _)| b.is_some_and(|b| same(b, p))))
        .map(|(_, u)| u)
        .collect();
    if !kept_own && !unnamed.is_empty() && unnamed.len() == unclaimed.len() {
        for (i, url) in unnamed.into_iter().zip(unclaimed) {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(url.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::consent::platform::by_name;

    fn page(data: &str) -> Page {
        Page::document(
            &format!(
                r#"<html><body><script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>"#
            ),
            None,
        )
    }

    #[test]
    fn boxes_take_their_platform_s_embeds_in_order_when_the_counts_agree() {
        let data = embeds(&page(
            r#"{"b":[{"url":"https:\/\/www.youtube.com\/watch?v=a1"},{"url":"https://open.spotify.com/embed/episode/e1"},{"url":"https://www.youtube.com/watch?v=a2"}]}"#,
        ));
        assert_eq!(data.len(), 3);
        let yt = by_name("youtube");
        let sp = by_name("spotify");
        let got = assign(
            &[(yt, false), (sp, false), (yt, true), (yt, false)],
            &data,
            &data,
            &[],
        );
        // Two YouTube boxes wait and two YouTube embeds are listed.
        assert_eq!(
            got[0].as_ref().unwrap().as_str(),
            "https://www.youtube.com/watch?v=a1"
        );
        assert_eq!(
            got[1].as_ref().unwrap().as_str(),
            "https://open.spotify.com/episode/e1"
        );
        assert!(got[2].is_none());
        assert_eq!(
            got[3].as_ref().unwrap().as_str(),
            "https://www.youtube.com/watch?v=a2"
        );
        // Counts that disagree give nothing.
        assert!(assign(&[(yt, false)], &data, &data, &[])
            .iter()
            .all(Option::is_none));
    }

    #[test]
    fn boxes_naming_nothing_take_the_data_s_embeds_only_when_they_are_all_there_is() {
        let data = embeds(&page(
            r#"{"video":"https://www.youtube.com/watch?v=a1","clip":"https://vimeo.com/1006324877"}"#,
        ));
        assert_eq!(data.len(), 2);
        let got = assign(&[(None, false), (None, false)], &data, &data, &[]);
        assert_eq!(
            got[1].as_ref().unwrap().as_str(),
            "https://vimeo.com/1006324877"
        );
        // Counts that disagree, or a box that names its platform, give nothing.
        assert!(assign(&[(None, false)], &data, &data, &[])
            .iter()
            .all(Option::is_none));
        let yt = by_name("youtube");
        assert!(assign(&[(None, false), (yt, true)], &data, &data, &[])[0].is_none());
        // JSON-LD describing a video the article shows elsewhere is not a
        // framework's state: it lends nothing to a box naming nothing.
        let ld = Page::document(
            r#"<html><body><script type="application/ld+json">{"@type":"VideoObject","embedUrl":"https://www.youtube.com/embed/a1"}</script></body></html>"#,
            None,
        );
        assert_eq!(embeds(&ld).len(), 1);
        assert!(framework_embeds(&ld).is_empty());
    }

    #[test]
    fn a_box_naming_nothing_takes_the_embed_no_other_box_claims_and_live_ones_are_no_box_s() {
        let html = r#"<html><body><iframe src="https://www.youtube-nocookie.com/embed/Ls3pW8nRk2x"></iframe><script id="__NEXT_DATA__" type="application/json">{"b":[{"url":"https://www.instagram.com/p/C8mRt2WqLx4/"},{"url":"https://www.youtube.com/watch?v=Ls3pW8nRk2x"},{"url":"https://twitter.com/a/status/1801467392018374656"}]}</script></body></html>"#;
        let page = Page::document(html, None);
        let data = framework_embeds(&page);
        // The live video is on the page: not among the data's embeds.
        assert_eq!(data.len(), 2);
        let ig = by_name("instagram");
        let got = assign(&[(ig, false), (None, false)], &data, &data, &[]);
        assert_eq!(
            got[1].as_ref().unwrap().as_str(),
            "https://twitter.com/a/status/1801467392018374656"
        );
        // Two boxes naming nothing for one unclaimed embed, or a box that
        // keeps its own URL: nothing.
        assert!(assign(
            &[(ig, false), (None, false), (None, false)],
            &data,
            &data,
            &[]
        )[1]
        .is_none());
        assert!(assign(&[(ig, true), (None, false)], &data, &data, &[])[1].is_none());
    }

    #[test]
    fn an_astro_island_s_props_list_its_embed_and_its_title() {
        let html = r#"<html><body><astro-island uid="1vQm3k" component-url="/_astro/Embed.js" props="{&quot;src&quot;:[0,&quot;https://open.spotify.com/embed/episode/4Tq8LmWz2RkX7bNc9VpD3s&quot;],&quot;title&quot;:[0,&quot;La Place #12&quot;],&quot;height&quot;:[0,152]}" ssr="" client="visible"><div>Box</div></astro-island></body></html>"#;
        let page = Page::document(html, None);
        let data = framework_embeds(&page);
        assert_eq!(data.len(), 1);
        assert_eq!(
            data[0].1.as_str(),
            "https://open.spotify.com/episode/4Tq8LmWz2RkX7bNc9VpD3s"
        );
        assert_eq!(title_of(&page, &data[0].1).as_deref(), Some("La Place #12"));
        // Another element's `props` is no state.
        let other = html.replace("astro-island", "x-card");
        assert!(framework_embeds(&Page::document(&other, None)).is_empty());
        assert!(separates_key(" : ") && separates_key(":[0,") && !separates_key(":[1,"));
    }

    #[test]
    fn a_state_script_typed_as_javascript_is_read_a_data_block_of_another_type_not() {
        let state = r#"window.Fusion=window.Fusion||{};Fusion.globalContent={"content_elements":[{"type":"oembed_response","subtype":"twitter","referent":{"id":"https://twitter.com/a/status/1861490235517284352"}}]};"#;
        let typed = |t: &str| {
            let html = format!(
                r#"<html><body><script type="{t}" id="fusion-metadata">{state}</script></body></html>"#
            );
            framework_embeds(&Page::document(&html, None)).len()
        };
        assert_eq!(typed("application/javascript"), 1);
        assert_eq!(typed("text/JavaScript"), 1);
        assert_eq!(typed("text/plain"), 0);
    }

    #[test]
    fn a_react_server_components_payload_lists_its_frames() {
        // Next.js's App Router: JSON inside JS strings, quotes escaped.
        let html = r#"<html><body><script>self.__next_f.push([1,"4:[\"$\",\"iframe\",null,{\"src\":\"https://www.youtube-nocookie.com/embed/Vb7kM2pQ9sX\"}]\n"])</script></body></html>"#;
        let data = embeds(&Page::document(html, None));
        assert_eq!(data.len(), 1);
        assert_eq!(
            data[0].1.as_str(),
            "https://www.youtube.com/watch?v=Vb7kM2pQ9sX"
        );
    }

    #[test]
    fn a_frame_s_props_in_the_data_give_its_title_an_article_s_do_not() {
        let url = Url::parse("https://www.youtube.com/watch?v=Vb7kM2pQ9sX").unwrap();
        let props = page(
            r#"{"c":["$","iframe",null,{"src":"https://www.youtube-nocookie.com/embed/Vb7kM2pQ9sX","title":"Tartu rattaringi rada 2024"}]}"#,
        );
        assert_eq!(
            title_of(&props, &url).as_deref(),
            Some("Tartu rattaringi rada 2024")
        );
        let article = page(
            r#"{"article":{"title":"Bokbussen får ny rute","video":"https://www.youtube.com/watch?v=Vb7kM2pQ9sX"}}"#,
        );
        assert_eq!(title_of(&article, &url), None);
    }

    #[test]
    fn a_settings_data_block_lends_its_frames_including_a_site_route_handing_one_on() {
        // A box that kept neither frame nor link; the CMS's settings JSON
        // keeps the frame's `src` (Drupal's oEmbed route, escaped).
        let html = r#"<html lang="en"><body><main><p>Text.</p><div class="gate media-41"><h3>Unable to display content</h3><p>This YouTube video needs your permission to be loaded.</p><button>Load</button></div></main><script type="application/json" data-drupal-selector="drupal-settings-json">{"media":{"41":{"src":"\/en\/media\/oembed?url=https%3A\/\/www.youtube.com\/watch%3Fv%3Dk41\u0026max_width=0"}}}</script></body></html>"#;
        let found = crate::analyze(html, &crate::Options::new()).placeholders;
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].url.as_deref(),
            Some("https://www.youtube.com/watch?v=k41")
        );
        // A site route handing on nothing of a platform lends nothing.
        assert!(handed_on_by_site("/en/search?q=https%3A//example.org/").is_none());
    }

    #[test]
    fn a_region_reads_the_page_s_data_after_it_and_keeps_its_indices() {
        // As the extension sends them: the region, then the data scripts.
        let region = r#"<div class="gate"><p>Allow Spotify content?</p><p>We ask for your permission before anything is loaded.</p><button>Allow and continue</button></div>"#;
        let data = r#"<script id="__NEXT_DATA__" type="application/json">{"embed":{"url":"https:\/\/open.spotify.com\/episode\/e1"}}</script>"#;
        let options = crate::Options::new();
        let found = crate::analyze_fragment(&format!("{region}{data}"), &options).placeholders;
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].url.as_deref(),
            Some("https://open.spotify.com/episode/e1")
        );
        assert_eq!(found[0].target.index, 0);
        // Without the data, the box keeps no link.
        let alone = crate::analyze_fragment(region, &options).placeholders;
        assert_eq!(alone[0].url, None);
    }

    #[test]
    fn a_global_assigned_in_js_is_state_a_call_is_not() {
        assert!(assigns_global(
            "window.__NUXT__=(function(a){return {}}(1))"
        ));
        assert!(assigns_global("  window.frames_list = [\"<iframe>\"]"));
        assert!(!assigns_global("window.addEventListener('load', f)"));
        assert!(!assigns_global("window.a == b"));
        assert!(!assigns_global("var a = 1"));
        // Nuxt 2 writes slashes as \u002F: the addresses are read.
        let nuxt = r#"<html><body><script>window.__NUXT__=(function(a){return {body:[{provider:"instagram",url:"https:\u002F\u002Fwww.instagram.com\u002Fp\u002FC7kLmWq3xZf\u002F"}]}}("x"))</script></body></html>"#;
        let data = framework_embeds(&Page::document(nuxt, None));
        assert_eq!(data.len(), 1);
        assert_eq!(
            data[0].1.as_str(),
            "https://www.instagram.com/p/C7kLmWq3xZf/"
        );
        // A script calling a function is not the page's state.
        let call = r#"<html><body><script>window.addEventListener("load", () => show("https://www.instagram.com/p/C7kLmWq3xZf/"))</script></body></html>"#;
        assert!(framework_embeds(&Page::document(call, None)).is_empty());
    }

    #[test]
    fn a_frame_kept_as_markup_in_the_state_gives_its_title() {
        let html = r#"<html><body><script>window.kept = ["<iframe src=\"https://www.youtube-nocookie.com/embed/Vd3nQ7kLr2s\" title=\"Conseil municipal\"></iframe>"]</script></body></html>"#;
        let page = Page::document(html, None);
        let data = framework_embeds(&page);
        assert_eq!(data.len(), 1);
        assert_eq!(
            title_of(&page, &data[0].1).as_deref(),
            Some("Conseil municipal")
        );
        // A malformed escape stays as it is.
        assert_eq!(unescape(r"a\uZZZZb\u00e9"), "a\\uZZZZbé");
    }
    #[test]
    fn a_client_component_s_id_prop_in_the_rsc_payload_links_the_one_platform_waiting() {
        // The id only as a client component's prop, the chunk a JS string
        // with its own escapes; a DOM element's `id` is its HTML id.
        let html = r#"<html><body><script>self.__next_f.push([1,"5:[\"$\",\"div\",null,{\"id\":\"section-2\",\"children\":[\"$\",\"$L2\",null,{\"id\":\"1856231904718263296\",\"className\":\"x\",\"style\":{\"id\":\"9999999\"}}]}]\n"])</script></body></html>"#;
        let page = Page::document(html, None);
        assert_eq!(component_ids(&page), vec!["1856231904718263296".to_owned()]);
        let x = by_name("x");
        let yt = by_name("youtube");
        let got = assign(&[(x, false)], &[], &[], &component_ids(&page));
        assert_eq!(
            got[0].as_ref().unwrap().as_str(),
            "https://twitter.com/i/status/1856231904718263296"
        );
        // Two platforms waiting, or counts that disagree: nothing.
        let ids = component_ids(&page);
        assert!(assign(&[(x, false), (yt, false)], &[], &[], &ids)
            .iter()
            .all(Option::is_none));
        assert!(assign(&[(x, false), (x, false)], &[], &[], &ids)
            .iter()
            .all(Option::is_none));
        // A name saying whose wins over a bare `id`.
        let named = r#"<html><body><script>self.__next_f.push([1,"3:[\"$\",\"$L7\",null,{\"id\":\"card42x\",\"videoId\":\"Vb7kM2pQ9sX\"}]\n"])</script></body></html>"#;
        assert_eq!(
            component_ids(&Page::document(named, None)),
            vec!["Vb7kM2pQ9sX".to_owned()]
        );
    }

    #[test]
    fn a_js_string_s_escapes_are_decoded_and_a_bad_one_kept() {
        assert_eq!(js_string(r#"a\"b\n\u0041\uZZ\\c" tail"#), "a\"b\nA\\uZZ\\c");
        // Hostile: an unterminated string, a lone backslash, a deep object.
        assert_eq!(js_string("abc\\"), "abc\\");
        let deep = format!("{{{}", "[".repeat(100_000));
        assert!(own_strings(&deep).is_empty());
    }

    #[test]
    fn a_block_naming_its_platform_in_its_kind_or_its_id_s_key_lends_its_id() {
        let urls = |text: &str| -> Vec<String> {
            named_ids(text).iter().map(ToString::to_string).collect()
        };
        // Payload's block, its own Mongo id beside the video's.
        assert_eq!(
            urls(
                r#"{"id":"6718c2f4a9e3b51d0c7e2a84","blockType":"youtube","youtubeId":"Gp3xR7kWm1q"}"#
            ),
            ["https://www.youtube.com/watch?v=Gp3xR7kWm1q"]
        );
        // Storyblok's blok: the platform in the component's name.
        assert_eq!(
            urls(r#"{_uid:"5e7a9c1b-3d5f",video_id:"Hx4rT9qLm2w",component:"richtext_youtube"}"#),
            ["https://www.youtube.com/watch?v=Hx4rT9qLm2w"]
        );
        // No platform key at all: the id's key names it.
        assert_eq!(
            urls(r#"{tipo:"video",vimeoId:"1017254836",titulo:"Feria"}"#),
            ["https://vimeo.com/1017254836"]
        );
        // A block's kind takes no bare `id` (its own), and a kind naming
        // no platform, or a short name inside a word, names none.
        assert!(urls(r#"{"blockType":"youtube","id":"6718c2f4a9e3"}"#).is_empty());
        assert!(urls(r#"{"type":"video","videoId":"Hx4rT9qLm2w"}"#).is_empty());
        assert!(urls(r#"{"component":"bytes","video_id":"Hx4rT9qLm2w"}"#).is_empty());
    }

    #[test]
    fn sveltekit_s_start_script_lists_embeds_by_platform_and_id() {
        let html = r#"<html><body><div><script>
            {
                __sveltekit_1wq7k3b = { base: new URL("..", location).pathname.slice(0, -1) };
                const data = [null,{"type":"data","data":{post:{id:"2026-09-24-pilar",embeds:[{platform:"youtube",id:"cX4pW9tLm2s"},{axis:"x",id:"chart1"}]}}}];
                kit.start(app, element, { node_ids: [0, 4], data });
            }
        </script></div></body></html>"#;
        let page = Page::document(html, None);
        let found: Vec<String> = framework_embeds(&page)
            .iter()
            .map(|(_, u)| u.to_string())
            .collect();
        assert_eq!(found, ["https://www.youtube.com/watch?v=cX4pW9tLm2s"]);
        // A block that sets no framework's state is not read as state.
        let other = html.replace("__sveltekit_1wq7k3b", "settings");
        assert!(framework_embeds(&Page::document(&other, None)).is_empty());
    }
}
