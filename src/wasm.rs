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

/// A small consent box, for [`warm`]: wording, a parked embed and a control,
/// so the detection's data and code paths are all used once.
const WARM_REGION: &str = r#"<div class="embed-consent"><p>Contenu externe : ce contenu est hébergé par X. Accepter les cookies pour l'afficher.</p><iframe data-src="https://x.com/someone/status/1"></iframe><button>Accepter</button><a href="https://x.com/someone/status/1">Voir sur X</a></div>"#;

/// Runs the engine once on a small sample box and throws the plan away:
/// builds the compiled-in data (tools' selectors, the wording automata)
/// and lets the runtime compile the code, so that the first real region
/// costs what every other one does. Meant for start-up, before any page asks.
#[wasm_bindgen]
pub fn warm() {
    let options = Options {
        url: Url::parse("https://www.example.com/").ok(),
        rules: Rules::default(),
    };
    let plan = crate::analyze_fragment(WARM_REGION, &options);
    // The plan crosses the boundary like a real one would, then is dropped.
    let _ = serde_wasm_bindgen::to_value(&plan);
}
