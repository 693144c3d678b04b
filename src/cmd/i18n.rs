//! `haven i18n`: the subcommands' arguments and their printing.

use super::out;
use haven::translation::status::{self, status};
use haven::translation::{add_locale, exchange, mark_current, report};
use std::path::PathBuf;
use std::process::ExitCode;

/// The form of `haven i18n status`'s report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

/// A writing direction on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// The `haven i18n` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub(crate) enum I18nCommand {
    /// Per locale: pages translated, missing and outdated; interface strings missing, extra and broken.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this locale.
        #[arg(long)]
        locale: Option<String>,
        /// The report's form.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
        /// Writing direction, only when the one derived from the code is wrong.
        #[arg(long, value_enum)]
        dir: Option<Dir>,
    },
    /// Write a locale's translatable units as PO or XLIFF files for translation tools.
    Export {
        locale: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "po")]
        format: exchange::Format,
        /// One file for the whole site instead of one per page.
        #[arg(long)]
        single: bool,
        /// Where to write [default: <root>/translations].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the translations of a PO or XLIFF file into the locale's pages.
    Import {
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also rewrite translations whose layout (sections, lists, tables) differs from their
        /// source's: they take the source's layout.
        #[arg(long)]
        restructure: bool,
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
pub(super) fn run(cmd: I18nCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        I18nCommand::Status { root, locale, format, strict, no_history } => {
            let report = status(&root, &status::Options { locale, history: !no_history })?;
            match format {
                Format::Json => out(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
                Format::Text => out(&report::text(&report))?,
            }
            Ok(if strict && report.has_work() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        I18nCommand::Add { locale, root, name, dir } => {
            out(&add_locale(&root, &locale, name.as_deref(), dir.map(Dir::as_str))?)?;
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::Export { locale, root, format, single, out: dir } => {
            let dir = dir.unwrap_or_else(|| root.join("translations"));
            let (c, files) = exchange::export(&root, &locale, format, single, &dir)?;
            out(&format!(
                "wrote {} files into {}: {} entries ({} translated, {} need review, {} untranslated)\n",
                files.len(),
                dir.display(),
                c.entries,
                c.translated,
                c.needs_review,
                c.untranslated
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::Import { file, root, restructure } => {
            out(&exchange::import(&root, &file, restructure)?.text())?;
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::MarkCurrent { files, root } => {
            out(&mark_current(&root, &files)?)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
