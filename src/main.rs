//! The `inkstone` binary: everything is in the library, behind [`inkstone::cli`].

fn main() -> std::process::ExitCode {
    inkstone::cli::main()
}
