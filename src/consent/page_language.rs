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

/// Stopwords only another language has that a text must hold before its
/// declared language is overruled: half a short paragraph's worth.
const MIN_EXCLUSIVE_HITS: usize = 6;

/// How many times more stopwords only another language has the text must
/// hold than stopwords only the declared one has, before the declaration
/// is taken to be wrong: quotes bring some words in.
const OVERRULE_FACTOR: usize = 3;

/// Writing systems a page's letters are told apart by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Tamil,
    Thai,
    Hangul,
    Kana,
    Han,
}

/// The Unicode blocks of each script's letters that running text uses.
const SCRIPT_BLOCKS: [(char, char, Script); 16] = [
    ('\u{00C0}', '\u{024F}', Script::Latin),
    ('\u{1E00}', '\u{1EFF}', Script::Latin),
    ('\u{0370}', '\u{03FF}', Script::Greek),
    ('\u{0400}', '\u{04FF}', Script::Cyrillic),
    ('\u{0590}', '\u{05FF}', Script::Hebrew),
    ('\u{0600}', '\u{06FF}', Script::Arabic),
    ('\u{FB50}', '\u{FDFF}', Script::Arabic),
    ('\u{0900}', '\u{097F}', Script::Devanagari),
    ('\u{0980}', '\u{09FF}', Script::Bengali),
    ('\u{0B80}', '\u{0BFF}', Script::Tamil),
    ('\u{0E00}', '\u{0E7F}', Script::Thai),
    ('\u{AC00}', '\u{D7AF}', Script::Hangul),
    ('\u{1100}', '\u{11FF}', Script::Hangul),
    ('\u{3040}', '\u{30FF}', Script::Kana),
    ('\u{4E00}', '\u{9FFF}', Script::Han),
    ('\u{3400}', '\u{4DBF}', Script::Han),
];

fn script_of(c: char) -> Option<Script> {
    if c.is_ascii_alphabetic() {
        return Some(Script::Latin);
    }
    SCRIPT_BLOCKS
        .iter()
        .find(|(from, to, _)| (*from..=*to).contains(&c))
        .map(|(_, _, s)| *s)
}

/// Letters of a text in a script before the text is said to be in it.
const MIN_SCRIPT_LETTERS: usize = 40;

/// Share (in %) of a text's letters its script must have: a page in one
/// script quotes names and brands in another.
const MIN_SCRIPT_SHARE: usize = 60;

/// Share (in %) of kana among the Chinese-and-Japanese letters from which
/// a text is Japanese: Japanese writes its endings and particles in kana,
/// Chinese none.
const MIN_KANA_SHARE: usize = 10;

/// The script most of a text's letters are in, when it is clearly one and
/// has at least `min_letters`.
fn script_of_text(text: &str, min_letters: usize) -> Option<Script> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    let mut letters = 0usize;
    for script in text.chars().filter_map(script_of) {
        letters += 1;
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let count = |s: Script| counts.iter().find(|(c, _)| *c == s).map_or(0, |(_, n)| *n);
    // Japanese mixes kanji and kana: one script for the two.
    let (kana, han) = (count(Script::Kana), count(Script::Han));
    if kana + han > 0 {
        let japanese = kana * 100 >= MIN_KANA_SHARE * (kana + han);
        counts.retain(|(s, _)| !matches!(s, Script::Kana | Script::Han));
        counts.push((
            if japanese { Script::Kana } else { Script::Han },
            kana + han,
        ));
    }
    let (script, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    (n >= min_letters && n * 100 >= MIN_SCRIPT_SHARE * letters).then_some(script)
}

/// Each language's script (by index into [`LANGUAGES`]), from the letters
/// of its own words.
static LANGUAGE_SCRIPTS: LazyLock<Vec<Option<Script>>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .map(|l| {
            let words: String = l
                .stopwords
                .iter()
                .chain(&l.phrases)
                .chain(&l.controls)
                .flat_map(|w| w.chars().chain(std::iter::once(' ')))
                .collect();
            script_of_text(&words, 1)
        })
        .collect()
});

/// The language a text in `script` is in when the declared one is written
/// in another: the only language of that script, or the one of its
/// languages whose stopwords the text holds most.
fn by_script(script: Script, counts: &[usize]) -> Option<usize> {
    let of_script: Vec<usize> = (0..LANGUAGES.len())
        .filter(|&i| LANGUAGE_SCRIPTS.get(i).copied().flatten() == Some(script))
        .collect();
    match of_script.as_slice() {
        [only] => Some(*only),
        several => several
            .iter()
            .copied()
            .filter(|&i| counts.get(i).is_some_and(|&c| c >= MIN_EXCLUSIVE_HITS))
            .max_by_key(|&i| (counts.get(i).copied().unwrap_or(0), std::cmp::Reverse(i))),
    }
}

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

/// The languages of each stopword of `text`, word by word.
fn stopwords(text: &str) -> impl Iterator<Item = &'static [usize]> + '_ {
    // An ASCII word already in lower case (most of them) is looked up as
    // it is, another lower-cased first.
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .filter_map(|word| {
            let languages = if word
                .bytes()
                .any(|b| !b.is_ascii_lowercase() && !b.is_ascii_digit())
            {
                WORDS.get(&word.to_lowercase())
            } else {
                WORDS.get(word)
            };
            languages.map(Vec::as_slice)
        })
}

/// Stopword counts of `text`, per language.
fn counts(text: &str) -> Vec<usize> {
    let mut counts = vec![0usize; LANGUAGES.len()];
    for languages in stopwords(text) {
        for &i in languages {
            if let Some(c) = counts.get_mut(i) {
                *c += 1;
            }
        }
    }
    counts
}

/// Stopwords of `text` that belong to language `a` and not `b`, and to `b`
/// and not `a`: the words two languages share ("in", "die", "det") tell
/// neither.
fn exclusive(text: &str, a: usize, b: usize) -> (usize, usize) {
    stopwords(text).fold((0, 0), |(in_a, in_b), languages| {
        let (has_a, has_b) = (languages.contains(&a), languages.contains(&b));
        (
            in_a + usize::from(has_a && !has_b),
            in_b + usize::from(has_b && !has_a),
        )
    })
}

/// The language of `text` among the supported ones whose stopwords it
/// holds most, with their count.
fn best(counts: &[usize]) -> Option<(usize, usize)> {
    counts
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|(i, c)| (*c, std::cmp::Reverse(*i)))
        .filter(|(_, c)| *c > 0)
}

/// The page's language: the declared one unless its text is clearly in
/// another supported language; the text's when none is declared.
pub fn of_page(page: &Page) -> Option<String> {
    let declared = page.declared_language();
    let text = visible(page.top(), SAMPLE_CHARS);
    let counts = counts(&text);
    let tag = |i: usize| LANGUAGES.get(i).map(|l| l.language.clone());
    // A text in one script is in none of the languages written in another,
    // however short it is (a Korean page a theme declares English).
    let declared_at = declared
        .as_ref()
        .and_then(|d| LANGUAGES.iter().position(|l| &l.language == d));
    if let Some(script) = script_of_text(&text, MIN_SCRIPT_LETTERS) {
        let declared_script = declared_at.and_then(|i| LANGUAGE_SCRIPTS.get(i).copied().flatten());
        if declared_script.is_some_and(|d| d != script) || declared.is_none() {
            if let Some(found) = by_script(script, &counts) {
                return tag(found);
            }
        }
    }
    let Some((found, hits)) = best(&counts) else {
        return declared;
    };
    let Some(declared) = declared else {
        return (hits >= MIN_HITS).then(|| tag(found)).flatten();
    };
    let Some(own) = LANGUAGES.iter().position(|l| l.language == declared) else {
        // A language the engine does not speak: trust the page.
        return Some(declared);
    };
    // A declared language whose stopwords the engine lacks cannot be
    // weighed against another: trust the page.
    let unweighed = LANGUAGES.get(own).is_none_or(|l| l.stopwords.is_empty());
    if own == found || unweighed {
        return Some(declared);
    }
    // Overruled when the text's words that only the other language has
    // outnumber those that only the declared one has (a theme's default
    // `lang="en"` on a Portuguese page); a quote brings a few in.
    let (theirs, ours) = exclusive(&text, found, own);
    let overruled = theirs >= MIN_EXCLUSIVE_HITS && ours.saturating_mul(OVERRULE_FACTOR) < theirs;
    if overruled {
        tag(found)
    } else {
        Some(declared)
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
    fn a_text_in_another_script_overrules_any_declaration() {
        let ko = "시립 도서관이 다음 달부터 토요일에도 저녁 아홉 시까지 문을 엽니다. 새 열람실에는 좌석 육십 개가 마련됩니다.";
        assert_eq!(of_page(&page(r#" lang="en""#, ko)).as_deref(), Some("ko"));
        // Kanji with kana is Japanese; Han alone is Chinese.
        let ja = "市立図書館は来月から土曜日も夜九時まで開館します。新しい閲覧室には六十席が用意されます。";
        assert_eq!(of_page(&page(r#" lang="en""#, ja)).as_deref(), Some("ja"));
        let zh = "市立图书馆从下个月起星期六也开放到晚上九点。新的阅览室将提供六十个座位，欢迎市民前来阅读。";
        assert_eq!(of_page(&page(r#" lang="en""#, zh)).as_deref(), Some("zh"));
        // Latin letters beside a brand name keep a Korean page Korean.
        let with_brand = format!("{ko} YouTube");
        assert_eq!(
            of_page(&page(r#" lang="ko""#, &with_brand)).as_deref(),
            Some("ko")
        );
    }

    #[test]
    fn a_wrong_declaration_is_overruled_only_by_clear_text() {
        assert_eq!(of_page(&page(r#" lang="en""#, PL)).as_deref(), Some("pl"));
        // A language without a wording file keeps its declaration; so does
        // a close neighbour's (bokmål beside Danish text).
        assert_eq!(of_page(&page(r#" lang="yo""#, PL)).as_deref(), Some("yo"));
        assert_eq!(of_page(&page(r#" lang="nb""#, DA)).as_deref(), Some("nb"));
        // A short paragraph is enough once the words the two languages
        // share are left out: a theme's `lang="en"` on a Portuguese page.
        let pt = "O congresso começa na sexta-feira e termina no domingo, com mais de quarenta sessões. A entrada é livre para os sócios e as inscrições estão abertas até ao fim do mês.";
        assert_eq!(of_page(&page(r#" lang="en""#, pt)).as_deref(), Some("pt"));
        let mixed = format!("{SV} The mayor said: this is what we have been waiting for, and that is why the city will pay for it.");
        assert_eq!(
            of_page(&page(r#" lang="sv""#, &mixed)).as_deref(),
            Some("sv")
        );
    }
}
