//! What a page's data says about an embed it lists (issue 9: "a line must
//! say what was there whenever the page knows"). A box given its address
//! from the data ([`super::hydrate`]) may find there its record too: an
//! oEmbed response (`title`, `author_name`, the post's own markup in
//! `html`), a schema.org `VideoObject` (`name`, `author`/`creator`) or a
//! CMS block (`title`, `caption`, `text`). The record is the innermost
//! object of the data whose address keys hold the embed's address and no
//! other platform's: an article listing a video under `video` is not the
//! video's record. Its words are page text, read as the box's own are.

use url::Url;

use super::carriers::{markup_embed, names_only, platform_addresses_in, useful_title};
use super::hydrate::{js_string, named_id, state_sources, string_end};
use crate::data::PlatformEntry;
use crate::page::Page;

/// What the data's record of an embed says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Described {
    pub text: Option<String>,
    pub author: Option<String>,
}

/// Keys naming what the embed is, in the order they are taken: oEmbed's
/// `title` (oembed.com, section 2.3.4), schema.org's `name` and
/// `headline` (CreativeWork), and the common CMS block fields `caption`
/// and `text` (WordPress's embed block `caption`, Payload's and
/// Storyblok's field names).
const TEXT_KEYS: [&str; 5] = ["title", "name", "headline", "caption", "text"];

/// oEmbed's field holding the embed's markup (oembed.com, 2.3.4, the
/// `rich` and `video` types): for a post, its own words and author.
const HTML_KEY: &str = "html";

/// Keys naming who made the embed: oEmbed's `author_name` (oembed.com,
/// 2.3.4), schema.org's `author` and `creator` (CreativeWork), as a text
/// or as a Person/Organization object whose `name` is read.
const AUTHOR_KEYS: [&str; 3] = ["authorname", "author", "creator"];

/// The key of a schema.org Person's or Organization's name.
const NAME_KEY: &str = "name";

/// Keys holding an embed's address: `url`, `src`, `href`, or a name ending
/// in `url` (schema.org's `embedUrl`, `contentUrl`, a CMS's `postUrl`).
const ADDRESS_KEYS: [&str; 3] = ["url", "src", "href"];

/// Objects nested deeper than this are passed over (their braces still
/// counted): a page's state is a few levels deep.
const MAX_DEPTH: usize = 64;

/// Own string props of one object kept: an embed's record has a handful.
const MAX_PROPS: usize = 64;

/// Chars of one string value kept (a post's oEmbed `html` is a few
/// hundred), cut on a char boundary.
const MAX_VALUE_CHARS: usize = 4_096;

/// Chars of a bare (unquoted) key read, as JS writes them (`caption:`).
const MAX_BARE_KEY: usize = 64;

/// One object of the page's data that may be an embed's record: the
/// platform addresses its address keys hold, else the embed it names by
/// platform and id, and its own string props.
pub struct Record {
    addresses: Vec<Url>,
    named: Option<Url>,
    props: Vec<(String, String)>,
}

impl Record {
    /// Whether this is the record of the embed at `url`: its address keys
    /// hold that address and no other platform's, or, holding none, it
    /// names that embed by platform and id.
    fn is_of(&self, url: &Url) -> bool {
        if self.addresses.is_empty() {
            self.named.as_ref() == Some(url)
        } else {
            self.addresses.iter().all(|a| a == url)
        }
    }
}

/// The records of the page's state texts ([`state_sources`]), innermost
/// first, read once per page however many boxes ask.
pub fn records(page: &Page) -> Vec<Record> {
    state_sources(page)
        .iter()
        .flat_map(|text| records_in(text))
        .collect()
}

/// What the page's data (its [`records`]) says about the embed at `url`,
/// a box of `platform` showing it: never a player's default title nor the
/// platform's name.
pub fn described(records: &[Record], url: &Url, platform: Option<&PlatformEntry>) -> Described {
    records
        .iter()
        .find(|r| r.is_of(url))
        .map(|r| read(&r.props, platform))
        .unwrap_or_default()
}

/// The text and author a record's props say.
fn read(props: &[(String, String)], platform: Option<&PlatformEntry>) -> Described {
    let get = |keys: &[&str]| -> Vec<&str> {
        keys.iter()
            .flat_map(|k| props.iter().filter(move |(p, _)| normal(p) == *k))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let post = get(&[HTML_KEY])
        .into_iter()
        .find(|h| h.contains('<'))
        .map(markup_embed)
        .unwrap_or_default();
    let keep = |t: &str| useful_title(t).filter(|t| !names_only(t, platform));
    let text = post
        .text
        .and_then(|t| keep(&t))
        .or_else(|| get(&TEXT_KEYS).into_iter().find_map(keep));
    let author = post.author.or_else(|| {
        get(&AUTHOR_KEYS)
            .into_iter()
            .map(|a| crate::text::clean(a).trim().to_owned())
            .find(|a| !a.is_empty() && !a.contains("://"))
    });
    Described { text, author }
}

/// A key compared without `_`, `-`, `@` and case (`author_name`, `@type`).
fn normal(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | '@'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_address_key(key: &str) -> bool {
    let key = normal(key);
    ADDRESS_KEYS.contains(&key.as_str()) || key.ends_with("url")
}

/// The object whose own props are `props` as a possible record: one with
/// a platform address under an address key, or naming an embed by
/// platform and id.
fn as_record(props: Vec<(String, String)>) -> Option<Record> {
    let addresses: Vec<Url> = props
        .iter()
        .filter(|(k, _)| is_address_key(k))
        .flat_map(|(_, v)| platform_addresses_in(v))
        .collect();
    let named = if addresses.is_empty() {
        let pairs: Vec<(&str, &str)> = props
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Some(named_id(&pairs)?)
    } else {
        None
    };
    Some(Record {
        addresses,
        named,
        props,
    })
}

/// One object or array open while walking the data.
#[derive(Default)]
struct Open {
    object: bool,
    /// The key this value sits under in its parent object.
    under: Option<String>,
    key: Option<String>,
    after_colon: bool,
    props: Vec<(String, String)>,
}

impl Open {
    fn take(&mut self, value: String) {
        if !self.object {
            return;
        }
        match (self.after_colon, self.key.take()) {
            (true, Some(key)) if self.props.len() < MAX_PROPS => self.props.push((key, value)),
            (false, _) => self.key = Some(value),
            _ => {}
        }
        self.after_colon = false;
    }
}

/// The possible records of `text` ([`as_record`]), in the order their
/// objects close: innermost first. `text` is JSON or a JS literal (bare
/// keys, `'` strings); the walk is one pass over it, its depth bounded by
/// [`MAX_DEPTH`].
fn records_in(text: &str) -> Vec<Record> {
    let mut found = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut deeper = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = rest.get(c.len_utf8()..).unwrap_or_default();
        rest = after;
        match c {
            '"' | '\'' => {
                let end = if c == '"' {
                    string_end(after)
                } else {
                    after.find('\'').unwrap_or(after.len())
                };
                let raw = after.get(..end).unwrap_or_default();
                rest = after.get(end + 1..).unwrap_or_default();
                if deeper == 0 {
                    if let Some(open) = stack.last_mut() {
                        open.take(cut(&js_string(raw)));
                    }
                }
            }
            '{' | '[' => {
                if stack.len() >= MAX_DEPTH || deeper > 0 {
                    deeper += 1;
                    continue;
                }
                let under = stack.last_mut().and_then(|p| {
                    let key = p.after_colon.then(|| p.key.take()).flatten();
                    p.after_colon = false;
                    key
                });
                stack.push(Open {
                    object: c == '{',
                    under,
                    ..Open::default()
                });
            }
            '}' | ']' => {
                if deeper > 0 {
                    deeper -= 1;
                    continue;
                }
                let Some(closed) = stack.pop() else {
                    continue;
                };
                if !closed.object {
                    continue;
                }
                // A Person or Organization under `author` lends its name.
                let author = closed
                    .under
                    .filter(|k| AUTHOR_KEYS.contains(&normal(k).as_str()))
                    .and_then(|k| {
                        let name = closed.props.iter().find(|(p, _)| p == NAME_KEY)?;
                        Some((k, name.1.clone()))
                    });
                if let (Some(parent), Some(prop)) = (stack.last_mut(), author) {
                    if parent.props.len() < MAX_PROPS {
                        parent.props.push(prop);
                    }
                }
                found.extend(as_record(closed.props));
            }
            ':' => {
                if let Some(open) = stack.last_mut() {
                    open.after_colon = true;
                }
            }
            ',' => {
                if let Some(open) = stack.last_mut() {
                    open.key = None;
                    open.after_colon = false;
                }
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                // A bare word: a JS key before its colon, else a value
                // (`true`, a variable) passed over.
                let len = after
                    .char_indices()
                    .find(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '$'))
                    .map_or(after.len(), |(i, _)| i);
                rest = after.get(len..).unwrap_or_default();
                if let Some(open) = stack.last_mut().filter(|o| o.object && deeper == 0) {
                    if open.after_colon {
                        open.after_colon = false;
                        open.key = None;
                    } else if len < MAX_BARE_KEY {
                        let mut word = String::from(c);
                        word.push_str(after.get(..len).unwrap_or_default());
                        open.key = Some(word);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// A value cut to [`MAX_VALUE_CHARS`] on a char boundary.
fn cut(value: &str) -> String {
    value.chars().take(MAX_VALUE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::consent::platform::by_name;

    fn in_data(script: &str, url: &str, platform: &str) -> Described {
        let html = format!("<html><body>{script}</body></html>");
        described(
            &records(&Page::document(&html, None)),
            &Url::parse(url).unwrap(),
            by_name(platform),
        )
    }

    #[test]
    fn an_oembed_record_s_markup_gives_the_post_s_words_and_author() {
        let script = r#"<script id="__NEXT_DATA__" type="application/json">{"props":{"blocks":[{"type":"oembed","url":"https://twitter.com/pier_ops/status/1862000000000000001","author_name":"Pier Ops","html":"<blockquote class=\"twitter-tweet\"><p lang=\"en\">Ferries run again from 6am.</p>&mdash; Pier Ops (@pier_ops) <a href=\"https://twitter.com/pier_ops/status/1862000000000000001?ref_src=twsrc%5Etfw\">3 Nov</a></blockquote>"}]}}</script>"#;
        let got = in_data(
            script,
            "https://twitter.com/pier_ops/status/1862000000000000001",
            "x",
        );
        assert_eq!(got.text.as_deref(), Some("Ferries run again from 6am."));
        assert_eq!(got.author.as_deref(), Some("@pier_ops"));
    }

    #[test]
    fn a_video_object_s_name_and_author_object_are_read_a_default_title_not() {
        let ld = |name: &str| {
            format!(
                r#"<script type="application/ld+json">{{"@type":"VideoObject","name":"{name}","author":{{"@type":"Organization","name":"Canal Sur Demo"}},"embedUrl":"https://www.youtube.com/embed/Qw3rT5yU7i9"}}</script>"#
            )
        };
        let url = "https://www.youtube.com/watch?v=Qw3rT5yU7i9";
        let got = in_data(&ld("The new tram depot"), url, "youtube");
        assert_eq!(got.text.as_deref(), Some("The new tram depot"));
        assert_eq!(got.author.as_deref(), Some("Canal Sur Demo"));
        assert_eq!(
            in_data(&ld("YouTube video player"), url, "youtube").text,
            None
        );
        assert_eq!(in_data(&ld("YouTube"), url, "youtube").text, None);
    }

    #[test]
    fn an_article_listing_a_video_or_two_embeds_is_no_record() {
        let url = "https://www.youtube.com/watch?v=Vb7kM2pQ9sX";
        let article = r#"<script id="__NEXT_DATA__" type="application/json">{"article":{"title":"Bokbussen får ny rute","video":"https://www.youtube.com/watch?v=Vb7kM2pQ9sX"}}</script>"#;
        assert_eq!(in_data(article, url, "youtube"), Described::default());
        let two = r#"<script id="__NEXT_DATA__" type="application/json">{"b":{"title":"Both","url":"https://www.youtube.com/watch?v=Vb7kM2pQ9sX","src":"https://vimeo.com/1006324877"}}</script>"#;
        assert_eq!(in_data(two, url, "youtube"), Described::default());
    }

    #[test]
    fn a_js_block_s_caption_with_bare_keys_and_escapes_is_read() {
        let script = r#"<script>window.__NUXT__=(function(a){return {data:[{blocks:[{type:a,text:"Intro"},{type:"video",provider:"vimeo",url:"https:\u002F\u002Fvimeo.com\u002F1012345678",caption:"Night swim at the \u201Cnew\u201D pier"}]}]}}("p"))</script>"#;
        let got = in_data(script, "https://vimeo.com/1012345678", "vimeo");
        assert_eq!(got.text.as_deref(), Some("Night swim at the “new” pier"));
        // A block named by its platform's id reads its record too.
        let named = r#"<script>window.__S__={body:[{blockType:"youtube",youtubeId:"Gp3xR7kWm1q",title:"Truffle auction"}]}</script>"#;
        let got = in_data(
            named,
            "https://www.youtube.com/watch?v=Gp3xR7kWm1q",
            "youtube",
        );
        assert_eq!(got.text.as_deref(), Some("Truffle auction"));
    }

    #[test]
    fn hostile_data_is_walked_within_bounds() {
        let deep = format!(
            r#"<script>window.__S__={}{{"url":"https://vimeo.com/1012345678","title":"Deep"}}</script>"#,
            "[".repeat(10_000)
        );
        assert_eq!(
            in_data(&deep, "https://vimeo.com/1012345678", "vimeo").text,
            None
        );
        let unterminated =
            r#"<script>window.__S__={"url":"https://vimeo.com/1012345678","title":"é"#;
        assert_eq!(
            in_data(unterminated, "https://vimeo.com/1012345678", "vimeo"),
            Described::default()
        );
        assert_eq!(
            cut(&"é".repeat(MAX_VALUE_CHARS + 5)).chars().count(),
            MAX_VALUE_CHARS
        );
    }
}
