//! What the engine writes for a reader (the `reader` feature): the reader
//! view's body and the tidied page, both through one sanitizer, and the one
//! summary line a consent box becomes in either.

pub mod page;
pub mod reader;
pub mod sanitize;
mod summary;
