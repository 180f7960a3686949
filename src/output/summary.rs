//! The one line a consent box becomes in the engine's output (the reader's
//! body, the tidied page): the box's summary, then a link to the original
//! when it has an http(s) one, labelled with its short address. Each output
//! wraps the line in its own element and writes it through a [`Sink`].

use crate::plan::Placeholder;

/// Where a summary line is written. Text goes in as text, never as markup.
pub trait Sink {
    fn text(&mut self, text: &str);
    fn link(&mut self, href: &str, label: &str);
}

/// Writes `placeholder`'s line into `sink`.
pub fn write(placeholder: &Placeholder, sink: &mut impl Sink) {
    sink.text(&placeholder.summary);
    if let Some(url) = placeholder
        .url
        .as_deref()
        .and_then(|u| crate::url::absolute(None, u))
    {
        sink.text(" ");
        sink.link(&url, &crate::url::label(&url));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Target;

    /// Writes the line as `text[href|label]`.
    impl Sink for String {
        fn text(&mut self, text: &str) {
            self.push_str(text);
        }
        fn link(&mut self, href: &str, label: &str) {
            self.push_str(&format!("[{href}|{label}]"));
        }
    }

    fn line(url: Option<&str>) -> String {
        let placeholder = Placeholder {
            platform: None,
            author: None,
            text: None,
            url: url.map(str::to_owned),
            tool: None,
            summary: "X post".to_owned(),
            target: Target::default(),
        };
        let mut out = String::new();
        write(&placeholder, &mut out);
        out
    }

    #[test]
    fn links_only_an_http_original() {
        assert_eq!(
            line(Some("https://www.x.com/a/status/1")),
            "X post [https://www.x.com/a/status/1|x.com/a/status/1]"
        );
        assert_eq!(line(Some("javascript:alert(1)")), "X post");
        assert_eq!(line(None), "X post");
    }
}
