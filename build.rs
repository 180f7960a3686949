//! Lists the data files under `src/data/tools/` and `src/data/languages/` so
//! that adding a consent tool or a language is a data-only change: the
//! engine compiles in every file it finds there (see `src/data/mod.rs`).
//! Sorts the public suffix list's rules by top-level label
//! (`public_suffixes.rs`, see `src/domain.rs`), so that a fresh engine
//! reads only the labels it is asked about.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let mut code = String::new();
    for (name, dir) in [
        ("TOOLS", "src/data/tools"),
        ("LANGUAGES", "src/data/languages"),
    ] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        code.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for file in json_files(&dir) {
            let stem = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            code.push_str(&format!(
                "    ({stem:?}, include_str!({:?})),\n",
                file.display().to_string()
            ));
        }
        code.push_str("];\n");
    }
    write(&out.join("data_files.rs"), &code);
    let list = root.join("src/data/public_suffix_list.dat");
    println!("cargo:rerun-if-changed={}", list.display());
    match fs::read_to_string(&list) {
        Ok(text) => write(&out.join("public_suffixes.rs"), &suffixes_by_label(&text)),
        Err(e) => fail(&format!("cannot read {}: {e}", list.display())),
    }
}

fn write(path: &Path, code: &str) {
    let written = fs::File::create(path).and_then(|mut f| f.write_all(code.as_bytes()));
    if let Err(e) = written {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

/// Lines of the list that open its two sections (the crate types rules by them).
const SECTIONS: [&str; 2] = ["BEGIN ICANN DOMAINS", "BEGIN PRIVATE DOMAINS"];

/// The list's rules by top-level label: `TEXT`, per label (sorted, for a
/// binary search) its rules of the first section, then those of the
/// second, lines joined by '\n'; `LENGTHS`, per label, the length of each
/// part in `TEXT`; `SECTION_LINES`, the list's lines that open the sections.
/// A label's name is its first rule's last label. Its rules, each part
/// after its section's line, are the list the `publicsuffix` crate parses
/// for a name under it, as it would answer with the whole list. Comments
/// and blank lines are left out.
fn suffixes_by_label(text: &str) -> String {
    let mut by_label: std::collections::BTreeMap<&str, [Vec<&str>; 2]> =
        std::collections::BTreeMap::new();
    let mut section_lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.starts_with("//") {
            if SECTIONS
                .get(section_lines.len())
                .is_some_and(|opening| line.contains(opening))
            {
                section_lines.push(line);
            }
            continue;
        }
        // A rule is the line up to its first white space.
        let end = line.bytes().position(|b| b.is_ascii_whitespace());
        let rule = line.get(..end.unwrap_or(line.len())).unwrap_or("");
        if rule.is_empty() {
            continue;
        }
        let Some(section) = section_lines.len().checked_sub(1) else {
            fail(&format!("a rule before the list's first section: {rule}"));
        };
        let label = rule.rsplit('.').next().unwrap_or(rule);
        if let Some(part) = by_label.entry(label).or_default().get_mut(section) {
            part.push(line);
        }
    }
    if section_lines.len() != SECTIONS.len() {
        fail(&format!("the list's sections are not {SECTIONS:?}"));
    }
    let mut all = String::new();
    let mut lengths = String::new();
    for (label, [first, second]) in &by_label {
        let (first, second) = (first.join("\n"), second.join("\n"));
        let length = |part: &str| match u16::try_from(part.len()) {
            Ok(n) => n,
            Err(_) => fail(&format!(
                "the rules under {label} outgrow their lengths' type"
            )),
        };
        lengths.push_str(&format!("({}, {}), ", length(&first), length(&second)));
        all.push_str(&first);
        all.push_str(&second);
    }
    format!(
        "pub const COUNT: usize = {};\n\
         pub static SECTION_LINES: [&str; 2] = {section_lines:?};\n\
         pub static TEXT: &str = {all:?};\n\
         pub static LENGTHS: [(u16, u16); COUNT] = [{lengths}];\n",
        by_label.len()
    )
}

fn fail(why: &str) -> ! {
    eprintln!("{why}");
    std::process::exit(1);
}

/// The `.json` files of `dir`, sorted so the build is reproducible.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
