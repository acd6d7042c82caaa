use super::*;

fn shortcodes(nodes: &[Node]) -> Vec<&Shortcode> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::Shortcode(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn text<'a>(source: &'a str, nodes: &[Node]) -> Vec<&'a str> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::Text(r) => source.get(r.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_lone_shortcode_with_positional_arguments_of_every_kind() {
    let source =
        r#"Before {{< youtube w7Ft2ymGmfc "a \"quoted\" title" `raw "text"` 42 2.5 true >}} after"#;
    let nodes = parse(source).unwrap();
    assert_eq!(text(source, &nodes), ["Before ", " after"]);
    let sc = shortcodes(&nodes)[0];
    assert_eq!(sc.name, "youtube");
    assert!(!sc.markdown && sc.inner.is_none());
    assert_eq!(
        sc.args,
        Args::Positional(vec![
            Value::Text("w7Ft2ymGmfc".into()),
            Value::Text("a \"quoted\" title".into()),
            Value::Text("raw \"text\"".into()),
            Value::Int(42),
            Value::Float(2.5),
            Value::Bool(true),
        ])
    );
    assert_eq!(source.get(sc.span.clone()).unwrap().len(), sc.span.len());
    assert!(source[sc.span.clone()].starts_with("{{<") && source[sc.span.clone()].ends_with(">}}"));
}

#[test]
fn named_arguments_and_a_closing_tag_inside_a_quote() {
    let source = r#"{{< figure src="a.png" title=">}} is fine" width=300 >}}"#;
    let nodes = parse(source).unwrap();
    let sc = shortcodes(&nodes)[0];
    assert_eq!(sc.args.get_named("src"), Some(&Value::Text("a.png".into())));
    assert_eq!(
        sc.args.get_named("title"),
        Some(&Value::Text(">}} is fine".into()))
    );
    assert_eq!(sc.args.get_named("width"), Some(&Value::Int(300)));
    assert_eq!(sc.span, 0..source.len());
}

#[test]
fn paired_shortcodes_nest_and_keep_their_inner_text() {
    let source = "{{% tabs %}}\n{{% tab \"One\" %}}**first**{{% /tab %}}\n{{< tab Two >}}second{{< /tab >}}\n{{% /tabs %}}";
    let nodes = parse(source).unwrap();
    let tabs = shortcodes(&nodes)[0];
    assert!(tabs.markdown);
    let inner = tabs.inner.as_ref().unwrap();
    let children = shortcodes(&inner.nodes);
    assert_eq!(children.len(), 2);
    let first = children[0].inner.as_ref().unwrap();
    assert_eq!(&source[first.span.clone()], "**first**");
    assert_eq!(
        children[1].args.get_index(0),
        Some(&Value::Text("Two".into()))
    );
    assert!(!children[1].markdown);
    assert_eq!(tabs.span, 0..source.len());
}

#[test]
fn self_closed_and_unclosed_shortcodes_are_lone() {
    let source = "{{< a />}} x {{< b >}} y {{< c >}}z{{< /c >}}";
    let nodes = parse(source).unwrap();
    let all = shortcodes(&nodes);
    let names: Vec<_> = all
        .iter()
        .map(|s| (s.name.as_str(), s.inner.is_some(), s.self_closed))
        .collect();
    // `b` has no closing tag: it is lone, and what follows it is text and shortcodes of the page.
    assert_eq!(
        names,
        [("a", false, true), ("b", false, false), ("c", true, false)]
    );
    assert_eq!(text(source, &nodes), [" x ", " y "]);
}

#[test]
fn escaped_shortcodes_print_as_written_unescaped() {
    let source = "Write {{</* figure src=\"x\" */>}} or {{%/* note */%}}.";
    let nodes = parse(source).unwrap();
    let escaped: Vec<_> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Escaped { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(escaped, ["{{< figure src=\"x\" >}}", "{{% note %}}"]);
}

#[test]
fn template_braces_that_are_no_shortcode_stay_text() {
    let source = "A Go template: {{ .Title }} and {{- end }}.";
    let nodes = parse(source).unwrap();
    assert_eq!(nodes, [Node::Text(0..source.len())]);
}

#[test]
fn bad_input_says_where() {
    let cases = [
        ("text {{< never closed", "never closed"),
        ("{{< /nothing >}}", "never opened"),
        ("{{< x a=1 b >}}", "all named or all positional"),
        ("{{< x \"open >}}", "never closed"),
        ("{{< x! >}}", "not a shortcode name"),
    ];
    for (source, says) in cases {
        let e = parse(source).unwrap_err();
        assert!(e.message.contains(says), "{source}: {}", e.message);
        assert!(e.at < source.len(), "{source}");
    }
    let e = parse("line one\n  {{< x a=1 b >}}").unwrap_err();
    assert_eq!(line_column("line one\n  {{< x a=1 b >}}", e.at), (2, 13));
}

#[test]
fn nesting_too_deep_is_an_error_not_a_stack_overflow() {
    let source = "{{< d >}}".repeat(MAX_DEPTH + 1) + &"{{< /d >}}".repeat(MAX_DEPTH + 1);
    let e = parse(&source).unwrap_err();
    assert!(e.message.contains("nested"), "{}", e.message);
    // Lone ones never nest, however many.
    assert!(parse(&"{{< d >}}".repeat(10_000)).is_ok());
}

#[test]
fn multibyte_text_around_shortcodes_keeps_its_ranges() {
    let source = "中文 {{< 提示 \"注意\" >}}内容{{< /提示 >}} 完";
    let nodes = parse(source).unwrap();
    let sc = shortcodes(&nodes)[0];
    assert_eq!(sc.name, "提示");
    assert_eq!(&source[sc.inner.as_ref().unwrap().span.clone()], "内容");
    assert_eq!(text(source, &nodes), ["中文 ", " 完"]);
}

#[test]
fn an_escape_runs_to_the_first_closing_mark_whatever_lies_between() {
    // Hugo prints this (from a theme's documentation) as the two tags with the text between.
    let source = "a {{</* katex display=true >}}\nf(x)\n{{< /katex */>}} b";
    let nodes = parse(source).expect("parses");
    let escaped: Vec<_> = nodes
        .iter()
        .filter_map(|n| match n {
            Node::Escaped { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        escaped,
        ["{{< katex display=true >}}\nf(x)\n{{< /katex >}}"]
    );
    assert!(matches!(nodes.last(), Some(Node::Text(r)) if &source[r.clone()] == " b"));
}
