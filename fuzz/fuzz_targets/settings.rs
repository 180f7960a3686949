//! The settings document: never a panic, and storage = export = import (see `check_settings`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::check_settings(data));
