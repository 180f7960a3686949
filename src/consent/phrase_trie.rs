//! A byte trie of phrases, searched leftmost-longest without overlaps: at
//! each position the longest phrase starting there, else the next position.
//! It finds what an Aho-Corasick automaton built with
//! `MatchKind::LeftmostLongest` finds (a test compares them), but builds in
//! one pass over the phrases: no failure links. That build was most of a
//! fresh engine's first call (bench/README.md, "A fresh engine's set-up"),
//! paid again by every new wasm instance (each reader page, the background
//! at each start).
//!
//! A search walks at most the longest phrase's length from each position,
//! so its work is bounded by the text's length times that (the phrases are
//! the crate's data, never the page's); on prose a walk ends after a byte
//! or two.

use std::ops::Range;

/// No node: the edge is missing.
const NONE: u32 = u32::MAX;

/// One node of the trie.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Its edges in `Trie::edges`, sorted by byte.
    edges: (u32, u32),
    /// The phrase ending here, if any.
    phrase: u32,
}

#[derive(Debug, Default)]
pub struct Trie {
    /// The root's edges, by byte (the step taken at every position).
    root: Vec<u32>,
    nodes: Vec<Node>,
    /// Every node's edges: (byte, node).
    edges: Vec<(u8, u32)>,
}

/// A phrase found: its index in the list the trie was built from, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub phrase: usize,
    pub range: Range<usize>,
}

impl Trie {
    /// The trie of `phrases`; an empty phrase is never found. None when
    /// there are more phrases or bytes than its indices hold.
    pub fn new<S: AsRef<[u8]>>(phrases: &[S]) -> Option<Trie> {
        // Built as a tree of small edge lists, then laid out flat.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut ends: Vec<u32> = vec![NONE];
        for (i, phrase) in phrases.iter().enumerate() {
            let mut node = 0usize;
            for &b in phrase.as_ref() {
                let list = children.get_mut(node)?;
                node = match list.binary_search_by_key(&b, |e| e.0) {
                    Ok(at) => list.get(at)?.1 as usize,
                    Err(at) => {
                        let next = u32::try_from(ends.len()).ok()?;
                        list.insert(at, (b, next));
                        children.push(Vec::new());
                        ends.push(NONE);
                        next as usize
                    }
                };
            }
            // The first of equal phrases is the one found (so is it with
            // Aho-Corasick); the root is no phrase.
            if node != 0 {
                let end = ends.get_mut(node)?;
                if *end == NONE {
                    *end = u32::try_from(i).ok()?;
                }
            }
        }
        let mut root = vec![NONE; 256];
        for &(b, next) in children.first()? {
            *root.get_mut(usize::from(b))? = next;
        }
        let mut nodes = Vec::with_capacity(children.len());
        let mut edges = Vec::with_capacity(children.len());
        for (list, phrase) in children.iter().zip(ends) {
            let from = u32::try_from(edges.len()).ok()?;
            edges.extend_from_slice(list);
            let to = u32::try_from(edges.len()).ok()?;
            nodes.push(Node {
                edges: (from, to),
                phrase,
            });
        }
        Some(Trie { root, nodes, edges })
    }

    /// The node one byte on from `node`.
    fn step(&self, node: u32, byte: u8) -> u32 {
        let Some(n) = self.nodes.get(node as usize) else {
            return NONE;
        };
        let Some(edges) = self.edges.get(n.edges.0 as usize..n.edges.1 as usize) else {
            return NONE;
        };
        match edges.binary_search_by_key(&byte, |e| e.0) {
            Ok(at) => edges.get(at).map_or(NONE, |e| e.1),
            Err(_) => NONE,
        }
    }

    /// The longest phrase starting at `start` of `text`: (phrase, end).
    fn longest_at(&self, text: &[u8], start: usize) -> Option<(u32, usize)> {
        let first = *text.get(start)?;
        let mut node = *self.root.get(usize::from(first))?;
        let mut best = None;
        let mut at = start + 1;
        while node != NONE {
            let phrase = self.nodes.get(node as usize)?.phrase;
            if phrase != NONE {
                best = Some((phrase, at));
            }
            let Some(&b) = text.get(at) else {
                break;
            };
            node = self.step(node, b);
            at += 1;
        }
        best
    }

    /// The phrases in `text`, leftmost first, longest at a position, none
    /// overlapping the one before.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Found> + 't {
        let bytes = text.as_bytes();
        let mut start = 0;
        std::iter::from_fn(move || {
            while start < bytes.len() {
                if let Some((phrase, end)) = self.longest_at(bytes, start) {
                    let range = start..end;
                    start = end;
                    return Some(Found {
                        phrase: phrase as usize,
                        range,
                    });
                }
                start += 1;
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// Phrases found: (phrase, range).
    type Finds = Vec<(usize, Range<usize>)>;

    fn both(phrases: &[&str], text: &str) -> (Finds, Finds) {
        let trie = Trie::new(phrases).unwrap();
        let mine = trie.find_iter(text).map(|f| (f.phrase, f.range)).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases)
            .unwrap();
        let theirs = ac
            .find_iter(text)
            .map(|m| (m.pattern().as_usize(), m.start()..m.end()))
            .collect();
        (mine, theirs)
    }

    #[test]
    fn finds_the_longest_phrase_at_the_leftmost_position() {
        let phrases = ["abc", "abcd", "bcd", "d", "xyz", "abc"];
        let (mine, theirs) = both(&phrases, "zabcdd abcx bcdxyz");
        assert_eq!(mine, theirs);
        assert_eq!(mine.first(), Some(&(1, 1..5)));
    }

    #[test]
    fn finds_what_aho_corasick_finds_in_the_languages_phrases() {
        // The engine's own phrases, and texts made of their pieces: every
        // shared prefix, overlap and near miss among them.
        let phrases = crate::consent::language::all_phrases();
        let refs: Vec<&str> = phrases.iter().map(String::as_str).collect();
        let mut text = String::new();
        for (i, p) in phrases.iter().enumerate() {
            let cut = p.char_indices().map(|(at, _)| at).nth(i % 7).unwrap_or(0);
            text.push_str(p);
            text.push_str(&p[cut..]);
            text.push_str(if i % 3 == 0 { " " } else { "" });
            text.push_str(&p[..cut]);
        }
        let (mine, theirs) = both(&refs, &text);
        assert!(theirs.len() > phrases.len() / 2);
        assert_eq!(mine, theirs);
    }

    #[test]
    fn an_empty_phrase_or_text_finds_nothing() {
        assert_eq!(both(&["", "a"], "ba").0, vec![(1, 1..2)]);
        assert!(Trie::new(&["a"]).unwrap().find_iter("").next().is_none());
    }
}
