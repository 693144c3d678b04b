//! The `haven` binary: the command layer ([`cmd`]) parses the arguments, runs the command and prints.

mod cmd;

use std::process::ExitCode;

// Rendering allocates many short-lived strings on every thread; mimalloc does that far faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cmd::main()
}
