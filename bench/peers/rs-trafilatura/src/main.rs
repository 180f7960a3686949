//! rs-trafilatura behind the bench's peer protocol (`../protocol.rs`), timed
//! from the parse to the end of extraction (`extract_with_options`).

#[path = "../../protocol.rs"]
mod protocol;

use protocol::{serve, timed, Answer, Found};
use rs_trafilatura::{extract_with_options, Options};

fn main() -> std::io::Result<()> {
    serve(|html, url| {
        let options = Options {
            url: Some(url.to_string()),
            ..Options::default()
        };
        let (result, ms) = timed(|| extract_with_options(html, &options).ok());
        Answer {
            found: result.map(|r| Found {
                text: r.content_text,
                title: r.metadata.title,
                byline: r.metadata.author,
            }),
            ms,
        }
    })
}
