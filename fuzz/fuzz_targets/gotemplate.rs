//! Any text as a Go template (and a partial it may call), parsed and run as html/template with
//! Hugo's functions over some data: output or an error placed inside the text, never a panic.
#![no_main]

use inkstone_gotemplate::{Map, NoFunctions, Templates, Value};
use libfuzzer_sys::fuzz_target;

fn data() -> Value {
    let mut map = Map::new();
    map.insert("title".into(), Value::str("A <b> & \"c\""));
    map.insert("n".into(), Value::Int(3));
    map.insert("f".into(), Value::Float(1.5));
    map.insert("list".into(), Value::list(vec![Value::Int(2), Value::str("x"), Value::Nil]));
    let mut inner = Map::new();
    inner.insert("k".into(), Value::str("javascript:alert(1)"));
    map.insert("m".into(), Value::map(inner));
    Value::map(map)
}

fuzz_target!(|input: &str| {
    let (main, partial) = input.split_once('\u{0}').unwrap_or((input, "{{ . }}"));
    let mut templates = Templates::html();
    if let Err(e) = templates.add("partials/p.html", partial, &NoFunctions) {
        assert!(e.at <= partial.len());
    }
    match templates.add("main", main, &NoFunctions) {
        Ok(()) => {
            if let Err(e) = templates.execute("main", &data(), &NoFunctions) {
                assert!(e.place.is_some() || e.at <= main.len().max(partial.len()));
            }
        }
        Err(e) => assert!(e.at <= main.len()),
    }
});
