//! `haven i18n`: translation status, adding a locale, marking translations current.

use std::path::PathBuf;
use std::process::ExitCode;

/// The `haven i18n` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum I18nCommand {
    /// Per locale: pages translated, missing and outdated; interface strings missing, extra and broken.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this locale.
        #[arg(long)]
        locale: Option<String>,
        /// text or json.
        #[arg(long, default_value = "text")]
        format: String,
        /// Exit non-zero when anything is missing or outdated.
        #[arg(long)]
        strict: bool,
    },
    /// Add a locale: site.toml entry and locales/<code>/ with every message to translate.
    Add {
        locale: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The language's name in itself, e.g. "Deutsch".
        #[arg(long)]
        name: Option<String>,
    },
    /// Record that a translation matches the current version of its source.
    MarkCurrent {
        /// The translation file, e.g. content/treatment.es.md.
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

pub fn run(_cmd: I18nCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`haven i18n` is not implemented yet")
}
