//! The render stage: minijinja templates, the built-in theme's and the site's own, filled with
//! the site's pages.

pub mod context;
pub mod filters;
pub mod hooks;
pub mod hugo;
pub mod i18n;
pub mod settings;
pub mod shortcodes;
pub mod theme;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use minijinja::{Environment, Value};

use crate::diagnostics::Diagnostic;
use crate::files;
pub use context::Context;

/// Where the built-in templates are said to be, in diagnostics.
const THEME_FOLDER: &str = "theme/templates";

/// Where a template came from, so errors name the file to fix.
#[derive(Debug, Clone)]
struct Origin {
    file: PathBuf,
    source: String,
}

pub struct Templates {
    env: Environment<'static>,
    origins: HashMap<String, Origin>,
    /// The render hooks there are (`render-link`), for a quick test on every element.
    markup_hooks: Vec<String>,
    /// The site's Go templates: its Hugo shortcodes, render hooks and their partials.
    pub go: hugo::GoLayouts,
    /// Hash of every template's name and text, for the build cache.
    pub fingerprint: u64,
}

impl Templates {
    /// The built-in templates, each replaced by a file of the same name in `templates_dir`.
    /// The built-in theme with the site's templates over it; `unsafe_html` lets `markdownify`
    /// pass raw HTML, as the site's Markdown does.
    pub fn load(
        source: &Path,
        config: &crate::config::Config,
    ) -> Result<(Templates, Vec<Diagnostic>), Vec<Diagnostic>> {
        let templates_dir = source.join("templates");
        let unsafe_html = config.unsafe_html;
        let mut env = Environment::new();
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .map_err(|e| vec![Diagnostic::error(e.to_string())])?,
        );
        // Lists, terms and the 404 page lack fields that posts have; templates shared between
        // them can test `page.taxonomies.tags` without first testing `page.taxonomies`.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_formatter(filters::html_formatter);
        // Jinja2's string, list and dict methods (`name.startswith("x")`), as Jinja users write.
        env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
        env.add_filter("date", filters::date);
        env.add_filter("truncate", filters::truncate);
        env.add_filter("markdownify", move |value: String| {
            filters::markdownify(&value, unsafe_html)
        });
        env.add_filter("markdown", move |value: String| {
            shortcodes::markdown_block(&value, unsafe_html)
        });
        env.add_filter("urlize", filters::urlize_filter);
        env.add_filter("plainify", filters::plainify);
        env.add_function("i18n", filters::i18n);

        let mut origins = HashMap::new();
        let mut problems = Vec::new();
        let mut sources: Vec<(String, Origin)> = theme::TEMPLATES
            .iter()
            .map(|(name, source)| {
                let origin = Origin {
                    file: PathBuf::from(THEME_FOLDER).join(name),
                    source: (*source).to_owned(),
                };
                ((*name).to_owned(), origin)
            })
            .collect();
        // Named by their path below `templates/`: `partials/head.html`.
        let listing = files::files_below(&templates_dir, files::is_hidden_or_temp);
        let mut warnings: Vec<Diagnostic> = listing
            .links
            .iter()
            .map(|l| files::skipped_link(l))
            .collect();
        for (name, file) in listing.files {
            match std::fs::read_to_string(&file) {
                Ok(source) => {
                    sources.retain(|(n, _)| *n != name);
                    sources.push((name, Origin { file, source }));
                }
                Err(e) => problems.push(
                    Diagnostic::error(format!("cannot read this template: {e}")).in_file(&file),
                ),
            }
        }
        let mut named: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, o)| (n.as_str(), o.source.as_str()))
            .collect();
        named.sort_unstable();
        let asset_dirs = config
            .layout_dirs
            .iter()
            .map(|d| {
                source
                    .join(d.strip_suffix("layouts").unwrap_or(d))
                    .join("assets")
            })
            .collect();
        let (go, go_problems) =
            hugo::GoLayouts::load(source, &config.layout_dirs, &config.data_dirs, asset_dirs);
        for problem in go_problems {
            if problem.is_error() {
                problems.push(problem);
            } else {
                warnings.push(problem);
            }
        }
        let fingerprint = crate::hash::hash_of(&(&named, unsafe_html, go.fingerprint));
        for (name, origin) in sources {
            if let Err(e) = env.add_template_owned(name.clone(), origin.source.clone()) {
                problems.push(error_in(&e, &origin));
            }
            origins.insert(name, origin);
        }
        let markup_hooks = origins
            .keys()
            .filter_map(|n| n.strip_prefix("_markup/")?.strip_suffix(".html"))
            .map(str::to_owned)
            .collect();
        if problems.is_empty() {
            Ok((
                Templates {
                    env,
                    origins,
                    markup_hooks,
                    go,
                    fingerprint,
                },
                warnings,
            ))
        } else {
            Err(problems)
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// Whether template `name`, or a template it includes by a literal name, reads the variable
    /// `variable` from its context.
    pub fn uses(&self, name: &str, variable: &str) -> bool {
        self.uses_within(name, variable, 0)
    }

    fn uses_within(&self, name: &str, variable: &str, depth: usize) -> bool {
        let reads = self.env.get_template(name).is_ok_and(|t| {
            t.undeclared_variables(true)
                .iter()
                .any(|v| v == variable || v.starts_with(&format!("{variable}.")))
        });
        reads
            || (depth < 8
                && self.origins.get(name).is_some_and(|origin| {
                    included(&origin.source)
                        .any(|included| self.uses_within(included, variable, depth + 1))
                }))
    }

    /// Whether there is a render hook `name` (`render-codeblock-mermaid`).
    pub fn has_markup_hook(&self, name: &str) -> bool {
        self.markup_hooks.iter().any(|h| h == name)
    }

    /// Whether `name` is the built-in theme's, not replaced by the site.
    pub fn is_theme_template(&self, name: &str) -> bool {
        self.origins
            .get(name)
            .is_some_and(|o| o.file.starts_with(THEME_FOLDER))
    }

    /// The first of `names` that exists; the last is always a built-in one.
    pub fn pick<'n>(&self, names: &'n [String]) -> &'n str {
        names
            .iter()
            .find(|n| self.has(n))
            .or(names.last())
            .map_or("page.html", String::as_str)
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, Diagnostic> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.diagnostic(&e, name))?;
        template.render(ctx).map_err(|e| self.diagnostic(&e, name))
    }

    fn diagnostic(&self, error: &minijinja::Error, name: &str) -> Diagnostic {
        let error = innermost(error);
        let origin_name = error.name().unwrap_or(name);
        match self.origins.get(origin_name) {
            Some(origin) => error_in(error, origin),
            None => Diagnostic::error(format!("template {name}: {error}")),
        }
    }
}

/// The templates `source` includes by a literal name: `{% include "partials/x.html" %}`.
fn included(source: &str) -> impl Iterator<Item = &str> {
    source.split("include").skip(1).filter_map(|rest| {
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let name = rest.get(1..)?;
        name.split(quote).next()
    })
}

/// An error in an included or extended template wraps the one that says what went wrong.
fn innermost(error: &minijinja::Error) -> &minijinja::Error {
    let mut current = error;
    while let Some(inner) =
        std::error::Error::source(current).and_then(|e| e.downcast_ref::<minijinja::Error>())
    {
        current = inner;
    }
    current
}

fn error_in(error: &minijinja::Error, origin: &Origin) -> Diagnostic {
    let detail = error
        .detail()
        .map_or_else(String::new, |d| format!(": {d}"));
    let mut diagnostic = Diagnostic::error(format!("template error ({}){detail}", error.kind()))
        .in_file(&origin.file)
        .with_hint(
            "fix the template; see the README's list of templates and the values each receives",
        );
    if let Some(line) = error.line() {
        let column = error.range().map_or(1, |r| {
            let (_, col) = crate::diagnostics::line_column(&origin.source, r.start);
            col
        });
        diagnostic = diagnostic.at(&origin.source, line, column);
    }
    diagnostic
}
