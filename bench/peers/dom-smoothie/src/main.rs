//! Reads `FILE<TAB>URL` lines on stdin; for each page prints one JSON line
//! `{"text", "title", "byline", "ms"}`, timed from the parse to the end of
//! extraction (file reading left out). No article: empty text.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use dom_smoothie::Readability;
use serde_json::json;

fn main() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let (file, url) = line.split_once('\t').unwrap_or((&line, ""));
        let html = std::fs::read_to_string(file)?;
        let start = Instant::now();
        let article = Readability::new(html.as_str(), Some(url), None)
            .ok()
            .and_then(|mut r| r.parse().ok());
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let row = match article {
            Some(a) => json!({
                "text": a.text_content.to_string(),
                "title": a.title,
                "byline": a.byline,
                "ms": ms,
            }),
            None => json!({ "text": "", "title": null, "byline": null, "ms": ms }),
        };
        writeln!(out, "{row}")?;
    }
    Ok(())
}
