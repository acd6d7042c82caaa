//! Prints every function name the engine knows, one per line (for `compat/census`).

fn main() {
    for name in inkstone_gotemplate::funcs::Hugo::names() {
        println!("{name}");
    }
}
