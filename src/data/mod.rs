//! The engine's knowledge, as data compiled in: one file per consent tool
//! (`tools/*.json`), one per language (`languages/*.json`), and the platforms
//! (`platforms.json`). `build.rs` lists the tool and language files, so adding
//! one is a data-only change. Every file is parsed with unknown keys refused;
//! a test proves they all parse and every selector compiles.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use scraper::Selector;
use serde::Deserialize;

mod files {
    include!(concat!(env!("OUT_DIR"), "/data_files.rs"));
}

/// What a consent tool leaves in a page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolFile {
    /// The name reported in `Placeholder::tool`.
    pub id: String,
    /// The ask: the element the tool shows where the embed was (the "showing" part).
    pub boxes: Vec<String>,
    /// Leftovers of a blocked embed whose box the site writes itself: the box
    /// is the anchor's wrapper when that wrapper holds a consent control.
    pub anchors: Vec<String>,
    /// Attributes in which the tool parks the original embed's URL.
    pub parked: Vec<String>,
    /// Attributes in which a URL is parked only on the elements a selector
    /// matches: the attribute alone is too common to mean "blocked"
    /// (`data-src` is also every lazy loader's).
    pub parked_on: Vec<ScopedAttribute>,
    /// Attributes whose value names the blocked service.
    pub providers: Vec<String>,
    /// The tool's cookie banners and preference centres: never boxes.
    pub banners: Vec<String>,
    /// The tool's consent controls whose click handler its script attaches
    /// (no button, no handler in the saved markup): they count as controls
    /// that give consent.
    #[serde(default)]
    pub controls: Vec<String>,
    /// Classes the tool leaves on a blocked embed beside its box
    /// (`borlabs-hide`): a wrapper holding them is still the box.
    #[serde(default)]
    pub leftovers: Vec<String>,
    /// Classes a component's runtime sets once it has built the component,
    /// consent given (AMP's `i-amphtml-built`): such a component is the
    /// embed itself, never its box, whether its frame is drawn yet or not.
    #[serde(default)]
    pub built: Vec<String>,
    /// Script types in which the tool keeps the blocked embed's HTML inert.
    #[serde(default)]
    pub inert_scripts: Vec<InertScript>,
    /// Elements whose text is the blocked embed's HTML (as markup,
    /// entity-escaped or base64), kept hidden until consent.
    #[serde(default)]
    pub html_in_text: Vec<String>,
    /// Attributes in which the tool keeps only the embed's ID, with the URL
    /// that ID stands for (tarteaucitron's `tweetid`).
    #[serde(default)]
    pub ids: Vec<IdHook>,
    /// Attributes holding the service's name, a separator, then the embed's
    /// URL (BBC's `data-e2e="youtube-embed-https://…"`).
    #[serde(default)]
    pub named_urls: Vec<NamedUrl>,
    /// Attributes whose value names the blocked service after a prefix
    /// (the Guardian's `data-component="click-to-view:youtube.com"`).
    #[serde(default)]
    pub prefixed_providers: Vec<PrefixedAttribute>,
    /// Links to the blocked embed's original that the tool shows in its box.
    #[serde(default)]
    pub original_links: Vec<String>,
    /// Attributes that give an embed's URL on markup that is not itself
    /// blocked (an editor's `data-oembed-url`): read for the link, never
    /// taken as a sign of a box.
    #[serde(default)]
    pub embed_urls: Vec<String>,
    /// Inline scripts that keep the embed as a JS string of JSON, its
    /// escaped HTML under `key`, in a variable named from `variable` on
    /// (Embed Privacy's `var _oembed_… = '{"embed":"&lt;…"}'`).
    #[serde(default)]
    pub script_strings: Vec<ScriptString>,
    /// Script types under which the tool keeps a widget's script from
    /// running: its code or markup is read for the embed.
    #[serde(default)]
    pub blocked_scripts: Vec<String>,
    /// Attributes of its box in which the tool keeps the embed's title or
    /// the site's words about it (RePattern's `data-additional-text`).
    #[serde(default)]
    pub title_attributes: Vec<String>,
    /// Attributes of a blocked frame holding the words the tool's script
    /// writes into the empty frame's own document (Cookie-Script's `alt`):
    /// the page keeps the box's wording only there.
    #[serde(default)]
    pub notice_attributes: Vec<String>,
    /// Services a runtime's inline configuration lists under the name the
    /// box carries (iframemanager's `services: {"<data-service>": {embedUrl:
    /// "…"}}`): the embed's address is there, not in the box.
    #[serde(default)]
    pub service_lists: Vec<ServiceList>,
}

/// Where a runtime's inline configuration keeps a box's address: under the
/// service named by the box's `key_attribute`, in `field`, an `id_slot`
/// in it filled from the box's `id_attribute`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceList {
    pub key_attribute: String,
    pub field: String,
    #[serde(default)]
    pub id_attribute: Option<String>,
    #[serde(default)]
    pub id_slot: Option<String>,
}

/// A JS variable holding an embed as a string of JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptString {
    pub variable: String,
    pub key: String,
}

/// An attribute holding the service's name and the embed's URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedUrl {
    pub attribute: String,
    /// What stands between the name and the URL.
    pub separator: String,
}

/// An attribute whose value is read after a fixed prefix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixedAttribute {
    pub attribute: String,
    pub prefix: String,
}

/// An attribute of a platform's own embed markup holding the embed's ID
/// after a prefix (Flourish's `data-src="visualisation/17"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbedId {
    pub attribute: String,
    pub prefix: String,
    /// The address, `{id}` standing for the value after the prefix.
    pub url: String,
}

/// A script type holding a blocked embed's HTML, and how it is written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InertScript {
    /// The `type` attribute, compared without case.
    #[serde(rename = "type")]
    pub kind: String,
    pub encoding: Encoding,
}

/// How an inert script writes the embed's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Html,
    Base64,
}

/// An attribute holding an embed's ID, and the URL built from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdHook {
    pub attribute: String,
    /// The address, `{id}` standing for the attribute's value.
    pub url: String,
    /// The platform's `id`.
    pub platform: String,
    /// The elements the attribute is read on (a selector); any element when
    /// absent. Needed for an attribute every page uses (`id`).
    #[serde(default)]
    pub on: Option<String>,
    /// A separator the ID follows: the ID is the value after its last
    /// occurrence (`id="yt___<key>___<id>"`), the whole value when absent.
    #[serde(default)]
    pub after: Option<String>,
}

/// An attribute read only on the elements a selector matches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopedAttribute {
    pub selector: String,
    pub attribute: String,
}

/// The parts of a sentence that makes seeing the content depend on the
/// reader's consent: a purpose ("to see" and "this video", in the order
/// the language says them) and, in the same sentence, what the reader must
/// give ("cookies", "consent"). "Aby obejrzeć ten film, zaakceptuj pliki
/// cookies" has both; "Aby obejrzeć ten film, musisz się zalogować" (a
/// login) or "to see this video, enable JavaScript" has no consent part.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Needs {
    /// The purpose's verb: "to see", "per visualizzare", "megtekintéséhez".
    /// A language that inflects marks its stems (see [`stem`]: "zobrazen*"
    /// for "zobrazení", "zobrazený"); a language with a stem here or in
    /// `this` is matched word by word: a `see` and a `this` word side by
    /// side in the language's order, or a few words apart in one sentence
    /// in the other, the content being the subject ("tento obsah z X se
    /// zobrazí"), as an inflecting language orders its words freely.
    pub see: Vec<String>,
    /// What is to be seen, right after the verb: "this video", "il
    /// contenuto"; stems as in `see`.
    pub this: Vec<String>,
    /// Whether the language puts what is to be seen before the verb
    /// ("a videó megtekintéséhez").
    #[serde(default)]
    pub object_first: bool,
    /// What the reader must give, matched inside words ("cookie" in
    /// "cookies", "süti" in "sütiket"): cookies, consent, a cookie category.
    pub consent: Vec<String>,
    /// Consent given by use: an act on the content ("by playing",
    /// "durch klicken auf") that, in the same sentence, has an
    /// `effect`. The act alone is any instruction, and a cookie banner's
    /// "by clicking … you accept cookies" pairs an act with a consent word,
    /// so acts pair only with effects.
    #[serde(default)]
    pub acts: Vec<String>,
    /// What an act does to the reader ("you accept", "eingebettet").
    #[serde(default)]
    pub effects: Vec<String>,
    /// The content's state that only consent lifts ("not available
    /// without", "nicht verfügbar"): a purpose of its own, paired with a
    /// `consent` word in the same sentence.
    #[serde(default)]
    pub unavailable: Vec<String>,
}

/// Ends a word of a language file that is a stem: it matches the words
/// that begin with it (a word-prefix), so one entry holds the forms an
/// inflecting language gives a word ("betöltés*": "betöltése",
/// "betöltésével"). Allowed in the control lists and in `needs.see` and
/// `needs.this`; elsewhere words are already matched inside longer ones.
pub const STEM_MARK: char = '*';

/// A word of a language file without its stem mark, and whether it had one.
pub fn stem(word: &str) -> (&str, bool) {
    match word.strip_suffix(STEM_MARK) {
        Some(stem) => (stem, true),
        None => (word, false),
    }
}

/// A language's box wording and summary templates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFile {
    /// BCP 47 primary tag.
    pub language: String,
    /// Box headings: they count only when they are (nearly) the whole text of
    /// their element, never inside prose.
    pub titles: Vec<String>,
    /// Phrases of box wording: they tell the language, and feed the pre-check.
    pub phrases: Vec<String>,
    /// Words of a consent control's own label ("accept", "inhalt laden"):
    /// a box always offers one. The browser's pre-check reads a block's
    /// wording only around controls whose label holds one of them. Here
    /// and in the other control lists a word ending in [`STEM_MARK`] is a
    /// stem (see [`stem`]): "betöltés*" holds "tartalom betöltése".
    pub controls: Vec<String>,
    /// Labels of controls that never give consent, even when they hold a
    /// control word ("show more", "mehr anzeigen", "share"): a pull quote
    /// or a newsletter box next to one of them is not a box (issue 8).
    pub never_controls: Vec<String>,
    /// Labels of controls that open the consent tool's choices ("Gestisci
    /// preferenze", "Cookie settings"): they stand for consent only in a box
    /// whose own text asks for it.
    pub preference_controls: Vec<String>,
    /// Labels of controls that play a video ("Video abspielen"): a box's
    /// only control when its tool loads the player on play; they count
    /// only in a box that asks for consent and links its embed.
    #[serde(default)]
    pub play_controls: Vec<String>,
    /// Whole labels of controls that only confirm ("Confirm", "Rendben"):
    /// they say yes to whatever their box asks, so they give consent only
    /// where the box's own sentence asks for a platform's content ("Do
    /// you want to enable content from 'www.youtube.com'?").
    #[serde(default)]
    pub confirm_controls: Vec<String>,
    /// The language's commonest short words, by which a page's text tells
    /// its language when `<html lang>` is missing or wrong.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Box headings with a variable part, the service's name: `{service}`
    /// once, e.g. "allow {service} content?". The text before and after the
    /// slot is matched in the same pass as the phrases; an empty tail means
    /// the slot runs to the end of the text.
    pub templates: Vec<String>,
    /// The sentence saying the reader's consent is needed to see the
    /// content ("Accept cookies to see this video"), as parts of the
    /// language's grammar rather than fixed phrases.
    #[serde(default)]
    pub needs: Needs,
    /// What the embed was, per platform kind (`{platform}` is the display name).
    pub kinds: BTreeMap<String, String>,
    /// The summary when the page does not say what was blocked.
    pub unknown: String,
    /// `{what}` with its `{author}`.
    pub by: String,
    /// `{head}` with the post's `{text}`.
    pub quote: String,
    /// The `{line}` with the link's `{host}`.
    pub link: String,
    /// Where wording was taken from: a phrase, template or control word of
    /// this file → the public source it was mined from (a tool's
    /// translation file). Documentation only; a test checks each key.
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub sources: BTreeMap<String, String>,
}

/// The platforms file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformsFile {
    /// The summary line's mark for a box whose platform is not in the
    /// vocabulary (another service, or none named).
    pub unknown_mark: Mark,
    pub platforms: Vec<PlatformEntry>,
}

/// A summary line's mark: one glyph, white on `colour` (`#rrggbb`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub mark: String,
    pub colour: String,
}

/// One platform of the summary vocabulary.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformEntry {
    /// `x`, `youtube`…: the value of `Placeholder::platform`.
    pub id: String,
    /// Display name in summaries.
    pub name: String,
    /// `post`, `video`, `chart`, `map`, `audio` or `content` (a named service
    /// outside the vocabulary, whose `id` is `other`): picks the summary wording.
    pub kind: String,
    /// Host names (a host matches itself and its subdomains), or `host/path` prefixes.
    pub hosts: Vec<String>,
    /// Lower-case names by which consent wording or tool attributes call it.
    pub names: Vec<String>,
    /// Short names sites give it only in markup (a class part or an
    /// attribute name: `yt-embed`, `data-yt-id`), too short to be read as
    /// its name in wording.
    #[serde(default)]
    pub markup_names: Vec<String>,
    /// Classes of the platform's own embed markup that survive beside a
    /// box (`twitter-tweet`): a wrapper holding them is still the box.
    #[serde(default)]
    pub embed_classes: Vec<String>,
    /// The address of one of its embeds from the embed's ID alone (`{id}`),
    /// for players that keep only the ID beside the platform's name in a
    /// class (`div.youtube_player[videoID]`).
    #[serde(default)]
    pub id_url: Option<String>,
    /// Attributes of the platform's own embed markup that hold the embed's
    /// ID after a prefix.
    #[serde(default)]
    pub embed_ids: Vec<EmbedId>,
    /// The summary line's mark: one glyph, white on `colour` (absent: a neutral dot).
    #[serde(default)]
    pub mark: Option<String>,
    /// The mark's background, `#rrggbb`, dark enough for white on it.
    #[serde(default)]
    pub colour: Option<String>,
    /// Its player's default frame titles, lower-case ("youtube video
    /// player", numbered or not): they say nothing of the embed.
    #[serde(default)]
    pub default_titles: Vec<String>,
    /// Prefixes its player puts before the embed's own title, lower-case
    /// ("spotify embed: ").
    #[serde(default)]
    pub title_prefixes: Vec<String>,
    /// Its players that hand what they play on in a query parameter
    /// (SoundCloud's `w.soundcloud.com/player?url=`, Facebook's
    /// `plugins/post.php?href=`): such a player links to what it plays.
    #[serde(default)]
    pub players: Vec<Player>,
}

/// A platform's player address, carrying the address it plays.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Player {
    /// `host/path` prefix of the player, on a segment boundary.
    pub at: String,
    /// The query parameter holding the played address (on the same platform).
    pub parameter: String,
}

/// A tool with its selectors compiled.
pub struct Tool {
    pub file: ToolFile,
    pub boxes: Vec<Selector>,
    /// `file.parked_on`, compiled: (elements, attribute).
    pub parked_on: Vec<(Selector, String)>,
    /// `file.ids[i].on`, compiled, index for index.
    pub ids_on: Vec<Option<Selector>>,
    pub anchors: Vec<Selector>,
    pub banners: Vec<Selector>,
    pub html_in_text: Vec<Selector>,
    pub controls: Vec<Selector>,
    pub original_links: Vec<Selector>,
}

/// Why a data file was refused (only a test ever sees this: shipped data is
/// proven valid by `every_data_file_parses_and_every_selector_compiles`).
#[derive(Debug)]
pub enum DataError {
    Json { file: String, reason: String },
    Selector { file: String, selector: String },
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Json { file, reason } => write!(f, "{file}: {reason}"),
            DataError::Selector { file, selector } => {
                write!(f, "{file}: invalid selector {selector:?}")
            }
        }
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, json: &str) -> Result<T, DataError> {
    serde_json::from_str(json).map_err(|e| DataError::Json {
        file: file.to_owned(),
        reason: e.to_string(),
    })
}

fn compile(file: &str, list: &[String]) -> Result<Vec<Selector>, DataError> {
    list.iter()
        .map(|s| {
            Selector::parse(s).map_err(|_| DataError::Selector {
                file: file.to_owned(),
                selector: s.clone(),
            })
        })
        .collect()
}

fn load_tools() -> Result<Vec<Tool>, DataError> {
    files::TOOLS
        .iter()
        .map(|(name, json)| {
            let file: ToolFile = parse(name, json)?;
            let scoped: Vec<String> = file.parked_on.iter().map(|p| p.selector.clone()).collect();
            let parked_on = compile(name, &scoped)?
                .into_iter()
                .zip(file.parked_on.iter().map(|p| p.attribute.clone()))
                .collect();
            let ids_on = file
                .ids
                .iter()
                .map(|hook| {
                    hook.on
                        .as_ref()
                        .map(|on| compile(name, std::slice::from_ref(on)).map(|mut s| s.remove(0)))
                        .transpose()
                })
                .collect::<Result<_, _>>()?;
            Ok(Tool {
                boxes: compile(name, &file.boxes)?,
                parked_on,
                ids_on,
                anchors: compile(name, &file.anchors)?,
                banners: compile(name, &file.banners)?,
                html_in_text: compile(name, &file.html_in_text)?,
                controls: compile(name, &file.controls)?,
                original_links: compile(name, &file.original_links)?,
                file,
            })
        })
        .collect()
}

fn load_languages() -> Result<Vec<LanguageFile>, DataError> {
    files::LANGUAGES
        .iter()
        .map(|(name, json)| parse(name, json))
        .collect()
}

fn load_platforms() -> Result<PlatformsFile, DataError> {
    parse("platforms", include_str!("platforms.json"))
}

/// Every consent tool. A broken file cannot ship (see the test below); the
/// empty fallback only keeps a panic out of the browser.
pub static TOOLS: LazyLock<Vec<Tool>> = LazyLock::new(|| load_tools().unwrap_or_default());

/// The tools the engine reads: every one, except in a tool-ablation run
/// (tests only), where one page's own tools are left out to measure what
/// the generic rules find without them.
pub fn tools() -> impl Iterator<Item = &'static Tool> {
    TOOLS.iter().filter(|t| !ablation::is_left_out(&t.file.id))
}

/// Tool ablation: which tool files the analyses of this thread leave out.
/// Built for tests only; in the shipped engine nothing is ever left out.
#[doc(hidden)]
pub mod ablation {
    #[cfg(test)]
    thread_local! {
        static LEFT_OUT: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// Runs `f` with the tool files named by `ids` left out of `tools()`.
    #[cfg(test)]
    pub fn without<T>(ids: &[String], f: impl FnOnce() -> T) -> T {
        LEFT_OUT.with(|l| *l.borrow_mut() = ids.to_vec());
        let out = f();
        LEFT_OUT.with(|l| l.borrow_mut().clear());
        out
    }

    /// Whether the tool `id` is left out (for indexes built once over
    /// every tool, which must skip its matches).
    #[cfg(test)]
    pub(crate) fn is_left_out(id: &str) -> bool {
        LEFT_OUT.with(|l| l.borrow().iter().any(|i| i == id))
    }

    #[cfg(not(test))]
    #[inline]
    pub(crate) fn is_left_out(_: &str) -> bool {
        false
    }
}

/// Every language.
pub static LANGUAGES: LazyLock<Vec<LanguageFile>> =
    LazyLock::new(|| load_languages().unwrap_or_default());

/// Every platform.
pub static PLATFORMS: LazyLock<Vec<PlatformEntry>> =
    LazyLock::new(|| load_platforms().map(|f| f.platforms).unwrap_or_default());

/// The mark of a platform outside the vocabulary.
pub static UNKNOWN_MARK: LazyLock<Mark> =
    LazyLock::new(|| load_platforms().map(|f| f.unknown_mark).unwrap_or_default());

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_data_file_parses_and_every_selector_compiles() {
        let tools = load_tools().unwrap();
        assert!(tools.len() >= 10, "tool files lost: {}", tools.len());
        let languages = load_languages().unwrap();
        let tags: Vec<&str> = languages.iter().map(|l| l.language.as_str()).collect();
        for tag in ["fr", "en", "de", "it", "es", "nl"] {
            assert!(tags.contains(&tag), "language {tag} missing");
        }
        let platforms = load_platforms().unwrap();
        assert!(platforms.platforms.iter().any(|p| p.id == "x"));
    }

    #[test]
    fn every_language_has_every_platform_kind() {
        for language in load_languages().unwrap() {
            for platform in load_platforms().unwrap().platforms {
                assert!(
                    language.kinds.contains_key(&platform.kind),
                    "{}: no wording for kind {}",
                    language.language,
                    platform.kind
                );
            }
        }
    }

    #[test]
    fn every_cited_source_names_wording_of_its_file() {
        for language in load_languages().unwrap() {
            let wording: Vec<&String> = language
                .titles
                .iter()
                .chain(&language.phrases)
                .chain(&language.templates)
                .chain(&language.controls)
                .chain(&language.confirm_controls)
                .chain(&language.needs.see)
                .chain(&language.needs.this)
                .chain(&language.needs.consent)
                .chain(&language.needs.acts)
                .chain(&language.needs.effects)
                .chain(&language.needs.unavailable)
                .collect();
            for (phrase, source) in &language.sources {
                assert!(wording.contains(&phrase), "{}: {phrase}", language.language);
                assert!(
                    source.starts_with("https://"),
                    "{}: {source}",
                    language.language
                );
            }
        }
    }

    #[test]
    fn phrases_are_lower_case() {
        for language in load_languages().unwrap() {
            let all = language
                .titles
                .iter()
                .chain(&language.phrases)
                .chain(&language.controls)
                .chain(&language.never_controls)
                .chain(&language.preference_controls)
                .chain(&language.play_controls)
                .chain(&language.confirm_controls);
            let needs = language
                .needs
                .see
                .iter()
                .chain(&language.needs.this)
                .chain(&language.needs.consent)
                .chain(&language.needs.acts)
                .chain(&language.needs.effects)
                .chain(&language.needs.unavailable);
            for phrase in all.chain(&language.templates).chain(needs) {
                assert_eq!(phrase, &phrase.to_lowercase(), "{}", language.language);
            }
        }
    }

    /// Letters a stem keeps at least: a shorter one begins too many words.
    const MIN_STEM_CHARS: usize = 4;

    #[test]
    fn stems_are_marked_only_where_they_are_read_and_long_enough() {
        for language in load_languages().unwrap() {
            let stemmed = language
                .controls
                .iter()
                .chain(&language.never_controls)
                .chain(&language.preference_controls)
                .chain(&language.play_controls)
                .chain(&language.needs.see)
                .chain(&language.needs.this);
            for word in stemmed {
                let (stem, _) = stem(word);
                assert!(!stem.contains(STEM_MARK), "{}: {word}", language.language);
                let letters = stem.chars().filter(|c| c.is_alphabetic()).count();
                assert!(
                    letters >= MIN_STEM_CHARS || stem == word,
                    "{}: {word}",
                    language.language
                );
            }
            let unread = language
                .titles
                .iter()
                .chain(&language.phrases)
                .chain(&language.templates)
                .chain(&language.confirm_controls)
                .chain(&language.needs.consent)
                .chain(&language.needs.acts)
                .chain(&language.needs.effects)
                .chain(&language.needs.unavailable);
            for word in unread {
                assert!(!word.contains(STEM_MARK), "{}: {word}", language.language);
            }
        }
    }

    #[test]
    fn every_template_has_one_slot_and_a_head() {
        for language in load_languages().unwrap() {
            for template in &language.templates {
                let parts: Vec<&str> = template.split("{service}").collect();
                assert_eq!(parts.len(), 2, "{}: {template}", language.language);
                assert!(!parts[0].is_empty(), "{}: {template}", language.language);
            }
        }
    }

    #[test]
    fn services_outside_the_vocabulary_are_other() {
        let platforms = load_platforms().unwrap().platforms;
        let other: Vec<&PlatformEntry> = platforms.iter().filter(|p| p.kind == "content").collect();
        assert!(other.iter().any(|p| p.name == "Bluesky"));
        assert!(other.iter().all(|p| p.id == "other"));
        assert!(platforms
            .iter()
            .all(|p| (p.id == "other") == (p.kind == "content")));
    }

    /// Checks `value` against the subset of JSON Schema the tool schema
    /// uses: `type`, `properties`, `required`, `additionalProperties: false`,
    /// `items`, `enum`, `pattern` (as a substring).
    fn conforms(value: &serde_json::Value, schema: &serde_json::Value, at: &str) -> Vec<String> {
        use serde_json::Value;
        let mut errors = Vec::new();
        let kind = schema.get("type").and_then(Value::as_str);
        let ok = matches!(
            (kind, value),
            (Some("object"), Value::Object(_))
                | (Some("array"), Value::Array(_))
                | (Some("string"), Value::String(_))
                | (None, _)
        );
        if !ok {
            return vec![format!("{at}: not a {kind:?}")];
        }
        if let Value::Object(map) = value {
            let props = schema.get("properties").and_then(Value::as_object);
            for key in schema["required"].as_array().into_iter().flatten() {
                if !map.contains_key(key.as_str().unwrap()) {
                    errors.push(format!("{at}: missing {key}"));
                }
            }
            for (key, v) in map {
                match props.and_then(|p| p.get(key)) {
                    Some(sub) => errors.extend(conforms(v, sub, &format!("{at}.{key}"))),
                    None if schema["additionalProperties"] == Value::Bool(false) => {
                        errors.push(format!("{at}: unknown key {key}"))
                    }
                    None => {}
                }
            }
        }
        if let (Value::Array(items), Some(item)) = (value, schema.get("items")) {
            for (i, v) in items.iter().enumerate() {
                errors.extend(conforms(v, item, &format!("{at}[{i}]")));
            }
        }
        if let Value::String(s) = value {
            if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
                if !allowed.iter().any(|a| a == s) {
                    errors.push(format!("{at}: {s} not in {allowed:?}"));
                }
            }
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                if !s.contains(&pattern.replace('\\', "")) {
                    errors.push(format!("{at}: {s} lacks {pattern}"));
                }
            }
        }
        errors
    }

    #[test]
    fn every_tool_file_follows_the_published_schema() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("tools.schema.json")).unwrap();
        for (name, json) in files::TOOLS {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let errors = conforms(&value, &schema, name);
            assert!(errors.is_empty(), "{errors:?}");
        }
        // The schema refuses what the loader refuses, and can fail.
        let typo: serde_json::Value = serde_json::from_str(
            r#"{"id":"x","boxs":[],"anchors":[],"parked":[],"parked_on":[],"providers":[],"banners":[],"inert_scripts":[{"type":"a","encoding":"rot13"}]}"#,
        )
        .unwrap();
        assert_eq!(conforms(&typo, &schema, "typo").len(), 3);
    }

    #[test]
    fn a_typo_in_a_tool_file_is_refused() {
        let typo = r#"{"id":"x","boxs":[],"anchors":[],"parked":[],"parked_on":[],"providers":[],"banners":[]}"#;
        assert!(matches!(
            parse::<ToolFile>("typo", typo),
            Err(DataError::Json { .. })
        ));
        assert!(matches!(
            compile("bad", &["div[".to_owned()]),
            Err(DataError::Selector { .. })
        ));
    }
}
