//! The bench's peer protocol (see ../README.md), one copy for the Rust peers
//! (each includes it with `#[path]`, so every peer keeps its own crate and
//! lock file): reads `FILE<TAB>URL` lines on stdin and prints one JSON line
//! `{"text", "title", "byline", "ms"}` per page. No article: empty text.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use serde_json::json;

/// What an engine gave for a page.
pub struct Found {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
}

/// A page's answer: what was found (`None`: no article) and the time taken
/// by the part the peer timed.
pub struct Answer {
    pub found: Option<Found>,
    pub ms: f64,
}

/// Runs `work` and returns its result with its wall time in milliseconds.
pub fn timed<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let result = work();
    (result, start.elapsed().as_secs_f64() * 1000.0)
}

/// Answers every page named on stdin with `answer(html, url)`; the file is
/// read before, so its reading is never in the time.
pub fn serve(mut answer: impl FnMut(&str, &str) -> Answer) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let (file, url) = line.split_once('\t').unwrap_or((&line, ""));
        let html = std::fs::read_to_string(file)?;
        let Answer { found, ms } = answer(&html, url);
        let row = match found {
            Some(f) => json!({ "text": f.text, "title": f.title, "byline": f.byline, "ms": ms }),
            None => json!({ "text": "", "title": null, "byline": null, "ms": ms }),
        };
        writeln!(out, "{row}")?;
    }
    Ok(())
}
