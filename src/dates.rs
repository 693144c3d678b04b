//! Dates written the way each shipped language writes them.

/// Formats `YYYY-MM-DD` for a locale (`24 November 2026`, `24 листопада 2026`); other shapes pass through.
pub fn format_date(date: &str, locale: &str) -> String {
    match chrono::NaiveDate::parse_from_str(date.get(..10).unwrap_or(date), "%Y-%m-%d") {
        Ok(d) => format_day(d, locale),
        Err(_) => date.to_string(),
    }
}

/// A day as a locale writes it.
pub fn format_day(d: chrono::NaiveDate, locale: &str) -> String {
    use chrono::Datelike;
    let (day, month, year) = (d.day(), d.month0() as usize, d.year());
    match locale.split('-').next().unwrap_or(locale) {
        "en" => format!("{day} {} {year}", EN[month]),
        "es" => format!("{day} de {} de {year}", ES[month]),
        "fr" => format!("{}{} {} {year}", day, if day == 1 { "er" } else { "" }, FR[month]),
        "uk" => format!("{day} {} {year} р.", UK[month]),
        "ar" => format!("{day} {} {year}", AR[month]),
        "de" => format!("{day}. {} {year}", DE[month]),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const ES: [&str; 12] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
const FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
const UK: [&str; 12] = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня"];
const AR: [&str; 12] = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];
const DE: [&str; 12] = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_per_locale() {
        assert_eq!(format_date("2026-11-24", "en"), "24 November 2026");
        assert_eq!(format_date("2026-11-24", "uk"), "24 листопада 2026 р.");
        assert_eq!(format_date("2026-11-01", "fr"), "1er novembre 2026");
        assert_eq!(format_date("2026-11-24", "xx"), "2026-11-24");
    }
}
