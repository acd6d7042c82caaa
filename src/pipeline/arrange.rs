//! Arranges what the content stage loaded into one site per language, translations linked,
//! with the templates that will render them.

use std::path::Path;
use std::sync::Arc;

use crate::cache::keys;
use crate::config::Config;
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::files;
use crate::render::Templates;
use crate::site::{self, Site};

use super::LoadedTemplates;

/// One language of the site: its config (title, params, menus, strings of that language) and
/// its pages arranged.
pub struct LangSite {
    pub config: Arc<Config>,
    pub site: Arc<Site>,
}

/// Arranges the loaded pages into a site per language, translations linked. Returns them with
/// the templates when both are usable, and every problem found so far either way.
pub fn arrange(
    loaded: content::Loaded,
    config: &Arc<Config>,
    templates: LoadedTemplates,
    source: &Path,
) -> (
    Option<Vec<LangSite>>,
    Option<Arc<Templates>>,
    Vec<Diagnostic>,
) {
    let mut diagnostics = loaded.diagnostics;
    let templates = match templates {
        Ok((t, warnings)) => {
            diagnostics.extend(warnings);
            Some(t)
        }
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    diagnostics.extend(hugo_layouts_warning(source));
    let favicon = favicon(source, &config.static_dirs);
    let static_images = keys::static_images(source, &config.static_dirs);
    let mut sites = Vec::with_capacity(config.languages.len());
    let mut configs = Vec::with_capacity(config.languages.len());
    let mut failed = false;
    for (l, language) in config.languages.iter().enumerate() {
        let lang_config = if config.multilingual {
            let mut c = config.for_language(l);
            let (strings, problems) =
                crate::render::i18n::load(source, &c.i18n_dirs, &c.content_language());
            diagnostics.extend(problems);
            c.i18n = strings;
            Arc::new(c)
        } else {
            Arc::clone(config)
        };
        let pages: Vec<Arc<content::Page>> = loaded
            .pages
            .iter()
            .filter(|p| !config.multilingual || p.lang == language.code)
            .cloned()
            .collect();
        match site::build(pages, &lang_config) {
            Ok((mut site, warnings)) => {
                diagnostics.extend(warnings);
                site.favicon = favicon.clone();
                site.static_images = static_images;
                sites.push(site);
            }
            Err(problems) => {
                diagnostics.extend(problems);
                failed = true;
            }
        }
        configs.push(lang_config);
    }
    if failed {
        return (None, templates, diagnostics);
    }
    if sites.len() > 1 {
        diagnostics.extend(site::link_translations(&mut sites));
    }
    let languages = configs
        .into_iter()
        .zip(sites)
        .map(|(config, site)| LangSite {
            config,
            site: Arc::new(site),
        })
        .collect();
    (Some(languages), templates, diagnostics)
}

/// The site's icon, as browsers look for it: the first of these among the static files.
fn favicon(source: &Path, static_dirs: &[String]) -> Option<String> {
    ["favicon.svg", "favicon.png", "favicon.ico"]
        .into_iter()
        .find(|name| {
            static_dirs
                .iter()
                .any(|d| source.join(d).join(name).is_file())
        })
        .map(|name| format!("/{name}"))
}

/// Hugo sites keep Go templates in `layouts/`: inkstone runs the shortcodes, render hooks and
/// partials there, but lays pages out with its own theme, and says so once.
fn hugo_layouts_warning(source: &Path) -> Option<Diagnostic> {
    let layouts = source.join("layouts");
    let has_page_layouts = files::files_below(&layouts, files::is_hidden_or_temp)
        .files
        .iter()
        .any(|(rel, _)| rel.ends_with(".html") && !crate::render::hugo::is_used_layout(rel));
    has_page_layouts.then(|| {
        Diagnostic::warning("layouts/ holds Hugo page layouts, which inkstone does not use: pages are laid out by the built-in theme (the shortcodes, render hooks and partials in layouts/ do run)")
            .in_file(&layouts)
            .with_hint("to change the look, put minijinja templates with the built-in names in templates/ (see the README)")
    })
}
