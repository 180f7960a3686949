//! Text as the engine reads and writes it: visible text of a subtree
//! (bounded), folded for matching, whitespace collapsed, cleaned and clipped
//! for a summary, cut to a length on a char boundary. One place for every
//! module (consent, article, output).

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// Elements whose content is never visible text.
const INVISIBLE: [&str; 6] = ["script", "style", "template", "noscript", "svg", "head"];

/// Bidi controls: embeddings, overrides, isolates and marks. Page text must
/// not reorder the summary line around it.
const BIDI_CONTROLS: [char; 12] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
];

/// Zero-width characters (space, non-joiner, joiner, word joiner, BOM, and
/// the soft hyphen, seen only where a line breaks): invisible, they let a
/// page split a handle or a phrase so that it looks the same and compares
/// different (issue 8); CMSs put soft hyphens in long words
/// (`Datenschutz\u{ad}einstellungen`).
const ZERO_WIDTH: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}',
];

/// Apostrophes folded to the ASCII one: right and left single quotation
/// marks and the modifier letter (ʼ), which some sites type for ’.
pub const APOSTROPHES: [char; 3] = ['\u{2019}', '\u{2018}', '\u{02BC}'];

/// Every invisible formatting char, as the browser's pre-check drops them too.
pub fn invisible_chars() -> impl Iterator<Item = char> {
    BIDI_CONTROLS.into_iter().chain(ZERO_WIDTH)
}

/// Whether `c` is invisible formatting: a bidi control or a zero-width char.
fn is_invisible(c: char) -> bool {
    BIDI_CONTROLS.contains(&c) || ZERO_WIDTH.contains(&c)
}

/// The visible text of `el`, whitespace collapsed, cut after about `limit`
/// chars (a box is small; past the limit the caller knows it is not a box).
pub fn visible(el: ElementRef<'_>, limit: usize) -> String {
    visible_except(el, limit, |_| false)
}

/// Like [`visible`], leaving out the elements `skip` says.
pub fn visible_except(
    el: ElementRef<'_>,
    limit: usize,
    skip: impl Fn(ElementRef<'_>) -> bool,
) -> String {
    let mut out = String::new();
    let mut stack: Vec<NodeRef<'_, Node>> = vec![*el];
    while let Some(node) = stack.pop() {
        if out.len() > limit {
            break;
        }
        match node.value() {
            Node::Text(t) => push_collapsed(&mut out, t),
            Node::Element(e) => {
                let hidden = INVISIBLE.contains(&e.name());
                let skipped = node != *el && ElementRef::wrap(node).is_some_and(&skip);
                if !hidden && !skipped {
                    stack.extend(node.children().rev());
                }
                if e.name() == "br" || e.name() == "p" {
                    push_collapsed(&mut out, " ");
                }
            }
            _ => {}
        }
    }
    // Trimmed in place: the buffer is the result.
    out.truncate(out.trim_end().len());
    let lead = out.len() - out.trim_start().len();
    out.drain(..lead);
    out
}

/// Whether an ASCII byte is whitespace as [`char::is_whitespace`] has it
/// (with the vertical tab, which `u8::is_ascii_whitespace` leaves out).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// Appends `text` to `out`, runs of whitespace made one space.
fn push_collapsed(out: &mut String, text: &str) {
    // The pieces between whitespace chars, copied whole; a run of
    // whitespace (before any piece but the first) is one space at most.
    // Read byte by byte: an ASCII byte (most text, and the indentation
    // most text nodes are) is told without decoding.
    let bytes = text.as_bytes();
    let mut piece = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let len = if b.is_ascii() {
            if !is_ascii_space(b) {
                i += 1;
                continue;
            }
            1
        } else {
            let c = text.get(i..).and_then(|s| s.chars().next());
            let len = c.map_or(1, char::len_utf8);
            if !c.is_some_and(char::is_whitespace) {
                i += len;
                continue;
            }
            len
        };
        if piece < i {
            out.push_str(text.get(piece..i).unwrap_or_default());
        }
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        i += len;
        // The rest of an ASCII run adds nothing.
        while bytes.get(i).is_some_and(|&b| is_ascii_space(b)) {
            i += 1;
        }
        piece = i;
    }
    if piece < text.len() {
        out.push_str(text.get(piece..).unwrap_or_default());
    }
}

/// Text folded for phrase matching: lower case, typographic apostrophes and
/// non-breaking spaces made plain, invisible formatting dropped, whitespace
/// collapsed.
/// Every text node of a page is folded once (consent wording is looked for
/// in all of them): ASCII, most of any page, takes a short path.
pub fn fold(text: &str) -> String {
    // Leading whitespace folds to nothing; text between tags often is
    // nothing else, and then needs no buffer. Its ASCII part (indentation)
    // is skipped byte by byte, without decoding.
    let lead = text.bytes().take_while(|&b| is_ascii_space(b)).count();
    let text = text.get(lead..).unwrap_or_default().trim_start();
    if text.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(text.len());
    // Whether a space here would lead the text or follow another.
    let mut after_space = true;
    for c in text.chars() {
        let c = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if is_invisible(c) {
            continue;
        } else if APOSTROPHES.contains(&c) {
            '\''
        } else if !c.is_whitespace() {
            out.extend(c.to_lowercase());
            after_space = false;
            continue;
        } else {
            ' '
        };
        if c.is_whitespace() {
            if !after_space {
                out.push(' ');
            }
            after_space = true;
        } else {
            out.push(c);
            after_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Page text made safe for a one-line summary: no bidi controls, zero-width
/// or other control characters, whitespace collapsed.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

/// Runs of whitespace made one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` chars of `text` (no ellipsis: for values kept, not shown cut).
pub fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char
/// boundary.
pub fn cut_bytes(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// `text` cut to at most `max` chars, on a word boundary when there is one
/// in the last third, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match keep.rfind(' ') {
        Some(space)
            if keep
                .get(..space)
                .is_some_and(|s| s.chars().count() * 3 >= max * 2) =>
        {
            keep.get(..space).unwrap_or(&keep)
        }
        _ => &keep,
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::{Html, Selector};

    #[test]
    fn visible_text_skips_scripts_and_collapses_space() {
        let html = Html::parse_fragment("<div> a <script>x()</script><b>b\n\n c</b></div>");
        let div = html
            .select(&Selector::parse("div").unwrap())
            .next()
            .unwrap();
        assert_eq!(visible(div, 100), "a b c");
    }

    #[test]
    fn whitespace_runs_collapse_as_unicode_has_whitespace() {
        // Every whitespace char is one, ASCII or not (vertical tab, no-break
        // and ideographic spaces); other chars are kept as they are.
        let cases = [
            ("", ""),
            ("   ", ""),
            (" a  b ", "a b "),
            ("\u{b}a\u{b}\u{b}b", "a b"),
            ("é\u{a0}\u{3000}\t\nü\u{200B}x", "é ü\u{200B}x"),
            ("a\u{2028}\u{85}b\u{1680}", "a b "),
        ];
        for (text, collapsed) in cases {
            let mut out = String::new();
            push_collapsed(&mut out, text);
            assert_eq!(out, collapsed, "{text:?}");
        }
        // After text that ends in a space, a leading run adds none.
        let mut out = String::from("x ");
        push_collapsed(&mut out, " \n y");
        assert_eq!(out, "x y");
    }

    #[test]
    fn fold_lowers_and_unifies_apostrophes() {
        assert_eq!(fold("Plus\u{a0}d’Info  "), "plus d'info");
        assert_eq!(
            fold(" \t\u{200B} ÉTÉ\u{b}\u{2003}\u{200E} Straße İ\r\n"),
            "été straße i\u{307}"
        );
        assert_eq!(fold(" \u{a0}\n "), "");
    }

    #[test]
    fn clean_strips_bidi_controls() {
        assert_eq!(clean("\u{202E}abc\u{200F} \u{202B}d\u{202C}\n"), "abc d");
    }

    #[test]
    fn clean_and_fold_strip_zero_width_characters() {
        assert_eq!(
            clean("@ba\u{200B}nk\u{200C}\u{200D}\u{2060}\u{FEFF}"),
            "@bank"
        );
        assert_eq!(fold("Exter\u{200B}ner Inhalt"), "externer inhalt");
        // A CMS's soft hyphen in a long word.
        assert_eq!(
            fold("Datenschutz\u{ad}einstellungen"),
            "datenschutzeinstellungen"
        );
    }

    #[test]
    fn collapse_truncate_and_cut_respect_chars() {
        assert_eq!(collapse("  a \n\t b  "), "a b");
        assert_eq!(truncate("éàü", 2), "éà");
        assert_eq!(cut_bytes("aé", 2), "a");
        assert_eq!(cut_bytes("aé", 3), "aé");
        assert_eq!(cut_bytes("aé", 9), "aé");
    }

    #[test]
    fn clip_cuts_on_a_word_boundary() {
        assert_eq!(clip("short", 10), "short");
        let clipped = clip("one two three four five six", 14);
        assert_eq!(clipped, "one two three…");
        assert!(clip(&"é".repeat(50), 10).chars().count() <= 10);
    }
}
