//! The wasm-bindgen boundary: the engine as the extension's background and
//! its own pages call it. Plans cross as plain JS values. The reader page's
//! own build (`reader-page`) has only the reader view's and the playground's
//! exports: the background's (settings, plans) would only make it slower to
//! start.

use wasm_bindgen::prelude::*;

use crate::{Options, Rules, Url};

/// Analyzes a region of a page (`outerHTML`) and returns its plan.
/// `page_data`: the page's data scripts (`outerHTML`, the pre-check's
/// `data_scripts`), where a box on a framework site may find its URL
/// (consent/hydrate.rs). They are read after the region, so the region's
/// elements keep their indices; anything but one whole script is dropped.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = analyzeFragment)]
pub fn analyze_fragment(
    html: &str,
    url: Option<String>,
    rules_json: Option<String>,
    page_data: Option<Vec<String>>,
) -> Result<JsValue, JsError> {
    let rules = match rules_json {
        Some(json) => Rules::from_json(&json).map_err(|e| JsError::new(&e.to_string()))?,
        // The reader's own rules, from the settings in force.
        None => CURRENT.with(|c| c.borrow().rules.clone()),
    };
    let url = url.and_then(|u| Url::parse(&u).ok());
    let mut source = html.to_owned();
    for script in page_data.iter().flatten().filter(|s| is_one_script(s)) {
        source.push_str(script);
    }
    let plan = crate::analyze_fragment(&source, &Options::new().url(url).rules(rules));
    to_object(&plan)
}

/// Whether `markup` is one `<script>` element and nothing else: a script's
/// text can hold `</script>` when a page script wrote it, and elements
/// after it are no part of the page's data.
#[cfg(not(feature = "reader-page"))]
fn is_one_script(markup: &str) -> bool {
    const END: &str = "</script>";
    let lower = markup.to_ascii_lowercase();
    lower.starts_with("<script")
        && lower.ends_with(END)
        && lower.find("</script") == Some(lower.len() - END.len())
}

/// Extracts the article of a whole page (`reader` builds only: the
/// extension's own build leaves it out). Throws when the page has none.
#[cfg(feature = "reader")]
#[wasm_bindgen]
pub fn extract(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    let url = url.and_then(|u| Url::parse(&u).ok());
    let options = Options {
        url,
        rules: Rules::default(),
    };
    let extraction = crate::extract(html, &options).map_err(|e| JsError::new(&e.to_string()))?;
    to_object(&extraction)
}

// ---- The reader's settings -------------------------------------------------
// The background keeps the one settings document here, validated, with its
// site rules compiled once; the extension's pages ask for what they show.

#[cfg(not(feature = "reader-page"))]
thread_local! {
    static CURRENT: std::cell::RefCell<Current> = std::cell::RefCell::default();
}

/// The settings in force and their compiled site rules.
#[cfg(not(feature = "reader-page"))]
#[derive(Default)]
struct Current {
    settings: crate::Settings,
    rules: Rules,
}

#[cfg(not(feature = "reader-page"))]
fn install(settings: crate::Settings) {
    let rules = Rules::from_file(&settings.rules).unwrap_or_default();
    CURRENT.with(|c| *c.borrow_mut() = Current { settings, rules });
}

/// Like `serde_wasm_bindgen::to_value` (an absent value is `undefined`), but
/// a flattened struct (the metadata in a plan or an extraction) is a plain
/// object, not a `Map`.
fn to_object<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Loads the stored document (or none), repairing what does not validate.
/// Returns `{ settings, repairs, unreadable }`: the document to store back
/// when `repairs` is not empty, one message per dropped part, and whether
/// the document was refused as a whole (then `settings` are the defaults).
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = loadSettings)]
pub fn load_settings(json: Option<String>) -> Result<JsValue, JsError> {
    let (settings, repairs) = match json {
        Some(json) => crate::Settings::repair(&json),
        None => (crate::Settings::default(), Vec::new()),
    };
    let unreadable = repairs
        .iter()
        .any(|e| !matches!(e, crate::SettingsError::Field { .. }));
    let document = settings.to_value();
    install(settings);
    let repairs: Vec<String> = repairs.iter().map(ToString::to_string).collect();
    to_js(
        &serde_json::json!({ "settings": document, "repairs": repairs, "unreadable": unreadable }),
    )
}

/// What applies on the page at `url`: `{ site, collapse, tidy, reader }`.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = featuresFor)]
pub fn features_for(url: &str) -> Result<JsValue, JsError> {
    let url = Url::parse(url).map_err(|e| JsError::new(&e.to_string()))?;
    CURRENT.with(|c| to_js(&c.borrow().settings.for_url(&url)))
}

/// Replaces the settings by a whole new document, validated first; throws
/// with the fault's place and leaves the settings as they were.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = replaceSettings)]
pub fn replace_settings(json: &str) -> Result<JsValue, JsError> {
    let settings = crate::Settings::parse(json).map_err(|e| JsError::new(&e.to_string()))?;
    let document = settings.to_value();
    install(settings);
    to_js(&document)
}

/// What importing `json` would change, merged and replacing:
/// `{ merge: Diff, replace: Diff }`; throws when the file is refused.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = previewImport)]
pub fn preview_import(json: &str) -> Result<JsValue, JsError> {
    let incoming = crate::Settings::parse(json).map_err(|e| JsError::new(&e.to_string()))?;
    CURRENT.with(|c| {
        let current = &c.borrow().settings;
        let merged = current.merge(&incoming);
        to_js(&serde_json::json!({
            "merge": current.diff(&merged),
            "replace": current.diff(&incoming),
            "merged": merged.to_value(),
            "replaced": incoming.to_value(),
        }))
    })
}

/// The settings as an export file holds them (only what differs from the defaults).
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = exportSettings)]
pub fn export_settings() -> Result<JsValue, JsError> {
    CURRENT.with(|c| to_js(&c.borrow().settings.export()))
}

/// Validates a whole document without installing it: `null` when it is
/// sound, else the first fault with its place (for the options page's forms).
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = checkSettings)]
pub fn check_settings(json: &str) -> Option<String> {
    crate::Settings::parse(json).err().map(|e| e.to_string())
}

/// The site key of a page (its registrable domain, or its IP or localhost),
/// or `null` for a page without one.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = siteOf)]
pub fn site_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()?
        .host_str()
        .and_then(crate::domain::site)
}

/// Validates site rules JSON as the options page's raw editor holds it:
/// `null` when sound, else the reason.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = checkRules)]
pub fn check_rules(json: &str) -> Option<String> {
    Rules::from_json(json).err().map(|e| e.to_string())
}

/// Analyzes a whole page (the document's `outerHTML`) for tidying it in
/// place: `{ article, clutter }` (see [`crate::Plan`]), with the reader's
/// site rules. `article` is absent on a page without one, and `clutter`
/// then empty: the page is left as it is.
#[cfg(not(feature = "reader-page"))]
#[wasm_bindgen(js_name = analyzePage)]
pub fn analyze_page(html: &str, url: Option<String>) -> Result<JsValue, JsError> {
    let rules = CURRENT.with(|c| c.borrow().rules.clone());
    let url = url.and_then(|u| Url::parse(&u).ok());
    let plan = crate::analyze(html, &Options::new().url(url).rules(rules));
    to_js(&serde_json::json!({ "article": plan.article, "clutter": plan.clutter }))
}

// ---- The playground (www/) -------------------------------------------------
// One call per input: the page goes through every step in the page's own
// wasm instance, each step timed with the browser's clock.

#[cfg(feature = "reader")]
#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: `std::time` has no clock on wasm32-unknown-unknown.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Runs `step` and returns its result with the milliseconds it took.
#[cfg(feature = "reader")]
pub(crate) fn timed<T>(step: impl FnOnce() -> T) -> (T, f64) {
    let start = performance_now();
    let value = step();
    (value, performance_now() - start)
}

/// Everything the playground shows for one page: `{ plan, extraction,
/// noArticle, minutes, tidied, notTidied, ms: { parse, analyze, extract,
/// tidy, render } }`, the reader view built inside `reader` as the reader
/// page builds it (src/reader_dom.rs). `extraction` is `null` and
/// `noArticle` says why when the page has no article (`reader` is left
/// empty); `tidied` is `null` and `notTidied` says why past a bound.
/// Throws only for bad rules JSON (the message names the place).
#[cfg(feature = "reader")]
#[wasm_bindgen]
pub fn playground(
    html: &str,
    url: Option<String>,
    rules_json: Option<String>,
    reader: &web_sys::Element,
) -> Result<JsValue, JsError> {
    let rules = match rules_json {
        Some(json) => Rules::from_json(&json).map_err(|e| JsError::new(&e.to_string()))?,
        None => Rules::default(),
    };
    let url = url.and_then(|u| Url::parse(&u).ok());
    let options = Options { url, rules };
    // `analyze` and `tidy` parse the page again on their own: their times include it.
    let (document, parse) = timed(|| crate::Document::parse(html, &options));
    let (plan, analyze) = timed(|| crate::analyze(html, &options));
    let (extraction, extract) = timed(|| document.extract(&options));
    let (tidied, tidy) = timed(|| crate::tidy(html, &options));
    let (built, render) = timed(|| match &extraction {
        Ok(article) => crate::reader_dom::build(article, reader),
        Err(_) => Ok(()),
    });
    built?;
    let minutes = extraction
        .as_ref()
        .ok()
        .map(|a| crate::reader_dom::reading_minutes(&a.text_content));
    let (extraction, no_article) = match extraction {
        Ok(e) => (Some(e), None),
        Err(e) => (None, Some(e.to_string())),
    };
    let (tidied, not_tidied) = match tidied {
        Ok(t) => (Some(t), None),
        Err(e) => (None, Some(e.to_string())),
    };
    to_js(&serde_json::json!({
        "plan": plan,
        "extraction": extraction,
        "noArticle": no_article,
        "minutes": minutes,
        "tidied": tidied,
        "notTidied": not_tidied,
        "ms": { "parse": parse, "analyze": analyze, "extract": extract, "tidy": tidy, "render": render },
    }))
}
