//! Rebuilds Haven when anything in `themes/default/` changes, added files included: the default
//! theme is built into the binary (src/theme.rs), and `include_dir!` alone tracks only the files
//! that were there at the last build.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
