//! The `epure` command line: the engine on saved pages.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use epure::{Options, Rules, Url};

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
            let plan = epure::analyze(&html, &options);
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
            let tidied = epure::tidy(&html, &options);
            std::fs::write(&output, tidied).map_err(|e| format!("{}: {e}", output.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Precheck => {
            print_json(&epure::precheck(), true)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A small page that walks every part of the engine once.
const WARM_UP_PAGE: &str = "<html lang=en><head><title>t</title></head><body><article><p>Warm-up, one paragraph of prose, long enough to be read as an article by the engine.</p></article></body></html>";

/// Exit status when the page has no article (2 is for usage and I/O errors).
const EXIT_NO_ARTICLE: u8 = 3;

fn extract(input: &Input, format: Format, timings: bool) -> Result<ExitCode, String> {
    let (html, options) = input.load()?;
    if timings {
        // The compiled-in data (patterns, consent signatures) is built on
        // first use, once per process: that is start-up, not this page's cost.
        let _ = epure::extract(WARM_UP_PAGE, &options);
    }
    let started = Instant::now();
    let document = epure::Document::parse(&html, &options);
    let parsed = Instant::now();
    let result = document.extract(&options);
    let done = Instant::now();
    let extraction = match result {
        Ok(extraction) => extraction,
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
        Format::Html => println!("{}", reader_page(&extraction)),
        Format::Text => println!("{}", extraction.text_content),
    }
    Ok(ExitCode::SUCCESS)
}

/// Style of the reader page: one column, readable measure, no remote asset.
const READER_CSS: &str = "body{max-width:42em;margin:2em auto;padding:0 1em;font:18px/1.6 Georgia,serif;color:#222;background:#fdfdfb}h1{font-size:1.8em;line-height:1.2}.meta{color:#666;font-size:.9em}img{max-width:100%;height:auto}figcaption{font-size:.85em;color:#555}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1em;color:#444}.epure-embed{font-style:italic;background:#f3f3f3;padding:.3em .6em}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .4em}";

/// A complete reader page: metadata written as text, the sanitized body as is.
fn reader_page(e: &epure::Extraction) -> String {
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
        body = e.content_html,
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
        Ok((html, Options { url, rules }))
    }
}

/// Reads a page as bytes and decodes it as the page says (BOM, then meta
/// charset), UTF-8 by default.
fn read_page(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let encoding = encoding_rs::Encoding::for_bom(&bytes)
        .map(|(enc, _)| enc)
        .or_else(|| sniff_meta_charset(&bytes))
        .unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(&bytes);
    Ok(text.into_owned())
}

/// Finds `charset=NAME` in the first 1024 bytes, as the HTML spec's prescan does.
fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(1024))?;
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = lower.find("charset=")? + "charset=".len();
    let rest = lower.get(at..)?.trim_start_matches(['"', '\'', ' ']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    encoding_rs::Encoding::for_label(name.as_bytes())
}

fn print_json<T: serde::Serialize>(value: &T, pretty: bool) -> Result<(), String> {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    println!("{}", text.map_err(|e| e.to_string())?);
    Ok(())
}
