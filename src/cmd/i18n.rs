//! `haven i18n`: the subcommands' arguments and their printing.

use super::out;
use haven::translation::status::{self, status};
use haven::translation::{add_locale, mark_current, report};
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
        /// Do not look in git for what changed in outdated pages' sources.
        #[arg(long)]
        no_history: bool,
    },
    /// Add a locale: site.toml entry and locales/<code>/ with every message to translate.
    Add {
        locale: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The language's name in itself, e.g. "Deutsch".
        #[arg(long)]
        name: Option<String>,
        /// Writing direction, only when the one derived from the code is wrong (ltr or rtl).
        #[arg(long)]
        dir: Option<String>,
    },
    /// Record that a translation matches the current version of its source.
    MarkCurrent {
        /// The translation file, e.g. content/treatment.es.md.
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs a `haven i18n` subcommand; `--strict` with work left gives exit code 1.
pub fn run(cmd: I18nCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        I18nCommand::Status { root, locale, format, strict, no_history } => {
            if format != "text" && format != "json" {
                anyhow::bail!("--format {format:?}: use text or json");
            }
            let report = status(&root, &status::Options { locale, history: !no_history })?;
            match format.as_str() {
                "json" => out(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
                _ => out(&report::text(&report))?,
            }
            Ok(if strict && report.has_work() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        I18nCommand::Add { locale, root, name, dir } => {
            out(&add_locale(&root, &locale, name.as_deref(), dir.as_deref())?)?;
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::MarkCurrent { files, root } => {
            out(&mark_current(&root, &files)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
