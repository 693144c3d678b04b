//! A bounded fuzz run inside `cargo test`: structure-aware random inputs (front-matter keys,
//! Markdown with shortcode syntax, Fluent syntax, HTML tags, attributes and comments), mutated
//! with random characters, fed to the parsers; none may panic or hang.
//!
//! `HAVEN_FUZZ_SECS` is the time for all four targets together (default 20); `HAVEN_FUZZ_SEED`
//! replays a run (the seed is printed; see `--nocapture`). A panicking input is saved under the
//! test temp folder and its path is in the failure message.

use haven::markdown::{self, LinkResolver};
use haven::{frontmatter, htmltok, i18n, lint::LintContext, scan, shortcodes};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// The time and seed of one target's run.
fn budget() -> (Duration, u64) {
    let secs: f64 = std::env::var("HAVEN_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(20.0);
    let seed = std::env::var("HAVEN_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| fastrand::u64(..));
    (Duration::from_secs_f64(secs.max(0.0) / 4.0), seed)
}

/// Runs `check` on generated inputs until the time is up; returns how many it ran.
fn fuzz(target: &str, generate: impl Fn(&mut Gen) -> String, check: impl Fn(&str)) -> usize {
    let (time, seed) = budget();
    let mut g = Gen { rng: fastrand::Rng::with_seed(seed), strict: false };
    let start = Instant::now();
    let mut n = 0;
    while n == 0 || start.elapsed() < time {
        g.strict = g.chance(50);
        let input = generate(&mut g);
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
            let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{target}-{seed}-{n}.txt"));
            std::fs::write(&path, &input).unwrap();
            panic!("{target}: input {n} of seed {seed} panicked; saved in {}", path.display());
        }
        n += 1;
    }
    println!("fuzz {target}: {n} inputs in {:?} (HAVEN_FUZZ_SEED={seed})", start.elapsed());
    n
}

/// A seeded generator of text pieces.
struct Gen {
    rng: fastrand::Rng,
    /// Well-formed pieces only (set per input): most inputs then get past the first parser.
    strict: bool,
}

const JUNK: &[&str] = &[
    "",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\"",
    "'",
    "`",
    "\\",
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "(",
    ")",
    "=",
    ",",
    "<",
    ">",
    "&",
    "#",
    "*",
    "[",
    "]",
    "-",
    "+++",
    "---",
    "é",
    "ї",
    "ع",
    "\u{200f}",
    "\u{feff}",
    "😀",
    "\0",
    "\u{7f}",
    "\u{10ffff}",
];

impl Gen {
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.rng.usize(..xs.len())]
    }

    fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(..100) < percent
    }

    fn word(&mut self) -> String {
        match self.rng.u8(..6) {
            0 => self.pick(JUNK).to_string(),
            1 => (0..self.rng.usize(1..8)).map(|_| self.rng.char(..)).collect(),
            _ => self.pick(&["help", "safe", "Лікування", "ayuda", "مساعدة", "x", "here", "click here", "a_b", "1", "-3", "2.5", "true"]).to_string(),
        }
    }

    fn words(&mut self, max: usize) -> String {
        (0..self.rng.usize(0..=max)).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }

    /// Random edits, character-wise so the text stays UTF-8.
    fn mutate(&mut self, s: String) -> String {
        let mut chars: Vec<char> = s.chars().collect();
        for _ in 0..self.rng.usize(0..4) {
            let at = self.rng.usize(0..=chars.len());
            match self.rng.u8(..4) {
                0 => chars.truncate(at),
                1 => {
                    let end = (at + self.rng.usize(0..20)).min(chars.len());
                    chars.drain(at..end);
                }
                2 => chars.splice(at..at, self.word().chars()).for_each(drop),
                _ => {
                    let end = (at + self.rng.usize(0..40)).min(chars.len());
                    let copy: Vec<char> = chars[at..end].to_vec();
                    chars.splice(at..at, copy).for_each(drop);
                }
            }
        }
        chars.into_iter().collect()
    }

    fn toml_value(&mut self) -> String {
        match self.rng.u8(..12) {
            0 => format!("\"{}\"", self.words(3)),
            1 => format!("'{}'", self.words(2)),
            2 => format!("\"\"\"{}\n{}\"\"\"", self.words(2), self.words(2)),
            3 => self.pick(&["0", "-1", "9223372036854775807", "9223372036854775808", "1e400", "nan", "-inf", "0x10", "1_000"]).to_string(),
            4 => self
                .pick(&[
                    "2026-11-24",
                    "2026-13-45",
                    "2024-02-30",
                    "2026-11-24T10:00:00Z",
                    "1979-05-27T07:32:00-08:00",
                    "07:32:00",
                    "\"2026-11-24\"",
                    "\"yesterday\"",
                    "0000-01-01",
                ])
                .to_string(),
            5 => self.pick(&["true", "false", "yes"]).to_string(),
            6 => format!("[{}]", (0..self.rng.usize(0..4)).map(|_| self.toml_value()).collect::<Vec<_>>().join(", ")),
            7 => format!("{{ {} = {} }}", self.pick(&["a", "share_image", "menu_title"]), self.toml_value()),
            _ => format!("\"{}\"", self.word()),
        }
    }

    /// Keys of the right type, so the TOML parses and the body is reached.
    fn strict_front_matter(&mut self) -> String {
        let mut s = format!("+++\ntitle = \"{}\"\n", self.words(3).replace(['"', '\\', '\n', '\r'], ""));
        if self.chance(50) {
            s.push_str(&format!("weight = {}\n", self.rng.i32(..)));
        }
        if self.chance(50) {
            s.push_str(&format!("date = {}\n", self.pick(&["2026-11-24", "2024-02-29", "\"2026-01-05\""])));
        }
        if self.chance(30) {
            s.push_str("draft = false\n");
        }
        s + "+++\n"
    }

    fn front_matter(&mut self) -> String {
        if self.strict {
            return self.strict_front_matter();
        }
        let delim = self.pick(&["+++", "+++", "+++", "---", "++", "+++ "]);
        let mut s = format!("{delim}\n");
        for _ in 0..self.rng.usize(0..8) {
            let key = self.pick(&[
                "title",
                "description",
                "date",
                "weight",
                "draft",
                "slug",
                "template",
                "tags",
                "aliases",
                "updated",
                "unknown_key",
                "\"quoted key\"",
                "title.sub",
            ]);
            s.push_str(&format!("{key} = {}\n", self.toml_value()));
        }
        if self.chance(40) {
            s.push_str(&format!("[{}]\n", self.pick(&["extra", "extra.deep", "taxonomies", "extra"])));
            for _ in 0..self.rng.usize(0..3) {
                s.push_str(&format!("{} = {}\n", self.pick(&["menu_title", "share_image", "x"]), self.toml_value()));
            }
        }
        if self.chance(90) {
            s.push_str(self.pick(&["+++\n", "+++\n", "---\n", "+++", "+++ \n"]));
        }
        s
    }

    fn shortcode(&mut self) -> String {
        let name = self.pick(&["helplines", "callout", "content_note", "snippet", "nope", "a-b", "", "x y"]);
        let args: Vec<String> =
            (0..self.rng.usize(0..3)).map(|_| format!("{}={}", self.pick(&["kind", "name", "n", "summary", ""]), self.toml_value())).collect();
        let kind = if self.strict { self.pick(&["0", "1", "5", "6", "7"]).parse().unwrap_or(0) } else { self.rng.u8(..8) };
        let (name, args) = if self.strict { (self.pick(&["helplines", "callout", "note"]), vec!["kind=\"info\"".to_string()]) } else { (name, args) };
        match kind {
            0 => format!("{{{{ {name}({}) }}}}", args.join(", ")),
            1 if self.strict => format!("{{% {name}({}) %}}\n{}\n{{% end %}}", args.join(", "), self.markdown_line()),
            1 => format!("{{% {name}({}) %}}", args.join(", ")),
            2 => "{% end %}".to_string(),
            3 => format!("{{{{ {name}(") + &args.join(","),
            4 => format!("{{% {name}({})", args.join(", ")),
            5 => format!("{{% {name}() %}}\n{}\n{{% end %}}", self.words(4)),
            6 => format!("<!--haven-shortcode-{}-->", self.rng.usize(0..5)),
            _ => format!("`{{{{ {name}() }}}}`"),
        }
    }

    fn markdown_line(&mut self) -> String {
        match self.rng.u8(..16) {
            0 => format!("{} {}{}", "#".repeat(self.rng.usize(1..8)), self.words(3), if self.chance(30) { " {#id .cls}" } else { "" }),
            1 => format!(
                "[{}]({})",
                self.words(2),
                self.pick(&["@/ok.md", "@/gone.md", "page.md#x", "../a.md", "https://x.example/", "mailto:a@b", "", "@/", "#"])
            ),
            2 => format!("![{}]({})", self.words(1), self.pick(&["a.png", "", "@/x.md"])),
            3 => "| a | b |\n|---|:-:|\n| c |".to_string(),
            4 => self.pick(&["```", "~~~", "```rust", "    code"]).to_string(),
            5 => format!("`{}`", self.words(2)),
            6 => format!("[^{}]: {}", self.word(), self.words(2)),
            7 => self.pick(&["<div>", "</div>", "<img src=x>", "<script>alert(1)</script>", "<!-- c", "-->", "<details><summary>s</summary>"]).to_string(),
            8..=10 => self.shortcode(),
            11 => format!("- [{}] {}", self.pick(&["x", " "]), self.words(2)),
            12 => format!("> {}", self.words(3)),
            _ => self.words(6),
        }
    }

    fn markdown(&mut self) -> String {
        let lines: Vec<String> = (0..self.rng.usize(0..20)).map(|_| self.markdown_line()).collect();
        let text = lines.join(if self.strict { "\n\n" } else { self.pick(&["\n", "\n\n", " ", "\n"]) });
        if !self.strict && self.chance(30) {
            self.mutate(text)
        } else {
            text
        }
    }

    fn content_file(&mut self) -> String {
        let text = format!("{}{}", self.front_matter(), self.markdown());
        if !self.strict && self.chance(30) {
            self.mutate(text)
        } else {
            text
        }
    }

    fn fluent_pattern(&mut self) -> String {
        match self.rng.u8(..10) {
            0 => format!("{{ ${} }}", self.pick(&["n", "name", "missing", ""])),
            1 => format!("{{ -{} }}", self.pick(&["brand", "nope"])),
            2 => format!("{{ ${} ->\n    [one] {}\n   *[other] {}\n}}", self.pick(&["n", "x"]), self.words(2), self.words(2)),
            3 => format!("{{ {} }}", self.pick(&["k0", "k1", "k2", "k0.attr", "nope"])),
            4 => format!("{{ NUMBER(${}, minimumFractionDigits: {}) }}", self.pick(&["n", "name"]), self.pick(&["2", "x", "-1", "99999"])),
            5 => format!("{{ \"{}\" }}", self.words(1)),
            6 => "{ { { \"deep\" } } }".to_string(),
            7 => format!("{{ {} ", self.words(1)),
            _ => self.words(4),
        }
    }

    fn fluent(&mut self) -> String {
        let mut s = String::new();
        for i in 0..self.rng.usize(0..8) {
            match self.rng.u8(..8) {
                0 => s.push_str(&format!("{} {}\n", self.pick(&["#", "##", "###"]), self.words(3))),
                1 => s.push_str(&format!("-brand = {}\n", self.fluent_pattern())),
                2 => s.push_str(&format!("k{} =\n    .attr = {}\n", i % 3, self.fluent_pattern())),
                3 => s.push_str(&format!("k{} = {}\n    {}\n", i % 3, self.fluent_pattern(), self.fluent_pattern())),
                _ => s.push_str(&format!("k{} = {}{}\n", i % 3, self.words(2), self.fluent_pattern())),
            }
        }
        if self.chance(30) {
            self.mutate(s)
        } else {
            s
        }
    }

    fn html_tag(&mut self) -> String {
        let name =
            self.pick(&["a", "A", "img", "script", "SCRIPT", "style", "title", "textarea", "iframe", "div", "link", "meta", "svg", "p", "xmp", "noembed", ""]);
        let attrs: Vec<String> = (0..self.rng.usize(0..4))
            .map(|_| {
                let an = self.pick(&["href", "src", "srcset", "HREF", "style", "rel", "lang", "dir", "alt", "content", "http-equiv", "on", "=", "\"", "/"]);
                match self.rng.u8(..5) {
                    0 => an.to_string(),
                    1 => format!("{an}={}", self.pick(&["x", "https://t.example/a", "//cdn.example", "data:x", "a b"])),
                    2 => format!("{an}='{}'", self.words(2)),
                    3 => format!("{an}=\"{}", self.words(2)),
                    _ => format!("{an}=\"{}\"", self.pick(&["https://t.example/", "background:url(//x.example/a.png)", "refresh", "/", "javascript:x"])),
                }
            })
            .collect();
        format!("<{name} {}{}", attrs.join(self.pick(&[" ", "", "\n", "/"])), self.pick(&[">", "/>", "", " >"]))
    }

    fn html(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.usize(0..20) {
            let piece = match self.rng.u8(..10) {
                0..=3 => self.html_tag(),
                4 => format!("</{}{}", self.pick(&["script", "style", "title", "a", "SCRIPT", ""]), self.pick(&[">", " >", "", "x>"])),
                5 => self.pick(&["<!--", "-->", "<!-- x -->", "<!---->", "<!", "<?xml ?>", "<!DOCTYPE html>", "<", "&amp;", "&#x;"]).to_string(),
                6 => format!(
                    "@import url({}); a {{ background: url(\"{}\") }}",
                    self.pick(&["//x.example/a.css", "'b.css'", "(", ""]),
                    self.pick(&["x.png", "https://t.example/x", "\\\"", ""])
                ),
                _ => self.words(3),
            };
            s.push_str(&piece);
        }
        if self.chance(30) {
            self.mutate(s)
        } else {
            s
        }
    }
}

struct Links;
impl LinkResolver for Links {
    fn resolve(&self, target: &str) -> Result<String, String> {
        if target.starts_with("@/ok.md") {
            Ok("/ok/".into())
        } else {
            Err(format!("no page {target}"))
        }
    }
}

/// Markdown as `render.rs` handles it: shortcodes out, Markdown, block bodies, placeholders back.
fn render_body(text: &str) {
    let vague = haven::lint::VagueWords::default();
    let lint = LintContext { file: Path::new("content/x.md"), locale: "en", vague: &vague };
    match shortcodes::extract(text) {
        Ok(e) => {
            let r = markdown::render(&e.text, 5, &Links, &lint);
            let outputs: Vec<String> =
                e.calls.iter().map(|c| c.body.as_deref().map(|b| markdown::render(b, c.line + 5, &Links, &lint).html).unwrap_or_default()).collect();
            shortcodes::substitute(&r.html, &outputs);
        }
        Err(e) => assert!(e.line >= 1 && e.line <= text.split_inclusive('\n').count().max(1), "line {} of {text:?}", e.line),
    }
    markdown::render(text, 1, &Links, &lint);
}

#[test]
fn front_matter_and_markdown_with_shortcodes_never_panic() {
    let parsed = std::sync::atomic::AtomicUsize::new(0);
    let n = fuzz("content", Gen::content_file, |text| {
        if let Ok(p) = frontmatter::parse(text) {
            parsed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            render_body(&p.body);
        }
    });
    // The generator must reach the Markdown stage often, or the run tests little.
    let parsed = parsed.into_inner();
    assert!(parsed * 20 > n, "only {parsed} of {n} front matters parsed");
}

#[test]
fn markdown_with_shortcodes_never_panics() {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let n = fuzz("markdown", Gen::markdown, |text| {
        calls.fetch_add(shortcodes::extract(text).map_or(0, |e| e.calls.len()), std::sync::atomic::Ordering::Relaxed);
        render_body(text);
    });
    assert!(calls.into_inner() > n / 10, "the generator makes shortcode calls");
}

#[test]
fn fluent_files_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let config = haven::config::Config::parse(tmp.path(), "title = \"F\"\nbase_url = \"https://f.example\"\ndefault_locale = \"en\"\n[[locales]]\ncode = \"en\"\nname = \"English\"\n[[locales]]\ncode = \"ar\"\nname = \"Arabic\"\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("locales/en")).unwrap();
    let ftl = tmp.path().join("locales/en/main.ftl");
    let n = fuzz("fluent", Gen::fluent, |text| {
        std::fs::write(&ftl, text).unwrap();
        let (strings, diags) = i18n::load(&config);
        for d in &diags {
            assert!(d.line.is_some_and(|l| l >= 1), "{d}");
        }
        let args: HashMap<String, serde_json::Value> = [("n".to_string(), 1.into()), ("name".to_string(), "Ana".into())].into();
        for key in ["k0", "k1", "k2", "-brand", "nope"] {
            strings.get("en", key, Some(&i18n::fluent_args(&args)));
            strings.get("ar", key, None);
        }
        strings.findings();
    });
    assert!(n > 0);
}

#[test]
fn the_html_tokenizer_and_page_scan_never_panic() {
    let n = fuzz("html", Gen::html, |html| {
        htmltok::tokenize(html, |t| assert!(t.get("href").is_none_or(|h| html.contains(h))), |css| drop(scan::css_urls(css)));
        scan::scan(html, "https://t.example");
    });
    assert!(n > 0);
}

/// The harness itself can fail: a check that panics on some inputs is caught and reported.
#[test]
#[should_panic(expected = "panicked; saved in")]
fn the_harness_reports_a_panicking_input() {
    fuzz("selftest", |g| g.words(4), |s| assert!(!s.contains('é'), "found é"));
}
