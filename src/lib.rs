//! inkstone: a folder of Hugo-style content becomes a complete website.
//!
//! One pipeline, one module per stage, data flowing one way:
//! `config` → `content` → `markdown` → `site` → `render` → `cache` → `output`. `pipeline` runs
//! the stages and decides what to make; `serve` keeps a pipeline alive between rebuilds; `cli`
//! is on top. `diagnostics`, `format`, `text`, `files` and `hash` are shared by every stage.
//! ARCHITECTURE.md has the whole map.

// Nothing a user controls may panic: no unwrap or expect outside tests, and indexing only where
// a module says why its indices are sound.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod files;
pub mod format;
pub mod hash;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;
pub mod text;
