//! Every input a fuzz target ever failed on, kept under
//! `fuzz/regressions/<target>/` and checked against the target's own
//! property (`fuzz/properties.rs`), one test per input. An input the code
//! still fails on is listed, with why, in that folder's `known-failures`;
//! it then fails the run the day it starts passing, so the list stays true.

// Test code: a panic is the failure report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../fuzz/properties.rs"]
mod properties;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use libtest_mimic::{Arguments, Failed, Trial};

/// A target's property: panics on an input that breaks it.
type Check = fn(&[u8]);

/// The targets whose failures are kept, and the property each checks.
const TARGETS: [(&str, Check); 4] = [
    ("rules", properties::check_rules),
    ("carriers", properties::check_carriers),
    ("tidy", properties::check_tidy),
    ("settings", properties::check_settings),
];

/// Files in a regressions folder that are not inputs.
const NOT_INPUTS: [&str; 2] = ["known-failures", "README.md"];

fn main() {
    // Known failures panic on purpose: the message goes into the result
    // instead of the console.
    std::panic::set_hook(Box::new(|_| {}));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut trials = Vec::new();
    for (target, check) in TARGETS {
        let dir = root.join(target);
        let known = fs::read_to_string(dir.join("known-failures")).unwrap_or_default();
        let known: Vec<&str> = known
            .lines()
            .filter_map(|l| l.split('#').next())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut inputs: Vec<_> = fs::read_dir(&dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        inputs.sort();
        for path in inputs {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if NOT_INPUTS.contains(&name.as_str()) {
                continue;
            }
            let expected_to_fail = known.contains(&name.as_str());
            trials.push(Trial::test(format!("{target}/{name}"), move || {
                let data = fs::read(&path).map_err(|e| Failed::from(e.to_string()))?;
                let outcome = catch_unwind(AssertUnwindSafe(|| check(&data)));
                match (outcome, expected_to_fail) {
                    (Ok(()), false) | (Err(_), true) => Ok(()),
                    (Err(panic), false) => Err(panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| panic.downcast_ref::<&str>().copied())
                        .unwrap_or("the property fails on this input")
                        .into()),
                    (Ok(()), true) => Err("passes now: remove it from known-failures".into()),
                }
            }));
        }
    }
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}
