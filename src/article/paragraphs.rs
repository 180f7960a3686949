//! jusText-style paragraph classification at the body's edges. Each text
//! block of the cleaned body is good (long running prose), near-good,
//! short or bad (link lines, credits, labels: few stop words). Before the
//! first prose block (good or near-good, or a heading just before a good
//! one) and after the last, the lines (short blocks, blocks mostly links)
//! are the article's edges (captions, credits, "Like this:", a follow-us
//! line) and are left out, unless they are many (then they are content: a
//! list of products). A block repeating one just before it is a copy (a
//! gallery's caption twice). The stop words per language are data
//! (`src/data/stopwords.json`, from jusText).
//!
//! Ideas from jusText (Pomikálek, 2011): the classes and their thresholds.
//! Its context rule is not used: on news pages, where paragraphs are one
//! or two sentences, it loses whole runs of near-good prose next to one
//! link-heavy line.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use super::fnv::Fnv;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::ElementRef;
use serde::Deserialize;

use super::stats::{is_block, IdMap};
use super::Article;
use crate::page::Page;

/// A block with links in more than this share of its text is bad (jusText's
/// `MAX_LINK_DENSITY`)…
const MAX_LINK_DENSITY: f32 = 0.2;
/// …unless it is long, when it is bad above this: a lead paragraph that
/// links the names it cites is prose.
const MAX_LONG_LINK_DENSITY: f32 = 0.5;
/// A block shorter than this is short: too little text to judge by its words
/// (jusText's `LENGTH_LOW`).
const SHORT_CHARS: u32 = 70;
/// A block longer than this with enough stop words is good (`LENGTH_HIGH`).
const GOOD_CHARS: u32 = 200;
/// Stop-word share of good prose (`STOPWORDS_HIGH`)…
const GOOD_STOPWORDS: f32 = 0.32;
/// …and of near-good (`STOPWORDS_LOW`); below it a block is bad.
const NEAR_GOOD_STOPWORDS: f32 = 0.30;
/// The lines trimmed at one edge hold at most this share of the body's
/// text: furniture is a few lines; a long run of short linked blocks after
/// the prose (a list of products, a table of figures) is content.
const MAX_EDGE_SHARE: f32 = 0.1;
/// A block repeated word for word is a copy from this length: shorter
/// repeats (a name on each card, a heading in a table of contents) can
/// be the article's own.
const MIN_COPY_CHARS: u32 = SHORT_CHARS;
/// …and when one of this many blocks before it says the same.
const COPY_WINDOW: usize = 3;
/// A heading followed by a good block within this many characters heads
/// prose (jusText's `MAX_HEADING_DISTANCE`).
const MAX_HEADING_DISTANCE: u32 = 200;
/// A page's language is the one whose stop words make at least this share
/// of its body's words: below it (a language without a list, CJK text cut
/// into few words) nothing is trimmed.
const MIN_LANGUAGE_SHARE: f32 = 0.15;
/// Languages the data may hold (one bit each per stop word; counts kept
/// per block).
const MAX_LANGUAGES: usize = 8;
/// Bound on the words read to guess the language.
const MAX_LANGUAGE_WORDS: usize = 600;
/// An article closes on a line or two of its own after its last paragraph
/// (a sign-off, "See you next week!"); a longer run of short lines there
/// is a list of credits or furniture.
const MAX_CLOSING_LINES: usize = 2;
/// An author's note (a bio under the article) is one of the body's last
/// this many blocks…
const MAX_AUTHOR_NOTE_DISTANCE: usize = 4;
/// …and opens with a byline of at least this many words (also the least
/// for an author line above the body).
const MIN_AUTHOR_NAME_WORDS: usize = 2;
/// The author line is one of the body's first this many blocks.
const MAX_BYLINE_LINE_DISTANCE: usize = 3;
/// A standfirst shorter than a line is a sentence: at least this many
/// words (a byline or a date line has fewer, or few stop words).
const MIN_LEDE_WORDS: u32 = 6;
/// A date line ("Published on 20 January 2027 by Ann Lee", "Submitted on
/// Mon, 2019-01-21 13:49") has at most this many words; a sentence that
/// names a year is longer, or ends like one.
const MAX_DATE_LINE_WORDS: usize = 10;
/// The body's last this many blocks are read for contact lines (below),
/// in any language…
const MAX_TAIL_LINES: usize = 3;
/// …each shorter than this (a notice's length).
const MAX_TAIL_LINE_CHARS: u32 = 250;
/// A line whose written-out addresses (web, mail, `@handle`) make at least
/// this share of its characters is a contact line, not a sentence.
const MIN_ADDRESS_SHARE: f32 = 0.5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[allow(dead_code, reason = "documentation carried by the data file")]
    why: String,
    #[allow(dead_code, reason = "documentation carried by the data file")]
    source: String,
    #[allow(dead_code, reason = "documentation carried by the data file")]
    license: String,
    languages: BTreeMap<String, Vec<String>>,
}

/// Each stop word with the languages it belongs to, one bit each.
struct StopWords {
    words: HashMap<String, u8, BuildHasherDefault<Fnv>>,
}

/// The compiled lists; empty when the data fails (a unit test proves it
/// parses): no page then has a language, and nothing is trimmed.
static STOP_WORDS: LazyLock<StopWords> = LazyLock::new(|| {
    parse(include_str!("../data/stopwords.json")).unwrap_or(StopWords {
        words: HashMap::default(),
    })
});

fn parse(json: &str) -> Result<StopWords, String> {
    let file: File = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if file.version != 1 {
        return Err(format!("version {} is not supported", file.version));
    }
    if file.languages.len() > MAX_LANGUAGES {
        return Err(format!("more than {MAX_LANGUAGES} languages"));
    }
    let mut words: HashMap<String, u8, BuildHasherDefault<Fnv>> = HashMap::default();
    for (i, list) in file.languages.values().enumerate() {
        for w in list {
            *words.entry(w.to_lowercase()).or_default() |= 1 << i;
        }
    }
    Ok(StopWords { words })
}

/// What a block's words say: how many, how many are stop words of each
/// language, and a hash of the lower-cased sequence (to find copies).
#[derive(Default)]
struct Words {
    count: u32,
    hits: [u32; MAX_LANGUAGES],
    key: u64,
}

/// Reads the words of a block (letters, digits and inner apostrophes),
/// lower-cased in one reused buffer. Only the blocks a decision needs are
/// read: the words of a long article are many.
fn read_words(page: &Page, block: &Block) -> Words {
    let stop = &STOP_WORDS.words;
    let mut out = Words::default();
    let Some(el) = page.html.tree.get(block.id).and_then(ElementRef::wrap) else {
        return out;
    };
    let mut hasher = Fnv::default();
    let mut lower = String::new();
    for text in el.text() {
        let words = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
            .filter(|w| !w.is_empty());
        for w in words {
            lower.clear();
            if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            lower.hash(&mut hasher);
            out.count += 1;
            if let Some(&bits) = stop.get(lower.as_str()) {
                for (i, h) in out.hits.iter_mut().enumerate() {
                    if bits & (1 << i) != 0 {
                        *h += 1;
                    }
                }
            }
        }
    }
    out.key = hasher.finish();
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// One text block of the cleaned body.
struct Block {
    id: NodeId,
    heading: bool,
    /// A list item: lists are judged whole by the body's cleaning (a list
    /// of products or links can be the article).
    item: bool,
    chars: u32,
    link_density: f32,
    /// Its words, read the first time a decision asks (several do).
    words: OnceCell<Words>,
}

impl Block {
    fn words(&self, page: &Page) -> &Words {
        self.words.get_or_init(|| read_words(page, self))
    }
}

/// The blocks of the body as rendering will keep them, in document order:
/// the innermost block elements with text (a `div` holding only inline
/// content is a paragraph); and the elements the body's cleaning leaves
/// out (asked once here, then looked up while rendering).
fn blocks(page: &Page, article: &Article, title: Option<&str>) -> (Vec<Block>, IdMap<()>) {
    let mut out = Vec::new();
    let mut cleaned = IdMap::default();
    let body_text: u32 = article
        .parts
        .iter()
        .map(|&p| article.stats.get(p).text)
        .fold(0, u32::saturating_add);
    for &part in &article.parts {
        let Some(root) = page.html.tree.get(part) else {
            continue;
        };
        let part_text = article.stats.get(part).text;
        let mut skip_depth = 0u32;
        // Depth inside a leaf block: what it holds is inline.
        let mut leaf_depth = 0u32;
        for edge in root.traverse() {
            let node = match edge {
                Edge::Open(node) => node,
                Edge::Close(node) => {
                    if node.value().is_element() {
                        if skip_depth > 0 {
                            skip_depth -= 1;
                        } else {
                            leaf_depth = leaf_depth.saturating_sub(1);
                        }
                    }
                    continue;
                }
            };
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            if skip_depth > 0 {
                skip_depth += 1;
                continue;
            }
            if node.id() != part && article.cleans(page, el, (part_text, body_text), title) {
                cleaned.insert(node.id(), ());
                skip_depth += 1;
                continue;
            }
            if leaf_depth > 0 {
                leaf_depth += 1;
                continue;
            }
            let s = article.stats.get(node.id());
            if !is_block(el.value().name()) || s.block_child || s.text == 0 {
                continue;
            }
            leaf_depth += 1;
            out.push(Block {
                id: node.id(),
                heading: matches!(el.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"),
                item: matches!(el.value().name(), "li" | "dd" | "dt"),
                chars: s.text,
                link_density: s.link_density(),
                words: OnceCell::new(),
            });
        }
    }
    (out, cleaned)
}

/// The language whose stop words the long blocks use most (its index in
/// the data), from the first of them; `None` when no list covers the text.
fn language(page: &Page, blocks: &[Block]) -> Option<usize> {
    let mut hits = [0u32; MAX_LANGUAGES];
    let mut total = 0u32;
    for b in blocks.iter().filter(|b| b.chars >= SHORT_CHARS) {
        if total as usize >= MAX_LANGUAGE_WORDS {
            break;
        }
        let words = b.words(page);
        total = total.saturating_add(words.count);
        for (h, n) in hits.iter_mut().zip(words.hits.iter().copied()) {
            *h = h.saturating_add(n);
        }
    }
    let (best, &n) = hits.iter().enumerate().max_by_key(|(_, &n)| n)?;
    (total > 0 && n as f32 >= total as f32 * MIN_LANGUAGE_SHARE).then_some(best)
}

fn classify(page: &Page, block: &Block, language: usize) -> Class {
    let max_density = if block.chars >= GOOD_CHARS {
        MAX_LONG_LINK_DENSITY
    } else {
        MAX_LINK_DENSITY
    };
    if block.link_density > max_density {
        return Class::Bad;
    }
    if block.chars < SHORT_CHARS {
        return if block.link_density > 0.0 {
            Class::Bad
        } else {
            Class::Short
        };
    }
    let words = block.words(page);
    let n = words.hits.get(language).copied().unwrap_or(0);
    let share = n as f32 / words.count.max(1) as f32;
    if share >= GOOD_STOPWORDS {
        if block.chars > GOOD_CHARS {
            Class::Good
        } else {
            Class::NearGood
        }
    } else if share >= NEAR_GOOD_STOPWORDS {
        Class::NearGood
    } else {
        Class::Bad
    }
}

/// The blocks that repeat one of the few blocks just before them (a
/// gallery's full and truncated caption, a slide and its lightbox copy):
/// word for word, or opening with the same [`MIN_COPY_CHARS`] characters
/// (a truncated copy ends on "… more"). The first copy is kept. Repeats
/// further apart can be the article's own (the same meal on each day of a
/// plan).
fn copies(page: &Page, blocks: &[Block]) -> IdMap<()> {
    let mut out = IdMap::default();
    let mut openings: Vec<Option<String>> = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.iter().enumerate() {
        let opening = (b.chars >= MIN_COPY_CHARS).then(|| opening(page, b));
        if b.chars >= MIN_COPY_CHARS {
            let start = i.saturating_sub(COPY_WINDOW);
            let before = blocks.get(start..i).unwrap_or_default();
            let same = |a: &Block| {
                let (x, y) = (a.words(page), b.words(page));
                x.key == y.key && x.count == y.count
            };
            // Words are read only for blocks of the same length.
            let copy = before.iter().enumerate().any(|(j, a)| {
                (a.chars == b.chars && same(a))
                    || openings
                        .get(start + j)
                        .and_then(Option::as_ref)
                        .is_some_and(|o| Some(o) == opening.as_ref())
            });
            if copy {
                out.insert(b.id, ());
            }
        }
        openings.push(opening);
    }
    out
}

/// The first [`MIN_COPY_CHARS`] characters of a block's text, white space
/// aside (collapsed, not counted).
fn opening(page: &Page, block: &Block) -> String {
    let mut out = String::new();
    let Some(el) = page.html.tree.get(block.id).and_then(ElementRef::wrap) else {
        return out;
    };
    let mut n = 0u32;
    for word in el.text().flat_map(str::split_whitespace) {
        if n >= MIN_COPY_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if n >= MIN_COPY_CHARS {
                break;
            }
            out.push(c);
            n += 1;
        }
    }
    out
}

/// The elements left out of the cleaned body: those its cleaning drops,
/// and with `trim_edges`, copies of earlier blocks and the lines at the
/// body's edges, before its first prose block (good or near-good) and
/// after its last (list items and long blocks without links excepted). No
/// edge is trimmed when the body has no good block (a list-shaped post, a
/// short item): then nothing says where prose starts.
pub fn dropped(page: &Page, article: &Article, title: Option<&str>, trim_edges: bool) -> IdMap<()> {
    let (blocks, mut out) = blocks(page, article, title);
    if !trim_edges {
        return out;
    }
    out.extend(copies(page, &blocks));
    out.extend(byline_lines(page, article, &blocks));
    out.extend(contact_lines(page, &blocks));
    out.extend(date_lines(page, &blocks));
    // Without a language, short says nothing: a CJK line of 40
    // characters is a sentence.
    let Some(language) = language(page, &blocks) else {
        return out;
    };
    let class = |b: &Block| classify(page, b, language);
    // The first good block, and the headings shortly before it, which head
    // prose; classes are read from the ends only, up to a good block.
    let Some(first_good) = blocks.iter().position(|b| class(b) == Class::Good) else {
        return out;
    };
    let last_good = blocks
        .iter()
        .rposition(|b| class(b) == Class::Good)
        .unwrap_or(first_good);
    // Near-good blocks are prose too: news paragraphs are one or two
    // sentences, and jusText's context rule loses whole runs of them next
    // to one link-heavy line.
    let prose = |b: &Block| matches!(class(b), Class::Good | Class::NearGood);
    let before_good = blocks.get(..first_good).unwrap_or_default();
    let mut since_good = 0u32;
    let mut first = first_good;
    for (i, b) in before_good.iter().enumerate().rev() {
        if prose(b) || (b.heading && since_good <= MAX_HEADING_DISTANCE) {
            first = i;
        }
        since_good = since_good.saturating_add(b.chars);
    }
    // A one-line standfirst right under the title opens the article.
    let first = match first.checked_sub(1) {
        Some(i)
            if blocks
                .get(i)
                .is_some_and(|b| is_lede(page, article, b, language)) =>
        {
            i
        }
        _ => first,
    };
    let after_good = blocks.get(last_good + 1..).unwrap_or_default();
    let last = after_good
        .iter()
        .rposition(prose)
        .map_or(last_good, |i| last_good + 1 + i);
    // The article's own closing lines continue its last prose block; more
    // of them than a close has are furniture, all of them. List items
    // between them are never edges (below) and are passed over.
    let mut closing = 0usize;
    let mut closed_at = last;
    for (i, b) in blocks.iter().enumerate().skip(last + 1) {
        if b.item {
            continue;
        }
        if closing > MAX_CLOSING_LINES || !blocks.get(last).is_some_and(|p| continues(page, p, b)) {
            break;
        }
        closing += 1;
        closed_at = i;
    }
    let mut last = if closing <= MAX_CLOSING_LINES {
        closed_at
    } else {
        last
    };
    // A note on the author among the body's last blocks (a bio in a box of
    // its own) is not the article: prose ends before it.
    let tail = blocks
        .len()
        .saturating_sub(MAX_AUTHOR_NOTE_DISTANCE)
        .max(first + 1);
    for i in tail..blocks.len() {
        if is_author_note(page, article, &blocks, i) {
            if let Some(b) = blocks.get(i) {
                out.insert(b.id, ());
            }
            last = last.min(i - 1);
        }
    }
    let total: u32 = blocks.iter().map(|b| b.chars).sum();
    for side in [0..first, last + 1..blocks.len()] {
        // Lines, not paragraphs: a short block, or one that is mostly links.
        // A closing paragraph with few stop words (a price, a date) or a
        // few links of its own stays.
        let edge: Vec<&Block> = blocks
            .get(side)
            .unwrap_or_default()
            .iter()
            .filter(|b| {
                !b.item && (b.chars < SHORT_CHARS || b.link_density > MAX_LONG_LINK_DENSITY)
            })
            .collect();
        let chars: u32 = edge.iter().map(|b| b.chars).sum();
        if chars as f32 <= total as f32 * MAX_EDGE_SHARE {
            out.extend(edge.into_iter().map(|b| (b.id, ())));
        }
    }
    out
}

/// Whether `block`, just before the body's first prose block, is a short
/// standfirst: the element right after the title (`h1`), a sentence (words
/// and stop words enough), without links, and not the byline.
fn is_lede(page: &Page, article: &Article, block: &Block, language: usize) -> bool {
    if block.heading || block.item || block.link_density > 0.0 || block.chars >= SHORT_CHARS {
        return false;
    }
    let Some(el) = page.html.tree.get(block.id).and_then(ElementRef::wrap) else {
        return false;
    };
    if el
        .prev_siblings()
        .find_map(ElementRef::wrap)
        .map(|e| e.value().name())
        != Some("h1")
    {
        return false;
    }
    let text = crate::text::collapse(&el.text().collect::<String>());
    if article
        .metadata
        .byline
        .as_deref()
        .is_some_and(|b| text.contains(crate::text::collapse(b).as_str()))
    {
        return false;
    }
    let words = block.words(page);
    let stop = words.hits.get(language).copied().unwrap_or(0);
    words.count >= MIN_LEDE_WORDS && stop as f32 >= words.count as f32 * NEAR_GOOD_STOPWORDS
}

/// The byline's name, white space collapsed, when it has several words
/// (a first name alone also opens sentences).
fn author_name(article: &Article) -> Option<String> {
    let name = crate::text::collapse(article.metadata.byline.as_deref()?);
    (name.split(' ').count() >= MIN_AUTHOR_NAME_WORDS).then_some(name)
}

/// The short lines opening the body that hold the byline the metadata
/// read ("By Ann Lee, 3 May"): the author line, not the article. Only
/// among the first blocks, and for a name of several words.
fn byline_lines(page: &Page, article: &Article, blocks: &[Block]) -> IdMap<()> {
    let mut out = IdMap::default();
    let Some(name) = author_name(article) else {
        return out;
    };
    let opening = blocks
        .iter()
        .take(MAX_BYLINE_LINE_DISTANCE)
        .take_while(|b| b.chars < SHORT_CHARS);
    for b in opening.filter(|b| !b.heading && !b.item) {
        let Some(el) = page.html.tree.get(b.id).and_then(ElementRef::wrap) else {
            continue;
        };
        if crate::text::collapse(&el.text().collect::<String>()).contains(name.as_str()) {
            out.insert(b.id, ());
        }
    }
    out
}

/// Whether the block at `i` is a note on the author: in a box of its own
/// (another parent than the block before it) and opening with the name
/// of the byline, when that name has several words (a first name alone
/// also opens sentences).
fn is_author_note(page: &Page, article: &Article, blocks: &[Block], i: usize) -> bool {
    let (Some(block), Some(before)) = (blocks.get(i), i.checked_sub(1).and_then(|j| blocks.get(j)))
    else {
        return false;
    };
    let Some(name) = author_name(article) else {
        return false;
    };
    if block.heading || block.item {
        return false;
    }
    let tree = &page.html.tree;
    let element = |id| tree.get(id).and_then(ElementRef::wrap);
    let (Some(el), Some(prev)) = (element(block.id), element(before.id)) else {
        return false;
    };
    if el.parent().map(|p| p.id()) == prev.parent().map(|p| p.id()) {
        return false;
    }
    let text = crate::text::collapse(&el.text().collect::<String>());
    text.starts_with(name.as_str())
}

/// The date lines opening the body, whatever its language and whether or
/// not it has a good block (a news item of short paragraphs has none, so
/// no edge is trimmed): among its first short blocks, a line of a few
/// words (see [`MAX_DATE_LINE_WORDS`]) that names a year and does not end
/// like a sentence. The article starts after it; a block always stays.
fn date_lines(page: &Page, blocks: &[Block]) -> IdMap<()> {
    let mut out = IdMap::default();
    let opening = blocks
        .iter()
        .take(MAX_BYLINE_LINE_DISTANCE.min(blocks.len().saturating_sub(1)))
        .take_while(|b| b.chars < SHORT_CHARS);
    for b in opening.filter(|b| !b.heading && !b.item) {
        let Some(el) = page.html.tree.get(b.id).and_then(ElementRef::wrap) else {
            continue;
        };
        if is_date_line(&crate::text::collapse(&el.text().collect::<String>())) {
            out.insert(b.id, ());
        }
    }
    out
}

/// Whether `text` is a date line: few words, a year (four digits from
/// 1900 to 2099 standing alone), no sentence end.
fn is_date_line(text: &str) -> bool {
    let year = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    year && text.split(' ').count() <= MAX_DATE_LINE_WORDS
        && !text.ends_with(['.', '!', '?', '。', '！', '？'])
}

/// The contact lines closing the body, whatever its language (they hold
/// few words to judge by, and pages in a language without a stop-word
/// list have no edges trimmed): lines that are mostly addresses, a
/// reporter's mail, the site's accounts ("Follow us: https://…"). Read
/// from the last block up, up to [`MAX_TAIL_LINES`], stopping at the
/// first other block; the first block always stays. A sentence that
/// gives an address ("write to her at ann@example.org") is mostly words.
fn contact_lines(page: &Page, blocks: &[Block]) -> IdMap<()> {
    let mut out = IdMap::default();
    for b in blocks.iter().skip(1).rev().take(MAX_TAIL_LINES) {
        if b.heading || b.item || b.chars >= MAX_TAIL_LINE_CHARS {
            break;
        }
        let Some(el) = page.html.tree.get(b.id).and_then(ElementRef::wrap) else {
            break;
        };
        let text = crate::text::collapse(&el.text().collect::<String>());
        if !is_contact_line(&text) {
            break;
        }
        out.insert(b.id, ());
    }
    out
}

/// Whether written-out addresses (`https://…`, `www.…`, `name@host.tld`,
/// `@handle`) make most of `text` (see [`MIN_ADDRESS_SHARE`]).
fn is_contact_line(text: &str) -> bool {
    let (mut all, mut addresses) = (0usize, 0usize);
    for word in text.split_whitespace() {
        let n = word.chars().count();
        all += n;
        let at = word.find('@');
        let address = word.contains("://")
            || word.starts_with("www.")
            || at.is_some_and(|i| (i == 0 && n > 1) || word[i..].contains('.'));
        if address {
            addresses += n;
        }
    }
    all > 0 && addresses as f32 >= all as f32 * MIN_ADDRESS_SHARE
}

/// Whether `block`, after the body's last prose block `prose`, continues
/// it: the same kind of element in the same parent (the same run of
/// paragraphs), without links; after a list item, a paragraph beside its
/// list (a post that closes on a line under its list). Furniture after an
/// article is linked (share and tag lines), sits in its own box (a
/// newsletter pitch) or is named (cleaned before the blocks are read).
fn continues(page: &Page, prose: &Block, block: &Block) -> bool {
    if block.heading || block.item || block.link_density > 0.0 {
        return false;
    }
    let tree = &page.html.tree;
    let element = |id| tree.get(id).and_then(ElementRef::wrap);
    let (Some(a), Some(b)) = (element(prose.id), element(block.id)) else {
        return false;
    };
    let (run, same_kind) = if prose.item {
        (a.parent(), b.value().name() == "p")
    } else {
        (Some(*a), a.value().name() == b.value().name())
    };
    same_kind && run.and_then(|r| r.parent()).map(|p| p.id()) == b.parent().map(|p| p.id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{extract, Options};

    /// `n` paragraphs of prose, each its own (none is a copy).
    fn prose(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<p>On day {i} the council met to discuss the plans for the new bridge, \
                     and most of the members said that they would vote for it when the time \
                     comes, though some of them still had questions about what it would cost.</p>"
                )
            })
            .collect()
    }

    fn text(body: &str) -> String {
        let html = format!("<html><body><article><h1>A title</h1>{body}</article></body></html>");
        extract(&html, &Options::default())
            .map(|e| e.text_content)
            .unwrap_or_default()
    }

    #[test]
    fn the_data_file_parses() {
        let stop = parse(include_str!("../data/stopwords.json")).unwrap();
        for word in ["the", "und", "les", "que", "não", "della", "het"] {
            assert!(stop.words.contains_key(word), "{word}");
        }
    }

    #[test]
    fn drops_lines_at_the_edges_but_keeps_a_closing_paragraph() {
        let out = text(&format!(
            "<p>Photo: Jane Roe / Agency</p>{}<p>Budget 2025: 14 million euros, 3 lanes, 420 metres, \
             decided in May (vote 31 to 12).</p><p>Follow us on <a href=/x>our page</a></p>",
            prose(4)
        ));
        assert!(out.contains("decided in May"), "{out}");
        assert!(!out.contains("Photo: Jane Roe"), "{out}");
        assert!(!out.contains("Follow us"), "{out}");
    }

    #[test]
    fn keeps_the_articles_own_closing_lines_but_not_the_furniture_after_them() {
        let out = text(&format!(
            "<div class=body>{}<p>See you next week!</p><p>x Ana</p></div>\
             <div class=bar>Printed from the web</div><p>Share: <a href=/s>Mastodon</a></p>",
            prose(4)
        ));
        assert!(out.contains("See you next week!"), "{out}");
        assert!(out.contains("x Ana"), "{out}");
        assert!(!out.contains("Printed from"), "{out}");
        assert!(!out.contains("Mastodon"), "{out}");
        // Only a line or two: a longer run of short lines is not a close.
        let lines = "<p>Photo credit line</p>".repeat(MAX_CLOSING_LINES + 1);
        let out = text(&format!("<div class=body>{}{lines}</div>", prose(4)));
        assert!(!out.contains("Photo credit line"), "{out}");
    }

    #[test]
    fn keeps_a_closing_line_under_the_list_that_ends_a_post_but_not_a_boxed_one() {
        let items =
            "<li>Our favourite ways to eat eggs this year were deviled, scrambled and boiled.</li>"
                .repeat(3);
        let out = text(&format!(
            "<div class=body>{}<ul>{items}</ul><p>The lesson, as always: you are what you eat.</p></div>",
            prose(4)
        ));
        assert!(out.contains("you are what you eat"), "{out}");
        // The same line in a box of its own under the body is furniture.
        let out = text(&format!(
            "<div class=body>{}<ul>{items}</ul></div><div class=bar><p>Printed from the web site.</p></div>",
            prose(4)
        ));
        assert!(!out.contains("Printed from"), "{out}");
    }

    #[test]
    fn drops_contact_lines_closing_the_body_but_not_a_sentence_giving_an_address() {
        let out = text(&format!(
            "<div class=body>{}<p>Write to the desk at desk@example.org if you saw the crash.</p>\
             <p>Follow us:<br>https://social.example/ourpaper<br>@ourpaper</p></div>",
            prose(4)
        ));
        assert!(out.contains("desk@example.org if you saw"), "{out}");
        assert!(!out.contains("Follow us"), "{out}");
        assert!(!out.contains("@ourpaper"), "{out}");
        let out = text(&format!("{}<p>jane.roe@example.org</p>", prose(3)));
        assert!(!out.contains("jane.roe@"), "{out}");
    }

    #[test]
    fn drops_a_date_line_opening_a_body_of_short_paragraphs_but_not_a_sentence() {
        let short: String = (0..4)
            .map(|i| format!("<p>Step {i}: feed the starter twice a day, at the same hours.</p>"))
            .collect();
        let out = text(&format!(
            "<div class=body><p>Posted on 20 January 2027 by Ann Lee</p>{short}</div>"
        ));
        assert!(out.contains("Step 0: feed"), "{out}");
        assert!(!out.contains("Posted on"), "{out}");
        let out = text(&format!(
            "<div class=body><p>The winter of 2027 was the coldest yet.</p>{short}</div>"
        ));
        assert!(out.contains("The winter of 2027"), "{out}");
    }

    #[test]
    fn keeps_a_one_line_standfirst_under_the_title_but_not_a_date_line() {
        let out = text(&format!(
            "<p>The bridge will be built after all, the council says.</p>{}",
            prose(4)
        ));
        assert!(out.contains("built after all"), "{out}");
        let out = text(&format!(
            "<p>Monday 3 March 2025, 10:42, updated 11:05</p>{}",
            prose(4)
        ));
        assert!(!out.contains("Monday 3 March"), "{out}");
    }

    #[test]
    fn keeps_short_lines_between_paragraphs_and_list_items_at_the_end() {
        let out = text(&format!(
            "{}<p>Short line inside.</p>{}<ul><li>First item</li><li>Second item</li></ul>",
            prose(2),
            prose(2)
        ));
        assert!(out.contains("Short line inside."), "{out}");
        assert!(out.contains("Second item"), "{out}");
    }

    #[test]
    fn keeps_a_written_list_linking_out_but_not_the_sites_own_stories() {
        let html = |list: &str| {
            format!(
                "<html><body><article><h1>A title</h1>{}{list}{}</article></body></html>",
                prose(2),
                prose(2)
            )
        };
        let opts =
            Options::new().url(crate::Url::parse("https://blog.example.org/2026/notes").ok());
        let get = |list: &str| {
            extract(&html(list), &opts)
                .map(|e| e.text_content)
                .unwrap_or_default()
        };
        let out = get(
            "<ul><li>Ann <a href=https://bugs.example.com/1>fixed a crash in the importer</a> \
             when a file is empty</li><li>Bo <a href=https://bugs.example.com/2>made the \
             search faster</a> on long lists</li></ul>",
        );
        assert!(out.contains("made the search faster"), "{out}");
        let out = get(
            "<ul><li>Why the bridge <a href=/2026/bridge>was never built</a></li>\
             <li>Ten years on, <a href=https://blog.example.org/2026/ten>the ferry still runs</a>\
             </li></ul>",
        );
        assert!(!out.contains("the ferry still runs"), "{out}");
        // A list of links under an item that says what it lists stays with
        // the item; the same list under a linked label is a menu.
        let bugs = "<ul><li><a href=https://bugs.example.com/3>Bug 3: the window flickers on resize</a></li>\
                    <li><a href=https://bugs.example.com/4>Bug 4: telemetry for the new panel</a></li></ul>";
        let written =
            "<li>Ann <a href=https://bugs.example.com/1>fixed a crash in the importer</a> \
                       when a file is empty, which lost the work of many</li>"
                .repeat(3);
        let out = get(&format!("<ul>{written}<li>In progress:{bugs}</li></ul>"));
        assert!(out.contains("telemetry for the new panel"), "{out}");
        let out = get(&format!(
            "<ul>{written}<li><a href=https://bugs.example.com/>Bugs</a>{bugs}</li></ul>"
        ));
        assert!(!out.contains("telemetry for the new panel"), "{out}");
    }

    #[test]
    fn drops_a_copy_next_to_its_first_but_not_a_repeat_far_away() {
        let caption =
            "<p>A long row of unsold cars sits at a dealership in the suburbs, on a Sunday.</p>";
        let out = text(&format!("{}{caption}{caption}{}", prose(2), prose(2)));
        assert_eq!(out.matches("A long row of unsold").count(), 1, "{out}");
        let far = format!("{}{caption}{}{caption}", prose(2), prose(4));
        assert_eq!(text(&far).matches("A long row of unsold").count(), 2);
    }

    #[test]
    fn drops_a_truncated_copy_of_a_caption_but_not_a_paragraph_opening_otherwise() {
        let full = "<div>A long row of unsold cars sits at a dealership in the suburbs of the \
                    city, on a Sunday in November, under a grey sky. <a href=#>less</a></div>";
        let cut = "<div>A long row of unsold cars sits at a dealership in the suburbs of the \
                   city, on a Sunday in <a href=#>... more</a></div>";
        let out = text(&format!("{}{full}{cut}{}", prose(2), prose(2)));
        assert_eq!(out.matches("A long row of unsold").count(), 1, "{out}");
        assert!(out.contains("under a grey sky"), "{out}");
        // Sharing less than the opening is not a copy.
        let other = "<p>A long row of unsold cars sits at the dealers, and it tells more \
                     than the figures do about the state of the market.</p>";
        let out = text(&format!("{}{full}{other}{}", prose(2), prose(2)));
        assert!(out.contains("more than the figures"), "{out}");
    }

    #[test]
    fn drops_a_boxed_note_on_the_author_but_not_a_paragraph_naming_them() {
        let html = |body: &str| {
            format!(
                "<html><head><meta name=author content=\"Ann Lee\"></head><body><article>\
                 <h1>A title</h1><div class=text>{}{body}</div></article></body></html>",
                prose(4)
            )
        };
        let text = |body: &str| {
            extract(&html(body), &Options::default())
                .map(|e| e.text_content)
                .unwrap_or_default()
        };
        let out = text(
            "</div><div class=box><p>Ann Lee is a reporter who has covered the city council \
             for the paper since 2015 and lives by the river. <a href=/a>All her stories</a></p>",
        );
        assert!(!out.contains("is a reporter"), "{out}");
        assert!(out.contains("questions about what it would cost"), "{out}");
        // In the run of the article's paragraphs, the name opens a sentence.
        let out = text(
            "<p>Ann Lee asked the mayor about the bridge at the meeting on Monday, \
             and the mayor said that the vote would come before the summer.</p>",
        );
        assert!(out.contains("asked the mayor"), "{out}");
    }

    #[test]
    fn drops_the_author_line_above_short_paragraphs_but_not_another_line() {
        let short = |day: usize| {
            format!(
                "<p>The council met on day {day} to discuss the plans for the bridge, \
                 and most members said they would vote for it.</p>"
            )
        };
        let body: String = (0..3).map(short).collect();
        let out = extract(
            &format!(
                "<html><head><meta name=author content=\"Ann Lee\"></head><body><article>\
                 <h1>A title</h1><p>Photo: Bo Kim</p><p>By Ann Lee, 3 May 2025</p>{body}\
                 </article></body></html>"
            ),
            &Options::default(),
        )
        .map(|e| e.text_content)
        .unwrap_or_default();
        assert!(!out.contains("By Ann Lee"), "{out}");
        // Without a good block nothing else says where prose starts.
        assert!(out.contains("Photo: Bo Kim"), "{out}");
        assert!(out.contains("the plans for the bridge"), "{out}");
    }

    #[test]
    fn trims_nothing_without_a_known_language() {
        let out = text(&format!(
            "<p>写真：通信社</p>{}",
            "<p>市議会は火曜日の夜に新しい橋の計画について話し合い、多くの議員が賛成すると述べたが、費用についてはまだ疑問を持つ議員もいた。これは長い段落である。</p>".repeat(4)
        ));
        assert!(out.contains("写真"), "{out}");
    }
}
