//! The page servers show for a path the site does not have: `/404.html`, one per language.

use super::writer::{Lists, Writer};

impl Writer<'_> {
    pub(super) fn not_found(&self, lists: &Lists<'_>) {
        if !self.config.kind_enabled("404") {
            return;
        }
        let path = self.config.lang_path("/404.html");
        let page = self.list_page(&path, "Page not found", "404");
        let ctx = lists.with_site(vec![("page", page)]);
        self.render_to("404.html", ctx, &path, &path);
    }
}
