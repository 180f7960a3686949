//! A fast hasher for the engine's word maps, shared by the article passes
//! (the reader's paragraph languages and the element-name patterns, the
//! latter in every build).

use std::hash::Hasher;

/// FNV-1a: short words hash in a few steps (SipHash, the default, costs
/// more than the rest of the classification). For maps whose keys are the
/// crate's own words, only looked up with the page's.
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
