## Сторінка пошуку
search-link = Пошук
search-title = Пошук на сайті
search-label = Слова для пошуку
search-button = Шукати
search-needs-js = Для пошуку потрібен JavaScript, а його вимкнено у вашому браузері.
search-sitemap-link = Переглянути всі сторінки на карті сайту
search-none = Сторінок не знайдено. Спробуйте інші слова або менше слів.
search-results = { $count ->
    [one] Знайдено { $count } сторінку
    [few] Знайдено { $count } сторінки
    [many] Знайдено { $count } сторінок
   *[other] Знайдено { $count } сторінки
}
