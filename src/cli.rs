//! The `haven` command line: arguments (clap) and the report printed after a build.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "haven", version, about = "Build safe, multilingual awareness-campaign websites", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default), replacing it only on success.
    Build {
        /// The site's folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Treat content-lint warnings (accessibility) as errors.
        #[arg(long)]
        strict: bool,
        /// Replace the output folder even though Haven did not make it (it has no .haven-output
        /// marker): everything in it is deleted.
        #[arg(long)]
        force: bool,
        /// Build for this address instead of `base_url` in site.toml (e.g. a preview host).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Build into a temporary folder and report every problem, with lint warnings as errors.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// Also visit outgoing links (with a timeout, retries and a cache).
        #[arg(long)]
        external: bool,
        /// Check the site as built for this address instead of `base_url` in site.toml.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Create a starter site in DIR (new or empty): pages, helplines, site.toml, README.
    Init {
        /// The folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// A language of the site (repeatable; the first is the default), e.g. `--locale pt-BR`.
        #[arg(long = "locale", value_name = "CODE")]
        locales: Vec<String>,
        /// The site's name (its title).
        #[arg(long)]
        name: Option<String>,
    },
    /// Build, serve on 127.0.0.1 and rebuild on every change, reloading the browser.
    Serve(haven::serve::ServeArgs),
    /// Translation workflow: status, new locales, marking translations current.
    #[command(subcommand)]
    I18n(haven::translation::I18nCommand),
}
