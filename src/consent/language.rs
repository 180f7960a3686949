//! Box wording of every language, matched in one pass over a text with one
//! Aho-Corasick automaton built once from `data/languages/*.json`: phrases,
//! headings, the head and tail of headings with a slot ("allow {service}
//! content?"), and the parts of a sentence making the content depend on
//! consent ("to see this video" … "cookies"), paired up in the pass.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::controls::{is_word_at, joins_word};
use crate::data::{LanguageFile, Needs, LANGUAGES};

/// The slot of a template in the data.
const SLOT: &str = "{service}";

/// A template part at least this long (in bytes of folded text) tells the
/// language on its own, like a phrase ("¿permitir el contenido de");
/// shorter parts ("allow ", " content?") count only as a whole heading.
const MIN_TELLING_PART: usize = 12;

/// Chars a service's name may span in a slot: "Google YouTube", "X
/// (Twitter)", "YouTube Video Dienste". Longer, the slot is a sentence.
const MAX_SLOT_CHARS: usize = 48;

/// Bytes of folded text a consent sentence's purpose and its consent part
/// may lie apart ("Para ver este vídeo de YouTube necesitamos cargar
/// contenido externo que puede instalar cookies": 80). Farther, they are
/// two thoughts of a text, not one request.
const MAX_NEEDS_SPAN: usize = 160;

/// Ends of a sentence in folded text: parts on either side are no request.
const SENTENCE_ENDS: [&str; 3] = [". ", "! ", "? "];

/// Words that may stand between what is to be seen and its verb when a
/// language matched word by word (see `Needs::see`) makes the content the
/// sentence's subject, against the purpose's own order: "tento obsah z X
/// se zobrazí" has three, "ze služby YouTube" would take four. More, and
/// the two words belong to different thoughts. In the purpose's own order
/// the two stand side by side, as in the fixed purposes ("k zobrazení
/// obsahu"): a cookie banner lists what its cookies serve with words
/// between ("k zobrazení externího obsahu").
const MAX_SUBJECT_GAP_WORDS: usize = 4;

/// A phrase found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into [`LANGUAGES`].
    pub language: usize,
    /// Whether the phrase is a box heading (see `LanguageFile::titles`).
    pub title: bool,
    /// Whether the phrase asks the reader's consent or names the service to
    /// load (phrases and templates); a bare heading ("external content")
    /// only labels (see `super::controls`).
    pub ask: bool,
    /// Length of the phrase in bytes of folded text.
    pub len: usize,
}

/// What a pattern means; one pattern string can mean several things
/// (two templates may share a tail: "?").
#[derive(Debug, Clone, Copy)]
enum Role {
    Phrase(Hit),
    Head(usize),
    Tail(usize),
    /// One part of a sentence that asks consent only with its other part
    /// (see [`Part`]), per language.
    Part(Part, usize),
    /// Half of a purpose in a language matched word by word.
    Word(Word),
}

/// A purpose's verb or what is to be seen, in a language whose `needs`
/// hold stems (see `Needs::see`): the two pair into a purpose side by side
/// in the language's order, or a few words apart in the other (see
/// [`MAX_SUBJECT_GAP_WORDS`]).
#[derive(Debug, Clone, Copy)]
struct Word {
    /// The verb ("zobrazí"), else what is to be seen ("obsah").
    see: bool,
    language: usize,
    /// Whether the word is a stem, holding the longer words it begins.
    stem: bool,
}

/// The two halves of the sentences that ask consent in parts: a purpose
/// ("to see this video") with what the reader must give ("cookie"), or an
/// act on the content ("by playing") with its effect ("you accept").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Purpose,
    Consent,
    Act,
    Effect,
}

impl Part {
    /// Kinds of part, each with its state slot.
    const KINDS: usize = 4;

    fn slot(self) -> usize {
        self as usize
    }

    /// The part this one pairs with.
    fn other(self) -> Part {
        match self {
            Part::Purpose => Part::Consent,
            Part::Consent => Part::Purpose,
            Part::Act => Part::Effect,
            Part::Effect => Part::Act,
        }
    }
}

struct Template {
    language: usize,
    /// Whether the head alone tells the language.
    telling_head: bool,
    /// Whether the template has no tail: the slot runs to the end of the text.
    open_ended: bool,
}

struct Matcher {
    automaton: AhoCorasick,
    /// Per pattern, in pattern order.
    roles: Vec<Vec<Role>>,
    templates: Vec<Template>,
}

static MATCHER: LazyLock<Option<Matcher>> = LazyLock::new(|| {
    let mut patterns: Vec<String> = Vec::new();
    let mut roles: Vec<Vec<Role>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |pattern: String, role: Role| {
        let i = *index.entry(pattern.clone()).or_insert_with(|| {
            patterns.push(pattern);
            roles.push(Vec::new());
            roles.len() - 1
        });
        if let Some(r) = roles.get_mut(i) {
            r.push(role);
        }
    };
    let mut templates = Vec::new();
    for (language, file) in LANGUAGES.iter().enumerate() {
        let titles = file.titles.iter().map(|p| (p, true));
        for (phrase, title) in titles.chain(file.phrases.iter().map(|p| (p, false))) {
            let folded = crate::text::fold(phrase);
            let hit = Hit {
                language,
                title,
                ask: !title,
                len: folded.len(),
            };
            add(folded, Role::Phrase(hit));
        }
        if word_by_word(&file.needs) {
            let halves = [(&file.needs.see, true), (&file.needs.this, false)];
            for (words, see) in halves {
                for word in words {
                    let (word, stem) = crate::data::stem(word);
                    let role = Role::Word(Word {
                        see,
                        language,
                        stem,
                    });
                    add(crate::text::fold(word), role);
                }
            }
        } else {
            for purpose in purposes(&file.needs) {
                add(purpose, Role::Part(Part::Purpose, language));
            }
        }
        for unavailable in &file.needs.unavailable {
            add(
                crate::text::fold(unavailable),
                Role::Part(Part::Purpose, language),
            );
        }
        let parts = [
            (&file.needs.consent, Part::Consent),
            (&file.needs.acts, Part::Act),
            (&file.needs.effects, Part::Effect),
        ];
        for (words, part) in parts {
            for word in words {
                add(crate::text::fold(word), Role::Part(part, language));
            }
        }
        for template in &file.templates {
            let Some((head, tail)) = template.split_once(SLOT) else {
                continue;
            };
            let (head, tail) = (fold_part(head), fold_part(tail));
            if head.is_empty() {
                continue;
            }
            let t = templates.len();
            templates.push(Template {
                language,
                telling_head: head.trim().len() >= MIN_TELLING_PART,
                open_ended: tail.is_empty(),
            });
            add(head, Role::Head(t));
            if !tail.is_empty() {
                add(tail, Role::Tail(t));
            }
        }
    }
    // A contiguous NFA: a DFA of these hundreds of phrases searches a bit
    // faster but costs more to build than a whole page's detection.
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok()?;
    Some(Matcher {
        automaton,
        roles,
        templates,
    })
});

/// Whether a language's purposes are matched word by word: it marks
/// stems in them (see `Needs::see`).
pub(crate) fn word_by_word(needs: &Needs) -> bool {
    needs
        .see
        .iter()
        .chain(&needs.this)
        .any(|w| crate::data::stem(w).1)
}

/// A consent sentence's purposes, folded: each verb with each thing to be
/// seen, in the language's order ("to see this video", "a videó
/// megtekintéséhez"). Of a language matched word by word, the fixed ones
/// its whole words make (its stems take any form, which no fixed phrase
/// can).
fn purposes(needs: &Needs) -> impl Iterator<Item = String> + '_ {
    let whole = |w: &&String| !crate::data::stem(w).1;
    needs.see.iter().filter(whole).flat_map(move |see| {
        needs.this.iter().filter(whole).map(move |this| {
            crate::text::fold(&if needs.object_first {
                format!("{this} {see}")
            } else {
                format!("{see} {this}")
            })
        })
    })
}

/// A template part folded like page text, keeping the space that joins it
/// to the slot ("allow " must not match "allowance").
fn fold_part(part: &str) -> String {
    let folded = crate::text::fold(part);
    let lead = if part.starts_with(' ') { " " } else { "" };
    let trail = if part.ends_with(' ') { " " } else { "" };
    format!("{lead}{}{trail}", folded.trim())
}

/// What one pass over a text found.
struct Pass {
    hits: Vec<Hit>,
    /// Whether an act on the content was paired with its effect.
    by_act: bool,
    /// Whether a consent word of any language is in the text ("cookies").
    consent_word: bool,
    /// The first filled slot, as a range of the folded text.
    slot: Option<Range<usize>>,
}

fn pass(folded: &str) -> Pass {
    let mut out = Pass {
        hits: Vec::new(),
        by_act: false,
        consent_word: false,
        slot: None,
    };
    // Most text nodes of a page fold to nothing (whitespace between tags).
    if folded.is_empty() {
        return out;
    }
    let Some(matcher) = MATCHER.as_ref() else {
        return out;
    };
    // Per template, the last head still waiting for its tail: (start, end).
    // Only the last counts, so a text of many heads costs no more per tail.
    // Sized at the first head: most texts hold none.
    let mut open: Vec<Option<(usize, usize)>> = Vec::new();
    let mut parts = Parts::default();
    // Per language, its last purpose verb and thing to be seen still
    // unpaired (see [`Word`]): (start, end, stem). Sized at the first word.
    let mut words: Vec<Option<(usize, usize, bool)>> = Vec::new();
    let filled = |out: &mut Pass, t: usize, start: usize, slot: Range<usize>, end: usize| {
        let Some(template) = matcher.templates.get(t) else {
            return;
        };
        let Some(range) = slot_range(folded, slot) else {
            return;
        };
        out.hits.push(Hit {
            language: template.language,
            title: true,
            ask: true,
            len: end - start,
        });
        out.slot = out.slot.take().or(Some(range));
    };
    for m in matcher.automaton.find_iter(folded) {
        let Some(roles) = matcher.roles.get(m.pattern().as_usize()) else {
            continue;
        };
        for role in roles {
            match *role {
                Role::Phrase(hit) => out.hits.push(hit),
                Role::Head(t) => {
                    if open.is_empty() {
                        open.resize(matcher.templates.len(), None);
                    }
                    if let Some(slot) = open.get_mut(t) {
                        *slot = Some((m.start(), m.end()));
                    }
                    if let Some(template) = matcher.templates.get(t) {
                        if template.telling_head {
                            out.hits.push(Hit {
                                language: template.language,
                                title: false,
                                ask: true,
                                len: m.len(),
                            });
                        }
                    }
                }
                Role::Tail(t) => {
                    if let Some((start, head_end)) = open.get_mut(t).and_then(Option::take) {
                        filled(&mut out, t, start, head_end..m.start(), m.end());
                    }
                }
                Role::Part(part, l) => parts.found(folded, &mut out, part, l, m.start()..m.end()),
                Role::Word(word) => {
                    if let Some(purpose) = pair_word(folded, &mut words, word, m.start()..m.end()) {
                        parts.found(folded, &mut out, Part::Purpose, word.language, purpose);
                    }
                }
            }
        }
    }
    for (t, head) in open.into_iter().enumerate() {
        let Some((start, head_end)) = head else {
            continue;
        };
        let open_ended = matcher.templates.get(t).is_some_and(|t| t.open_ended);
        if open_ended {
            let end = folded.trim_end_matches(['.', '!', '?', ' ']).len();
            if end > head_end {
                filled(&mut out, t, start, head_end..end, folded.len());
            }
        }
    }
    out
}

/// Per language and kind of part, the last part still unpaired: (start,
/// end). Sized at the first part: most texts hold none.
#[derive(Default)]
struct Parts(Vec<Option<(usize, usize)>>);

impl Parts {
    /// Pairs a part found at `at` with the last unpaired other part of its
    /// language in the same request (a hit), or keeps it unpaired.
    fn found(&mut self, folded: &str, out: &mut Pass, part: Part, l: usize, at: Range<usize>) {
        out.consent_word |= part == Part::Consent;
        if self.0.is_empty() {
            self.0.resize(LANGUAGES.len() * Part::KINDS, None);
        }
        let theirs = l * Part::KINDS + part.other().slot();
        let paired = self
            .0
            .get(theirs)
            .copied()
            .flatten()
            .filter(|(_, end)| one_request(folded, *end, at.start));
        if let Some((start, _)) = paired {
            // One request: the other part is used up.
            if let Some(other) = self.0.get_mut(theirs) {
                *other = None;
            }
            out.hits.push(Hit {
                language: l,
                title: false,
                ask: true,
                len: at.end - start,
            });
            out.by_act |= matches!(part, Part::Act | Part::Effect);
        } else if let Some(mine) = self.0.get_mut(l * Part::KINDS + part.slot()) {
            *mine = Some((at.start, at.end));
        }
    }
}

/// Whether two parts, the first ending at `from` and the other starting
/// at `to`, are one request: near, and no sentence ends between them.
fn one_request(folded: &str, from: usize, to: usize) -> bool {
    to.saturating_sub(from) <= MAX_NEEDS_SPAN
        && folded
            .get(from..to)
            .is_some_and(|between| !SENTENCE_ENDS.iter().any(|e| between.contains(e)))
}

/// Pairs a purpose's verb or thing to be seen, found at `at`, with the
/// last unpaired other half of its language a few words away: the
/// purpose's range. Only whole words count, and stems beginning one.
fn pair_word(
    folded: &str,
    words: &mut Vec<Option<(usize, usize, bool)>>,
    word: Word,
    at: Range<usize>,
) -> Option<Range<usize>> {
    if !is_word_at(folded, at.clone(), word.stem) {
        return None;
    }
    if words.is_empty() {
        words.resize(LANGUAGES.len() * 2, None);
    }
    let slot = |see: bool| word.language * 2 + usize::from(see);
    let theirs = slot(!word.see);
    // The verb before what is to be seen, unless the language says it after.
    let object_first = LANGUAGES
        .get(word.language)
        .is_some_and(|l| l.needs.object_first);
    let gap = if word.see == object_first {
        0
    } else {
        MAX_SUBJECT_GAP_WORDS
    };
    let near = words
        .get(theirs)
        .copied()
        .flatten()
        .filter(|&(_, end, stem)| words_apart(folded, end, stem, at.start, gap));
    if let Some((start, _, _)) = near {
        if let Some(other) = words.get_mut(theirs) {
            *other = None;
        }
        return Some(start..at.end);
    }
    if let Some(mine) = words.get_mut(slot(word.see)) {
        *mine = Some((at.start, at.end, word.stem));
    }
    None
}

/// Whether a word ending at `end` (a stem: its word runs on) and one
/// starting at `start` stand at most `gap` words apart in one sentence.
fn words_apart(folded: &str, end: usize, stem: bool, start: usize, gap: usize) -> bool {
    if start.saturating_sub(end) > MAX_NEEDS_SPAN {
        return false;
    }
    let Some(between) = folded.get(end..start) else {
        return false;
    };
    let between = if stem {
        between.trim_start_matches(joins_word)
    } else {
        between
    };
    // Empty, the two are one word ("videobsah").
    !between.is_empty()
        && !SENTENCE_ENDS.iter().any(|e| between.contains(e))
        && between.split_whitespace().count() <= gap
}

/// The slot's range without its edge spaces, if it can be a service's name:
/// not empty, short, not crossing a sentence.
fn slot_range(folded: &str, slot: Range<usize>) -> Option<Range<usize>> {
    let text = folded.get(slot.clone())?;
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let ok = !trimmed.is_empty()
        && trimmed.chars().count() <= MAX_SLOT_CHARS
        && !trimmed.contains(['?', '!'])
        && !trimmed.contains(". ");
    ok.then(|| slot.start + lead..slot.start + lead + trimmed.len())
}

/// Every phrase of every language found in `folded` (text already passed
/// through [`crate::text::fold`]), in one pass. A filled template is a
/// heading hit as long as the whole heading.
pub fn scan(folded: &str) -> Vec<Hit> {
    pass(folded).hits
}

/// Whether `folded` asks consent by use: an act on the content paired
/// with its effect in one sentence ("wenn du auf den button klickst,
/// lässt du cookies … zu").
pub fn asks_by_act(folded: &str) -> bool {
    pass(folded).by_act
}

/// Whether `folded` holds a consent word of any language ("cookies",
/// "הסכמה"), asking or not.
pub fn names_consent(folded: &str) -> bool {
    pass(folded).consent_word
}

/// The service a heading with a slot names in `folded` ("allow bluesky
/// content?" → "bluesky"): the first filled slot.
pub fn service_in(folded: &str) -> Option<&str> {
    pass(folded).slot.and_then(|r| folded.get(r))
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

/// Every phrase, lower-cased, for the browser's pre-check; of a template,
/// its longer part ("¿permitir el contenido de", "content?").
pub fn all_phrases() -> Vec<String> {
    let parts = LANGUAGES.iter().flat_map(|l| &l.templates).filter_map(|t| {
        let (head, tail) = t.split_once(SLOT)?;
        Some(if tail.trim().len() > head.trim().len() {
            tail
        } else {
            head
        })
    });
    // A consent sentence's purpose ("aby obejrzeć ten film"): its consent
    // part ("cookies") is everywhere on a page, the purpose is not.
    let purposes = LANGUAGES.iter().flat_map(|l| {
        let unavailable = l.needs.unavailable.iter().map(|u| crate::text::fold(u));
        purposes(&l.needs).chain(unavailable)
    });
    // An act of consent by use ("by using the map"): it only pairs with an
    // effect, but either part near a consent control is worth sending.
    let acts = LANGUAGES
        .iter()
        .flat_map(|l| &l.needs.acts)
        .map(|act| crate::text::fold(act));
    let mut all: Vec<String> = LANGUAGES
        .iter()
        .flat_map(|l| l.titles.iter().chain(&l.phrases))
        .map(String::as_str)
        .chain(parts)
        .map(crate::text::fold)
        .chain(purposes)
        .chain(acts)
        .collect();
    all.sort();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::text::fold;

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
        // The Spanish heading counts twice: its head alone, and whole.
        assert_eq!(found, vec!["fr", "fr", "de", "es", "es"]);
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
    fn a_heading_with_a_slot_is_one_title_hit_naming_its_service() {
        let text = fold("Allow Bluesky content?");
        let hits = scan(&text);
        assert_eq!(hits.len(), 1);
        assert!(hits[0].title);
        assert_eq!(hits[0].len, text.len());
        assert_eq!(service_in(&text), Some("bluesky"));
        let text = fold("¿Permitir el contenido de Genially?");
        assert_eq!(service_in(&text), Some("genially"));
        assert_eq!(most_common(&scan(&text)), Some("es"));
        let text = fold("Autoriser le contenu de Mastodon ?");
        assert_eq!(service_in(&text), Some("mastodon"));
        let text = fold("We need your consent to load the YouTube Video service!");
        assert_eq!(service_in(&text), Some("youtube video"));
        let text = fold("Wir benötigen Ihre Zustimmung zum Laden der Google Maps Dienste!");
        assert_eq!(service_in(&text), Some("google maps dienste"));
        assert_eq!(most_common(&scan(&text)), Some("de"));
    }

    #[test]
    fn a_slot_never_spans_prose() {
        for text in [
            "We allow readers to comment. Is this content?",
            "Allow content?",
            "I had to allow Twitter content to see it.",
            "Allowance for the content?",
            "Allow it? Yes. Some content?",
        ] {
            let folded = fold(text);
            assert_eq!(service_in(&folded), None, "{text}");
            assert!(scan(&folded).iter().all(|h| !h.title), "{text}");
        }
    }

    #[test]
    fn many_heads_and_tails_cost_one_pass() {
        let text = fold(&"allow ? ¿permitir el contenido de ! ".repeat(50_000));
        // Pairing every tail with every head would take minutes here; the
        // benchmark, not this test, measures the time.
        assert!(service_in(&text).is_none());
    }

    #[test]
    fn many_halves_of_purposes_cost_one_pass() {
        // Each half is weighed against the other's last one only, over at
        // most a request's span.
        let text = fold(&format!(
            "{}zobrazí souhlas",
            "obsah tohoto ".repeat(50_000)
        ));
        assert!(scan(&text).iter().any(|h| h.ask));
        let text = fold(&"obsah zobrazení ".repeat(50_000));
        assert!(!scan(&text).iter().any(|h| h.ask));
    }

    fn asks(text: &str) -> bool {
        scan(&fold(text)).iter().any(|h| h.ask)
    }

    #[test]
    fn consent_needed_to_see_the_content_asks_in_each_language_s_grammar() {
        for text in [
            "Accetta i cookie per vedere il contenuto.",
            "Aby obejrzeć ten film, zaakceptuj pliki cookies związane z osadzaniem YouTube.",
            "Para visualizar este conteúdo, aceite os cookies no banner de consentimento.",
            "A videó megtekintéséhez kérem engedélyezze a YouTube által használt sütiket! ↓",
            "Accepter markedsføring for at se videoen.",
            "Zum Laden dieses Inhalts ist Ihre Zustimmung erforderlich.",
            "Has rechazado las cookies de terceros. Para ver este vídeo de YouTube necesitamos cargar contenido externo que puede instalar cookies.",
        ] {
            assert!(asks(text), "{text}");
        }
    }

    #[test]
    fn the_mined_blocked_frame_sentences_ask_in_the_newer_languages() {
        // Each tool's own sentence, its category slot filled with the
        // category name from the same file (c15t; Nuxt Cookie Control).
        for text in [
            "इस सामग्री को देखने के लिए मार्केटिंग सहमति स्वीकार करें।",
            "Samþykktu Markaðssetning samþykki til að skoða þetta efni.",
            "Glac le toiliú Margaíocht chun an t-ábhar seo a fheiceáil.",
            "لرؤية هذا ، يرجى تمكين ملفات تعريف الارتباط الوظيفية",
        ] {
            assert!(asks(text), "{text}");
        }
    }

    #[test]
    fn to_see_this_video_without_consent_in_the_sentence_asks_nothing() {
        for text in [
            "Aby obejrzeć ten film, musisz się zalogować.",
            "Para ver este vídeo, por favor activa el Javascript y considera actualizar tu navegador.",
            "Klik på billedet ovenfor for at se videoen om vinterbadning.",
            "Log in om deze video te bekijken",
            "We use cookies. To see this video, please log in.",
            "We use cookies to show you personalised content and ads.",
            "Accepteret: videoen vises, fordi du har givet samtykke til markedsføring.",
        ] {
            assert!(!asks(text), "{text}");
        }
    }

    #[test]
    fn an_inflecting_language_s_purpose_is_read_by_its_words_stems() {
        for text in [
            "Tento obsah z X se zobrazí až po udělení souhlasu s cookies sociálních sítí.",
            "Pro zobrazení tohoto obsahu musíte povolit soubory cookie marketing.",
            "Zobrazení videa z YouTube vyžaduje váš souhlas s cookies.",
            "Souhlas s cookies je nutný k zobrazení tohoto videa.",
        ] {
            assert!(asks(text), "{text}");
        }
        for text in [
            // A paywall, a login: no consent part.
            "Pro zobrazení článku se přihlaste.",
            "Toto video se zobrazí po přihlášení.",
            // A newsletter box and its button.
            "Přihlaste se k odběru novinek. Zobrazit více",
            // A cookie banner showing content by cookies, another verb form.
            "Soubory cookie používáme, abychom vám mohli zobrazovat relevantní obsah a reklamy.",
            // The two halves too many words apart, or in two sentences.
            "Obsah, který jsme pro vás dnes připravili v redakci, se zobrazí s cookies.",
            // A cookie banner listing what its cookies serve.
            "Tento web používá cookies k měření návštěvnosti a k zobrazení externího obsahu.",
            "Tento web používá cookies ke statistikám a k zobrazení videí.",
            "Tento obsah je nový. Zobrazí se s vaším souhlasem s cookies.",
            // A stem begins its word: "obsahuje" is no form of "obsah".
            "Stránka obsahuje cookies a zobrazí reklamy.",
        ] {
            assert!(!asks(text), "{text}");
        }
    }

    #[test]
    fn a_language_matched_by_stems_sends_only_its_fixed_purposes_to_the_pre_check() {
        let all = all_phrases();
        assert!(all.iter().any(|p| p == "pro zobrazení tohoto obsahu"));
        assert!(all.iter().all(|p| !p.contains(crate::data::STEM_MARK)));
    }

    #[test]
    fn a_purpose_far_from_its_consent_part_is_two_thoughts() {
        let far = format!(
            "Per vedere il contenuto {} cookie",
            "della pagina e di tutto il resto ".repeat(8)
        );
        assert!(!asks(&far));
    }

    #[test]
    fn content_unavailable_without_consent_asks_in_either_order() {
        for text in [
            "The map is not available without accepting marketing cookies.",
            "Dieser Inhalt ist ohne Ihre Zustimmung leider nicht verfügbar.",
        ] {
            assert!(asks(text), "{text}");
        }
        for text in [
            "This video is not available in your country.",
            "Nicht verfügbar. Wir verwenden Cookies.",
        ] {
            assert!(!asks(text), "{text}");
        }
    }

    #[test]
    fn unknown_languages_get_english_wording() {
        assert_eq!(wording(Some("yo")).unwrap().language, "en");
        assert_eq!(wording(Some("de")).unwrap().language, "de");
    }
}
