//! Finds shortcodes in Markdown (`{{ name(k="v") }}` and `{% name(k="v") %}body{% end %}`)
//! and swaps them for placeholders that survive Markdown rendering.

use std::collections::BTreeMap;

/// One shortcode call found in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, serde_json::Value>,
    /// The Markdown between `{% name() %}` and `{% end %}`, for body shortcodes.
    pub body: Option<String>,
    /// 1-based line (within the text given) where the call starts, and where its body starts.
    pub line: usize,
}

/// The text with each call replaced by `placeholder(i)`, line count unchanged, and the calls.
#[derive(Debug)]
pub struct Extracted {
    pub text: String,
    pub calls: Vec<Call>,
}

/// A problem in shortcode syntax, with its 1-based line.
#[derive(Debug)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

pub fn placeholder(i: usize) -> String {
    format!("<!--haven-shortcode-{i}-->")
}

/// Extracts calls outside fenced code blocks and inline code.
pub fn extract(text: &str) -> Result<Extracted, SyntaxError> {
    let mut out = String::with_capacity(text.len());
    let mut calls = Vec::new();
    let mut lines = text.split_inclusive('\n').enumerate().peekable();
    let mut fence: Option<String> = None;
    while let Some((idx, line)) = lines.next() {
        let line_no = idx + 1;
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            out.push_str(line);
            continue;
        }
        if let Some(open) = block_open(trimmed) {
            let (name, args) = parse_call(open).map_err(|m| SyntaxError { line: line_no, message: m })?;
            let mut body = String::new();
            let mut closed = false;
            let mut depth = 0;
            let mut span_lines = 1;
            for (_, inner) in lines.by_ref() {
                span_lines += 1;
                let t = inner.trim();
                if block_open(t).is_some() {
                    depth += 1;
                } else if is_block_end(t) {
                    if depth == 0 {
                        closed = true;
                        break;
                    }
                    depth -= 1;
                }
                body.push_str(inner);
            }
            if !closed {
                return Err(SyntaxError { line: line_no, message: format!("shortcode `{name}` is never closed with {{% end %}}") });
            }
            out.push_str(&placeholder(calls.len()));
            out.push_str(&"\n".repeat(span_lines));
            calls.push(Call { name, args, body: Some(body), line: line_no });
            continue;
        }
        if is_block_end(trimmed.trim()) {
            return Err(SyntaxError { line: line_no, message: "{% end %} without an opening shortcode".into() });
        }
        replace_inline(line, line_no, &mut out, &mut calls)?;
    }
    Ok(Extracted { text: out, calls })
}

fn block_open(t: &str) -> Option<&str> {
    let t = t.trim();
    let inner = t.strip_prefix("{%")?.strip_suffix("%}")?.trim();
    if inner == "end" {
        None
    } else {
        Some(inner)
    }
}

fn is_block_end(t: &str) -> bool {
    t.strip_prefix("{%").and_then(|s| s.strip_suffix("%}")).is_some_and(|s| s.trim() == "end")
}

fn replace_inline(line: &str, line_no: usize, out: &mut String, calls: &mut Vec<Call>) -> Result<(), SyntaxError> {
    let err = |message: String| SyntaxError { line: line_no, message };
    let mut rest = line;
    let mut in_code = false;
    while !rest.is_empty() {
        let next_tick = rest.find('`');
        let next_call = if in_code { None } else { rest.find("{{") };
        let next_block = if in_code { None } else { rest.find("{%") };
        match (next_tick, next_call) {
            (Some(t), c) if c.is_none_or(|c| t < c) && next_block.is_none_or(|b| t < b) => {
                out.push_str(&rest[..=t]);
                rest = &rest[t + 1..];
                in_code = !in_code;
            }
            _ if next_block.is_some_and(|b| next_call.is_none_or(|c| b < c)) => {
                let b = next_block.unwrap_or_default();
                if let Some(name) = call_name(&rest[b + 2..]) {
                    return Err(err(format!(
                        "block shortcode `{name}` must stand alone on its line as {{% {name}(...) %}}, closed by {{% end %}} on a later line"
                    )));
                }
                out.push_str(&rest[..b + 2]);
                rest = &rest[b + 2..];
            }
            (_, Some(c)) => {
                let Some(end) = rest[c..].find("}}") else {
                    if let Some(name) = call_name(&rest[c + 2..]) {
                        return Err(err(format!("shortcode `{name}` is never closed with `}}}}` (a call must end on the line it starts)")));
                    }
                    out.push_str(rest);
                    break;
                };
                let inner = rest[c + 2..c + end].trim();
                let (name, args) = parse_call(inner).map_err(err)?;
                out.push_str(&rest[..c]);
                out.push_str(&placeholder(calls.len()));
                calls.push(Call { name, args, body: None, line: line_no });
                rest = &rest[c + end + 2..];
            }
            _ => {
                out.push_str(rest);
                break;
            }
        }
    }
    Ok(())
}

/// The name when `s` starts (after spaces) like a shortcode call: `name(`.
fn call_name(s: &str) -> Option<&str> {
    let s = s.trim_start().trim_start_matches('-').trim_start();
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    (end > 0 && s[end..].trim_start().starts_with('(')).then(|| &s[..end])
}

/// Swaps each `placeholder(i)` in `html` for `outputs[i]`, in one pass over the text.
/// Placeholders without an output (written by hand in the Markdown) stay as they are.
pub fn substitute(html: &str, outputs: &[String]) -> String {
    const OPEN: &str = "<!--haven-shortcode-";
    let mut out = String::with_capacity(html.len() + outputs.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let output = after[digits..].starts_with("-->").then(|| after[..digits].parse::<usize>().ok()).flatten().and_then(|i| outputs.get(i));
        match output {
            Some(o) => {
                out.push_str(o);
                rest = &after[digits + 3..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses `name(key="value", n=3, flag=true)`.
fn parse_call(s: &str) -> Result<(String, BTreeMap<String, serde_json::Value>), String> {
    let open = s.find('(').ok_or_else(|| format!("shortcode `{s}` needs parentheses, e.g. `{s}()`"))?;
    let name = s[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("`{name}` is not a shortcode name (letters, digits and _ only)"));
    }
    let inner = s[open + 1..].trim_end().strip_suffix(')').ok_or_else(|| format!("shortcode `{name}`: missing `)`"))?;
    let mut args = BTreeMap::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let eq = rest.find('=').ok_or_else(|| format!("shortcode `{name}`: expected key=value in `{rest}`"))?;
        let key = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let (value, after) = parse_value(rest).map_err(|m| format!("shortcode `{name}`, argument `{key}`: {m}"))?;
        args.insert(key, value);
        rest = after.trim_start().strip_prefix(',').unwrap_or(after).trim_start();
    }
    Ok((name.to_string(), args))
}

fn parse_value(s: &str) -> Result<(serde_json::Value, &str), String> {
    if let Some(q) = s.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &s[1..];
        let end = body.find(q).ok_or("unclosed string")?;
        return Ok((serde_json::Value::String(body[..end].to_string()), &body[end + 1..]));
    }
    let end = s.find(',').unwrap_or(s.len());
    let raw = s[..end].trim();
    let v = match raw {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        n => n.parse::<i64>().map(Into::into).or_else(|_| n.parse::<f64>().map(Into::into)).map_err(|_| format!("`{n}` is not a string, number or boolean"))?,
    };
    Ok((v, &s[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_inline_and_block_keeping_lines() {
        let e = extract("a {{ helplines() }} b\n{% callout(kind=\"warning\") %}\n**x**\n{% end %}\nlast `{{ not() }}`\n").unwrap();
        assert_eq!(e.calls.len(), 2);
        assert_eq!(e.calls[1].args["kind"], "warning");
        assert_eq!(e.calls[1].body.as_deref(), Some("**x**\n"));
        assert_eq!(e.text.lines().count(), 5);
        assert!(e.text.lines().nth(4).unwrap().contains("{{ not() }}"));
    }

    #[test]
    fn unterminated_calls_are_errors_with_lines() {
        assert_eq!(extract("ok\n\nsee {{ helplines(\n").unwrap_err().line, 3);
        assert_eq!(extract("a\ntext {% callout() %} more\n").unwrap_err().line, 2);
        assert!(extract("{{ and }} are `{% x() %}` fine, so is {{ alone\n").is_err_and(|e| e.message.contains("parentheses")));
        assert!(extract("braces {{ alone\nand {% alone\n").is_ok());
    }

    #[test]
    fn substitutes_in_one_pass_and_keeps_strangers() {
        let html = format!("a{}b{}c<!--haven-shortcode-9-->{}", placeholder(1), placeholder(0), "<!--haven-shortcode-x");
        assert_eq!(
            substitute(&html, &["ZERO".into(), "ONE<!--haven-shortcode-0-->".into()]),
            "aONE<!--haven-shortcode-0-->bZEROc<!--haven-shortcode-9--><!--haven-shortcode-x"
        );
    }

    /// Extraction and substitution are linear: 20,000 calls in a megabyte (generous bound, debug).
    #[test]
    fn twenty_thousand_calls_in_a_megabyte_are_quick() {
        let text = "Some words before the call {{ mark(text=\"hi\", n=2) }} and after, more words.\n\n".repeat(15_000);
        let start = std::time::Instant::now();
        let e = extract(&text).unwrap();
        let outputs: Vec<String> = (0..e.calls.len()).map(|i| format!("<b>{i}</b>")).collect();
        let html = substitute(&e.text, &outputs);
        assert!(text.len() > 1_000_000 && e.calls.len() == 15_000, "{}", text.len());
        assert!(html.contains("<b>14999</b>") && !html.contains("haven-shortcode"));
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }

    #[test]
    fn unclosed_block_names_line() {
        let e = extract("x\n{% note() %}\nbody\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
