//! The built-in theme, embedded in the binary. A site replaces any file by giving one with the
//! same name: templates in `templates/`, assets in `static/`.

/// Templates by name, as `templates/` in a site names them.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../theme/templates/base.html")),
    ("home.html", include_str!("../../theme/templates/home.html")),
    ("page.html", include_str!("../../theme/templates/page.html")),
    (
        "section.html",
        include_str!("../../theme/templates/section.html"),
    ),
    (
        "taxonomy.html",
        include_str!("../../theme/templates/taxonomy.html"),
    ),
    ("term.html", include_str!("../../theme/templates/term.html")),
    ("404.html", include_str!("../../theme/templates/404.html")),
    (
        "alias.html",
        include_str!("../../theme/templates/alias.html"),
    ),
    ("rss.xml", include_str!("../../theme/templates/rss.xml")),
    (
        "sitemap.xml",
        include_str!("../../theme/templates/sitemap.xml"),
    ),
    (
        "robots.txt",
        include_str!("../../theme/templates/robots.txt"),
    ),
    (
        "partials/head.html",
        include_str!("../../theme/templates/partials/head.html"),
    ),
    (
        "partials/header.html",
        include_str!("../../theme/templates/partials/header.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../../theme/templates/partials/footer.html"),
    ),
    (
        "partials/card.html",
        include_str!("../../theme/templates/partials/card.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../theme/templates/partials/pagination.html"),
    ),
    (
        "partials/author.html",
        include_str!("../../theme/templates/partials/author.html"),
    ),
    (
        "partials/toc.html",
        include_str!("../../theme/templates/partials/toc.html"),
    ),
    (
        "partials/terms.html",
        include_str!("../../theme/templates/partials/terms.html"),
    ),
];

/// Files written under the output folder unless the site's `static/` has its own.
pub const ASSETS: &[(&str, &str)] = &[
    (
        "assets/inkstone.css",
        include_str!("../../theme/assets/inkstone.css"),
    ),
    (
        "assets/inkstone.js",
        include_str!("../../theme/assets/inkstone.js"),
    ),
];

/// Where highlighting styles go; generated from syntect's themes at build time.
pub const SYNTAX_CSS: &str = "assets/syntax.css";
