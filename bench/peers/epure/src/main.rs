//! Reads `FILE<TAB>URL` lines on stdin; for each page prints one JSON line
//! `{"text", "title", "byline", "ms"}`, timed from the parse to the end of
//! extraction (file reading left out), as `epure extract --timings` times
//! it. No article: empty text.

use std::io::{self, BufRead, Write};
use std::time::Instant;

use serde_json::json;

fn main() -> io::Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line?;
        let (file, url) = line.split_once('\t').unwrap_or((&line, ""));
        let html = std::fs::read_to_string(file)?;
        let options = epure::Options::new().url(epure::Url::parse(url).ok());
        let start = Instant::now();
        let article = epure::extract(&html, &options).ok();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let row = match article {
            Some(a) => json!({
                "text": a.text_content,
                "title": a.metadata.title,
                "byline": a.metadata.byline,
                "ms": ms,
            }),
            None => json!({ "text": "", "title": null, "byline": null, "ms": ms }),
        };
        writeln!(out, "{row}")?;
    }
    Ok(())
}
