//! Lists the data files under `src/data/tools/` and `src/data/languages/` so
//! that adding a consent tool or a language is a data-only change: the
//! engine compiles in every file it finds there (see `src/data/mod.rs`).

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
    let written =
        fs::File::create(out.join("data_files.rs")).and_then(|mut f| f.write_all(code.as_bytes()));
    if let Err(e) = written {
        eprintln!("cannot write the data file list: {e}");
        std::process::exit(1);
    }
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
