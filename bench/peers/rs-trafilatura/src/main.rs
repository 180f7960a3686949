//! Reads `FILE<TAB>URL` lines on stdin; for each page prints one JSON line
//! `{"text", "title", "byline", "ms"}`, timed from the parse to the end of
//! extraction (file reading left out). No article: empty text.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use rs_trafilatura::{extract_with_options, Options};
use serde_json::json;

fn main() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let (file, url) = line.split_once('\t').unwrap_or((&line, ""));
        let html = std::fs::read_to_string(file)?;
        let options = Options {
            url: Some(url.to_string()),
            ..Options::default()
        };
        let start = Instant::now();
        let result = extract_with_options(&html, &options).ok();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let row = match result {
            Some(r) => json!({
                "text": r.content_text,
                "title": r.metadata.title,
                "byline": r.metadata.author,
                "ms": ms,
            }),
            None => json!({ "text": "", "title": null, "byline": null, "ms": ms }),
        };
        writeln!(out, "{row}")?;
    }
    Ok(())
}
