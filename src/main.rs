//! The `refrain` binary: a thin wrapper over [`refrain::cli`].

fn main() {
    std::process::exit(refrain::cli::main());
}
