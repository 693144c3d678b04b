//! Languages' names in themselves, so `haven i18n add de` can name the locale "Deutsch".

/// (language subtag, name in that language). Plain language tags only: a tag with a region or
/// script (`pt-BR`, `sr-Latn`) needs `--name`, since the bare name would be ambiguous.
const AUTONYMS: &[(&str, &str)] = &[
    ("af", "Afrikaans"), ("am", "አማርኛ"), ("ar", "العربية"), ("az", "Azərbaycanca"), ("be", "Беларуская"),
    ("bg", "Български"), ("bn", "বাংলা"), ("bs", "Bosanski"), ("ca", "Català"), ("cs", "Čeština"),
    ("cy", "Cymraeg"), ("da", "Dansk"), ("de", "Deutsch"), ("el", "Ελληνικά"), ("en", "English"),
    ("es", "Español"), ("et", "Eesti"), ("eu", "Euskara"), ("fa", "فارسی"), ("fi", "Suomi"),
    ("fil", "Filipino"), ("fr", "Français"), ("ga", "Gaeilge"), ("gl", "Galego"), ("gu", "ગુજરાતી"),
    ("ha", "Hausa"), ("he", "עברית"), ("hi", "हिन्दी"), ("hr", "Hrvatski"), ("ht", "Kreyòl ayisyen"),
    ("hu", "Magyar"), ("hy", "Հայերեն"), ("id", "Bahasa Indonesia"), ("ig", "Igbo"), ("is", "Íslenska"),
    ("it", "Italiano"), ("ja", "日本語"), ("ka", "ქართული"), ("kk", "Қазақ тілі"), ("km", "ខ្មែរ"),
    ("ko", "한국어"), ("ku", "Kurdî"), ("ky", "Кыргызча"), ("lt", "Lietuvių"), ("lv", "Latviešu"),
    ("mk", "Македонски"), ("ml", "മലയാളം"), ("mn", "Монгол"), ("mr", "मराठी"), ("ms", "Bahasa Melayu"),
    ("my", "မြန်မာ"), ("ne", "नेपाली"), ("nl", "Nederlands"), ("no", "Norsk"), ("pa", "ਪੰਜਾਬੀ"),
    ("pl", "Polski"), ("prs", "دری"), ("ps", "پښتو"), ("pt", "Português"), ("ro", "Română"),
    ("ru", "Русский"), ("sk", "Slovenčina"), ("sl", "Slovenščina"), ("so", "Soomaali"), ("sq", "Shqip"),
    ("sr", "Српски"), ("sv", "Svenska"), ("sw", "Kiswahili"), ("ta", "தமிழ்"), ("te", "తెలుగు"),
    ("th", "ไทย"), ("ti", "ትግርኛ"), ("tl", "Tagalog"), ("tr", "Türkçe"), ("uk", "Українська"),
    ("ur", "اردو"), ("uz", "Oʻzbekcha"), ("vi", "Tiếng Việt"), ("yo", "Yorùbá"), ("zh", "中文"),
    ("zu", "isiZulu"),
];

/// The name of a plain language tag in its own language, if known.
pub fn autonym(code: &str) -> Option<&'static str> {
    AUTONYMS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}
