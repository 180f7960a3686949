//! The carrier decoders (base64 templates, inert scripts, `_oembed_` JSON
//! strings, `<noscript>`, attributes) on bytes wrapped as each carrier
//! holds them, inside a consent box read as a region.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::check_carriers(data));
