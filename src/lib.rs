//! inkstone: a folder of Hugo-style content becomes a complete website.
//!
//! The build is one pipeline, one module per stage, data flowing one way:
//! `config` → `content` → `markdown` → `site` → `render` → `output`, with `build` running it,
//! `serve` keeping it alive between rebuilds, and `cli` on top.

pub mod build;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod files;
pub mod format;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod text;
