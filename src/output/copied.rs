//! Files copied as they are: `static/`, the theme's assets the site did not replace, and the
//! files of page bundles beside their page.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::files;
use crate::markdown;
use crate::render::theme;
use crate::site::urls;

use super::writer::Writer;

impl Writer<'_> {
    pub(super) fn copy_bundle(&self, i: usize) {
        let sp = &self.site.pages[i];
        let Some(bundle) = &sp.page.bundle else {
            return;
        };
        if !sp.page.meta.build.publish_resources {
            return;
        }
        let Some(dir) = sp.page.file.parent() else {
            return;
        };
        let base = urls::output_file(&sp.path);
        let out_dir = base.rsplit_once('/').map_or("", |(d, _)| d);
        // As Hugo 0.123 and later: a file shared by the translations of a bundle is published
        // once, beside the page of the first language; `photo.fr.jpg` beside the French one only.
        let shared_elsewhere = sp
            .translations
            .iter()
            .any(|(language, _)| *language < self.config.language);
        for resource in &bundle.resources {
            let is_content = resource.ends_with(".md") || resource.ends_with(".markdown");
            if is_content {
                continue;
            }
            let publish = match self.language_of(resource) {
                Some(code) => code == self.config.lang().code,
                None => !shared_elsewhere,
            };
            if !publish {
                continue;
            }
            let rel = if out_dir.is_empty() {
                resource.clone()
            } else {
                format!("{out_dir}/{resource}")
            };
            if let Err(e) = self.output.copy(&rel, &dir.join(resource)) {
                self.write_problem(
                    Diagnostic::error(format!("cannot copy the bundle file {resource}: {e}"))
                        .in_file(&sp.page.file),
                );
            }
        }
    }

    /// The site language a bundle file's name gives it (`photo.fr.jpg`), if any.
    fn language_of<'a>(&self, resource: &'a str) -> Option<&'a str> {
        let name = resource.rsplit('/').next()?;
        let parts: Vec<&str> = name.split('.').collect();
        let code = *parts.get(parts.len().checked_sub(2)?)?;
        (parts.len() >= 3
            && self
                .config
                .languages
                .iter()
                .any(|l| l.code == code.to_ascii_lowercase()))
        .then_some(code)
    }

    /// `static/` and the Hugo theme's static files, then the built-in theme's assets the site did
    /// not replace. Returns the number of
    /// static files copied.
    pub fn copy_files(&self, source: &Path) -> usize {
        let dirs: Vec<_> = self
            .config
            .static_dirs
            .iter()
            .map(|d| source.join(d))
            .collect();
        let listing = files::files_below_all(&dirs, files::is_editor_temp);
        for link in &listing.links {
            self.problem(files::skipped_link(link));
        }
        let statics = listing.files;
        let mut copied = 0;
        for (rel, path) in &statics {
            if self.output.written(rel) {
                self.problem(
                    Diagnostic::warning(format!(
                        "this static file is not copied: a page of the site writes /{rel}, and wins as in Hugo"
                    ))
                    .in_file(path)
                    .with_hint("rename the file, or give the page another `url`"),
                );
                continue;
            }
            match self.output.copy(rel, path) {
                Ok(()) => copied += 1,
                Err(e) => self.write_problem(
                    Diagnostic::error(format!("cannot copy this static file: {e}")).in_file(path),
                ),
            }
        }
        // A site's static file in place of a theme file replaces it; a page there is a mistake.
        let overridden = |name: &str| {
            if statics.iter().any(|(rel, _)| rel == name) {
                return true;
            }
            let by_page = self.output.written(name);
            if by_page {
                self.problem(
                    Diagnostic::warning(format!(
                        "the theme's /{name} is not written: a page of the site writes it"
                    ))
                    .with_hint("give the page another `url`; to replace the theme's file, put yours in static/"),
                );
            }
            by_page
        };
        for (name, text) in theme::ASSETS {
            let rel = format!("assets/{name}");
            if !overridden(&rel) {
                self.write_output(&rel, text.as_bytes(), None);
            }
        }
        if !overridden(theme::SYNTAX_CSS) {
            self.write_output(
                theme::SYNTAX_CSS,
                markdown::highlight::stylesheet().as_bytes(),
                None,
            );
        }
        copied
    }
}
