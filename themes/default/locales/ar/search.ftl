## صفحة البحث
search-link = بحث
search-title = البحث في هذا الموقع
search-label = كلمات البحث
search-button = بحث
search-needs-js = يحتاج البحث إلى JavaScript، وهو متوقف في متصفحك.
search-sitemap-link = كل الصفحات في خريطة الموقع
search-none = لم نجد أي صفحة. يمكن تجربة كلمات أخرى أو كلمات أقل.
search-results = { $count ->
    [zero] لم نجد أي صفحة
    [one] وجدنا صفحة واحدة
    [two] وجدنا صفحتين
    [few] وجدنا { $count } صفحات
    [many] وجدنا { $count } صفحة
   *[other] وجدنا { $count } صفحة
}
