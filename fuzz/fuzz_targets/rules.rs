//! Site rules JSON: refused with a short message, or accepted and applied
//! to a page without a panic (see `check_rules`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::check_rules(data));
