use crate::{Error, NoFunctions, Templates, Value};

fn run(src: &str, data: &Value) -> String {
    let mut t = Templates::html();
    t.add("t", src, &NoFunctions)
        .unwrap_or_else(|e| panic!("{e}"));
    t.execute("t", data, &NoFunctions)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn error(src: &str) -> Error {
    let mut t = Templates::html();
    match t.add("t.html", src, &NoFunctions) {
        Err(e) => e,
        Ok(()) => t
            .execute("t.html", &Value::Nil, &NoFunctions)
            .expect_err("should fail"),
    }
}

#[test]
fn text_and_numbers() {
    assert_eq!(
        run(
            "a {{ 1 }} b {{ 0x1F }} {{ 1_000 }} {{ 'a' }} {{ -2.5 }}",
            &Value::Nil
        ),
        "a 1 b 31 1000 97 -2.5"
    );
}

#[test]
fn parse_errors_say_where() {
    let e = error("line one\n  {{ if }}");
    let place = e.place.expect("placed");
    assert_eq!((&*place.file, place.line), ("t.html", 2));
    assert!(e.message.contains("missing value for if"), "{}", e.message);

    let e = error("{{ range . }}{{ end }}{{ break }}");
    assert!(e.message.contains("outside {{range}}"), "{}", e.message);

    let e = error("{{ \"unterminated }}");
    assert!(e.message.contains("unterminated"), "{}", e.message);

    let e = error("{{ .A.B c }}");
    assert_eq!(e.place.map(|p| p.column), Some(9));
}

#[test]
fn run_errors_say_where_and_name_the_function() {
    let e = error("ok\n{{ index (slice 1 2) 5 }}");
    assert_eq!(e.place.map(|p| p.line), Some(2));
    assert!(e.message.contains("error calling index"), "{}", e.message);
}

#[test]
fn a_template_calling_itself_forever_is_an_error_not_a_stack_overflow() {
    let e = error(r#"{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}"#);
    assert!(e.message.contains("more than"), "{}", e.message);
}

#[test]
fn a_loop_without_end_is_stopped() {
    let e = error("{{ range 1000000000000 }}{{ end }}");
    assert!(e.message.contains("runs too long"), "{}", e.message);
}

#[test]
fn nesting_too_deep_is_an_error() {
    let deep = "{{ if 1 }}".repeat(500);
    assert!(error(&deep).message.contains("nested too deeply"));
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(500), ")".repeat(500));
    assert!(error(&parens).message.contains("nested too deeply"));
}

#[test]
fn unquoted_attribute_values_and_attribute_names() {
    let data = Value::map([("v".into(), Value::str("a b\"c"))].into_iter().collect());
    assert_eq!(run("<p title={{ .v }}>", &data), "<p title=a&#32;b&#34;c>");
    assert_eq!(run("<p {{ .v }}>", &data), "<p ZgotmplZ>");
}

#[test]
fn text_templates_print_as_text_template_does() {
    let mut t = Templates::text();
    t.add("t", "{{ .missing }} <{{ \"<b>\" }}>", &NoFunctions)
        .expect("parses");
    let data = Value::map(Default::default());
    assert_eq!(
        t.execute("t", &data, &NoFunctions).expect("runs"),
        "<no value> <<b>>"
    );
}

#[test]
fn methods_of_objects_take_arguments() {
    let t = crate::time::Time::value(
        jiff::civil::date(2024, 2, 29)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .expect("date"),
    );
    let data = Value::map([("t".into(), t)].into_iter().collect());
    assert_eq!(
        run(
            r#"{{ .t.Format "Jan 2 2006" }} {{ (.t.AddDate 1 0 0).Format "2006-01-02" }}"#,
            &data
        ),
        "Feb 29 2024 2025-03-01"
    );
}

#[test]
fn variables_assigned_in_a_range_last_after_it() {
    assert_eq!(
        run(
            "{{ $n := 0 }}{{ range seq 4 }}{{ $n = add $n . }}{{ end }}{{ $n }}",
            &Value::Nil
        ),
        "10"
    );
}
