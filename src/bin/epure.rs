//! The `epure` command line: the engine on saved pages.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chardetng::{Iso2022JpDetection, Utf8Detection};
use clap::{Parser, Subcommand};
use encoding_rs::Encoding;
use epure::{NoArticle, Options, Rules, TooLarge, Url};

#[derive(Parser)]
#[command(
    name = "epure",
    version,
    about = "Collapse consent boxes and extract articles from saved pages"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the plan (consent boxes and their summaries) as JSON.
    Analyze {
        #[command(flatten)]
        input: Input,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Print the data the browser's pre-check uses (selectors and phrases) as JSON.
    Precheck,
    /// Extract the article (exit 3 when the page has none).
    Extract {
        #[command(flatten)]
        input: Input,
        /// What to print: the extraction as JSON, a self-contained reader page, or plain text.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Add parse and extraction times (JSON only), process start-up excluded.
        #[arg(long)]
        timings: bool,
    },
    /// Write the page tidied: boxes collapsed, clutter and scripts removed.
    Tidy {
        #[command(flatten)]
        input: Input,
        /// Where to write the tidied page.
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Html,
    Text,
}

#[derive(clap::Args)]
struct Input {
    /// The saved page; `-` reads standard input.
    page: PathBuf,
    /// The page's address (resolves relative links, picks site rules).
    #[arg(long)]
    url: Option<String>,
    /// Site rules (JSON, see the README).
    #[arg(long)]
    rules: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("epure: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Analyze { input, pretty } => {
            let (html, options) = input.load()?;
            if let Err(too_large) = within_size(&html) {
                return Ok(refuse(&input, too_large));
            }
            let plan = match epure::analyze_whole(&html, &options) {
                Ok(plan) => plan,
                Err(too_large) => return Ok(refuse(&input, too_large)),
            };
            print_json(&plan, pretty)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract {
            input,
            format,
            timings,
        } => extract(&input, format, timings),
        Command::Tidy { input, output } => {
            let (html, options) = input.load()?;
            if let Err(too_large) = within_size(&html) {
                return Ok(refuse(&input, too_large));
            }
            let tidied = match epure::tidy(&html, &options) {
                Ok(tidied) => tidied,
                Err(too_large) => return Ok(refuse(&input, too_large)),
            };
            std::fs::write(&output, tidied).map_err(|e| format!("{}: {e}", output.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Precheck => {
            print_json(&PrecheckData::new(), true)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What `epure precheck` prints: the consent pre-check's data and, under
/// `article`, the engine's notion of prose (the content script's check
/// for a page that may hold an article).
#[derive(serde::Serialize)]
struct PrecheckData {
    #[serde(flatten)]
    consent: epure::Precheck,
    article: epure::ArticleCheck,
}

impl PrecheckData {
    fn new() -> Self {
        Self {
            consent: epure::precheck(),
            article: epure::article_check(),
        }
    }
}

/// A small page that walks every part of the engine once:
/// an article (a run of prose over `MIN_PROSE_RUN_CHARS`), so that warming
/// up builds what rendering an article uses (the edge vocabularies) too,
/// a button (the consent walk reads every control's label) and a `data-`
/// attribute (only elements with one are asked for a parked embed).
const WARM_UP_PAGE: &str = "<html lang=en><head><title>t</title></head><body><article data-id=a1>\
    <p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine, with commas.</p>\
    <p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine, with commas.</p>\
    <p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine, with commas.</p>\
    <p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine, with commas.</p>\
    <p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine, with commas.</p>\
    <p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine, with commas.</p>\
    </article><button>Play</button></body></html>";

/// Exit status when the page has no article (2 is for usage and I/O errors).
const EXIT_NO_ARTICLE: u8 = 3;

/// Exit status when the page is past a bound of the engine ([`TooLarge`]):
/// nothing is written rather than a result for part of the page.
const EXIT_TOO_LARGE: u8 = 4;

/// Refuses a page longer than the engine reads, before any work: the
/// result for its beginning would pass for the whole page's.
fn within_size(html: &str) -> Result<(), TooLarge> {
    if html.len() <= epure::MAX_INPUT_BYTES {
        return Ok(());
    }
    Err(TooLarge::Bytes {
        bytes: html.len(),
        limit: epure::MAX_INPUT_BYTES,
    })
}

/// Says in one line why the page was not processed.
fn refuse(input: &Input, too_large: TooLarge) -> ExitCode {
    eprintln!(
        "epure: {}: {too_large}: not processed",
        input.page.display()
    );
    ExitCode::from(EXIT_TOO_LARGE)
}

fn extract(input: &Input, format: Format, timings: bool) -> Result<ExitCode, String> {
    let (html, options) = input.load()?;
    if let Err(too_large) = within_size(&html) {
        return Ok(refuse(input, too_large));
    }
    if timings {
        // The compiled-in data (patterns, consent signatures) is built on
        // first use, once per process: that is start-up, not this page's cost.
        let _ = epure::extract(WARM_UP_PAGE, &options);
        // The page language's word lists: read by a page with a box (an
        // extraction reads no language otherwise) or by a plan.
        let _ = epure::analyze(WARM_UP_PAGE, &options);
    }
    let started = Instant::now();
    let document = epure::Document::parse(&html, &options);
    let parsed = Instant::now();
    let result = document.extract(&options);
    let done = Instant::now();
    let extraction = match result {
        Ok(extraction) => extraction,
        Err(NoArticle::Unread(too_large)) => return Ok(refuse(input, too_large)),
        Err(no_article) => {
            eprintln!("epure: {}: {no_article}", input.page.display());
            return Ok(ExitCode::from(EXIT_NO_ARTICLE));
        }
    };
    match format {
        Format::Json => {
            let mut value = serde_json::to_value(&extraction).map_err(|e| e.to_string())?;
            if timings {
                let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                if let Some(map) = value.as_object_mut() {
                    map.insert(
                        "timings".into(),
                        serde_json::json!({
                            "parse_ms": ms(parsed - started),
                            "extract_ms": ms(done - parsed),
                        }),
                    );
                }
            }
            print_json(&value, false)?;
        }
        Format::Html => emit(&reader_page(&extraction))?,
        Format::Text => emit(&extraction.text_content)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Style of the reader page: one column, readable measure, no remote asset.
const READER_CSS: &str = "body{max-width:42em;margin:2em auto;padding:0 1em;font:18px/1.6 Georgia,serif;color:#222;background:#fdfdfb}h1{font-size:1.8em;line-height:1.2}.meta{color:#666;font-size:.9em}img{max-width:100%;height:auto}figcaption{font-size:.85em;color:#555}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em;color:#444}.epure-embed{font-style:italic;background:#f3f3f3;padding:.3em .6em}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .4em}";

/// A complete reader page: metadata written as text, the sanitized body as is.
fn reader_page(extraction: &epure::Extraction) -> String {
    let e = &extraction.metadata;
    let title = escape(e.title.as_deref().unwrap_or_default());
    let lang = escape(e.language.as_deref().unwrap_or("und"));
    let meta: Vec<String> = [
        e.byline.as_deref(),
        e.site_name.as_deref(),
        e.published.as_deref().and_then(|d| d.get(..10)),
    ]
    .into_iter()
    .flatten()
    .map(escape)
    .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src http: https:; style-src 'unsafe-inline'\">\
         <title>{title}</title><style>{READER_CSS}</style></head>\
         <body><article><h1>{title}</h1><p class=\"meta\">{meta}</p>{body}</article></body></html>",
        meta = meta.join(" · "),
        body = extraction.content_html,
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Input {
    fn load(&self) -> Result<(String, Options), String> {
        let html = read_page(&self.page)?;
        let url = match &self.url {
            Some(u) => Some(Url::parse(u).map_err(|e| format!("--url {u:?}: {e}"))?),
            None => None,
        };
        let rules = match &self.rules {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                Rules::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => Rules::default(),
        };
        Ok((html, Options::new().url(url).rules(rules)))
    }
}

/// Reads a page as bytes and decodes it as a browser would without HTTP
/// headers: byte order mark, then the HTML prescan, then a guess from the
/// bytes. One exception to the prescan: bytes that are all valid UTF-8
/// with some beyond ASCII are UTF-8 whatever the `<meta>` says, for such
/// a page was saved or converted as UTF-8 and kept its old declaration
/// (text in a legacy encoding is almost never valid UTF-8 by chance).
fn read_page(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let (text, _, _) = encoding_of(&bytes).decode(&bytes);
    Ok(text.into_owned())
}

/// The encoding `read_page` decodes `bytes` with.
fn encoding_of(bytes: &[u8]) -> &'static Encoding {
    if let Some((bom, _)) = Encoding::for_bom(bytes) {
        return bom;
    }
    if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    prescan(bytes.get(..bytes.len().min(PRESCAN_BYTES)).unwrap_or(bytes)).unwrap_or_else(|| {
        // ISO-2022-JP is never guessed: its escapes can hide markup, as for browsers.
        let mut detector = chardetng::EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        // No top-level domain to hint with; valid UTF-8 was taken above.
        detector.guess(None, Utf8Detection::Deny)
    })
}

/// Bytes the prescan reads, as the HTML spec advises (and browsers do).
const PRESCAN_BYTES: usize = 1024;

/// The encoding the page's `<meta>` declares, by the HTML spec's "prescan a
/// byte stream to determine its encoding": only `meta` elements count,
/// comments and other tags are skipped whole, and running out of bytes
/// finds nothing. <https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding>
fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    while at < bytes.len() {
        let rest = bytes.get(at..)?;
        if rest.starts_with(b"<!--") {
            // The `>` of the first `-->`, which may share the opening's dashes (`<!-->`).
            at += 2 + find(rest.get(2..)?, b"-->")? + 3;
        } else if starts_with_ignoring_case(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            at += 6;
            if let Some(found) = meta(bytes, &mut at)? {
                return Some(found);
            }
        } else if rest.first() == Some(&b'<')
            && (rest.get(1).is_some_and(u8::is_ascii_alphabetic)
                || (rest.get(1) == Some(&b'/') && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            at += rest.iter().position(|&b| is_space(b) || b == b'>')?;
            while attribute(bytes, &mut at)?.is_some() {}
        } else if rest.first() == Some(&b'<') && matches!(rest.get(1), Some(b'!' | b'/' | b'?')) {
            at += rest.iter().position(|&b| b == b'>')? + 1;
        } else {
            at += 1;
        }
    }
    None
}

/// Reads one `<meta>`'s attributes from `at` (past `<meta `). `None` when
/// the bytes end first, `Some(None)` when this meta declares nothing usable.
fn meta(bytes: &[u8], at: &mut usize) -> Option<Option<&'static Encoding>> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    // `charset` is unset (`None`) until an attribute names one, which may
    // be an unknown label (`Some(None)`).
    let (mut got_pragma, mut need_pragma, mut charset) = (false, None, None);
    while let Some((name, value)) = attribute(bytes, at)? {
        if seen.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" => got_pragma |= value == b"content-type",
            b"content" if charset.is_none() => {
                if let Some(found) = charset_in_content(&value) {
                    charset = Some(Some(found));
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = Some(Encoding::for_label(&value));
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    let usable = match need_pragma {
        None => false,
        Some(need) => !need || got_pragma,
    };
    Some(charset.flatten().filter(|_| usable).map(|found| {
        // The spec reads a meta's UTF-16 as UTF-8 (bytes it could read as
        // ASCII are not UTF-16), and x-user-defined as windows-1252.
        if found == encoding_rs::UTF_16BE || found == encoding_rs::UTF_16LE {
            encoding_rs::UTF_8
        } else if found == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            found
        }
    }))
}

/// An attribute's name and value, as the prescan reads them (lower-cased).
type Attribute = (Vec<u8>, Vec<u8>);

/// The spec's "get an attribute": the next one from `at`, `Some(None)` at
/// the tag's `>`, `None` when the bytes end first.
fn attribute(bytes: &[u8], at: &mut usize) -> Option<Option<Attribute>> {
    let byte = |i: usize| bytes.get(i).copied();
    while byte(*at).is_some_and(|b| is_space(b) || b == b'/') {
        *at += 1;
    }
    if byte(*at)? == b'>' {
        return Some(None);
    }
    let (mut name, mut value) = (Vec::new(), Vec::new());
    loop {
        let b = byte(*at)?;
        if b == b'=' && !name.is_empty() {
            *at += 1;
            break;
        }
        if is_space(b) {
            while byte(*at).is_some_and(is_space) {
                *at += 1;
            }
            if byte(*at)? != b'=' {
                return Some(Some((name, value)));
            }
            *at += 1;
            break;
        }
        if b == b'/' || b == b'>' {
            return Some(Some((name, value)));
        }
        name.push(b.to_ascii_lowercase());
        *at += 1;
    }
    while byte(*at).is_some_and(is_space) {
        *at += 1;
    }
    let first = byte(*at)?;
    if first == b'"' || first == b'\'' {
        loop {
            *at += 1;
            let b = byte(*at)?;
            if b == first {
                *at += 1;
                return Some(Some((name, value)));
            }
            value.push(b.to_ascii_lowercase());
        }
    }
    if first == b'>' {
        return Some(Some((name, value)));
    }
    loop {
        let b = byte(*at)?;
        if is_space(b) || b == b'>' {
            return Some(Some((name, value)));
        }
        value.push(b.to_ascii_lowercase());
        *at += 1;
    }
}

/// The spec's "extracting a character encoding from a meta element":
/// `text/html; charset=NAME` (quoted or not) in a `content` attribute.
fn charset_in_content(content: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    loop {
        at += find_ignoring_case(content.get(at..)?, b"charset")? + b"charset".len();
        let mut next = at;
        while content.get(next).copied().is_some_and(is_space) {
            next += 1;
        }
        if content.get(next) != Some(&b'=') {
            continue;
        }
        next += 1;
        while content.get(next).copied().is_some_and(is_space) {
            next += 1;
        }
        let rest = content.get(next..)?;
        return match rest.first()? {
            &quote @ (b'"' | b'\'') => {
                let inner = rest.get(1..)?;
                Encoding::for_label(inner.get(..inner.iter().position(|&b| b == quote)?)?)
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&b| is_space(b) || b == b';')
                    .unwrap_or(rest.len());
                Encoding::for_label(rest.get(..end)?)
            }
        };
    }
}

/// The spec's ASCII whitespace, as the prescan reads it.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn starts_with_ignoring_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes
        .get(..prefix.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
}

fn print_json<T: serde::Serialize>(value: &T, pretty: bool) -> Result<(), String> {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    emit(&text.map_err(|e| e.to_string())?)
}

/// Writes `text` and a newline to standard output. A reader that stopped
/// reading (`epure analyze page.html | head`) ends the output, not the
/// program: a broken pipe is no error.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("standard output: {e}"))
        }
        _ => Ok(()),
    }
}
