//! The browser's cheap pre-check, generated from the same data the engine
//! reads: if no selector matches and no phrase occurs, the page has no box
//! and the engine is never loaded.

use std::collections::BTreeMap;

use serde::Serialize;

use super::hydrate;
use super::language::all_phrases;
use super::summary::MAX_SUMMARY_CHARS;
use crate::data::{LANGUAGES, PLATFORMS, TOOLS, UNKNOWN_MARK};
use crate::text::{fold, invisible_chars, APOSTROPHES};

/// Strings that differ between folds if the browser's fold drifts from
/// [`fold`]: every apostrophe, invisible char, odd space and case the
/// engine normalizes. The JS side folds them too and must agree
/// (tests/e2e/fold.test.mjs); the language data's own wording is added.
const FOLD_PROBES: [&str; 9] = [
    "Plus\u{a0}d\u{2019}info",
    "L\u{2018}accord de l\u{02BC}utilisateur",
    "  Exter\u{200B}ner \u{202E}Inhalt\u{202C}  ",
    "ACCEPTER\tLES\ncookies",
    "\u{2066}Autoriser\u{2069}\u{2009}\u{2003}le contenu",
    "J\u{2019}ACCEPTE \u{2060}\u{FEFF}",
    "Contenu\u{202F}externe\u{3000}!",
    "\u{200E}ÉCOUTER \u{200F}SUR SPOTIFY",
    "ΕΞΩΤΕΡΙΚΟ ΠΕΡΙΕΧΟΜΕΝΟ ΑΠΟ ΤΟ ΟΔΟΣ",
];

/// What the browser's cheap pre-check looks for before asking the engine.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Precheck {
    /// CSS selectors of consent-tool markup (one `querySelector` over their union).
    pub selectors: Vec<String>,
    /// Lower-cased phrases of box wording, all languages.
    pub phrases: Vec<String>,
    /// Of each language whose purposes the engine reads word by word
    /// (`language::word_by_word`: its stems take forms no fixed phrase
    /// holds), the purpose's words: a block around a consent control
    /// holding one of each list of one language is sent.
    pub purposes: Vec<PurposeWords>,
    /// Lower-cased words of consent controls' own labels (and of controls
    /// opening the consent tool's choices, playing or only confirming), all
    /// languages: only around a control whose label holds one are phrases
    /// looked for.
    pub controls: Vec<String>,
    /// How the content script fingerprints an element before touching it.
    pub hashing: crate::target::Hashing,
    /// The tools' own box selectors: a `document_start` stylesheet keeps
    /// these out of sight until the engine has answered (never heuristics).
    pub hide: Vec<String>,
    /// How [`fold`] folds, for the browser's fold of the same text.
    pub fold: FoldData,
    /// `[input, folded]` pairs the browser's fold must reproduce
    /// (tests/e2e/fold.test.mjs); the build does not ship them.
    pub fold_samples: Vec<[String; 2]>,
    /// platform id -> how the summary line shows it.
    pub platforms: BTreeMap<String, PlatformMark>,
    /// The line's mark for any other platform, or none.
    pub unknown_mark: crate::data::Mark,
    /// Chars of a summary at most (the engine clips to this).
    pub summary_chars: usize,
    /// language -> its naming of what was blocked.
    pub naming: BTreeMap<String, Naming>,
    /// The page's data scripts, sent beside a region (hydrate.rs).
    pub data_scripts: DataScripts,
    /// Class parts that make a link a control by its look (controls.rs).
    pub button_class_parts: Vec<String>,
    /// Class parts that draw a play mark (controls.rs): a box's only
    /// control where its script binds the click.
    pub play_class_parts: Vec<String>,
    /// Class parts that make an element the click target by the
    /// stylesheet alone (controls.rs): a control where its label consents.
    pub clickable_class_parts: Vec<String>,
    /// Parts of a query parameter's name that make a link reloading the
    /// page with it a control (controls.rs).
    pub consent_query_words: Vec<String>,
    /// The selectors of frames without their own address (also in
    /// `selectors`): such a frame is a box's only if another of its
    /// attributes holds an address (`carriers::parked_in_data`); ad slots
    /// hold none.
    pub blocked_frames: Vec<String>,
    /// Script types a tool blocked a script with (`text/plain`; the tool
    /// files' `blocked_scripts`, `carriers::inert::is_blocked_script`):
    /// such a script holding an embed's markup parks it, as an attribute
    /// holding it does.
    pub blocked_scripts: Vec<String>,
    /// How an address starts (`carriers::is_address`), for telling those
    /// frames apart.
    pub address_prefixes: Vec<String>,
    /// How the engine reads an embed kept only as its ID
    /// (`carriers::id_embed`): a block around a consent control holding
    /// one is sent, whatever its wording.
    pub id_embeds: IdEmbeds,
    /// Folded names of the platforms (of [`MIN_NAMED_PLATFORM_CHARS`] or
    /// more): a block around a control that names one is sent, whatever
    /// its wording (a box that only plays its named embed,
    /// `controls::plays_named_embed`).
    pub named_platforms: Vec<String>,
    /// How a box a script draws is known (`scripted_box`).
    pub scripted_boxes: super::scripted_box::Precheck,
    /// Levels above a consent control its box's wording may sit: the
    /// engine's climb from an anchor (`detect::MAX_ANCHOR_CLIMB`), so the
    /// browser sends the block the engine would find.
    pub control_levels: usize,
    /// Wrappers holding a link alone that the engine looks past to the
    /// link's sentence or line (`controls::MAX_LINK_WRAPPERS`).
    pub link_wrappers: usize,
    /// Children of one element read for a control's surroundings
    /// (`controls::MAX_SEARCH`): a hostile page's wide element costs no more.
    pub children_read: usize,
}

/// Chars a platform's name has at least to be looked for in a block's
/// text: the browser matches substrings, and a shorter name ("x") is in
/// any text.
const MIN_NAMED_PLATFORM_CHARS: usize = 4;

/// What an element carrying a platform's ID has (`carriers::id_embed`,
/// `carriers::holds_id`), for the browser's looser test of the same.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IdEmbeds {
    /// Attributes tool files keep an embed's ID in (`tweetid`).
    pub hook_attributes: Vec<String>,
    /// Lower-cased names of the platforms whose ID makes an address.
    pub platform_names: Vec<String>,
    /// Words of an attribute's name ending in `id` saying it is an embed's.
    pub id_words: Vec<String>,
    /// The attribute holding an ID whatever it is the ID of.
    pub plain_attribute: String,
    /// Chars an ID kept under a bare `data-*` name has at least.
    pub min_bare_id: usize,
    /// Chars of a platform name that may lead a longer class part.
    pub min_name_prefix: usize,
    /// Attributes whose value names the blocked service (tool files).
    pub provider_attributes: Vec<String>,
    /// The word an attribute's name has when its ID may take its platform
    /// from the player's wrappers (`data-video`).
    pub wrapper_id_word: String,
    /// Levels above such an element whose classes may name the platform.
    pub max_player_wrappers: usize,
}

/// Which scripts hold a framework page's state: a box there may keep no
/// URL while the state lists its embed (hydrate.rs).
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataScripts {
    /// Scripts that hold it by their id or type.
    pub selectors: Vec<String>,
    /// Inline scripts that may hold it ...
    pub inline: String,
    /// ... when their text starts with one of these (past an opening
    /// `block_open`).
    pub prefixes: Vec<String>,
    /// What a state script may open with before its prefix (a block).
    pub block_open: String,
    /// Chars sent at most, all scripts together (the engine reads no more
    /// bytes than this).
    pub max_chars: usize,
    /// Inline scripts read for a consent tool's configuration, which may
    /// name the platform of a box that keeps nothing of it
    /// (`configured::Scripts`): at most this many ...
    pub config_scripts: usize,
    /// ... and of each this many chars, searched for a platform's name.
    pub config_chars: usize,
}

/// The chars [`fold`] maps: apostrophes to `'`, white space (Rust's, which
/// is not JS's `\s`) to one space, invisible ones dropped.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FoldData {
    pub apostrophes: String,
    pub whitespace: String,
    pub invisible: String,
}

/// A platform's display name, kind and mark (src/data/platforms.json).
#[derive(Debug, Clone, Serialize)]
pub struct PlatformMark {
    pub name: String,
    pub kind: String,
    pub mark: String,
    pub colour: String,
}

/// How a language names what was blocked: the engine's own summary words,
/// for the line's accessible name.
#[derive(Debug, Clone, Serialize)]
pub struct Naming {
    /// kind -> `{platform}` wording.
    pub kinds: BTreeMap<String, String>,
    /// `{what}` with its `{author}`.
    pub by: String,
    /// When the page does not say what was blocked.
    pub unknown: String,
}

/// Frames without their own address: a blocked embed may park its URL in
/// any `data-*` attribute, and a box with no control in the saved page is
/// known only by it (issue 9). Ad slots are often such frames too: the
/// browser asks the engine only about those with an address elsewhere.
const BLOCKED_FRAMES: [&str; 3] = [
    "iframe:not([src])",
    "iframe[src=\"\"]",
    "iframe[src=\"about:blank\"]",
];

/// The data of the browser's test for an embed kept as its ID.
fn id_embeds() -> IdEmbeds {
    use super::carriers::{
        id_platform_names, ID_OF, MAX_PLAYER_WRAPPERS, MIN_BARE_ID, MIN_NAME_PREFIX,
        PLAIN_ID_ATTRIBUTE,
    };
    let sorted = |mut list: Vec<String>| {
        list.sort();
        list.dedup();
        list
    };
    IdEmbeds {
        // A hook scoped to its tool's own elements (`on`) is found by that
        // tool's signature; unscoped, an attribute as common as `id`
        // would make every page's elements look like parked players.
        hook_attributes: sorted(
            TOOLS
                .iter()
                .flat_map(|t| &t.file.ids)
                .filter(|hook| hook.on.is_none())
                .map(|hook| hook.attribute.clone())
                .collect(),
        ),
        platform_names: sorted(id_platform_names().map(|n| n.to_lowercase()).collect()),
        id_words: ID_OF.map(str::to_owned).to_vec(),
        plain_attribute: PLAIN_ID_ATTRIBUTE.to_owned(),
        min_bare_id: MIN_BARE_ID,
        min_name_prefix: MIN_NAME_PREFIX,
        provider_attributes: sorted(
            TOOLS
                .iter()
                .flat_map(|t| t.file.providers.clone())
                .collect(),
        ),
        wrapper_id_word: ID_OF[0].to_owned(),
        max_player_wrappers: MAX_PLAYER_WRAPPERS,
    }
}

/// The platforms' names the browser looks for around a control.
fn named_platforms() -> Vec<String> {
    let mut names: Vec<String> = PLATFORMS
        .iter()
        .flat_map(|p| &p.names)
        .map(|n| fold(n))
        .filter(|n| n.chars().count() >= MIN_NAMED_PLATFORM_CHARS)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The pre-check data.
pub fn precheck() -> Precheck {
    let mut selectors: Vec<String> = TOOLS
        .iter()
        .flat_map(|t| {
            let parked = t.file.parked.iter().map(|a| format!("[{a}]"));
            t.file
                .boxes
                .iter()
                .chain(&t.file.anchors)
                .cloned()
                .chain(parked)
        })
        .chain(BLOCKED_FRAMES.iter().map(|s| (*s).to_owned()))
        .collect();
    selectors.sort();
    selectors.dedup();
    // Controls that open the consent tool's choices, play controls and
    // controls that only confirm count too: in a box that asks for consent
    // they are its evidence (`controls::is_evidence`). The pre-check reads
    // words inside longer ones, so a stem goes as it is, without its mark.
    let mut controls: Vec<String> = LANGUAGES
        .iter()
        .flat_map(|l| {
            l.controls
                .iter()
                .chain(&l.preference_controls)
                .chain(&l.play_controls)
                .chain(&l.confirm_controls)
        })
        .map(|w| bare_folded(w))
        .collect();
    controls.sort();
    controls.dedup();
    let mut hide: Vec<String> = TOOLS
        .iter()
        .flat_map(|t| t.file.boxes.iter().cloned())
        .collect();
    hide.sort();
    hide.dedup();
    let platforms = PLATFORMS
        .iter()
        .filter_map(|p| {
            let mark = PlatformMark {
                name: p.name.clone(),
                kind: p.kind.clone(),
                mark: p.mark.clone()?,
                colour: p.colour.clone()?,
            };
            Some((p.id.clone(), mark))
        })
        .collect();
    let fold_samples = FOLD_PROBES
        .iter()
        .map(|s| (*s).to_owned())
        .chain(LANGUAGES.iter().flat_map(|l| {
            l.titles
                .iter()
                .chain(&l.phrases)
                .chain(&l.controls)
                .chain(&l.confirm_controls)
                .cloned()
        }))
        .map(|s| {
            let folded = fold(&s);
            [s, folded]
        })
        .collect();
    Precheck {
        selectors,
        phrases: all_phrases(),
        purposes: purposes(),
        controls,
        hashing: crate::target::HASHING,
        hide,
        fold: FoldData {
            apostrophes: APOSTROPHES.iter().collect(),
            whitespace: (0..=u32::from(char::MAX))
                .filter_map(char::from_u32)
                .filter(|c| c.is_whitespace())
                .collect(),
            invisible: invisible_chars().collect(),
        },
        fold_samples,
        platforms,
        unknown_mark: UNKNOWN_MARK.clone(),
        summary_chars: MAX_SUMMARY_CHARS,
        naming: LANGUAGES
            .iter()
            .map(|l| {
                let naming = Naming {
                    kinds: l.kinds.clone(),
                    by: l.by.clone(),
                    unknown: l.unknown.clone(),
                };
                (l.language.clone(), naming)
            })
            .collect(),
        data_scripts: DataScripts {
            selectors: hydrate::STATE_SCRIPTS.map(str::to_owned).to_vec(),
            inline: hydrate::INLINE_SCRIPTS.to_owned(),
            prefixes: hydrate::STATE_PREFIXES.map(str::to_owned).to_vec(),
            block_open: hydrate::BLOCK_OPEN.to_owned(),
            max_chars: hydrate::MAX_DATA_BYTES,
            config_scripts: super::configured::MAX_SCRIPTS,
            config_chars: super::configured::MAX_SCRIPT_CHARS,
        },
        button_class_parts: super::controls::BUTTON_CLASS_PARTS
            .map(str::to_owned)
            .to_vec(),
        play_class_parts: super::controls::PLAY_CLASS_PARTS
            .map(str::to_owned)
            .to_vec(),
        clickable_class_parts: super::controls::CLICKABLE_CLASS_PARTS
            .map(str::to_owned)
            .to_vec(),
        consent_query_words: super::controls::CONSENT_QUERY_WORDS
            .map(str::to_owned)
            .to_vec(),
        blocked_frames: BLOCKED_FRAMES.map(str::to_owned).to_vec(),
        blocked_scripts: blocked_scripts(),
        address_prefixes: super::carriers::ADDRESS_PREFIXES
            .map(str::to_owned)
            .to_vec(),
        id_embeds: id_embeds(),
        named_platforms: named_platforms(),
        scripted_boxes: super::scripted_box::precheck(),
        control_levels: super::detect::MAX_ANCHOR_CLIMB,
        link_wrappers: super::controls::MAX_LINK_WRAPPERS,
        children_read: super::controls::MAX_SEARCH,
    }
}

/// One language's purpose words for the pre-check, folded, each stem
/// without its mark (the pre-check reads words inside longer ones).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PurposeWords {
    /// The purpose's verbs (`needs.see`).
    pub see: Vec<String>,
    /// What is to be seen (`needs.this`).
    pub this: Vec<String>,
    /// What the reader must give (`needs.consent`).
    pub consent: Vec<String>,
}

/// A word of the data as the pre-check reads it: folded, a stem without
/// its mark (the pre-check reads words inside longer ones).
fn bare_folded(word: &str) -> String {
    fold(crate::data::stem(word).0)
}

/// The purpose words of the languages read word by word.
fn purposes() -> Vec<PurposeWords> {
    let words = |list: &[String]| -> Vec<String> { list.iter().map(|w| bare_folded(w)).collect() };
    LANGUAGES
        .iter()
        .filter(|l| super::language::word_by_word(&l.needs))
        .map(|l| PurposeWords {
            see: words(&l.needs.see),
            this: words(&l.needs.this),
            consent: words(&l.needs.consent),
        })
        .collect()
}

/// Every tool's blocked script types, lower-cased, once each.
fn blocked_scripts() -> Vec<String> {
    let mut kinds: Vec<String> = crate::data::tools()
        .flat_map(|t| &t.file.blocked_scripts)
        .map(|k| k.trim().to_ascii_lowercase())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use scraper::Selector;

    #[test]
    fn every_selector_is_plain_css_and_phrases_are_lower_case() {
        let p = precheck();
        assert!(p.selectors.len() > 10);
        for s in &p.selectors {
            Selector::parse(s).unwrap();
        }
        Selector::parse(&p.selectors.join(",")).unwrap();
        assert!(p.phrases.iter().any(|s| s == "contenu externe"));
        // Acts of consent by use are sent too (the engine pairs them with an effect).
        assert!(p.phrases.iter().any(|s| s == "by using the map"));
        assert!(p.phrases.iter().all(|s| *s == s.to_lowercase()));
        assert!(p.controls.iter().any(|s| s == "accepter"));
        assert!(p.controls.iter().any(|s| s == "gestisci preferenze"));
        assert!(p.controls.iter().all(|s| *s == s.to_lowercase()));
        assert!(p.controls.iter().any(|s| s == "betöltés"));
        let cs = p
            .purposes
            .iter()
            .find(|w| w.this.iter().any(|t| t == "obsah"));
        assert!(cs.is_some_and(|w| w.see.iter().any(|s| s == "zobrazen")));
        assert!(p
            .controls
            .iter()
            .all(|s| !s.contains(crate::data::STEM_MARK)));
    }

    #[test]
    fn every_platform_of_the_vocabulary_has_a_mark_and_the_seed_box_is_hidden() {
        let p = precheck();
        for platform in PLATFORMS.iter().filter(|p| p.id != "other") {
            let mark = p.platforms.get(&platform.id).unwrap();
            assert_eq!(mark.mark.chars().count(), 1, "{}", platform.id);
            assert!(mark.colour.starts_with('#') && mark.colour.len() == 7);
        }
        assert_eq!(p.unknown_mark.mark.chars().count(), 1);
        assert!(p.unknown_mark.colour.starts_with('#') && p.unknown_mark.colour.len() == 7);
        assert!(p.hide.iter().any(|s| s == "div.uc-embedding-container"));
    }

    #[test]
    fn blocked_script_types_come_from_the_tool_files() {
        assert!(precheck().blocked_scripts.iter().any(|k| k == "text/plain"));
    }

    #[test]
    fn blocked_frames_are_signatures_too() {
        let p = precheck();
        assert!(!p.blocked_frames.is_empty());
        assert!(p.blocked_frames.iter().all(|s| p.selectors.contains(s)));
    }

    #[test]
    fn a_hook_scoped_to_its_tool_s_elements_is_found_by_their_signature() {
        let p = precheck();
        let scoped: Vec<_> = crate::data::tools()
            .flat_map(|t| &t.file.ids)
            .filter_map(|hook| hook.on.as_ref().map(|on| (on, &hook.attribute)))
            .collect();
        assert!(!scoped.is_empty());
        for (on, attribute) in scoped {
            assert!(p.selectors.contains(on), "{on}");
            assert!(
                !p.id_embeds.hook_attributes.contains(attribute),
                "{attribute}"
            );
        }
    }

    #[test]
    fn the_id_data_names_the_platforms_and_attributes_the_engine_reads() {
        let ids = precheck().id_embeds;
        assert!(ids.platform_names.iter().any(|n| n == "youtube"));
        assert!(ids.platform_names.iter().all(|n| *n == n.to_lowercase()));
        assert!(ids.hook_attributes.iter().any(|a| a == "tweetid"));
        assert!(ids.id_words.iter().any(|w| w == "video"));
        assert!(ids.provider_attributes.iter().any(|a| a == "data-service"));
        assert_eq!(ids.wrapper_id_word, "video");
        assert!(ids.max_player_wrappers > 0);
        // Every element the engine reads an ID on carries what the data names.
        for html in [
            r#"<div class="video-embed--youtube" data-video-id="q8Lr2"></div>"#,
            r#"<div class="optin" data-youtube-id="Wq4n"></div>"#,
            r#"<div class="twitterembed-canvas" tweetid="123"></div>"#,
        ] {
            let page = scraper::Html::parse_fragment(html);
            let el = page
                .select(&Selector::parse("div").unwrap())
                .next()
                .unwrap();
            assert!(super::super::carriers::id_embed(el).is_some(), "{html}");
            let carries = el.value().attrs().any(|(name, _)| {
                ids.hook_attributes.iter().any(|a| a == name)
                    || name.ends_with("id")
                        && (ids.id_words.iter().any(|w| name.contains(w.as_str()))
                            || ids.platform_names.iter().any(|n| name.contains(n.as_str())))
            });
            assert!(carries, "{html}");
        }
    }

    #[test]
    fn the_selectors_find_the_seed_boxes() {
        let page =
            scraper::Html::parse_document(include_str!("../../tests/fixtures/seed/article.html"));
        let all = Selector::parse(&precheck().selectors.join(",")).unwrap();
        assert!(page.select(&all).next().is_some());
    }
}
