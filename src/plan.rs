//! The serde data the engine returns: which nodes to collapse and with what
//! summary, what the article is, what is clutter. It speaks of Épure's own
//! node addresses ([`Target`]), never of the parser's ids.

use serde::{Deserialize, Serialize};

use crate::article::Metadata;

/// Version of the plan's JSON shape; bumped when a field changes meaning.
pub const PLAN_VERSION: u32 = 2;

/// Everything the engine found on one page or fragment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub version: u32,
    /// The page's language (BCP 47 primary tag), when it says or we can tell.
    pub language: Option<String>,
    /// Consent boxes, in document order.
    pub placeholders: Vec<Placeholder>,
    /// The article, when the page has one (filled by the article engine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleInfo>,
    /// Clutter around the article, as targets to hide in place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clutter: Vec<Target>,
}

/// One consent box and what it stood for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placeholder {
    /// `x`, `instagram`, `youtube`… (see `data/platforms.json`); `None` when the page does not say.
    pub platform: Option<String>,
    /// Handle with its `@`, or an account name.
    pub author: Option<String>,
    /// The post's, video's or chart's own words, clipped.
    pub text: Option<String>,
    /// The original's address: http(s) only, normalised.
    pub url: Option<String>,
    /// The consent tool whose markup this is, when known (`usercentrics-sdp`, `didomi`…).
    pub tool: Option<String>,
    /// The one line the reader sees instead of the box, in the page's language. Plain text.
    pub summary: String,
    /// Where the box is.
    pub target: Target,
}

/// The address of an element that the browser side can find again and verify
/// before touching it (see `target.rs` for why each field is there).
///
/// `index` is the element's position among the analyzed elements in document
/// order: for a whole document `<html>` is 0 (`document.getElementsByTagName('*')`);
/// for a region the region itself is 0, then its descendants
/// (`region.getElementsByTagName('*')`). The rest is the fingerprint: if the
/// live element or the elements before it differ, the browser leaves it alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub index: u32,
    /// Hash of the tag, id and class of every element before this one: the
    /// engine's order is the page's up to here.
    pub before: u32,
    pub tag: String,
    pub id: Option<String>,
    pub class: Option<String>,
    /// UTF-16 code units of the element's text, ASCII white space left out.
    pub text_len: u32,
    /// Hash of those code units.
    pub text_hash: u32,
}

/// What the article engine tells about the article (everything of an
/// extraction but its HTML body).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleInfo {
    #[serde(flatten)]
    pub metadata: Metadata,
    /// The body element, so that the browser can keep it while hiding clutter.
    pub target: Option<Target>,
}
