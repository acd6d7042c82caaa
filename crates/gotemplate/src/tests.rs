use crate::{NoFunctions, Templates, Value};

fn run(src: &str, data: &Value) -> String {
    let mut t = Templates::html();
    t.add("t", src, &NoFunctions)
        .unwrap_or_else(|e| panic!("{e}"));
    t.execute("t", data, &NoFunctions)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn basics() {
    assert_eq!(run("a {{ 1 }} b", &Value::Nil), "a 1 b");
}
