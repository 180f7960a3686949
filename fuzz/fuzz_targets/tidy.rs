//! Tidy, then parse its output again as a browser would: nothing in it may
//! run script (the mutation-XSS property, see `check_tidy`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::check_tidy(data));
