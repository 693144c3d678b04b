//! `haven i18n`: translation status, adding a locale, marking translations current.

mod add;
mod autonyms;
mod exit_language;
pub mod changes;
pub mod exchange;
pub mod fallback;
mod helpline_units;
mod joiner;
pub mod hash;
pub mod history;
pub mod interface;
mod mark;
pub mod messages;
mod po;
mod report;
pub mod segment;
pub mod stale;
pub mod status;
pub mod units;
mod xliff;

use std::path::PathBuf;
use std::process::ExitCode;

pub use add::{add_locale, mark_for_translation};
pub use autonyms::autonym;
pub use mark::mark_current;

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

/// A path relative to the site, written with `/` on every platform (for reports and JSON).
fn slash_path(p: &std::path::Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Runs a `haven i18n` subcommand; `--strict` with work left gives exit code 1.
pub fn run(cmd: I18nCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        I18nCommand::Status { root, locale, format, strict, no_history } => {
            if format != "text" && format != "json" {
                anyhow::bail!("--format {format:?}: use text or json");
            }
            let report = status::status(&root, &status::Options { locale, history: !no_history })?;
            match format.as_str() {
                "json" => println!("{}", serde_json::to_string_pretty(&report)?),
                _ => print!("{}", report::text(&report)),
            }
            Ok(if strict && report.has_work() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        I18nCommand::Add { locale, root, name, dir } => {
            print!("{}", add_locale(&root, &locale, name.as_deref(), dir.as_deref())?);
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::Export { locale, root, format, single, out } => {
            let out = out.unwrap_or_else(|| root.join("translations"));
            let (c, files) = exchange::export(&root, &locale, format, single, &out)?;
            println!("wrote {} files into {}: {} entries ({} translated, {} need review, {} untranslated)", files.len(), out.display(), c.entries, c.translated, c.needs_review, c.untranslated);
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::Import { file, root, restructure } => {
            print!("{}", exchange::import(&root, &file, restructure)?.text());
            Ok(ExitCode::SUCCESS)
        }
        I18nCommand::MarkCurrent { files, root } => {
            print!("{}", mark_current(&root, &files)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
