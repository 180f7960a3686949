//! The wasm-bindgen boundary: the engine as the extension's background and
//! its own pages call it. Plans cross as plain JS values.

use wasm_bindgen::prelude::*;

use crate::{Options, Rules, Url};

/// Analyzes a region of a page (`outerHTML`) and returns its plan.
#[wasm_bindgen(js_name = analyzeFragment)]
pub fn analyze_fragment(
    html: &str,
    url: Option<String>,
    rules_json: Option<String>,
) -> Result<JsValue, JsError> {
    let rules = match rules_json {
        Some(json) => Rules::from_json(&json).map_err(|e| JsError::new(&e.to_string()))?,
        None => Rules::default(),
    };
    let url = url.and_then(|u| Url::parse(&u).ok());
    let plan = crate::analyze_fragment(html, &Options { url, rules });
    serde_wasm_bindgen::to_value(&plan).map_err(|e| JsError::new(&e.to_string()))
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
    serde_wasm_bindgen::to_value(&extraction).map_err(|e| JsError::new(&e.to_string()))
}
