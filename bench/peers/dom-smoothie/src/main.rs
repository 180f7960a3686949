//! dom_smoothie behind the bench's peer protocol (`../protocol.rs`), timed
//! from the parse to the end of extraction (`Readability::new` + `parse`).

#[path = "../../protocol.rs"]
mod protocol;

use dom_smoothie::Readability;
use protocol::{serve, timed, Answer, Found};

fn main() -> std::io::Result<()> {
    serve(|html, url| {
        let (article, ms) = timed(|| {
            Readability::new(html, Some(url), None)
                .ok()
                .and_then(|mut r| r.parse().ok())
        });
        Answer {
            found: article.map(|a| Found {
                text: a.text_content.to_string(),
                title: Some(a.title),
                byline: a.byline,
            }),
            ms,
        }
    })
}
