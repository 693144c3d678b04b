//! `haven check --external`: visits outgoing links (timeout, retries, a cache).

use std::path::Path;
use std::process::ExitCode;

pub fn check(_root: &Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`haven check --external` is not implemented yet")
}
