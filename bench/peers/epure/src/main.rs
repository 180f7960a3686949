//! Épure behind the bench's peer protocol (`../protocol.rs`), timed from
//! the parse to the end of extraction, as `epure extract --timings` times it.

#[path = "../../protocol.rs"]
mod protocol;

use protocol::{serve, timed, Answer, Found};

fn main() -> std::io::Result<()> {
    serve(|html, url| {
        let options = epure::Options::new().url(epure::Url::parse(url).ok());
        let (article, ms) = timed(|| epure::extract(html, &options).ok());
        Answer {
            found: article.map(|a| Found {
                text: a.text_content,
                title: a.metadata.title,
                byline: a.metadata.byline,
            }),
            ms,
        }
    })
}
