//! Redirect pages: a page's `aliases`, and `/page/1/` of every list, which is the list's first
//! page under another name, as in Hugo.

use minijinja::Value;

use super::writer::Writer;

impl Writer<'_> {
    pub(super) fn alias(&self, a: usize, site_value: &Value) {
        let alias = &self.site.aliases[a];
        self.redirect(&alias.path, &alias.target, site_value);
    }

    /// `{list}page/1/` to the list itself.
    pub(super) fn first_pager_redirect(&self, list: &str, site_value: &Value) {
        self.redirect(&format!("{list}page/1/"), list, site_value);
    }

    fn redirect(&self, from: &str, to: &str, site_value: &Value) {
        let target = self.ctx.url(to);
        let ctx = Value::from_pairs([
            ("site", site_value.clone()),
            ("target", Value::from(target)),
        ]);
        self.render_to("alias.html", ctx, from, from);
    }
}
