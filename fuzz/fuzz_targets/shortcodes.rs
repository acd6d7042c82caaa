//! Any text through the shortcode parser: a result or an error inside the text, never a panic;
//! every range it gives lies inside the text, on character boundaries, and nodes come in order.
#![no_main]

use inkstone_shortcodes::{Node, parse};
use libfuzzer_sys::fuzz_target;

fn check(source: &str, nodes: &[Node], within: std::ops::Range<usize>) {
    let mut last = within.start;
    for node in nodes {
        let span = match node {
            Node::Text(r) => r.clone(),
            Node::Escaped { span, .. } => span.clone(),
            Node::Shortcode(s) => {
                if let Some(inner) = &s.inner {
                    assert!(source.get(inner.span.clone()).is_some());
                    check(source, &inner.nodes, inner.span.clone());
                }
                s.span.clone()
            }
        };
        assert!(source.get(span.clone()).is_some(), "{span:?}");
        assert!(
            span.start >= last && span.end <= within.end,
            "{span:?} in {within:?}"
        );
        last = span.end;
    }
}

fuzz_target!(|source: &str| {
    match parse(source) {
        Ok(nodes) => check(source, &nodes, 0..source.len()),
        Err(e) => assert!(e.at <= source.len()),
    }
});
