//! Haven's integration tests, as one test binary (`cargo test --test it`): one module per
//! feature, each building fixture sites from `tests/fixtures/<case>/` through `common::Site`.
//!
//! One binary instead of one per file: about 130 MB of test executable instead of about 2 GB in
//! a debug build, and a change to `src/` relinks one binary instead of eighteen. Its tests run in
//! parallel threads, so the browser suite (`browser.rs`) shares the CPU with the others.
//!
//! To add a feature's tests:
//! 1. write `tests/it/<feature>.rs`, opening with a `//!` line that says what it covers,
//!    and `use crate::common::{assert_contains, Site};` for the harness (not `mod common;`);
//! 2. add one line `mod <feature>;` below, in alphabetical order.
//!
//! A test file left at `tests/<name>.rs` still runs, but as a binary of its own: move it here.
//! Run one module with `cargo test --test it <feature>::`, one test with its full name.
//! Snapshots of pages (`snapshots.rs`) live in `tests/it/snapshots/`; after an intended change
//! review them with `cargo insta review` or rerun with `INSTA_UPDATE=always` and read the diff.

mod common;

mod bad_input;
mod brand;
mod browser;
mod build_core;
mod build_identical;
mod cli;
mod docs_drift;
mod external_links;
mod flagship;
mod flagship_facts;
mod fuzz;
mod i18n_add;
mod i18n_exchange;
mod i18n_fallback;
mod i18n_joiner;
mod i18n_mark_current;
mod i18n_plurals;
mod i18n_status;
mod images;
mod init;
mod links;
mod lint;
mod many_pages;
mod module_graph;
mod output_safety;
mod paths_safety;
mod prepared_parts;
mod publish;
mod robustness;
mod safety;
mod search_feeds;
mod search_index;
mod search_scripts;
mod serve_dev;
mod serve_safety;
mod shortcodes;
mod snapshots;
mod tags;
mod visitor_safety;
