//! The output stage: every file of the built site, each kind in its own file, made into a
//! [`Sink`] — the output folder for `build`, memory for `serve`.
//!
//! A [`Writer`] makes the outputs of one site: it asks the build cache whether the sink already
//! holds an output's bytes, renders the template when it does not, and collects the problems.
//! Which outputs a site has, and in what order they are made, is the pipeline's business.

#![allow(
    clippy::indexing_slicing,
    reason = "pages, sections, taxonomies and terms refer to each other by indices into the site's own vectors, made by the site stage from those vectors and never shrunk: an index out of range is a bug of inkstone, never something a site can cause"
)]

mod archive;
mod copied;
mod feeds;
mod lists;
mod not_found;
mod pages;
mod redirects;
mod robots;
mod search;
pub mod sink;
mod sitemap;
mod writer;

pub use sink::{Committed, Minifying, OutputDir, Sink, restore_moved_folders};
pub use sitemap::write_sitemap_index;
pub use writer::{ListTexts, Lists, PageResult, Revised, Target, Writer};
