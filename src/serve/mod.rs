//! `haven serve`: live preview with incremental rebuilds and live reload.

use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `haven serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The site's folder (with site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; the next free one is taken if it is busy.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (other than loopback only when you mean it).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(_args: ServeArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`haven serve` is not implemented yet")
}
