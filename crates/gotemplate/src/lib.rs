//! Go's `text/template` and `html/template`, as Hugo runs them: the template language
//! (pipelines, variables, `if`/`with`/`range` with `else`, `break`/`continue`, `define`,
//! `block`, `template`, `{{-` trimming, Hugo's `return`), html/template's contextual escaping,
//! and Hugo's template functions that need no site (`funcs`). What needs the site — pages,
//! URLs, translations, resources — comes from the caller through [`Functions`] and
//! [`Object`]s.
//!
//! ```
//! use inkstone_gotemplate::{Templates, Value, NoFunctions};
//! let mut templates = Templates::html();
//! templates.add("t.html", r#"<a href="{{ .url }}">{{ .name | upper }}</a>"#, &NoFunctions).unwrap();
//! let data = Value::map([("url".into(), "/a b".into()), ("name".into(), "<x>".into())].into());
//! let out = templates.execute("t.html", &data, &NoFunctions).unwrap();
//! assert_eq!(out, r#"<a href="/a%20b">&lt;X&gt;</a>"#);
//! ```

// What a site's template says may never panic the engine.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod ast;
pub mod escape;
mod exec;
pub mod funcs;
mod lex;
mod parse;
pub mod time;
mod value;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use exec::Call;
pub use value::{Map, Object, Safe, Value, format_float};

/// Why a template cannot be parsed or run, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the template's source, until `place` is known.
    pub at: usize,
    pub message: String,
    pub place: Option<Place>,
}

/// A template file and a line and column in it (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl Error {
    pub fn at(at: usize, message: impl Into<String>) -> Error {
        Error {
            at,
            message: message.into(),
            place: None,
        }
    }

    fn placed(mut self, file: &Arc<str>, source: &str) -> Error {
        if self.place.is_none() {
            let (line, column) = line_column(source, self.at);
            self.place = Some(Place {
                file: file.clone(),
                line,
                column,
            });
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(p) => write!(f, "{}:{}:{}: {}", p.file, p.line, p.column, self.message),
            None => write!(f, "at byte {}: {}", self.at, self.message),
        }
    }
}

impl std::error::Error for Error {}

fn line_column(source: &str, at: usize) -> (usize, usize) {
    let at = (0..=at.min(source.len()))
        .rev()
        .find(|&i| source.is_char_boundary(i))
        .unwrap_or(0);
    let before = source.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The functions templates may call, beyond the template language itself. `funcs::Hugo`
/// answers for Hugo's own; a caller wraps it to add the site's.
pub trait Functions: Sync {
    fn has(&self, name: &str) -> bool;
    /// `Err` is the message; the engine adds the place.
    fn call(&self, name: &str, args: &[Value], call: &mut Call<'_>) -> Result<Value, String>;
}

/// Go's own functions and Hugo's that need no site; what a template alone can use.
pub struct NoFunctions;

impl Functions for NoFunctions {
    fn has(&self, name: &str) -> bool {
        funcs::Hugo.has(name)
    }

    fn call(&self, name: &str, args: &[Value], call: &mut Call<'_>) -> Result<Value, String> {
        funcs::Hugo.call(name, args, call)
    }
}

#[derive(Debug, Clone)]
struct Entry {
    body: Arc<Vec<ast::Node>>,
    file: Arc<str>,
}

/// A set of named templates that may call one another (`template`, `partial`), parsed once.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    entries: HashMap<String, Entry>,
    sources: HashMap<Arc<str>, Arc<str>>,
    html: bool,
}

/// What running a template gave: its text, and what it `return`ed.
#[derive(Debug, Clone, Default)]
pub struct Executed {
    pub text: String,
    pub returned: Option<Value>,
}

impl Templates {
    /// Templates as Go's `html/template` runs them: every value escaped for where it lands.
    pub fn html() -> Templates {
        Templates {
            html: true,
            ..Templates::default()
        }
    }

    /// Templates as Go's `text/template` runs them.
    pub fn text() -> Templates {
        Templates::default()
    }

    /// Parses a template file under `name`, with the templates it `define`s. A later `define`
    /// of the same name replaces an earlier one, as in Go.
    pub fn add(
        &mut self,
        name: &str,
        source: &str,
        functions: &dyn Functions,
    ) -> Result<(), Error> {
        let file: Arc<str> = Arc::from(name);
        let parsed =
            parse::parse(source, &|f| functions.has(f)).map_err(|e| e.placed(&file, source))?;
        self.sources.insert(file.clone(), Arc::from(source));
        for (define, body) in parsed.defines {
            self.entries.insert(
                define,
                Entry {
                    body: Arc::new(body),
                    file: file.clone(),
                },
            );
        }
        self.entries.insert(
            name.to_string(),
            Entry {
                body: Arc::new(parsed.body),
                file,
            },
        );
        Ok(())
    }

    /// Runs `source` as a template named `name` that may call the templates of this set,
    /// leaving the set as it was (Hugo's inline shortcodes).
    pub fn execute_source(
        &self,
        name: &str,
        source: &str,
        data: &Value,
        functions: &dyn Functions,
    ) -> Result<String, Error> {
        let mut with = self.clone();
        with.add(name, source, functions)?;
        with.execute(name, data, functions)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Runs the template `name` with `data` as dot.
    pub fn execute(
        &self,
        name: &str,
        data: &Value,
        functions: &dyn Functions,
    ) -> Result<String, Error> {
        Ok(self.run(name, data, functions)?.text)
    }

    /// Runs the template `name`, keeping what it `return`s (Hugo's partials).
    pub fn run(
        &self,
        name: &str,
        data: &Value,
        functions: &dyn Functions,
    ) -> Result<Executed, Error> {
        exec::run(self, name, data, functions, 0)
    }

    fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }

    fn source(&self, file: &str) -> &str {
        self.sources.get(file).map_or("", |s| s.as_ref())
    }
}

#[cfg(test)]
mod tests;
