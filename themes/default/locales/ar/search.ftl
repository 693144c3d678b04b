## صفحة البحث
search-link = بحث
search-title = ابحث في هذا الموقع
search-label = الكلمات التي تبحث عنها
search-button = بحث
search-needs-js = يحتاج البحث إلى JavaScript، وهو متوقف في متصفحك.
search-sitemap-link = اطّلع على كل الصفحات في خريطة الموقع
search-none = لم نجد أي صفحة. جرّب كلمات أخرى أو كلمات أقل.
search-results = { $count ->
    [zero] لم نجد أي صفحة
    [one] وجدنا صفحة واحدة
    [two] وجدنا صفحتين
    [few] وجدنا { $count } صفحات
    [many] وجدنا { $count } صفحة
   *[other] وجدنا { $count } صفحة
}
