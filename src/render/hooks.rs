//! A site's render hooks, `templates/_markup/render-*.html`, for the markdown stage. Templates
//! see Hugo's fields in snake case: `destination`, `text` (HTML), `plain_text`, `anchor`…

use minijinja::Value;

use crate::diagnostics::Diagnostic;
use crate::markdown::hooks::{Cell, Hook, Hooks};

use super::shortcodes::PageShortcodes;

impl Hooks for PageShortcodes<'_> {
    fn has(&self, name: &str) -> bool {
        self.templates().has_markup_hook(name) || self.templates().go.has_hook(name)
    }

    fn render(&self, name: &str, hook: &Hook<'_>) -> Result<String, Diagnostic> {
        if !self.templates().has_markup_hook(name) {
            let context = super::hugo::contexts::hook(hook, self.go_page(), self.position());
            return self.run_go(&format!("_markup/{name}.html"), &context, 0);
        }
        let mut values = vec![("page", self.page_value()), ("site", self.site_value())];
        values.extend(fields(hook));
        self.templates()
            .render(&format!("_markup/{name}.html"), Value::from_pairs(values))
    }
}

fn html(text: &str) -> Value {
    Value::from_safe_string(text.to_owned())
}

fn rows(rows: &[Vec<Cell>]) -> Value {
    Value::from(
        rows.iter()
            .map(|row| {
                Value::from(
                    row.iter()
                        .map(|cell| {
                            Value::from_pairs([
                                ("text", html(&cell.text)),
                                ("alignment", Value::from(cell.alignment)),
                            ])
                        })
                        .collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>(),
    )
}

fn fields(hook: &Hook<'_>) -> Vec<(&'static str, Value)> {
    match hook {
        Hook::Link {
            destination,
            title,
            text,
            plain_text,
            ordinal,
        } => vec![
            ("destination", Value::from(*destination)),
            ("title", Value::from(*title)),
            ("text", html(text)),
            ("plain_text", Value::from(*plain_text)),
            ("ordinal", Value::from(*ordinal)),
        ],
        Hook::Image {
            destination,
            title,
            text,
            plain_text,
            is_block,
            ordinal,
        } => vec![
            ("destination", Value::from(*destination)),
            ("title", Value::from(*title)),
            ("text", html(text)),
            ("plain_text", Value::from(*plain_text)),
            ("is_block", Value::from(*is_block)),
            ("ordinal", Value::from(*ordinal)),
        ],
        Hook::Heading {
            level,
            anchor,
            text,
            plain_text,
            ordinal,
            ..
        } => vec![
            ("level", Value::from(*level)),
            ("anchor", Value::from(*anchor)),
            ("text", html(text)),
            ("plain_text", Value::from(*plain_text)),
            ("ordinal", Value::from(*ordinal)),
        ],
        Hook::CodeBlock {
            lang,
            inner,
            info,
            ordinal,
        } => vec![
            ("type", Value::from(*lang)),
            ("inner", Value::from(*inner)),
            ("info", Value::from(*info)),
            ("ordinal", Value::from(*ordinal)),
        ],
        Hook::Blockquote {
            quote_type,
            alert_type,
            text,
            ordinal,
        } => vec![
            ("type", Value::from(*quote_type)),
            ("alert_type", Value::from(*alert_type)),
            ("text", html(text)),
            ("ordinal", Value::from(*ordinal)),
        ],
        Hook::Table {
            thead,
            tbody,
            ordinal,
        } => vec![
            ("thead", rows(thead)),
            ("tbody", rows(tbody)),
            ("ordinal", Value::from(*ordinal)),
        ],
    }
}
