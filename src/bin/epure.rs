//! The `epure` command line: the engine on saved pages.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
        Command::Precheck => {
            print_json(&epure::precheck(), true)?;
            Ok(ExitCode::SUCCESS)
        }
    }
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
