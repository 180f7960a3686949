//! Box wording of every language, matched in one pass over a text with one
//! Aho-Corasick automaton built once from `data/languages/*.json`.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::data::{LanguageFile, LANGUAGES};

/// A phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`LANGUAGES`].
    pub language: usize,
    /// Whether the phrase is a box heading (see `LanguageFile::titles`).
    pub title: bool,
    /// Length of the phrase in bytes of folded text.
    pub len: usize,
}

struct Matcher {
    automaton: AhoCorasick,
    /// One entry per pattern, in pattern order.
    hits: Vec<Hit>,
}

static MATCHER: LazyLock<Option<Matcher>> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut hits = Vec::new();
    for (language, file) in LANGUAGES.iter().enumerate() {
        let titles = file.titles.iter().map(|p| (p, true));
        for (phrase, title) in titles.chain(file.phrases.iter().map(|p| (p, false))) {
            let folded = super::text::fold(phrase);
            hits.push(Hit {
                language,
                title,
                len: folded.len(),
            });
            patterns.push(folded);
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok()?;
    Some(Matcher { automaton, hits })
});

/// Every phrase of every language found in `folded` (text already passed
/// through [`super::text::fold`]), in one pass.
pub fn scan(folded: &str) -> Vec<Hit> {
    let Some(matcher) = MATCHER.as_ref() else {
        return Vec::new();
    };
    matcher
        .automaton
        .find_iter(folded)
        .filter_map(|m| matcher.hits.get(m.pattern().as_usize()).copied())
        .collect()
}

/// The language most of `hits` are in.
pub fn most_common(hits: &[Hit]) -> Option<&'static str> {
    let mut counts = vec![0usize; LANGUAGES.len()];
    for hit in hits {
        if let Some(count) = counts.get_mut(hit.language) {
            *count += 1;
        }
    }
    let (best, count) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))?;
    (*count > 0)
        .then(|| LANGUAGES.get(best).map(|l| l.language.as_str()))
        .flatten()
}

/// The wording for `tag`, English when the engine does not speak it.
pub fn wording(tag: Option<&str>) -> Option<&'static LanguageFile> {
    let find = |t: &str| LANGUAGES.iter().find(|l| l.language == t);
    tag.and_then(find).or_else(|| find("en"))
}

/// Every phrase, lower-cased, for the browser's pre-check.
pub fn all_phrases() -> Vec<String> {
    let mut all: Vec<String> = LANGUAGES
        .iter()
        .flat_map(|l| l.titles.iter().chain(&l.phrases))
        .map(|p| super::text::fold(p))
        .collect();
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::consent::text::fold;

    fn languages_of(text: &str) -> Vec<&'static str> {
        scan(&fold(text))
            .iter()
            .map(|h| LANGUAGES[h.language].language.as_str())
            .collect()
    }

    #[test]
    fn finds_phrases_of_several_languages_in_one_pass() {
        let found = languages_of(
            "Contenu externe. Ce contenu externe ne peut pas être affiché — Externer Inhalt, ¿Permitir el contenido de X?",
        );
        assert_eq!(found, vec!["fr", "fr", "de", "es"]);
    }

    #[test]
    fn matching_ignores_case_and_apostrophe_style() {
        assert_eq!(
            languages_of("POUR L’AFFICHER, VOUS DEVEZ ACCEPTER LES COOKIES"),
            vec!["fr"]
        );
        assert!(languages_of("Rien à voir ici.").is_empty());
    }

    #[test]
    fn titles_are_marked() {
        let hits = scan(&fold("Externe inhoud"));
        assert_eq!(hits.len(), 1);
        assert!(hits[0].title);
        assert_eq!(most_common(&hits), Some("nl"));
    }

    #[test]
    fn unknown_languages_get_english_wording() {
        assert_eq!(wording(Some("fi")).unwrap().language, "en");
        assert_eq!(wording(Some("de")).unwrap().language, "de");
    }
}
