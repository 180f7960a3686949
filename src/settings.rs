//! The reader's settings: one JSON document, the same in storage, in an
//! export file and in an import.
//!
//! ```json
//! { "epure": "settings", "version": 1,
//!   "defaults": { "collapse": true, "tidy": false, "reader": "off" },
//!   "sites": { "lemonde.fr": { "tidy": true, "reader": "auto" } },
//!   "rules": { "version": 1, "sites": {} },
//!   "view": { "size": 20, "font": "serif", "width": "medium", "line_height": 1.6, "theme": "auto" } }
//! ```
//!
//! Every section may be left out (it is then the default), so an export holds
//! only what the reader changed. Keys this version does not know are kept as
//! they are, so a document written by a newer Épure survives a round trip.
//! [`Settings::parse`] accepts a document whole or refuses it with the place
//! of the first fault; [`Settings::repair`] keeps every part that validates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain;
use crate::error::SettingsError;
use crate::rules::{Rules, RulesFile};

/// The document's marker, so that an unrelated JSON file is not taken for settings.
pub const SETTINGS_MARKER: &str = "settings";
/// The version this engine writes and reads.
pub const SETTINGS_VERSION: u64 = 1;
/// Largest document accepted: thousands of sites with rules fit in well under
/// a megabyte; anything bigger is not settings (and `storage.local` holds 5 MB
/// in Chromium without `unlimitedStorage`).
pub const MAX_SETTINGS_BYTES: usize = 5 * 1024 * 1024;
/// Most sites with their own settings: far above any reader's list, low
/// enough that a hostile import cannot make every page load slow.
pub const MAX_SITES: usize = 20_000;
/// Text size range of the reader view, in CSS pixels.
const SIZE_RANGE: std::ops::RangeInclusive<u64> = 12..=40;
/// Line height range of the reader view (unitless multiples of the size).
const LINE_HEIGHT_RANGE: std::ops::RangeInclusive<f64> = 1.0..=2.5;

/// What Épure does on a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Features {
    /// Collapse consent boxes into summary lines.
    pub collapse: bool,
    /// Tidy the article in place.
    pub tidy: bool,
    /// Open the reader view by itself.
    pub reader: ReaderMode,
}

/// When the reader view opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReaderMode {
    /// Only when the reader asks.
    Off,
    /// By itself when the page has an article.
    Auto,
}

/// One site's own choices; a missing one falls back to the defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapse: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tidy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reader: Option<ReaderMode>,
    /// Keys of a newer version, kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The reader view's look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub size: u64,
    pub font: Font,
    pub width: Width,
    pub line_height: f64,
    pub theme: Theme,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Font {
    Serif,
    Sans,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Narrow,
    Medium,
    Wide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follows the system's light or dark preference.
    Auto,
    Light,
    Sepia,
    Dark,
}

/// The whole document, every section filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub defaults: Features,
    pub sites: BTreeMap<String, SiteSettings>,
    pub rules: RulesFile,
    pub view: View,
    /// Top-level keys of a newer version, kept as they are.
    pub extra: Map<String, Value>,
}

/// What applies on one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effective {
    /// The site key the page belongs to (`None` for a page with no site, e.g. a file).
    pub site: Option<String>,
    #[serde(flatten)]
    pub features: Features,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            collapse: true,
            tidy: false,
            reader: ReaderMode::Off,
        }
    }
}

impl Default for View {
    fn default() -> Self {
        View {
            size: 20,
            font: Font::Serif,
            width: Width::Medium,
            line_height: 1.6,
            theme: Theme::Auto,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            defaults: Features::default(),
            sites: BTreeMap::new(),
            rules: RulesFile {
                version: 1,
                sites: BTreeMap::new(),
            },
            view: View::default(),
            extra: Map::new(),
        }
    }
}

/// What a repair dropped, one line per fault, for the notice the reader sees once.
pub type Repairs = Vec<SettingsError>;

impl Settings {
    /// Parses a document whole, or refuses it with the first fault and its place.
    pub fn parse(json: &str) -> Result<Settings, SettingsError> {
        let mut faults = Vec::new();
        let settings = read(json, &mut faults)?;
        match faults.into_iter().next() {
            Some(fault) => Err(fault),
            None => Ok(settings),
        }
    }

    /// Reads a stored document, keeping every part that validates and
    /// reporting what it dropped. A document that is not JSON at all gives the
    /// defaults and one fault.
    pub fn repair(json: &str) -> (Settings, Repairs) {
        let mut faults = Vec::new();
        match read(json, &mut faults) {
            Ok(settings) => (settings, faults),
            Err(fault) => (Settings::default(), vec![fault]),
        }
    }

    /// The whole document as stored.
    pub fn to_value(&self) -> Value {
        let mut doc = self.extra.clone();
        doc.insert("epure".into(), SETTINGS_MARKER.into());
        doc.insert("version".into(), SETTINGS_VERSION.into());
        doc.insert("defaults".into(), to_value(&self.defaults));
        doc.insert("sites".into(), to_value(&self.sites));
        doc.insert("rules".into(), to_value(&self.rules));
        doc.insert("view".into(), to_value(&self.view));
        Value::Object(doc)
    }

    /// The document as exported: only what differs from the defaults, plus
    /// the marker, the version and any keys of a newer version.
    pub fn export(&self) -> Value {
        let fresh = Settings::default();
        let mut doc = self.extra.clone();
        doc.insert("epure".into(), SETTINGS_MARKER.into());
        doc.insert("version".into(), SETTINGS_VERSION.into());
        if self.defaults != fresh.defaults {
            doc.insert("defaults".into(), to_value(&self.defaults));
        }
        let sites: BTreeMap<_, _> = self
            .sites
            .iter()
            .filter(|(_, site)| **site != SiteSettings::default())
            .collect();
        if !sites.is_empty() {
            doc.insert("sites".into(), to_value(&sites));
        }
        if !self.rules.sites.is_empty() {
            doc.insert("rules".into(), to_value(&self.rules));
        }
        if self.view != fresh.view {
            doc.insert("view".into(), to_value(&self.view));
        }
        Value::Object(doc)
    }

    /// The features that apply on the page at `url`: the site's own choices
    /// over the defaults.
    pub fn for_url(&self, url: &url::Url) -> Effective {
        let site = url.host_str().and_then(domain::site);
        let own = site.as_ref().and_then(|s| self.sites.get(s));
        let d = self.defaults;
        Effective {
            features: Features {
                collapse: own.and_then(|o| o.collapse).unwrap_or(d.collapse),
                tidy: own.and_then(|o| o.tidy).unwrap_or(d.tidy),
                reader: own.and_then(|o| o.reader).unwrap_or(d.reader),
            },
            site,
        }
    }

    /// `incoming` merged into these settings: its sites and site rules
    /// replace the same sites here, others stay; its defaults and view win
    /// where it has them (an export leaves out what it did not change).
    pub fn merge(&self, incoming: &Settings) -> Settings {
        let fresh = Settings::default();
        let mut merged = self.clone();
        if incoming.defaults != fresh.defaults {
            merged.defaults = incoming.defaults;
        }
        if incoming.view != fresh.view {
            merged.view = incoming.view.clone();
        }
        for (site, own) in &incoming.sites {
            merged.sites.insert(site.clone(), own.clone());
        }
        for (site, rule) in &incoming.rules.sites {
            merged.rules.sites.insert(site.clone(), rule.clone());
        }
        for (key, value) in &incoming.extra {
            merged.extra.insert(key.clone(), value.clone());
        }
        merged
    }

    /// What replacing these settings by `next` would change, for the reader
    /// to confirm before an import.
    pub fn diff(&self, next: &Settings) -> Diff {
        Diff {
            sites: changes(&self.sites, &next.sites),
            rules: changes(&self.rules.sites, &next.rules.sites),
            defaults: self.defaults != next.defaults,
            view: self.view != next.view,
        }
    }
}

/// Sites and rules that a change adds, alters or removes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    pub sites: Changes,
    pub rules: Changes,
    pub defaults: bool,
    pub view: bool,
}

/// Keys added, changed and removed between two maps.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

fn changes<V: PartialEq>(old: &BTreeMap<String, V>, new: &BTreeMap<String, V>) -> Changes {
    let mut out = Changes::default();
    for (key, value) in new {
        match old.get(key) {
            None => out.added.push(key.clone()),
            Some(before) if before != value => out.changed.push(key.clone()),
            Some(_) => {}
        }
    }
    out.removed = old
        .keys()
        .filter(|k| !new.contains_key(*k))
        .cloned()
        .collect();
    out
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Reads the document: a fault that makes the whole of it unusable is the
/// error; a fault in one part drops that part and is pushed to `faults`.
fn read(json: &str, faults: &mut Vec<SettingsError>) -> Result<Settings, SettingsError> {
    if json.len() > MAX_SETTINGS_BYTES {
        return Err(SettingsError::TooLarge {
            bytes: json.len(),
            limit: MAX_SETTINGS_BYTES,
        });
    }
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let doc: Value =
        crate::strict_json::parse(json).map_err(|e| SettingsError::Json(e.to_string()))?;
    let Value::Object(mut doc) = doc else {
        return Err(SettingsError::NotSettings);
    };
    if doc.remove("epure").as_ref().and_then(Value::as_str) != Some(SETTINGS_MARKER) {
        return Err(SettingsError::NotSettings);
    }
    match doc.remove("version").as_ref().and_then(Value::as_u64) {
        Some(SETTINGS_VERSION) => {}
        other => return Err(SettingsError::Version(other)),
    }
    let mut settings = Settings::default();
    if let Some(defaults) = doc.remove("defaults") {
        read_defaults(&defaults, &mut settings.defaults, faults);
    }
    if let Some(sites) = doc.remove("sites") {
        settings.sites = read_sites(&sites, faults);
    }
    if let Some(rules) = doc.remove("rules") {
        settings.rules = read_rules(rules, faults);
    }
    if let Some(view) = doc.remove("view") {
        read_view(&view, &mut settings.view, faults);
    }
    settings.extra = doc;
    Ok(settings)
}

fn fault(path: impl Into<String>, message: impl Into<String>) -> SettingsError {
    SettingsError::Field {
        path: path.into().chars().take(MAX_ECHO_CHARS).collect(),
        message: message.into(),
    }
}

/// Longest piece of the reader's document echoed in a message.
const MAX_ECHO_CHARS: usize = 200;

fn object<'a>(
    value: &'a Value,
    path: &str,
    faults: &mut Vec<SettingsError>,
) -> Option<&'a Map<String, Value>> {
    let found = value.as_object();
    if found.is_none() {
        faults.push(fault(path, "expected an object"));
    }
    found
}

/// Reads `key` of `map` into `slot` when it is there and valid.
fn field<T: serde::de::DeserializeOwned>(
    map: &Map<String, Value>,
    key: &str,
    path: &str,
    expected: &str,
    slot: &mut T,
    faults: &mut Vec<SettingsError>,
) {
    if let Some(value) = map.get(key) {
        match T::deserialize(value) {
            Ok(v) => *slot = v,
            Err(_) => faults.push(fault(
                format!("{path}.{key}"),
                format!("expected {expected}"),
            )),
        }
    }
}

const BOOL: &str = "true or false";
const READER: &str = "\"off\" or \"auto\"";

fn read_defaults(value: &Value, out: &mut Features, faults: &mut Vec<SettingsError>) {
    let Some(map) = object(value, "defaults", faults) else {
        return;
    };
    field(map, "collapse", "defaults", BOOL, &mut out.collapse, faults);
    field(map, "tidy", "defaults", BOOL, &mut out.tidy, faults);
    field(map, "reader", "defaults", READER, &mut out.reader, faults);
    unknown_keys(map, &["collapse", "tidy", "reader"], "defaults", faults);
}

/// `defaults` and `view` are this version's own: an unknown key there is a typo.
fn unknown_keys(
    map: &Map<String, Value>,
    known: &[&str],
    path: &str,
    faults: &mut Vec<SettingsError>,
) {
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        faults.push(fault(format!("{path}.{key}"), "unknown setting"));
    }
}

fn read_sites(value: &Value, faults: &mut Vec<SettingsError>) -> BTreeMap<String, SiteSettings> {
    let mut sites = BTreeMap::new();
    let Some(map) = object(value, "sites", faults) else {
        return sites;
    };
    if map.len() > MAX_SITES {
        faults.push(fault("sites", format!("more than {MAX_SITES} sites")));
        return sites;
    }
    for (key, value) in map {
        let path = format!("sites.{key}");
        if let Err(why) = site_key(key) {
            faults.push(fault(path, why));
            continue;
        }
        let Some(own) = object(value, &path, faults) else {
            continue;
        };
        let mut site = SiteSettings::default();
        let mut extra = own.clone();
        for (name, expected) in [("collapse", BOOL), ("tidy", BOOL), ("reader", READER)] {
            let Some(v) = extra.remove(name) else {
                continue;
            };
            let ok = match name {
                "collapse" => v.as_bool().map(|b| site.collapse = Some(b)).is_some(),
                "tidy" => v.as_bool().map(|b| site.tidy = Some(b)).is_some(),
                _ => ReaderMode::deserialize(&v)
                    .map(|m| site.reader = Some(m))
                    .is_ok(),
            };
            if !ok {
                faults.push(fault(
                    format!("{path}.{name}"),
                    format!("expected {expected}"),
                ));
            }
        }
        site.extra = extra;
        // A site with nothing of its own is the defaults: not kept, so that
        // the stored document and its export say the same.
        if site != SiteSettings::default() {
            sites.insert(key.clone(), site);
        }
    }
    sites
}

/// A site key is a registrable domain ("lemonde.fr", not "www.lemonde.fr"
/// nor "fr"), an IP address or `localhost`, in its canonical form.
pub fn site_key(key: &str) -> Result<(), String> {
    if domain::is_public_suffix(key) {
        return Err("a public suffix names no single site".into());
    }
    let is_host = url::Host::parse(key).is_ok();
    let single_label = !key.contains('.') && !key.starts_with('[');
    match domain::site(key) {
        Some(site) if is_host && site == key && (!single_label || key == "localhost") => Ok(()),
        Some(site) if is_host && site != key && !single_label => {
            Err(format!("not a site: use its registrable domain {site:?}"))
        }
        _ => Err("not a domain name, IP address or localhost".into()),
    }
}

fn read_rules(value: Value, faults: &mut Vec<SettingsError>) -> RulesFile {
    let checked = RulesFile::deserialize(value)
        .map_err(|e| e.to_string())
        .and_then(|file| {
            Rules::from_file(&file)
                .map(|_| file)
                .map_err(|e| e.to_string())
        });
    match checked {
        Ok(file) => file,
        Err(why) => {
            faults.push(fault("rules", why));
            Settings::default().rules
        }
    }
}

fn read_view(value: &Value, out: &mut View, faults: &mut Vec<SettingsError>) {
    let Some(map) = object(value, "view", faults) else {
        return;
    };
    let mut size = out.size;
    field(map, "size", "view", "a whole number", &mut size, faults);
    if SIZE_RANGE.contains(&size) {
        out.size = size;
    } else {
        faults.push(fault("view.size", format!("expected {SIZE_RANGE:?}")));
    }
    let mut line_height = out.line_height;
    field(
        map,
        "line_height",
        "view",
        "a number",
        &mut line_height,
        faults,
    );
    if LINE_HEIGHT_RANGE.contains(&line_height) {
        out.line_height = line_height;
    } else {
        faults.push(fault(
            "view.line_height",
            format!("expected {LINE_HEIGHT_RANGE:?}"),
        ));
    }
    field(
        map,
        "font",
        "view",
        "\"serif\" or \"sans\"",
        &mut out.font,
        faults,
    );
    let widths = "\"narrow\", \"medium\" or \"wide\"";
    field(map, "width", "view", widths, &mut out.width, faults);
    let themes = "\"auto\", \"light\", \"sepia\" or \"dark\"";
    field(map, "theme", "view", themes, &mut out.theme, faults);
    let known = ["size", "line_height", "font", "width", "theme"];
    unknown_keys(map, &known, "view", faults);
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"{ "epure": "settings", "version": 1,
      "defaults": { "collapse": true, "tidy": false, "reader": "off" },
      "sites": { "lemonde.fr": { "tidy": true, "reader": "auto" }, "127.0.0.1": { "collapse": false } },
      "rules": { "version": 1, "sites": { "paper.example": { "clutter": [".promo"] } } },
      "view": { "size": 22, "font": "sans", "width": "wide", "line_height": 1.8, "theme": "sepia" } }"#;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn a_full_document_round_trips() {
        let settings = Settings::parse(FULL).unwrap();
        let again = Settings::parse(&settings.to_value().to_string()).unwrap();
        assert_eq!(settings, again);
        assert_eq!(settings.view.theme, Theme::Sepia);
    }

    #[test]
    fn a_site_falls_back_to_the_defaults() {
        let settings = Settings::parse(FULL).unwrap();
        let here = settings.for_url(&url("https://www.lemonde.fr/article"));
        assert_eq!(here.site.as_deref(), Some("lemonde.fr"));
        assert!(here.features.tidy && here.features.collapse);
        assert_eq!(here.features.reader, ReaderMode::Auto);
        let local = settings.for_url(&url("http://127.0.0.1:8000/x"));
        assert!(!local.features.collapse);
        let other = settings.for_url(&url("https://example.org/"));
        assert_eq!(other.features, Features::default());
    }

    #[test]
    fn export_keeps_only_what_differs_and_reads_back_the_same() {
        let settings = Settings::parse(FULL).unwrap();
        let exported = settings.export();
        assert!(exported.get("defaults").is_none());
        assert!(exported.get("view").is_some());
        assert_eq!(Settings::parse(&exported.to_string()).unwrap(), settings);
        let empty = Settings::default().export().to_string();
        assert_eq!(empty, r#"{"epure":"settings","version":1}"#);
    }

    #[test]
    fn keys_of_a_newer_version_survive_a_round_trip() {
        let newer = r#"{"epure":"settings","version":1,"sync":{"every":5},
            "sites":{"lemonde.fr":{"tidy":true,"fonts":"large"}}}"#;
        let settings = Settings::parse(newer).unwrap();
        let out = settings.export();
        assert_eq!(out["sync"]["every"], 5);
        assert_eq!(out["sites"]["lemonde.fr"]["fonts"], "large");
    }

    #[test]
    fn a_site_with_nothing_of_its_own_is_not_kept() {
        // Found by the settings fuzz target: the export dropped it, storage kept it.
        let doc = r#"{"epure":"settings","version":1,"sites":{"lemonde.fr":{},"bbc.co.uk":{"tidy":true}}}"#;
        let settings = Settings::parse(doc).unwrap();
        assert_eq!(settings.sites.keys().collect::<Vec<_>>(), ["bbc.co.uk"]);
        assert_eq!(
            Settings::parse(&settings.export().to_string()).unwrap(),
            settings
        );
    }

    #[test]
    fn refuses_what_is_not_settings() {
        for bad in [
            "",
            "{",
            "[]",
            r#"{"version":1}"#,
            r#"{"epure":"settings","version":2}"#,
            r#"{"epure":"settings","version":1,"sites":{"com":{}}}"#,
            r#"{"epure":"settings","version":1,"sites":{"co.uk":{}}}"#,
            r#"{"epure":"settings","version":1,"sites":{"www.lemonde.fr":{}}}"#,
            r#"{"epure":"settings","version":1,"sites":{"__proto__":{}}}"#,
            r#"{"epure":"settings","version":1,"sites":{"<b>x</b>.fr":{}}}"#,
            r#"{"epure":"settings","version":1,"sites":{"a.fr":{"tidy":"yes"}}}"#,
            r#"{"epure":"settings","version":1,"view":{"size":400}}"#,
            r#"{"epure":"settings","version":1,"view":{"colour":"red"}}"#,
            r#"{"epure":"settings","version":1,"rules":{"version":1,"sites":{"a.fr":{"boxes":["div["]}}}}"#,
            r#"{"epure":"settings","version":1,"sites":{"a.fr":{},"a.fr":{}}}"#,
        ] {
            assert!(Settings::parse(bad).is_err(), "accepted {bad}");
        }
    }

    #[test]
    fn deep_or_huge_documents_are_refused_cleanly() {
        let deep = format!(
            r#"{{"epure":"settings","version":1,"x":{}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(matches!(
            Settings::parse(&deep),
            Err(SettingsError::Json(_))
        ));
        let huge = format!(
            r#"{{"epure":"settings","version":1,"x":"{}"}}"#,
            "a".repeat(MAX_SETTINGS_BYTES)
        );
        assert!(matches!(
            Settings::parse(&huge),
            Err(SettingsError::TooLarge { .. })
        ));
    }

    #[test]
    fn repair_keeps_every_part_that_validates() {
        let damaged = r#"{"epure":"settings","version":1,
            "defaults":{"collapse":false,"tidy":"yes"},
            "sites":{"lemonde.fr":{"tidy":true},"com":{"tidy":true},"bbc.co.uk":{"reader":"always"}},
            "view":{"size":400,"font":"sans"}}"#;
        let (settings, repairs) = Settings::repair(damaged);
        assert!(!settings.defaults.collapse);
        assert_eq!(settings.sites["lemonde.fr"].tidy, Some(true));
        // Its one setting was invalid: nothing of its own is left.
        assert!(!settings.sites.contains_key("bbc.co.uk"));
        assert!(!settings.sites.contains_key("com"));
        assert_eq!(settings.view.font, Font::Sans);
        assert_eq!(settings.view.size, View::default().size);
        assert_eq!(repairs.len(), 4, "{repairs:?}");
        let (fresh, repairs) = Settings::repair("{\"epure\":\"sett");
        assert_eq!(fresh, Settings::default());
        assert_eq!(repairs.len(), 1);
    }

    #[test]
    fn merge_and_diff_say_what_an_import_changes() {
        let current = Settings::parse(FULL).unwrap();
        let incoming = Settings::parse(
            r#"{"epure":"settings","version":1,"sites":{"lemonde.fr":{"tidy":false},"bbc.co.uk":{"tidy":true}}}"#,
        )
        .unwrap();
        let merged = current.merge(&incoming);
        assert_eq!(merged.sites.len(), 3);
        assert_eq!(merged.view, current.view);
        let diff = current.diff(&merged);
        assert_eq!(diff.sites.added, ["bbc.co.uk"]);
        assert_eq!(diff.sites.changed, ["lemonde.fr"]);
        assert!(diff.sites.removed.is_empty() && !diff.view);
        let replace = current.diff(&incoming);
        assert_eq!(replace.sites.removed, ["127.0.0.1"]);
        assert_eq!(replace.rules.removed, ["paper.example"]);
        assert!(replace.view);
    }
}
