//! File-system helpers that put the path into every error.

use anyhow::{Context, Result};
use std::fs;
use std::path::Path;

/// Reads a UTF-8 text file; invalid UTF-8 is an error naming the file and line.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    match string_from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
            anyhow::bail!("{}:{line}: invalid UTF-8 (byte offset {valid}); save the file as UTF-8", path.display())
        }
    }
}

/// `String::from_utf8`, checked with SIMD (simdutf8): std checks text outside ASCII (Arabic,
/// Cyrillic, CJK) a byte at a time, which was 15% of a build's CPU on the benchmark corpus.
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that `bytes` is valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes) // std's error says where
    }
}

/// Writes a file, creating its folder when it is missing (tried after the write, so a folder
/// that exists costs no extra system calls).
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let contents = contents.as_ref();
    match fs::write(path, contents) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).with_context(|| format!("cannot create folder {}", parent.display()))?;
            }
            fs::write(path, contents)
        }
        other => other,
    }
    .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes a file whose folder is usually new (a page's own `x/index.html`): the folder is made
/// first, so the usual case costs no failed open, and a folder that exists is no error.
pub fn write_in_own_folder(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let made = match path.parent() {
        Some(parent) => fs::create_dir(parent),
        None => Ok(()),
    };
    match made {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => write(path, contents),
        _ => fs::write(path, contents).with_context(|| format!("cannot write {}", path.display())),
    }
}
