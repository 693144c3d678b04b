//! Alt text in raw HTML: every way of placing an image in markup must say what it shows (or
//! mark itself decorative with `alt=""`).

use crate::htmltok;

/// A message for each image in `html` that has no text alternative.
pub fn missing(html: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    htmltok::tokenize(
        html,
        |t| {
            let has = |n: &str| t.get(n).is_some();
            let labelled = has("aria-label") || has("aria-labelledby") || t.get("aria-hidden") == Some("true");
            let is_image_input = t.name == "input" && t.get("type").is_some_and(|v| v.eq_ignore_ascii_case("image"));
            let problem = match t.name.as_str() {
                "img" if !has("alt") && !labelled => Some("an <img> without an alt attribute"),
                "input" if is_image_input && !has("alt") && !labelled => Some("an <input type=\"image\"> without an alt attribute"),
                "area" if has("href") && !has("alt") && !labelled => Some("an image-map <area> without an alt attribute"),
                _ if t.get("role").is_some_and(|r| r.eq_ignore_ascii_case("img")) && !labelled => Some("an element with role=\"img\" but no aria-label"),
                _ => None,
            };
            out.extend(problem);
        },
        |_| {},
    );
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_way_of_placing_an_image_needs_a_text() {
        let html = r#"<img src="a.png"><img src="b.png" alt=""><input type="image" src="go.png"><map><area href="/x"></map><svg role="img"></svg><span role="img" aria-label="star">*</span><picture><source srcset="c.webp"><img src="c.png" alt="A map"></picture>"#;
        assert_eq!(super::missing(html).len(), 4);
    }
}
