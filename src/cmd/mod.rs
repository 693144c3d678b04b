//! The `haven` command line: arguments (clap), running a command through the library, and all
//! the printing. The library returns values; only this layer writes to stdout and stderr.

mod build;
mod i18n;
mod serve;

use clap::{Parser, Subcommand};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "haven", version, about = "Build safe, multilingual awareness-campaign websites", long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    Serve(serve::ServeArgs),
    /// Translation workflow: status, new locales, marking translations current.
    #[command(subcommand)]
    I18n(i18n::I18nCommand),
}

/// Parses the command line, runs the command and gives its exit code. A closed stdout (`haven
/// i18n status | head -1`) ends the command quietly with success, as ripgrep does.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build { root, output, drafts, strict, force, base_url } => build::build(root, output, drafts, strict, force, base_url),
        Command::Check { root, drafts, external, base_url } => build::check(root, drafts, external, base_url),
        Command::Init { dir, locales, name } => {
            let written = haven::init::init(&haven::init::InitOptions { dir: dir.clone(), locales, name })?;
            let cd = if dir == std::path::Path::new(".") { String::new() } else { format!("  cd {}\n", dir.display()) };
            out(&format!("Created a Haven site in {} ({} files). Next:\n{cd}  haven serve\n", dir.display(), written.len()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => serve::serve(args),
        Command::I18n(cmd) => i18n::run(cmd),
    }
}

/// Writes `text` to stdout; fails (instead of panicking like `print!`) when stdout is closed.
pub(crate) fn out(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Writes a line to stderr; a closed stderr is not worth failing for.
pub(crate) fn note(text: &str) {
    let _ = writeln!(io::stderr(), "{text}");
}

/// Whether an error comes from writing into a pipe whose reader has gone.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}
