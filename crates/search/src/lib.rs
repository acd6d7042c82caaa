//! Full-text search for a static site, with no server: pages are indexed while the site is
//! built, and the browser fetches only the few small files a query needs.
//!
//! - [`tokens`]: text → terms (English stemmed, Chinese/Japanese/Korean as pairs of characters).
//! - [`extract`]: a page's HTML → its text and headings.
//! - [`doc`]: one page → a [`Doc`], what the index keeps of it (kept across builds by callers,
//!   so only changed pages are read again).
//! - [`index`]: the docs of one language → the index's files.
//!
//! The browser's side is `theme/assets/search.js` in inkstone.

pub mod doc;
pub mod extract;
pub mod index;
pub mod tokens;

pub use doc::{Doc, PageInput, fragment_path};
pub use index::{IndexFile, build};
pub use tokens::stemmer_for;
