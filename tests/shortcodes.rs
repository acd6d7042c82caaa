//! Shortcodes, the Markdown Hugo's defaults make, and math, on real sites built by the binary.

mod common;

use common::{Built, build_files};

const CONFIG: (&str, &str) = (
    "hugo.toml",
    "baseURL = \"https://example.org/\"\ntitle = \"T\"\n[params]\nversion = \"1.2.3\"\n[params.deep]\nkey = \"deep value\"\n",
);

const OTHER: (&str, &str) = (
    "content/posts/other.md",
    "---\ntitle: Other\ndescription: The other page\n---\n## Sec A\nHi\n",
);

const BOX: (&str, &str) = (
    "templates/shortcodes/box.html",
    "<div class=\"box\">{{ inner }}</div>\n",
);

const MD: (&str, &str) = (
    "templates/shortcodes/md.html",
    "**{{ args[0] }}** {{ inner }}",
);

fn page(built: &Built) -> common::Page {
    built.html("posts/t/index.html")
}

fn build_post(body: &str) -> Built {
    let post = format!("---\ntitle: T\nmine: page value\n---\n{body}");
    let built = build_files(
        &[
            CONFIG,
            OTHER,
            BOX,
            MD,
            ("content/posts/t.md", post.as_str()),
        ],
        &[],
    );
    assert!(built.succeeded(), "{}", built.stderr());
    built
}

#[test]
fn hugo_figure_details_highlight_ref_and_param() {
    let b = build_post(concat!(
        "{{< figure src=\"/img/a.png\" alt=\"An A\" title=\"Title\" caption=\"Cap **b**\" link=\"https://x.org\" width=\"300\" class=\"c\" >}}\n\n",
        "{{< details summary=\"See *more*\" open=true >}}\nInner **md**\n{{< /details >}}\n\n",
        "{{< highlight go >}}\npackage main\n{{< /highlight >}}\n\n",
        "[abs]({{< ref \"other\" >}}) [rel]({{< relref \"/posts/other.md#sec-a\" >}})\n\n",
        "P {{< param version >}} {{< param mine >}} {{< param \"deep.key\" >}}.\n",
    ));
    let p = page(&b);
    // Hugo 0.168 makes exactly these elements and attributes.
    let img = p.one("figure.c > a[href='https://x.org'] > img");
    assert_eq!(img.value().attr("src"), Some("/img/a.png"));
    assert_eq!(img.value().attr("alt"), Some("An A"));
    assert_eq!(img.value().attr("width"), Some("300"));
    assert_eq!(p.text("figure.c figcaption h4"), "Title");
    assert_eq!(p.text("figure.c figcaption p strong"), "b");
    assert_eq!(p.select(".prose details[open]").len(), 1);
    assert_eq!(p.text(".prose details > summary em"), "more");
    assert_eq!(p.text(".prose details > p strong"), "md");
    assert_eq!(p.text("pre.highlight code.language-go"), "package main");
    let hrefs = p.attrs(".prose a", "href");
    assert!(
        hrefs.contains(&"https://example.org/posts/other/".to_owned()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/posts/other/#sec-a".to_owned()),
        "{hrefs:?}"
    );
    assert!(
        p.texts(".prose p")
            .contains(&"P 1.2.3 page value deep value.".to_owned()),
        "{:?}",
        p.texts(".prose p")
    );
}

#[test]
fn placement_nesting_markdown_output_and_escapes() {
    let b = build_post(concat!(
        "{{< box >}}alone{{< /box >}}\n\n",
        "Before {{< box >}}inline{{< /box >}} after.\n\n",
        "{{% md \"B\" %}}inner *em*{{% /md %}}\n\n",
        "{{< box >}}{{< box >}}nested{{< /box >}}{{< /box >}}\n\n",
        "Escaped {{</* box */>}} and {{%/* md \"x\" */%}}.\n\n",
        "```\ncode {{</* box */>}} {{< param version >}} {{< nope >}}\n```\n\n",
        "`{{< param version >}}`\n",
    ));
    let p = page(&b);
    // Alone in its paragraph, the output takes the paragraph's place, as in Hugo.
    let html = b.file("posts/t/index.html");
    assert!(
        html.contains("<p>Before <div class=\"box\">inline</div>"),
        "{html}"
    );
    assert_eq!(p.text(".prose > div.box:first-child"), "alone");
    assert_eq!(p.text(".prose > div.box > div.box"), "nested");
    // `{{% %}}` output is Markdown.
    assert_eq!(p.text(".prose p > strong"), "B");
    assert_eq!(p.text(".prose p > em"), "em");
    let texts = p.texts(".prose p");
    assert!(
        texts.contains(&"Escaped {{< box >}} and {{% md \u{201c}x\u{201d} %}}.".to_owned()),
        "{texts:?}"
    );
    // In code: escapes print as the shortcode, known shortcodes run (as in Hugo), and one
    // nothing renders stays as written.
    assert_eq!(
        p.text(".prose pre code"),
        "code {{< box >}} 1.2.3 {{< nope >}}"
    );
    assert_eq!(p.text(".prose p > code"), "1.2.3");
    assert!(
        !b.stderr().contains("nope"),
        "inside code it is not a mistake: {}",
        b.stderr()
    );
}

#[test]
fn an_unknown_shortcode_is_one_warning_with_a_count_and_never_raw_text() {
    let b = build_post(
        "{{< nope >}}\n\nText {{< nope >}} and {{< nope >}}kept *inner*{{< /nope >}}.\n\n{{< other >}}\n",
    );
    let p = page(&b);
    let body = p.text(".prose");
    assert!(!body.contains("{{"), "{body}");
    assert_eq!(p.text(".prose em"), "inner");
    let err = b.stderr();
    assert_eq!(
        err.matches("no template renders the shortcode `nope`")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("used 3 times"), "{err}");
    assert!(err.contains("content/posts/t.md:5:1"), "{err}");
    assert!(err.contains("shortcode `other`"), "{err}");
    // Reported again when the page is kept from the last build.
    let again = b.rebuild(&[]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("used 3 times"), "{err}");
}

#[test]
fn shortcode_errors_name_the_content_line_and_the_template_line_all_at_once() {
    let b = build_files(
        &[
            CONFIG,
            OTHER,
            (
                "templates/shortcodes/broken.html",
                "<p>\n{{ args[0] | nosuchfilter }}</p>\n",
            ),
            (
                "content/posts/a.md",
                "---\ntitle: A\n---\nline 4\n\nx {{< broken \"v\" >}}\n",
            ),
            (
                "content/posts/b.md",
                "---\ntitle: B\n---\n{{< figure src=\"unclosed >}}\n",
            ),
            (
                "content/posts/c.md",
                "---\ntitle: C\n---\n\n[x]({{< relref \"nowhere\" >}})\n",
            ),
        ],
        &[],
    );
    assert!(!b.succeeded());
    let err = b.stderr();
    assert!(err.contains("content/posts/a.md:6:3"), "{err}");
    assert!(err.contains("shortcodes/broken.html:2"), "{err}");
    assert!(err.contains("content/posts/b.md:4:"), "{err}");
    assert!(err.contains("content/posts/c.md:5:5"), "{err}");
    assert!(err.contains("no page is found at \"nowhere\""), "{err}");
}

#[test]
fn nesting_too_deep_is_an_error_not_a_crash() {
    let deep = "{{< box >}}".repeat(200) + &"{{< /box >}}".repeat(200);
    let post = format!("---\ntitle: T\n---\n{deep}\n");
    let b = build_files(&[CONFIG, BOX, ("content/posts/t.md", post.as_str())], &[]);
    assert!(!b.succeeded());
    assert!(
        b.stderr().contains("nested more than 64 deep"),
        "{}",
        b.stderr()
    );
}

#[test]
fn theme_shortcodes_callouts_tabs_cards_embeds_qr_children() {
    let b = build_post(concat!(
        "{{< callout warning \"Careful\" >}}Don't **do** it{{< /callout >}}\n\n",
        "{{% notice tip %}}\nA tip\n{{% /notice %}}\n\n",
        "{{< alert color=\"danger\" >}}Bad{{< /alert >}}\n\n",
        "{{< tabs items=\"A,B\" >}}{{< tab >}}one{{< /tab >}}{{% tab title=\"Bee\" %}}two{{% /tab %}}{{< /tabs >}}\n\n",
        "{{< cards >}}{{< card link=\"/posts/other/\" title=\"Other\" subtitle=\"See *it*\" >}}{{< /cards >}}\n\n",
        "{{< youtube dQw4w9WgXcQ >}}\n\n{{< bilibili BV1xx411c7mD >}}\n\n{{< x user=\"u\" id=\"1\" >}}\n\n",
        "{{< badge \"v1\" >}}\n\n{{< qr text=\"https://example.org\" />}}\n\n",
        "{{< table title=\"Caption\" >}}\n| a | b |\n|---|---|\n| 1 | 2 |\n{{< /table >}}\n\n",
        "{{< children >}}\n",
    ));
    let p = page(&b);
    assert_eq!(p.text(".callout-warning .callout-title"), "Careful");
    assert_eq!(p.text(".callout-warning strong"), "do");
    assert_eq!(p.text(".callout-tip .callout-title"), "Tip");
    assert_eq!(p.select(".callout-caution").len(), 1);
    assert_eq!(p.attrs(".tabs > section.tab", "data-title"), vec!["Bee"]);
    assert_eq!(p.select(".tabs > section.tab").len(), 2);
    assert_eq!(p.attr(".tabs", "data-items"), "A,B");
    assert_eq!(p.attr("a.sc-card", "href"), "/posts/other/");
    // Embeds load nothing until clicked: a link, and where the player would come from.
    assert!(p.select("iframe").is_empty());
    assert_eq!(
        p.attr(".embed-youtube", "data-player"),
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    );
    assert_eq!(
        p.attr(".embed-youtube a", "href"),
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    );
    assert!(
        p.attr(".embed-bilibili", "data-player")
            .contains("bvid=BV1xx411c7mD")
    );
    assert_eq!(p.attr(".embed-x a", "href"), "https://x.com/u/status/1");
    assert_eq!(p.text(".badge"), "v1");
    assert!(
        p.attr("img[alt^='QR code']", "src")
            .starts_with("data:image/svg+xml,%3Csvg")
    );
    assert_eq!(p.text(".prose table caption"), "Caption");
    assert_eq!(p.texts("ul.children a"), vec!["Other"]);
    // Nothing any page asks for comes from another host.
    let html = b.file("posts/t/index.html");
    assert!(!html.contains("src=\"https://"), "{html}");
}

#[test]
fn markdown_as_hugo_defaults_make_it() {
    let b = build_post(concat!(
        "A note[^a] and again[^a]. \"Quotes\" -- it's\n\n[^a]: The *note*.\n\n",
        "Term\n: Definition\n\n",
        "> [!WARNING]\n> Careful.\n\n",
        "### std{in,out,err}\n\n## Title {#custom .cls}\n",
    ));
    let p = page(&b);
    assert_eq!(p.select("sup#fnref\\:1 a[href='#fn\\:1']").len(), 1);
    assert_eq!(p.select("sup#fnref1\\:1").len(), 1);
    assert_eq!(p.select(".footnotes li#fn\\:1 a.footnote-backref").len(), 2);
    assert!(
        p.text(".prose > p:first-child")
            .contains("\u{201c}Quotes\u{201d} \u{2013} it\u{2019}s")
    );
    assert_eq!(p.text("dl dt"), "Term");
    assert_eq!(p.text("dl dd"), "Definition");
    assert_eq!(p.text(".callout-warning .callout-title"), "Warning");
    assert_eq!(p.text("h3#stdinouterr"), "std{in,out,err}");
    assert_eq!(p.text("h2#custom.cls"), "Title");
}

#[test]
fn math_is_mathml_at_build_time_and_a_bad_formula_is_a_warning() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "enableEmoji = true\n[markup.goldmark.extensions.passthrough]\nenable = true\n[markup.goldmark.extensions.passthrough.delimiters]\nblock = [['\\[', '\\]'], ['$$', '$$']]\ninline = [['\\(', '\\)'], ['$', '$']]\n",
            ),
            (
                "content/m.md",
                "---\ntitle: M\n---\nInline \\(a^2\\) and $x_1$ :smile:\n\n$$\n\\sum_{i=1}^n i \\\\\nx\n$$\n\nBad: \\(\\frac{1}{\\)\n\n`\\(code\\)`\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let p = b.html("m/index.html");
    assert_eq!(p.select(".prose p math[display=inline]").len(), 2);
    assert_eq!(p.select(".prose > math[display=block]").len(), 1);
    assert!(p.text(".prose > p:first-child").contains('😄'));
    assert_eq!(p.text("code.math-error"), "\\frac{1}{");
    assert_eq!(
        p.texts(".prose p > code:not(.math-error)"),
        vec!["\\(code\\)"]
    );
    assert!(b.stderr().contains("content/m.md:11:6"), "{}", b.stderr());
    // Without passthrough, `\[` is an escaped bracket; `$$` is still math.
    let plain = build_files(
        &[("content/m.md", "---\ntitle: M\n---\n\\[1\\] and $$x$$\n")],
        &[],
    );
    let p = plain.html("m/index.html");
    assert!(p.text(".prose > p").starts_with("[1] and"));
    assert_eq!(p.select("math").len(), 1);
}

#[test]
fn a_page_that_refers_to_another_is_rendered_again_when_that_one_moves() {
    let b = build_files(
        &[
            (
                "content/a.md",
                "---\ntitle: A\n---\n[b]({{< relref \"b\" >}})\n",
            ),
            ("content/b.md", "---\ntitle: B\nurl: /first/\n---\nB\n"),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    assert_eq!(b.html("a/index.html").attr(".prose a", "href"), "/first/");
    std::fs::write(
        b.site().join("content/b.md"),
        "---\ntitle: B\nurl: /second/\n---\nB\n",
    )
    .unwrap();
    let again = b.rebuild(&[]);
    assert!(again.status.success());
    assert_eq!(b.html("a/index.html").attr(".prose a", "href"), "/second/");
}

#[test]
fn render_hooks_replace_how_elements_are_written() {
    let b = build_files(
        &[
            (
                "templates/_markup/render-link.html",
                "<a class=\"hooked\" href=\"{{ destination }}\"{% if destination.startswith('http') %} rel=\"external\"{% endif %}>{{ text }}</a>",
            ),
            (
                "templates/_markup/render-image.html",
                "<img class=\"hooked\" src=\"{{ destination }}\" alt=\"{{ plain_text }}\">",
            ),
            (
                "templates/_markup/render-heading.html",
                "<h{{ level }} id=\"{{ anchor }}\">{{ text }} <a class=\"anchor\" href=\"#{{ anchor }}\">#</a></h{{ level }}>\n",
            ),
            (
                "templates/_markup/render-codeblock-chart.html",
                "<div class=\"chart\" data-n=\"{{ ordinal }}\">{{ inner | trim }}</div>\n",
            ),
            (
                "templates/_markup/render-blockquote.html",
                "<blockquote class=\"{{ type }} {{ alert_type }}\">{{ text }}</blockquote>\n",
            ),
            (
                "templates/_markup/render-table.html",
                "<table class=\"hooked\">{% for row in tbody %}<tr>{% for cell in row %}<td data-align=\"{{ cell.alignment }}\">{{ cell.text }}</td>{% endfor %}</tr>{% endfor %}</table>\n",
            ),
            (
                "content/p.md",
                "---\ntitle: P\n---\n## Intro *x*\n\n[a **b**](https://x.org) ![Alt *t*](/i.png)\n\n```chart\nA -> B\n```\n\n```go\nx\n```\n\n> [!TIP]\n> quoted\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let p = b.html("p/index.html");
    assert_eq!(p.attr("h2#intro-x a.anchor", "href"), "#intro-x");
    assert_eq!(p.text("h2#intro-x em"), "x");
    assert_eq!(p.attr("a.hooked[rel=external]", "href"), "https://x.org");
    assert_eq!(p.text("a.hooked strong"), "b");
    assert_eq!(p.attr("img.hooked", "alt"), "Alt t");
    assert_eq!(p.text("div.chart[data-n='0']"), "A -> B");
    // Other languages keep inkstone's own code blocks.
    assert_eq!(p.select("pre code.language-go").len(), 1);
    assert_eq!(p.text("blockquote.alert.tip p"), "quoted");
    assert_eq!(
        p.attrs("table.hooked td", "data-align"),
        vec!["center", "right"]
    );
    // The table of contents still lists the hooked heading.
    assert!(b.file("p/index.html").contains("href=\"#intro-x\""));
}

#[test]
fn a_failing_render_hook_names_the_content_file_and_the_template() {
    let b = build_files(
        &[
            (
                "templates/_markup/render-link.html",
                "{{ destination | nosuchfilter }}",
            ),
            ("content/p.md", "---\ntitle: P\n---\n[a](b)\n"),
        ],
        &[],
    );
    assert!(!b.succeeded());
    let err = b.stderr();
    assert!(err.contains("content/p.md"), "{err}");
    assert!(err.contains("_markup/render-link.html:1"), "{err}");
}

#[test]
#[cfg_attr(
    not(feature = "diagrams"),
    ignore = "built without diagrams (--no-default-features)"
)]
fn mermaid_fences_are_pictures_and_a_broken_one_is_code_with_a_warning() {
    let b = build_files(
        &[(
            "content/d.md",
            "---\ntitle: D\n---\n```mermaid\nflowchart TD\n  A[开始] --> B[结束]\n```\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\n{{< mermaid >}}\npie title Pets\n  \"Dogs\" : 3\n  \"Cats\" : 2\n{{< /mermaid >}}\n\n```mermaid\nflowchart TD\n  A --> \n  -->> ]]\n```\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let p = b.html("d/index.html");
    assert_eq!(p.select(".prose figure.mermaid > svg").len(), 3);
    let ids = p.attrs(".prose figure.mermaid > svg", "id");
    assert_eq!(
        ids.iter().collect::<std::collections::HashSet<_>>().len(),
        3,
        "{ids:?}"
    );
    assert!(p.text(".prose figure.mermaid:first-child").contains("开始"));
    assert_eq!(
        p.text("pre[data-lang=mermaid] code"),
        "flowchart TD A --> -->> ]]"
    );
    let err = b.stderr();
    assert!(
        err.contains("this Mermaid diagram cannot be drawn"),
        "{err}"
    );
    assert!(err.contains("content/d.md:21:1"), "{err}");
    // Nothing is fetched for diagrams: no script, no font.
    let html = b.file("d/index.html");
    assert!(!html.contains("mermaid.js") && !html.contains("<script src=\"http"));
}

#[test]
fn a_shortcode_that_shows_its_inner_text_must_be_closed() {
    let b = build_files(
        &[
            BOX,
            MD,
            (
                "content/p.md",
                "---\ntitle: P\n---\nText.\n\n{{< details summary=\"x\" >}}\nnever closed\n\n{{< notice tip >}}\nnor this\n\n{{< details summary=\"y\" />}}\n{{< youtube abc >}}\n{{< box >}}\n",
            ),
        ],
        &[],
    );
    assert!(!b.succeeded());
    let err = b.stderr();
    assert!(
        err.contains("the shortcode `details` is never closed"),
        "{err}"
    );
    assert!(err.contains("content/p.md:6:1"), "{err}");
    assert!(
        err.contains("the shortcode `notice` is never closed"),
        "{err}"
    );
    assert!(err.contains("content/p.md:9:1"), "{err}");
    // A site's template that reads `inner`, as Hugo's rule for `.Inner` says.
    assert!(err.contains("the shortcode `box` is never closed"), "{err}");
    // Self-closed on purpose, or one that shows nothing between tags: fine.
    assert_eq!(err.matches("never closed").count(), 3, "{err}");
}

#[test]
fn goldmark_extensions_the_config_turns_off_stay_off() {
    let body = "---\ntitle: P\n---\n\"Quoted\" -- a\nline\n\nTerm\n: Def\n\nnote[^1]\n\n[^1]: n\n\nhttps://example.org\n";
    let on = build_files(&[("content/p.md", body)], &[]);
    let p = on.html("p/index.html");
    assert!(p.text(".prose > p:first-child").starts_with('\u{201c}'));
    assert_eq!(p.select(".prose dl").len(), 1);
    assert_eq!(p.select(".prose .footnotes").len(), 1);
    assert_eq!(p.select(".prose a[href='https://example.org']").len(), 1);
    let off = build_files(
        &[
            (
                "hugo.toml",
                "[markup.goldmark.renderer]\nhardWraps = true\n[markup.goldmark.extensions]\ndefinitionList = false\nfootnote = false\nlinkify = false\n[markup.goldmark.extensions.typographer]\ndisable = true\n",
            ),
            ("content/p.md", body),
        ],
        &[],
    );
    assert!(off.succeeded(), "{}", off.stderr());
    let p = off.html("p/index.html");
    assert!(
        p.text(".prose > p:first-child")
            .starts_with("\"Quoted\" -- a")
    );
    assert_eq!(p.select(".prose > p:first-child br").len(), 1);
    // As Hugo 0.168 makes it: with footnotes off, `[^1]: n` defines a link.
    assert!(
        p.select(".prose dl, .prose .footnotes, .prose a[href^=https]")
            .is_empty()
    );
    assert_eq!(p.attr(".prose a", "href"), "n");
}

#[test]
fn alerts_and_callouts_are_titled_in_the_pages_language() {
    let b = build_files(
        &[
            (
                "hugo.toml",
                "defaultContentLanguage = \"zh\"\nlanguageCode = \"zh-CN\"\n",
            ),
            (
                "content/p.md",
                "---\ntitle: P\n---\n> [!TIP]\n> 内容\n\n{{< callout warning >}}小心{{< /callout >}}\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let p = b.html("p/index.html");
    assert_eq!(p.text(".callout-tip .callout-title"), "提示");
    assert_eq!(p.text(".callout-warning .callout-title"), "警告");
}

#[test]
fn html_content_files_have_their_shortcodes_expanded() {
    let b = build_files(
        &[
            ("hugo.toml", "[params]\nv = \"9\"\n"),
            (
                "content/h.html",
                "---\ntitle: H\n---\n<p>Version {{< param v >}}</p>\n{{< details summary=\"S\" >}}x{{< /details >}}\n",
            ),
        ],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let p = b.html("h/index.html");
    assert_eq!(p.text(".prose > p"), "Version 9");
    assert_eq!(p.text(".prose details summary"), "S");
}

#[test]
fn code_lines_are_numbered_and_marked_as_hugo_options_ask() {
    let b = build_files(
        &[(
            "content/c.md",
            "---\ntitle: C\n---\n```go {linenos=true,hl_lines=[2,\"3-3\"],linenostart=10}\npackage main\nfunc f() {\n}\nvar x = `a\nb`\n```\n\n{{< highlight python \"linenos=table,hl_lines=1\" >}}\nx = 1\ny = 2\n{{< /highlight >}}\n\n```text\nplain\n```\n",
        )],
        &[],
    );
    assert!(b.succeeded(), "{}", b.stderr());
    let p = b.html("c/index.html");
    assert_eq!(
        p.texts("pre code.language-go .ln"),
        vec!["10", "11", "12", "13", "14"]
    );
    assert_eq!(p.select("pre code.language-go .line.hl").len(), 2);
    // A string running over a line end is closed and opened again: every line is whole.
    assert_eq!(p.select("pre code.language-go > .line").len(), 5);
    assert_eq!(p.texts("pre code.language-python .ln"), vec!["1", "2"]);
    assert_eq!(p.text("pre code.language-python .line.hl"), "1x = 1");
    assert!(p.select("pre[data-lang=text] .line").is_empty());
}
