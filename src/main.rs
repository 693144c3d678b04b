//! The `haven` binary: parses arguments, runs a command, prints diagnostics, sets the exit code.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use haven::{build, BuildOptions, BuildReport};
use std::process::ExitCode;

// Rendering allocates many short-lived strings on every thread; mimalloc does that far faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build { root, output, drafts, strict, force } => {
            let mut opts = BuildOptions::new(&root);
            opts.output = output.unwrap_or_else(|| root.join("public"));
            opts.drafts = drafts;
            opts.strict = strict;
            opts.force = force;
            let report = build(&opts)?;
            print_report(&report, &opts);
            Ok(exit_code(&report))
        }
        Command::Init { dir, locales, name } => {
            let written = haven::init::init(&haven::init::InitOptions { dir: dir.clone(), locales, name })?;
            let cd = if dir == std::path::Path::new(".") { String::new() } else { format!("  cd {}\n", dir.display()) };
            println!("Created a Haven site in {} ({} files). Next:\n{cd}  haven serve", dir.display(), written.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => haven::serve::run(args),
        Command::I18n(cmd) => haven::translation::run(cmd),
        Command::Check { root, drafts, external } => {
            let tmp = tempfile::tempdir()?;
            let mut opts = BuildOptions::new(&root);
            opts.output = tmp.path().join("public");
            opts.drafts = drafts;
            opts.strict = true;
            let report = build(&opts)?;
            print_report(&report, &opts);
            if external && report.errors() == 0 {
                return haven::external::check(&root);
            }
            Ok(exit_code(&report))
        }
    }
}

fn exit_code(report: &BuildReport) -> ExitCode {
    if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn print_report(report: &BuildReport, opts: &BuildOptions) {
    for d in &report.diagnostics {
        eprintln!("{d}");
    }
    let total: std::time::Duration = report.timings.iter().map(|(_, d)| *d).sum();
    if report.written {
        eprintln!(
            "built {} pages and {} files into {} in {} ms ({} warnings)",
            report.pages,
            report.files,
            opts.output.display(),
            total.as_millis(),
            report.warnings()
        );
        let images = report.images;
        if images.cleaned > 0 {
            eprintln!("{} images cleaned of metadata ({} had a location)", images.cleaned, images.located);
        }
    } else {
        eprintln!("build failed: {} errors, {} warnings; {} was left as it was", report.errors(), report.warnings(), opts.output.display());
    }
}
