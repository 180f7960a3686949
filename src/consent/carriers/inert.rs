//! Decoding what a page keeps inert: an embed's HTML in a script (as
//! markup, entity-escaped, base64, or Embed Privacy's JS string of JSON), in
//! a `data-*` attribute or a hidden element's text, and the addresses a
//! blocked widget script builds. Every parse of such markup goes through
//! [`parse`]; nothing is ever run.

use base64::Engine;
use scraper::{ElementRef, Html};
use url::Url;

use super::{is_address, read_into, Embed};
use crate::consent::platform::{by_url, canonical};
use crate::data::{tools, Encoding};

/// Parses markup a page kept as text within the carriers' work budget
/// (`page::carrier`). The one place such markup meets the HTML parser.
fn parse(markup: &str) -> Html {
    crate::page::carrier(bounded(markup))
}

/// Escaped markup → markup: parsed as HTML text, its entities decode once.
fn unescape(escaped: &str) -> String {
    parse(escaped).root_element().text().collect()
}

/// Bytes of inert HTML decoded per carrier (the hostile page's 76 000-char
/// caption fits; a megabyte of base64 does not get parsed).
pub const MAX_DECODED_BYTES: usize = 256 * 1024;

/// Shortest `data-*` value read as an embed's kept HTML: the smallest
/// embed, `<iframe src="https://x.co/a">`, is longer.
const MIN_EMBED_HTML: usize = 24;

/// Tokens of an inert script's text read for a platform's address.
const MAX_SCRIPT_TOKENS: usize = 2_000;

/// Parses markup a page kept as text (inert scripts, `<noscript>`, data
/// attributes) and reads its carriers. Every parse of page-derived markup
/// goes through here: same size and nesting bounds as the page.
pub(super) fn read_markup(html: &str, base: Option<&Url>) -> Embed {
    let fragment = parse(html);
    let mut found = Embed::default();
    read_into(fragment.root_element(), base, false, &mut found);
    found
}

/// An embed's whole HTML kept in a `data-*` attribute: as markup,
/// entity-escaped once more, URL-encoded or base64; as the attribute's
/// value or as a string of the JSON it holds (`{"template":"%3Ciframe…"}`).
pub fn html_in_attributes(el: ElementRef<'_>) -> Option<String> {
    el.value()
        .attrs()
        .filter(|(n, _)| n.starts_with("data-"))
        .find_map(|(_, value)| embedded_html(value).or_else(|| html_in_json(value)))
}

/// An embed's HTML as a string of the JSON a `data-*` attribute holds.
fn html_in_json(value: &str) -> Option<String> {
    // Cheap checks first: JSON, small, holding markup in some encoding.
    let v = small_json(value)?;
    let lower = v.to_ascii_lowercase();
    if !["<", "&lt;", "%3c"].iter().any(|m| lower.contains(m)) {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(v).ok()?;
    json_strings(&json).into_iter().find_map(embedded_html)
}

/// An embed's HTML a `<template>` keeps as text (entity-escaped in the
/// page, so the parser gave the template no elements): inert until a
/// script copies it out on consent.
pub fn html_in_template(el: ElementRef<'_>) -> Option<String> {
    // The parser may hang a template's content under a fragment node.
    if el.value().name() != "template"
        || el
            .descendants()
            .any(|d| d.value().is_element() && d.id() != el.id())
    {
        return None;
    }
    // Read no further than the decoder would.
    let mut text = String::new();
    for part in el.text() {
        if text.len() > MAX_DECODED_BYTES {
            break;
        }
        text.push_str(part);
    }
    embedded_html(&text)
}

pub(super) fn embedded_html(value: &str) -> Option<String> {
    let v = bounded(value.trim());
    if v.len() < MIN_EMBED_HTML {
        return None;
    }
    if let Some(html) = markup_or_escaped(v) {
        return Some(html);
    }
    let base64 = v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    if !base64 {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(v).ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    decoded.trim_start().starts_with('<').then_some(decoded)
}

/// JSON values visited at most in one attribute (objects, arrays, strings).
const MAX_JSON_VALUES: usize = 64;

/// Bytes of a `data-*` attribute parsed as JSON for an embed's address: a
/// frame's attributes or a tool's options with its notice run about 2 KB;
/// a shop's product data in a bigger attribute is not parsed.
const MAX_JSON_BYTES: usize = 16 * 1024;

/// A platform's embed address kept in JSON in a `data-*` attribute of an
/// element that is not a frame: the frame's attributes as an object
/// (`{"src":"https:\/\/…"}`, slashes escaped as PHP writes them) or the
/// blocked URLs as an array (`["https://…"]`). Only an embed's address
/// counts (see [`platform_address_in`]).
pub fn address_in_json(el: ElementRef<'_>) -> Option<Url> {
    if el.value().name() == "iframe" {
        return None;
    }
    el.value()
        .attrs()
        .filter(|(n, _)| n.starts_with("data-"))
        // Cheap checks first: JSON, small, holding an address at all.
        .filter_map(|(_, value)| small_json(value))
        .filter(|v| v.contains("//") || v.contains("\\/\\/"))
        .find_map(|v| {
            let json: serde_json::Value = serde_json::from_str(v).ok()?;
            json_strings(&json)
                .into_iter()
                .filter(|s| is_address(s))
                .find_map(platform_address_in)
        })
}

/// An attribute's value, trimmed, when it may be JSON worth parsing: an
/// object or an array of at most [`MAX_JSON_BYTES`].
fn small_json(value: &str) -> Option<&str> {
    let v = value.trim();
    ((v.starts_with('{') || v.starts_with('[')) && v.len() <= MAX_JSON_BYTES).then_some(v)
}

/// The strings of a JSON value, depth first, at most [`MAX_JSON_VALUES`]
/// values looked at.
fn json_strings(value: &serde_json::Value) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    let mut seen = 0usize;
    while let Some(v) = stack.pop() {
        seen += 1;
        if seen > MAX_JSON_VALUES {
            break;
        }
        match v {
            serde_json::Value::String(s) => out.push(s.as_str()),
            serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
            serde_json::Value::Object(map) => stack.extend(map.values().rev()),
            _ => {}
        }
    }
    out
}

/// Whether a script is one a tool blocked (`type="text/plain"`, see the
/// tool files' `blocked_scripts`).
pub fn is_blocked_script(el: ElementRef<'_>) -> bool {
    el.value().attr("type").is_some_and(is_blocked_type)
}

fn is_blocked_type(kind: &str) -> bool {
    let kind = kind.trim();
    tools()
        .flat_map(|t| &t.file.blocked_scripts)
        .any(|b| kind.eq_ignore_ascii_case(b))
}

/// The first address of a platform's post, video or map in code or markup
/// kept as text; a library (`widgets.js`) or an API root (`/iframe_api`)
/// is not an embed.
pub fn platform_address_in(text: &str) -> Option<Url> {
    platform_addresses(text).next()
}

/// Every platform address in `text` (see [`platform_address_in`]), in order.
pub fn platform_addresses_in(text: &str) -> Vec<Url> {
    platform_addresses(text).collect()
}

fn platform_addresses(text: &str) -> impl Iterator<Item = Url> + '_ {
    text.split(|c: char| {
        matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\' | '(' | ')') || c.is_whitespace()
    })
    .take(MAX_SCRIPT_TOKENS)
    .filter(|token| is_address(token))
    .filter_map(|token| crate::url::clean(token, None))
    .filter(|u| by_url(u).is_some())
    .filter(|u| {
        let segments: Vec<&str> = u
            .path_segments()
            .map(|s| s.filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        // One segment is an item only as a numeric ID (`vimeo.com/123`),
        // not a name (a profile or a home page).
        let numeric_item =
            matches!(segments.as_slice(), [id] if id.bytes().all(|b| b.is_ascii_digit()));
        !u.path().ends_with(".js") && (segments.len() >= 2 || u.query().is_some() || numeric_item)
    })
    .map(canonical)
}

/// The original HTML an inert script holds: in the types tool files name
/// (`didomi/html` as markup, Zotonic's `text/x-cookie-consented`
/// entity-escaped, Borlabs' `text/template` as base64), a blocked widget's
/// markup in a blocked script (`text/plain`), a JS string of JSON of escaped HTML in the
/// variables tool files name (Embed Privacy's `_oembed_`).
pub(super) fn inert_html(el: ElementRef<'_>) -> Option<String> {
    let kind = el.value().attr("type").unwrap_or_default().trim();
    let body: String = el.text().collect();
    let body = bounded(body.trim());
    let declared = tools()
        .flat_map(|t| &t.file.inert_scripts)
        .find(|s| s.kind.eq_ignore_ascii_case(kind));
    match declared.map(|s| s.encoding) {
        Some(Encoding::Html) => markup_or_escaped(body),
        Some(Encoding::Base64) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body)
                .ok()?;
            String::from_utf8(bytes).ok()
        }
        None if kind.is_empty() || kind.eq_ignore_ascii_case("text/javascript") => tools()
            .flat_map(|t| &t.file.script_strings)
            .find(|s| body.contains(s.variable.as_str()))
            .and_then(|s| json_string_embed(body, &s.key))
            .or_else(|| markup_in_code(body)),
        // A blocked widget's markup kept in a script, as some tools do.
        None if is_blocked_type(kind) && body.starts_with('<') => Some(body.to_owned()),
        None => kept_embed(kind, body),
    }
}

/// A script of a type no browser runs whose whole text is an embed's
/// HTML (as markup, entity-escaped or base64) holding a platform's
/// address: a tool's inert copy, whatever the tool calls its type.
fn kept_embed(kind: &str, body: &str) -> Option<String> {
    let code = kind.is_empty()
        || CODE_TYPES.iter().any(|t| kind.eq_ignore_ascii_case(t))
        || kind.to_ascii_lowercase().contains("javascript");
    if code {
        return None;
    }
    embedded_html(body).filter(|html| platform_address_in(html).is_some())
}

/// Script types a browser runs or reads as data, never an inert embed.
const CODE_TYPES: [&str; 5] = [
    "module",
    "importmap",
    "speculationrules",
    "application/json",
    "application/ld+json",
];

/// Whether `el` is a script keeping an embed inert in a type no tool file
/// names (see [`kept_embed`]).
pub fn keeps_embed(el: ElementRef<'_>) -> bool {
    if el.value().name() != "script" {
        return false;
    }
    let kind = el.value().attr("type").unwrap_or_default().trim();
    let body: String = el.text().collect();
    kept_embed(kind, bounded(body.trim())).is_some()
}

/// An embed's escaped HTML kept in a string of a script (a JS or JSON
/// string of `&lt;blockquote…`, its slashes and quotes escaped): the markup, when it
/// holds a platform's address.
fn markup_in_code(code: &str) -> Option<String> {
    if !code.contains("&lt;") {
        return None;
    }
    let markup = unescape(&unslash(code));
    let at = markup.find('<')?;
    let html = markup.get(at..)?;
    platform_address_in(html).is_some().then(|| html.to_owned())
}

/// Code's escapes of slashes and quotes undone, however deep the strings
/// nest (`https:\\/\\/` in JSON in a JS string → `https://`).
fn unslash(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut pending = 0usize;
    for c in code.chars() {
        if c == '\\' {
            pending += 1;
            continue;
        }
        if !matches!(c, '/' | '"') {
            out.extend(std::iter::repeat_n('\\', pending));
        }
        pending = 0;
        out.push(c);
    }
    out
}

/// Markup kept as text: as it is, entity-escaped once more, or URL-encoded.
fn markup_or_escaped(v: &str) -> Option<String> {
    if v.starts_with('<') {
        return Some(v.to_owned());
    }
    if v.starts_with("&lt;") {
        // Parsing escaped markup as HTML text decodes its entities once.
        let decoded = unescape(v);
        return decoded.trim_start().starts_with('<').then_some(decoded);
    }
    if v.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("%3c")) {
        // URL-encoded, as a script's `decodeURIComponent` reads it.
        let decoded = percent_encoding::percent_decode_str(v).decode_utf8().ok()?;
        return Some(decoded.into_owned());
    }
    None
}

/// `var _oembed_… = '{"embed":"&lt;…"}';` → the embed's HTML (`key`: `embed`).
fn json_string_embed(script: &str, key: &str) -> Option<String> {
    let start = script.find('\'')?;
    let end = script.rfind('\'')?;
    let quoted = script.get(start + 1..end)?;
    let json = js_unescape(quoted);
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    let escaped = value.get(key)?.as_str()?;
    // The HTML is entity-escaped: parsing it as HTML text decodes the entities.
    Some(unescape(escaped))
}

/// Undoes a JS single-quoted string's escapes of quotes and backslashes,
/// leaving JSON's own escapes (`\/`, `\u…`) for the JSON parser.
fn js_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(q @ ('\'' | '"')) => out.push(q),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => {}
        }
    }
    out
}

pub(super) fn bounded(s: &str) -> &str {
    if s.len() <= MAX_DECODED_BYTES {
        return s;
    }
    crate::text::cut_bytes(s, MAX_DECODED_BYTES)
}
