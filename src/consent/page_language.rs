//! A page's language when `<html lang>` is missing or wrong: the supported
//! language whose commonest words (`stopwords` in `data/languages/*.json`)
//! the page's text uses most. One hash lookup per word of a bounded text;
//! no model, nothing to download, small in wasm.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::data::LANGUAGES;
use crate::page::Page;
use crate::text::visible;

/// Chars of the page's text read: a few paragraphs tell the language.
const SAMPLE_CHARS: usize = 20_000;

/// Stopwords a language must show before the text is said to be in it: a
/// page of a dozen words tells nothing.
const MIN_HITS: usize = 12;

/// How many times more stopwords of another language the text must hold
/// before a declared language is taken to be wrong: neighbours share
/// words (da/sv "det", "som"), quotes bring some in.
const OVERRULE_FACTOR: usize = 3;

/// Per stopword, the languages (indices into [`LANGUAGES`]) it belongs to.
static WORDS: LazyLock<HashMap<String, Vec<usize>>> = LazyLock::new(|| {
    let mut words: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, language) in LANGUAGES.iter().enumerate() {
        for word in &language.stopwords {
            words.entry(word.to_lowercase()).or_default().push(i);
        }
    }
    words
});

/// Stopword counts of `text`, per language.
fn counts(text: &str) -> Vec<usize> {
    let mut counts = vec![0usize; LANGUAGES.len()];
    // An ASCII word already in lower case (most of them) is looked up as
    // it is, another ASCII word lower-cased in one buffer.
    let mut lower = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let key = if !word.is_ascii() {
            lower = word.to_lowercase();
            lower.as_str()
        } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            lower.as_str()
        } else {
            word
        };
        if let Some(languages) = WORDS.get(key) {
            for &i in languages {
                if let Some(c) = counts.get_mut(i) {
                    *c += 1;
                }
            }
        }
    }
    counts
}

/// The language of `text` among the supported ones, with its count.
fn best(counts: &[usize]) -> Option<(usize, usize)> {
    counts
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|(i, c)| (*c, std::cmp::Reverse(*i)))
        .filter(|(_, c)| *c >= MIN_HITS)
}

/// The page's language: the declared one unless its text is clearly in
/// another supported language; the text's when none is declared.
pub fn of_page(page: &Page) -> Option<String> {
    let declared = page.declared_language();
    let text = visible(page.top(), SAMPLE_CHARS);
    let counts = counts(&text);
    let tag = |i: usize| LANGUAGES.get(i).map(|l| l.language.clone());
    let Some((found, hits)) = best(&counts) else {
        return declared;
    };
    let Some(declared) = declared else {
        return tag(found);
    };
    let declared_hits = LANGUAGES
        .iter()
        .position(|l| l.language == declared)
        .and_then(|i| counts.get(i).copied());
    match declared_hits {
        // A language the engine does not speak: trust the page.
        None => Some(declared),
        Some(own) if own.saturating_mul(OVERRULE_FACTOR) < hits => tag(found),
        Some(_) => Some(declared),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: &str, text: &str) -> Page {
        Page::document(
            &format!("<html{lang}><body><p>{text}</p></body></html>"),
            None,
        )
    }

    const PL: &str = "Od poniedziałku obowiązuje nowy rozkład jazdy. To jest zmiana, która się podoba, ale nie wszystkim. Przewoźnik mówi, że jest to dla pasażerów, oraz że już po tygodniu się przyjęła. Tak jak w zeszłym roku, rozkład jest na przystankach i w aplikacji, a od maja także na stronie.";
    const SV: &str = "Det är första gången som badplatsen har öppet i juni, och det är inte säkert att den kan vara öppen också efter augusti. Kommunen säger att det var en bra start för badet, som har plats för många.";
    const DA: &str = "Det er første gang, at badet er åbent i juni, og det er ikke sikkert, at det kan holde åbent efter august. Kommunen siger, at det har været en god start for badet, som også skal have en ny trappe af træ.";

    #[test]
    fn tells_the_language_of_a_page_that_declares_none() {
        assert_eq!(of_page(&page("", PL)).as_deref(), Some("pl"));
        assert_eq!(of_page(&page("", SV)).as_deref(), Some("sv"));
        assert_eq!(of_page(&page("", DA)).as_deref(), Some("da"));
        assert_eq!(of_page(&page("", "Kurz.")), None);
    }

    #[test]
    fn a_wrong_declaration_is_overruled_only_by_clear_text() {
        assert_eq!(of_page(&page(r#" lang="en""#, PL)).as_deref(), Some("pl"));
        // A language without a wording file keeps its declaration; so does
        // a close neighbour's (bokmål beside Danish text).
        assert_eq!(of_page(&page(r#" lang="yo""#, PL)).as_deref(), Some("yo"));
        assert_eq!(of_page(&page(r#" lang="nb""#, DA)).as_deref(), Some("nb"));
        let mixed = format!("{SV} The mayor said: this is what we have been waiting for, and that is why the city will pay for it.");
        assert_eq!(
            of_page(&page(r#" lang="sv""#, &mixed)).as_deref(),
            Some("sv")
        );
    }
}
