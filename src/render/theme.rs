//! The built-in theme, embedded in the binary. A site replaces any file by giving one with the
//! same name: templates in `templates/`, assets in `static/assets/`.
//!
//! `TEMPLATES` holds every file of `theme/templates` by its path there (`partials/head.html`);
//! `ASSETS` every file of `theme/assets`, written under `assets/` in the output.

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// Where highlighting styles go; generated from syntect's themes at build time.
pub const SYNTAX_CSS: &str = "assets/syntax.css";
