//! `robots.txt`: one, at the root, from the default language, pointing at the sitemap.

use minijinja::Value;

use crate::site::urls;

use super::writer::{Lists, Writer};

impl Writer<'_> {
    pub(super) fn robots(&self, lists: &Lists<'_>) {
        if !self.config.kind_enabled("robotstxt") || self.config.language != 0 {
            return;
        }
        // With several languages, `/sitemap.xml` is the index of theirs.
        let sitemap = self
            .config
            .base_url
            .contains("://")
            .then(|| urls::encode(&self.ctx.permalink("/sitemap.xml")));
        let ctx = lists.with_site(vec![("sitemap", Value::from(sitemap))]);
        self.render_to("robots.txt", ctx, "/robots.txt", "robots.txt");
    }
}
