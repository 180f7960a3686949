//! Control evidence: what makes an element a consent box and not a
//! lookalike. A box asks the reader's consent before showing third-party
//! content, so it either offers a control whose own label is consent or load
//! wording ("Accepter", "Inhalt laden"), or its own text asks for consent
//! (a phrase, not a bare "External content" heading) and it parks the
//! blocked embed (a frame without its address, an inert script) or offers
//! the consent tool's choices ("Gestisci preferenze"). A heading phrase
//! beside a Share, Subscribe or "Show more" button is none of these (issue
//! 8, "No invented boxes"). All labels are data, per language
//! (`controls`, `preference_controls`, `never_controls`).
//!
//! Controls come in many forms (issue 9): buttons, a switch (a checkbox in
//! a label), a link styled as a button, the whole box as the click target,
//! a link that ends the asking sentence ("… enable cookies <a>here</a>"),
//! a button that only confirms ("Confirm") what its box's question asks
//! ("Do you want to enable content from 'www.youtube.com'?"), a consent
//! custom element whose shadow root draws its button.
//! Some boxes show none in the saved page (the tool draws its play button
//! later): such a box is known by its parked embed, a preview image and a
//! sentence naming the embed's platform.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

use super::carriers::{
    self, address_in_json, html_in_attributes, html_in_template, id_embed, is_address,
    is_blocked_script, is_live_frame, keeps_embed, parked_in_data, platform_address_in,
};
use super::detect::{MAX_ASK_CHARS, MAX_BOX_TEXT};
use super::language;
use super::platform;
use crate::data::{ablation, tools, LANGUAGES, PLATFORMS, TOOLS};
use crate::page::attr;
use crate::text::{fold, visible};

/// Nodes searched for a control or a parked embed inside one candidate.
pub(crate) const MAX_SEARCH: usize = 2_000;

/// Chars of a control's label read: a button's label is a few words; an
/// element holding more is a whole box made clickable, whose text is not a
/// label (the browser's pre-check uses the same bound).
const MAX_LABEL_CHARS: usize = 200;

/// Tokens of a `<noscript>`'s markup read for an embed's address: an embed
/// is a few tags; a longer text is a page's fallback, not a parked embed.
const MAX_TOKENS: usize = 400;

/// Chars of an attribute value read as a service's name
/// (`data-usercentrics="Twitter Plugin"`).
const MAX_NAME_CHARS: usize = 40;

/// Words a box without a control must say at least: a sentence naming the
/// platform ("Dieses Video wird von YouTube bereitgestellt"), not a
/// caption's credit ("Video: YouTube").
const MIN_SENTENCE_WORDS: usize = 5;

/// Parts of a class or element name that mark a lazy loader (lazysizes'
/// `lazyload`, `lite-youtube` facades): it parks a frame's address to load
/// it on scroll, with no consent asked. Attribute names do not tell: tools
/// park in `data-lazy` too.
const LAZY_MARKS: [&str; 2] = ["lazy", "lite-"];

/// A frame this wide or high, or less, is a tag manager's tracking frame.
const MAX_TRACKING_FRAME_PX: u32 = 1;

/// What a control's own label says, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    /// Nothing about consent, or a control that never gives it ("Share").
    Other,
    /// Plays the video ("Video abspielen", a play mark): a box's only
    /// control when its tool loads the player on play.
    Play,
    /// Opens the consent tool's choices ("Cookie settings").
    Preferences,
    /// Gives consent or loads the content ("Accept", "Inhalt laden").
    Consent,
}

/// What one word of a label says in one language.
#[derive(Debug, Clone, Copy)]
struct Meaning {
    /// `None`: a label that never gives consent.
    label: Option<Label>,
    /// Index into [`LANGUAGES`].
    language: usize,
    /// Whether the word is a stem, holding the longer words it begins
    /// ("betöltés*": "betöltése"; see [`crate::data::stem`]).
    stem: bool,
}

/// Every language's control labels, each folded word once; per pattern,
/// what it says in each language listing it.
static LABELS: LazyLock<Option<(AhoCorasick, Vec<Vec<Meaning>>)>> = LazyLock::new(|| {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut says: Vec<Vec<Meaning>> = Vec::new();
    for (i, language) in LANGUAGES.iter().enumerate() {
        let lists = [
            (&language.controls, Some(Label::Consent)),
            (&language.preference_controls, Some(Label::Preferences)),
            (&language.play_controls, Some(Label::Play)),
            (&language.never_controls, None),
        ];
        for (words, label) in lists {
            for word in words {
                let (word, stem) = crate::data::stem(word);
                let folded = fold(word);
                let at = *index.entry(folded.clone()).or_insert_with(|| {
                    patterns.push(folded);
                    says.push(Vec::new());
                    says.len() - 1
                });
                if let Some(meanings) = says.get_mut(at) {
                    meanings.push(Meaning {
                        label,
                        language: i,
                        stem,
                    });
                }
            }
        }
    }
    // Leftmost-longest: "show more" wins over "show", "cookie settings"
    // over "cookie", at the same place.
    let automaton = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .ok()?;
    Some((automaton, says))
});

/// Whether a char beside a matched word makes it part of a longer word: a
/// letter or digit of a script that spaces its words. Japanese, Chinese
/// and Thai do not ("動画を読み込む" holds "読み込む"); Korean spaces its
/// words but joins endings to a stem ("불러오기", "불러옵니다" hold "불러오").
pub(crate) fn joins_word(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(c, '\u{0E00}'..='\u{0E7F}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}')
}

/// Whether a text holds a word of a control's label that gives consent,
/// loads or plays ("Consent", "Load video"): a line saying it is the box's
/// own, not a title of what it blocks.
pub(crate) fn names_an_act(text: &str) -> bool {
    read_label(text) != Label::Other
}

/// Whether the reader clicks `el` to act: a control, or an element made
/// clickable.
pub(crate) fn is_click_target(el: ElementRef<'_>) -> bool {
    is_control(el) || is_clickable(el)
}

/// What a control's label says: the strongest of the words it holds (whole
/// words of any language), and [`Label::Other`] as soon as it holds a label
/// that never gives consent ("Accept" yes; "Show more", "Share", "Review",
/// "Accept and show more" no).
fn read_label(label: &str) -> Label {
    read_words(label).unwrap_or(Label::Other)
}

/// What a label's words say: `None` when it holds a label that never gives
/// consent, else the strongest of its words ([`Label::Other`] for none). A
/// word that never gives consent in one language only vetoes words of that
/// language, or a label with no other word: Norwegian's "del" (share) is
/// Spanish's "of" in "Cargar video … del certamen".
fn read_words(label: &str) -> Option<Label> {
    let (automaton, says) = LABELS.as_ref()?;
    let folded = fold(label);
    let found: Vec<(Option<Label>, usize)> = words_in(automaton, says, &folded)
        .map(|w| (w.label, w.language))
        .collect();
    let said = |l: usize| found.iter().any(|(label, at)| label.is_some() && *at == l);
    let never = found.iter().filter(|(label, _)| label.is_none());
    if never.clone().next().is_some()
        && (found.iter().all(|(label, _)| label.is_none()) || never.clone().any(|(_, l)| said(*l)))
    {
        return None;
    }
    Some(
        found
            .iter()
            .filter_map(|(label, _)| *label)
            .max()
            .unwrap_or(Label::Other),
    )
}

/// The label words in `folded` with what each says: whole words, or
/// stems beginning one.
fn words_in<'a>(
    automaton: &'a AhoCorasick,
    says: &'a [Vec<Meaning>],
    folded: &'a str,
) -> impl Iterator<Item = &'a Meaning> + 'a {
    automaton.find_iter(folded).flat_map(move |m| {
        says.get(m.pattern().as_usize())
            .into_iter()
            .flatten()
            .filter(move |w| is_word_at(folded, m.range(), w.stem))
    })
}

/// Whether what was found at `at` in a folded text is a word of its own,
/// or, for a stem, begins one (a stem holds the word it begins; a whole
/// word only itself).
pub(crate) fn is_word_at(folded: &str, at: std::ops::Range<usize>, stem: bool) -> bool {
    let before = folded.get(..at.start).and_then(|s| s.chars().next_back());
    let after = folded.get(at.end..).and_then(|s| s.chars().next());
    !before.is_some_and(joins_word) && (stem || !after.is_some_and(joins_word))
}

/// Whether a link is the action of the asking sentence it sits in: "To
/// see this, please enable functional cookies <a href="#">here</a>". Its
/// own label says nothing ("here"); the sentence around it asks for
/// consent, so following it gives consent. A link labelled to never give
/// consent ("read more") stays what it says.
fn completes_asking_sentence(el: ElementRef<'_>) -> bool {
    el.value().name() == "a"
        && read_words(&label(el)) == Some(Label::Other)
        && sentence_around(el).is_some_and(|text| asks(&fold(&text)))
}

/// The sentence a control sits in or under: the text of the nearest
/// element saying more than the control, past wrappers holding it alone
/// (`<span><a>here</a></span>`); `None` past a box's sentence
/// ([`MAX_ASK_CHARS`]).
fn sentence_around(el: ElementRef<'_>) -> Option<String> {
    let own = visible(el, MAX_ASK_CHARS + 1);
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .take(MAX_LINK_WRAPPERS + 1)
        .map(|a| visible(a, MAX_ASK_CHARS + 1))
        .find(|text| *text != own)
        .filter(|text| text.chars().count() <= MAX_ASK_CHARS)
}

/// Whether folded text asks for consent in a language's phrases.
fn asks(folded: &str) -> bool {
    language::scan(folded).iter().any(|h| h.ask)
}

/// Every language's labels that only confirm (`confirm_controls`), folded.
static CONFIRMATIONS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .flat_map(|l| &l.confirm_controls)
        .map(|w| fold(w))
        .collect()
});

/// Whether a control's whole label only confirms ("Confirm", "Rendben"),
/// its marks aside: it says yes to its box's question and nothing more.
fn only_confirms_by_label(label: &str) -> bool {
    let folded = fold(label);
    CONFIRMATIONS.contains(folded.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// Whether a control that only confirms answers a sentence of its box
/// asking for a platform's content: a question to enable, allow or load
/// it (a consent control's word in it: "Do you want to enable content
/// from 'www.youtube.com'?", HumHub's oEmbed confirmation), or a sentence
/// asking consent in a language's phrases, naming the platform. Asked
/// nothing, "Confirm" and "OK" confirm anything (a newsletter, a form).
fn answers_its_question(el: ElementRef<'_>) -> bool {
    if !only_confirms_by_label(&label(el)) {
        return false;
    }
    let Some(text) = sentence_around(el) else {
        return false;
    };
    let folded = fold(&text);
    if asks(&folded) {
        return platform::in_wording(&text).is_some();
    }
    let asked = questions(&folded)
        .any(|q| read_label(q) == Label::Consent && platform::named_in(q).is_some());
    asked
}

/// Marks that end a question: Latin, Cyrillic and most scripts' `?`, the
/// full-width and Arabic ones, and the Greek question mark (a `;` in
/// Greek text, see [`is_greek`]).
const QUESTION_MARKS: [char; 4] = ['?', '\u{FF1F}', '\u{061F}', '\u{037E}'];

/// The questions of a folded text: each stretch ending in a question mark,
/// from the end of the sentence before it ("? ", ". ", "! ").
fn questions(folded: &str) -> impl Iterator<Item = &str> + '_ {
    let mut start = 0;
    folded.char_indices().filter_map(move |(at, c)| {
        let end = at + c.len_utf8();
        let stretch = folded.get(start..at).unwrap_or_default();
        let asked = QUESTION_MARKS.contains(&c) || c == ';' && stretch.chars().any(is_greek);
        let ends = asked
            || matches!(c, '.' | '!') && folded.get(end..).is_some_and(|r| r.starts_with(' '));
        if ends {
            start = end;
        }
        asked.then_some(stretch)
    })
}

/// Whether a char is a Greek letter: Greek writes its question mark as `;`.
fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')
}

/// Elements wrapping a link and nothing else, between it and its sentence
/// (a framework's `span > span > a`).
pub(super) const MAX_LINK_WRAPPERS: usize = 2;

/// The strongest label among the controls in `el` (a button that submits
/// no form, a `role="button"`, an `<input type="button">`, a `#` or
/// `javascript:` link).
fn strongest_control(el: ElementRef<'_>) -> Label {
    // Only the tools in force (a test may leave some out).
    let in_force = |tool: usize| {
        TOOLS
            .get(tool)
            .is_some_and(|t| !ablation::is_left_out(&t.file.id))
    };
    let mut strongest = Label::Other;
    let mut stack: Vec<NodeRef<'_, Node>> = vec![*el];
    let mut seen = 0usize;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > MAX_SEARCH || strongest == Label::Consent {
            break;
        }
        let Some(control) = ElementRef::wrap(node) else {
            continue;
        };
        // A switch already on was given: what it loaded shows beside it.
        if is_switched_on(control) {
            continue;
        }
        if super::tool_index::CONTROLS.any(control, in_force) {
            strongest = Label::Consent;
        } else if super::carriers::frames_consent_page(control)
            || carriers::consent_host(control, None).is_some()
        {
            // The site's consent page drawn in the frame, or a consent
            // element's shadow root, holds the control.
            strongest = Label::Consent;
        } else if is_control(control)
            && (completes_asking_sentence(control) || answers_its_question(control))
        {
            strongest = Label::Consent;
        } else if is_control(control) || is_switch(control) {
            strongest = strongest.max(read_label(&label(control)));
            if has_play_mark(control) {
                strongest = strongest.max(Label::Play);
            }
        } else if has_play_mark(control) {
            strongest = strongest.max(Label::Play);
        } else if styled_clickable(control) {
            // Made clickable by its stylesheet only: a control only where
            // its own words give consent ("Activa els vídeos de YouTube").
            if read_label(&label(control)) == Label::Consent {
                strongest = Label::Consent;
            }
        } else if leads_to_site_page(control)
            && stands_alone(control)
            && read_label(&label(control)) == Label::Consent
        {
            // A link on a line of its own to the site's privacy page,
            // labelled to give consent ("Toestemming geven"): the reader
            // gives it there, as with a settings button. A link inside a
            // sentence ("… in our <a>cookie policy</a>") is a reference.
            strongest = strongest.max(Label::Preferences);
        } else if is_clickable(control) {
            // A clickable box says what it does in its own text; a long text
            // is the whole ask, which counts where it asks for consent.
            strongest = strongest.max(match label(control) {
                l if l.trim().is_empty() => Label::Preferences,
                l => read_label(&l),
            });
        }
        let name = control.value().name();
        let opaque =
            matches!(name, "script" | "template") || name == "form" && !only_confirms(control);
        if !opaque {
            stack.extend(node.children());
        }
    }
    strongest
}

/// Class parts (split at `-` and `_`) that style a link as a button:
/// `_brlbs-btn`, `wp-block-button__link`. The content script's pre-check
/// reads the same list.
pub(crate) const BUTTON_CLASS_PARTS: [&str; 2] = ["btn", "button"];

/// Class parts that draw a play button (`play-button`, `ytp-large-play-button`).
/// The content script's pre-check reads the same list.
pub(crate) const PLAY_CLASS_PARTS: [&str; 2] = ["play", "playbutton"];

/// A play button drawn as an element: a class part of [`PLAY_CLASS_PARTS`].
fn has_play_mark(el: ElementRef<'_>) -> bool {
    has_class_part(el, &PLAY_CLASS_PARTS)
}

/// Whether one of `el`'s class parts (split at `-` and `_`) is one of `parts`.
/// Every element is asked (play marks): its raw class attribute is read, as
/// `Element::classes` would intern each class name first.
fn has_class_part(el: ElementRef<'_>, parts: &[&str]) -> bool {
    let Some(class) = crate::page::attr(el.value(), "class") else {
        return false;
    };
    // Most class attributes hold none of the parts anywhere: they are done
    // with before being split.
    let holds = |part: &str| {
        let (class, part) = (class.as_bytes(), part.as_bytes());
        let Some((first, rest)) = part.split_first() else {
            return true;
        };
        class.iter().enumerate().any(|(at, b)| {
            b.eq_ignore_ascii_case(first)
                && class
                    .get(at + 1..at + part.len())
                    .is_some_and(|after| after.eq_ignore_ascii_case(rest))
        })
    };
    if !parts.iter().any(|p| holds(p)) {
        return false;
    }
    std::iter::once(class)
        .flat_map(str::split_ascii_whitespace)
        .flat_map(|c| c.split(['-', '_']))
        .any(|part| parts.iter().any(|p| part.eq_ignore_ascii_case(p)))
}

/// Whether `el` is a play control: a control labelled to play, or an
/// element drawn as a play button. A box whose tool loads the player on
/// play offers nothing else.
pub fn is_play_control(el: ElementRef<'_>) -> bool {
    has_play_mark(el) || is_control(el) && read_label(&label(el)) == Label::Play
}

/// Whether `el` is a control labelled with a word its language lists both
/// to play and to load ("Přehrát video", "Reproduzir vídeo"): it reads as
/// a consent control, and is a box's only control where the tool loads
/// the player on play (see [`offers_named_embed`]).
pub fn is_play_word_control(el: ElementRef<'_>) -> bool {
    is_control(el) && !is_play_control(el) && holds_play_word(&label(el))
}

/// Whether a label holds, as a whole word or by its stem, one a language
/// lists to play.
fn holds_play_word(label: &str) -> bool {
    let Some((automaton, says)) = LABELS.as_ref() else {
        return false;
    };
    let folded = fold(label);
    words_in(automaton, says, &folded).any(|w| w.label == Some(Label::Play))
        && read_words(label).is_some()
}

/// Parts (split at `_` and `-`) of a query parameter's name that give
/// consent when a link reloads the page with it: the server then sets the
/// cookie and renders the embed (`?accept_youtube=yes`).
pub(crate) const CONSENT_QUERY_WORDS: [&str; 5] = ["accept", "allow", "consent", "optin", "cookie"];

/// Whether a link reloads the page itself (`?…`) with a parameter whose
/// name gives consent; `?page=2` or `?site_hide=yes` only navigate.
fn reloads_with_consent(href: &str) -> bool {
    href.trim_start().strip_prefix('?').is_some_and(|query| {
        query
            .split(['&', '#'])
            .filter_map(|pair| pair.split('=').next())
            .flat_map(|name| name.split(['_', '-']))
            .any(|part| {
                CONSENT_QUERY_WORDS
                    .iter()
                    .any(|w| part.eq_ignore_ascii_case(w))
            })
    })
}

/// A link to another page of the same site: a path (`/privacy/choices`),
/// not a fragment, a query, another host or a script.
fn leads_to_site_page(el: ElementRef<'_>) -> bool {
    el.value().name() == "a"
        && attr(el.value(), "href")
            .map(str::trim_start)
            .is_some_and(|h| h.starts_with('/') && !h.starts_with("//"))
}

/// Whether no text runs beside `el`: it stands on a line of its own, as a
/// button does, not inside a sentence. Wrappers holding it alone (`<span>`,
/// `<p>`) are looked past, up to [`MAX_LINK_WRAPPERS`]. A list's item is
/// not such a line: a link alone in an `<li>` is a menu's entry (a page's
/// navigation and footers hold hundreds), never a box's control.
fn stands_alone(el: ElementRef<'_>) -> bool {
    let mut node = el;
    for _ in 0..=MAX_LINK_WRAPPERS {
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            return true;
        };
        if parent.value().name() == "li" {
            return false;
        }
        let children = || parent.children().take(MAX_SEARCH);
        if children()
            .filter_map(|n| n.value().as_text())
            .any(|t| !t.trim().is_empty())
        {
            return false;
        }
        if children().filter(|n| n.value().is_element()).count() > 1 {
            return true;
        }
        node = parent;
    }
    true
}

/// A link styled as a button: a class part of [`BUTTON_CLASS_PARTS`].
fn styled_as_button(el: ElementRef<'_>) -> bool {
    has_class_part(el, &BUTTON_CLASS_PARTS)
}

/// Class parts (split at `-` and `_`) that make an element the click
/// target by the stylesheet alone (a component library's `Clickable`).
/// The content script's pre-check reads the same list.
pub(crate) const CLICKABLE_CLASS_PARTS: [&str; 1] = ["clickable"];

/// An element the stylesheet makes the click target (a class part of
/// [`CLICKABLE_CLASS_PARTS`]) when nothing in its markup does: its own
/// words must say what it does.
fn styled_clickable(el: ElementRef<'_>) -> bool {
    matches!(el.value().name(), "div" | "span")
        && !is_clickable(el)
        && has_class_part(el, &CLICKABLE_CLASS_PARTS)
}

/// A switch: a label holding a checkbox (its text is the switch's label),
/// a checkbox bare beside its words (their parent is the switch, its
/// text the label: TYPO3 mediaconsent's opt-in), or an element with
/// `role="switch"`.
fn is_switch(el: ElementRef<'_>) -> bool {
    let e = el.value();
    attr(e, "role") == Some("switch")
        || label_holds(el, is_checkbox)
        || e.name() != "form"
            && el
                .children()
                .take(MAX_SEARCH)
                .filter_map(ElementRef::wrap)
                .any(is_checkbox)
}

fn is_checkbox(el: ElementRef<'_>) -> bool {
    el.value().name() == "input"
        && attr(el.value(), "type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox"))
}

/// Whether `el` is a label holding an element `what` says (within
/// [`MAX_SEARCH`] nodes).
fn label_holds(el: ElementRef<'_>, what: fn(ElementRef<'_>) -> bool) -> bool {
    el.value().name() == "label"
        && el
            .descendants()
            .take(MAX_SEARCH)
            .filter_map(ElementRef::wrap)
            .any(what)
}

/// Whether `el` is a switch or toggle that reports itself on: its ARIA
/// state (`aria-checked`, `aria-pressed`) is `true`, or it is a checkbox
/// checked in the markup, or a label holding one. A box's switch is off
/// until the reader consents; a panel keeps it, turned on, beside the
/// embed it let load.
fn is_switched_on(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let on = |v: Option<&str>| v.is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    fn checked(i: ElementRef<'_>) -> bool {
        is_checkbox(i) && i.value().attr("checked").is_some()
    }
    on(e.attr("aria-checked"))
        || on(e.attr("aria-pressed"))
        || checked(el)
        || label_holds(el, checked)
}

/// An element made the click target, when it is not a control itself: by
/// a handler in the markup, by being focusable (`tabindex`), by a pointer
/// cursor in its own style, or by a handler an inline script beside it
/// sets on its id (`getElementById('overlay-1').onclick = …`).
fn is_clickable(el: ElementRef<'_>) -> bool {
    let e = el.value();
    matches!(e.name(), "div" | "figure" | "span" | "section" | "p")
        && (attr(e, "onclick").is_some()
            || attr(e, "tabindex").is_some_and(|t| t.trim() == "0")
            || attr(e, "style").is_some_and(|s| {
                s.to_ascii_lowercase()
                    .replace(' ', "")
                    .contains("cursor:pointer")
            })
            || e.id().is_some_and(|id| clicked_by_script(el, id)))
}

/// The clickable cover right before `note`, when `note` is a short
/// sentence that asks (see [`asks_below`]) and names the platform the
/// cover loads: a thumbnail whose click loads the player, its sentence
/// ("Clicking on this image will load the video and send data … to
/// YouTube") printed under it with no wrapper around both. The cover
/// shows a preview and no text of its own, and no live frame (after the
/// click it holds the player, the sentence still beside it).
pub fn cover_before(note: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let cover = note.prev_siblings().find_map(ElementRef::wrap)?;
    let is_cover = is_clickable(cover)
        && has_preview(cover)
        && visible(cover, 1).trim().is_empty()
        && !holds_live_frame(cover);
    let names = || platform::in_wording(&visible(note, MAX_ASK_CHARS + 1)).is_some();
    (is_cover && names() && asks_below(cover)).then_some(cover)
}

/// The note right under `cover` that makes it a box (see
/// [`cover_before`]): the cover's own words, naming the platform it loads.
pub fn note_under(cover: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let note = cover.next_siblings().find_map(ElementRef::wrap)?;
    (cover_before(note).map(|c| c.id()) == Some(cover.id())).then_some(note)
}

/// Levels above an element whose inline scripts may bind its click.
const MAX_SCRIPT_CLIMB: usize = 3;

/// Children of each of those levels looked at: a binding script sits
/// beside its element, and the walk's work stays bounded on pages of
/// many siblings with ids.
const MAX_SCRIPT_SIBLINGS: usize = 64;

/// Chars of an inline script read for a click binding (a binding script
/// beside its element is short).
const MAX_SCRIPT_CHARS: usize = 4_096;

/// Whether an inline script among the children of `el`'s parent or their
/// parents (up to [`MAX_SCRIPT_CLIMB`] levels) takes `el` by its `id` and
/// binds a click to it (`.onclick =`, `addEventListener('click'`).
fn clicked_by_script(el: ElementRef<'_>, id: &str) -> bool {
    el.ancestors()
        .take(MAX_SCRIPT_CLIMB)
        .flat_map(|a| a.children().take(MAX_SCRIPT_SIBLINGS))
        .filter_map(ElementRef::wrap)
        .filter(|s| s.value().name() == "script" && s.value().attr("src").is_none())
        .any(|script| {
            let code: String = script
                .text()
                .flat_map(str::chars)
                .take(MAX_SCRIPT_CHARS)
                .collect();
            let named = ["'", "\"", "`"]
                .iter()
                .any(|q| code.contains(&format!("getElementById({q}{id}{q})")));
            let binds = code.contains(".onclick")
                || code.contains("addEventListener('click'")
                || code.contains("addEventListener(\"click\"");
            named && binds
        })
}

fn is_control(el: ElementRef<'_>) -> bool {
    let e = el.value();
    // A link that goes nowhere: `#`, `javascript:`, or a fragment its own
    // click handler stands in for (`href="#foo" onclick="…; return false"`).
    let link = |h: &str| {
        let h = h.trim_start();
        h == "#"
            || h.starts_with('#') && attr(e, "onclick").is_some()
            || h.get(..11)
                .is_some_and(|s| s.eq_ignore_ascii_case("javascript:"))
    };
    // A submit control outside any form (a framework's button left at
    // `type="submit"`) submits nothing: a plain button.
    let submits_confirmation = || {
        let form = el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "form");
        match form {
            Some(form) => only_confirms(form),
            None => attr(e, "form").is_none(),
        }
    };
    let by_tag = match e.name() {
        "button" => attr(e, "type") != Some("submit") || submits_confirmation(),
        "input" => attr(e, "type").is_some_and(|t| {
            t.eq_ignore_ascii_case("button")
                || t.eq_ignore_ascii_case("submit") && submits_confirmation()
        }),
        "a" => {
            attr(e, "href").is_none_or(|h| link(h) || reloads_with_consent(h))
                || styled_as_button(el)
        }
        _ => false,
    };
    by_tag || attr(e, "role") == Some("button")
}

/// Input types that ask the reader nothing: a form of only these (and
/// buttons) posts a yes, as a consent tool's server-side box does (Leaflet
/// Map DSGVO's form: a nonce and "Okay"). A search, comment or newsletter
/// form has a field to fill.
const CONFIRMING_INPUTS: [&str; 3] = ["hidden", "submit", "button"];

/// Whether `form` is a `<form>` whose only fields confirm (see
/// [`CONFIRMING_INPUTS`]); its submit control is then a box's control.
pub(crate) fn only_confirms(form: ElementRef<'_>) -> bool {
    form.value().name() == "form"
        && form
            .descendants()
            .take(MAX_SEARCH)
            .filter_map(ElementRef::wrap)
            .all(|d| match d.value().name() {
                "input" => attr(d.value(), "type")
                    .is_some_and(|t| CONFIRMING_INPUTS.iter().any(|c| t.eq_ignore_ascii_case(c))),
                "textarea" | "select" => false,
                _ => true,
            })
}

/// A control's own label: its text (an input's value) and its `aria-label`;
/// empty past [`MAX_LABEL_CHARS`].
fn label(el: ElementRef<'_>) -> String {
    let e = el.value();
    let own = if e.name() == "input" {
        e.attr("value").unwrap_or_default().to_owned()
    } else {
        visible(el, MAX_LABEL_CHARS)
    };
    let aria = e.attr("aria-label").unwrap_or_default();
    if own.chars().count() + aria.chars().count() > MAX_LABEL_CHARS {
        // A control holding a whole box (its notice is its text) is named
        // by its `aria-label` alone, as a screen reader names it.
        return if aria.chars().count() <= MAX_LABEL_CHARS {
            aria.to_owned()
        } else {
            String::new()
        };
    }
    format!("{own} {aria}")
}

/// Whether the text of `el` asks for consent or names the service to load
/// (a phrase or a filled heading of some language), not only labels it
/// ("External content").
fn asks_consent(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_BOX_TEXT);
    asks(&fold(&text)) || asks_in_image(el) || asks_below(el)
}

/// Whether the element right after `el` is a short note that asks for
/// consent: a box may print its sentence under itself, outside its own
/// element ("* By pressing the button you accept …" under a wrapper whose
/// button says only "Only this video *"). A note with a control or a
/// frame of its own is not a note but a box (the tool's box after the
/// frame it blocks), which asks for itself.
fn asks_below(el: ElementRef<'_>) -> bool {
    el.next_siblings()
        .find_map(ElementRef::wrap)
        .is_some_and(|note| {
            let text = visible(note, MAX_ASK_CHARS + 1);
            text.chars().count() <= MAX_ASK_CHARS
                && asks(&fold(&text))
                && note
                    .descendants()
                    .take(MAX_SEARCH)
                    .filter_map(ElementRef::wrap)
                    .all(|n| !is_control(n) && !is_switch(n) && n.value().name() != "iframe")
        })
}

/// Whether a box drawn as an image says its sentence in the image's `alt`
/// (a preview with "Please accept cookies to load the content" as its
/// text alternative): the box shows no text of its own.
fn asks_in_image(el: ElementRef<'_>) -> bool {
    visible(el, MAX_BOX_TEXT).trim().is_empty()
        && el
            .descendants()
            .take(MAX_SEARCH)
            .filter_map(ElementRef::wrap)
            .filter(|i| i.value().name() == "img")
            .filter_map(|i| i.value().attr("alt"))
            .any(|alt| language::scan(&fold(alt)).iter().any(|h| h.ask))
}

/// Whether `el` keeps a blocked embed: a URL parked in a tool's attribute,
/// an inert script, a `<noscript>` frame, or a frame whose own address is
/// gone while an attribute still holds one.
fn parks_embed(el: ElementRef<'_>) -> bool {
    let mut stack: Vec<NodeRef<'_, Node>> = vec![*el];
    let mut seen = 0usize;
    while let Some(node) = stack.pop() {
        seen += 1;
        if seen > MAX_SEARCH {
            return false;
        }
        let Some(child) = ElementRef::wrap(node) else {
            continue;
        };
        if parks(child) {
            return true;
        }
        // A `<template>`'s content is not in the page until a script uses it.
        if child.value().name() != "template" {
            stack.extend(node.children());
        }
    }
    false
}

fn parks(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let carrier = match v.name() {
        "script" => {
            let kind = v.attr("type").unwrap_or_default().trim();
            tools()
                .flat_map(|t| &t.file.inert_scripts)
                .any(|s| kind.eq_ignore_ascii_case(&s.kind))
                || keeps_embed(el)
                || is_blocked_script(el)
                    && (loads_a_platform(el)
                        || {
                            let code: String = el.text().collect();
                            platform_address_in(&code).is_some()
                        }
                        || carriers::read(el, None).platform.is_some())
        }
        "noscript" => el.text().any(holds_platform_address),
        "iframe" => {
            carriers::frames_consent_page(el)
                || !is_live_frame(el)
                    && !is_lazy(el)
                    && !is_tracking_frame(el)
                    && v.attrs().any(|(_, value)| is_address(value))
        }
        _ => false,
    };
    carrier
        || carriers::consent_host(el, None).is_some()
        || has_parked_url(el) && !shows_parked_address(el)
        || v.name() != "iframe" && !is_lazy(el) && parked_in_data(el).is_some()
        || !is_lazy(el) && address_in_json(el).is_some()
        || !is_lazy(el) && id_embed(el).is_some() && !holds_live_frame(el)
        || html_in_attributes(el).is_some_and(|html| holds_platform_address(&html))
        || html_in_template(el).is_some_and(|html| holds_platform_address(&html))
}

/// Whether a frame already shows the address a tool parked on it (Klaro
/// keeps `data-src` after consent put it back in `src`): it is live.
fn shows_parked_address(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.name() == "iframe"
        && v.attr("src").is_some_and(|src| {
            is_address(src)
                && v.attrs()
                    .any(|(n, value)| n != "src" && value.trim() == src.trim())
        })
}

/// Whether a frame inside `el` already shows its content: an ID kept
/// beside it is what the tool loaded after consent, not a parked embed.
pub fn holds_live_frame(el: ElementRef<'_>) -> bool {
    el.descendants()
        .take(MAX_SEARCH)
        .filter_map(ElementRef::wrap)
        .any(|f| f.value().name() == "iframe" && is_live_frame(f) && !in_template(f, el))
}

/// Whether `el` sits in a `<template>` below `within`: a template's content
/// is not in the page until a script uses it (a frame there shows nothing).
fn in_template(el: ElementRef<'_>, within: ElementRef<'_>) -> bool {
    el.ancestors()
        .take_while(|a| a.id() != within.id())
        .take(MAX_SEARCH)
        .any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.name() == "template")
        })
}

/// Whether a lazy loader, not a consent tool, parked this element's embed.
fn is_lazy(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let marked = |s: &str| {
        let s = s.to_ascii_lowercase();
        LAZY_MARKS.iter().any(|m| s.contains(m))
    };
    marked(v.name()) || v.classes().any(marked)
}

/// A frame sized 0 or 1 px, or hidden by its style: a tag manager's. A
/// hidden frame that parks a platform's embed address in a `data-*`
/// attribute is a blocked embed, hidden until consent.
fn is_tracking_frame(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let tiny = |a: &str| {
        v.attr(a)
            .and_then(|x| x.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|px| px <= MAX_TRACKING_FRAME_PX)
    };
    let style = v.attr("style").unwrap_or_default().replace(' ', "");
    let hidden = style.contains("display:none") || style.contains("visibility:hidden");
    tiny("width") || tiny("height") || hidden && parked_in_data(el).is_none()
}

/// Whether `el` is itself a blocked embed a box may be built around: a
/// frame without its address, an ID beside a platform's name, an embed's
/// HTML in an attribute or in a script no browser runs, each of a known
/// platform; or a frame of any service whose own address is gone while an
/// attribute keeps it (a tour, a 3D model: the service outside the
/// platforms is named by the address's host).
pub fn is_parked_embed(el: ElementRef<'_>) -> bool {
    let v = el.value();
    let kind = matches!(v.name(), "iframe" | "script")
        || may_carry(v)
            && (carriers::consent_host(el, None).is_some()
                || id_embed(el).is_some()
                || html_in_attributes(el).is_some()
                || html_in_template(el).is_some()
                || parked_in_data(el).is_some()
                || address_in_json(el).is_some());
    // An element keeping an address around a live frame shows its embed
    // (an oEmbed snippet naming its provider's endpoint beside the frame).
    kind && parks(el)
        && (v.name() == "iframe" || !holds_live_frame(el))
        && (carriers::read(el, None).platform.is_some()
            || v.name() == "iframe" && carriers::parked_frame(el, None).is_some())
}

/// Whether an element other than a frame or a script could be one of
/// [`is_parked_embed`]'s carriers at all: each needs a `<template>`, a
/// custom element's name (`consent_host`) or an attribute that can keep
/// an address, an ID or markup (`data-*`, a name ending in `id` or
/// `code`, a tool's ID hook; see `id_embed`, `parked_in_data`,
/// `html_in_attributes`, `address_in_json`). Most elements of a page have
/// none, and are done with in one look at their attributes' names.
fn may_carry(v: &scraper::node::Element) -> bool {
    let name = v.name();
    name == "template"
        || name.contains('-')
        || v.attrs().any(|(attribute, _)| {
            attribute.starts_with("data-")
                || attribute.ends_with("id")
                || attribute.ends_with("code")
                || carriers::ID_HOOK_ATTRIBUTES.contains(&attribute)
        })
}

/// Whether `el` is a frame waiting for its address: no address of its own
/// (no `src`, an empty one or `about:blank`) and none parked on it, not a
/// tracking frame. A consent snippet writes the address in on consent
/// (`div.video_layer > iframe[src=""]` beside the ask).
pub fn is_waiting_frame(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.name() == "iframe"
        && v.attr("src").is_none_or(|src| {
            let src = src.trim();
            src.is_empty() || src.eq_ignore_ascii_case("about:blank")
        })
        && v.attrs().all(|(_, value)| !is_address(value))
        && !is_tracking_frame(el)
}

/// Whether the box around a waiting frame asks consent for a named
/// embed: a control that gives consent ("Concordo") and wording that
/// names the platform. The frame keeps nothing, so both must say it.
pub fn waits_for_consent(el: ElementRef<'_>) -> bool {
    strongest_control(el) == Label::Consent
        && platform::in_wording(&visible(el, MAX_BOX_TEXT)).is_some()
        && !holds_live_frame(el)
}

/// Whether a blocked script is a platform's widget: an attribute names the
/// platform or holds an address on its host.
fn loads_a_platform(el: ElementRef<'_>) -> bool {
    el.value().attrs().any(|(_, value)| {
        if is_address(value) {
            crate::url::clean(value, None).is_some_and(|u| platform::by_url(&u).is_some())
        } else {
            value.chars().count() <= MAX_NAME_CHARS && platform::by_name(value).is_some()
        }
    })
}

/// Whether markup kept as text (a `<noscript>`'s) holds an address on a
/// platform's host: a tag manager's tracking frame is not an embed.
fn holds_platform_address(markup: &str) -> bool {
    markup
        .split(|c: char| c == '"' || c == '\'' || c == '<' || c == '>' || c.is_whitespace())
        .take(MAX_TOKENS)
        .filter(|token| is_address(token))
        .any(|token| crate::url::clean(token, None).is_some_and(|u| platform::by_url(&u).is_some()))
}

/// Whether `el` keeps a blocked embed's URL in an attribute a tool parks it in.
pub fn has_parked_url(el: ElementRef<'_>) -> bool {
    let v = el.value();
    tools().any(|t| {
        t.file
            .parked
            .iter()
            .any(|a| crate::page::attr(v, a).is_some())
            || t.parked_on
                .iter()
                .any(|(on, a)| crate::page::attr(v, a).is_some() && on.matches(&el))
    })
}

/// The control evidence of a box: a consent control; or text that asks
/// for consent, with the blocked embed parked in the box or a control that
/// opens the consent tool's choices.
pub fn is_evidence(el: ElementRef<'_>) -> bool {
    match strongest_control(el) {
        Label::Consent => true,
        // A settings button right before a frame hidden until consent
        // is that frame's placeholder, whatever language it speaks; so is
        // one beside a link to the video its box names, no frame of it
        // live: the tool took the player out until the settings allow it.
        Label::Preferences => {
            asks_consent(el)
                || parks_hidden_after(el)
                || is_quiet_box(el)
                || links_its_embed(el)
                || is_consent_note(el)
        }
        Label::Play => {
            asks_consent(el) && (parks_embed(el) || parks_before(el) || links_its_embed(el))
                || is_quiet_box(el)
                || plays_named_embed(el)
                || consents_by_its_button(el)
                || is_consent_note(el)
        }
        Label::Other => {
            asks_consent(el) && (parks_embed(el) || parks_before(el) || parks_hidden_after(el))
                || is_quiet_box(el)
                || consents_by_its_button(el)
                || is_consent_note(el)
                || switches_on_named_embed(el)
        }
    }
}

/// A tool's note where a parked embed waits: one short text with a
/// consent word in any language ("…enable cookies", "请接受 Cookie 同意…"),
/// whatever its control says or if it has none yet, the address parked in
/// the note itself or in the hidden frame right after it. The parked
/// address says what the note stands for, so its wording needs no phrase
/// of ours; its length bounds what a hostile page could have hidden this
/// way to one sentence.
fn is_consent_note(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_ASK_CHARS + 1);
    text.chars().count() <= MAX_ASK_CHARS
        && language::names_consent(&fold(&text))
        && !holds_live_frame(el)
        && (parks_embed(el) || parks_hidden_after(el))
}

/// A blocked frame whose tool writes its note into the frame's own empty
/// document, the words kept in an attribute the tool file names
/// (Cookie-Script's `alt`): the note names consent, the frame parks an
/// embed and shows none. Bounded like a note in the page.
pub fn asks_in_its_frame(el: ElementRef<'_>) -> bool {
    el.value().name() == "iframe"
        && !holds_live_frame(el)
        && parks(el)
        && tools()
            .flat_map(|t| &t.file.notice_attributes)
            .filter_map(|a| el.value().attr(a))
            .any(|words| {
                words.chars().count() <= MAX_ASK_CHARS && language::names_consent(&fold(words))
            })
}

/// Words of a switch's label that only name a service ("Podigee", "X
/// (Twitter)"): a longer label says what it does and is read as one.
const MAX_NAME_LABEL_WORDS: usize = 3;

/// Whether a box's switch is labelled with nothing but the name of the
/// service whose embed the box keeps parked, no frame of it live: the
/// broadcasters' two-click slider under an empty window, which turns that
/// service on.
fn switches_on_named_embed(el: ElementRef<'_>) -> bool {
    if holds_live_frame(el) || !parks_embed(el) {
        return false;
    }
    let Some(kept) = carriers::read(el, None).platform else {
        return false;
    };
    el.descendants()
        .take(MAX_SEARCH)
        .filter_map(ElementRef::wrap)
        .filter(|c| is_switch(*c) && !is_switched_on(*c))
        .any(|c| {
            let name = label(c);
            name.split_whitespace().count() <= MAX_NAME_LABEL_WORDS
                && read_words(&name).is_some()
                && platform::in_wording(&name)
                    .is_some_and(|p| p.id == kept.id && p.name == kept.name)
        })
}

/// Whether a box's own sentence makes clicking its one control the
/// consent ("Wenn Du auf den Button klickst, lässt Du Cookies von YouTube
/// zu." under "Video von YouTube ansehen", a label with no consent word):
/// an act on the content paired with its effect, the platform named, one
/// control whose label never refuses, and no frame live.
fn consents_by_its_button(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_BOX_TEXT);
    if !language::asks_by_act(&fold(&text))
        || platform::in_wording(&text).is_none()
        || holds_live_frame(el)
    {
        return false;
    }
    let mut controls = el
        .descendants()
        .take(MAX_SEARCH)
        .filter_map(ElementRef::wrap)
        .filter(|c| is_control(*c));
    let first = controls.next();
    first.is_some_and(|c| read_words(&label(c)).is_some()) && controls.next().is_none()
}

/// Whether a box names a platform and links to that platform's post or
/// video, with no frame of it live inside: a play button's box keeps only
/// the link (the tool took the frame out of the page).
fn links_its_embed(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_BOX_TEXT);
    platform::in_wording(&text)
        .is_some_and(|named| carriers::content_link(el, None, named).is_some())
        && !holds_live_frame(el)
}

/// Whether the element right before `el` is a blocked embed: tools put
/// their box after the frame they block (Cookiebot's
/// `iframe[data-cookieblock-src] + div.cookieconsent-optout-marketing`).
fn parks_before(el: ElementRef<'_>) -> bool {
    el.prev_siblings()
        .find_map(ElementRef::wrap)
        .is_some_and(|before| parks(before) || is_post_markup(before))
}

/// Whether the element right after `el` is a frame hidden until consent
/// that parks an embed: a sentence saying the content is blocked, right
/// before it, is its box even when the tool draws no control.
fn parks_hidden_after(el: ElementRef<'_>) -> bool {
    el.next_siblings()
        .find_map(ElementRef::wrap)
        .is_some_and(|after| carriers::is_hidden(after) && parks(after))
}

/// A platform's own post markup (a tweet's `blockquote.twitter-tweet`),
/// which right before a box that asks is the post its script never drew.
fn is_post_markup(el: ElementRef<'_>) -> bool {
    el.value().classes().any(|c| {
        PLATFORMS
            .iter()
            .any(|p| p.embed_classes.iter().any(|e| e == c))
    })
}

/// A box whose control the tool draws later: a parked embed, a preview
/// image, and a sentence naming the embed's platform.
fn is_quiet_box(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_BOX_TEXT);
    if text.split_whitespace().count() < MIN_SENTENCE_WORDS || !has_preview(el) {
        return false;
    }
    let Some(named) = platform::in_wording(&text) else {
        return false;
    };
    let embed = carriers::read(el, None);
    let Some(url) = embed.url else {
        return false;
    };
    embed
        .platform
        .is_some_and(|p| p.id == named.id && p.name == named.name)
        && (parks_embed(el) || keeps_id_of(el, &url))
}

/// Whether an element in `el` keeps, as a `data-*` attribute's whole
/// value, the ID in the embed's address (`data-video-id` beside the
/// video's own thumbnail): the player waits for it, whatever the
/// attribute is called.
fn keeps_id_of(el: ElementRef<'_>, url: &url::Url) -> bool {
    el.descendants()
        .take(MAX_SEARCH)
        .filter_map(ElementRef::wrap)
        .flat_map(|d| d.value().attrs())
        .any(|(name, value)| {
            name.starts_with("data-")
                && value.len() >= carriers::MIN_BARE_ID
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
                && url.as_str().contains(value)
        })
}

/// A box whose tool loads the player only on play, asking nothing: a
/// sentence names the embed's platform (a note that the video comes from
/// it, the provider's privacy note), a control labelled to play (a drawn
/// play mark is any gallery's or feed's), and the box keeps that
/// platform's embed parked, or links to its video, with no frame of it
/// live. The play control stands for the consent a box asks elsewhere.
fn plays_named_embed(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_BOX_TEXT);
    if text.split_whitespace().count() < MIN_SENTENCE_WORDS || holds_live_frame(el) {
        return false;
    }
    let labelled = el
        .descendants()
        .take(MAX_SEARCH)
        .filter_map(ElementRef::wrap)
        .any(|c| is_control(c) && read_label(&label(c)) == Label::Play);
    if !labelled {
        return false;
    }
    offers_named_embed(el)
}

/// Whether a box's sentence names a platform and the box keeps that
/// platform's embed parked, or links to its post or video.
pub fn offers_named_embed(el: ElementRef<'_>) -> bool {
    let text = visible(el, MAX_BOX_TEXT);
    let Some(named) = platform::in_wording(&text) else {
        return false;
    };
    let kept = carriers::read(el, None)
        .platform
        .is_some_and(|p| p.id == named.id && p.name == named.name)
        && parks_embed(el);
    kept || carriers::content_link(el, None, named).is_some()
}

/// Whether a control holds a whole box: a preview image or the blocked
/// embed parked inside it, and a sentence besides its label (a thumbnail
/// button with the tool's notice inside; a box that is all one click
/// target, `role="button"` round its notice and its parked frame). Such a
/// control is its own box; a short label over an image is only a box's
/// control.
pub(crate) fn holds_whole_box(control: ElementRef<'_>) -> bool {
    (has_preview(control) || parks_embed(control))
        && visible(control, MAX_BOX_TEXT).split_whitespace().count() >= MIN_SENTENCE_WORDS
}

/// Whether `el` shows an image (not a 1 px tracker) outside `<noscript>`:
/// an `<img>`, or an element whose inline style draws a picture as its
/// background (a player's poster, `background-image: url(…)`).
fn has_preview(el: ElementRef<'_>) -> bool {
    el.descendants().filter_map(ElementRef::wrap).any(|i| {
        let v = i.value();
        (v.name() == "img" && !is_tracking_frame(i) || draws_background_image(i))
            && !i
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != el.id())
                .any(|a| matches!(a.value().name(), "noscript" | "template"))
    })
}

/// Whether an element's inline style draws an image addressed by URL as
/// its background (a `data:` pattern or a gradient is decoration).
fn draws_background_image(el: ElementRef<'_>) -> bool {
    attr(el.value(), "style").is_some_and(|style| {
        let style = style.to_ascii_lowercase();
        style.contains("background")
            && style.split("url(").skip(1).any(|rest| {
                let inner = rest.trim_start().trim_start_matches(['"', '\'']);
                inner.starts_with("http") || inner.starts_with('/')
            })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::{Html, Selector};

    fn first_div(html: &Html) -> ElementRef<'_> {
        html.select(&Selector::parse("div").unwrap())
            .next()
            .unwrap()
    }

    fn first_frame(html: &Html) -> ElementRef<'_> {
        html.select(&Selector::parse("iframe").unwrap())
            .next()
            .unwrap()
    }

    #[test]
    fn only_elements_that_can_keep_an_embed_are_asked_whether_they_park_one() {
        let may = |html: &str| {
            let html = Html::parse_fragment(html);
            let el = html
                .root_element()
                .first_child()
                .and_then(ElementRef::wrap)
                .unwrap();
            may_carry(el.value())
        };
        for carrier in [
            r#"<div data-src="https://www.youtube.com/embed/Ps8nR3cVx1f"></div>"#,
            r#"<div class="youtube" videoid="Ps8nR3cVx1f"></div>"#,
            r#"<div data-yt-code="Ps8nR3cVx1f"></div>"#,
            r#"<span tweetid="1234567890"></span>"#,
            r#"<template>&lt;iframe src="https://www.youtube.com/embed/x"&gt;</template>"#,
            r#"<cookie-consent-embed src="https://www.youtube.com/embed/x"></cookie-consent-embed>"#,
        ] {
            assert!(may(carrier), "{carrier}");
        }
        for plain in [
            r#"<p class="intro" style="x">Text</p>"#,
            r#"<a href="https://example.com/">x</a>"#,
            "<div></div>",
        ] {
            assert!(!may(plain), "{plain}");
        }
    }

    #[test]
    fn a_class_part_is_a_whole_part_in_any_case() {
        let has = |class: &str| {
            let html = Html::parse_fragment(&format!(r#"<div class="{class}"></div>"#));
            has_class_part(first_div(&html), &PLAY_CLASS_PARTS)
        };
        assert!(has("video btn-Play"));
        assert!(has("PLAYBUTTON"));
        assert!(has("x_play-y"));
        assert!(!has("display player"));
        assert!(!has("pla"));
        assert!(!has(""));
    }

    #[test]
    fn a_frame_asks_in_the_words_its_tool_writes_into_it() {
        let parked = |alt: &str, src: &str| {
            Html::parse_fragment(&format!(
                r#"<iframe {src} data-cookiescript="accepted" data-cookiecategory="targeting" data-src="https://www.youtube.com/embed/Ps8nR3cVx1f" alt="{alt}"></iframe>"#
            ))
        };
        let asks = parked("Please accept cookie policy first", "");
        assert!(asks_in_its_frame(first_frame(&asks)));
        // Words that name no consent, or a frame already showing its video.
        let says = parked("Festival preparations", "");
        assert!(!asks_in_its_frame(first_frame(&says)));
        let live = parked(
            "Please accept cookie policy first",
            r#"src="https://www.youtube.com/embed/Ps8nR3cVx1f""#,
        );
        assert!(!asks_in_its_frame(first_frame(&live)));
    }

    #[test]
    fn a_word_that_never_consents_vetoes_only_its_own_language() {
        // Norwegian's "del" (share) is Spanish's "of".
        assert_eq!(
            read_label("Final del Certamen 2026 Cargar video YouTube"),
            Label::Consent
        );
        assert_eq!(read_label("Accept and show more"), Label::Other);
        assert_eq!(read_label("Del"), Label::Other);
        assert_eq!(read_words("Share"), None);
    }

    #[test]
    fn a_stem_holds_the_forms_of_its_word_and_a_whole_word_only_itself() {
        // hu's "betöltés*": its possessive on a site's own button.
        assert_eq!(read_label("Tartalom betöltése"), Label::Consent);
        assert_eq!(read_label("Betöltés"), Label::Consent);
        // A stem begins its word: "újrabetöltés" (reload) is another word.
        assert_eq!(read_label("Újrabetöltés"), Label::Other);
        // Lookalikes stay what their words say.
        for label in ["Tovább olvasom", "Zobrazit více", "Načíst další"] {
            assert_eq!(read_label(label), Label::Other, "{label}");
        }
        // A whole word holds no longer one: cs "ano" (yes) is no "anotace".
        assert_eq!(read_label("Anotace"), Label::Other);
        // Switches and buttons of HumHub and c15t in their languages' forms.
        for label in [
            "Να επιτρέπεται πάντα περιεχόμενο από αυτό τον πάροχο!",
            "Mindig engedélyezze a tartalmat ettől a szolgáltatótól!",
            "Vedno dovolite vsebino tega ponudnika!",
            "Завжди дозволяти зміст від цього постачальника!",
            "Всегда разрешайте контент от этого поставщика!",
            "Активирайте съгласие за experience",
        ] {
            assert_eq!(read_label(label), Label::Consent, "{label}");
        }
        // sl "dovolj" (enough) and el "απενεργοποίηση" (turning off) are other words.
        for label in ["Dovolj je", "Απενεργοποίηση"] {
            assert_eq!(read_label(label), Label::Other, "{label}");
        }
    }

    #[test]
    fn words_of_unspaced_scripts_are_read_inside_a_label() {
        assert_eq!(read_label("動画を読み込む"), Label::Consent);
        assert_eq!(read_label("reloaded"), Label::Other);
        // Korean joins its endings to a stem.
        assert_eq!(read_label("동영상을 불러옵니다"), Label::Consent);
        assert_eq!(read_label("동영상 목록"), Label::Other);
    }

    #[test]
    fn a_fragment_link_is_a_control_only_when_a_handler_stands_in_for_it() {
        let control = |html: &str| {
            let page = Html::parse_fragment(html);
            let link = page
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "a")
                .unwrap();
            is_control(link)
        };
        assert!(control(
            r##"<a href="#foo" onclick="show('video'); return false;">Show content</a>"##
        ));
        assert!(!control(r##"<a href="#comments">Show content</a>"##));
    }

    #[test]
    fn a_word_that_plays_and_loads_makes_a_play_word_control() {
        let html = Html::parse_fragment(
            r#"<div><button>Přehrát video</button><button>Přijmout</button></div>"#,
        );
        let buttons: Vec<ElementRef<'_>> =
            html.select(&Selector::parse("button").unwrap()).collect();
        assert!(is_play_word_control(buttons[0]));
        assert!(!is_play_word_control(buttons[1]));
    }

    #[test]
    fn a_background_image_is_a_preview() {
        let poster = Html::parse_fragment(
            r#"<div><div style="background-image: url(https://lms.example/thumbs/a1.jpg)"></div></div>"#,
        );
        assert!(has_preview(first_div(&poster)));
        let gradient = Html::parse_fragment(
            r#"<div><div style="background: linear-gradient(#000, #fff)"></div></div>"#,
        );
        assert!(!has_preview(first_div(&gradient)));
    }

    #[test]
    fn a_box_that_is_its_own_click_target_is_its_control() {
        let by_script = Html::parse_fragment(
            r#"<div class="video"><div id="overlay-1" class="overlay"><p>Click to load video!</p></div><iframe id="frame-1" data-src="https://www.youtube-nocookie.com/embed/pQ7wLm3Xs9E"></iframe><script>var o = document.getElementById('overlay-1'); o.onclick = function () { o.remove(); };</script></div>"#,
        );
        let overlay = by_script
            .select(&Selector::parse("#overlay-1").unwrap())
            .next()
            .unwrap();
        assert!(is_clickable(overlay));
        assert!(is_evidence(first_div(&by_script)));
        let styled = Html::parse_fragment(
            r#"<div style="cursor: pointer"><span>Inhalt laden</span><iframe data-src="https://player.vimeo.com/video/123456"></iframe></div>"#,
        );
        assert!(is_clickable(first_div(&styled)));
        assert!(is_evidence(first_div(&styled)));
    }

    #[test]
    fn a_binding_script_past_the_siblings_looked_at_is_not_read() {
        // Bounded work on a page of many siblings: the binding is there,
        // but farther than MAX_SCRIPT_SIBLINGS children away.
        let html = format!(
            r#"<div><div id="overlay-9"><p>Click to load video!</p></div>{}<script>document.getElementById('overlay-9').onclick = play;</script></div>"#,
            "<p>filler</p>".repeat(MAX_SCRIPT_SIBLINGS)
        );
        let page = Html::parse_fragment(&html);
        let overlay = page
            .select(&Selector::parse("#overlay-9").unwrap())
            .next()
            .unwrap();
        assert!(!is_clickable(overlay));
    }

    #[test]
    fn an_element_another_element_s_script_binds_is_no_click_target() {
        // The script binds a different id; the overlay is plain text.
        let other = Html::parse_fragment(
            r#"<div class="video"><div id="overlay-2" class="overlay"><p>Click to load video!</p></div><iframe src="https://www.youtube-nocookie.com/embed/pQ7wLm3Xs9E"></iframe><script>document.getElementById('menu').onclick = toggle;</script></div>"#,
        );
        let overlay = other
            .select(&Selector::parse("#overlay-2").unwrap())
            .next()
            .unwrap();
        assert!(!is_clickable(overlay));
        // A pointer over a live frame's teaser asks nothing.
        let live = Html::parse_fragment(
            r#"<div style="cursor:pointer"><span>Read more</span><iframe src="https://player.vimeo.com/video/123456"></iframe></div>"#,
        );
        assert!(!is_evidence(first_div(&live)));
    }

    #[test]
    fn a_frame_of_any_service_parking_its_address_is_a_parked_embed() {
        let frame = |html: &str| {
            let page = Html::parse_fragment(html);
            let f = page
                .select(&Selector::parse("iframe").unwrap())
                .next()
                .unwrap();
            is_parked_embed(f)
        };
        assert!(frame(
            r#"<iframe title="A tile panel" data-src="https://sketchfab.com/models/4f8c2a91d7e34b6b/embed"></iframe>"#
        ));
        assert!(frame(
            r#"<iframe data-src="https://my.matterport.com/show/?m=Xb7kQ2rLp9s" width="100%" height="480"></iframe>"#
        ));
        // Live, lazy-loaded or a tag manager's: no blocked embed.
        assert!(!frame(
            r#"<iframe src="https://sketchfab.com/models/4f8c2a91d7e34b6b/embed"></iframe>"#
        ));
        assert!(!frame(
            r#"<iframe class="lazyload" data-src="https://sketchfab.com/models/4f8c2a91d7e34b6b/embed"></iframe>"#
        ));
        assert!(!frame(
            r#"<iframe width="0" height="0" data-src="https://www.tracker.example/ns.html?id=GTM-1"></iframe>"#
        ));
    }

    #[test]
    fn consent_and_load_labels_count_in_every_language() {
        for label in [
            "Accepter",
            "Load content",
            "Show Instagram content",
            "Inhalt laden",
            "YouTube-Video jetzt laden",
            "Aceptar y continuar",
            "Inhoud tonen",
            "Consenti",
            "J’accepte",
        ] {
            assert_eq!(read_label(label), Label::Consent, "{label}");
        }
    }

    #[test]
    fn share_subscribe_show_more_reply_and_log_in_never_count() {
        for label in [
            "Share",
            "Subscribe",
            "Show more",
            "Mehr anzeigen",
            "Reply",
            "Log in",
            "Partager",
            "Afficher plus",
            "Review",
            "Allowance",
            "Accept and show more",
        ] {
            assert_eq!(read_label(label), Label::Other, "{label}");
        }
    }

    #[test]
    fn an_embed_address_in_json_of_a_data_attribute_is_parked() {
        // Frame attributes as an object (slashes escaped) or URLs as an array.
        for attr in [
            r#"{"src":"https:\/\/www.youtube-nocookie.com\/embed\/Vb2nQ7xLp4M","title":"x"}"#,
            r#"["https://player.vimeo.com/video/921870334"]"#,
        ] {
            let html = Html::parse_fragment(&format!("<div data-attributes='{attr}'></div>"));
            assert!(is_parked_embed(first_div(&html)), "{attr}");
        }
        // A platform's home page, a script or plain settings are no embed.
        for attr in [
            r#"["https://www.youtube.com/"]"#,
            r#"{"src":"https://www.youtube.com/iframe_api.js"}"#,
            r#"{"autoplay":true,"width":560}"#,
            r#"{"src": broken"#,
        ] {
            let html = Html::parse_fragment(&format!("<div data-attributes='{attr}'></div>"));
            assert!(!is_parked_embed(first_div(&html)), "{attr}");
        }
    }

    #[test]
    fn hostile_json_in_a_data_attribute_is_read_within_bounds() {
        let embed = r#""https://player.vimeo.com/video/921870334""#;
        let attrs = [
            // Nesting past serde_json's recursion limit: an error, not a stack overflow.
            format!("{}{embed}{}", "[".repeat(4000), "]".repeat(4000)),
            // The address past the values read.
            format!("[{}{embed}]", r#""x","#.repeat(200)),
            // Over the bytes parsed.
            format!(r#"{{"pad":"{}","src":{embed}}}"#, "a".repeat(20_000)),
        ];
        for attr in attrs {
            let html = Html::parse_fragment(&format!("<div data-attributes='{attr}'></div>"));
            assert!(!is_parked_embed(first_div(&html)), "{}", &attr[..40]);
        }
    }

    #[test]
    fn an_embed_kept_in_a_script_no_browser_runs_is_parked() {
        let first_script = |html: &Html| {
            html.select(&Selector::parse("script").unwrap())
                .next()
                .map(|s| is_parked_embed(s))
                .unwrap()
        };
        let kept = Html::parse_fragment(
            r#"<div><script type="text/plain"><iframe src="https://www.youtube-nocookie.com/embed/Hb6tQ2wKz9F"></iframe></script></div>"#,
        );
        assert!(first_script(&kept));
        // A blocked analytics script, or a running one, is no embed.
        for other in [
            r#"<div><script type="text/plain">window.dataLayer = window.dataLayer || [];</script></div>"#,
            r#"<div><script>document.write('<iframe src="https://www.youtube.com/embed/Hb6tQ2wKz9F"></iframe>')</script></div>"#,
        ] {
            assert!(!first_script(&Html::parse_fragment(other)), "{other}");
        }
    }

    #[test]
    fn a_sentence_asking_right_before_a_hidden_parked_frame_is_its_box() {
        let html = Html::parse_fragment(
            r#"<div><p>This content is blocked. Accept cookies to view this content.</p></div><iframe data-src="https://www.youtube-nocookie.com/embed/pR3x" style="display: none"></iframe>"#,
        );
        assert!(is_evidence(first_div(&html)));
        // Nothing parked after it, or a frame that shows: no box.
        for other in [
            r#"<div><p>This content is blocked. Accept cookies to view this content.</p></div><p>More.</p>"#,
            r#"<div><p>This content is blocked. Accept cookies to view this content.</p></div><iframe src="https://www.youtube.com/embed/pR3x"></iframe>"#,
        ] {
            assert!(
                !is_evidence(first_div(&Html::parse_fragment(other))),
                "{other}"
            );
        }
    }

    #[test]
    fn a_frame_inside_a_template_is_not_live() {
        let html = Html::parse_fragment(
            r#"<div><template><iframe src="https://www.youtube.com/embed/Tz5kR1mWq8N"></iframe></template></div>"#,
        );
        assert!(!holds_live_frame(first_div(&html)));
        let live = Html::parse_fragment(
            r#"<div><iframe src="https://www.youtube.com/embed/Tz5kR1mWq8N"></iframe></div>"#,
        );
        assert!(holds_live_frame(first_div(&live)));
    }

    #[test]
    fn a_link_completing_an_asking_sentence_gives_consent() {
        // "here" says nothing; the sentence around it asks (nuxt-cookie-control).
        let asks = Html::parse_fragment(
            r##"<div><p>To see this, please enable functional cookies <a href="#">here</a></p></div>"##,
        );
        assert!(is_evidence(first_div(&asks)));
        // A sentence that asks nothing, or a link that never gives consent.
        for other in [
            r##"<div><p>The full programme is <a href="#">here</a></p></div>"##,
            r##"<div><p>To see this, please enable functional cookies. <a href="#">Read more</a></p></div>"##,
        ] {
            assert!(
                !is_evidence(first_div(&Html::parse_fragment(other))),
                "{other}"
            );
        }
    }

    #[test]
    fn a_button_that_only_confirms_counts_where_its_box_asks_for_a_platform_s_content() {
        let evidence = |sentence: &str, button: &str| {
            is_evidence(first_div(&Html::parse_fragment(&format!(
                r#"<div><strong>Allow content from external source</strong><br>{sentence}<br><button type="button">{button}</button></div>"#
            ))))
        };
        // HumHub's oEmbed confirmation in its languages (its checkbox left out).
        for (question, button) in [
            (
                "Do you want to enable content from '<strong>www.youtube.com</strong>'?",
                "Confirm",
            ),
            (
                "Θέλετε να ενεργοποιήσετε περιεχόμενο από το '<strong>www.youtube.com</strong>';",
                "Επιβεβαίωση",
            ),
            (
                "Engedélyezi a tartalmat a következőről: '<strong>vimeo.com</strong>'?",
                "Rendben",
            ),
            (
                "Ali želite omogočiti vsebino iz '<strong>www.instagram.com</strong>'?",
                "Potrdi",
            ),
            (
                "Ви хочете увімкнути зміст від '<strong>www.facebook.com</strong>'?",
                " Підтвердити ",
            ),
        ] {
            assert!(evidence(question, button), "{question}");
        }
        // A sentence asking consent in a language's phrases, naming the platform.
        assert!(evidence(
            "Accept cookies to see this video from YouTube.",
            "Confirm"
        ));
        for (sentence, button) in [
            // No platform's content asked for: a newsletter, a share, a statement.
            ("Do you want to subscribe to our newsletter?", "Confirm"),
            ("Do you want to share this post on Facebook?", "Confirm"),
            ("Do you want to enable content from this site?", "Confirm"),
            ("We enable content from YouTube on this page.", "Confirm"),
            // A Greek `;` ends a question, a Latin one does not.
            ("Enable content from YouTube; see below", "Confirm"),
            // A label saying more than a confirmation is read as it is.
            (
                "Do you want to enable content from 'www.youtube.com'?",
                "Confirm and share",
            ),
        ] {
            assert!(!evidence(sentence, button), "{sentence} / {button}");
        }
    }

    #[test]
    fn a_consent_element_keeping_its_frame_is_the_box_and_its_control() {
        // Its button is drawn in a shadow root the saved page does not keep.
        for host in [
            r#"<div><iframe-consent src="https://www.youtube-nocookie.com/embed/Jf5nW2kQ8rT" accept="Load video"></iframe-consent></div>"#,
            r#"<div><iframe-consent data-iframe-attributes='src="https://www.youtube.com/embed/tM4cS8aGq1w" width="560"'></iframe-consent></div>"#,
        ] {
            let html = Html::parse_fragment(host);
            assert!(is_evidence(first_div(&html)), "{host}");
        }
        // A facade named for its player, or a consent element keeping no
        // platform's frame, is none.
        for other in [
            r#"<div><youtube-video src="https://www.youtube.com/watch?v=Jf5nW2kQ8rT"></youtube-video></div>"#,
            r#"<div><iframe-consent src="https://www.example.org/form"></iframe-consent></div>"#,
        ] {
            assert!(
                !is_evidence(first_div(&Html::parse_fragment(other))),
                "{other}"
            );
        }
    }

    #[test]
    fn a_box_drawn_as_an_image_asks_in_its_alt() {
        let html = Html::parse_fragment(
            r#"<div data-src="https://www.google.com/maps/embed?pb=!1m18!2d7.89"><img src="/map.webp" alt="Please accept cookies to load the content. Enable cookies to view this content."></div>"#,
        );
        assert!(is_evidence(first_div(&html)));
        let captioned = Html::parse_fragment(
            r#"<div data-src="https://www.google.com/maps/embed?pb=!1m18!2d7.89"><img src="/map.webp" alt="The market square from above"></div>"#,
        );
        assert!(!is_evidence(first_div(&captioned)));
    }

    #[test]
    fn a_box_right_after_its_post_s_markup_parks_it() {
        // The tweet's blockquote whose script never ran, then the box.
        let html = Html::parse_fragment(
            r#"<section><blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/1"></a></blockquote><div><p>Enable cookies to view this content.</p></div></section>"#,
        );
        assert!(is_evidence(first_div(&html)));
        let alone = Html::parse_fragment(
            r#"<section><p>Text.</p><div><p>Enable cookies to view this content.</p></div></section>"#,
        );
        assert!(!is_evidence(first_div(&alone)));
    }

    #[test]
    fn preference_controls_count_only_where_the_box_asks() {
        assert_eq!(read_label("Gestisci preferenze"), Label::Preferences);
        assert_eq!(read_label("Cookie Settings"), Label::Preferences);
        let asks = Html::parse_fragment(
            r#"<div><p>Contenuto esterno</p><p>Accetta i cookie per vederlo. Questo contenuto non può essere visualizzato perché potrebbe raccogliere dati personali.</p><button>Gestisci preferenze</button></div>"#,
        );
        assert!(is_evidence(first_div(&asks)));
        let labels_only = Html::parse_fragment(
            r#"<div><p>Contenuto esterno</p><button>Gestisci preferenze</button></div>"#,
        );
        assert!(!is_evidence(first_div(&labels_only)));
        // A settings button beside a link to the video its box names: the
        // player waits for the settings; with the player live, nothing does.
        let links = Html::parse_fragment(
            r#"<div><h3>Video (YouTube)</h3><button>Cookie settings</button><a href="https://www.youtube.com/watch?v=Tg4wLp8VxRe">Open it on YouTube</a></div>"#,
        );
        assert!(is_evidence(first_div(&links)));
        let live = Html::parse_fragment(
            r#"<div><h3>Video (YouTube)</h3><iframe src="https://www.youtube.com/embed/Tg4wLp8VxRe"></iframe><button>Cookie settings</button><a href="https://www.youtube.com/watch?v=Tg4wLp8VxRe">Open it on YouTube</a></div>"#,
        );
        assert!(!is_evidence(first_div(&live)));
    }

    #[test]
    fn a_link_alone_to_the_site_s_privacy_page_labelled_to_consent_counts_where_the_box_asks() {
        let alone = Html::parse_fragment(
            r#"<div><p>Externe inhoud</p><p>Accepteer de cookies om deze inhoud te bekijken.</p><a href="/privacy/voorkeuren">Toestemming geven</a></div>"#,
        );
        assert!(is_evidence(first_div(&alone)));
        // The same link inside a sentence is a reference to the page.
        let in_sentence = Html::parse_fragment(
            r#"<div><p>Externe inhoud</p><p>Accepteer de cookies om deze inhoud te bekijken. Lees meer in ons <a href="/privacy/voorkeuren">cookiebeleid</a> of geef daar <span><a href="/privacy/voorkeuren">toestemming</a></span>.</p></div>"#,
        );
        assert!(!is_evidence(first_div(&in_sentence)));
        // Another host, or a label that gives nothing, is no such link.
        for link in [
            r#"<a href="https://other.example/privacy">Toestemming geven</a>"#,
            r#"<a href="/privacy/voorkeuren">Privacy</a>"#,
            // A menu's entry: a footer's list of the site's pages.
            r#"<ul><li><a href="/privacy/voorkeuren">Toestemming geven</a></li><li><a href="/contact">Contact</a></li></ul>"#,
        ] {
            let html = format!(
                r#"<div><p>Externe inhoud</p><p>Accepteer de cookies om deze inhoud te bekijken.</p>{link}</div>"#
            );
            assert!(
                !is_evidence(first_div(&Html::parse_fragment(&html))),
                "{link}"
            );
        }
    }

    #[test]
    fn a_box_is_a_consent_control_or_an_ask_beside_a_parked_embed() {
        let control = Html::parse_fragment(
            r#"<div><p>Externer Inhalt</p><button aria-label="Inhalt laden"></button></div>"#,
        );
        assert!(is_evidence(first_div(&control)));
        let parked = Html::parse_fragment(
            r#"<div><p>Enable cookies to view this content.</p><iframe src="about:blank" data-lazy="https://www.youtube.com/embed/a"></iframe></div>"#,
        );
        assert!(is_evidence(first_div(&parked)));
        let live = Html::parse_fragment(
            r#"<div><p>Enable cookies to view this content.</p><iframe src="https://www.youtube.com/embed/a"></iframe></div>"#,
        );
        assert!(!is_evidence(first_div(&live)));
        let heading_only = Html::parse_fragment(
            r#"<div><p>External content</p><script type="text/plain"></script><button>Share</button></div>"#,
        );
        assert!(!is_evidence(first_div(&heading_only)));
        let analytics = Html::parse_fragment(
            r#"<div><p>Enable cookies to view this content.</p><script type="text/plain" class="optanon-category-C0002" src="/js/metrics.js"></script></div>"#,
        );
        assert!(!is_evidence(first_div(&analytics)));
        let widget = Html::parse_fragment(
            r#"<div><p>Enable cookies to view this content.</p><script type="text/plain" data-usercentrics="Twitter Plugin" src="https://platform.twitter.com/widgets.js"></script></div>"#,
        );
        assert!(is_evidence(first_div(&widget)));
        let tag_manager = Html::parse_fragment(
            r#"<div><p>Enable cookies to view this content.</p><noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X" height="0" width="0"></iframe></noscript></div>"#,
        );
        assert!(!is_evidence(first_div(&tag_manager)));
        let heise = Html::parse_fragment(
            r#"<div><p>Enable cookies to view this content.</p><noscript><a-iframe src="//www.youtube-nocookie.com/embed/a"></a-iframe></noscript></div>"#,
        );
        assert!(is_evidence(first_div(&heise)));
    }

    #[test]
    fn switches_links_styled_as_buttons_and_clickable_boxes_are_controls() {
        for html in [
            r#"<div><p>Externer Inhalt</p><label class="switch"><input type="checkbox"> Inhalte von Vimeo laden</label></div>"#,
            r#"<div><p>Externer Inhalt</p><span role="switch" aria-checked="false">Inhalte anzeigen</span></div>"#,
            r#"<div><p>External content</p><a class="gate__btn" href="/cookies/">Show content</a></div>"#,
            r#"<div onclick="play(this)"><p>Click to load the video from YouTube.</p></div>"#,
            r#"<div><div class="optin"><input type="checkbox" name="ok"> Ich bin damit einverstanden, dass mir Inhalte von Instagram angezeigt werden.</div></div>"#,
        ] {
            let page = Html::parse_fragment(html);
            assert!(is_evidence(first_div(&page)), "{html}");
        }
        for html in [
            r#"<div><p>External content</p><label><input type="checkbox"> Subscribe to the newsletter</label></div>"#,
            r#"<div><p>External content</p><a class="more" href="/more/">Show content</a></div>"#,
            r#"<div onclick="open(this)"><p>External content</p></div>"#,
            r#"<div><p>External content</p><div><input type="checkbox" name="n"> Send me the newsletter</div></div>"#,
        ] {
            let page = Html::parse_fragment(html);
            assert!(!is_evidence(first_div(&page)), "{html}");
        }
    }

    #[test]
    fn a_switch_named_for_the_service_its_box_parks_turns_it_on() {
        let slider = |name: &str, address: &str| {
            let html = format!(
                r#"<div><iframe data-src="{address}" title="Folge 87"></iframe><label><input type="checkbox" role="switch"><span>{name}</span></label><p>Dabei werden Daten übertragen.</p></div>"#
            );
            is_evidence(first_div(&Html::parse_fragment(&html)))
        };
        let podcast = "https://show.podigee.io/87-folge/embed?context=external";
        assert!(slider("Podigee", podcast));
        // Another service's name, or a label saying more than a name, is
        // no such switch.
        assert!(!slider("Vimeo", podcast));
        assert!(!slider("Podigee Newsletter abonnieren", podcast));
        // Nothing parked: a settings page's list of switches.
        assert!(!slider("Podigee", ""));
    }

    #[test]
    fn a_switch_already_on_gives_no_consent() {
        for (on, off) in [
            (
                r#"<span role="switch" aria-checked="true">Inhalte anzeigen</span>"#,
                r#"<span role="switch" aria-checked="false">Inhalte anzeigen</span>"#,
            ),
            (
                r#"<label><input type="checkbox" checked> Inhalte von Vimeo laden</label>"#,
                r#"<label><input type="checkbox"> Inhalte von Vimeo laden</label>"#,
            ),
            (
                r#"<button aria-pressed="true">Inhalte anzeigen</button>"#,
                r#"<button aria-pressed="false">Inhalte anzeigen</button>"#,
            ),
        ] {
            let box_with = |control: &str| {
                let html = format!("<div><p>Externer Inhalt</p>{control}</div>");
                is_evidence(first_div(&Html::parse_fragment(&html)))
            };
            assert!(!box_with(on), "{on}");
            assert!(box_with(off), "{off}");
        }
    }

    #[test]
    fn a_form_that_only_posts_a_yes_is_a_box_s_control() {
        let sentence = "Consent is needed: to view this map, accept cookies.";
        let with = |fields: &str| {
            let html = format!(
                r#"<div><form method="post">{fields}{sentence}<input type="submit" value="Accept"></form></div>"#
            );
            is_evidence(first_div(&Html::parse_fragment(&html)))
        };
        assert!(with(r#"<input type="hidden" name="nonce" value="1">"#));
        assert!(!with(r#"<input type="email" name="mail">"#));
        assert!(!with("<textarea></textarea>"));
        // A submit button outside any form submits nothing: a button.
        let loose =
            format!(r#"<div><p>{sentence}</p><button type="submit">Allow once</button></div>"#);
        assert!(is_evidence(first_div(&Html::parse_fragment(&loose))));
    }

    #[test]
    fn a_box_without_control_needs_a_parked_embed_a_preview_and_a_sentence_naming_it() {
        let quiet = |frame: &str, img: &str| {
            let html = format!(
                r#"<div>{img}<p>Dieses Video wird von YouTube bereitgestellt und erst auf Wunsch geladen.</p>{frame}</div>"#
            );
            is_evidence(first_div(&Html::parse_fragment(&html)))
        };
        let parked =
            r#"<iframe src="about:blank" data-x="https://www.youtube.com/embed/a1"></iframe>"#;
        let img = r#"<img src="/p.jpg" width="640">"#;
        assert!(quiet(parked, img));
        assert!(!quiet(parked, ""));
        assert!(!quiet(parked, r#"<img src="/t.gif" width="1" height="1">"#));
        let lazy =
            r#"<iframe class="lazyload" data-src="https://www.youtube.com/embed/a1"></iframe>"#;
        assert!(!quiet(lazy, img));
        let live = r#"<iframe src="https://www.youtube.com/embed/a1"></iframe>"#;
        assert!(!quiet(live, img));
        let vimeo =
            r#"<iframe src="about:blank" data-x="https://player.vimeo.com/video/7"></iframe>"#;
        assert!(!quiet(vimeo, img), "the sentence names another platform");
        let tracking = r#"<iframe src="about:blank" data-x="https://www.youtube.com/embed/a1" width="0" height="0"></iframe>"#;
        assert!(!quiet(tracking, img));
    }

    #[test]
    fn a_hidden_frame_parking_a_platform_address_is_a_blocked_embed() {
        // The box before which the frame sits asks, with no control of its
        // own: whether it is a box rests on the frame.
        let beside = |frame: &str| {
            let html = format!(
                r##"<section>{frame}<div><p>Per visualizzare questo contenuto è necessario accettare i cookie</p></div></section>"##
            );
            is_evidence(first_div(&Html::parse_fragment(&html)))
        };
        assert!(beside(
            r#"<iframe data-x-src="https://player.vimeo.com/video/9" style="display: none;"></iframe>"#
        ));
        assert!(!beside(
            r#"<iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X" style="display:none"></iframe>"#
        ));
        assert!(!beside(
            r#"<iframe data-x-src="https://player.vimeo.com/video/9" width="0" height="0"></iframe>"#
        ));
    }

    #[test]
    fn a_frame_showing_the_site_s_consent_page_is_its_own_box() {
        let frame = |src: &str| {
            let html = format!(r#"<iframe src="{src}"></iframe>"#);
            let page = Html::parse_fragment(&html);
            let el = page
                .select(&Selector::parse("iframe").unwrap())
                .next()
                .unwrap();
            is_parked_embed(el) && is_evidence(el)
        };
        assert!(frame(
            "/privacy/blocked/3?to=https%3A%2F%2Fwww.youtube.com%2Fembed%2Fab1"
        ));
        // The site's embed proxy shows the video: no consent asked.
        assert!(!frame("/media/oembed?url=https%3A//vimeo.com/876"));
        assert!(!frame(
            "/privacy/blocked/3?to=https%3A%2F%2Fnews.example%2Fa"
        ));
    }

    #[test]
    fn a_play_button_counts_where_the_box_asks_and_links_its_video() {
        let play = |link: &str, frame: &str| {
            let html = format!(
                r#"<div><p>Beim Abspielen wird eine Verbindung zu den Servern von YouTube hergestellt.</p>{link}{frame}<button>Video abspielen</button></div>"#
            );
            is_evidence(first_div(&Html::parse_fragment(&html)))
        };
        let link = r#"<a href="https://youtu.be/Rk4mW9pTz2c">Link zum Video</a>"#;
        assert!(play(link, ""));
        assert!(!play("", ""), "no link to the video");
        assert!(!play(
            r#"<a href="https://www.youtube.com/t/privacy">Datenschutz</a>"#,
            ""
        ));
        let live = r#"<iframe src="https://www.youtube.com/embed/Rk4mW9pTz2c"></iframe>"#;
        assert!(!play(link, live), "a live player beside a notice");
        let marked = Html::parse_fragment(
            r#"<div><p>Beim Abspielen wird eine Verbindung zu den Servern von YouTube hergestellt.</p><a href="https://youtu.be/Rk4mW9pTz2c">youtu.be</a><span class="video-play-button"></span></div>"#,
        );
        assert!(is_evidence(first_div(&marked)));
        assert_eq!(read_label("Video abspielen"), Label::Play);
    }

    #[test]
    fn an_id_beside_a_tool_s_service_name_is_parked_until_its_frame_is_live() {
        let parked = |inner: &str| {
            let html = format!(r#"<div data-service="vimeo" data-id="887123456">{inner}</div>"#);
            is_parked_embed(first_div(&Html::parse_fragment(&html)))
        };
        assert!(parked(r#"<span>Load video</span>"#));
        assert!(!parked(
            r#"<iframe src="https://player.vimeo.com/video/887123456"></iframe>"#
        ));
        let unknown = r#"<div data-service="quizzr" data-id="12"></div>"#;
        assert!(!is_parked_embed(first_div(&Html::parse_fragment(unknown))));
    }

    #[test]
    fn an_address_kept_around_a_live_frame_is_not_parked() {
        // An oEmbed snippet names its provider's endpoint beside the frame
        // it shows; without the frame the address is parked.
        let snippet = |inner: &str| {
            let html = format!(
                r#"<div class="snippet" data-oembed-provider="https://www.youtube.com/oembed?url=%url%" data-url="https://www.youtube.com/watch?v=Hn4p">{inner}</div>"#
            );
            is_parked_embed(first_div(&Html::parse_fragment(&html)))
        };
        assert!(snippet("<p>Allow content from www.youtube.com?</p>"));
        assert!(!snippet(
            r#"<iframe src="https://www.youtube.com/embed/Hn4p?feature=oembed"></iframe>"#
        ));
    }

    #[test]
    fn a_frame_showing_the_address_it_parked_is_live() {
        let frame = |src: &str| {
            let html = format!(
                r#"<div><iframe data-name="youtube" data-src="https://www.youtube.com/embed/Rz5k" src="{src}"></iframe></div>"#
            );
            let page = Html::parse_fragment(&html);
            let frame = page
                .root_element()
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|e| e.value().name() == "iframe")
                .unwrap();
            is_parked_embed(frame)
        };
        // Klaro before consent: src emptied; after: the parked address back in src.
        assert!(frame(""));
        assert!(!frame("https://www.youtube.com/embed/Rz5k"));
    }

    #[test]
    fn a_site_address_handing_on_a_platform_s_is_that_embed() {
        let base = url::Url::parse("https://news.example/a").ok();
        let read = |frame: &str| {
            let html = Html::parse_fragment(&format!("<div>{frame}</div>"));
            carriers::read(first_div(&html), base.as_ref())
                .url
                .map(String::from)
        };
        let drupal = r#"<iframe class="cookies-fallback--element" data-src="/media/oembed?url=https%3A//www.youtube.com/watch%3Fv%3Dab12&amp;max_width=0"></iframe>"#;
        assert_eq!(
            read(drupal).as_deref(),
            Some("https://www.youtube.com/watch?v=ab12")
        );
        let commented =
            r#"<!-- <iframe src="https://www.youtube-nocookie.com/embed/cd34"></iframe> -->"#;
        assert_eq!(
            read(commented).as_deref(),
            Some("https://www.youtube.com/watch?v=cd34"),
            "a frame commented out until consent"
        );
        let elsewhere = r#"<iframe class="cookies-fallback--element" data-src="/media/oembed?url=https%3A//news.example/x"></iframe>"#;
        assert_eq!(
            read(elsewhere).as_deref(),
            Some("https://news.example/media/oembed?url=https%3A//news.example/x")
        );
    }

    #[test]
    fn a_short_note_right_under_a_box_asks_for_it() {
        // The wrapper's button says nothing of consent; the note under it does.
        let wrapper = |note: &str| {
            Html::parse_fragment(&format!(
                r#"<div class="w"><div class="mask"><p>Allow Youtube</p><button>Only this video *</button></div><iframe data-src="https://www.youtube-nocookie.com/embed/Hb7tQw2xR9c"></iframe></div>{note}"#
            ))
        };
        let asks = wrapper(
            r#"<p>* By pressing the button you accept the privacy policy of YouTube. <a href="https://policies.google.com/privacy">learn more</a></p>"#,
        );
        assert!(is_evidence(first_div(&asks)));
        // A note that asks nothing, or the next element being a box of its
        // own (its own control), lends the wrapper nothing.
        let silent = wrapper("<p>Tickets for the evening concert are £12.</p>");
        assert!(!is_evidence(first_div(&silent)));
        let another_box = wrapper(
            r#"<p>By pressing the button you accept the privacy policy of Vimeo. <button>Load</button></p>"#,
        );
        assert!(!is_evidence(first_div(&another_box)));
    }

    #[test]
    fn a_link_reloading_the_page_with_a_consent_parameter_is_a_control() {
        assert!(reloads_with_consent("?accept_youtube=yes#walk"));
        assert!(reloads_with_consent("?lang=en&cookie-consent=1"));
        assert!(!reloads_with_consent("?site_hide=yes"));
        assert!(!reloads_with_consent("?page=2"));
        // Another page is navigation, whatever its query says.
        assert!(!reloads_with_consent("/privacy/?accept=1"));
        let html = Html::parse_fragment(
            r#"<div><p>By viewing it here, you accept YouTube's privacy policy.</p><p><a href="?accept_youtube=yes">View it here</a></p></div>"#,
        );
        assert!(is_evidence(first_div(&html)));
        let hide = Html::parse_fragment(
            r#"<div><p>By viewing it here, you accept YouTube's privacy policy.</p><p><a href="?site_hide=yes">View it here</a></p></div>"#,
        );
        assert!(!is_evidence(first_div(&hide)));
    }

    #[test]
    fn a_div_made_clickable_by_its_class_is_a_control_only_when_it_consents() {
        let html = |label: &str| {
            Html::parse_fragment(&format!(
                r#"<div class="box"><p>Els vídeos de YouTube estan desactivats.</p><div class="clickable svelte-1c6ax0h"><div>{label}</div></div></div>"#
            ))
        };
        assert_eq!(
            strongest_control(first_div(&html("Activa els vídeos de YouTube"))),
            Label::Consent
        );
        assert_eq!(
            strongest_control(first_div(&html("Més vídeos"))),
            Label::Other
        );
        assert_eq!(strongest_control(first_div(&html(""))), Label::Other);
    }

    #[test]
    fn a_sentence_making_clicking_its_one_button_the_consent_makes_the_box() {
        let html = |buttons: &str, after: &str| {
            Html::parse_fragment(&format!(
                r#"<div class="video">{buttons}<p>Wenn Du auf den Button klickst, lässt Du Cookies von YouTube zu.</p>{after}</div>"#
            ))
        };
        let one = r#"<button type="button">Video von YouTube ansehen</button>"#;
        assert!(is_evidence(first_div(&html(one, ""))));
        // Two controls: which one consents is unknown.
        let two = format!("{one}<button type=\"button\">Später</button>");
        assert!(!is_evidence(first_div(&html(&two, ""))));
        // A label that never consents, or a frame already live: no box.
        let share = r#"<button type="button">Teilen</button>"#;
        assert!(!is_evidence(first_div(&html(share, ""))));
        let live = r#"<iframe src="https://www.youtube.com/embed/Rb5tWq2Lm8K"></iframe>"#;
        assert!(!is_evidence(first_div(&html(one, live))));
    }
}
